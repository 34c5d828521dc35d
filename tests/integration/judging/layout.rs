//! Layout facts of the workbook the binary writes for the county folder, read
//! from its XML parts: sheet order, headers, the merged title, frozen panes,
//! print setup, filters, and a bar chart per group over the right rows.

use super::fixture::county;
use super::*;
use std::io::Read;

/// The XML parts of an xlsx, by name.
fn parts(path: &Path) -> std::collections::BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

fn has(xml: &str, needle: &str, part: &str) {
    assert!(xml.contains(needle), "{part} lacks {needle}:\n{xml}");
}

#[test]
fn sheets_in_order_with_exact_headers() {
    let w = county();
    let (path, _) = report(&w, W05);
    let wb = calamine::open_workbook_auto(&path).unwrap();
    use calamine::Reader;
    assert_eq!(
        wb.sheet_names(),
        ["通报", "逾期清单", "明细", "异常数据", "数据说明"]
    );
    assert_eq!(
        sheet(&path, "异常数据")[0],
        ["文件", "工作表", "行号", "事项编号", "问题", "原始内容"]
    );
    assert_eq!(sheet(&path, "数据说明")[0], ["项目", "内容", "说明"]);
    // (通报, 逾期清单 and 明细 headers: ranking.rs and sheets.rs.)
}

#[test]
fn title_panes_print_setup_and_filters() {
    let w = county();
    let (path, _) = report(&w, W05);
    let x = parts(&path);
    let sheet1 = &x["xl/worksheets/sheet1.xml"];
    // The title and subtitle merged across the 14 columns; the table header
    // (row 3) frozen with them.
    has(sheet1, r#"<mergeCell ref="A1:N1"/>"#, "通报");
    has(sheet1, r#"<mergeCell ref="A2:N2"/>"#, "通报");
    has(sheet1, r#"<pane ySplit="3" topLeftCell="A4""#, "通报");
    for n in 2..=5 {
        let s = &x[&format!("xl/worksheets/sheet{n}.xml")];
        has(
            s,
            r#"<pane ySplit="1" topLeftCell="A2""#,
            &format!("sheet{n}"),
        );
    }
    // Every sheet: A4 landscape, one page wide, page numbers in the footer.
    for n in 1..=5 {
        let part = format!("sheet{n}");
        let s = &x[&format!("xl/worksheets/{part}.xml")];
        has(s, r#"state="frozen""#, &part);
        has(s, r#"<pageSetUpPr fitToPage="1"/>"#, &part);
        let setup = s.split("<pageSetup ").nth(1).expect("pageSetup");
        let setup = setup.split("/>").next().unwrap();
        for attr in [
            r#"paperSize="9""#,
            r#"orientation="landscape""#,
            r#"fitToHeight="0""#,
        ] {
            has(setup, attr, &part);
        }
        has(
            s,
            "<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>",
            &part,
        );
    }
    // Header rows repeated on every printed page; the 通报 printout is the
    // table (13 rows: title, subtitle, header, 10 units), not the charts.
    let wb = &x["xl/workbook.xml"];
    for (id, rows) in [
        (0, "通报!$1:$3"),
        (1, "逾期清单!$1:$1"),
        (2, "明细!$1:$1"),
        (3, "异常数据!$1:$1"),
        (4, "数据说明!$1:$1"),
    ] {
        has(
            wb,
            &format!(
                r#"<definedName name="_xlnm.Print_Titles" localSheetId="{id}">{rows}</definedName>"#
            ),
            "workbook",
        );
    }
    has(
        wb,
        r#"<definedName name="_xlnm.Print_Area" localSheetId="0">通报!$A$1:$N$13</definedName>"#,
        "workbook",
    );
    // Detail sheets filter over their rows: 4 overdue, 12 details, 1 anomaly.
    has(
        &x["xl/worksheets/sheet2.xml"],
        r#"<autoFilter ref="A1:J5"/>"#,
        "逾期清单",
    );
    has(
        &x["xl/worksheets/sheet3.xml"],
        r#"<autoFilter ref="A1:M13"/>"#,
        "明细",
    );
    has(
        &x["xl/worksheets/sheet4.xml"],
        r#"<autoFilter ref="A1:F2"/>"#,
        "异常数据",
    );
}

#[test]
fn a_bar_chart_of_on_time_rates_per_group_over_its_ranked_units() {
    let w = county();
    let (path, _) = report(&w, W05);
    let x = parts(&path);
    // Table rows (Excel numbering): 县直部门 ranked 4–7 (县民政局 on 8 has no
    // rate), 镇街 ranked 9–11 (玉山镇 on 12), 未分组 13.
    for (n, group, rows) in [
        (1, "县直部门", ("$C$4:$C$7", "$H$4:$H$7")),
        (2, "镇街", ("$C$9:$C$11", "$H$9:$H$11")),
        (3, "未分组", ("$C$13", "$H$13")),
    ] {
        let part = format!("xl/charts/chart{n}.xml");
        let chart = &x[&part];
        has(chart, r#"<c:barDir val="bar"/>"#, &part);
        has(chart, &format!("<a:t>{group} 按时反馈率</a:t>"), &part);
        has(chart, &format!("<c:f>通报!{}</c:f>", rows.0), &part);
        has(chart, &format!("<c:f>通报!{}</c:f>", rows.1), &part);
    }
    assert!(!x.contains_key("xl/charts/chart4.xml"));
    // All three on the 通报 sheet's drawing.
    let drawing = &x["xl/drawings/drawing1.xml"];
    assert_eq!(drawing.matches("<c:chart ").count(), 3, "{drawing}");
}
