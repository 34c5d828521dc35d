//! Runs that must fail cleanly — exit 1, a Chinese message on stderr, and no
//! workbook — and their lenient counterparts: a year without calendar data
//! (and `--assume-weekends`), a broken rules folder, an unreadable file with
//! and without `--strict`.

use super::fixture::county;
use super::*;

/// Cases in 2030, a year the built-in calendar has no notice for. X-1 is
/// assigned Friday 2030-03-01 09:00; counting Monday–Friday its deadline is
/// Monday 03-04 23:59:59 (W10) and its reply on 03-04 10:00 is on time, after
/// 15 h (Friday) + 0 h (weekend) + 10 h (Monday) = 25 working hours.
fn year_2030() -> Work {
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位\nX-1,2030-03-01 09:00,华胥镇\nX-2,2030-03-12 09:00,县公安局\n"
            .as_bytes(),
    );
    w.bytes(
        "反馈.csv",
        "事项编号,反馈时间,办理状态\nX-1,2030-03-04 10:00,已办结\n".as_bytes(),
    );
    w
}

#[test]
fn a_year_without_calendar_data_fails_naming_the_year_and_writes_nothing() {
    let w = year_2030();
    let run = w.run(&["report", "in", "--week", "2030-W10", "--out", "out"]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    let err = stderr(&run);
    assert!(err.contains("缺少 2030 年的节假日安排"), "{err}");
    assert!(err.contains("--assume-weekends"), "{err}");
    assert!(files_in(&w.path().join("out")).is_empty());
    assert!(stdout(&run).is_empty(), "{}", show(&run));
}

#[test]
fn assume_weekends_counts_monday_to_friday_and_says_it_is_provisional() {
    let w = year_2030();
    let (path, _) = report(&w, &["--week", "2030-W10", "--assume-weekends"]);
    let title = &sheet(&path, "通报")[0][0];
    assert_eq!(
        title,
        "蓝田县马上就办事项办理情况通报（2030年第10周，3月4日—3月10日）（临时口径）"
    );
    let details = sheet(&path, "明细");
    let x1 = &case_rows(&details, "X-1")[0];
    assert_eq!(
        [&x1[6], &x1[8], &x1[9], &x1[10]],
        [
            "2030-03-04 23:59:59",
            "2030-03-04 10:00:00",
            "按时反馈",
            "25"
        ]
    );
    let lines: Vec<String> = sheet(&path, "数据说明")
        .iter()
        .map(|r| r.join(" | "))
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with("临时口径 | ")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "日历提示 | 2030 年没有节假日数据，已按周一至周五临时计算（临时口径） | "),
        "{lines:#?}"
    );
}

#[test]
fn a_rules_syntax_error_names_the_script_and_writes_nothing() {
    let w = county();
    w.rule(
        "deadline.rhai",
        "fn deadline(task) {\n    let t = task.交办时间 +;\n    t\n}\n",
    );
    let run = w.run(&["report", "in", "--rules", "rules", "--out", "out"]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    let err = stderr(&run);
    assert!(err.contains("deadline.rhai"), "{err}");
    assert!(err.contains("第 2 行"), "{err}");
    assert!(err.contains("语法错误"), "{err}");
    assert!(files_in(&w.path().join("out")).is_empty());
}

#[test]
fn a_rule_failing_on_a_case_names_the_hook_and_the_case_and_writes_nothing() {
    let w = county();
    // Fails only for the 特急 case LT-10: the whole run fails.
    w.rule(
        "deadline.rhai",
        "fn deadline(task) {\n    if task.紧急程度 == \"特急\" {\n        throw \"不支持特急\";\n    }\n    end_of_day(nth_workday_after(task.交办时间, 1))\n}\n",
    );
    let run = w.run(&["report", "in", "--rules", "rules", "--out", "out"]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    let err = stderr(&run);
    for needle in ["deadline.rhai", "deadline", "LT-10", "第 3 行"] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    assert!(files_in(&w.path().join("out")).is_empty());
}

#[test]
fn an_unreadable_file_fails_a_strict_run_and_is_listed_otherwise() {
    let w = county();
    w.bytes("坏文件.xlsx", b"not a workbook");
    let run = w.run(&[
        "report", "in", "--week", "2017-W05", "--strict", "--out", "out",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    assert!(stderr(&run).contains("坏文件.xlsx"), "{}", show(&run));
    assert!(stderr(&run).contains("--strict"), "{}", show(&run));
    assert!(files_in(&w.path().join("out")).is_empty());

    let (path, run) = report(&w, W05);
    assert!(stderr(&run).contains("坏文件.xlsx"), "{}", show(&run));
    let anomalies = sheet(&path, "异常数据");
    let bad = case_rows(&anomalies, "坏文件.xlsx");
    assert_eq!(bad.len(), 1, "{anomalies:#?}");
    // A file-level problem: no sheet, no row number, no 事项编号.
    assert_eq!(bad[0][1..4], ["", "", ""]);
    assert!(bad[0][4].contains("无法读取") || bad[0][4].contains("不是电子表格"));
    // The other files are still used: the ranking is the usual one.
    assert_eq!(unit_row(&ranking(&path), "县水务局")[11], "48");
    let notes: Vec<String> = sheet(&path, "数据说明")
        .iter()
        .map(|r| r.join(" | "))
        .collect();
    assert!(
        notes.iter().any(|l| l.starts_with("读取失败 | ")),
        "{notes:#?}"
    );
}

/// 4,000 cases C-0001…C-4000, assigned on Friday 2017-02-03, none replied
/// to; `rule` is the one rules file, throwing from case C-0100 on. Judging
/// runs across cores, so later cases fail first on another thread.
fn failing_from_case_100(file: &str, rule: &str) -> Work {
    let w = Work::new();
    let mut csv = String::from("事项编号,交办时间,承办单位\n");
    for i in 1..=4000 {
        csv += &format!("C-{i:04},2017-02-03 09:00,县公安局\n");
    }
    w.bytes("交办.csv", csv.as_bytes());
    w.rule(file, rule);
    w
}

#[test]
fn of_many_failing_cases_the_first_in_input_order_is_named() {
    let number = "task.事项编号.sub_string(2).parse_int()";
    let deadline = failing_from_case_100(
        "deadline.rhai",
        &format!(
            "fn deadline(task) {{\n    if {number} >= 100 {{ throw \"编号过大\"; }}\n    task.交办时间.add_hours(1)\n}}\n"
        ),
    );
    let escalation = failing_from_case_100(
        "escalation.rhai",
        &format!(
            "fn escalation(task, w) {{\n    if {number} >= 100 {{ throw \"编号过大\"; }}\n    \"催办\"\n}}\n"
        ),
    );
    for (w, hook) in [(deadline, "deadline.rhai"), (escalation, "escalation.rhai")] {
        let run = w.run(&[
            "report", "in", "--rules", "rules", "--week", "2017-W06", "--out", "out",
        ]);
        assert_eq!(run.status.code(), Some(1), "{}", show(&run));
        let err = stderr(&run);
        assert!(err.contains(hook), "{err}");
        assert!(err.contains("C-0100"), "{err}");
        assert!(files_in(&w.path().join("out")).is_empty());
    }
}
