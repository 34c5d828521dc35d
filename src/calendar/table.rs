//! The day table behind [`super::Calendar`]: one entry per day from 1950-01-01
//! to 2150-12-31 saying whether it is a working day, prefix sums of working
//! days for O(1) counting, and the per-year coverage (which years have data,
//! which were assumed Monday–Friday). Queries here are a few array reads and
//! never lock: assumed years are recorded with relaxed atomics, and only on the
//! slow path of a range that touches a year without data.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// The first and last year the day table covers (queries outside fail).
pub(crate) const FIRST_YEAR: i32 = 1950;
pub(crate) const LAST_YEAR: i32 = 2150;

/// Whether each day is a working day, and prefix sums of working days.
pub(crate) struct DayTable {
    /// `num_days_from_ce` of `FIRST_YEAR-01-01`.
    first_ce: i32,
    /// `workday[i]`: whether day `i` (counted from `FIRST_YEAR-01-01`) is a working day.
    workday: Vec<bool>,
    /// `prefix[i]`: the number of working days among days `0..i` (`len + 1` entries).
    prefix: Vec<u32>,
}

impl DayTable {
    /// Builds the table: Monday–Friday, except where `off` says otherwise
    /// (`true` = day off, `false` = working day).
    pub(crate) fn build(off: &BTreeMap<NaiveDate, bool>) -> Self {
        let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid date");
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid date");
        let len = (last - first).num_days() as usize + 1;
        let mut workday = Vec::with_capacity(len);
        let mut prefix = Vec::with_capacity(len + 1);
        prefix.push(0u32);
        let mut count = 0u32;
        for date in first.iter_days().take(len) {
            let is_work = match off.get(&date) {
                Some(&is_off) => !is_off,
                None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            };
            workday.push(is_work);
            count += u32::from(is_work);
            prefix.push(count);
        }
        DayTable {
            first_ce: first.num_days_from_ce(),
            workday,
            prefix,
        }
    }

    /// The number of days in the table.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.workday.len()
    }

    /// The table index of `date`, or `None` outside the table.
    #[inline]
    pub(crate) fn index(&self, date: NaiveDate) -> Option<usize> {
        let i = date.num_days_from_ce() - self.first_ce;
        (i >= 0 && (i as usize) < self.workday.len()).then_some(i as usize)
    }

    /// The date at table index `i`.
    #[inline]
    pub(crate) fn date_at(&self, i: usize) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.first_ce + i as i32).expect("index in table")
    }

    #[inline]
    pub(crate) fn is_workday(&self, i: usize) -> bool {
        self.workday[i]
    }

    /// The number of working days among days `from..to` (`from <= to`).
    #[inline]
    pub(crate) fn count(&self, from: usize, to: usize) -> u32 {
        self.prefix[to] - self.prefix[from]
    }

    /// The index of the `n`-th working day strictly after day `i` (`n >= 1`),
    /// or `None` when it lies beyond the table.
    ///
    /// It is the smallest `j > i` with `count(i + 1, j + 1) == n`, i.e. the
    /// smallest `k = j + 1` with `prefix[k] >= prefix[i + 1] + n`. Since a day adds
    /// at most one, `k >= i + 1 + n`; the search gallops forward from there, so a
    /// small `n` costs a couple of reads rather than a search of the whole table.
    #[inline]
    pub(crate) fn nth_after(&self, i: usize, n: u32) -> Option<usize> {
        debug_assert!(n >= 1);
        let target = self.prefix[i + 1].checked_add(n)?;
        let end = self.prefix.len();
        let mut lo = (i + 1).checked_add(n as usize)?;
        if lo >= end {
            return None;
        }
        // Invariant: prefix[k] < target for every k < lo.
        let mut step = 8usize;
        loop {
            let hi = lo.saturating_add(step).min(end - 1);
            if self.prefix[hi] >= target {
                let k = lo + self.prefix[lo..=hi].partition_point(|&p| p < target);
                return Some(k - 1);
            }
            if hi == end - 1 {
                return None;
            }
            lo = hi + 1;
            step = step.saturating_mul(2);
        }
    }
}

/// Which years have data, and which were assumed Monday–Friday.
pub(crate) struct Coverage {
    /// `missing[k]`: the number of years without data among `FIRST_YEAR..FIRST_YEAR + k`.
    missing: Vec<u16>,
    /// `assumed[k]`: year `FIRST_YEAR + k` was needed without data and counted Monday–Friday.
    assumed: Vec<AtomicBool>,
}

impl Coverage {
    pub(crate) fn new(has_data: impl Fn(i32) -> bool) -> Self {
        let mut missing = vec![0u16];
        let mut count = 0u16;
        for year in FIRST_YEAR..=LAST_YEAR {
            count += u16::from(!has_data(year));
            missing.push(count);
        }
        let assumed = (FIRST_YEAR..=LAST_YEAR)
            .map(|_| AtomicBool::new(false))
            .collect();
        Coverage { missing, assumed }
    }

    fn slot(year: i32) -> usize {
        debug_assert!((FIRST_YEAR..=LAST_YEAR).contains(&year));
        (year - FIRST_YEAR) as usize
    }

    /// Whether every year of `from..=to` (years within the table) has data.
    #[inline]
    pub(crate) fn all_known(&self, from: i32, to: i32) -> bool {
        self.missing[Self::slot(to) + 1] == self.missing[Self::slot(from)]
    }

    /// Whether `year` (within the table) has data.
    pub(crate) fn is_known(&self, year: i32) -> bool {
        self.all_known(year, year)
    }

    /// Records that `year` was counted Monday–Friday for lack of data.
    pub(crate) fn mark_assumed(&self, year: i32) {
        let flag = &self.assumed[Self::slot(year)];
        if !flag.load(Ordering::Relaxed) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// The years recorded by [`Self::mark_assumed`], in order.
    pub(crate) fn assumed(&self) -> Vec<i32> {
        (FIRST_YEAR..=LAST_YEAR)
            .filter(|&y| self.assumed[Self::slot(y)].load(Ordering::Relaxed))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn nth_after_matches_a_linear_scan_near_the_table_end() {
        let mut off = BTreeMap::new();
        off.insert(d(2150, 12, 30), true); // a Wednesday made a day off
        let table = DayTable::build(&off);
        let last = table.len() - 1;
        for i in [0, 1, last - 20, last - 3, last - 1, last] {
            for n in 1..30u32 {
                let scan = (i + 1..table.len())
                    .filter(|&j| table.is_workday(j))
                    .nth(n as usize - 1);
                assert_eq!(table.nth_after(i, n), scan, "i={i} n={n}");
            }
        }
        assert_eq!(table.nth_after(0, u32::MAX), None);
        assert_eq!(table.nth_after(last, 1), None);
    }

    #[test]
    fn coverage_counts_missing_years() {
        let cov = Coverage::new(|y| (2010..=2026).contains(&y));
        assert!(cov.all_known(2010, 2026));
        assert!(!cov.all_known(2009, 2010));
        assert!(!cov.all_known(2026, 2027));
        assert!(cov.is_known(2017) && !cov.is_known(1950) && !cov.is_known(2150));
        cov.mark_assumed(2030);
        cov.mark_assumed(2030);
        cov.mark_assumed(1950);
        assert_eq!(cov.assumed(), vec![1950, 2030]);
    }
}
