//! `explain <DIR> <事项编号>…`: for each assignment of a case, the unit and its
//! role, the deadline and its basis, the first reply, the outcome, the overdue
//! working days and the escalation, each with the script that decided it.

use super::fixture::county;
use super::*;

#[test]
fn explain_shows_how_each_assignment_of_a_case_was_judged() {
    let w = county();
    // As-of the end of W05: LT-01 (Wednesday 01-18 10:00, two units) is due
    // Thursday 01-19 23:59:59. 县住建局 never replied: w = 01-20, 01-22,
    // 01-23..01-26, 02-03, 02-04 = 8 → 联合督办. 县水务局 (协办) replied 01-19
    // 15:00: on time, 14 h (01-18) + 15 h (01-19) = 29 working hours.
    let run = w.run(&["explain", "in", "LT-01", "--as-of", "2017-02-05 23:59:59"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let out = stdout(&run);
    let expected = "\
事项 LT-01（来源：群众投诉；紧急程度：一般；交办时间 2017-01-18 10:00:00；办理时限：（无））
  登记于 交办登记.xlsx [交办登记] 第3行
  判定截止 2017-02-05 23:59:59
  承办单位 县住建局（主办，县直部门）
    应反馈时间 2017-01-19 23:59:59；时限依据：一般：1个工作日   [deadline ← 内置:deadline.rhai]
    截止时尚无反馈
    结果：超期未反馈
    逾期工作日 8（应反馈日期与判定截止日期之间的工作日数）；督办措施：联合督办   [escalation ← 内置:escalation.rhai]
  承办单位 县水务局（协办，县直部门）
    应反馈时间 2017-01-19 23:59:59；时限依据：一般：1个工作日   [deadline ← 内置:deadline.rhai]
    首次反馈 2017-01-19 15:00:00（工作时长 29.00 小时）；办理状态：已办结
    结果：按时反馈
";
    assert_eq!(out, expected, "{}", show(&run));
}

#[test]
fn explain_judges_at_the_latest_time_stamp_by_default_and_takes_several_cases() {
    let w = county();
    // Default as-of: the latest time stamp, LT-17's reply (02-06 17:00). By
    // then LT-07 (due 02-03) has its 02-06 09:00 reply: 超时反馈, w = {02-04} = 1
    // → 现场督办, after 14 + 24 + 24 + 0 + 9 = 71 working hours. LT-12's
    // deadline is its 办理时限, a date: the end of 02-05.
    let run = w.run(&["explain", "in", "LT-07", "LT-12"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let out = stdout(&run);
    has_lines(
        &out,
        &[
            "事项 LT-07（来源：群众投诉；紧急程度：一般；交办时间 2017-01-26 10:00:00；办理时限：（无））",
            "  判定截止 2017-02-06 17:00:00",
            "  承办单位 县水务局（主办，县直部门）",
            "    首次反馈 2017-02-06 09:00:00（工作时长 71.00 小时）；办理状态：已办结",
            "    结果：超时反馈",
            "    逾期工作日 1（应反馈日期与反馈日期之间的工作日数）；督办措施：现场督办   [escalation ← 内置:escalation.rhai]",
            "事项 LT-12（来源：企业投诉；紧急程度：一般；交办时间 2017-02-03 08:00:00；办理时限：2017-02-05 23:59:59）",
            "    应反馈时间 2017-02-05 23:59:59；时限依据：明确办理时限   [deadline ← 内置:deadline.rhai]",
        ],
    );
}

#[test]
fn explain_names_a_custom_rules_file() {
    let w = county();
    w.rule(
        "escalation.rhai",
        "fn escalation(task, overdue_workdays) {\n    \"现场督办\"\n}\n",
    );
    let run = w.run(&["explain", "in", "LT-16", "--rules", "rules"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let out = stdout(&run);
    // LT-16 (due 02-04) unanswered at 02-06 17:00: w = {} (02-05 is a Sunday) = 0.
    assert!(
        out.contains("逾期工作日 0（应反馈日期与判定截止日期之间的工作日数）；督办措施：现场督办   [escalation ← rules/escalation.rhai]"),
        "{out}"
    );
    assert!(out.contains("[deadline ← 内置:deadline.rhai]"), "{out}");
}

#[test]
fn explain_of_a_case_not_yet_assigned_at_as_of_says_so() {
    let w = county();
    let run = w.run(&["explain", "in", "LT-19", "--as-of", "2017-02-04 06:00"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    assert!(
        stdout(&run).contains("该事项交办时间晚于判定截止时间，尚不存在。"),
        "{}",
        show(&run)
    );
}

#[test]
fn explain_of_an_unknown_case_exits_1() {
    let w = county();
    let run = w.run(&["explain", "in", "LT-99"]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    assert!(stderr(&run).contains("LT-99"), "{}", show(&run));
    // A known case alongside still gets explained, and the exit code says one failed.
    let run = w.run(&["explain", "in", "LT-01", "LT-99"]);
    assert_eq!(run.status.code(), Some(1), "{}", show(&run));
    assert!(stdout(&run).contains("事项 LT-01"), "{}", show(&run));
}

#[test]
fn the_status_shown_is_the_latest_replys_and_of_equal_times_the_one_read_last() {
    // X-1's replies, in reading order: 02-07 10:00 办理中, then 02-06 09:00
    // 已办结. The first reply is the earlier one; the status is the later one's.
    // X-2 has two replies at the same minute, 已办结 then 办理中: the one read
    // last gives the status. Both cases were assigned Monday 02-06 08:00.
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位\nX-1,2017-02-06 08:00,华胥镇\nX-2,2017-02-06 08:00,华胥镇\n"
            .as_bytes(),
    );
    w.bytes(
        "反馈.csv",
        "事项编号,反馈时间,办理状态,反馈内容\n\
         X-1,2017-02-07 10:00,办理中,正在处理\n\
         X-1,2017-02-06 09:00,已办结,已处理\n\
         X-2,2017-02-06 11:00,已办结,已处理\n\
         X-2,2017-02-06 11:00,办理中,又有反映\n"
            .as_bytes(),
    );
    let run = w.run(&["explain", "in", "X-1", "X-2"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let out = stdout(&run);
    has_lines(
        &out,
        &[
            "    首次反馈 2017-02-06 09:00:00（工作时长 1.00 小时）；办理状态：办理中",
            "    首次反馈 2017-02-06 11:00:00（工作时长 3.00 小时）；办理状态：办理中",
        ],
    );
}

/// Asserts that `out` has each of `lines` as a whole line.
fn has_lines(out: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            out.lines().any(|l| l == *line),
            "no line {line:?} in\n{out}"
        );
    }
}

#[test]
fn explain_says_when_a_year_was_assumed_to_have_weekends_only() {
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位\nLT-1,2030/3/1 9:30,县公安局\n".as_bytes(),
    );
    let run = w.run(&["explain", "in", "LT-1", "--assume-weekends"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    // Friday 2030-03-01: the 1st working day after is Monday 03-04.
    has_lines(
        &stdout(&run),
        &[
            "    应反馈时间 2030-03-04 23:59:59；时限依据：一般：1个工作日   [deadline ← 内置:deadline.rhai]",
            "（临时口径：2030 年没有节假日数据，已按周一至周五计算）",
        ],
    );
}
