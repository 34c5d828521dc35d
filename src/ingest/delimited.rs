//! CSV and TSV files: the encoding detected (UTF-8 with or without BOM,
//! UTF-16 with BOM, otherwise GB18030 — a superset of the GBK that government
//! systems export), then parsed with quotes and embedded line breaks.

use super::cell::Cell;
use super::RawSheet;
use std::sync::Arc;

/// The text of a delimited file and the encoding it was read as.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (text.into_owned(), "UTF-16LE");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return (text.into_owned(), "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), "GBK/GB18030")
        }
    }
}

/// The delimiter: tab for `.tsv`; for `.csv` a comma unless the first lines
/// hold tabs or semicolons and no comma.
fn delimiter(text: &str, is_tsv: bool) -> u8 {
    if is_tsv {
        return b'\t';
    }
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if commas == 0 && tabs > 0 {
        b'\t'
    } else if commas == 0 && semis > 0 {
        b';'
    } else {
        b','
    }
}

/// Reads a delimited file as one sheet named after the file; row numbers are
/// the line numbers where each record starts.
pub fn read(bytes: &[u8], sheet_name: &str, is_tsv: bool) -> Result<RawSheet, String> {
    let (text, _encoding) = decode(bytes);
    // The csv crate miscounts lines after CRLF terminators: count on LF alone.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text, is_tsv))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line()) as u32;
                let cells = record.iter().map(Cell::from_field).collect();
                rows.push((line, cells));
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(format!("第{line}行附近格式错误：{e}"));
            }
        }
    }
    Ok(RawSheet {
        name: Arc::from(sheet_name),
        rows,
        merges: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("事项编号,反馈时间\nA1,2017-01-12\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, "GBK/GB18030");
        assert!(text.starts_with("事项编号"));
    }

    #[test]
    fn bom_is_stripped_and_quotes_kept() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("事项编号,内容\nA1,\"第一行\n第二行\"\nA2,x\n".as_bytes());
        let sheet = read(&bytes, "f", false).unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[0].1[0], Cell::Text("事项编号".into()));
        assert_eq!(sheet.rows[1].1[1], Cell::Text("第一行\n第二行".into()));
        assert_eq!(sheet.rows[2].0, 4);
    }

    #[test]
    fn crlf_line_numbers() {
        let sheet = read("事项编号,内容\r\nA1,x\r\nA2,y\r\n".as_bytes(), "f", false).unwrap();
        let lines: Vec<u32> = sheet.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3]);
    }
}
