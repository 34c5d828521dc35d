//! Hand-worked expectations. Each was reasoned from the year's notice (the
//! holidays and the weekend make-up days it lists) and the weekdays of the
//! dates, written out in the comments, not computed by the code under test.

use super::{builtin, builtin_text, d, dt, from_files};

/// 2017 Spring Festival: 01-22 (Sun) works, 01-27 (Fri) to 02-02 (Thu) off,
/// 02-04 (Sat) works; 01-21 (Sat) and 02-05 (Sun) are ordinary weekend days.
#[test]
fn spring_festival_2017_days() {
    let cal = builtin();
    let work = [
        d(2017, 1, 20),
        d(2017, 1, 22),
        d(2017, 1, 26),
        d(2017, 2, 3),
        d(2017, 2, 4),
        d(2017, 2, 6),
    ];
    for day in work {
        assert!(
            cal.is_workday(day).unwrap(),
            "{day} should be a working day"
        );
    }
    let mut off = vec![d(2017, 1, 21), d(2017, 2, 5)];
    off.extend(d(2017, 1, 27).iter_days().take(7)); // 01-27 .. 02-02
    for day in off {
        assert!(!cal.is_workday(day).unwrap(), "{day} should be a day off");
    }
}

#[test]
fn spring_festival_2017_nth_workday_after() {
    let cal = builtin();
    // Thursday 01-26: the next working day after the 7-day holiday is Friday 02-03.
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 26), 1).unwrap(),
        d(2017, 2, 3)
    );
    // Then the Saturday make-up day 02-04, then Monday 02-06 (Sunday 02-05 is off).
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 26), 2).unwrap(),
        d(2017, 2, 4)
    );
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 26), 3).unwrap(),
        d(2017, 2, 6)
    );
    // SPEC §4: assigned Friday 02-03, due Saturday 02-04 (a make-up working day).
    assert_eq!(
        cal.nth_workday_after(d(2017, 2, 3), 1).unwrap(),
        d(2017, 2, 4)
    );
    // Friday 01-20: Saturday 01-21 is off, Sunday 01-22 is a make-up day.
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 20), 1).unwrap(),
        d(2017, 1, 22)
    );
    // From a day off: Saturday 01-21 → Sunday 01-22; holiday 01-28 → 02-03.
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 21), 1).unwrap(),
        d(2017, 1, 22)
    );
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 28), 1).unwrap(),
        d(2017, 2, 3)
    );
    // n = 0 is the date itself, even a day off.
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 28), 0).unwrap(),
        d(2017, 1, 28)
    );
}

#[test]
fn spring_festival_2017_workdays_between() {
    let cal = builtin();
    // Strictly between 01-26 and 02-04: 01-27..02-02 off, 02-03 works → 1.
    assert_eq!(
        cal.workdays_between(d(2017, 1, 26), d(2017, 2, 4)).unwrap(),
        1
    );
    assert_eq!(
        cal.workdays_between(d(2017, 1, 26), d(2017, 2, 3)).unwrap(),
        0
    );
    // Between Friday 01-20 and Monday 01-23: only Sunday 01-22 (make-up).
    assert_eq!(
        cal.workdays_between(d(2017, 1, 20), d(2017, 1, 23))
            .unwrap(),
        1
    );
    // Same day, next day, reversed: nothing strictly between.
    assert_eq!(
        cal.workdays_between(d(2017, 2, 3), d(2017, 2, 3)).unwrap(),
        0
    );
    assert_eq!(
        cal.workdays_between(d(2017, 2, 3), d(2017, 2, 4)).unwrap(),
        0
    );
    assert_eq!(
        cal.workdays_between(d(2017, 2, 4), d(2017, 1, 26)).unwrap(),
        0
    );
}

/// 2017: 260 weekdays (365 days from a Sunday: 52 weeks + Sunday 12-31);
/// weekday holidays 01-02, 01-27, 01-30..02-02, 04-03, 04-04, 05-01, 05-29,
/// 05-30, 10-02..10-06 = 16; make-up days 01-22, 02-04, 04-01, 05-27, 09-30 = 5.
/// 260 − 16 + 5 = 249, all strictly between 01-01 and 12-31 (both Sundays off).
#[test]
fn working_days_of_2017() {
    assert_eq!(
        builtin()
            .workdays_between(d(2017, 1, 1), d(2017, 12, 31))
            .unwrap(),
        249
    );
}

#[test]
fn spring_festival_2017_working_hours() {
    let cal = builtin();
    // 01-26 17:00 → 24:00 is 7 h; 01-27..02-02 off; 02-03 00:00 → 09:00 is 9 h.
    let h = cal
        .working_hours_between(dt("2017-01-26 17:00"), dt("2017-02-03 09:00"))
        .unwrap();
    assert_eq!(h, 16.0);
    let s = cal
        .working_seconds_between(dt("2017-02-03 09:00"), dt("2017-01-26 17:00"))
        .unwrap();
    assert_eq!(s, -16 * 3600, "reversed order is negative");
    // Within one holiday: nothing; within one working day: the wall time.
    assert_eq!(
        cal.working_seconds_between(dt("2017-01-27 10:00"), dt("2017-01-27 15:00"))
            .unwrap(),
        0
    );
    assert_eq!(
        cal.working_seconds_between(dt("2017-01-26 09:00"), dt("2017-01-26 17:30"))
            .unwrap(),
        30_600
    );
    // Friday 23:00 → Sunday 10:00: 1 h + the whole make-up Saturday + Sunday off.
    assert_eq!(
        cal.working_hours_between(dt("2017-02-03 23:00"), dt("2017-02-05 10:00"))
            .unwrap(),
        25.0
    );
    // From a day off into a make-up day: Saturday 01-21 gives 0, Sunday 01-22 gives 12 h.
    assert_eq!(
        cal.working_hours_between(dt("2017-01-21 12:00"), dt("2017-01-22 12:00"))
            .unwrap(),
        12.0
    );
    // End of day is 23:59:59: a full working day from midnight is one second short.
    let eod = mashang::calendar::end_of_day(d(2017, 2, 3));
    assert_eq!(eod, dt("2017-02-03 23:59:59"));
    assert_eq!(
        cal.working_seconds_between(dt("2017-02-03 00:00"), eod)
            .unwrap(),
        86_399
    );
}

/// National Day 2017 (with Mid-Autumn): 10-01..10-08 off, Saturday 09-30 works.
#[test]
fn national_day_2017() {
    let cal = builtin();
    assert!(cal.is_workday(d(2017, 9, 30)).unwrap());
    for day in d(2017, 10, 1).iter_days().take(8) {
        assert!(!cal.is_workday(day).unwrap(), "{day}");
    }
    assert!(cal.is_workday(d(2017, 10, 9)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2017, 9, 29), 1).unwrap(),
        d(2017, 9, 30)
    );
    assert_eq!(
        cal.nth_workday_after(d(2017, 9, 30), 1).unwrap(),
        d(2017, 10, 9)
    );
    assert_eq!(
        cal.nth_workday_after(d(2017, 9, 29), 2).unwrap(),
        d(2017, 10, 9)
    );
    assert_eq!(
        cal.workdays_between(d(2017, 9, 29), d(2017, 10, 9))
            .unwrap(),
        1
    );
    assert_eq!(
        cal.workdays_between(d(2017, 9, 30), d(2017, 10, 9))
            .unwrap(),
        0
    );
    // 09-30 08:00 → 24:00 is 16 h; 10-09 00:00 → 08:00 is 8 h.
    let h = cal
        .working_hours_between(dt("2017-09-30 08:00"), dt("2017-10-09 08:00"))
        .unwrap();
    assert_eq!(h, 24.0);
}

/// The 2019 notice carries 2018's last days: Saturday 12-29 works, 12-30 (Sun)
/// and 12-31 (Mon) are off with 2019-01-01 (Tue); 01-02 (Wed) works.
#[test]
fn make_up_day_of_the_next_years_notice_2018_2019() {
    let cal = builtin();
    assert!(cal.is_workday(d(2018, 12, 29)).unwrap());
    assert!(!cal.is_workday(d(2018, 12, 31)).unwrap());
    assert!(!cal.is_workday(d(2019, 1, 1)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2018, 12, 28), 1).unwrap(),
        d(2018, 12, 29)
    );
    assert_eq!(
        cal.nth_workday_after(d(2018, 12, 29), 1).unwrap(),
        d(2019, 1, 2)
    );
    assert_eq!(
        cal.workdays_between(d(2018, 12, 28), d(2019, 1, 2))
            .unwrap(),
        1
    );
    // 12-29 20:00 → 24:00 is 4 h; 12-30, 12-31, 01-01 off; 01-02 00:00 → 10:00 is 10 h.
    let h = cal
        .working_hours_between(dt("2018-12-29 20:00"), dt("2019-01-02 10:00"))
        .unwrap();
    assert_eq!(h, 14.0);
    let day = cal
        .special_days(2018)
        .into_iter()
        .find(|s| s.date == d(2018, 12, 29))
        .unwrap();
    assert!(!day.off);
    assert_eq!(day.source, "内置:2019.json");
}

/// Saturday 2011-12-31 is a make-up day of the 2012 notice (元旦 2012-01-01..03).
/// Without the 2012 file it is an ordinary Saturday.
#[test]
fn make_up_day_2011_12_31_comes_from_the_2012_file() {
    let cal = builtin();
    assert!(cal.is_workday(d(2011, 12, 31)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2011, 12, 30), 1).unwrap(),
        d(2011, 12, 31)
    );
    assert_eq!(
        cal.nth_workday_after(d(2011, 12, 31), 1).unwrap(),
        d(2012, 1, 4)
    );
    let only_2011 = from_files(&[("2011.json", builtin_text(2011))], false);
    assert!(!only_2011.is_workday(d(2011, 12, 31)).unwrap());
    let both = from_files(
        &[
            ("2011.json", builtin_text(2011)),
            ("2012.json", builtin_text(2012)),
        ],
        false,
    );
    assert!(both.is_workday(d(2011, 12, 31)).unwrap());
}

/// New Year 2017 across the boundary: Friday 2016-12-30, then Saturday 12-31,
/// Sunday 01-01 and Monday 01-02 (holiday) off, so Tuesday 01-03.
#[test]
fn year_boundary_2016_2017() {
    let cal = builtin();
    assert_eq!(
        cal.nth_workday_after(d(2016, 12, 30), 1).unwrap(),
        d(2017, 1, 3)
    );
    assert_eq!(
        cal.workdays_between(d(2016, 12, 30), d(2017, 1, 3))
            .unwrap(),
        0
    );
    assert_eq!(
        cal.workdays_between(d(2016, 12, 29), d(2017, 1, 4))
            .unwrap(),
        2
    );
    let h = cal
        .working_hours_between(dt("2016-12-30 12:00"), dt("2017-01-03 12:00"))
        .unwrap();
    assert_eq!(h, 24.0);
}

/// 2020 Spring Festival, extended by the notice of 2020-01-27 to 02-02: Sunday
/// 01-19 works, 01-24..02-02 off — so Saturday 02-01, first a make-up day, is off.
#[test]
fn spring_festival_2020_extension() {
    let cal = builtin();
    assert!(cal.is_workday(d(2020, 1, 19)).unwrap());
    for day in d(2020, 1, 24).iter_days().take(10) {
        assert!(!cal.is_workday(day).unwrap(), "{day}");
    }
    assert!(cal.is_workday(d(2020, 2, 3)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2020, 1, 17), 1).unwrap(),
        d(2020, 1, 19)
    );
    assert_eq!(
        cal.nth_workday_after(d(2020, 1, 23), 1).unwrap(),
        d(2020, 2, 3)
    );
    assert_eq!(
        cal.workdays_between(d(2020, 1, 23), d(2020, 2, 3)).unwrap(),
        0
    );
    // 01-23 18:00 → 24:00 is 6 h; 02-03 00:00 → 09:00 is 9 h.
    let h = cal
        .working_hours_between(dt("2020-01-23 18:00"), dt("2020-02-03 09:00"))
        .unwrap();
    assert_eq!(h, 15.0);
}

/// Instants are counted to the second: fractions are dropped, so the sum over
/// split intervals stays exact.
#[test]
fn fractional_seconds_are_dropped_consistently() {
    let cal = builtin();
    let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap();
    let (a, b, c) = (
        t("2017-02-03 10:00:00.5"),
        t("2017-02-03 10:00:01.2"),
        t("2017-02-03 10:00:02.0"),
    );
    let ws = |x, y| cal.working_seconds_between(x, y).unwrap();
    assert_eq!(ws(a, c), ws(a, b) + ws(b, c));
    assert_eq!(ws(a, b), 1);
    // Across midnight the same rule holds.
    let (e, f) = (t("2017-02-03 23:59:59.9"), t("2017-02-04 00:00:00.1"));
    assert_eq!(ws(e, f), 1);
}
