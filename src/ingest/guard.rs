//! A guard against decompression bombs: zip-based workbooks (xlsx, xlsm,
//! xlsb, ods) declare every part's uncompressed size in the central directory,
//! which is read without inflating anything. A file whose parts would inflate
//! past a sane limit is refused with a clear message instead of exhausting memory.
//!
//! The readers hold each sheet as a full grid, from its first cell to its
//! farthest, so a few bytes of XML placing two cells at opposite corners of
//! Excel's grid would ask for 17 billion cells: the XML parts are scanned
//! (streaming, nothing kept) for the extent of the cells with a value, and a
//! sheet spanning more than [`MAX_CELLS`] is refused too.

use std::io::{BufRead, BufReader, Cursor, Read};

/// The most a single part (a worksheet's XML) may inflate to: a full
/// 1,048,576-row sheet of a dozen text columns stays well below it.
pub const MAX_PART_BYTES: u64 = 3 << 30;

/// The most all parts together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 6 << 30;

/// The largest input file read: a CSV of a full 1,048,576-row sheet stays well below.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The reason a file past [`MAX_FILE_BYTES`] is not read.
pub fn file_too_large(size: u64) -> String {
    format!(
        "文件过大（{} MB，超过上限 {} MB），可能不是导出的登记表，未读取；如确为正常数据，请拆分为多个文件",
        size >> 20,
        MAX_FILE_BYTES >> 20
    )
}

/// The most cells a sheet's grid may span: 1,048,576 rows of 32 columns.
pub const MAX_CELLS: u64 = 1 << 25;

/// Checks the declared sizes and the sheets' extents; `Err` with a Chinese
/// reason when too large. Archives that cannot be listed or parts that cannot
/// be inflated are left for the reader to report.
pub fn check_zip(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES {
            return Err(too_large(entry.name().unwrap_or_default().as_ref(), size));
        }
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_large("全部内容", total));
    }
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let is_xml = entry
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with(".xml"));
        if !is_xml {
            continue;
        }
        let extent = sheet_extent(BufReader::with_capacity(1 << 16, entry));
        if extent.cells() > MAX_CELLS {
            return Err(extent.too_large());
        }
    }
    Ok(())
}

/// Where the cells with a value lie in a worksheet's XML (0-based).
#[derive(Debug, Default, PartialEq, Eq)]
struct Extent {
    first_row: Option<u32>,
    last_row: u32,
    last_col: u32,
}

impl Extent {
    /// The grid the readers build: rows from the first to the last, columns
    /// from A to the last.
    fn cells(&self) -> u64 {
        self.first_row.map_or(0, |first| {
            u64::from(self.last_row - first + 1) * (u64::from(self.last_col) + 1)
        })
    }

    fn too_large(&self) -> String {
        let rows = u64::from(self.last_row - self.first_row.unwrap_or(0)) + 1;
        format!(
            "工作表内容延伸到单元格 {}{}（{rows} 行 × {} 列，超过上限 {MAX_CELLS} 个单元格），\
             可能是远处有零散内容；请在 Excel 中按 Ctrl+End 找到最后一个单元格，删除多余的行列后重新保存",
            column_name(self.last_col),
            u64::from(self.last_row) + 1,
            u64::from(self.last_col) + 1,
        )
    }
}

/// `0` → `A`, `16383` → `XFD`.
fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut name = Vec::new();
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Scans worksheet XML the way calamine places cells: `<row r>` sets the row
/// (else rows count from 0, one per `</row>`), `<c r>` sets the cell (else the
/// next column), a `<c>` closed at once or self-closing has no value. Cell
/// references wrap as calamine's do. Anything else, or a read error, ends the scan.
fn sheet_extent(mut xml: impl BufRead) -> Extent {
    let mut extent = Extent::default();
    let (mut row, mut col) = (0u32, 0u32);
    let mut open_cell: Option<(u32, u32)> = None;
    let mut tag = Vec::new();
    loop {
        if !matches!(xml.skip_until(b'<'), Ok(n) if n > 0) {
            return extent;
        }
        tag.clear();
        if (&mut xml).take(4096).read_until(b'>', &mut tag).is_err() {
            return extent;
        }
        let (closing, body) = match tag.strip_prefix(b"/") {
            Some(rest) => (true, rest),
            None => (false, &tag[..]),
        };
        let self_closing = body.ends_with(b"/>");
        let name_end = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .unwrap_or(body.len());
        let name = &body[..name_end];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        if let Some((r, c)) = open_cell.take() {
            if !(closing && local == b"c") {
                extent.first_row = Some(extent.first_row.map_or(r, |f| f.min(r)));
                extent.last_row = extent.last_row.max(r);
                extent.last_col = extent.last_col.max(c);
            }
        }
        match (closing, local) {
            (true, b"row") => {
                row = row.wrapping_add(1);
                col = 0;
            }
            (false, b"row") if !self_closing => {
                if let Some((r, _)) = attribute(body, b"r").and_then(reference) {
                    row = r;
                }
            }
            (false, b"c") if !self_closing => {
                let at = match attribute(body, b"r").and_then(reference) {
                    Some((r, Some(c))) => {
                        col = c;
                        (r, c)
                    }
                    _ => (row, col),
                };
                col = col.wrapping_add(1);
                open_cell = Some(at);
            }
            _ => {}
        }
    }
}

/// The value of attribute `name` in a start tag.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while let Some(k) = tag[i..]
        .windows(name.len() + 1)
        .position(|w| w.starts_with(name) && w[name.len()] == b'=')
    {
        let at = i + k;
        let after = at + name.len() + 1;
        if at > 0 && tag[at - 1].is_ascii_whitespace() {
            let quote = *tag.get(after)?;
            let rest = tag.get(after + 1..)?;
            let end = rest.iter().position(|&b| b == quote)?;
            return Some(&rest[..end]);
        }
        i = after;
    }
    None
}

/// A reference such as `XFD1048576` or `7` as a 0-based (row, column),
/// computed as calamine computes it.
fn reference(text: &[u8]) -> Option<(u32, Option<u32>)> {
    let digits = text.iter().position(u8::is_ascii_digit)?;
    let (letters, number) = text.split_at(digits);
    let mut col: u32 = 0;
    for &b in letters {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        let v = u32::from(b.to_ascii_uppercase() - b'A') + 1;
        col = col.wrapping_mul(26).wrapping_add(v);
    }
    let mut row: u32 = 0;
    for &b in number {
        if !b.is_ascii_digit() {
            return None;
        }
        row = row.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

fn too_large(part: &str, size: u64) -> String {
    format!(
        "文件解压后过大（{part} 约 {} MB，超过上限 {} MB），可能已损坏或是恶意文件，已拒绝读取；\
         如确为正常数据，请拆分为多个文件",
        size >> 20,
        MAX_PART_BYTES >> 20
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extent(xml: &str) -> Extent {
        sheet_extent(xml.as_bytes())
    }

    #[test]
    fn cells_are_placed_as_calamine_places_them() {
        let xml = "<sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c><c><v>2</v></c></row>\
                   <row><c><v>3</v></c><c/><c></c></row></sheetData>";
        assert_eq!(
            extent(xml),
            Extent {
                first_row: Some(1),
                last_row: 2,
                last_col: 2
            }
        );
        assert_eq!(extent(xml).cells(), 2 * 3);
        let far = "<x:row r=\"1048576\"><x:c r=\"XFD1048576\" t=\"s\"><x:v>0</x:v></x:c></x:row>";
        let e = extent(&format!(
            "<x:row><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row>{far}"
        ));
        assert_eq!(e.cells(), 1_048_576 * 16_384);
        assert!(e
            .too_large()
            .starts_with("工作表内容延伸到单元格 XFD1048576（1048576 行 × 16384 列"));
        assert_eq!(extent("<c r=\"ZZ9\"></c>").cells(), 0, "no value");
    }

    #[test]
    fn references_and_column_names() {
        assert_eq!(reference(b"A1"), Some((0, Some(0))));
        assert_eq!(reference(b"xfd1048576"), Some((1_048_575, Some(16_383))));
        assert_eq!(reference(b"7"), Some((6, None)));
        assert_eq!(reference(b"A0"), None);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(attribute(b"c r=\"B2\" s=\"1\"", b"r"), Some(&b"B2"[..]));
        assert_eq!(attribute(b"c ar=\"1\" r='C3'", b"r"), Some(&b"C3"[..]));
    }
}
