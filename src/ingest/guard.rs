//! A guard against decompression bombs: zip-based workbooks (xlsx, xlsm,
//! xlsb, ods) declare every part's uncompressed size in the central directory,
//! which is read without inflating anything. A file whose parts would inflate
//! past a sane limit is refused with a clear message instead of exhausting memory.
//!
//! The readers hold each sheet as a full grid, from its first cell to its
//! farthest, so a few bytes placing two cells at opposite corners of Excel's
//! grid would ask for 17 billion cells: a sheet spanning more than
//! [`MAX_CELLS`] is refused too — xlsx while it is streamed
//! (`workbook::xlsx_rows`), ods before it is read ([`super::ods_guard`]).

use std::io::{BufReader, Cursor};

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

/// Checks the declared sizes, and an ods's content; `Err` with a Chinese
/// reason when too large. Archives that cannot be listed or parts that cannot
/// be inflated are left for the reader to report. An ods's merged regions
/// come back (none for other formats).
pub fn check_zip(bytes: &[u8]) -> Result<super::ods_guard::OdsMerges, String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Vec::new());
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
    check_shared_strings(&mut archive)?;
    // calamine's ODS reader cannot be trusted with a malformed content.xml.
    let merges = match archive.by_name("content.xml") {
        Ok(entry) => super::ods_guard::check_content(BufReader::with_capacity(1 << 16, entry))?,
        Err(_) => Vec::new(),
    };
    Ok(merges)
}

/// An xlsx's shared strings table may not declare more items than its part
/// could hold (each takes at least `<si/>`): calamine reserves room for the
/// declared number first, and a forged `uniqueCount` would abort the run.
fn check_shared_strings<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Result<(), String> {
    use std::io::Read;
    let Some(name) = archive
        .file_names()
        .find(|n| {
            n.as_deref()
                .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        })
        .and_then(|n| n.ok())
        .map(|n| n.into_owned())
    else {
        return Ok(());
    };
    let Ok(entry) = archive.by_name(&name) else {
        return Ok(());
    };
    let size = entry.size();
    let mut head = Vec::new();
    if entry.take(4096).read_to_end(&mut head).is_err() {
        return Ok(());
    }
    let head = String::from_utf8_lossy(&head);
    let declared = super::xlsx_package::elements(&head, "sst")
        .next()
        .and_then(|sst| sst.attr("uniqueCount"))
        .and_then(|n| n.parse::<u128>().ok());
    match declared {
        Some(n) if n > u128::from(size / 5) => Err(format!(
            "文件已损坏：共享字符串表声明有 {n} 项，而它只有 {size} 字节，已拒绝读取"
        )),
        _ => Ok(()),
    }
}

/// Where the cells with a value lie in a sheet (0-based).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Extent {
    first_row: Option<u32>,
    last_row: u32,
    last_col: u32,
}

impl Extent {
    /// Rows `first..=last` and columns up to `last_col` (0-based; clamped to Excel's grid).
    pub(super) fn new(first: u64, last: u64, last_col: u64) -> Extent {
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Extent {
            first_row: Some(clamp(first)),
            last_row: clamp(last),
            last_col: clamp(last_col),
        }
    }

    /// The grid the readers build: rows from the first to the last, columns
    /// from A to the last.
    pub(super) fn cells(&self) -> u64 {
        self.first_row.map_or(0, |first| {
            u64::from(self.last_row - first + 1) * (u64::from(self.last_col) + 1)
        })
    }

    /// Widens the extent to a cell with a value at (row, col), 0-based.
    pub(super) fn include(&mut self, row: u32, col: u32) {
        self.first_row = Some(self.first_row.map_or(row, |f| f.min(row)));
        self.last_row = self.last_row.max(row);
        self.last_col = self.last_col.max(col);
    }

    pub(super) fn too_large(&self) -> String {
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

    #[test]
    fn extents_and_their_message() {
        let mut e = Extent::default();
        assert_eq!(e.cells(), 0);
        e.include(1, 1);
        e.include(2, 0);
        assert_eq!(e.cells(), 2 * 2);
        e.include(1_048_575, 16_383);
        assert_eq!(e.cells(), 1_048_575 * 16_384);
        assert!(e
            .too_large()
            .starts_with("工作表内容延伸到单元格 XFD1048576（1048575 行 × 16384 列"));
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }
}
