//! A year without data: every computation that needs one of its days fails
//! with a message naming the year and how to add it, unless weekends are
//! assumed — then Monday–Friday is used and the year is recorded (临时口径).

use super::{builtin, d, dt};
use mashang::calendar::{Calendar, CalendarError};

fn missing(year: i32) -> CalendarError {
    CalendarError::MissingYear { year }
}

#[test]
fn a_query_in_2030_fails_with_a_message_on_how_to_add_the_year() {
    let cal = Calendar::load(None, false).unwrap();
    let err = cal.is_workday(d(2030, 3, 4)).unwrap_err();
    assert_eq!(err, missing(2030));
    let msg = err.to_string();
    for needle in ["2030", "calendar/", "2030.json", "holiday-cn"] {
        assert!(msg.contains(needle), "message lacks {needle:?}: {msg}");
    }
    // Where a report needs the year, the run's error offers to assume weekends.
    let run = mashang::error::Error::Calendar(err).to_string();
    assert!(run.contains("--assume-weekends"), "{run}");
    assert!(cal.assumed_years().is_empty());
    assert!(!cal.assumes_weekends());
}

#[test]
fn every_operation_checks_the_years_it_spans() {
    let cal = builtin();
    assert_eq!(cal.nth_workday_after(d(2030, 1, 1), 0), Err(missing(2030)));
    // Wednesday 2026-12-30: the 1st working day after is 12-31, within 2026;
    // the 5th runs into 2027, which has no notice.
    assert_eq!(
        cal.nth_workday_after(d(2026, 12, 30), 1),
        Ok(d(2026, 12, 31))
    );
    assert_eq!(
        cal.nth_workday_after(d(2026, 12, 30), 5),
        Err(missing(2027))
    );
    assert_eq!(
        cal.workdays_between(d(2026, 12, 30), d(2027, 1, 5)),
        Err(missing(2027))
    );
    assert_eq!(
        cal.workdays_between(d(2009, 12, 30), d(2010, 1, 5)),
        Err(missing(2009))
    );
    assert_eq!(
        cal.workdays_between(d(2025, 1, 1), d(2031, 1, 1)),
        Err(missing(2027))
    );
    let ws = cal.working_seconds_between(dt("2026-12-31 10:00"), dt("2027-01-04 10:00"));
    assert_eq!(ws, Err(missing(2027)));
    let ws = cal.working_seconds_between(dt("2027-01-04 10:00"), dt("2026-12-31 10:00"));
    assert_eq!(ws, Err(missing(2027)));
}

/// Regression: with nothing strictly between, `workdays_between` answered 0
/// without looking at the years, so a date in a year without data passed.
#[test]
fn workdays_between_checks_years_even_when_nothing_is_between() {
    let cal = builtin();
    assert_eq!(
        cal.workdays_between(d(2030, 1, 5), d(2030, 1, 1)),
        Err(missing(2030))
    );
    assert_eq!(
        cal.workdays_between(d(2030, 1, 1), d(2030, 1, 1)),
        Err(missing(2030))
    );
    assert!(matches!(
        cal.workdays_between(d(2017, 1, 1), d(1900, 1, 1)),
        Err(CalendarError::OutOfRange(_))
    ));
}

/// Regression: a huge `n` overflowed `prefix + n` (a panic in debug builds, a
/// wrong earlier date in release) instead of failing.
#[test]
fn nth_workday_after_with_a_huge_n_fails_cleanly() {
    let cal = Calendar::load(None, true).unwrap();
    for n in [u32::MAX, u32::MAX - 1, 80_000, 60_000] {
        let got = cal.nth_workday_after(d(2017, 1, 26), n);
        assert!(
            matches!(got, Err(CalendarError::OutOfRange(_))),
            "n={n}: {got:?}"
        );
    }
}

#[test]
fn dates_outside_the_table_are_out_of_range() {
    let cal = Calendar::load(None, true).unwrap();
    assert!(matches!(
        cal.is_workday(d(1949, 12, 31)),
        Err(CalendarError::OutOfRange(_))
    ));
    assert!(matches!(
        cal.is_workday(d(2151, 1, 1)),
        Err(CalendarError::OutOfRange(_))
    ));
    assert!(cal.is_workday(d(1950, 1, 2)).unwrap()); // a Monday, assumed
}

#[test]
fn assume_weekends_counts_monday_to_friday_and_records_the_year() {
    let cal = Calendar::load(None, true).unwrap();
    assert!(cal.assumes_weekends());
    assert!(cal.assumed_years().is_empty());
    // Known years are not recorded.
    assert!(cal.is_workday(d(2017, 1, 22)).unwrap());
    assert!(cal.assumed_years().is_empty());
    // 2030-01-01 is a Tuesday (no notice: not a holiday here), 01-05 a Saturday.
    assert!(cal.is_workday(d(2030, 1, 1)).unwrap());
    assert!(!cal.is_workday(d(2030, 1, 5)).unwrap());
    assert_eq!(cal.assumed_years(), vec![2030]);
    // Thursday 2026-12-31 → Friday 2027-01-01, counted as an ordinary Friday.
    assert_eq!(
        cal.nth_workday_after(d(2026, 12, 31), 1).unwrap(),
        d(2027, 1, 1)
    );
    assert_eq!(cal.assumed_years(), vec![2027, 2030]);
    // Friday 2027-01-01 17:00 → Monday 01-04 09:00: 7 h + weekend + 9 h.
    let h = cal
        .working_hours_between(dt("2027-01-01 17:00"), dt("2027-01-04 09:00"))
        .unwrap();
    assert_eq!(h, 16.0);
    // Spanning years records each year without data. Tuesday 2027-06-01 to
    // 2029-06-01: 730 days strictly between = 104 weeks (520) + Wed, Thu = 522.
    assert_eq!(
        cal.workdays_between(d(2027, 6, 1), d(2029, 6, 1)).unwrap(),
        522
    );
    assert_eq!(cal.assumed_years(), vec![2027, 2028, 2029, 2030]);
    // The table itself does not change: the strict calendar hashes the same.
    assert_eq!(cal.hash(), builtin().hash());
}
