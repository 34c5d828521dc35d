//! Tests of the working-day calendar (issue 3): hand-worked cases reasoned from
//! the State Council notices, properties checked against a day-by-day oracle,
//! calendar files in a rules folder, the missing-year failure and
//! `--assume-weekends`, and the text that `mashang calendar YEAR` prints.

mod describe;
mod files;
mod hand_worked;
mod missing_year;
mod properties;

use chrono::{NaiveDate, NaiveDateTime};
use mashang::calendar::Calendar;
use std::sync::OnceLock;

/// A date; panics on an impossible one (test input).
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// An instant from `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`.
pub fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .expect("valid test instant")
}

/// The built-in calendar, strict (no `--assume-weekends`), built once.
pub fn builtin() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::load(None, false).expect("built-in calendar loads"))
}

/// A calendar from `(name, JSON)` pairs only (no built-in files).
pub fn from_files(files: &[(&str, &str)], assume_weekends: bool) -> Calendar {
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    Calendar::from_sources(&sources, assume_weekends).expect("test calendar builds")
}

/// The built-in file text for `year`.
pub fn builtin_text(year: i32) -> &'static str {
    let name = format!("{year}.json");
    mashang::calendar::BUILTIN_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("built-in year")
}
