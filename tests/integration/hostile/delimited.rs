//! Delimited files as other systems write them: quotes around separators,
//! line breaks inside fields (the row number is where the record starts), a
//! BOM, GBK, UTF-16, a TSV, CR line ends, stray NUL bytes, an unterminated
//! quote, invalid GBK bytes.

use super::*;

const HEADER: &str = "事项编号,来源,事项内容,交办时间,承办单位\n";

#[test]
fn quotes_and_line_breaks_inside_fields_keep_row_numbers() {
    let w = Work::new();
    let text = format!(
        "{HEADER}\
         Q-1,群众投诉,\"路灯不亮，\"\"很久了\"\"\",2017-01-16 09:30,\"华胥镇,县交通局\"\n\
         Q-2,群众投诉,\"第一行\n第二行\r\n第三行\",2017-01-16 10:00,华胥镇\n\
         Q-3,群众投诉,\"跨行\n之后\",不是日期,华胥镇\n\
         Q-4,群众投诉,\"结尾\",2017-01-16 11:00,华胥镇\n"
    );
    w.bytes("引号.csv", text.as_bytes());
    let run = report(&w, &[]);
    run.expect_code(0);
    // Q-3 starts on line 6 (Q-2 spans lines 3–5).
    assert_eq!(
        brief(&run.anomalies()),
        [["引号.csv", "引号", "6", "Q-3", "交办时间“不是日期”无法识别"]]
    );
    let detail = texts(&run.report, "明细");
    let pairs: Vec<(&str, &str)> = detail[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Q-1", "华胥镇"),
            ("Q-1", "县交通局"),
            ("Q-2", "华胥镇"),
            ("Q-4", "华胥镇")
        ]
    );
    assert_eq!(
        run.sheet_note("引号.csv", "引号"),
        "交办登记；表头在第 1 行；读取 4 = 使用 3 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 1"
    );
}

#[test]
fn every_encoding_and_separator_reads_the_same_cases() {
    let w = Work::new();
    let body = "事项编号,交办时间,承办单位\nC-1,2017年1月16日9时30分,华胥镇\n";
    // UTF-8 with BOM.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(body.replace("C-1", "C-BOM").as_bytes());
    w.bytes("a_bom.csv", &bom);
    // GBK, as county systems export.
    w.gbk_csv("b_gbk.csv", &body.replace("C-1", "C-GBK"));
    // UTF-16LE with BOM, as Excel's "Unicode text".
    let mut utf16 = vec![0xFF, 0xFE];
    for u in body
        .replace("C-1", "C-U16")
        .replace(',', "\t")
        .encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    w.bytes("c_utf16.csv", &utf16);
    // A TSV with CRLF line ends.
    w.bytes(
        "d_tab.tsv",
        body.replace("C-1", "C-TSV")
            .replace(',', "\t")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    // Semicolons and old-Mac CR line ends.
    w.bytes(
        "e_semi.csv",
        body.replace("C-1", "C-SEMI")
            .replace(',', ";")
            .replace('\n', "\r")
            .as_bytes(),
    );
    let run = report(&w, &[]);
    run.expect_code(0);
    assert!(run.anomalies().is_empty(), "{:?}", run.anomalies());
    assert_eq!(
        run.detail_cases(),
        ["C-BOM", "C-GBK", "C-SEMI", "C-TSV", "C-U16"]
    );
    for (file, sheet) in [
        ("a_bom.csv", "a_bom"),
        ("b_gbk.csv", "b_gbk"),
        ("c_utf16.csv", "c_utf16"),
        ("d_tab.tsv", "d_tab"),
        ("e_semi.csv", "e_semi"),
    ] {
        assert_eq!(
            run.sheet_note(file, sheet),
            "交办登记；表头在第 1 行；读取 1 = 使用 1 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 0",
            "{file}"
        );
    }
}

#[test]
fn nul_bytes_an_unterminated_quote_and_invalid_gbk() {
    let w = Work::new();
    // NUL bytes inside a field (a C program's export) stay in the text.
    w.bytes(
        "a_nul.csv",
        format!("{HEADER}N-1,群众投诉,内容\0截断,2017-01-16 09:30,华胥镇\n").as_bytes(),
    );
    // A quote never closed would swallow the rest of the file into one
    // field: the file is not read, and the anomaly names the line.
    w.bytes(
        "b_quote.csv",
        format!(
            "{HEADER}U-1,群众投诉,\"没有结束的引号,2017-01-16 09:30,华胥镇\n\
             U-2,群众投诉,x,2017-01-16 09:30,华胥镇\n"
        )
        .as_bytes(),
    );
    // GBK with a broken two-byte sequence in the content.
    let mut gbk = encoding_rs::GBK
        .encode("事项编号,事项内容,交办时间,承办单位\nG-1,")
        .0
        .into_owned();
    gbk.extend_from_slice(&[0x81, 0x20]);
    gbk.extend_from_slice(&encoding_rs::GBK.encode(",2017-01-16 09:30,华胥镇\n").0);
    w.bytes("c_badgbk.csv", &gbk);
    let run = report(&w, &[]);
    run.expect_code(0);
    assert_eq!(
        brief(&run.anomalies()),
        [[
            "b_quote.csv",
            "",
            "",
            "",
            "第2行有未配对的引号（\"），其后 1 行都会并入这一格，文件未读取；请检查该行的引号后重新导出"
        ]]
    );
    assert_eq!(run.detail_cases(), ["G-1", "N-1"]);
}
