//! The working-day calendar (工作日): Monday–Friday, minus the State Council's
//! statutory holidays, plus the weekend make-up working days (调休上班).
//!
//! Years come from files in the holiday-cn JSON form: the built-in ones in the
//! repository's `rules/calendar/`, and any in a rules folder's `calendar/`.
//! Days are merged by date whatever file holds them; a later source overrides.
//! After a one-time build of a day table with prefix sums every query is O(1)
//! (the n-th working day is a binary search). A query touching a year without
//! data fails with [`CalendarError::MissingYear`] unless the calendar was built
//! with `assume_weekends`, in which case such years count Monday–Friday and are
//! recorded as provisional (临时口径).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;

/// The first and last year the day table covers (queries outside fail).
const TABLE_FIRST_YEAR: i32 = 1950;
const TABLE_LAST_YEAR: i32 = 2150;

/// The built-in calendar files, one per year, from `rules/calendar/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("2010.json", include_str!("../rules/calendar/2010.json")),
    ("2011.json", include_str!("../rules/calendar/2011.json")),
    ("2012.json", include_str!("../rules/calendar/2012.json")),
    ("2013.json", include_str!("../rules/calendar/2013.json")),
    ("2014.json", include_str!("../rules/calendar/2014.json")),
    ("2015.json", include_str!("../rules/calendar/2015.json")),
    ("2016.json", include_str!("../rules/calendar/2016.json")),
    ("2017.json", include_str!("../rules/calendar/2017.json")),
    ("2018.json", include_str!("../rules/calendar/2018.json")),
    ("2019.json", include_str!("../rules/calendar/2019.json")),
    ("2020.json", include_str!("../rules/calendar/2020.json")),
    ("2021.json", include_str!("../rules/calendar/2021.json")),
    ("2022.json", include_str!("../rules/calendar/2022.json")),
    ("2023.json", include_str!("../rules/calendar/2023.json")),
    ("2024.json", include_str!("../rules/calendar/2024.json")),
    ("2025.json", include_str!("../rules/calendar/2025.json")),
    ("2026.json", include_str!("../rules/calendar/2026.json")),
];

/// Errors of the calendar, in Chinese for the analyst.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "缺少 {year} 年的节假日安排：无法按工作日计算。请把国务院办公厅公布的 {year} 年节假日安排写成 \
         {year}.json（holiday-cn 格式：{{\"year\": {year}, \"papers\": [...], \"days\": [{{\"name\": \"元旦\", \
         \"date\": \"{year}-01-01\", \"isOffDay\": true}}]}}），放入规则目录的 calendar/ 子目录并用 --rules 指定；\
         或加 --assume-weekends 按周一至周五临时计算（报表将标明临时口径）"
    )]
    MissingYear { year: i32 },
    #[error("日期 {0} 超出日历范围（{TABLE_FIRST_YEAR}–{TABLE_LAST_YEAR} 年）")]
    OutOfRange(NaiveDate),
    #[error("日历文件 {file} 无法解析：{message}")]
    BadFile { file: String, message: String },
    #[error("无法读取日历文件 {file}：{message}")]
    Io { file: String, message: String },
}

/// One day entry of a holiday-cn file.
#[derive(Debug, Clone, Deserialize)]
struct FileDay {
    name: String,
    date: NaiveDate,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// A holiday-cn file.
#[derive(Debug, Clone, Deserialize)]
struct CalendarFile {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<FileDay>,
}

/// A special day: a holiday or a make-up working day, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub name: String,
    /// `true` for a holiday, `false` for a make-up working day.
    pub off: bool,
    /// The file that supplied it (`内置:2017.json` or a path).
    pub source: String,
}

/// A year the calendar has data for, and which file declared it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSource {
    pub year: i32,
    pub source: String,
    pub papers: Vec<String>,
}

/// The working-day calendar. Cheap to query from many threads.
#[derive(Debug)]
pub struct Calendar {
    first: NaiveDate,
    /// `workday[i]`: whether `first + i` days is a working day.
    workday: Vec<bool>,
    /// `prefix[i]`: number of working days in `[first, first + i)`.
    prefix: Vec<u32>,
    years: BTreeMap<i32, YearSource>,
    special: BTreeMap<NaiveDate, SpecialDay>,
    assume_weekends: bool,
    assumed_years: Mutex<BTreeSet<i32>>,
    hash: String,
}

impl Calendar {
    /// The built-in calendar plus the `calendar/*.json` files of `rules_dir`, if any.
    pub fn load(rules_dir: Option<&Path>, assume_weekends: bool) -> Result<Self, CalendarError> {
        let mut sources: Vec<(String, String)> = BUILTIN_FILES
            .iter()
            .map(|(name, text)| (format!("内置:{name}"), (*text).to_owned()))
            .collect();
        if let Some(dir) = rules_dir {
            let cal_dir = dir.join("calendar");
            if cal_dir.is_dir() {
                let mut paths: Vec<_> = std::fs::read_dir(&cal_dir)
                    .map_err(|e| CalendarError::Io {
                        file: cal_dir.display().to_string(),
                        message: e.to_string(),
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                    .collect();
                paths.sort();
                for path in paths {
                    let text = std::fs::read_to_string(&path).map_err(|e| CalendarError::Io {
                        file: path.display().to_string(),
                        message: e.to_string(),
                    })?;
                    sources.push((path.display().to_string(), text));
                }
            }
        }
        Self::from_sources(&sources, assume_weekends)
    }

    /// Builds a calendar from `(source name, holiday-cn JSON text)` pairs, later
    /// sources overriding earlier ones day by day.
    pub fn from_sources(
        sources: &[(String, String)],
        assume_weekends: bool,
    ) -> Result<Self, CalendarError> {
        let mut years = BTreeMap::new();
        let mut special: BTreeMap<NaiveDate, SpecialDay> = BTreeMap::new();
        for (name, text) in sources {
            let text = text.trim_start_matches('\u{feff}');
            let file: CalendarFile =
                serde_json::from_str(text).map_err(|e| CalendarError::BadFile {
                    file: name.clone(),
                    message: e.to_string(),
                })?;
            if !(TABLE_FIRST_YEAR..=TABLE_LAST_YEAR).contains(&file.year) {
                return Err(CalendarError::BadFile {
                    file: name.clone(),
                    message: format!("年份 {} 超出范围", file.year),
                });
            }
            years.insert(
                file.year,
                YearSource {
                    year: file.year,
                    source: name.clone(),
                    papers: file.papers.clone(),
                },
            );
            for day in file.days {
                if !(TABLE_FIRST_YEAR..=TABLE_LAST_YEAR).contains(&day.date.year()) {
                    return Err(CalendarError::BadFile {
                        file: name.clone(),
                        message: format!("日期 {} 超出范围", day.date),
                    });
                }
                special.insert(
                    day.date,
                    SpecialDay {
                        date: day.date,
                        name: day.name,
                        off: day.is_off_day,
                        source: name.clone(),
                    },
                );
            }
        }
        let first = NaiveDate::from_ymd_opt(TABLE_FIRST_YEAR, 1, 1).expect("valid date");
        let last = NaiveDate::from_ymd_opt(TABLE_LAST_YEAR, 12, 31).expect("valid date");
        let len = (last - first).num_days() as usize + 1;
        let mut workday = Vec::with_capacity(len);
        let mut prefix = Vec::with_capacity(len + 1);
        prefix.push(0u32);
        for (i, date) in first.iter_days().take(len).enumerate() {
            let is_work = match special.get(&date) {
                Some(day) => !day.off,
                None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            };
            workday.push(is_work);
            prefix.push(prefix[i] + u32::from(is_work));
        }
        let mut hasher = Sha256::new();
        for year in years.keys() {
            hasher.update(format!("year {year}\n"));
        }
        for day in special.values() {
            hasher.update(format!("{} {}\n", day.date, if day.off { "off" } else { "work" }));
        }
        let hash = crate::hex(&hasher.finalize());
        Ok(Calendar {
            first,
            workday,
            prefix,
            years,
            special,
            assume_weekends,
            assumed_years: Mutex::new(BTreeSet::new()),
            hash,
        })
    }

    /// Index of a date in the table, checking range and year coverage.
    fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let i = (date - self.first).num_days();
        if i < 0 || i as usize >= self.workday.len() {
            return Err(CalendarError::OutOfRange(date));
        }
        self.check_year(date.year())?;
        Ok(i as usize)
    }

    /// Fails for a year without data, unless weekends are assumed (then recorded).
    fn check_year(&self, year: i32) -> Result<(), CalendarError> {
        if self.years.contains_key(&year) {
            return Ok(());
        }
        if self.assume_weekends {
            self.assumed_years
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(year);
            return Ok(());
        }
        Err(CalendarError::MissingYear { year })
    }

    fn check_years(&self, from: NaiveDate, to: NaiveDate) -> Result<(), CalendarError> {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        for year in a.year()..=b.year() {
            self.check_year(year)?;
        }
        Ok(())
    }

    fn date_at(&self, i: usize) -> NaiveDate {
        self.first + chrono::Days::new(i as u64)
    }

    /// Whether `date` is a working day.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.workday[self.index(date)?])
    }

    /// The `n`-th working day strictly after `date` (`n = 0` gives `date` itself).
    pub fn nth_workday_after(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let i = self.index(date)?;
        if n == 0 {
            return Ok(date);
        }
        // Smallest j > i with prefix[j + 1] - prefix[i + 1] == n.
        let target = self.prefix[i + 1] + n;
        let j = self.prefix.partition_point(|&p| p < target);
        if j == 0 || j > self.workday.len() {
            return Err(CalendarError::OutOfRange(date));
        }
        let result = self.date_at(j - 1);
        self.check_years(date, result)?;
        Ok(result)
    }

    /// The number of working days strictly between `a` and `b` (0 when `b <= a + 1`).
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        if b <= a {
            return Ok(0);
        }
        let ia = self.index(a)?;
        let ib = self.index(b)?;
        self.check_years(a, b)?;
        Ok(self.prefix[ib] - self.prefix[ia + 1])
    }

    /// Seconds of working days between two instants (negative when `to < from`):
    /// only time that falls on working days is counted.
    pub fn working_seconds_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<i64, CalendarError> {
        if to < from {
            return self.working_seconds_between(to, from).map(|s| -s);
        }
        let (da, db) = (from.date(), to.date());
        let ia = self.index(da)?;
        let ib = self.index(db)?;
        self.check_years(da, db)?;
        let secs_of_day = |t: NaiveDateTime| i64::from(t.time().num_seconds_from_midnight());
        if ia == ib {
            return Ok(if self.workday[ia] { (to - from).num_seconds() } else { 0 });
        }
        let mut total = 0i64;
        if self.workday[ia] {
            total += 86_400 - secs_of_day(from);
        }
        if self.workday[ib] {
            total += secs_of_day(to);
        }
        total += i64::from(self.prefix[ib] - self.prefix[ia + 1]) * 86_400;
        Ok(total)
    }

    /// Working-calendar hours between two instants (see [`Self::working_seconds_between`]).
    pub fn working_hours_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<f64, CalendarError> {
        Ok(self.working_seconds_between(from, to)? as f64 / 3600.0)
    }

    /// The years with data, in order, with the file that declared each.
    pub fn years(&self) -> Vec<YearSource> {
        self.years.values().cloned().collect()
    }

    /// Whether the calendar has data for `year`.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Holidays and make-up working days dated in `year`, with their sources.
    pub fn special_days(&self, year: i32) -> Vec<SpecialDay> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1);
        let to = NaiveDate::from_ymd_opt(year, 12, 31);
        match (from, to) {
            (Some(from), Some(to)) => self.special.range(from..=to).map(|(_, d)| d.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// SHA-256 over the years and every special day of the merged calendar.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Whether weekends are assumed for years without data.
    pub fn assumes_weekends(&self) -> bool {
        self.assume_weekends
    }

    /// Years that were needed but had no data, counted Monday–Friday (临时口径).
    pub fn assumed_years(&self) -> Vec<i32> {
        self.assumed_years
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied()
            .collect()
    }
}

/// The last second of `date`: `date 23:59:59`.
pub fn end_of_day(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"))
}
