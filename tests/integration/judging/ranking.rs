//! The 通报 sheet of 2017-W05 (01-30..02-05, as-of 02-05 23:59:59), worked
//! out by hand from SPEC §4–§5 and the case table in `fixture.rs`.
//!
//! Working-calendar hours (SPEC §5: time counted only on working days, each
//! working day midnight to midnight):
//! - LT-09 01-26 16:00 → 02-03 09:30: 8 h left of Thu 01-26, nothing on
//!   01-27..02-02 (Spring Festival and the weekend), 9.5 h of Fri 02-03 = 17.5 h;
//! - LT-10 01-30 10:00 → 11:00: a holiday, 0 h;
//! - LT-08 02-03 08:30 → 02-04 16:00: 15.5 h + 16 h (Saturday, 调休上班) = 31.5 h;
//! - LT-11 02-03 11:00 → 02-04 08:00: 13 h + 8 h = 21 h;
//! - LT-12 02-03 08:00 → 02-05 10:00: 16 h + 24 h + 0 h (Sunday) = 40 h;
//! - LT-19 02-04 10:00 → 20:00: 10 h;
//! - LT-13 9 min = 0.15 h; LT-14 6 min = 0.1 h; LT-15 12 min = 0.2 h;
//! - LT-18 02-03 15:00 → 02-04 09:00: 9 h + 9 h = 18 h.
//!
//! Outcomes at C = 02-05 23:59:59 of the assignments due in W05:
//! - LT-07 (县水务局, due 02-03): its reply (02-06) is after C → 超期未反馈;
//!   w = working days strictly between 02-03 and 02-05 = {02-04} = 1 → 现场督办;
//! - LT-08 on time (02-04 16:00 ≤ 02-04 23:59:59), 已办结;
//! - LT-09 on time, 已办结; LT-10 on time (11:00 ≤ 12:00) but 办理中 at C
//!   (its 已办结 reply of 02-06 is after C);
//! - LT-11 (媒体曝光, due 02-03 23:59:59) replied 02-04 08:00 → 超时反馈,
//!   w = 0 (nothing strictly between 02-03 and 02-04) → 催办; 状态 blank = 办结;
//! - LT-12 (办理时限 2017-02-05, a date cell: end of that day) on time;
//! - LT-13, LT-14, LT-15, LT-18, LT-19 on time, 已办结;
//! - LT-16 (蓝关街道, due 02-04) no reply → 超期未反馈, w = 0 (02-05 is a
//!   Sunday) → 催办;
//! - LT-17 is due 02-06 (W06): not in W05.
//!
//! Per unit (得分 = 100 × (0.6 × 按时率 + 0.4 × 办结率) − 2 × 现场督办):
//! - 县交通局: LT-12, LT-19: 2/2 on time, 2/2 办结, (40 + 10)/2 = 25 h → 100, 好;
//! - 县住建局: LT-09, LT-10: 2/2 on time, 1/2 办结, (17.5 + 0)/2 = 8.75 h →
//!   60 + 20 = 80, 好;
//! - 县水务局: LT-07, LT-08: 1/2 on time, 1 overdue, 1/2 办结, 31.5 h,
//!   现场督办 1 → 30 + 20 − 2 = 48, 差 (rate < 80%);
//! - 县环保局: LT-11: 0/1 on time, 1 late, 1/1 办结, 21 h → 40, 差;
//! - 县民政局: nothing due → no rank, listed last in its group;
//! - 华胥镇: LT-13: 1/1, 0.15 h → 100, 好;
//! - 汤峪镇: LT-14, LT-15: 2/2, (0.1 + 0.2)/2 = 0.15 h → 100, 好 — the same
//!   triple as 华胥镇: both rank 1, and the next rank is 3;
//! - 蓝关街道: LT-16 overdue → 0, 差 (催办 is not 现场督办: no deduction);
//! - 玉山镇: LT-17 is W06 → nothing due, no rank;
//! - 县旅游局 (not in the units sheet → 未分组): LT-18 on time, 18 h → 100, 好.
//!
//! 较上期: ranks in W04 judged at 2017-01-29 23:59:59 (assignments due
//! 01-23..01-29): 县水务局 LT-03 on time → 100 (1); 县住建局 LT-04 late (replied
//! 01-26, 已办结) → 40 (2); 县环保局 LT-02 overdue, w = {01-25, 01-26} = 2 →
//! 现场督办 → max(0, 0 − 2) = 0 (3); 汤峪镇 LT-06 on time → 100 (1); 华胥镇
//! LT-05 late → 40 (2); 县交通局, 蓝关街道, 县旅游局 had nothing due (blank).
//! So 较上期 = W04 rank − W05 rank: 住建局 2 − 2 = 0, 水务局 1 − 3 = −2,
//! 环保局 3 − 4 = −1, 华胥镇 2 − 1 = +1, 汤峪镇 1 − 1 = 0.

use super::fixture::county;
use super::*;

const HEADER: [&str; 14] = [
    "分组",
    "排名",
    "承办单位",
    "应反馈",
    "按时反馈",
    "超时反馈",
    "超期未反馈",
    "按时反馈率",
    "办结率",
    "平均反馈时长(小时)",
    "现场督办",
    "得分",
    "较上期",
    "评价",
];

#[test]
fn week_across_spring_festival_ranks_every_unit_as_worked_by_hand() {
    let w = county();
    let (path, _) = report(&w, W05);
    assert!(path.ends_with("out/通报_2017-W05.xlsx"), "{path:?}");
    let all = sheet(&path, "通报");
    assert_eq!(
        all[0][0],
        "蓝田县马上就办事项办理情况通报（2017年第5周，1月30日—2月5日）"
    );
    assert_eq!(
        all[1][0],
        "统计期：2017-01-30 至 2017-02-05\u{3000}截止时间：2017-02-05 23:59:59"
    );
    assert_eq!(all[2], HEADER);
    #[rustfmt::skip]
    let expected: [[&str; 14]; 10] = [
        // 分组 排名 单位 应反馈 按时 超时 超期 按时率 办结率 时长 现场 得分 较上期 评价
        ["县直部门", "1", "县交通局", "2", "2", "0", "0", "1", "1", "25", "0", "100", "", "好"],
        ["县直部门", "2", "县住建局", "2", "2", "0", "0", "1", "0.5", "8.75", "0", "80", "0", "好"],
        ["县直部门", "3", "县水务局", "2", "1", "0", "1", "0.5", "0.5", "31.5", "1", "48", "-2", "差"],
        ["县直部门", "4", "县环保局", "1", "0", "1", "0", "0", "1", "21", "0", "40", "-1", "差"],
        ["县直部门", "", "县民政局", "0", "0", "0", "0", "", "", "", "0", "", "", ""],
        ["镇街", "1", "华胥镇", "1", "1", "0", "0", "1", "1", "0.15", "0", "100", "1", "好"],
        ["镇街", "1", "汤峪镇", "2", "2", "0", "0", "1", "1", "0.15", "0", "100", "0", "好"],
        ["镇街", "3", "蓝关街道", "1", "0", "0", "1", "0", "0", "", "0", "0", "", "差"],
        ["镇街", "", "玉山镇", "0", "0", "0", "0", "", "", "", "0", "", "", ""],
        ["未分组", "1", "县旅游局", "1", "1", "0", "0", "1", "1", "18", "0", "100", "", "好"],
    ];
    assert_eq!(all[3..], expected, "{all:#?}");
}

#[test]
fn rates_hours_and_scores_are_numbers() {
    let w = county();
    let (path, _) = report(&w, W05);
    let raw = read_sheet(&path, "通报");
    // 县水务局 (row 6): 按时反馈率 0.5 and 办结率 0.5 as numbers (formatted as %),
    // 31.5 hours, 得分 48, 较上期 −2.
    let r = &raw[5];
    assert_eq!(r[2], Data::String("县水务局".into()));
    assert_eq!(
        [&r[7], &r[8], &r[9], &r[11], &r[12]],
        [
            &Data::Float(0.5),
            &Data::Float(0.5),
            &Data::Float(31.5),
            &Data::Float(48.0),
            &Data::Float(-2.0)
        ]
    );
}

/// Regression: the mean reply time was a float mean of hours, so 9 minutes
/// (华胥镇) and the mean of 6 and 12 minutes (汤峪镇) differed in the last bit
/// (0.15 vs 0.15000000000000002) and broke a tie SPEC §5 says they share.
#[test]
fn equal_mean_reply_times_from_different_replies_share_a_rank() {
    let w = county();
    let (path, _) = report(&w, W05);
    let rows = ranking(&path);
    let raw = read_sheet(&path, "通报");
    let hours = |unit: &str| {
        raw.iter()
            .find(|r| r[2] == Data::String(unit.into()))
            .map(|r| r[9].clone())
            .unwrap()
    };
    // The same number in both cells, not merely the same to 2 decimals.
    assert_eq!(hours("华胥镇"), Data::Float(0.15));
    assert_eq!(hours("汤峪镇"), Data::Float(0.15));
    assert_eq!(unit_row(&rows, "华胥镇")[1], "1");
    assert_eq!(unit_row(&rows, "汤峪镇")[1], "1");
    // The next rank skips: two units are strictly better than 蓝关街道.
    assert_eq!(unit_row(&rows, "蓝关街道")[1], "3");
}

#[test]
fn a_unit_with_nothing_due_is_listed_after_the_ranked_ones_without_rank() {
    let w = county();
    let (path, _) = report(&w, W05);
    let rows = ranking(&path);
    let groups = column(&rows, 0);
    let units = column(&rows, 2);
    // 县民政局 (no case at all) closes 县直部门; 玉山镇 (its only case is due in
    // W06) closes 镇街.
    let last_of = |g: &str| {
        let i = groups.iter().rposition(|x| x == g).unwrap();
        units[i].clone()
    };
    assert_eq!(last_of("县直部门"), "县民政局");
    assert_eq!(last_of("镇街"), "玉山镇");
    for unit in ["县民政局", "玉山镇"] {
        let r = unit_row(&rows, unit);
        assert_eq!(r[1], "", "{unit} has no rank");
        assert_eq!(r[3], "0", "{unit} 应反馈");
        assert_eq!((r[7].as_str(), r[11].as_str()), ("", ""), "{unit}");
    }
}

#[test]
fn a_unit_missing_from_the_units_sheet_is_judged_in_its_own_group_and_listed() {
    let w = county();
    let (path, _) = report(&w, W05);
    let rows = ranking(&path);
    // Groups in the units sheet's order, 未分组 last.
    let mut groups = column(&rows, 0);
    groups.dedup();
    assert_eq!(groups, ["县直部门", "镇街", "未分组"]);
    assert_eq!(unit_row(&rows, "县旅游局")[0], "未分组");
    let anomalies = sheet(&path, "异常数据");
    assert_eq!(
        anomalies[1..],
        [[
            "交办登记.xlsx",
            "交办登记",
            "21",
            "LT-18",
            "单位“县旅游局”不在单位名单中（仍参与统计，归入未分组）",
            "LT-18 | 群众投诉 | 景区门票价格不透明 | 2017-02-03 15:00:00 | 县旅游局",
        ]]
    );
}

#[test]
fn change_is_the_previous_weeks_rank_minus_this_weeks() {
    // W04 on its own, judged at its end: the ranks 较上期 of W05 is based on.
    // 县直部门: 县水务局 100 (1), 县住建局 40 (2), 县环保局 0 (3); 镇街: 汤峪镇
    // 100 (1), 华胥镇 40 (2). W03 had only LT-01 (住建局 overdue, 水务局 on time).
    let w = county();
    let (path, _) = report(&w, &["--week", "2017-W04"]);
    #[rustfmt::skip]
    let expected: [[&str; 5]; 5] = [
        // 排名 单位 按时 超时 超期 (of 应反馈 1 each), 较上期 from W03
        ["1", "县水务局", "1", "0", "0"],
        ["2", "县住建局", "0", "1", "0"],
        ["3", "县环保局", "0", "0", "1"],
        ["1", "汤峪镇", "1", "0", "0"],
        ["2", "华胥镇", "0", "1", "0"],
    ];
    let rows = ranking(&path);
    let ranked: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| !r[1].is_empty())
        .map(|r| {
            vec![
                r[1].clone(),
                r[2].clone(),
                r[4].clone(),
                r[5].clone(),
                r[6].clone(),
            ]
        })
        .collect();
    assert_eq!(ranked, expected);
    // 较上期 in W04: W03 (judged at 01-22 23:59:59) had only LT-01, due 01-19:
    // 县水务局 on time → 100 (1); 县住建局 overdue, w = {01-20} = 1 (01-21 is a
    // Saturday, 01-22 the as-of date itself) → 现场督办 → max(0, 0 − 2) = 0 (2).
    // So 住建局 2 − 2 = 0, 水务局 1 − 1 = 0; the others were unranked (blank).
    assert_eq!(unit_row(&rows, "县水务局")[12], "0");
    assert_eq!(unit_row(&rows, "县住建局")[12], "0");
    assert_eq!(unit_row(&rows, "县环保局")[12], "");
    assert_eq!(unit_row(&rows, "汤峪镇")[12], "");
    // 县环保局: LT-02 overdue at 01-29, w = {01-25, 01-26} = 2 → 现场督办 1,
    // score max(0, 0 − 2) = 0.
    let r = unit_row(&rows, "县环保局");
    assert_eq!((r[10].as_str(), r[11].as_str()), ("1", "0"));

    // And W05's 较上期 against those ranks (see the module comment).
    let (path, _) = report_into(&w, W05, "out5");
    let rows = ranking(&path);
    let change = |u: &str| unit_row(&rows, u)[12].clone();
    assert_eq!(
        [
            change("县交通局"),
            change("县住建局"),
            change("县水务局"),
            change("县环保局"),
            change("华胥镇"),
            change("汤峪镇"),
            change("蓝关街道"),
        ],
        ["", "0", "-2", "-1", "1", "0", ""]
    );
}

#[test]
fn report_prints_the_path_and_a_summary() {
    let w = county();
    let (_, run) = report(&w, W05);
    let out = stdout(&run);
    let expected = "\
通报已生成：out/通报_2017-W05.xlsx
统计期：2017年第5周，1月30日—2月5日（判定截止 2017-02-05 23:59:59）
本期承办任务 12 个：按时反馈 9，超时反馈 1，超期未反馈 2，未到期 0
逾期清单 4 条；异常数据 1 条
县直部门：前三 县交通局（第1名，100.00分）、县住建局（第2名，80.00分）、县水务局（第3名，48.00分）；后三 县环保局（第4名，40.00分）
镇街：华胥镇（第1名，100.00分）、汤峪镇（第1名，100.00分）、蓝关街道（第3名，0.00分）
未分组：县旅游局（第1名，100.00分）
";
    assert_eq!(out, expected, "{}", show(&run));
}
