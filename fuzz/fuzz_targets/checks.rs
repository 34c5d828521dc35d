//! The checks the fuzz targets make, shared with the regression tests that
//! replay their saved inputs (`tests/integration/hostile/fuzzed.rs`).
//! Each target uses one of them.

#![allow(dead_code)]

use chrono::Datelike;
use mashang::ingest::cell::Cell;
use mashang::ingest::header::{find_header_row, is_footer, normalise_header, recognise, Columns};
use mashang::normalise::datetime::{parse_cell, parse_text, When, YEARS};
use std::path::Path;

/// The date-time parser on arbitrary text: it must never panic, and whatever
/// it accepts must be a real instant that round-trips through its own printing.
pub fn datetime(text: &str) {
    let parsed = parse_text(text);
    // A text cell goes through the same parser (after the blank check).
    let cell = parse_cell(&Cell::Text(text.into()));
    if let Some(when) = parsed {
        let year = match when {
            When::At(t) => t.year(),
            When::Date(d) => d.year(),
        };
        if YEARS.contains(&year) {
            assert_eq!(
                cell,
                Ok(when),
                "parse_cell disagrees with parse_text on {text:?}"
            );
        } else {
            assert!(cell.is_err(), "{text:?}: a year outside {YEARS:?} accepted");
        }
        // What was accepted prints back in the canonical form and parses to itself.
        let printed = match when {
            When::At(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            When::Date(d) => d.format("%Y-%m-%d").to_string(),
        };
        assert_eq!(
            parse_text(&printed),
            Some(when),
            "{text:?} printed as {printed:?}"
        );
    }
    // Numbers (Excel serials, yyyymmdd) from the same bytes.
    if let Ok(n) = text.trim().parse::<f64>() {
        let _ = parse_cell(&Cell::Number(n));
    }
}

/// The header matcher on arbitrary text: normalising never panics, is
/// idempotent, and recognition depends only on the normalised text; a row of
/// such cells is searched and classified without panicking.
pub fn header(text: &str) {
    let once = normalise_header(text);
    let field = recognise(text);
    assert_eq!(recognise(&once), field, "{text:?} normalised to {once:?}");
    if let Some(f) = field {
        assert!(
            f.names().contains(&once.as_str()),
            "{text:?} → {once:?} → {f:?}"
        );
    }
    // The text split into cells (on '|' and line breaks) as a header row.
    let row: Vec<Cell> = text.split(['|', '\n']).map(Cell::from_field).collect();
    let rows = vec![row.clone(), row.clone()];
    if let Some(i) = find_header_row(&rows) {
        let mut columns = Columns::from_header(&rows[i]);
        let _ = columns.classify();
    }
    let _ = is_footer(&row);
}

/// Whole-file ingest: the input becomes a file in `dir` ([`super::input::file_of`]),
/// which is read and normalised; every sheet's reconciliation must balance.
pub fn workbook(data: &[u8], dir: &Path) {
    let Some((ext, bytes)) = super::input::file_of(data) else {
        return;
    };
    assert!(
        ext != "xlsx" || mashang::ingest::workbook::direct_reader_agrees(&bytes),
        "the direct xlsx reader and calamine disagree"
    );
    let name = format!("input.{ext}");
    let path = dir.join(&name);
    std::fs::write(&path, bytes).expect("write the input");
    let file = mashang::ingest::read_file(&path, &name);
    let unreadable = file.sheets.is_err();
    let ds = mashang::normalise::normalise(vec![file]);
    for f in &ds.files {
        for s in &f.sheets {
            assert!(s.tally.balanced(), "{}: {:?}", s.name, s.tally);
        }
        assert_eq!(f.error.is_some(), unreadable);
    }
}
