//! Properties of the calendar over 2010–2026, checked with proptest and against
//! an oracle that reads the built-in files itself and walks day by day.

use super::{builtin, d};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use mashang::calendar::BUILTIN_FILES;
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The slow, obvious calendar: the files' days by date, else Monday–Friday.
struct Oracle(HashMap<NaiveDate, bool>);

impl Oracle {
    fn get() -> &'static Oracle {
        static ORACLE: OnceLock<Oracle> = OnceLock::new();
        ORACLE.get_or_init(|| {
            let mut off = HashMap::new();
            for (_, text) in BUILTIN_FILES {
                let json: serde_json::Value = serde_json::from_str(text).unwrap();
                for day in json["days"].as_array().unwrap() {
                    let date = day["date"].as_str().unwrap().parse().unwrap();
                    off.insert(date, day["isOffDay"].as_bool().unwrap());
                }
            }
            Oracle(off)
        })
    }

    fn is_work(&self, date: NaiveDate) -> bool {
        match self.0.get(&date) {
            Some(&off) => !off,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    fn nth(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        for _ in 0..n {
            day = day.succ_opt().unwrap();
            while !self.is_work(day) {
                day = day.succ_opt().unwrap();
            }
        }
        day
    }

    fn between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        a.iter_days()
            .skip(1)
            .take_while(|&x| x < b)
            .filter(|&x| self.is_work(x))
            .count() as u32
    }

    /// Seconds of `[from, to)` (to the second) that fall on working days.
    fn seconds(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        let (from, to) = (whole(from), whole(to));
        if to < from {
            return -self.seconds(to, from);
        }
        let mut total = 0;
        for day in from.date().iter_days().take_while(|&x| x <= to.date()) {
            if self.is_work(day) {
                let start = day.and_hms_opt(0, 0, 0).unwrap().max(from);
                let end = (day.and_hms_opt(0, 0, 0).unwrap() + Duration::days(1)).min(to);
                total += (end - start).num_seconds();
            }
        }
        total
    }
}

fn whole(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).unwrap()
}

/// Days from 2010-01-01 to 2026-12-31.
const SPAN_DAYS: i64 = 6208;

fn date_in_range() -> impl Strategy<Value = NaiveDate> {
    (0..=SPAN_DAYS).prop_map(|i| d(2010, 1, 1) + Duration::days(i))
}

/// Instants with fractions of a second, in 2016–2018 (short oracle walks).
fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..3 * 365 * 86_400, 0u32..1_000_000_000).prop_map(|(s, ns)| {
        d(2016, 1, 1).and_hms_nano_opt(0, 0, 0, ns).unwrap() + Duration::seconds(s)
    })
}

#[test]
fn every_day_2010_2026_agrees_with_the_files() {
    let (cal, oracle) = (builtin(), Oracle::get());
    for day in d(2010, 1, 1).iter_days().take(SPAN_DAYS as usize + 1) {
        assert_eq!(cal.is_workday(day).unwrap(), oracle.is_work(day), "{day}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn nth_workday_after_is_a_working_day_with_n_minus_1_between(date in date_in_range(), n in 0u32..60) {
        let cal = builtin();
        // Near the end of 2026 the answer may fall in 2027, which has no data.
        let Ok(r) = cal.nth_workday_after(date, n) else {
            prop_assert!(Oracle::get().nth(date, n).year() >= 2027);
            return Ok(());
        };
        prop_assert_eq!(r, Oracle::get().nth(date, n));
        if n == 0 {
            prop_assert_eq!(r, date);
        } else {
            prop_assert!(r > date);
            prop_assert!(cal.is_workday(r).unwrap());
            prop_assert_eq!(cal.workdays_between(date, r).unwrap(), n - 1);
            // Round trip: the (n−1)-th working day after d is the last one before r.
            prop_assert!(cal.nth_workday_after(date, n - 1).unwrap() < r);
        }
    }

    #[test]
    fn workdays_between_agrees_with_a_day_by_day_count(a in date_in_range(), len in 0i64..800) {
        let b = (a + Duration::days(len)).min(d(2026, 12, 31));
        let cal = builtin();
        prop_assert_eq!(cal.workdays_between(a, b).unwrap(), Oracle::get().between(a, b));
        prop_assert_eq!(cal.workdays_between(b, a).unwrap(), 0);
    }

    #[test]
    fn working_seconds_agree_with_the_oracle(a in instant(), b in instant()) {
        let cal = builtin();
        let ws = cal.working_seconds_between(a, b).unwrap();
        prop_assert_eq!(ws, Oracle::get().seconds(a, b));
        prop_assert_eq!(cal.working_hours_between(a, b).unwrap(), ws as f64 / 3600.0);
    }

    #[test]
    fn working_seconds_are_additive_antisymmetric_and_at_most_wall_time(
        x in instant(), y in instant(), z in instant()
    ) {
        let cal = builtin();
        let mut t = [x, y, z];
        t.sort();
        let [a, b, c] = t;
        let ws = |p, q| cal.working_seconds_between(p, q).unwrap();
        prop_assert_eq!(ws(a, c), ws(a, b) + ws(b, c));
        prop_assert_eq!(ws(c, a), -ws(a, c));
        prop_assert_eq!(ws(a, a), 0);
        prop_assert!(ws(a, c) >= 0);
        prop_assert!(ws(a, c) <= (whole(c) - whole(a)).num_seconds());
    }

    #[test]
    fn a_whole_working_day_is_86400_seconds(date in date_in_range()) {
        let cal = builtin();
        let start = date.and_hms_opt(0, 0, 0).unwrap();
        let Ok(ws) = cal.working_seconds_between(start, start + Duration::days(1)) else {
            prop_assert_eq!(date, d(2026, 12, 31)); // the next midnight is in 2027
            return Ok(());
        };
        prop_assert_eq!(ws, if cal.is_workday(date).unwrap() { 86_400 } else { 0 });
    }
}
