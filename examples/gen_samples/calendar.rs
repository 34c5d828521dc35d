//! The 2017–2018 holiday calendar and the SPEC §4 default deadline rule.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::cases::Case;
use super::data::MEDIA;

/// Statutory days off (inclusive ranges) announced by the State Council.
#[rustfmt::skip]
pub const OFF_RANGES: &[(&str, &str)] = &[
    ("2016-12-31", "2017-01-02"),
    ("2017-01-27", "2017-02-02"),
    ("2017-04-02", "2017-04-04"),
    ("2017-04-29", "2017-05-01"),
    ("2017-05-28", "2017-05-30"),
    ("2017-10-01", "2017-10-08"),
    ("2017-12-30", "2018-01-01"),
    ("2018-02-15", "2018-02-21"),
    ("2018-04-05", "2018-04-07"),
    ("2018-04-29", "2018-05-01"),
    ("2018-06-16", "2018-06-18"),
    ("2018-09-22", "2018-09-24"),
    ("2018-10-01", "2018-10-07"),
    ("2018-12-30", "2018-12-31"),
];
/// Make-up working days (调休上班) falling on weekends.
#[rustfmt::skip]
pub const MAKEUP_DAYS: &[&str] = &[
    "2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30", "2018-02-11", "2018-02-24",
    "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30", "2018-12-29",
];

/// Working-day calendar. Beyond 2018 it falls back to Monday–Friday (only the
/// realism of generated reply times depends on it).
pub struct Calendar {
    pub off: BTreeSet<NaiveDate>,
    pub makeup: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new() -> Calendar {
        let mut off = BTreeSet::new();
        for (a, b) in OFF_RANGES {
            let (mut d, end) = (date(a), date(b));
            while d <= end {
                off.insert(d);
                d = d.succ_opt().unwrap();
            }
        }
        let makeup = MAKEUP_DAYS.iter().map(|s| date(s)).collect();
        Calendar { off, makeup }
    }

    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if self.makeup.contains(&d) {
            return true;
        }
        !self.off.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// A statutory holiday (not an ordinary weekend).
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.off.contains(&d)
    }

    /// The n-th working day strictly after `d` (n ≥ 1).
    pub fn nth_workday_after(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if self.is_workday(d) {
                left -= 1;
            }
        }
        d
    }
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date literal")
}

pub fn dt(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

pub fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(23, 59, 59).unwrap()
}

/// SPEC §4 default deadline (应反馈时间) of a case's assignments.
pub fn deadline(cal: &Calendar, case: &Case) -> NaiveDateTime {
    let t = case.at;
    if let Some(due) = case.explicit_due {
        if due >= t {
            return due;
        }
    }
    match case.urgency {
        "特急" => t + Duration::hours(2),
        "紧急" => end_of_day(t.date()),
        "" if case.source == MEDIA => end_of_day(t.date()),
        _ => end_of_day(cal.nth_workday_after(t.date(), 1)),
    }
}

pub fn iso_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}
