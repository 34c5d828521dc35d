//! Ingest: the input folder read into sheets of raw rows. Files are found by
//! [`scan`], read in parallel ([`workbook`] through calamine, [`delimited`] for
//! CSV/TSV), and each sheet's header row is found and the sheet classified
//! ([`header`]). Blank and footer rows are counted here; every other row below
//! the header goes on to normalisation with its Excel row number.

pub mod cell;
pub mod delimited;
pub mod guard;
pub mod header;
mod ods_guard;
pub mod scan;
pub mod workbook;
mod xls_guard;
mod xlsx_direct;
mod xlsx_package;

use crate::model::SheetKind;
use cell::Cell;
use header::Columns;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// A merged region (0-based, inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u32,
    pub last_col: u32,
}

/// A sheet as read: rows with their Excel row numbers; cells at their column.
#[derive(Clone, Debug, PartialEq)]
pub struct RawSheet {
    pub name: Arc<str>,
    pub rows: Vec<(u32, Vec<Cell>)>,
    pub merges: Vec<Merge>,
}

/// A data row below the header: its Excel row number and cells.
#[derive(Clone, Debug, PartialEq)]
pub struct DataRow {
    pub row: u32,
    pub cells: Vec<Cell>,
    /// Its 事项编号 is a vertically merged cell begun on a row above: the
    /// rows of one case, one unit per row.
    pub continues: bool,
}

impl DataRow {
    /// The cell under `col`, or empty.
    pub fn cell(&self, col: Option<usize>) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        col.and_then(|c| self.cells.get(c)).unwrap_or(&EMPTY)
    }

    /// The row's non-empty cells joined with ` | ` (原始内容 of an anomaly).
    pub fn raw(&self) -> String {
        self.cells
            .iter()
            .filter(|c| !c.is_blank())
            .map(|c| c.text())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// A classified sheet with its data rows and skipped-row counts.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetData {
    pub name: Arc<str>,
    pub kind: SheetKind,
    /// Excel row number of the header (0: none found).
    pub header_row: u32,
    pub columns: Columns,
    pub rows: Vec<DataRow>,
    /// Rows below the header.
    pub read: u64,
    pub blank: u64,
    pub footer: u64,
}

/// One input file after reading.
#[derive(Clone, Debug, PartialEq)]
pub struct FileData {
    pub relative: Arc<str>,
    pub sha256: String,
    pub size: u64,
    /// The sheets, or why the file could not be read.
    pub sheets: Result<Vec<SheetData>, String>,
}

/// Reads every input file under `dir` (skipping `exclude`), in parallel, in
/// lexicographic path order.
pub fn read_folder(dir: &Path, exclude: Option<&Path>) -> std::io::Result<Vec<FileData>> {
    read_folder_with(dir, exclude, &|_, _| {})
}

/// [`read_folder`], calling `done(total, relative path)` as each file is read
/// (from worker threads, in completion order): a progress hook.
pub fn read_folder_with(
    dir: &Path,
    exclude: Option<&Path>,
    done: &(dyn Fn(usize, &str) + Sync),
) -> std::io::Result<Vec<FileData>> {
    let files = scan::scan(dir, exclude)?;
    // Largest first, each core taking the next file as it finishes one: the
    // last files read are then small ones, so neither core waits long for
    // the other at the end.
    let mut order: Vec<(u64, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (std::fs::metadata(&f.path).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_by_key(|&(size, i)| (std::cmp::Reverse(size), i));
    let next = AtomicUsize::new(0);
    let read: Vec<OnceLock<FileData>> = files.iter().map(|_| OnceLock::new()).collect();
    rayon::broadcast(|_| {
        while let Some(&(_, i)) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let f = &files[i];
            let _ = read[i].set(read_file(&f.path, &f.relative));
            done(files.len(), &f.relative);
        }
    });
    // Every slot is filled: each file is taken once, and a panic outside the
    // readers' own guard leaves `broadcast` instead of returning.
    Ok(read.into_iter().filter_map(OnceLock::into_inner).collect())
}

/// Reads one file; any failure (even a panic inside a reader) becomes the
/// file's error instead of stopping the run.
pub fn read_file(path: &Path, relative: &str) -> FileData {
    let relative: Arc<str> = Arc::from(relative);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > guard::MAX_FILE_BYTES {
        let sheets = Err(guard::file_too_large(size));
        let sha256 = String::new();
        return FileData {
            relative,
            sha256,
            size,
            sheets,
        };
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileData {
                relative,
                sha256: String::new(),
                size: 0,
                sheets: Err(format!("无法读取文件：{}", crate::error::io_reason(&e))),
            }
        }
    };
    let sha256 = crate::sha256_hex(&bytes);
    let size = bytes.len() as u64;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheets = std::panic::catch_unwind(|| read_bytes(&bytes, &ext, &name))
        .unwrap_or_else(|_| Err("读取时发生内部错误，文件可能已损坏".to_owned()))
        .map(|raw| {
            if is_own_report(&raw) {
                // A sheet someone added to a report is read as any other.
                let ours = |s: &RawSheet| crate::report::SHEET_NAMES.contains(&&*s.name);
                raw.into_iter()
                    .map(|s| {
                        if ours(&s) {
                            own_report_sheet(s)
                        } else {
                            parse_sheet(s)
                        }
                    })
                    .collect()
            } else {
                raw.into_iter().map(parse_sheet).collect()
            }
        });
    FileData {
        relative,
        sha256,
        size,
        sheets,
    }
}

fn read_bytes(bytes: &[u8], ext: &str, name: &str) -> Result<Vec<RawSheet>, String> {
    const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    match ext {
        "csv" | "tsv" => delimited::read(bytes, name, ext == "tsv").map(|s| vec![s]),
        "xlsx" | "xlsm" | "xlsb" if bytes.starts_with(&CFB_MAGIC) && !is_xls(bytes) => {
            Err("文件已加密（受密码保护），无法读取；请另存为无密码的文件".to_owned())
        }
        _ if bytes.is_empty() => Err("文件为空".to_owned()),
        _ if bytes.starts_with(&CFB_MAGIC) => {
            xls_guard::check_xls(bytes)?;
            workbook::read(bytes, &[])
        }
        _ => {
            let ods_merges = guard::check_zip(bytes)?;
            workbook::read(bytes, &ods_merges)
        }
    }
}

/// Whether the sheets are those of a 通报 workbook mashang wrote (all five
/// of its sheets, whatever else a re-save added): its 明细 and 逾期清单
/// sheets would otherwise read as intake rows.
fn is_own_report(sheets: &[RawSheet]) -> bool {
    crate::report::SHEET_NAMES
        .iter()
        .all(|name| sheets.iter().any(|s| &*s.name == *name))
}

/// Whether a header row is that of a report's 明细 or 逾期清单 sheet (a
/// handout saved on its own): its contacts are masked, its rows not exports.
fn is_report_table(header: &[Cell]) -> bool {
    let texts: Vec<String> = header.iter().map(|c| c.text().trim().to_owned()).collect();
    let used = texts
        .iter()
        .rposition(|t| !t.is_empty())
        .map_or(0, |i| i + 1);
    crate::report::case_table_headers()
        .iter()
        .any(|labels| texts[..used] == labels[..])
}

fn own_report_sheet(raw: RawSheet) -> SheetData {
    SheetData {
        name: raw.name,
        kind: SheetKind::OwnReport,
        header_row: 0,
        columns: Columns::default(),
        rows: Vec::new(),
        read: 0,
        blank: 0,
        footer: 0,
    }
}

/// Whether a compound file holds an Excel 97–2003 workbook (an .xls named
/// .xlsx, as some systems export it) rather than an encrypted package.
fn is_xls(bytes: &[u8]) -> bool {
    let stream: Vec<u8> = "Workbook"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(stream.len()).any(|w| w == stream)
}

/// Fills every cell of a vertically merged region with its top-left value.
fn apply_merges(sheet: &mut RawSheet) {
    if sheet.merges.is_empty() || sheet.rows.is_empty() {
        return;
    }
    let first_row = sheet.rows[0].0;
    for m in &sheet.merges {
        if m.last_row <= m.first_row {
            continue;
        }
        let index = |excel_row: u32| excel_row.checked_sub(first_row).map(|i| i as usize);
        let Some(top) = index(m.first_row + 1) else {
            continue;
        };
        let Some((_, top_cells)) = sheet.rows.get(top) else {
            continue;
        };
        let value = top_cells
            .get(m.first_col as usize)
            .cloned()
            .unwrap_or(Cell::Empty);
        for r in m.first_row..=m.last_row {
            let Some(i) = index(r + 1) else { continue };
            let Some((_, cells)) = sheet.rows.get_mut(i) else {
                continue;
            };
            for c in m.first_col..=m.last_col {
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, Cell::Empty);
                }
                if cells[c].is_blank() {
                    cells[c] = value.clone();
                }
            }
        }
    }
}

/// The Excel rows whose 事项编号 (column `id`) continues a vertical merge
/// begun on a data row (below the header at `header_row`): all but each
/// merge's first row; sorted (merged regions do not overlap).
fn continued_ids(
    merges: &[Merge],
    id: Option<usize>,
    header_row: u32,
) -> Vec<std::ops::RangeInclusive<u32>> {
    let Some(id) = id.and_then(|c| u32::try_from(c).ok()) else {
        return Vec::new();
    };
    let mut rows: Vec<_> = merges
        .iter()
        .filter(|m| {
            (m.first_col..=m.last_col).contains(&id)
                && m.last_row > m.first_row
                && m.first_row + 1 > header_row
        })
        .map(|m| m.first_row + 2..=m.last_row + 1)
        .collect();
    rows.sort_by_key(|r| *r.start());
    rows
}

/// Whether a row names its record (事项编号, or 单位名称 in a units sheet)
/// with something that is not itself a footer's words (`合计：125件` in the
/// 事项编号 column): such a row is data, whatever its first cell says.
fn names_a_record(columns: &Columns, cells: &[Cell]) -> bool {
    use header::Field;
    let id = columns.get(Field::CaseId).or(columns.get(Field::UnitName));
    id.and_then(|c| cells.get(c))
        .is_some_and(|c| !c.is_blank() && !header::is_footer(std::slice::from_ref(c)))
}

/// Finds the header, classifies the sheet, and separates blank and footer rows.
pub fn parse_sheet(mut raw: RawSheet) -> SheetData {
    apply_merges(&mut raw);
    let merges = std::mem::take(&mut raw.merges);
    let cells: Vec<Vec<Cell>> = raw
        .rows
        .iter()
        .take(header::HEADER_SEARCH_ROWS)
        .map(|(_, c)| c.clone())
        .collect();
    let Some(h) = header::find_header_row(&cells) else {
        return SheetData {
            name: raw.name,
            kind: SheetKind::Skipped,
            header_row: 0,
            columns: Columns::default(),
            rows: Vec::new(),
            read: 0,
            blank: 0,
            footer: 0,
        };
    };
    if is_report_table(&raw.rows[h].1) {
        return own_report_sheet(raw);
    }
    // A two-row header (group titles above the field names) reads as one,
    // and the data start below its second row.
    let (header_cells, h) = match raw.rows.get(h + 1) {
        Some((_, next)) if header::is_header_continuation(&raw.rows[h].1, next) => {
            (header::combine_header_rows(&raw.rows[h].1, next), h + 1)
        }
        _ => (raw.rows[h].1.clone(), h),
    };
    let header_row = raw.rows[h].0;
    let mut columns = Columns::from_header(&header_cells);
    let kind = columns.classify();
    let mut sheet = SheetData {
        name: raw.name,
        kind,
        header_row,
        columns,
        rows: Vec::new(),
        read: 0,
        blank: 0,
        footer: 0,
    };
    if kind == SheetKind::Skipped {
        return sheet;
    }
    sheet.rows.reserve_exact(raw.rows.len() - (h + 1));
    let continued = continued_ids(
        &merges,
        sheet.columns.get(header::Field::CaseId),
        header_row,
    );
    for (row, cells) in raw.rows.into_iter().skip(h + 1) {
        sheet.read += 1;
        if cells.iter().all(Cell::is_blank) {
            sheet.blank += 1;
        } else if header::is_footer(&cells) && !names_a_record(&sheet.columns, &cells) {
            sheet.footer += 1;
        } else {
            let before = continued.partition_point(|r| *r.start() <= row);
            let continues = before > 0 && continued[before - 1].contains(&row);
            sheet.rows.push(DataRow {
                row,
                cells,
                continues,
            });
        }
    }
    sheet
}
