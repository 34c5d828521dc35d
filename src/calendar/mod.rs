//! The working-day calendar (工作日): Monday–Friday, minus the State Council's
//! statutory holidays, plus the weekend make-up working days (调休上班).
//!
//! Years come from files in the holiday-cn JSON form (`source.rs`): the built-in
//! ones for 2010–2026 and any in a rules folder's `calendar/`. Days are merged
//! by date whatever file holds them (the 2019 notice carries 2018-12-29..31);
//! a later file overrides an earlier one, and a rules folder's files come after
//! the built-in ones, in path order. A year *has data* when a file declares it
//! in its `year` field — its own notice; days of a year that sit only in a
//! neighbouring year's file do not make that year known. So a file holding
//! local days off should name a year that has its notice.
//!
//! After a one-time build of a day table with prefix sums (`table.rs`) every
//! query is O(1), the n-th working day a short galloping search. Every query
//! checks each year from its first date to its last (whatever the order of the
//! arguments): one without data fails with [`CalendarError::MissingYear`],
//! unless the calendar assumes weekends — then the year counts Monday–Friday
//! and is recorded as provisional (临时口径) in [`Calendar::assumed_years`].
//! Instants are counted to the second: fractions of a second are dropped.

mod describe;
mod source;
mod table;

pub use describe::{describe_year, describe_years};
pub use source::BUILTIN_FILES;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use table::{Coverage, DayTable, FIRST_YEAR, LAST_YEAR};

/// Errors of the calendar, in Chinese for the analyst.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "缺少 {year} 年的节假日安排：无法按工作日计算。请把国务院办公厅公布的 {year} 年节假日安排写成 \
         {year}.json（holiday-cn 格式：{{\"year\": {year}, \"papers\": [...], \"days\": [{{\"name\": \"元旦\", \
         \"date\": \"{year}-01-01\", \"isOffDay\": true}}]}}），放入规则目录的 calendar/ 子目录并用 --rules 指定"
    )]
    MissingYear { year: i32 },
    #[error("日期 {0} 超出日历范围（{FIRST_YEAR}–{LAST_YEAR} 年）")]
    OutOfRange(NaiveDate),
    #[error("日历文件 {file} 无法解析：{message}")]
    BadFile { file: String, message: String },
    #[error("无法读取日历文件 {file}：{message}")]
    Io { file: String, message: String },
}

/// A special day: a holiday or a make-up working day, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub name: String,
    /// `true` for a holiday, `false` for a make-up working day.
    pub off: bool,
    /// The file that supplied it (`内置:2017.json` or a path); the last one
    /// loaded when several list the date.
    pub source: String,
}

/// A year the calendar has data for, and the files that declared it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSource {
    pub year: i32,
    /// The declaring files for display, joined with `、` (`内置:2017.json、/rules/calendar/local.json`).
    pub source: String,
    /// The notices (URLs) of all declaring files, in load order, without repeats.
    pub papers: Vec<String>,
    /// The declaring files in load order (the first is the year's own notice).
    pub files: Vec<String>,
}

/// The working-day calendar. Cheap to query from many threads (no locks).
pub struct Calendar {
    table: DayTable,
    coverage: Coverage,
    years: BTreeMap<i32, YearSource>,
    special: BTreeMap<NaiveDate, SpecialDay>,
    assume_weekends: bool,
    hash: String,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("years", &self.years.keys().collect::<Vec<_>>())
            .field("special_days", &self.special.len())
            .field("assume_weekends", &self.assume_weekends)
            .field("assumed_years", &self.assumed_years())
            .field("hash", &self.hash)
            .finish()
    }
}

impl Calendar {
    /// The built-in calendar plus the `calendar/*.json` files of `rules_dir`, if any.
    pub fn load(rules_dir: Option<&Path>, assume_weekends: bool) -> Result<Self, CalendarError> {
        let mut sources = source::builtin_sources();
        if let Some(dir) = rules_dir {
            sources.extend(source::folder_sources(&dir.join("calendar"))?);
        }
        Self::from_sources(&sources, assume_weekends)
    }

    /// Builds a calendar from `(source name, holiday-cn JSON text)` pairs, later
    /// sources overriding earlier ones day by day.
    pub fn from_sources(
        sources: &[(String, String)],
        assume_weekends: bool,
    ) -> Result<Self, CalendarError> {
        let source::Merged { years, special } = source::merge(sources)?;
        let off: BTreeMap<NaiveDate, bool> = special.values().map(|d| (d.date, d.off)).collect();
        let mut hasher = Sha256::new();
        for year in years.keys() {
            hasher.update(format!("year {year}\n"));
        }
        for day in special.values() {
            hasher.update(format!(
                "{} {}\n",
                day.date,
                if day.off { "off" } else { "work" }
            ));
        }
        Ok(Calendar {
            table: DayTable::build(&off),
            coverage: Coverage::new(|y| years.contains_key(&y)),
            years,
            special,
            assume_weekends,
            hash: crate::hex(&hasher.finalize()),
        })
    }

    /// The table index of `date`, or [`CalendarError::OutOfRange`].
    #[inline]
    fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        self.table
            .index(date)
            .ok_or(CalendarError::OutOfRange(date))
    }

    /// Checks every year from `a`'s to `b`'s (in either order), both within the
    /// table: the fast path is one comparison; a year without data fails, or
    /// with assumed weekends is recorded.
    #[inline]
    fn check_years(&self, a: i32, b: i32) -> Result<(), CalendarError> {
        let (from, to) = if a <= b { (a, b) } else { (b, a) };
        if self.coverage.all_known(from, to) {
            return Ok(());
        }
        self.missing_years(from, to)
    }

    #[cold]
    fn missing_years(&self, from: i32, to: i32) -> Result<(), CalendarError> {
        for year in (from..=to).filter(|&y| !self.coverage.is_known(y)) {
            if !self.assume_weekends {
                return Err(CalendarError::MissingYear { year });
            }
            self.coverage.mark_assumed(year);
        }
        Ok(())
    }

    /// The table indices of two dates, after checking the years they span.
    #[inline]
    fn span(&self, a: NaiveDate, b: NaiveDate) -> Result<(usize, usize), CalendarError> {
        let (ia, ib) = (self.index(a)?, self.index(b)?);
        self.check_years(a.year(), b.year())?;
        Ok((ia, ib))
    }

    /// Whether `date` is a working day.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let (i, _) = self.span(date, date)?;
        Ok(self.table.is_workday(i))
    }

    /// The `n`-th working day strictly after `date` (`n = 0` gives `date` itself).
    /// Fails when the answer lies beyond the table or in a year without data.
    pub fn nth_workday_after(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let (i, _) = self.span(date, date)?;
        if n == 0 {
            return Ok(date);
        }
        let j = self
            .table
            .nth_after(i, n)
            .ok_or(CalendarError::OutOfRange(date))?;
        let result = self.table.date_at(j);
        self.check_years(date.year(), result.year())?;
        Ok(result)
    }

    /// The number of working days strictly between `a` and `b` (0 when `b <= a + 1`).
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        let (ia, ib) = self.span(a, b)?;
        Ok(if ib > ia {
            self.table.count(ia + 1, ib)
        } else {
            0
        })
    }

    /// Seconds of working days between two instants (negative when `to < from`):
    /// only time that falls on working days is counted, each working day being
    /// 86 400 s from midnight to midnight. Fractions of a second are dropped.
    pub fn working_seconds_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<i64, CalendarError> {
        let (ia, ib) = self.span(from.date(), to.date())?;
        let secs = |t: NaiveDateTime| i64::from(t.time().num_seconds_from_midnight());
        let (ia, ib, from, to, sign) = if (ia, secs(from)) <= (ib, secs(to)) {
            (ia, ib, from, to, 1)
        } else {
            (ib, ia, to, from, -1)
        };
        let work = |i: usize| i64::from(self.table.is_workday(i));
        let total = if ia == ib {
            work(ia) * (secs(to) - secs(from))
        } else {
            work(ia) * (86_400 - secs(from))
                + i64::from(self.table.count(ia + 1, ib)) * 86_400
                + work(ib) * secs(to)
        };
        Ok(sign * total)
    }

    /// Working-calendar hours between two instants (see [`Self::working_seconds_between`]).
    pub fn working_hours_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<f64, CalendarError> {
        Ok(self.working_seconds_between(from, to)? as f64 / 3600.0)
    }

    /// The years with data, in order, with the files that declared each.
    pub fn years(&self) -> Vec<YearSource> {
        self.years.values().cloned().collect()
    }

    /// Whether the calendar has data for `year` (a file declares it).
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Holidays and make-up working days dated in `year`, with their sources.
    pub fn special_days(&self, year: i32) -> Vec<SpecialDay> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1);
        let to = NaiveDate::from_ymd_opt(year, 12, 31);
        match (from, to) {
            (Some(from), Some(to)) => self
                .special
                .range(from..=to)
                .map(|(_, d)| d.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// SHA-256 over the years and every special day (date and flag) of the
    /// merged calendar: it changes exactly when some day's meaning changes.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Whether weekends are assumed for years without data.
    pub fn assumes_weekends(&self) -> bool {
        self.assume_weekends
    }

    /// Years that were needed but had no data, counted Monday–Friday (临时口径).
    pub fn assumed_years(&self) -> Vec<i32> {
        self.coverage.assumed()
    }
}

/// The last second of `date`: `date 23:59:59`.
pub fn end_of_day(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"))
}
