//! Date-times from cells: Excel date-time cells (already instants), Excel
//! serial numbers in unformatted cells, and every text form of SPEC §2 —
//! `2017-01-12 09:30`, `2017/1/12 9:30`, `2017.1.12 9:30`, `2017-01-12T09:30`,
//! `2017年1月12日 9:30`, `2017年1月12日9时30分`, `20170112 0930` — seconds
//! optional in every form, full-width digits accepted, or a date alone.

use crate::ingest::cell::Cell;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A parsed value: an instant, or a date without a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    At(NaiveDateTime),
    Date(NaiveDate),
}

impl When {
    /// Resolves a date alone to the start of the day (交办时间).
    pub fn or_start_of_day(self) -> NaiveDateTime {
        match self {
            When::At(t) => t,
            When::Date(d) => d.and_time(NaiveTime::MIN),
        }
    }

    /// Resolves a date alone to the end of the day (反馈时间, 办理时限).
    pub fn or_end_of_day(self) -> NaiveDateTime {
        match self {
            When::At(t) => t,
            When::Date(d) => crate::calendar::end_of_day(d),
        }
    }
}

/// Why a cell is not a date-time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Blank,
    Invalid(String),
}

/// The years a usable date-time falls in: the working calendar's 1950–2150
/// less one year at each end, which deadlines and the previous period reach
/// into. A date outside (a year typed wrong, a date cell holding 0) would
/// fail the whole run in the rules; it is an anomaly of its row instead.
pub const YEARS: std::ops::RangeInclusive<i32> = 1951..=2149;

/// Parses a cell. Plain numbers are Excel serials (1900 system) between 1 and
/// 2958465 (year 9999), or `yyyymmdd` integers. Years outside [`YEARS`] are invalid.
pub fn parse_cell(cell: &Cell) -> Result<When, DateError> {
    use chrono::Datelike;
    let when = parse_any(cell)?;
    let year = match when {
        When::At(t) => t.year(),
        When::Date(d) => d.year(),
    };
    if YEARS.contains(&year) {
        Ok(when)
    } else {
        Err(DateError::Invalid(cell.text().into_owned()))
    }
}

/// Parses a date-time kept in two cells: a date in one and a time of day in
/// the other (交办日期 | 交办时刻), either way round; otherwise `cell` alone.
pub fn parse_cells(cell: &Cell, other: Option<&Cell>) -> Result<When, DateError> {
    // A day: a date alone, or a date-time cell at 00:00 (a date column
    // formatted with a time).
    let date_of = |w: &Result<When, DateError>| match w {
        Ok(When::Date(d)) => Some(*d),
        Ok(When::At(t)) if t.time() == NaiveTime::MIN => Some(t.date()),
        _ => None,
    };
    let parsed = parse_cell(cell);
    let Some(other) = other.filter(|o| !o.is_blank()) else {
        return parsed;
    };
    if let Some(d) = date_of(&parsed) {
        if let Some(t) = time_of_day(other) {
            return Ok(When::At(d.and_time(t)));
        }
        return match parse_cell(other) {
            // The other column holds the whole instant on that day.
            Ok(When::At(t)) if t.date() == d => Ok(When::At(t)),
            // Another date: two date columns, this one wins.
            Ok(_) => parsed,
            // A time beside the date that cannot be read is not midnight.
            Err(_) if matches!(parsed, Ok(When::Date(_))) => Err(DateError::Invalid(format!(
                "{} {}",
                cell.text(),
                other.text()
            ))),
            Err(_) => parsed,
        };
    }
    if let (Some(t), Some(d)) = (time_of_day(cell), date_of(&parse_cell(other))) {
        return Ok(When::At(d.and_time(t)));
    }
    parsed
}

/// A time of day alone: an Excel time cell (a serial below 1) or text such
/// as `15:30`, `15:30:05` or `15时30分`.
fn time_of_day(cell: &Cell) -> Option<NaiveTime> {
    match cell {
        Cell::Number(n) if (0.0..1.0).contains(n) => {
            let seconds = (n * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
        }
        // An ODS time cell, as calamine gives it: `PT09H30M00S`.
        Cell::Text(t) if t.starts_with("PT") => {
            let (h, rest) = t[2..].split_once('H')?;
            let (m, rest) = rest.split_once('M')?;
            let s = rest.strip_suffix('S').unwrap_or("0");
            let s: f64 = if s.is_empty() { 0.0 } else { s.parse().ok()? };
            NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, s.round() as u32)
        }
        Cell::Text(t) => {
            let mut s = Scanner::of(t);
            let time = parse_time(&mut s)?;
            s.skip_spaces();
            s.at_end().then_some(time)
        }
        _ => None,
    }
}

fn parse_any(cell: &Cell) -> Result<When, DateError> {
    match cell {
        Cell::Empty => Err(DateError::Blank),
        Cell::DateTime(t) => Ok(When::At(*t)),
        Cell::Date(d) => Ok(When::Date(*d)),
        Cell::Number(n) => {
            parse_number(*n).ok_or_else(|| DateError::Invalid(cell.text().into_owned()))
        }
        Cell::Text(s) if cell.is_blank() => {
            let _ = s;
            Err(DateError::Blank)
        }
        Cell::Text(s) => parse_text(s).ok_or_else(|| DateError::Invalid(s.to_string())),
        Cell::Bool(_) | Cell::Error(_) => Err(DateError::Invalid(cell.text().into_owned())),
    }
}

fn parse_number(n: f64) -> Option<When> {
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 && (19_000_101.0..=99_991_231.0).contains(&n) {
        return parse_text(&format!("{}", n as i64));
    }
    from_excel_serial(n).map(When::At)
}

/// An Excel serial (1900 date system, with Excel's phantom 1900-02-29) as an
/// instant rounded to the nearest second. Serials below 1 or past 9999 are rejected.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts 1900-02-29, which never existed: serials before 60 are one day later.
    let adjusted = if serial < 60.0 { serial + 1.0 } else { serial };
    let seconds = (adjusted * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    epoch.checked_add_signed(chrono::Duration::seconds(seconds))
}

/// A cursor over the characters of a normalised date-time text.
struct Scanner {
    chars: Vec<char>,
    pos: usize,
}

impl Scanner {
    /// A scanner over `text` tidied (NFKC, spaces collapsed), its date
    /// characters in Simplified.
    fn of(text: &str) -> Scanner {
        Scanner {
            chars: crate::text::tidy(text)
                .chars()
                .map(simplified_char)
                .collect(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, set: &[char]) -> Option<char> {
        let c = self.peek()?;
        if set.contains(&c) {
            self.pos += 1;
            Some(c)
        } else {
            None
        }
    }

    fn skip_spaces(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|c| c == ' ') {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Digits, between `min` and `max` of them; returns value and count.
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let start = self.pos;
        let mut value: u32 = 0;
        while self.pos - start < max {
            match self.peek().and_then(|c| c.to_digit(10)) {
                Some(d) => {
                    value = value * 10 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        let n = self.pos - start;
        if n < min {
            self.pos = start;
            None
        } else {
            Some((value, n))
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }
}

/// The Traditional forms of the characters dates are written with.
fn simplified_char(c: char) -> char {
    match c {
        '時' => '时',
        '點' => '点',
        '號' => '号',
        _ => c,
    }
}

/// Parses a text date-time in any of SPEC's forms (in Traditional
/// characters too); `None` for anything else.
pub fn parse_text(text: &str) -> Option<When> {
    let mut s = Scanner::of(text);
    let (date, needs_separator) = parse_date(&mut s)?;
    let spaced = s.skip_spaces();
    let t_sep = !spaced && s.eat('T');
    if s.at_end() {
        return if t_sep { None } else { Some(When::Date(date)) };
    }
    if needs_separator && !spaced && !t_sep {
        return None;
    }
    let time = parse_time(&mut s)?;
    s.skip_spaces();
    if !s.at_end() {
        return None;
    }
    Some(When::At(date.and_time(time)))
}

/// The date part, and whether a space or `T` must separate it from a time
/// (every form but `2017年1月12日`).
fn parse_date(s: &mut Scanner) -> Option<(NaiveDate, bool)> {
    let (year, n) = s.digits(4, 8)?;
    if n == 8 {
        return NaiveDate::from_ymd_opt((year / 10_000) as i32, year / 100 % 100, year % 100)
            .map(|d| (d, true));
    }
    if n != 4 {
        return None;
    }
    if s.eat('年') {
        let (month, _) = s.digits(1, 2)?;
        if !s.eat('月') {
            return None;
        }
        let (day, _) = s.digits(1, 2)?;
        s.eat_any(&['日', '号']);
        return NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| (d, false));
    }
    let sep = s.eat_any(&['-', '/', '.'])?;
    let (month, _) = s.digits(1, 2)?;
    if !s.eat(sep) {
        return None;
    }
    let (day, _) = s.digits(1, 2)?;
    NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| (d, true))
}

fn parse_time(s: &mut Scanner) -> Option<NaiveTime> {
    let (first, n) = s.digits(1, 6)?;
    let (hour, minute, mut second) = if n >= 4 {
        // Compact: 0930 or 093005.
        match n {
            4 => (first / 100, first % 100, 0),
            6 => (first / 10_000, first / 100 % 100, first % 100),
            _ => return None,
        }
    } else if n > 2 {
        return None;
    } else if s.eat(':') {
        let (minute, _) = s.digits(2, 2)?;
        let second = if s.eat(':') { s.digits(2, 2)?.0 } else { 0 };
        (first, minute, second)
    } else if s.eat_any(&['时', '点']).is_some() {
        let minute = match s.digits(1, 2) {
            Some((m, _)) => {
                s.eat('分');
                m
            }
            None => 0,
        };
        let second = match s.digits(1, 2) {
            Some((sec, _)) => {
                s.eat('秒');
                sec
            }
            None => 0,
        };
        (first, minute, second)
    } else {
        return None;
    };
    // Fractional seconds from database exports, rounded to the second.
    if s.eat('.') {
        let (frac, digits) = s.digits(1, 9)?;
        if f64::from(frac) / 10f64.powi(digits as i32) >= 0.5 {
            second += 1;
        }
    }
    if second == 60 {
        return NaiveTime::from_hms_opt(hour, minute, 59)
            .map(|t| t + chrono::Duration::seconds(1))
            .filter(|t| *t != NaiveTime::MIN);
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn every_spec_form() {
        let t = When::At(at("2017-01-12 09:30:00"));
        for text in [
            "2017-01-12 09:30",
            "2017/1/12 9:30",
            "2017.1.12 9:30",
            "2017-01-12T09:30",
            "2017年1月12日 9:30",
            "2017年1月12日9时30分",
            "20170112 0930",
            "２０１７年１月１２日９时３０分",
            "2017年1月12日9時30分",
            "2017年1月12號9點30分",
        ] {
            assert_eq!(parse_text(text), Some(t), "{text}");
        }
        let t5 = When::At(at("2017-01-12 09:30:05"));
        for text in [
            "2017-01-12 09:30:05",
            "2017/1/12 9:30:05",
            "2017年1月12日9时30分5秒",
            "20170112 093005",
            "2017-01-12T09:30:05",
        ] {
            assert_eq!(parse_text(text), Some(t5), "{text}");
        }
        let d = When::Date(NaiveDate::from_ymd_opt(2017, 1, 12).unwrap());
        for text in [
            "2017-01-12",
            "2017/1/12",
            "2017.1.12",
            "2017年1月12日",
            "20170112",
        ] {
            assert_eq!(parse_text(text), Some(d), "{text}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for text in [
            "2017-13-45",
            "1月32日",
            "2017-02-29",
            "明天",
            "2017-01-12 25:00",
            "2017-01-12 9:3",
            "2017-1-12/9:30",
            "2017-01-12T",
            "2017-01-129:30",
        ] {
            assert_eq!(parse_text(text), None, "{text}");
        }
    }

    #[test]
    fn years_outside_the_calendar_are_invalid() {
        for cell in [
            Cell::Text("1017-01-16 09:30".into()),
            Cell::Text("2170-01-16".into()),
            Cell::DateTime(at("1899-12-31 00:00:00")),
            Cell::Number(20.0),
        ] {
            assert_eq!(
                parse_cell(&cell),
                Err(DateError::Invalid(cell.text().into_owned()))
            );
        }
        assert!(parse_cell(&Cell::Text("1951-01-01".into())).is_ok());
        assert!(parse_cell(&Cell::Text("2149-12-31 23:59".into())).is_ok());
    }

    #[test]
    fn serials_round_to_the_second() {
        // 2017-01-12 09:30:00 is serial 42747.395833…; float noise must not show.
        let serial = 42747.0 + (9.0 * 3600.0 + 30.0 * 60.0) / 86400.0 - 1e-9;
        assert_eq!(from_excel_serial(serial), Some(at("2017-01-12 09:30:00")));
        assert_eq!(from_excel_serial(1.0), Some(at("1900-01-01 00:00:00")));
        assert_eq!(from_excel_serial(61.0), Some(at("1900-03-01 00:00:00")));
        assert_eq!(from_excel_serial(-5.0), None);
        assert_eq!(
            parse_cell(&Cell::Number(20170112.0)),
            Ok(When::Date(NaiveDate::from_ymd_opt(2017, 1, 12).unwrap()))
        );
    }
}
