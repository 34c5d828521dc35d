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

/// The delimiter: tab for `.tsv`; for `.csv` the one that splits a line of
/// the first twenty into column names (a `;` file may hold commas in its
/// text), else a comma unless the first lines hold tabs or semicolons and no comma.
fn delimiter(text: &str, is_tsv: bool) -> u8 {
    if is_tsv {
        return b'\t';
    }
    let names = |line: &str, d: char| {
        line.split(d)
            .filter(|f| super::header::recognise(f.trim_matches('"')).is_some())
            .count()
    };
    for d in [',', ';', '\t'] {
        if text.lines().take(20).any(|line| names(line, d) >= 2) {
            return d as u8;
        }
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
    let delimiter = delimiter(&text, is_tsv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    let mut record = csv::StringRecord::new();
    // The first line after the last record read.
    let mut next_line = 1;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| start_line(&text, p));
                // Empty lines between records are blank rows, as in a
                // worksheet (the csv crate skips them); before the first
                // record they are not rows at all.
                if !rows.is_empty() {
                    rows.extend((next_line..line).map(|l| (l as u32, Vec::new())));
                }
                let cells = record.iter().map(Cell::from_field).collect();
                rows.push((line as u32, cells));
                next_line = reader.position().line().max(line + 1);
            }
            Ok(false) => {
                if let Some(&(line, _)) = rows.last() {
                    check_closed_quotes(&text, line, delimiter)?;
                }
                break;
            }
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

/// A quote that is never closed makes the csv crate read everything after
/// it, to the end of the file, as one field. `Err` naming the line of the
/// last record when it ends inside a quoted field (scanned as the crate
/// reads quotes: one opening a field, doubled inside it, literal elsewhere).
fn check_closed_quotes(text: &str, last_line: u32, delimiter: u8) -> Result<(), String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(last_line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text.as_bytes()[start..];
    let (mut quoted, mut field_start, mut i) = (false, true, 0);
    while i < rest.len() {
        let b = rest[i];
        if quoted {
            if b == b'"' {
                if rest.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if field_start && b == b'"' {
            quoted = true;
        }
        field_start = !quoted && (b == delimiter || b == b'\n');
        i += 1;
    }
    // The lines it swallowed; none when it stands on the last line, and then
    // the row stays, as written.
    let swallowed = if quoted {
        String::from_utf8_lossy(rest)
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count()
    } else {
        0
    };
    if swallowed > 0 {
        return Err(format!(
            "第{last_line}行有未配对的引号（\"），其后 {swallowed} 行都会并入这一格，文件未读取；\
             请检查该行的引号后重新导出"
        ));
    }
    Ok(())
}

/// The line a record starts on. The csv crate places a record that follows
/// empty lines where the empty lines begin: its first character is after them.
fn start_line(text: &str, p: &csv::Position) -> u64 {
    let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
    let empty = text
        .as_bytes()
        .get(from..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n').count());
    p.line() + empty as u64
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
    fn empty_lines_keep_line_numbers_and_count_as_blank_rows() {
        let text = "\n\n\n事项编号,内容\nA1,x\n\n\nA2,\"两\n行\"\n\nA3,z\n\n\n";
        for text in [text.to_owned(), text.replace('\n', "\r\n")] {
            let sheet = read(text.as_bytes(), "f", false).unwrap();
            let lines: Vec<(u32, usize)> = sheet.rows.iter().map(|r| (r.0, r.1.len())).collect();
            assert_eq!(
                lines,
                [(4, 2), (5, 2), (6, 0), (7, 0), (8, 2), (10, 0), (11, 2)],
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_line() {
        let text = "事项编号,内容,承办单位\nLT-1,\"12寸显示器,县公安局\nLT-2,x,县公安局\nLT-3,y,县公安局\n";
        let err = read(text.as_bytes(), "f", false).unwrap_err();
        assert!(err.starts_with("第2行有未配对的引号"), "{err}");
        assert!(err.contains("其后 2 行"), "{err}");
        // On the last line it swallows nothing: the rows above are kept.
        let last = "事项编号,内容\nLT-1,x\nLT-2,\"12寸显示器\n\n";
        assert_eq!(read(last.as_bytes(), "f", false).unwrap().rows.len(), 3);
        // Quotes closed over several lines, and a stray quote inside a field, are fine.
        let fine = "事项编号,内容\nLT-1,\"两\n行\"\nLT-2,12\"显示器,\"三\n\"\"行\"\"\"\n";
        assert_eq!(read(fine.as_bytes(), "f", false).unwrap().rows.len(), 3);
    }

    #[test]
    fn a_semicolon_file_with_commas_in_its_text_splits_on_semicolons() {
        let text = "事项编号;承办单位;事项内容\nK1;县财政局,县审计局;x\nK2;县财政局;a,b,c\n";
        let sheet = read(text.as_bytes(), "f", false).unwrap();
        assert_eq!(sheet.rows[1].1[1], Cell::Text("县财政局,县审计局".into()));
    }

    #[test]
    fn crlf_line_numbers() {
        let sheet = read("事项编号,内容\r\nA1,x\r\nA2,y\r\n".as_bytes(), "f", false).unwrap();
        let lines: Vec<u32> = sheet.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3]);
    }
}
