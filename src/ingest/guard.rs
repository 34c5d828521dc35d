//! A guard against decompression bombs: zip-based workbooks (xlsx, xlsm,
//! xlsb, ods) declare every part's uncompressed size in the central directory,
//! which is read without inflating anything. A file whose parts would inflate
//! past a sane limit is refused with a clear message instead of exhausting memory.

use std::io::Cursor;

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

/// Checks the declared sizes; `Err` with a Chinese reason when too large.
/// Archives that cannot be listed are left for the reader to report.
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
    Ok(())
}

fn too_large(part: &str, size: u64) -> String {
    format!(
        "文件解压后过大（{part} 约 {} MB，超过上限 {} MB），可能已损坏或是恶意文件，已拒绝读取；\
         如确为正常数据，请拆分为多个文件",
        size >> 20,
        MAX_PART_BYTES >> 20
    )
}
