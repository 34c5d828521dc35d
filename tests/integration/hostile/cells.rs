//! Hostile cells inside readable workbooks: 32,767-character texts, formula
//! cells (their cached values are used), error cells, date serials out of
//! range, negative or text in date columns, full-width digits, zero-width
//! spaces in headers and names, duplicate header names, header-only sheets.

use super::*;
use rust_xlsxwriter::{Format, Formula, Workbook};

/// Excel's longest cell text.
const MAX_CELL: usize = 32_767;

#[test]
fn cells_of_32767_characters_are_kept_and_the_report_is_still_written() {
    let w = Work::new();
    let long = "长".repeat(MAX_CELL);
    let long_unit = format!("{}局", "县".repeat(MAX_CELL - 1));
    w.xlsx(
        "长文本.xlsx",
        vec![intake(vec![
            // Used: a long 事项内容.
            vec![
                s("L-1"),
                s("群众投诉"),
                s(&long),
                s("2017-01-16 11:00"),
                s("华胥镇"),
            ],
            // Anomaly: its raw content and its message would pass Excel's limit.
            vec![s("L-2"), s("群众投诉"), s(&long), s(&long), s("华胥镇")],
            // A unit whose name is as long as a cell can be.
            vec![
                s("L-3"),
                s("群众投诉"),
                s("x"),
                s("2017-01-16 11:00"),
                s(&long_unit),
            ],
        ])],
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    let rows = run.anomalies();
    assert_eq!(rows.len(), 1, "{:?}", brief(&rows));
    assert_eq!(
        rows[0][..4],
        ["长文本.xlsx", "交办登记", "5", "L-2"].map(String::from)
    );
    for cell in &rows[0][4..] {
        let n = cell.chars().count();
        assert!(n <= MAX_CELL, "{n} characters");
        assert!(cell.ends_with('…'), "cut texts say so");
    }
    assert!(rows[0][4].starts_with("交办时间“长长长"));
    let mut cases = run.detail_cases();
    cases.sort();
    assert_eq!(cases, ["L-1", "L-3", "OK-1", "OK-2"]);
    let units: Vec<String> = texts(&run.report, "明细")
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert!(
        units.contains(&long_unit),
        "a name of 32,767 characters fits"
    );
    assert_eq!(
        run.sheet_note("长文本.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 5 = 使用 4 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 1"
    );
}

/// A workbook written directly with rust_xlsxwriter (for formulas).
fn book(w: &Work, name: &str, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("交办登记").unwrap();
    for (c, h) in ["事项编号", "来源", "事项内容", "交办时间", "承办单位"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    fill(ws);
    wb.save(w.input().join(name)).unwrap();
}

/// 2017-01-16 09:30 as an Excel serial.
const SERIAL_0116_0930: &str = "42751.395833333336";

#[test]
fn formula_cells_are_read_by_their_cached_values() {
    let w = Work::new();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    book(&w, "公式.xlsx", |ws| {
        ws.write_formula(1, 0, Formula::new("=\"F-\"&\"1\"").set_result("F-1"))
            .unwrap();
        ws.write_string(1, 1, "群众投诉").unwrap();
        ws.write_formula(
            1,
            2,
            Formula::new("=B2&\"：路灯\"").set_result("群众投诉：路灯"),
        )
        .unwrap();
        ws.write_formula_with_format(
            1,
            3,
            Formula::new("=DATE(2017,1,16)+TIME(9,30,0)").set_result(SERIAL_0116_0930),
            &when,
        )
        .unwrap();
        ws.write_formula(1, 4, Formula::new("=\"华胥\"&\"镇\"").set_result("华胥镇"))
            .unwrap();
        // Never calculated (no cached value is stored as 0): a serial of 0 is no date.
        ws.write_string(2, 0, "F-2").unwrap();
        ws.write_formula_with_format(2, 3, Formula::new("=TODAY()"), &when)
            .unwrap();
        ws.write_string(2, 4, "华胥镇").unwrap();
    });
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(run.detail_cases(), ["F-1"]);
    let detail = texts(&run.report, "明细");
    assert_eq!(detail[1][1], "华胥镇");
    assert_eq!(detail[1][5], "2017-01-16 09:30:00");
    assert_eq!(
        brief(&run.anomalies()),
        [["公式.xlsx", "交办登记", "3", "F-2", "交办时间“0”无法识别"]]
    );
}

#[test]
fn error_values_are_spelled_as_excel_shows_them() {
    let w = Work::new();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    book(&w, "错误值.xlsx", |ws| {
        // #N/A as 交办时间: an unrecognised date-time.
        ws.write_string(1, 0, "E-1").unwrap();
        ws.write_formula_with_format(1, 3, Formula::new("=NA()").set_result("#N/A"), &when)
            .unwrap();
        ws.write_string(1, 4, "华胥镇").unwrap();
        // #DIV/0! in free text: kept as it reads.
        ws.write_string(2, 0, "E-2").unwrap();
        ws.write_formula(2, 2, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_string(2, 3, "2017-01-16 09:30").unwrap();
        ws.write_string(2, 4, "华胥镇").unwrap();
    });
    let run = report(&w, &[]);
    run.expect_code(0);
    let rows = run.anomalies();
    assert_eq!(
        brief(&rows),
        [[
            "错误值.xlsx",
            "交办登记",
            "2",
            "E-1",
            "交办时间“#N/A”无法识别"
        ]]
    );
    assert_eq!(rows[0][5], "E-1 | #N/A | 华胥镇");
    assert_eq!(run.detail_cases(), ["E-2"]);
    let overdue = texts(&run.report, "逾期清单");
    assert_eq!(overdue[1][..3], ["E-2", "", "#DIV/0!"].map(String::from));
}

#[test]
fn error_values_are_no_case_number_and_no_unit() {
    let w = Work::new();
    book(&w, "错误值.xlsx", |ws| {
        // #REF! as 承办单位.
        ws.write_string(1, 0, "E-3").unwrap();
        ws.write_string(1, 3, "2017-01-16 09:30").unwrap();
        ws.write_formula(1, 4, Formula::new("=#REF!").set_result("#REF!"))
            .unwrap();
        // #N/A as 事项编号 (a failed VLOOKUP).
        ws.write_formula(
            2,
            0,
            Formula::new("=VLOOKUP(1,Z1:Z2,1,0)").set_result("#N/A"),
        )
        .unwrap();
        ws.write_string(2, 3, "2017-01-16 09:30").unwrap();
        ws.write_string(2, 4, "华胥镇").unwrap();
        ws.write_string(3, 0, "E-5").unwrap();
        ws.write_string(3, 3, "2017-01-16 09:30").unwrap();
        ws.write_string(3, 4, "华胥镇").unwrap();
    });
    let run = report(&w, &[]);
    run.expect_code(0);
    let rows = run.anomalies();
    assert_eq!(
        brief(&rows),
        [
            [
                "错误值.xlsx",
                "交办登记",
                "2",
                "E-3",
                "承办单位为错误值“#REF!”"
            ],
            ["错误值.xlsx", "交办登记", "3", "", "事项编号为错误值“#N/A”"],
        ]
    );
    assert_eq!(rows[0][5], "E-3 | 2017-01-16 09:30 | #REF!");
    assert_eq!(run.detail_cases(), ["E-5"]);
    let errors: Vec<String> = texts(&run.report, "通报")
        .into_iter()
        .flatten()
        .filter(|c| c.starts_with('#'))
        .collect();
    assert!(
        errors.is_empty(),
        "no case or unit named after an error: {errors:?}"
    );
    assert_eq!(
        run.sheet_note("错误值.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 3 = 使用 1 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 2"
    );
}

#[test]
fn error_cells_in_a_units_sheet_name_no_unit_and_no_group() {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("单位").unwrap();
    for (r, (name, group)) in [
        ("单位名称", "分组"),
        ("华胥镇", "镇街"),
        ("县交通局", "县直部门"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *name).unwrap();
        ws.write_string(r as u32, 1, *group).unwrap();
    }
    ws.write_formula(3, 0, Formula::new("=#REF!").set_result("#REF!"))
        .unwrap();
    ws.write_string(3, 1, "县直部门").unwrap();
    ws.write_string(4, 0, "县水务局").unwrap();
    ws.write_formula(4, 1, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    wb.save(w.input().join("单位.xlsx")).unwrap();
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(
        brief(&run.anomalies()),
        [
            [
                "单位.xlsx",
                "单位",
                "4",
                "",
                "单位名单行的单位名称为错误值“#REF!”"
            ],
            [
                "单位.xlsx",
                "单位",
                "5",
                "",
                "单位名单行的分组为错误值“#N/A”"
            ],
        ]
    );
    let ranking = texts(&run.report, "通报");
    assert!(
        !ranking.iter().flatten().any(|c| c.starts_with('#')),
        "no unit or group named after an error: {ranking:?}"
    );
    assert_eq!(
        run.sheet_note("单位.xlsx", "单位"),
        "单位名单；表头在第 1 行；读取 4 = 使用 2 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 2"
    );
}

#[test]
fn dates_out_of_range_negative_or_text() {
    let w = Work::new();
    let t = |id: &str, x: &str| vec![s(id), s("群众投诉"), s(x), s(x), s("华胥镇")];
    let serial =
        |id: &str, x: f64| vec![s(id), s("群众投诉"), s("序列号"), V::Serial(x), s("华胥镇")];
    w.xlsx(
        "日期.xlsx",
        vec![intake(vec![
            serial("S-NEG", -1.0),
            serial("S-ZERO", 0.0),
            serial("S-FAR", 3_000_000.0),
            serial("S-HUGE", 1e20),
            serial("S-TINY", -0.5),
            vec![s("N-NEG"), s("x"), s("x"), V::N(-42751.0), s("华胥镇")],
            t("T-WORD", "明天上午"),
            t("T-0229", "2017-02-29 09:00"),
            t("T-24H", "2017-01-16 24:00"),
            t("T-ZERO", "0000-00-00"),
            t("T-8DIG", "99999999"),
            // Full-width digits are dates.
            vec![
                s("ＦＷ－１"),
                s("群众投诉"),
                s("全角"),
                s("２０１７年１月１６日９时３０分"),
                s("华胥镇"),
            ],
        ])],
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    let rows = run.anomalies();
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[3].clone(), r[4].clone())).collect();
    let want: Vec<(String, String)> = [
        ("S-NEG", "交办时间“-1”无法识别"),
        ("S-ZERO", "交办时间“0”无法识别"),
        ("S-FAR", "交办时间“3000000”无法识别"),
        ("S-HUGE", "交办时间“100000000000000000000”无法识别"),
        ("S-TINY", "交办时间“-0.5”无法识别"),
        ("N-NEG", "交办时间“-42751”无法识别"),
        ("T-WORD", "交办时间“明天上午”无法识别"),
        ("T-0229", "交办时间“2017-02-29 09:00”无法识别"),
        ("T-24H", "交办时间“2017-01-16 24:00”无法识别"),
        ("T-ZERO", "交办时间“0000-00-00”无法识别"),
        ("T-8DIG", "交办时间“99999999”无法识别"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    // Full-width digits are read.
    assert_eq!(run.detail_cases(), ["FW-1", "OK-1", "OK-2"]);
    assert_eq!(
        run.sheet_note("日期.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 14 = 使用 3 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 11"
    );
}

#[test]
fn zero_width_spaces_in_headers_names_and_case_numbers() {
    let w = Work::new();
    w.xlsx(
        "a_零宽.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&[
                    "\u{FEFF}事项\u{200B}编号",
                    "交办\u{200C}时间\u{00AD}",
                    "\u{2060}承办单位\u{200D}",
                ]),
                row(&["Z-1\u{200B}", "2017-01-16 09:30", "华胥\u{200B}镇"]),
                row(&[
                    "Z-2",
                    "2017-01-16 09:30",
                    "\u{FEFF}县交通局\u{2060}、华胥镇",
                ]),
            ],
        )],
    );
    w.xlsx(
        "b_干净.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                row(&["Z-1", "2017-01-16 09:30", "华胥镇"]),
            ],
        )],
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert!(run.anomalies().is_empty(), "{:?}", run.anomalies());
    assert_eq!(
        run.sheet_note("b_干净.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 1 = 使用 0 + 重复 1 + 跳过 0（空行 0，表尾 0） + 异常 0"
    );
    let detail = texts(&run.report, "明细");
    let pairs: Vec<(&str, &str)> = detail[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("Z-1", "华胥镇"), ("Z-2", "县交通局"), ("Z-2", "华胥镇")]
    );
}

#[test]
fn duplicate_header_names_use_the_leftmost_canonical_column() {
    let w = Work::new();
    w.xlsx(
        "重复表头.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&[
                    "编号",
                    "事项编号",
                    "交办时间",
                    "承办单位",
                    "交办时间",
                    "事项编号",
                ]),
                row(&[
                    "X-1",
                    "H-1",
                    "2017-01-16 09:30",
                    "华胥镇",
                    "不是日期",
                    "H-9",
                ]),
            ],
        )],
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert!(run.anomalies().is_empty(), "{:?}", run.anomalies());
    assert_eq!(run.detail_cases(), ["H-1"]);
}

#[test]
fn header_only_sheets_reconcile_to_zero() {
    let w = Work::new();
    let header = || row(&["事项编号", "交办时间", "承办单位"]);
    w.xlsx(
        "表头.xlsx",
        vec![
            SheetSpec::new("只有表头", vec![header()]),
            SheetSpec::new(
                "标题加表头",
                vec![row(&["蓝田县交办事项登记表"]), row(&[]), header()],
            )
            .merge(0, 0, 0, 2),
            SheetSpec::new(
                "表头加空行",
                vec![header(), row(&[]), row(&["", " ", "\u{3000}"])],
            ),
            SheetSpec::new("表头加表尾", vec![header(), row(&["合计：0件"])]),
            SheetSpec::new("空表", vec![]),
        ],
    );
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let run = report(&w, &[]);
    run.expect_code(0);
    assert!(run.anomalies().is_empty());
    let zero = "读取 0 = 使用 0 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 0";
    assert_eq!(
        run.sheet_note("表头.xlsx", "只有表头"),
        format!("交办登记；表头在第 1 行；{zero}")
    );
    assert_eq!(
        run.sheet_note("表头.xlsx", "标题加表头"),
        format!("交办登记；表头在第 3 行；{zero}")
    );
    assert_eq!(
        run.sheet_note("表头.xlsx", "表头加空行"),
        "交办登记；表头在第 1 行；读取 2 = 使用 0 + 重复 0 + 跳过 2（空行 2，表尾 0） + 异常 0"
    );
    assert_eq!(
        run.sheet_note("表头.xlsx", "表头加表尾"),
        "交办登记；表头在第 1 行；读取 1 = 使用 0 + 重复 0 + 跳过 1（空行 0，表尾 1） + 异常 0"
    );
    assert_eq!(
        run.sheet_note("表头.xlsx", "空表"),
        "已跳过（无法识别表头）"
    );
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

/// A year typed wrong: outside the calendar (1017) the row is an anomaly; a
/// year within it (2071) is a case of its own week, and a run that needs
/// calendars up to it (the default period follows the latest time stamp)
/// fails naming the first missing year and how to add it.
#[test]
fn years_typed_wrong() {
    let w = Work::new();
    w.xlsx(
        "年份.xlsx",
        vec![intake(vec![
            row(&[
                "Y-1017",
                "群众投诉",
                "年份写错",
                "1017-01-16 09:30",
                "华胥镇",
            ]),
            row(&[
                "Y-2071",
                "群众投诉",
                "年份写错",
                "2071-01-16 09:30",
                "华胥镇",
            ]),
        ])],
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(
        brief(&run.anomalies()),
        [[
            "年份.xlsx",
            "交办登记",
            "4",
            "Y-1017",
            "交办时间“1017-01-16 09:30”无法识别"
        ]]
    );
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    assert_eq!(
        run.sheet_note("年份.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 4 = 使用 3 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 1"
    );
    let out = w.run(&["report", "in", "--out", "out2"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    // The default period is 2071-W02; judging 2017's cases at its end needs
    // every year between, and the first missing one (2027) is named.
    for piece in ["缺少 2027 年的节假日安排", "--assume-weekends"] {
        assert!(err.contains(piece), "{piece}: {}", show(&out));
    }
    assert!(!w.path().join("out2").exists());
}
