//! `--as-of`: replies after the as-of instant do not count, cases assigned
//! after it do not exist yet, and an as-of after the period's end lets later
//! replies in. The period stays 2017-W05 and 较上期 still compares with W04
//! judged at its own end.

use super::fixture::county;
use super::*;

/// As-of Saturday 2017-02-04 06:00, before that day's replies.
const EARLY: &[&str] = &["--week", "2017-W05", "--as-of", "2017-02-04 06:00"];

#[test]
fn a_reply_after_as_of_is_ignored_and_the_assignment_is_overdue() {
    let w = county();
    // LT-11 (媒体曝光, due 02-03 23:59:59) was replied 02-04 08:00. At as-of
    // 02-04 06:00 there is no reply yet → 超期未反馈; w = working days strictly
    // between 02-03 and 02-04 = 0 → 催办.
    let (early, _) = report(&w, EARLY);
    let lt11 = &case_rows(&sheet(&early, "明细"), "LT-11")[0];
    assert_eq!(lt11[8..12], ["", "超期未反馈", "", "催办"], "{lt11:?}");
    let overdue = sheet(&early, "逾期清单");
    assert_eq!(case_rows(&overdue, "LT-11")[0][6..8], ["0", "催办"]);
    // Without --as-of (C = 02-05 23:59:59) the same reply counts: 超时反馈.
    let (full, _) = report_into(&w, W05, "full");
    let lt11 = &case_rows(&sheet(&full, "明细"), "LT-11")[0];
    assert_eq!(
        lt11[8..12],
        ["2017-02-04 08:00:00", "超时反馈", "21", "催办"],
        "{lt11:?}"
    );
    assert!(case_rows(&sheet(&full, "逾期清单"), "LT-11").is_empty());
}

#[test]
fn a_case_assigned_after_as_of_does_not_exist_yet() {
    let w = county();
    let (path, run) = report(&w, EARLY);
    let details = sheet(&path, "明细");
    // LT-19 (assigned 02-04 10:00) is not there; the rest of W05 is, and what
    // is due after 06:00 without a reply by then is 未到期.
    assert!(case_rows(&details, "LT-19").is_empty(), "{details:#?}");
    let outcome = |case: &str| case_rows(&details, case)[0][9].clone();
    assert_eq!(details.len() - 1, 11);
    for case in ["LT-08", "LT-12", "LT-16", "LT-18"] {
        assert_eq!(outcome(case), "未到期", "{case}");
    }
    for case in ["LT-09", "LT-10", "LT-13", "LT-14", "LT-15"] {
        assert_eq!(outcome(case), "按时反馈", "{case}");
    }
    assert_eq!(outcome("LT-07"), "超期未反馈");
    assert!(stdout(&run).contains(
        "统计期：2017年第5周，1月30日—2月5日（判定截止 2017-02-04 06:00:00）\n\
         本期承办任务 11 个：按时反馈 5，超时反馈 0，超期未反馈 2，未到期 4\n"
    ));
    let title = sheet(&path, "通报");
    assert_eq!(
        title[1][0],
        "统计期：2017-01-30 至 2017-02-05\u{3000}截止时间：2017-02-04 06:00:00"
    );
    // The ranking at 06:00 (未到期 left out of 应反馈):
    // - 县住建局: LT-09, LT-10 on time, 1/2 办结 → 80 (1);
    // - 县水务局: LT-07 overdue (w = 0, 催办), LT-08 未到期 → 0;
    // - 县环保局: LT-11 overdue (催办) → 0; the same triple (0, 0%, blank
    //   hours) as 水务局: both rank 2;
    // - 县交通局: LT-12 未到期, LT-19 not yet assigned → nothing due;
    // - 蓝关街道, 县旅游局: only 未到期 → unranked.
    // 较上期 against W04 (水务局 1, 住建局 2, 环保局 3): 住建局 +1, 水务局 −1,
    // 环保局 +1.
    #[rustfmt::skip]
    let expected: [[&str; 4]; 10] = [
        // 排名 单位 应反馈 较上期
        ["1", "县住建局", "2", "1"],
        ["2", "县水务局", "1", "-1"],
        ["2", "县环保局", "1", "1"],
        ["", "县交通局", "0", ""],
        ["", "县民政局", "0", ""],
        ["1", "华胥镇", "1", "1"],
        ["1", "汤峪镇", "2", "0"],
        ["", "玉山镇", "0", ""],
        ["", "蓝关街道", "0", ""],
        ["", "县旅游局", "0", ""],
    ];
    let got: Vec<[String; 4]> = ranking(&path)
        .into_iter()
        .map(|r| [r[1].clone(), r[2].clone(), r[3].clone(), r[12].clone()])
        .collect();
    assert_eq!(got, expected);
    // 逾期清单 at 06:00: w counted to 02-04 — LT-01 7 (联合督办), LT-02 3
    // (专项会议督办), LT-07 and LT-11 both 0 (催办, same deadline: in case order).
    let overdue = sheet(&path, "逾期清单");
    let listed: Vec<[String; 3]> = overdue[1..]
        .iter()
        .map(|r| [r[0].clone(), r[6].clone(), r[7].clone()])
        .collect();
    assert_eq!(
        listed,
        [
            ["LT-01", "7", "联合督办"],
            ["LT-02", "3", "专项会议督办"],
            ["LT-07", "0", "催办"],
            ["LT-11", "0", "催办"],
        ]
    );
}

#[test]
fn an_as_of_after_the_period_lets_later_replies_count() {
    let w = county();
    let (path, _) = report(
        &w,
        &["--week", "2017-W05", "--as-of", "2017-02-06 23:59:59"],
    );
    let details = sheet(&path, "明细");
    // LT-07 (due Friday 02-03) replied Monday 02-06 09:00: 超时反馈, w = {02-04}
    // = 1 → 现场督办; hours 01-26 10:00 → 02-06 09:00 = 14 + 24 (02-03) + 24
    // (02-04) + 0 (02-05) + 9 = 71.
    let lt07 = &case_rows(&details, "LT-07")[0];
    assert_eq!(
        lt07[8..12],
        ["2017-02-06 09:00:00", "超时反馈", "71", "现场督办"]
    );
    // LT-10's 已办结 of 02-06 now counts: 县住建局 办结率 2/2 → 得分 100.
    let r = unit_row(&ranking(&path), "县住建局");
    assert_eq!((r[8].as_str(), r[11].as_str()), ("1", "100"));
    let lt10 = &case_rows(&details, "LT-10")[0];
    assert_eq!(lt10[12], "已办结");
}
