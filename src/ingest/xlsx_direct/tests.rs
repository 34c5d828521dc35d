//! The direct xlsx reader held to calamine's rows: written workbooks, hand-made
//! packages of every cell kind, LibreOffice files, the samples, small chunks,
//! and property tests.
use super::*;
use crate::ingest::workbook::read_with_calamine;
use rust_xlsxwriter::{Color, Format, Formula, Workbook};
use std::io::Write;

/// Reads `bytes` both ways; the direct reader must handle it (`direct`)
/// or leave it to calamine, and where it handles it, agree with calamine.
fn agree(bytes: &[u8], direct: bool) -> Vec<RawSheet> {
    let slow = read_with_calamine(bytes, &[]).expect("calamine reads it");
    match read(bytes) {
        Some(fast) => {
            assert!(
                direct,
                "expected calamine's path, the direct reader took it"
            );
            assert_eq!(fast, slow);
        }
        None => assert!(!direct, "the direct reader left it to calamine"),
    }
    slow
}

/// A file the direct reader must leave to calamine, whatever calamine makes of it.
fn left_to_calamine(bytes: &[u8]) {
    assert!(read(bytes).is_none(), "the direct reader took it");
}

fn texts(sheet: &RawSheet) -> Vec<Vec<String>> {
    sheet
        .rows
        .iter()
        .map(|(_, cells)| cells.iter().map(|c| c.text().into_owned()).collect())
        .collect()
}

#[test]
fn written_workbooks_read_the_same_as_through_calamine() {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy/m/d h:mm");
    let chinese_date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let time = Format::new().set_num_format("[h]:mm:ss");
    let padded = Format::new().set_num_format("000000");
    let red = Format::new().set_font_color(Color::Red);
    let ws = wb.add_worksheet().set_name("交办 & <登记>").unwrap();
    ws.merge_range(0, 0, 0, 4, "蓝田县交办事项登记表", &Format::new())
        .unwrap();
    let header = ["事项编号", "内容", "交办时间", "时刻", "编号", "是否", "数"];
    for (c, h) in header.iter().enumerate() {
        ws.write(1, c as u16, *h).unwrap();
    }
    ws.write(2, 0, "LT2017-000001").unwrap();
    ws.write(2, 1, "  前后有空格 & <尖括号> \"引号\" 'apos'  ")
        .unwrap();
    ws.write_with_format(2, 2, 42751.0, &date).unwrap();
    ws.write_with_format(2, 3, 42751.395833333336, &date_time)
        .unwrap();
    ws.write_with_format(2, 4, 12.0, &padded).unwrap();
    ws.write(2, 5, true).unwrap();
    ws.write(2, 6, -1234.5678e-3).unwrap();
    ws.write(3, 0, "多行\n文本\r\n第三行").unwrap();
    ws.write_with_format(3, 2, 42752.0, &chinese_date).unwrap();
    ws.write_with_format(3, 3, 42752.0, &date_time).unwrap();
    ws.write_with_format(3, 4, 1.75, &time).unwrap();
    ws.write_blank(3, 5, &red).unwrap();
    ws.write(3, 6, 1e20).unwrap();
    ws.write_rich_string(4, 1, &[(&red, "红色"), (&Format::new(), "普通")])
        .unwrap();
    ws.write_formula(4, 2, Formula::new("=\"F-\"&\"1\"").set_result("F-1"))
        .unwrap();
    ws.write_formula(4, 3, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    ws.write_formula(4, 4, Formula::new("=1+1").set_result("2"))
        .unwrap();
    ws.write(4, 5, false).unwrap();
    ws.write(9, 30, "远处的单元格").unwrap();
    ws.merge_range(6, 2, 8, 2, "县水务局", &Format::new())
        .unwrap();
    wb.add_worksheet().set_name("空表").unwrap();
    wb.add_worksheet()
        .set_name("反馈")
        .unwrap()
        .write(0, 0, "反馈单位")
        .unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let sheets = agree(&bytes, true);
    assert_eq!(sheets.len(), 3);
    assert_eq!(&*sheets[0].name, "交办 & <登记>");
    let rows = texts(&sheets[0]);
    assert_eq!(rows[2][1], "  前后有空格 & <尖括号> \"引号\" 'apos'  ");
    assert_eq!(rows[2][4], "000012");
    // The `\r` survives: the library writes it as `_x000D_`.
    assert_eq!(rows[3][0], "多行\n文本\r\n第三行");
    assert_eq!(rows[4][1], "红色普通");
    assert_eq!(
        sheets[0].rows[2].1[2],
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2017, 1, 16).unwrap())
    );
    assert_eq!(sheets[0].merges.len(), 2);
    assert!(sheets[1].rows.is_empty());
}

/// A package written by hand: `sheet` is the `<sheetData>` body.
fn package(sheet: &str, strings: &str, workbook_pr: &str) -> Vec<u8> {
    zipped(parts(sheet, strings, workbook_pr))
}

/// The parts of [`package`], for a test to change one.
fn parts(sheet: &str, strings: &str, workbook_pr: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbook_pr}<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/styles.xml",
            r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="14"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>"#.to_owned(),
        ),
        (
            "xl/sharedStrings.xml",
            format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData><mergeCells count="1"><mergeCell ref="A5:A6"/></mergeCells></worksheet>"#),
        ),
    ]
}

/// A package of these parts.
fn zipped(parts: Vec<(&'static str, String)>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const STRINGS: &str = concat!(
    r#"<si><t>事项编号</t></si>"#,
    r#"<si><t xml:space="preserve"> 留空格 </t></si>"#,
    r#"<si><t>  去空格&#x4E00;&amp;  </t></si>"#,
    r#"<si><r><rPr><b/><rFont val="宋体"/></rPr><t>县</t></r><r><t>水务局</t></r><rPh sb="0" eb="1"><t>けん</t></rPh><phoneticPr fontId="1"/></si>"#,
    r#"<si/>"#,
    r#"<si><t/></si>"#,
    r#"<si><t>回车_x000D_换行_x00e9_</t></si>"#,
    r#"<si><t xml:space="preserve" xml:space="default"> 两个 </t></si>"#,
);

#[test]
fn every_cell_kind_reads_as_calamine_reads_it() {
    let sheet = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#,
        r#"<row r="2"><c r="A2" s="1"><v>42751</v></c><c r="B2" s="2"><v>42751.5</v></c><c r="C2" s="3"><v>1.25</v></c><c r="D2"><v>42751</v></c><c r="E2" s="9"><v>7</v></c><c r="F2" s="x"><v>3</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="inlineStr"><is><t>行内 &lt;文本&gt;</t></is></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>公式&amp;结果</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="b"><v>false</v></c><c r="F3" t="d"><v>2017-01-16T09:30:00</v></c></row>"#,
        r#"<row r="4" spans="1:6"><c r="a4"><f>1+1</f><v>2</v></c><c r="B4" s="1"/><c r="C4"><f>NOW()</f></c><c r="D4" t="s"><v></v></c><c r="E4" t="str"><v></v></c><c r="F4"><v>-1.5E+3</v></c></row>"#,
        r#"<row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" t="str"><v>a_x000D__x005F_x000D_b_xD83D__xDE00__xD800_</v></c></row>"#,
        r#"<row r="6"><c r="A6" t="str"><v>换行&#13;保留
行</v></c><c r="B6" t="inlineStr"><is><r><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r></is></c></row>"#,
        r#"<row r="9" spans="1:2" ht="15"/><row><c r="A10"><v>10</v></c></row>"#,
        // A style id with leading zeros is that style.
        r#"<row r="11"><c r="A11" s="0000000000000000001"><v>42751</v></c></row>"#,
        // Attributes read as calamine reads them: up to the third of r, s, t.
        r#"<row r="8"><c r="A8" r="B8" s="0" t="s"><v>0</v></c><c r="C8" s="0" t="n" r="D8"><v>8</v></c><c r="E8" t="s"><v>7</v></c></row>"#,
        // An empty child is an empty value, and the last child's value counts.
        r#"<row r="7"><c r="A7"><v>1</v><f/></c><c r="B7" t="inlineStr"><is/></c><c r="C7"><f/><v>3</v></c><c r="D7" t="s"><v/></c></row>"#,
        // Cells out of column order, and one position twice: the later wins.
        r#"<row r="12"><c r="C12"><v>3</v></c><c r="A12"><v>1</v></c><c r="A12"><v>2</v></c></row>"#,
    );
    let sheets = agree(&package(sheet, STRINGS, ""), true);
    let rows = texts(&sheets[0]);
    assert_eq!(
        rows[0],
        ["事项编号", " 留空格 ", "去空格一&", "县水务局", "", ""]
    );
    assert_eq!(rows[2][0], "行内 <文本>");
    assert_eq!(rows[2][1], "公式&结果");
    assert_eq!(rows[2][2], "#N/A");
    assert_eq!(sheets[0].rows[3].1[0], Cell::Number(2.0));
    assert_eq!(rows[4][..2], ["回车\r换行é", "a\r_x000D_b😀\u{FFFD}"]);
    assert_eq!(rows[5][1], "甲 乙");
    assert_eq!(
        sheets[0].rows[6].1[..4],
        [
            Cell::Empty,
            Cell::Text("".into()),
            Cell::Number(3.0),
            Cell::Empty
        ]
    );
    assert_eq!(
        sheets[0].rows[11].1[..3],
        [Cell::Number(2.0), Cell::Empty, Cell::Number(3.0)]
    );
    assert_eq!(sheets[0].merges.len(), 1);
}

#[test]
fn what_it_does_not_handle_is_left_to_calamine() {
    let plain = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    agree(&package(plain, STRINGS, ""), true);
    agree(
        &package(plain, STRINGS, r#"<workbookPr date1904="false"/>"#),
        true,
    );
    for (sheet, strings, pr) in [
        // A 1904 workbook.
        (plain, STRINGS, r#"<workbookPr date1904="1"/>"#),
        // A cell placed after the previous one, without its reference.
        (r#"<row r="1"><c t="s"><v>0</v></c></row>"#, STRINGS, ""),
        // Markup this reader does not know.
        (
            r#"<row r="1"><!-- note --><c r="A1" t="s"><v>0</v></c></row>"#,
            STRINGS,
            "",
        ),
        (
            r#"<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>"#,
            STRINGS,
            "",
        ),
        (
            r#"<row r="1"><c r="A1"><v>1</v><extLst/></c></row>"#,
            STRINGS,
            "",
        ),
        // A damaged end tag must not swallow the cells after it (found by fuzzing).
        (
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>甲</t><\u{95}is></c><c r=\"B1\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>乙</t></is></c></row>",
            STRINGS,
            "",
        ),
        (plain, r#"<si><t>甲</t><x>乙</x></si>"#, ""),
        // A value missing, an inline string's end tag written with a space.
        (r#"<row r="1"><c r="A1" t=><v>1</v></c></row>"#, STRINGS, ""),
        (
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is ></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#,
            STRINGS,
            "",
        ),
        // A row number calamine cannot read, though every cell has its own (found by fuzzing).
        (r#"<row r="6x1"><c r="A1"><v>1</v></c></row>"#, STRINGS, ""),
        (r#"<row r="0"/><row r="1"><c r="A1"><v>1</v></c></row>"#, STRINGS, ""),
        // A quote left open, or a `>` inside a value: a parser ends the tag elsewhere.
        (
            r#"<row r="1"><c r="A1 s="1"><v>1</v></c><c r="B1"><v>2</v></c></row>"#,
            STRINGS,
            "",
        ),
        (
            r#"<row r="1"><c r="A1" x="a>b"><v>1</v></c></row>"#,
            STRINGS,
            "",
        ),
        (plain, r#"<si><t><![CDATA[a]]></t></si>"#, ""),
        // A value calamine reads its own way.
        (r#"<row r="1"><c r="A1"><v> 1 </v></c></row>"#, STRINGS, ""),
        (
            r#"<row r="1"><c r="A1" t="s"><v> 0</v></c></row>"#,
            STRINGS,
            "",
        ),
    ] {
        left_to_calamine(&package(sheet, strings, pr));
    }
    // Prefixed elements throughout.
    let prefixed = package(plain, STRINGS, "");
    let prefixed = {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&prefixed[..])).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut f, &mut text).unwrap();
            if name.ends_with("sheet1.xml") {
                text = text
                    .replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
                    .replace("</worksheet>", "</x:worksheet>")
                    .replace('<', "<x:")
                    .replace("<x:/", "</x:")
                    .replace("<x:?", "<?")
                    .replace("<x:x:", "<x:");
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let sheets = agree(&prefixed, false);
    assert_eq!(texts(&sheets[0])[0][0], "事项编号");
}

/// [`parts`] with one part's text edited.
fn edited(part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let plain =
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>42751.5</v></c></row>"#;
    let mut parts = parts(plain, STRINGS, "");
    for (name, text) in &mut parts {
        if *name == part {
            *text = edit(text);
        }
    }
    zipped(parts)
}

#[test]
fn workbooks_calamine_reads_its_own_way_are_left_to_it() {
    let wb = "xl/workbook.xml";
    let rels = "xl/_rels/workbook.xml.rels";
    let styles = "xl/styles.xml";
    agree(&edited(wb, str::to_owned), true);
    for (part, from, to) in [
        // Two sheets of one name; a macro sheet; a state calamine refuses.
        (
            wb,
            "</sheets>",
            r#"<sheet name="表" sheetId="2" r:id="rId1"/></sheets>"#,
        ),
        (
            rels,
            "relationships/worksheet",
            "relationships/xlMacrosheet",
        ),
        (wb, r#"sheetId="1""#, r#"sheetId="1" state="bogus""#),
        // Markup hidden from an XML parser in CDATA.
        (
            wb,
            "<sheets>",
            r#"<![CDATA[ <sheet name="B" sheetId="2" r:id="rId1"/> ]]><sheets>"#,
        ),
        // A workbook or styles part an XML parser refuses.
        (wb, "</workbook>", "</workbook><"),
        (
            styles,
            r#"<xf numFmtId="46"/>"#,
            r#"<xf numFmtId="46" foo/>"#,
        ),
        // Custom formats after the styles that use them, or twice.
        (
            styles,
            "</styleSheet>",
            r#"<numFmts count="1"><numFmt numFmtId="170" formatCode="0"/></numFmts></styleSheet>"#,
        ),
        // Shared strings: an end tag written with a space, an item past the end.
        (
            "xl/sharedStrings.xml",
            "<si><t>事项编号</t></si>",
            "<si><t>事项编号</t></si ><si><t>x</t></si>",
        ),
        ("xl/sharedStrings.xml", "</sst>", "</sst ><si><t>x</t></si>"),
        // Merged regions before the cells.
        (
            "xl/worksheets/sheet1.xml",
            "<sheetData>",
            r#"<mergeCells><mergeCell ref="B1:B3"/></mergeCells><sheetData>"#,
        ),
    ] {
        let bytes = edited(part, |t| {
            assert!(t.contains(from), "{from} in {part}");
            t.replacen(from, to, 1)
        });
        left_to_calamine(&bytes);
    }
    // Items after the end of the table are not read, by either.
    agree(
        &edited("xl/sharedStrings.xml", |t| {
            t.replacen("</sst>", "</sst><si><t>后</t></si></sst>", 1)
        }),
        true,
    );
    // Two package relationships to a workbook: calamine takes the last.
    left_to_calamine(&edited("_rels/.rels", |t| {
        t.replace("</Relationships>", r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
    }));
}

#[test]
fn the_bundled_samples_take_the_direct_path() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            agree(&std::fs::read(&path).unwrap(), true);
            seen += 1;
        }
    }
    assert!(seen >= 5);
}

#[test]
fn a_sheet_read_in_small_chunks_reads_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        package(
            r#"<row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="inlineStr"><is><r><t>甲</t></r><r><t>乙</t></r></is></c></row><row r="2"/><row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row>"#,
            STRINGS,
            "",
        ),
        std::fs::read(dir.join("tests/fixtures/intake-libreoffice.xlsx")).unwrap(),
        std::fs::read(dir.join("samples/单位名单.xlsx")).unwrap(),
    ];
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("空").unwrap();
    files.push(wb.save_to_buffer().unwrap());
    for bytes in &files {
        let whole = read(bytes).expect("read directly");
        assert_eq!(whole, read_with_calamine(bytes, &[]).unwrap());
        for chunk in [1, 2, 3, 7, 64, 1000] {
            assert_eq!(
                read_in_chunks(bytes, chunk).as_ref(),
                Some(&whole),
                "chunk {chunk}"
            );
        }
    }
}

#[test]
fn libreoffice_workbooks_take_the_direct_path() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["intake-libreoffice.xlsx", "replies-libreoffice.xlsx"] {
        let sheets = agree(&std::fs::read(dir.join(name)).unwrap(), true);
        assert!(
            sheets.iter().map(|s| s.rows.len()).sum::<usize>() > 2,
            "{name}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Any text, number or date written by a library reads the same both ways.
    #[test]
    fn any_written_cells_read_the_same(
        cells in proptest::collection::vec(
            (0u32..40, 0u16..8, proptest::prop_oneof![
                "[ -~\t\n\r一-龥　（）&<>\"'_x]{0,12}".prop_map(Value::Text),
                proptest::num::f64::NORMAL.prop_map(Value::Number),
                (1.0f64..80000.0).prop_map(Value::Date),
                proptest::bool::ANY.prop_map(Value::Bool),
            ]),
            0..60,
        )
    ) {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        let ws = wb.add_worksheet();
        for (row, col, value) in &cells {
            match value {
                Value::Text(t) => ws.write(*row, *col, t.as_str()),
                Value::Number(n) => ws.write(*row, *col, *n),
                Value::Date(d) => ws.write_with_format(*row, *col, *d, &date),
                Value::Bool(b) => ws.write(*row, *col, *b),
            }
            .unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let slow = read_with_calamine(&bytes, &[]).unwrap();
        if let Some(fast) = read(&bytes) {
            proptest::prop_assert_eq!(fast, slow);
        } else {
            proptest::prop_assert!(false, "left to calamine");
        }
    }
}

#[derive(Clone, Debug)]
enum Value {
    Text(String),
    Number(f64),
    Date(f64),
    Bool(bool),
}

use proptest::strategy::Strategy;

#[test]
fn references_and_sections() {
    assert_eq!(cell_ref(b"A1"), Some((0, 0)));
    assert_eq!(cell_ref(b"ab12"), Some((11, 27)));
    assert_eq!(cell_ref(b"A0"), None);
    assert_eq!(cell_ref(b"12"), None);
    assert_eq!(cell_ref(b"$A$1"), None);
    assert_eq!(
        section("<a><x:cellXfs n=\"1\"><xf/></x:cellXfs></a>", "cellXfs"),
        Some("<xf/>")
    );
    assert_eq!(
        section("<a><cellXfsX/><cellXfs><xf/></cellXfs></a>", "cellXfs"),
        Some("<xf/>")
    );
    assert_eq!(section("<a><cellXfs/></a>", "cellXfs"), None);
    assert_eq!(
        custom_number_kind("yyyy\"年\"m\"月\"d\"日\""),
        NumberKind::DateTime
    );
    assert_eq!(custom_number_kind("[h]:mm:ss"), NumberKind::TimeDelta);
    assert_eq!(custom_number_kind("0.00_);[Red](0.00)"), NumberKind::Other);
}
