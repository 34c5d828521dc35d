//! Property tests of the date-time parser: every SPEC form, printed from a
//! random instant, parses back to that instant (format → parse round trip).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use mashang::normalise::datetime::{parse_text, When};
use proptest::prelude::*;

/// Prints `t` in form `form` (0..8), with or without seconds.
fn print(t: NaiveDateTime, form: usize, seconds: bool) -> String {
    let (y, mo, d) = (t.year(), t.month(), t.day());
    let (h, mi, s) = (t.hour(), t.minute(), t.second());
    let sec = |sep: &str| {
        if seconds {
            format!("{sep}{s:02}")
        } else {
            String::new()
        }
    };
    match form {
        0 => format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}{}", sec(":")),
        1 => format!("{y}/{mo}/{d} {h}:{mi:02}{}", sec(":")),
        2 => format!("{y}.{mo}.{d} {h}:{mi:02}{}", sec(":")),
        3 => format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}{}", sec(":")),
        4 => format!("{y}年{mo}月{d}日 {h}:{mi:02}{}", sec(":")),
        5 => format!(
            "{y}年{mo}月{d}日{h}时{mi}分{}",
            if seconds {
                format!("{s}秒")
            } else {
                String::new()
            }
        ),
        6 => format!(
            "{y}{mo:02}{d:02} {h:02}{mi:02}{}",
            if seconds {
                format!("{s:02}")
            } else {
                String::new()
            }
        ),
        _ => {
            // Full-width digits, as some systems export.
            let ascii = format!("{y}年{mo}月{d}日{h}时{mi}分");
            ascii
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .map_or(c, |v| char::from_u32(0xFF10 + v).unwrap())
                })
                .collect()
        }
    }
}

fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..(40 * 366 * 86_400)).prop_map(|secs| {
        NaiveDate::from_ymd_opt(2000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + chrono::Duration::seconds(secs)
    })
}

proptest! {
    #[test]
    fn every_form_round_trips(t in instant(), form in 0usize..8, seconds in any::<bool>()) {
        let expected = if seconds && form < 7 { t } else { t.with_second(0).unwrap() };
        let text = print(t, form, seconds);
        prop_assert_eq!(parse_text(&text), Some(When::At(expected)), "{}", text);
    }

    #[test]
    fn dates_alone_round_trip(t in instant(), form in 0usize..5) {
        let d = t.date();
        let (y, mo, day) = (d.year(), d.month(), d.day());
        let text = match form {
            0 => format!("{y}-{mo:02}-{day:02}"),
            1 => format!("{y}/{mo}/{day}"),
            2 => format!("{y}.{mo}.{day}"),
            3 => format!("{y}年{mo}月{day}日"),
            _ => format!("{y}{mo:02}{day:02}"),
        };
        prop_assert_eq!(parse_text(&text), Some(When::Date(d)), "{}", text);
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,40}") {
        let _ = parse_text(&text);
    }
}
