//! The text of `mashang calendar [YEAR]`: the year's source file and notices,
//! its holidays by festival with date ranges, its make-up working days with
//! their weekday, and its number of working days.

use super::{builtin, builtin_text, from_files};
use mashang::calendar::{describe_year, describe_years, CalendarError};

fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
}

#[test]
fn the_2017_text() {
    let text = describe_year(builtin(), 2017).unwrap();
    for line in [
        "2017 年",
        "内置:2017.json",
        "http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm",
        "元旦　2017-01-01 至 2017-01-02（2天）",
        "春节　2017-01-27 至 2017-02-02（7天）",
        "清明节　2017-04-02 至 2017-04-04（3天）",
        "劳动节　2017-05-01（1天）",
        "端午节　2017-05-28 至 2017-05-30（3天）",
        "中秋节、国庆节　2017-10-01 至 2017-10-08（8天）",
        "2017-01-22（星期日）调休上班",
        "2017-02-04（星期六）调休上班",
        "2017-04-01（星期六）调休上班",
        "2017-05-27（星期六）调休上班",
        "2017-09-30（星期六）调休上班",
        "全年工作日 249 天",
    ] {
        assert_has(&text, line);
    }
    // Festivals in calendar order, each once.
    let spring = text.find("春节　").unwrap();
    assert!(text.find("元旦　").unwrap() < spring && spring < text.find("清明节　").unwrap());
    assert_eq!(text.matches("春节　").count(), 1);
}

/// 2018's last days come from the 2019 notice; the text says so.
#[test]
fn days_from_a_neighbouring_years_file_name_it() {
    let text = describe_year(builtin(), 2018).unwrap();
    assert_has(
        &text,
        "元旦　2018-12-30 至 2018-12-31（2天，来源：内置:2019.json）",
    );
    assert_has(
        &text,
        "2018-12-29（星期六）调休上班（元旦，来源：内置:2019.json）",
    );
    assert_has(&text, "元旦　2018-01-01（1天）");
    let text = describe_year(builtin(), 2019).unwrap();
    assert_has(&text, "本年文件另含 2018 年的日期");
    assert!(
        !text.contains("2018-12-29（"),
        "2018's days are listed under 2018:\n{text}"
    );
}

/// The 2014 file lists 04-05 (Sat) and 04-07 (Mon) but not Sunday 04-06: one
/// holiday of three days all the same.
#[test]
fn a_holiday_block_spans_an_unlisted_weekend_day() {
    let text = describe_year(builtin(), 2014).unwrap();
    assert_has(&text, "清明节　2014-04-05 至 2014-04-07（3天）");
}

#[test]
fn a_year_without_data_says_how_to_add_it() {
    let err = describe_year(builtin(), 2030).unwrap_err();
    assert_eq!(err, CalendarError::MissingYear { year: 2030 });
    assert_has(&err.to_string(), "2030.json");
    assert_has(&err.to_string(), "calendar/");
}

#[test]
fn a_user_year_and_an_overridden_day_show_their_files() {
    let local =
        r#"{"year": 2017, "days": [{"name": "地方假日", "date": "2017-03-08", "isOffDay": true}]}"#;
    let cal = from_files(
        &[
            ("内置:2017.json", builtin_text(2017)),
            ("rules/calendar/local.json", local),
        ],
        false,
    );
    let text = describe_year(&cal, 2017).unwrap();
    assert_has(&text, "内置:2017.json、rules/calendar/local.json");
    assert_has(
        &text,
        "地方假日　2017-03-08（1天，来源：rules/calendar/local.json）",
    );
    assert_has(&text, "全年工作日 248 天");
}

#[test]
fn a_year_with_no_special_days() {
    let cal = from_files(
        &[("2027.json", r#"{"year": 2027, "papers": [], "days": []}"#)],
        false,
    );
    let text = describe_year(&cal, 2027).unwrap();
    assert_has(&text, "放假：无");
    assert_has(&text, "调休上班：无");
    // 2027 starts on a Friday: 365 days = 52 weeks + Friday 12-31 → 261 weekdays.
    assert_has(&text, "全年工作日 261 天");
}

#[test]
fn the_overview_lists_every_year_and_the_hash() {
    let text = describe_years(builtin());
    for year in 2010..=2026 {
        assert_has(&text, &format!("{year} 年　内置:{year}.json"));
    }
    assert_has(&text, builtin().hash());
    assert_has(&text, "calendar/");
}
