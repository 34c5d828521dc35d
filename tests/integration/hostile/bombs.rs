//! Files built to exhaust memory, and sheets at Excel's limits: a sheet that
//! really inflates to gigabytes while declaring a few bytes, a sheet whose
//! two cells lie at opposite corners of the grid, and sheets at the
//! 1,048,576-row limit. (A sheet *declaring* gigabytes is refused by
//! `ingest::a_sheet_declared_to_inflate_to_gigabytes_is_refused`.)

use super::folders::run_with_timeout;
use super::*;
use flate2::{Compress, Compression, FlushCompress};

/// Deflates `input` into `out` with `flush`, the whole input consumed.
fn deflate(c: &mut Compress, input: &[u8], flush: FlushCompress, out: &mut Vec<u8>) {
    let start = c.total_in();
    loop {
        let done = (c.total_in() - start) as usize;
        out.reserve(64 * 1024);
        c.compress_vec(&input[done..], out, flush).unwrap();
        let consumed = (c.total_in() - start) as usize == input.len();
        if consumed && out.capacity() > out.len() {
            break;
        }
    }
}

/// A raw deflate stream of a worksheet whose one inline-string cell holds
/// `mib` MiB of `A`, built without ever holding them: a 1 MiB block of `A`s
/// is compressed once after the window is all `A`s, and then repeated (it
/// decodes to the same 1 MiB whatever came before, as long as that was `A`s).
fn inflating_sheet(mib: usize) -> Vec<u8> {
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
        <sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
    let tail = "</t></is></c></row></sheetData></worksheet>";
    let block = vec![b'A'; 1 << 20];
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::new();
    deflate(&mut c, head.as_bytes(), FlushCompress::Sync, &mut out);
    deflate(&mut c, &block, FlushCompress::Sync, &mut out);
    let mut repeated = Vec::new();
    deflate(&mut c, &block, FlushCompress::Sync, &mut repeated);
    for _ in 2..mib {
        out.extend_from_slice(&repeated);
    }
    deflate(&mut c, tail.as_bytes(), FlushCompress::Finish, &mut out);
    out
}

/// Sets the compression method of `part` (local header and central
/// directory) to deflate: a part written *stored* with deflate bytes as its
/// content then inflates to whatever those bytes hold, while the zip still
/// declares their own (small) length as the uncompressed size.
fn mark_deflated(bytes: &mut [u8], part: &str) {
    let mut found = 0;
    for (sig, method_at, name_len_at, name_at) in [
        ([0x50, 0x4b, 0x03, 0x04], 8, 26, 30),
        ([0x50, 0x4b, 0x01, 0x02], 10, 28, 46),
    ] {
        let mut i = 0;
        while i + name_at < bytes.len() {
            if bytes[i..i + 4] == sig {
                let n = u16::from_le_bytes([bytes[i + name_len_at], bytes[i + name_len_at + 1]])
                    as usize;
                if bytes.get(i + name_at..i + name_at + n) == Some(part.as_bytes()) {
                    bytes[i + method_at..i + method_at + 2].copy_from_slice(&8u16.to_le_bytes());
                    found += 1;
                }
            }
            i += 1;
        }
    }
    assert_eq!(found, 2, "{part}: local header and central directory");
}

#[test]
fn a_sheet_that_really_inflates_to_gigabytes_while_declaring_kilobytes_is_refused() {
    use std::io::Write;
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    // 4 GiB of XML in about 4 MB.
    let stream = inflating_sheet(4096);
    assert!(stream.len() < 8 << 20, "{}", stream.len());
    let template = w.xlsx("炸弹.xlsx", vec![SheetSpec::new("s", vec![row(&["x"])])]);
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        if name == "xl/worksheets/sheet1.xml" {
            drop(f);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            out.start_file(name.as_str(), stored).unwrap();
            out.write_all(&stream).unwrap();
        } else {
            out.raw_copy_file(f).unwrap();
        }
    }
    let mut bytes = out.finish().unwrap().into_inner();
    mark_deflated(&mut bytes, "xl/worksheets/sheet1.xml");
    std::fs::write(&template, bytes).unwrap();

    let start = std::time::Instant::now();
    let run = run_with_timeout(&w, 60);
    run.expect_code(0)
        .expect_stderr(&["文件 炸弹.xlsx 无法读取：工作表“s”：文件已损坏或不是电子表格"]);
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    let rows = run.anomalies();
    assert_eq!(brief(&rows)[0][..4], ["炸弹.xlsx", "", "", ""]);
    assert_eq!(rows.len(), 1);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

/// A work folder with the good intake, and `name`: one sheet holding only a
/// header, for a test to tamper with.
fn with_header_only(name: &str) -> (Work, std::path::PathBuf) {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let p = w.xlsx(
        name,
        vec![SheetSpec::new(
            "s",
            vec![row(&["事项编号", "交办时间", "承办单位"])],
        )],
    );
    (w, p)
}

#[test]
fn two_cells_at_opposite_corners_of_the_grid_are_refused_not_allocated() {
    let (w, p) = with_header_only("角落.xlsx");
    // The last cell Excel has: XFD1048576 (16,384 columns × 1,048,576 rows).
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>远</t></is></c></row></sheetData>",
    );
    let run = run_with_timeout(&w, 60);
    run.expect_code(0).expect_stderr(&[
        "文件 角落.xlsx 无法读取：工作表内容延伸到单元格 XFD1048576",
        "请在 Excel 中按 Ctrl+End",
    ]);
    let rows = run.anomalies();
    assert_eq!(brief(&rows)[0][..4], ["角落.xlsx", "", "", ""]);
    assert_eq!(rows.len(), 1);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    report(&w, &["--strict"])
        .expect_code(1)
        .expect_stderr(&["有 1 个文件无法读取"]);
}

#[test]
fn one_cell_in_a_column_far_past_excels_last_is_refused_not_allocated() {
    let (w, p) = with_header_only("远列.xlsx");
    // Column FXSHRXW is about two billion columns in: one row of it would
    // ask for some 50 GB before the size limit was checked.
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"2\"><c r=\"FXSHRXW2\"><v>1</v></c></row></sheetData>",
    );
    let run = run_with_timeout(&w, 60);
    run.expect_code(0)
        .expect_stderr(&["文件 远列.xlsx 无法读取：工作表内容延伸到单元格"]);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

#[test]
fn long_runs_of_near_markup_are_read_in_one_pass() {
    // Each of these once cost time growing with the square of its length:
    // minutes from files of a few kilobytes.
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let spec = || {
        vec![SheetSpec::new(
            "s",
            vec![row(&["事项编号", "交办时间", "承办单位"])],
        )]
    };
    // A styles part full of a tag name's look-alikes.
    let p = w.xlsx("样式.xlsx", spec());
    let noise = "cellXfs ".repeat(1 << 20);
    patch_part(
        &p,
        "xl/styles.xml",
        "<cellXfs",
        &format!("<a>{noise}</a><cellXfs"),
    );
    // An inline string of a million `<`.
    let p = w.xlsx("尖括号.xlsx", spec());
    let lt = "<".repeat(1 << 20);
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        &format!(
            "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>{lt}><t>x</t></is></c></row></sheetData>"
        ),
    );
    // One row of 40 MB: no `</row>` in many a chunk.
    let p = w.xlsx("长行.xlsx", spec());
    let cells: String = (0..1_000_000)
        .map(|i| format!("<c r=\"A2\"><v>{}</v></c>", i % 10))
        .collect();
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        &format!("<row r=\"2\">{cells}</row></sheetData>"),
    );
    let run = run_with_timeout(&w, 120);
    run.expect_code(0);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

#[test]
fn a_shared_strings_table_declaring_trillions_of_items_is_refused() {
    let (w, p) = with_header_only("表.xlsx");
    // calamine reserves room for the declared count before reading: a
    // comment sends the file to it, and the count would abort the run.
    patch_zip(&p, |name, data| {
        if name != "xl/sharedStrings.xml" {
            return data;
        }
        let text = String::from_utf8(data).unwrap();
        let at = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + text[at..].find('"').unwrap();
        format!("{}99999999999999{}<!-- -->", &text[..at], &text[end..]).into_bytes()
    });
    let run = run_with_timeout(&w, 60);
    run.expect_code(0).expect_stderr(&[
        "文件 表.xlsx 无法读取：文件已损坏：共享字符串表声明有 99999999999999 项",
    ]);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

/// An intake sheet with `n` good rows (`R-1` …), 2017-01-16 in W03.
fn many_rows(n: usize) -> Vec<Vec<V>> {
    let mut rows = vec![row(&["事项编号", "交办时间", "承办单位"])];
    for i in 1..=n {
        rows.push(vec![
            s(&format!("R-{i}")),
            V::T(dt("2017-01-16 09:30")),
            s(if i % 2 == 0 {
                "华胥镇"
            } else {
                "县交通局"
            }),
        ]);
    }
    rows
}

#[test]
fn the_last_row_excel_has_is_read_and_numbered() {
    let w = Work::new();
    let p = w.xlsx("满表.xlsx", vec![SheetSpec::new("交办登记", many_rows(3))]);
    // Row 1,048,576: a case whose 交办时间 is not a date; rows between are blank.
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"1048576\"><c r=\"A1048576\" t=\"inlineStr\"><is><t>R-LAST</t></is></c>\
         <c r=\"B1048576\" t=\"inlineStr\"><is><t>不是日期</t></is></c>\
         <c r=\"C1048576\" t=\"inlineStr\"><is><t>华胥镇</t></is></c></row></sheetData>",
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(
        brief(&run.anomalies()),
        [[
            "满表.xlsx",
            "交办登记",
            "1048576",
            "R-LAST",
            "交办时间“不是日期”无法识别"
        ]]
    );
    assert_eq!(
        run.sheet_note("满表.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 1048575 = 使用 3 + 重复 0 + 跳过 1048571（空行 1048571，表尾 0） + 异常 1"
    );
}

/// Excel cannot make row 1,048,577, but XML can: the row is still read and
/// accounted for, with the row number the file gives it.
#[test]
fn a_row_past_excels_limit_is_still_accounted_for() {
    let w = Work::new();
    let p = w.xlsx("超限.xlsx", vec![SheetSpec::new("交办登记", many_rows(1))]);
    patch_part(
        &p,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"1048577\"><c r=\"A1048577\" t=\"inlineStr\"><is><t>R-X</t></is></c></row></sheetData>",
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(
        brief(&run.anomalies()),
        [[
            "超限.xlsx",
            "交办登记",
            "1048577",
            "R-X",
            "交办记录缺少交办时间"
        ]]
    );
    assert_eq!(
        run.sheet_note("超限.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 1048576 = 使用 1 + 重复 0 + 跳过 1048574（空行 1048574，表尾 0） + 异常 1"
    );
}

/// A full sheet: 1,048,575 cases under the header (the sheet XML written
/// directly, with inline strings). Slow in a debug build (minutes):
/// `cargo test --release --test integration -- --ignored every_row_of_a_full_sheet`.
#[test]
#[ignore]
fn every_row_of_a_full_sheet_is_used() {
    use std::fmt::Write;
    let w = Work::new();
    let p = w.xlsx("满表.xlsx", vec![SheetSpec::new("交办登记", many_rows(1))]);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
         <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>事项编号</t></is></c>\
         <c r=\"B1\" t=\"inlineStr\"><is><t>交办时间</t></is></c>\
         <c r=\"C1\" t=\"inlineStr\"><is><t>承办单位</t></is></c></row>",
    );
    for r in 2..=1_048_576u32 {
        let unit = if r % 2 == 0 {
            "华胥镇"
        } else {
            "县交通局"
        };
        write!(
            xml,
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>R-{r}</t></is></c>\
             <c r=\"B{r}\" t=\"inlineStr\"><is><t>2017-01-16 09:30</t></is></c>\
             <c r=\"C{r}\" t=\"inlineStr\"><is><t>{unit}</t></is></c></row>"
        )
        .unwrap();
    }
    xml.push_str("</sheetData></worksheet>");
    patch_zip(&p, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            xml.as_bytes().to_vec()
        } else {
            data
        }
    });
    let start = std::time::Instant::now();
    let run = report(&w, &[]);
    eprintln!("a full sheet took {:?}", start.elapsed());
    run.expect_code(0);
    assert!(run.anomalies().is_empty());
    assert_eq!(
        run.sheet_note("满表.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 1048575 = 使用 1048575 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 0"
    );
}

/// "Billion laughs": entities defined in a DOCTYPE, each ten of the one
/// before, would expand to 10^9 characters. The XML reader expands no
/// entities of a DOCTYPE: the cell is refused as malformed, quickly.
#[test]
fn entities_that_expand_a_billion_times_are_not_expanded() {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let p = w.xlsx("笑.xlsx", vec![SheetSpec::new("交办登记", many_rows(1))]);
    let mut doctype = String::from("<!DOCTYPE worksheet [<!ENTITY l0 \"哈\">");
    for i in 1..=9 {
        let prev = format!("&l{};", i - 1).repeat(10);
        doctype += &format!("<!ENTITY l{i} \"{prev}\">");
    }
    doctype += "]>";
    patch_zip(&p, |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let text = String::from_utf8(data).unwrap();
        let body = text.split_once("?>").unwrap().1;
        let body = body.replacen(
            "</sheetData>",
            "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>&l9;</t></is></c></row></sheetData>",
            1,
        );
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{doctype}{body}").into_bytes()
    });
    let run = run_with_timeout(&w, 60);
    run.expect_code(0)
        .expect_stderr(&["文件 笑.xlsx 无法读取：工作表“交办登记”：文件已损坏或不是电子表格"]);
    assert_eq!(run.anomalies().len(), 1);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

/// An ods whose content stops inside a table (or a cell comment) made the
/// reader wait for the table's end forever; one asking for four billion
/// spaces (`<text:s text:c=…>`) would build them. Both are refused quickly.
#[test]
fn an_ods_ending_inside_a_table_or_asking_for_billions_of_spaces_is_refused() {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let edit = |name: &str, edit: &dyn Fn(String) -> String| {
        let p = w.bytes(name, &fixture("intake.ods"));
        patch_zip(&p, |part, data| {
            if part == "content.xml" {
                edit(String::from_utf8(data).unwrap()).into_bytes()
            } else {
                data
            }
        });
    };
    edit("a_未完.ods", &|x| {
        x[..x.find("</table:table>").unwrap()].to_owned()
    });
    edit("b_批注未完.ods", &|x| {
        let at = x.find("<text:p>ODS-1</text:p>").unwrap();
        format!("{}<office:annotation><text:p>批注", &x[..at])
    });
    edit("c_空格.ods", &|x| {
        x.replacen(
            "<text:p>ODS-1</text:p>",
            "<text:p>ODS-1<text:s text:c=\"4000000000\"/></text:p>",
            1,
        )
    });
    let run = run_with_timeout(&w, 60);
    run.expect_code(0).expect_stderr(&[
        "文件 a_未完.ods 无法读取：文件内容不完整",
        "文件 b_批注未完.ods 无法读取：文件内容不完整",
        "文件 c_空格.ods 无法读取：单元格要求 4000000000 个连续空格",
    ]);
    let files: Vec<String> = run.anomalies().iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["a_未完.ods", "b_批注未完.ods", "c_空格.ods"]);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}
