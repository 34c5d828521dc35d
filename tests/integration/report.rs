//! The xlsx writer: values read back with calamine, layout facts from the
//! workbook's XML parts, byte-identical output, and atomic writing.

mod atomic;
mod fixture;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use fixture::{demo_model, empty_model, small_model, t};
use mashang::report::{file_name, write_workbook, SHEET_NAMES};
use std::fs;
use std::io::{Cursor, Read};

const RANKING_HEADER: [&str; 14] = [
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
const OVERDUE_HEADER: [&str; 10] = [
    "事项编号",
    "来源",
    "事项内容",
    "承办单位",
    "交办时间",
    "应反馈时间",
    "逾期工作日",
    "督办措施",
    "联系人",
    "联系电话",
];
const DETAILS_HEADER: [&str; 13] = [
    "事项编号",
    "承办单位",
    "角色",
    "来源",
    "紧急程度",
    "交办时间",
    "应反馈时间",
    "时限依据",
    "首次反馈时间",
    "结果",
    "反馈时长(小时)",
    "督办措施",
    "办理状态",
];
const ANOMALIES_HEADER: [&str; 6] = ["文件", "工作表", "行号", "事项编号", "问题", "原始内容"];

fn written(model: &mashang::report::ReportModel) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_workbook(model, dir.path()).unwrap();
    assert_eq!(path, dir.path().join(file_name(model)));
    let bytes = fs::read(&path).unwrap();
    (dir, bytes)
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn range(bytes: &[u8], sheet: &str) -> calamine::Range<Data> {
    workbook(bytes).worksheet_range(sheet).unwrap()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn row_texts(range: &calamine::Range<Data>, row: u32, cols: usize) -> Vec<String> {
    (0..cols as u32)
        .map(|c| cell(range, row, c).to_string())
        .collect()
}

fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn xml(bytes: &[u8], name: &str) -> String {
    part(bytes, name).unwrap_or_else(|| panic!("missing part {name}"))
}

fn datetime(d: Data) -> chrono::NaiveDateTime {
    match d {
        Data::DateTime(dt) => dt.as_datetime().unwrap(),
        other => panic!("not a date-time cell: {other:?}"),
    }
}

#[test]
fn sheets_and_headers_are_exact() {
    let (_dir, bytes) = written(&small_model());
    assert_eq!(workbook(&bytes).sheet_names(), SHEET_NAMES.to_vec());
    assert_eq!(
        SHEET_NAMES,
        ["通报", "逾期清单", "明细", "异常数据", "数据说明"]
    );
    assert_eq!(row_texts(&range(&bytes, "通报"), 2, 14), RANKING_HEADER);
    assert_eq!(row_texts(&range(&bytes, "逾期清单"), 0, 10), OVERDUE_HEADER);
    assert_eq!(row_texts(&range(&bytes, "明细"), 0, 13), DETAILS_HEADER);
    assert_eq!(
        row_texts(&range(&bytes, "异常数据"), 0, 6),
        ANOMALIES_HEADER
    );
    assert_eq!(
        row_texts(&range(&bytes, "数据说明"), 0, 3),
        ["项目", "内容", "说明"]
    );
}

#[test]
fn ranking_values_read_back() {
    let model = small_model();
    let (_dir, bytes) = written(&model);
    let r = range(&bytes, "通报");
    let words = model.period.words();
    assert_eq!(
        cell(&r, 0, 0),
        Data::String(format!("蓝田县马上就办事项办理情况通报（{words}）"))
    );
    assert_eq!(
        cell(&r, 1, 0),
        Data::String(
            "统计期：2017-01-16 至 2017-01-22\u{3000}截止时间：2017-01-22 23:59:59".into()
        )
    );
    // Row 4 (index 3): 县住建局, rank 1, rates as numbers.
    assert_eq!(cell(&r, 3, 1), Data::Float(1.0));
    assert_eq!(cell(&r, 3, 2), Data::String("县住建局".into()));
    assert_eq!(cell(&r, 3, 7), Data::Float(1.0));
    // The tie shares rank 2; 较上期 blank when None, signed number otherwise.
    assert_eq!(cell(&r, 4, 1), Data::Float(2.0));
    assert_eq!(cell(&r, 5, 1), Data::Float(2.0));
    assert_eq!(cell(&r, 4, 7), Data::Float(0.75));
    assert_eq!(cell(&r, 4, 12), Data::Float(-1.0));
    assert_eq!(cell(&r, 5, 12), Data::Empty);
    assert_eq!(cell(&r, 4, 13), Data::String("差".into()));
    // The unit with nothing due: no rank, no rates, no rating.
    assert_eq!(cell(&r, 6, 2), Data::String("县民政局".into()));
    for c in [1, 7, 8, 9, 11, 12, 13] {
        assert_eq!(cell(&r, 6, c), Data::Empty, "column {c}");
    }
    match cell(&r, 8, 7) {
        Data::Float(x) => assert!((x - 2.0 / 3.0).abs() < 1e-12),
        other => panic!("{other:?}"),
    }
    assert_eq!(cell(&r, 8, 9), Data::Empty);
}

#[test]
fn provisional_title_says_so() {
    let mut model = small_model();
    model.provisional = true;
    let (_dir, bytes) = written(&model);
    let title = cell(&range(&bytes, "通报"), 0, 0).to_string();
    let words = model.period.words();
    assert!(
        title.ends_with(&format!("（{words}）（临时口径）")),
        "{title}"
    );
    let notes = range(&bytes, "数据说明");
    assert!(notes
        .rows()
        .any(|row| row[0] == Data::String("临时口径".into())));
}

#[test]
fn date_times_are_real_date_time_cells() {
    let model = small_model();
    let (_dir, bytes) = written(&model);
    let o = range(&bytes, "逾期清单");
    assert_eq!(datetime(cell(&o, 1, 4)), model.overdue[0].assigned_at);
    assert_eq!(datetime(cell(&o, 1, 5)), model.overdue[0].due);
    assert_eq!(datetime(cell(&o, 1, 4)), t(9, 9, 30, 5));
    let d = range(&bytes, "明细");
    assert_eq!(datetime(cell(&d, 2, 8)), t(16, 13, 0, 5));
    assert_eq!(cell(&d, 1, 8), Data::Empty);
    assert_eq!(cell(&d, 1, 10), Data::Empty);
    assert_eq!(cell(&d, 2, 10), Data::Float(3.5));
    let styles = xml(&bytes, "xl/styles.xml");
    assert!(
        styles.contains(r#"formatCode="yyyy-mm-dd hh:mm:ss""#),
        "{styles}"
    );
    assert!(styles.contains(r#"formatCode="0.0%""#));
    assert!(styles.contains(r#"formatCode="+0;-0;0""#));
    assert!(styles.contains(r#"formatCode="0.00""#));
    for fill in ["C6EFCE", "FFEB9C", "FFC7CE"] {
        assert!(styles.contains(fill), "rating fill {fill}");
    }
}

#[test]
fn formula_like_text_stays_text() {
    let (_dir, bytes) = written(&small_model());
    assert_eq!(
        cell(&range(&bytes, "逾期清单"), 1, 2),
        Data::String("=1+1".into())
    );
    let raw = cell(&range(&bytes, "异常数据"), 1, 5);
    assert_eq!(
        raw,
        Data::String("=SUM(A1:A3) | 2017年13月1日 | 县住建局".into())
    );
    let shared = xml(&bytes, "xl/sharedStrings.xml");
    assert!(shared.contains("<t>=1+1</t>"), "{shared}");
    for n in 1..=5 {
        let sheet = xml(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(!sheet.contains("<f>"), "sheet{n} has a formula");
    }
}

#[test]
fn anomalies_and_notes_read_back() {
    let (_dir, bytes) = written(&small_model());
    let a = range(&bytes, "异常数据");
    assert_eq!(cell(&a, 1, 2), Data::Float(7.0));
    assert_eq!(cell(&a, 1, 3), Data::String("LT2017-0040".into()));
    // The file-level problem: no sheet, no row number, no 事项编号.
    assert_eq!(cell(&a, 2, 0), Data::String("坏文件.xlsx".into()));
    for c in 1..=3 {
        assert_eq!(cell(&a, 2, c), Data::Empty, "column {c}");
    }
    let notes = range(&bytes, "数据说明");
    let text: Vec<String> = notes
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let has = |needle: &str| text.iter().any(|l| l.contains(needle));
    assert!(has("截止时间 | 2017-01-22 23:59:59"), "{text:#?}");
    assert!(has(
        "读取 10 = 使用 7 + 重复 1 + 跳过 1（空行 1，表尾 0） + 异常 1"
    ));
    assert!(has(&format!(
        "规则文件 | 内置:deadline.rhai | SHA-256 {}",
        "ab".repeat(32)
    )));
    assert!(has("规则函数 | score（得分） | 来自 rules/score.rhai"));
    assert!(has("读取失败 | 不是有效的电子表格"));
    assert!(has("交办登记；表头在第 2 行"));
    assert!(has("日历年份 | 2017 | 内置"));
    assert!(has("程序版本 | mashang 0.1.0"));
}

#[test]
fn layout_facts_in_the_xml() {
    let (_dir, bytes) = written(&small_model());
    let ranking = xml(&bytes, "xl/worksheets/sheet1.xml");
    assert!(ranking.contains(r#"<mergeCell ref="A1:N1"/>"#), "{ranking}");
    assert!(ranking.contains(r#"<mergeCell ref="A2:N2"/>"#));
    assert!(ranking.contains(r#"ySplit="3" topLeftCell="A4""#));
    for n in 1..=5 {
        let sheet = xml(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        let setup = sheet
            .split("<pageSetup ")
            .nth(1)
            .expect("pageSetup")
            .split("/>")
            .next()
            .unwrap();
        for attr in [
            r#"paperSize="9""#,
            r#"orientation="landscape""#,
            r#"fitToHeight="0""#,
        ] {
            assert!(setup.contains(attr), "sheet{n}: {setup}");
        }
        // fitToWidth="1" is Excel's default and so is implied by fitToPage.
        assert!(!setup.contains("fitToWidth") || setup.contains(r#"fitToWidth="1""#));
        assert!(
            sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "sheet{n}"
        );
        assert!(sheet.contains(r#"state="frozen""#), "sheet{n}");
        assert!(
            sheet.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"),
            "sheet{n}"
        );
    }
    let wb = xml(&bytes, "xl/workbook.xml");
    assert!(
        wb.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">通报!$1:$3</definedName>"#
        ),
        "{wb}"
    );
    for id in 1..=4 {
        assert!(
            wb.contains(&format!(
                r#"name="_xlnm.Print_Titles" localSheetId="{id}">"#
            )),
            "{wb}"
        );
    }
    assert!(xml(&bytes, "xl/worksheets/sheet2.xml").contains(r#"<autoFilter ref="A1:J3"/>"#));
    assert!(xml(&bytes, "xl/worksheets/sheet3.xml").contains(r#"<autoFilter ref="A1:M4"/>"#));
    assert!(xml(&bytes, "xl/worksheets/sheet4.xml").contains(r#"<autoFilter ref="A1:F3"/>"#));
}

#[test]
fn one_bar_chart_per_group() {
    let (_dir, bytes) = written(&small_model());
    let first = xml(&bytes, "xl/charts/chart1.xml");
    let second = xml(&bytes, "xl/charts/chart2.xml");
    assert!(part(&bytes, "xl/charts/chart3.xml").is_none());
    assert!(first.contains("<c:barDir val=\"bar\"/>"));
    assert!(first.contains("县直部门 按时反馈率"));
    // 县直部门's three ranked units, not the unranked 县民政局.
    assert!(first.contains("<c:f>通报!$H$4:$H$6</c:f>"), "{first}");
    assert!(first.contains("<c:f>通报!$C$4:$C$6</c:f>"));
    assert!(second.contains("镇街 按时反馈率"));
    assert!(second.contains("<c:f>通报!$H$8:$H$9</c:f>"), "{second}");
    // Beside the table (from column O, index 14), and not in the print area.
    let drawing = xml(&bytes, "xl/drawings/drawing1.xml");
    assert!(
        drawing.contains("<xdr:from><xdr:col>14</xdr:col>"),
        "{drawing}"
    );
    let wb = xml(&bytes, "xl/workbook.xml");
    assert!(
        wb.contains(
            r#"<definedName name="_xlnm.Print_Area" localSheetId="0">通报!$A$1:$N$9</definedName>"#
        ),
        "{wb}"
    );
}

#[test]
fn instants_excel_cannot_hold_are_shown_as_text() {
    let mut model = small_model();
    model.details[0].assigned_at = chrono::NaiveDate::from_ymd_opt(1899, 12, 31)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    let (_dir, bytes) = written(&model);
    let d = range(&bytes, "明细");
    assert_eq!(cell(&d, 1, 5), Data::String("1899-12-31 08:00:00".into()));
    assert_eq!(datetime(cell(&d, 1, 6)), model.details[0].due);
}

#[test]
fn column_widths_fit_cjk_text() {
    let (_dir, bytes) = written(&small_model());
    let sheet = xml(&bytes, "xl/worksheets/sheet2.xml");
    // <col min=".." max=".." width=".."/> elements, ranges expanded.
    let mut widths = std::collections::BTreeMap::new();
    for tag in sheet.split("<col ").skip(1) {
        let attr = |name: &str| -> String {
            tag.split(&format!(r#"{name}=""#))
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        let (min, max): (u32, u32) = (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        let w: f64 = attr("width").parse().unwrap();
        for c in min..=max {
            widths.insert(c, w);
        }
    }
    let width = |col: u32| widths[&col];
    // 承办单位 holds 县交通局 (4 CJK = 8 units) under a 4-CJK header with a filter button.
    assert!(width(4) >= 10.0, "{}", width(4));
    // 事项内容 is capped at 40 (Excel rounds widths to whole pixels) and wraps;
    // 交办时间 shows yyyy-mm-dd hh:mm:ss.
    assert!(width(3) < 41.0 && width(3) > 30.0, "{}", width(3));
    assert!(width(5) >= 19.0, "{}", width(5));
}

#[test]
fn empty_model_still_has_every_sheet_and_header() {
    let (_dir, bytes) = written(&empty_model());
    assert_eq!(workbook(&bytes).sheet_names(), SHEET_NAMES.to_vec());
    assert_eq!(row_texts(&range(&bytes, "通报"), 2, 14), RANKING_HEADER);
    assert_eq!(range(&bytes, "通报").height(), 3);
    assert_eq!(row_texts(&range(&bytes, "明细"), 0, 13), DETAILS_HEADER);
    assert_eq!(range(&bytes, "明细").height(), 1);
    assert_eq!(row_texts(&range(&bytes, "逾期清单"), 0, 10), OVERDUE_HEADER);
    assert_eq!(
        row_texts(&range(&bytes, "异常数据"), 0, 6),
        ANOMALIES_HEADER
    );
    assert!(part(&bytes, "xl/charts/chart1.xml").is_none());
}

#[test]
fn same_model_same_bytes() {
    let (_a, first) = written(&small_model());
    let (_b, second) = written(&small_model());
    assert_eq!(first, second);
    let (_c, demo1) = written(&demo_model());
    let (_d, demo2) = written(&demo_model());
    assert_eq!(demo1, demo2);
    assert!(xml(&first, "docProps/core.xml").contains("2017-01-22T23:59:59Z"));
}

/// Writes the county-sized sample to `$MASHANG_DEMO_OUT` (default: a
/// `mashang-demo` folder in the temp dir) for rendering:
/// `cargo test --test integration -- --ignored write_demo_workbook`.
#[test]
#[ignore]
fn write_demo_workbook() {
    let out = std::env::var_os("MASHANG_DEMO_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("mashang-demo"));
    let path = write_workbook(&demo_model(), &out).unwrap();
    println!("{}", path.display());
}

/// A detail sheet of 200,000 rows still writes (and says how long it took):
/// `cargo test --test integration -- --ignored large_detail_sheet --nocapture`.
#[test]
#[ignore]
fn large_detail_sheet() {
    let mut model = small_model();
    let row = model.details[1].clone();
    model.details = (0..200_000)
        .map(|i| mashang::report::model::DetailRow {
            case_id: format!("LT2017-{i:06}"),
            ..row.clone()
        })
        .collect();
    let start = std::time::Instant::now();
    let (_dir, bytes) = written(&model);
    println!(
        "200,000 detail rows: {:?}, {} bytes",
        start.elapsed(),
        bytes.len()
    );
}

#[test]
fn a_group_named_like_a_formula_still_gets_its_chart() {
    let mut model = small_model();
    for row in model.ranking.iter_mut().filter(|r| r.group == "镇街") {
        row.group = "=镇街".into();
    }
    let (_dir, bytes) = written(&model);
    assert_eq!(
        cell(&range(&bytes, "通报"), 7, 0),
        Data::String("=镇街".into())
    );
    let chart = xml(&bytes, "xl/charts/chart2.xml");
    assert!(chart.contains("<a:t>=镇街 按时反馈率</a:t>"), "{chart}");
}
