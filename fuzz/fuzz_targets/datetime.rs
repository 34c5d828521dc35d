//! The date-time parser on arbitrary text: it must never panic, and whatever
//! it accepts must be a real instant that round-trips through its own printing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mashang::ingest::cell::Cell;
use chrono::Datelike;
use mashang::normalise::datetime::{parse_cell, parse_text, When, YEARS};

fuzz_target!(|text: &str| {
    let parsed = parse_text(text);
    // A text cell goes through the same parser (after the blank check).
    let cell = parse_cell(&Cell::Text(text.to_owned()));
    if let Some(when) = parsed {
        let year = match when {
            When::At(t) => t.year(),
            When::Date(d) => d.year(),
        };
        if YEARS.contains(&year) {
            assert_eq!(cell, Ok(when), "parse_cell disagrees with parse_text on {text:?}");
        } else {
            assert!(cell.is_err(), "{text:?}: a year outside {YEARS:?} accepted");
        }
        // What was accepted prints back in the canonical form and parses to itself.
        let printed = match when {
            When::At(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            When::Date(d) => d.format("%Y-%m-%d").to_string(),
        };
        assert_eq!(parse_text(&printed), Some(when), "{text:?} printed as {printed:?}");
    }
    // Numbers (Excel serials, yyyymmdd) from the same bytes.
    if let Ok(n) = text.trim().parse::<f64>() {
        let _ = parse_cell(&Cell::Number(n));
    }
});
