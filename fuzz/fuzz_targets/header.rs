//! The header matcher on arbitrary text: normalising never panics, is
//! idempotent, and recognition depends only on the normalised text; a row of
//! such cells is searched and classified without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mashang::ingest::cell::Cell;
use mashang::ingest::header::{find_header_row, is_footer, normalise_header, recognise, Columns};

fuzz_target!(|text: &str| {
    let once = normalise_header(text);
    let field = recognise(text);
    assert_eq!(recognise(&once), field, "{text:?} normalised to {once:?}");
    if let Some(f) = field {
        assert!(f.names().contains(&once.as_str()), "{text:?} → {once:?} → {f:?}");
    }
    // The text split into cells (on '|' and line breaks) as a header row.
    let row: Vec<Cell> = text
        .split(['|', '\n'])
        .map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_owned()) })
        .collect();
    let rows = vec![row.clone(), row.clone()];
    if let Some(i) = find_header_row(&rows) {
        let mut columns = Columns::from_header(&rows[i]);
        let _ = columns.classify();
    }
    let _ = is_footer(&row);
});
