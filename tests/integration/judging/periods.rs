//! The period options — a month, a from–to range, the default week — and the
//! byte-identical workbook the same inputs and options give.

use super::fixture::county;
use super::*;

#[test]
fn a_month_is_judged_at_its_end_and_compared_with_the_month_before() {
    let w = county();
    let (path, run) = report(&w, &["--month", "2017-02"]);
    assert!(path.ends_with("out/通报_2017-02.xlsx"), "{path:?}");
    assert!(stdout(&run).contains("统计期：2017年2月（判定截止 2017-02-28 23:59:59）"));
    let all = sheet(&path, "通报");
    assert_eq!(all[0][0], "蓝田县马上就办事项办理情况通报（2017年2月）");
    // Due in February, judged at C = 02-28 23:59:59 (LT-10, due 01-30, is January's):
    // - 县住建局: LT-09 on time, 17.5 h → 100; 县交通局: LT-12, LT-19 → 100,
    //   25 h: the same score and rate, fewer hours first → 住建局 1, 交通局 2;
    // - 县水务局: LT-07 replied 02-06 (超时, w = {02-04} = 1 → 现场督办, 71 h),
    //   LT-08 on time (31.5 h): 1/2 on time, 2/2 办结 → 30 + 40 − 2 = 68,
    //   (71 + 31.5)/2 = 51.25 h;
    // - 玉山镇: LT-17 (Sunday 02-05 15:00 → due Monday 02-06) replied 02-06
    //   17:00: 0 h on Sunday + 17 h = 17 h → 100, behind the 0.15 h tie;
    // - 蓝关街道: LT-16 still unanswered, w = working days strictly between
    //   02-04 and 02-28 = 02-06..10, 13..17, 20..24, 27 = 16 → 专项会议督办,
    //   counted as 现场督办 or higher: max(0, 0 − 2) = 0.
    // 较上期 against January judged at 01-31 23:59:59 (LT-01..LT-06, LT-10):
    // 县水务局 LT-01 协办 and LT-03 on time → 100 (1); 县住建局 LT-01 overdue
    // (w = 01-20, 01-22..01-26 = 6 → 联合督办), LT-04 late, LT-10 on time but
    // 办理中 → 100 × (0.6/3 + 0.4/3) − 2 = 31.33 (2); 县环保局 LT-02 overdue
    // (w = 2, 现场督办) → 0 (3); 汤峪镇 100 (1), 华胥镇 40 (2).
    #[rustfmt::skip]
    let expected: [[&str; 10]; 10] = [
        // 排名 单位 应反馈 按时 超时 超期 时长 现场 得分 较上期
        ["1", "县住建局", "1", "1", "0", "0", "17.5", "0", "100", "1"],
        ["2", "县交通局", "2", "2", "0", "0", "25", "0", "100", ""],
        ["3", "县水务局", "2", "1", "1", "0", "51.25", "1", "68", "-2"],
        ["4", "县环保局", "1", "0", "1", "0", "21", "0", "40", "-1"],
        ["", "县民政局", "0", "0", "0", "0", "", "0", "", ""],
        ["1", "华胥镇", "1", "1", "0", "0", "0.15", "0", "100", "1"],
        ["1", "汤峪镇", "2", "2", "0", "0", "0.15", "0", "100", "0"],
        ["3", "玉山镇", "1", "1", "0", "0", "17", "0", "100", ""],
        ["4", "蓝关街道", "1", "0", "0", "1", "", "1", "0", ""],
        ["1", "县旅游局", "1", "1", "0", "0", "18", "0", "100", ""],
    ];
    let got: Vec<Vec<String>> = all[3..]
        .iter()
        .map(|r| {
            [1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
                .map(|c| r[c].clone())
                .to_vec()
        })
        .collect();
    assert_eq!(got, expected);
    let overdue = sheet(&path, "逾期清单");
    assert_eq!(
        case_rows(&overdue, "LT-16")[0][6..8],
        ["16", "专项会议督办"]
    );
}

#[test]
fn a_date_range_has_its_own_label_and_judges_like_the_same_week() {
    let w = county();
    let (range, _) = report(&w, &["--from", "2017-01-30", "--to", "2017-02-05"]);
    assert!(
        range.ends_with("out/通报_2017-01-30_2017-02-05.xlsx"),
        "{range:?}"
    );
    let title = &sheet(&range, "通报")[0][0];
    assert_eq!(
        title,
        "蓝田县马上就办事项办理情况通报（2017年1月30日—2月5日）"
    );
    // The previous range of the same length is 01-23..01-29 = W04, so every
    // number, 较上期 included, is the week's.
    let (week, _) = report_into(&w, W05, "week");
    assert_eq!(ranking(&range), ranking(&week));
    for name in ["逾期清单", "明细", "异常数据"] {
        assert_eq!(sheet(&range, name), sheet(&week, name), "{name}");
    }
}

#[test]
fn the_default_period_is_the_week_before_the_latest_time_stamp() {
    // The latest time stamp is LT-17's reply, Monday 2017-02-06 17:00 (W06):
    // the default period is W05, the default folder `reports`.
    let w = county();
    let run = w.run(&["report", "in"]);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let written = files_in(&w.path().join("reports"));
    assert_eq!(written, [w.path().join("reports/通报_2017-W05.xlsx")]);
    let (week, _) = report(&w, W05);
    assert_eq!(
        std::fs::read(&written[0]).unwrap(),
        std::fs::read(week).unwrap()
    );
}

#[test]
fn two_runs_into_two_folders_give_byte_identical_workbooks() {
    let w = county();
    let (a, _) = report_into(&w, W05, "a");
    let (b, _) = report_into(&w, W05, "b");
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}
