//! Calendar files in a rules folder (`--rules DIR` → `DIR/calendar/*.json`):
//! they add years and override single days, merged by date; a bad file fails
//! with an error naming it. The fixtures' dates are made up for the tests.

use super::{builtin, d};
use mashang::calendar::{Calendar, CalendarError};
use std::path::Path;

/// A rules folder holding `calendar/<name>` files.
fn rules_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("calendar");
    std::fs::create_dir(&cal).unwrap();
    for (name, bytes) in files {
        std::fs::write(cal.join(name), bytes).unwrap();
    }
    dir
}

fn load(dir: &Path) -> Result<Calendar, CalendarError> {
    Calendar::load(Some(dir), false)
}

const YEAR_2027: &str = r#"{"year": 2027, "papers": ["https://example.invalid/2027"], "days": [
    {"name": "测试假日", "date": "2027-01-01", "isOffDay": true},
    {"name": "测试假日", "date": "2027-01-09", "isOffDay": false}]}"#;

const LOCAL_2017: &str = r#"{"year": 2017, "papers": [], "days": [
    {"name": "地方假日", "date": "2017-03-08", "isOffDay": true}]}"#;

#[test]
fn a_user_file_adds_a_year() {
    let dir = rules_dir(&[("2027.json", YEAR_2027.as_bytes())]);
    let cal = load(dir.path()).unwrap();
    assert!(cal.has_year(2027) && !builtin().has_year(2027));
    assert!(!cal.is_workday(d(2027, 1, 1)).unwrap()); // a Friday, made off
    assert!(cal.is_workday(d(2027, 1, 9)).unwrap()); // a Saturday, made a working day
    assert!(cal.is_workday(d(2027, 1, 4)).unwrap()); // an ordinary Monday
    let year = cal.years().into_iter().find(|y| y.year == 2027).unwrap();
    assert!(
        year.source.ends_with("2027.json") && !year.source.starts_with("内置"),
        "{year:?}"
    );
    assert_eq!(year.papers, vec!["https://example.invalid/2027".to_owned()]);
    let days = cal.special_days(2027);
    assert_eq!(days.len(), 2);
    assert!(days.iter().all(|s| s.source == year.source));
    assert_ne!(cal.hash(), builtin().hash());
}

#[test]
fn a_local_day_off_overrides_a_builtin_day_and_changes_the_hash() {
    let dir = rules_dir(&[("local.json", LOCAL_2017.as_bytes())]);
    let cal = load(dir.path()).unwrap();
    // Wednesday 2017-03-08: a working day in the notice, off locally.
    assert!(builtin().is_workday(d(2017, 3, 8)).unwrap());
    assert!(!cal.is_workday(d(2017, 3, 8)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2017, 3, 7), 1).unwrap(),
        d(2017, 3, 9)
    );
    assert_ne!(cal.hash(), builtin().hash());
    let day = cal
        .special_days(2017)
        .into_iter()
        .find(|s| s.date == d(2017, 3, 8))
        .unwrap();
    assert!(day.source.ends_with("local.json") && day.off);
    // The other 2017 days still come from the built-in file.
    let day = cal
        .special_days(2017)
        .into_iter()
        .find(|s| s.date == d(2017, 1, 22))
        .unwrap();
    assert_eq!(day.source, "内置:2017.json");
}

/// Regression: a file for a year that already had one replaced the year's
/// source and papers, so 数据说明 lost the built-in notice of 2017.
#[test]
fn a_second_file_for_a_year_keeps_the_first_files_papers_and_lists_both() {
    let dir = rules_dir(&[("local.json", LOCAL_2017.as_bytes())]);
    let cal = load(dir.path()).unwrap();
    let year = cal.years().into_iter().find(|y| y.year == 2017).unwrap();
    assert_eq!(year.papers, builtin().years()[7].papers, "{year:?}");
    assert!(
        year.source.contains("内置:2017.json") && year.source.contains("local.json"),
        "{year:?}"
    );
    assert_eq!(year.files.len(), 2);
    assert_eq!(year.files[0], "内置:2017.json");
}

#[test]
fn a_user_file_can_cancel_a_builtin_make_up_day() {
    let text =
        r#"{"year": 2017, "days": [{"name": "春节", "date": "2017-01-22", "isOffDay": true}]}"#;
    let dir = rules_dir(&[("override.json", text.as_bytes())]);
    let cal = load(dir.path()).unwrap();
    assert!(!cal.is_workday(d(2017, 1, 22)).unwrap());
    assert_eq!(
        cal.nth_workday_after(d(2017, 1, 20), 1).unwrap(),
        d(2017, 1, 23)
    );
}

#[test]
fn files_are_merged_in_name_order_the_later_one_wins() {
    let off = r#"{"year": 2017, "days": [{"name": "甲", "date": "2017-03-08", "isOffDay": true}]}"#;
    let work =
        r#"{"year": 2017, "days": [{"name": "乙", "date": "2017-03-08", "isOffDay": false}]}"#;
    let dir = rules_dir(&[("b.json", work.as_bytes()), ("a.json", off.as_bytes())]);
    let cal = load(dir.path()).unwrap();
    assert!(cal.is_workday(d(2017, 3, 8)).unwrap());
    let day = cal
        .special_days(2017)
        .into_iter()
        .find(|s| s.date == d(2017, 3, 8))
        .unwrap();
    assert!(day.source.ends_with("b.json") && day.name == "乙");
}

#[test]
fn bad_json_fails_naming_the_file() {
    let dir = rules_dir(&[("2028.json", b"{ \"year\": 2028, \"days\": [ oops ] }")]);
    let err = load(dir.path()).unwrap_err();
    match &err {
        CalendarError::BadFile { file, .. } => assert!(file.ends_with("2028.json"), "{file}"),
        other => panic!("expected BadFile, got {other:?}"),
    }
    assert!(err.to_string().contains("2028.json"), "{err}");
}

#[test]
fn a_file_in_the_wrong_shape_fails_naming_the_file() {
    let no_flag = r#"{"year": 2028, "days": [{"name": "元旦", "date": "2028-01-01"}]}"#;
    let bad_date =
        r#"{"year": 2028, "days": [{"name": "元旦", "date": "2028-02-30", "isOffDay": true}]}"#;
    let far_year = r#"{"year": 3000, "days": []}"#;
    for text in [no_flag, bad_date, far_year] {
        let dir = rules_dir(&[("x.json", text.as_bytes())]);
        let err = load(dir.path()).unwrap_err();
        assert!(
            matches!(&err, CalendarError::BadFile { file, .. } if file.ends_with("x.json")),
            "{err:?}"
        );
    }
}

/// The same date twice with opposite flags in one file is an error in the
/// file, not something to resolve silently.
#[test]
fn a_date_listed_twice_with_opposite_flags_fails() {
    let text = r#"{"year": 2028, "days": [
        {"name": "元旦", "date": "2028-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2028-01-01", "isOffDay": false}]}"#;
    let dir = rules_dir(&[("2028.json", text.as_bytes())]);
    let err = load(dir.path()).unwrap_err();
    assert!(
        matches!(&err, CalendarError::BadFile { message, .. } if message.contains("2028-01-01")),
        "{err:?}"
    );
}

/// A file saved as GBK (Notepad on a Chinese Windows) is read, as scripts are.
#[test]
fn a_file_in_gbk_is_read() {
    // "{"name": "元旦"...}" with 元旦 in GBK (D4AA B5A9).
    let mut bytes = br#"{"year": 2028, "days": [{"name": ""#.to_vec();
    bytes.extend([0xD4, 0xAA, 0xB5, 0xA9]);
    bytes.extend(br#"", "date": "2028-01-01", "isOffDay": true}]}"#);
    let dir = rules_dir(&[("2028.json", &bytes)]);
    let cal = load(dir.path()).unwrap();
    assert!(cal.has_year(2028));
    assert_eq!(cal.is_workday(d(2028, 1, 1)), Ok(false));
}

#[test]
fn an_upstream_holiday_cn_file_with_schema_and_bom_loads() {
    let text = "\u{feff}{\"$schema\": \"https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json\",\
        \"$id\": \"x\", \"year\": 2027, \"papers\": [], \"days\": []}";
    let dir = rules_dir(&[("2027.json", text.as_bytes())]);
    assert!(load(dir.path()).unwrap().has_year(2027));
}

#[test]
fn other_files_and_a_folder_without_calendar_are_ignored() {
    let dir = rules_dir(&[("README.md", b"# not json"), ("notes.txt", b"x")]);
    assert_eq!(load(dir.path()).unwrap().hash(), builtin().hash());
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(load(empty.path()).unwrap().hash(), builtin().hash());
}

#[test]
fn the_builtin_years_and_hash() {
    let cal = builtin();
    let years = cal.years();
    assert_eq!(
        years.iter().map(|y| y.year).collect::<Vec<_>>(),
        (2010..=2026).collect::<Vec<_>>()
    );
    for y in &years {
        assert_eq!(y.source, format!("内置:{}.json", y.year));
        assert!(!y.papers.is_empty(), "{y:?}");
    }
    assert!(cal.has_year(2010) && cal.has_year(2026) && !cal.has_year(2009));
    assert_eq!(cal.hash().len(), 64);
    assert!(cal.hash().bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(Calendar::load(None, true).unwrap().hash(), cal.hash());
}
