//! Reporting periods (统计期): an ISO week, a calendar month, or an inclusive
//! date range; their labels, their words, and the previous period of the same length.

use chrono::{Datelike, Days, IsoWeek, Months, NaiveDate, NaiveDateTime, Weekday};

/// How a period was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
    Month,
    Range,
}

/// A reporting period: inclusive dates `start..=end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A period argument that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("统计期“{0}”无法识别：{1}")]
pub struct PeriodError(pub String, pub &'static str);

impl Period {
    /// The ISO week `2017-W03`.
    pub fn parse_week(s: &str) -> Result<Self, PeriodError> {
        let bad = || PeriodError(s.to_owned(), "周的格式应为 2017-W03");
        let (y, w) = s.trim().split_once(['-', '_']).ok_or_else(bad)?;
        let w = w.trim_start_matches(['W', 'w']);
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
            let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map(|d| d.iso_week().week());
            match weeks {
                // 12-28 always lies in a year's last ISO week.
                Some(52) if week == 53 => PeriodError(s.to_owned(), "该年只有 52 周"),
                _ => bad(),
            }
        })?;
        Ok(Self::week_of(start))
    }

    /// The ISO week holding `date`.
    pub fn week_of(date: NaiveDate) -> Self {
        let start = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
        Period {
            kind: PeriodKind::Week,
            start,
            end: start + Days::new(6),
        }
    }

    /// The month `2017-01`.
    pub fn parse_month(s: &str) -> Result<Self, PeriodError> {
        let bad = || PeriodError(s.to_owned(), "月的格式应为 2017-01");
        let (y, m) = s.trim().split_once(['-', '/']).ok_or_else(bad)?;
        let start = NaiveDate::from_ymd_opt(
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            1,
        )
        .ok_or_else(bad)?;
        let end = start + Months::new(1) - Days::new(1);
        Ok(Period {
            kind: PeriodKind::Month,
            start,
            end,
        })
    }

    /// The inclusive range `from..=to`.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        if to < from {
            return Err(PeriodError(
                format!("{from} 至 {to}"),
                "结束日期早于开始日期",
            ));
        }
        Ok(Period {
            kind: PeriodKind::Range,
            start: from,
            end: to,
        })
    }

    /// The default: the ISO week before the week that holds `latest`.
    pub fn default_for(latest: NaiveDateTime) -> Self {
        let this_week = Self::week_of(latest.date());
        Self::week_of(this_week.start - Days::new(7))
    }

    /// The previous period of the same length (the previous week, month or range).
    pub fn previous(&self) -> Self {
        match self.kind {
            PeriodKind::Week => Self::week_of(self.start - Days::new(7)),
            PeriodKind::Month => {
                let start = self.start - Months::new(1);
                Period {
                    kind: PeriodKind::Month,
                    start,
                    end: self.start - Days::new(1),
                }
            }
            PeriodKind::Range => {
                let len = (self.end - self.start).num_days() as u64 + 1;
                Period {
                    kind: PeriodKind::Range,
                    start: self.start - Days::new(len),
                    end: self.start - Days::new(1),
                }
            }
        }
    }

    /// The last second of the period.
    pub fn end_instant(&self) -> NaiveDateTime {
        crate::calendar::end_of_day(self.end)
    }

    /// Whether `t` falls on a date of the period.
    pub fn contains(&self, t: NaiveDateTime) -> bool {
        let d = t.date();
        self.start <= d && d <= self.end
    }

    /// The label used in the file name: `2017-W03`, `2017-01` or `2017-01-16_2017-01-22`.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Week => {
                let w: IsoWeek = self.start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            PeriodKind::Month => format!("{}-{:02}", self.start.year(), self.start.month()),
            PeriodKind::Range => format!("{}_{}", self.start, self.end),
        }
    }

    /// The period in words: `2017年第3周，1月16日—1月22日`, `2017年1月`, `2017年1月16日—2月5日`.
    pub fn words(&self) -> String {
        let span = span_words(self.start, self.end);
        match self.kind {
            PeriodKind::Week => {
                let w = self.start.iso_week();
                let short = if w.year() == self.start.year() && w.year() == self.end.year() {
                    span_words_no_year(self.start, self.end)
                } else {
                    span
                };
                format!("{}年第{}周，{}", w.year(), w.week(), short)
            }
            PeriodKind::Month => format!("{}年{}月", self.start.year(), self.start.month()),
            PeriodKind::Range => span,
        }
    }
}

/// `1月16日—1月22日`, for a week whose year is already named.
fn span_words_no_year(a: NaiveDate, b: NaiveDate) -> String {
    format!("{}月{}日—{}月{}日", a.month(), a.day(), b.month(), b.day())
}

/// `2017年1月16日—1月22日` (the year repeated only when it changes).
fn span_words(a: NaiveDate, b: NaiveDate) -> String {
    let first = format!("{}年{}月{}日", a.year(), a.month(), a.day());
    let second = if a.year() == b.year() {
        format!("{}月{}日", b.month(), b.day())
    } else {
        format!("{}年{}月{}日", b.year(), b.month(), b.day())
    };
    format!("{first}—{second}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_words() {
        let w = Period::parse_week("2017-W03").unwrap();
        assert_eq!(
            (w.start.to_string(), w.end.to_string()),
            ("2017-01-16".into(), "2017-01-22".into())
        );
        assert_eq!(w.label(), "2017-W03");
        assert_eq!(w.words(), "2017年第3周，1月16日—1月22日");
        assert_eq!(w.previous().label(), "2017-W02");
        let m = Period::parse_month("2017-02").unwrap();
        assert_eq!(
            (m.label(), m.end.to_string()),
            ("2017-02".into(), "2017-02-28".into())
        );
        assert_eq!(m.previous().label(), "2017-01");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let r = Period::range(d("2016-12-26"), d("2017-01-08")).unwrap();
        assert_eq!(r.label(), "2016-12-26_2017-01-08");
        assert_eq!(r.words(), "2016年12月26日—2017年1月8日");
        assert_eq!(r.previous().label(), "2016-12-12_2016-12-25");
        // ISO week 2016-W52 ends on 2017-01-01: the year is named on both ends.
        assert_eq!(
            Period::parse_week("2016-W52").unwrap().words(),
            "2016年第52周，2016年12月26日—2017年1月1日"
        );
        let latest = NaiveDate::from_ymd_opt(2017, 2, 13)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(Period::default_for(latest).label(), "2017-W06");
    }

    #[test]
    fn a_53rd_week_is_named_only_where_the_year_has_none() {
        assert_eq!(Period::parse_week("2015-W53").unwrap().label(), "2015-W53");
        let err = Period::parse_week("2017-W53").unwrap_err();
        assert_eq!(err.to_string(), "统计期“2017-W53”无法识别：该年只有 52 周");
        let err = Period::parse_week("2017-W60").unwrap_err();
        assert_eq!(err.1, "周的格式应为 2017-W03");
    }
}
