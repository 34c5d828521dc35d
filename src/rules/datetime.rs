//! The date-time value rules scripts work with (`DateTime` in scripts): a
//! naive local instant at second resolution, with the arithmetic and text
//! forms the script API exposes. Pure Rust; registration lives in `api.rs`.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// A naive local date-time (China time), as scripts see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub NaiveDateTime);

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M:%S"))
    }
}

impl DateTime {
    /// The instant `seconds` later (earlier when negative); `None` on overflow.
    pub fn add_seconds(self, seconds: i64) -> Option<Self> {
        self.0
            .checked_add_signed(Duration::seconds(seconds))
            .map(DateTime)
    }

    /// The instant `hours` later; fractional hours are rounded to the second.
    pub fn add_hours_f(self, hours: f64) -> Option<Self> {
        let seconds = (hours * 3600.0).round();
        if !seconds.is_finite() || seconds.abs() > 1e12 {
            return None;
        }
        self.add_seconds(seconds as i64)
    }

    /// Hours from `other` to `self` (negative when `self` is earlier).
    pub fn hours_since(self, other: Self) -> f64 {
        (self.0 - other.0).num_seconds() as f64 / 3600.0
    }

    /// The same day at 00:00:00.
    pub fn start_of_day(self) -> Self {
        DateTime(self.0.date().and_time(NaiveTime::MIN))
    }

    /// The date part.
    pub fn date(self) -> NaiveDate {
        self.0.date()
    }

    /// A date at 00:00:00.
    pub fn from_date(date: NaiveDate) -> Self {
        DateTime(date.and_time(NaiveTime::MIN))
    }

    /// 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> i64 {
        i64::from(self.0.weekday().number_from_monday())
    }

    /// Year, month, day, hour, minute, second as script integers.
    pub fn parts(self) -> [i64; 6] {
        let (d, t) = (self.0.date(), self.0.time());
        [
            i64::from(d.year()),
            i64::from(d.month()),
            i64::from(d.day()),
            i64::from(t.hour()),
            i64::from(t.minute()),
            i64::from(t.second()),
        ]
    }

    /// Builds one from parts, `None` when they are not a valid date-time.
    pub fn from_parts(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<Self> {
        let date = NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(mo).ok()?,
            u32::try_from(d).ok()?,
        )?;
        let time = NaiveTime::from_hms_opt(
            u32::try_from(h).ok()?,
            u32::try_from(mi).ok()?,
            u32::try_from(s).ok()?,
        )?;
        Some(DateTime(date.and_time(time)))
    }

    /// Parses `2017-01-12 09:30`, `2017-01-12 09:30:05`, `2017-01-12T09:30`,
    /// `2017/1/12 9:30`, `2017.1.12` (a date alone is 00:00:00).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date_part, time_part) = match text.find([' ', 'T']) {
            Some(i) => (&text[..i], text[i + 1..].trim()),
            None => (text, ""),
        };
        let mut date = date_part
            .split(['-', '/', '.'])
            .map(|p| p.parse::<i64>().ok());
        let (y, mo, d) = (date.next()??, date.next()??, date.next()??);
        if date.next().is_some() || date_part.split(['-', '/', '.']).next()?.len() != 4 {
            return None;
        }
        let (mut h, mut mi, mut s) = (0, 0, 0);
        if !time_part.is_empty() {
            let mut time = time_part.split(':').map(|p| p.parse::<i64>().ok());
            h = time.next()??;
            mi = time.next()??;
            s = match time.next() {
                Some(v) => v?,
                None => 0,
            };
            if time.next().is_some() {
                return None;
            }
        }
        Self::from_parts(y, mo, d, h, mi, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateTime {
        DateTime::parse(s).unwrap()
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(dt("2017-01-12 09:30").to_string(), "2017-01-12 09:30:00");
        assert_eq!(dt("2017-01-12 09:30:05").to_string(), "2017-01-12 09:30:05");
        assert_eq!(dt("2017-01-12T09:30").to_string(), "2017-01-12 09:30:00");
        assert_eq!(dt("2017/1/12 9:30").to_string(), "2017-01-12 09:30:00");
        assert_eq!(dt(" 2017.1.12 ").to_string(), "2017-01-12 00:00:00");
        for bad in [
            "",
            "2017-13-01",
            "17-01-12",
            "2017-01-12 25:00",
            "2017-01-12 9",
            "明天",
            "2017-01-12 9:30:00:1",
        ] {
            assert!(DateTime::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn arithmetic_round_trips() {
        let a = dt("2017-01-26 23:00");
        let b = a.add_hours_f(2.0).unwrap();
        assert_eq!(b.to_string(), "2017-01-27 01:00:00");
        assert_eq!(b.hours_since(a), 2.0);
        assert_eq!(
            a.add_hours_f(-0.5).unwrap().to_string(),
            "2017-01-26 22:30:00"
        );
        assert!(a.add_hours_f(f64::NAN).is_none());
        assert_eq!(a.weekday(), 4);
        assert_eq!(a.start_of_day().to_string(), "2017-01-26 00:00:00");
        assert_eq!(a.parts(), [2017, 1, 26, 23, 0, 0]);
    }
}
