//! A guard for Excel 97–2003 (.xls) workbooks, run before calamine reads
//! them. calamine reserves room for a sheet's cells from the sheet's
//! DIMENSIONS record, whatever it claims: a corrupt or hostile record asking
//! for trillions of cells made the allocation fail, which aborts the whole
//! process (found by the `workbook` fuzz target). Every DIMENSIONS record
//! calamine would read is checked here first, and so are the cells of each
//! sheet: calamine lays them out in one dense grid, so two cells far apart
//! (A1 and a cell at row 65,536, column 65,536) asked for 100 GB.

use super::guard::{Extent, MAX_CELLS};
use std::io::{Cursor, Read};

/// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const DIMENSIONS: u16 = 0x0200;
const BOUND_SHEET: u16 = 0x0085;
/// Cell records calamine reads (MS-XLS 2.4).
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const RK: u16 = 0x027E;
const LABELSST: u16 = 0x00FD;
const FORMULA: u16 = 0x0006;
const MULRK: u16 = 0x00BD;

/// The most sheets a workbook may list (Excel itself has no fixed limit, but
/// a real export has a handful).
const MAX_SHEETS: usize = 4096;

/// Checks an .xls file; `Err` with a Chinese reason when a sheet claims more
/// than [`MAX_CELLS`] cells. A file whose compound structure cannot be read
/// by the `cfb` crate is scanned byte by byte for such records instead.
pub fn check_xls(bytes: &[u8]) -> Result<(), String> {
    match workbook_stream(bytes) {
        Some(stream) => check_stream(&stream),
        None => check_unaligned(bytes),
    }
}

/// The workbook stream (`Workbook`, or `Book` for Excel 5 files).
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    for name in ["/Workbook", "/Book"] {
        if let Ok(mut stream) = file.open_stream(name) {
            let mut data = Vec::new();
            return stream.read_to_end(&mut data).ok().map(|_| data);
        }
    }
    None
}

/// Walks the records as calamine does: the global substream from the start,
/// then each sheet's substream from the offset its BOUNDSHEET record gives.
fn check_stream(stream: &[u8]) -> Result<(), String> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        if typ == BOUND_SHEET && data.len() >= 4 {
            sheets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
        }
        if typ == DIMENSIONS {
            check_dimensions(data)?;
        }
    }
    sheets.sort_unstable();
    sheets.dedup();
    if sheets.len() > MAX_SHEETS {
        return Err(format!(
            "文件列出 {} 个工作表（上限 {MAX_SHEETS}），可能已损坏，已拒绝读取",
            sheets.len()
        ));
    }
    for pos in sheets.into_iter().filter(|&p| p < stream.len()) {
        let (mut seen_bof, mut depth) = (false, 0usize);
        let mut cells = Extent::default();
        for (typ, data) in records(&stream[pos..]) {
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF if depth > 0 => depth -= 1,
                EOF => break,
                DIMENSIONS if depth == 0 => check_dimensions(data)?,
                _ if depth == 0 => {
                    for (row, col) in cell_positions(typ, data).into_iter().flatten() {
                        cells.include(row, col);
                    }
                }
                _ => {}
            }
        }
        if cells.cells() > MAX_CELLS {
            return Err(cells.too_large());
        }
    }
    Ok(())
}

/// Where a cell record calamine reads places its cell (0-based row and
/// column, 16-bit each in BIFF8): none for other records; a MULRK's first
/// and last column (none when they disagree with its size).
fn cell_positions(typ: u16, data: &[u8]) -> [Option<(u32, u32)>; 2] {
    let u16_at = |i: usize| {
        data.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) else {
        return [None, None];
    };
    match typ {
        NUMBER | LABEL | RSTRING | BOOLERR | RK | LABELSST | FORMULA => [Some((row, col)), None],
        MULRK => {
            // calamine fails on a MULRK whose size and columns disagree.
            let last = data.len().checked_sub(2).and_then(u16_at);
            match last {
                Some(last) if last >= col && data.len() == 6 + 6 * (last - col + 1) as usize => {
                    [Some((row, col)), Some((row, last))]
                }
                _ => [None, None],
            }
        }
        _ => [None, None],
    }
}

/// The records of a stream (type, data), until it ends or a record overruns it.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([stream[0], stream[1]]);
        let len = usize::from(u16::from_le_bytes([stream[2], stream[3]]));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

/// Every place in the raw file where a DIMENSIONS record could start, and
/// every place where a cell record of its exact size could (calamine's own
/// compound-file reader is more lenient than the `cfb` crate, and read such
/// a file's cells into one dense grid). Cells of records with a variable
/// size are not looked for: their type bytes alone are too common in data.
fn check_unaligned(bytes: &[u8]) -> Result<(), String> {
    let tag = DIMENSIONS.to_le_bytes();
    for at in memchr::memmem::find_iter(bytes, &tag) {
        let Some(len) = bytes.get(at + 2..at + 4) else {
            continue;
        };
        let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
        if let Some(data) = bytes.get(at + 4..at + 4 + len) {
            check_dimensions(data)?;
        }
    }
    let mut cells = Extent::default();
    for at in 0..bytes.len().saturating_sub(4) {
        let typ = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let len = usize::from(u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        let fixed = match typ {
            NUMBER => len == 14,
            RK | LABELSST => len == 10,
            BOOLERR => len == 8,
            // Row, first column, six bytes a cell, last column.
            MULRK => len >= 12 && (len - 6) % 6 == 0,
            _ => false,
        };
        let Some(data) = bytes.get(at + 4..at + 4 + len).filter(|_| fixed) else {
            continue;
        };
        for (row, col) in cell_positions(typ, data).into_iter().flatten() {
            cells.include(row, col);
        }
    }
    if cells.cells() > MAX_CELLS {
        return Err(cells.too_large());
    }
    Ok(())
}

/// A DIMENSIONS record, sized as calamine sizes it (rows and columns in
/// wrapping 32-bit arithmetic, as its release build computes them).
fn check_dimensions(r: &[u8]) -> Result<(), String> {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return Ok(()),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let ((r0, c0), (r1, c1)) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(r1.wrapping_sub(r0).wrapping_add(1));
    let cols = u64::from(c1.wrapping_sub(c0).wrapping_add(1));
    if rows * cols > MAX_CELLS {
        let extent = Extent::new(
            u64::from(r0),
            u64::from(r0) + rows - 1,
            u64::from(c0) + cols - 1,
        );
        return Err(extent.too_large());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend(rf.to_le_bytes());
        r.extend(rl.to_le_bytes());
        r.extend(cf.to_le_bytes());
        r.extend(cl.to_le_bytes());
        r.extend([0, 0]);
        r
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    #[test]
    fn dimensions_are_sized_as_calamine_sizes_them() {
        assert_eq!(check_dimensions(&dims(0, 1_048_576, 0, 32)), Ok(()));
        let err = check_dimensions(&dims(0, 1_048_576, 0, 256)).unwrap_err();
        assert!(
            err.starts_with("工作表内容延伸到单元格 IV1048576（1048576 行 × 256 列"),
            "{err}"
        );
        // First row after the last: calamine's subtraction wraps to four billion rows.
        assert!(check_dimensions(&dims(10, 5, 0, 2)).is_err());
        // Nothing claimed.
        assert_eq!(check_dimensions(&dims(0, 0, 0, 0)), Ok(()));
        assert_eq!(check_dimensions(&[1, 2, 3]), Ok(()));
    }

    /// A workbook stream: globals naming one sheet, then the sheet's records.
    fn one_sheet(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let mut stream = record(BOF, &[0; 16]);
        let offset_at = stream.len() + 4;
        stream.extend(record(BOUND_SHEET, &[0; 8]));
        stream.extend(record(EOF, &[]));
        let sheet_at = stream.len() as u32;
        stream[offset_at..offset_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
        stream.extend(record(BOF, &[0; 16]));
        for r in sheet_records {
            stream.extend(r);
        }
        stream.extend(record(EOF, &[]));
        stream
    }

    /// A LABELSST cell at (row, col), 0-based.
    fn label(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0, 0, 0, 0, 0, 0]);
        record(LABELSST, &data)
    }

    #[test]
    fn cells_far_apart_are_refused_whatever_the_dimensions_say() {
        let small = record(DIMENSIONS, &dims(0, 2, 0, 2));
        // A real sheet's corner: 65,536 rows × 256 columns is allowed.
        let full = one_sheet(&[small.clone(), label(0, 0), label(65_535, 255)]);
        assert_eq!(check_stream(&full), Ok(()));
        let far = one_sheet(&[small.clone(), label(0, 0), label(65_535, 65_535)]);
        let err = check_stream(&far).unwrap_err();
        assert!(err.contains("65536 行 × 65536 列"), "{err}");
        // A MULRK spans its first to its last column; one whose size
        // disagrees with them is no cell (calamine fails on it).
        let mulrk = |first: u16, last: u16, cells: usize| {
            let mut data = 3u16.to_le_bytes().to_vec();
            data.extend(first.to_le_bytes());
            data.extend(vec![0; 6 * cells]);
            data.extend(last.to_le_bytes());
            record(MULRK, &data)
        };
        let wide = one_sheet(&[small.clone(), label(1_000, 0), mulrk(60_000, 60_001, 2)]);
        assert!(check_stream(&wide).is_err());
        let broken = one_sheet(&[small, label(1_000, 0), mulrk(60_000, 60_001, 1)]);
        assert_eq!(check_stream(&broken), Ok(()));
        // Without a compound file to walk, fixed-size cell records are
        // looked for anywhere.
        assert!(check_unaligned(&far).is_err());
        assert_eq!(check_unaligned(&full), Ok(()));
    }

    #[test]
    fn a_sheet_substream_is_walked_from_its_boundsheet_offset() {
        let huge = record(DIMENSIONS, &dims(0, 4_000_000_000, 0, 200));
        let small = record(DIMENSIONS, &dims(0, 100, 0, 10));
        // Globals: BOF, BOUNDSHEET → offset of the sheet, EOF; then padding
        // that hides the sheet's records from a walk from the start.
        let mut globals = record(BOF, &[0; 16]);
        let offset_at = globals.len() + 4;
        globals.extend(record(BOUND_SHEET, &[0; 8]));
        globals.extend(record(EOF, &[]));
        globals.push(0xFF);
        let sheet_at = globals.len() as u32;
        globals[offset_at..offset_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
        let mut ok = globals.clone();
        for s in [&mut globals, &mut ok] {
            s.extend(record(BOF, &[0; 16]));
        }
        globals.extend(&huge);
        ok.extend(&small);
        assert!(check_stream(&globals).is_err());
        assert_eq!(check_stream(&ok), Ok(()));
        assert!(check_unaligned(&globals).is_err());
    }
}
