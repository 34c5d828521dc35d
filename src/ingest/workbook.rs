//! Spreadsheet files through calamine: every sheet as rows of [`Cell`]s with
//! their Excel row numbers, and the merged regions (xlsx and xls) so that a
//! vertically merged cell can apply to every row it spans.

use super::cell::Cell;
use super::{Merge, RawSheet};
use calamine::{Data, Range, Reader, Sheets};
use chrono::{NaiveDate, NaiveDateTime};
use std::io::Cursor;
use std::sync::Arc;

/// Reads every worksheet of a workbook held in memory.
pub fn read(bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(describe)?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("工作表“{name}”：{}", describe(e)))?;
        let merges = merges(&mut book, &name);
        sheets.push(to_raw(&name, &range, merges));
    }
    Ok(sheets)
}

/// The merged regions of a sheet, where the format lists them.
fn merges(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Merge> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter()
        .map(|d| Merge {
            first_row: d.start.0,
            last_row: d.end.0,
            first_col: d.start.1,
            last_col: d.end.1,
        })
        .collect()
}

fn to_raw(name: &str, range: &Range<Data>, merges: Vec<Merge>) -> RawSheet {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = Vec::with_capacity(col0 as usize + row.len());
            cells.resize(col0 as usize, Cell::Empty);
            cells.extend(row.iter().map(to_cell));
            (row0 + i as u32 + 1, cells)
        })
        .collect();
    RawSheet {
        name: Arc::from(name),
        rows,
        merges,
    }
}

/// One calamine value as a [`Cell`]; Excel date-times rounded to the nearest second.
pub fn to_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        // Serials Excel cannot show as dates stay numbers (calamine would clamp them).
        Data::DateTime(dt) if dt.is_datetime() && (1.0..2_958_466.0).contains(&dt.as_f64()) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
                .and_then(|date| date.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)))
            {
                Some(t) => Cell::DateTime(round_millis(t, ms)),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn round_millis(t: NaiveDateTime, ms: u16) -> NaiveDateTime {
    if ms >= 500 {
        t + chrono::Duration::seconds(1)
    } else {
        t
    }
}

/// ODS date-times arrive as ISO text: dates alone stay dates.
fn iso_cell(s: &str) -> Cell {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Cell::Date(d);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            let ms = t.and_utc().timestamp_subsec_millis() as u16;
            let whole = t.with_nanosecond_zero();
            return Cell::DateTime(round_millis(whole, ms));
        }
    }
    Cell::Text(s.to_owned())
}

trait WithNanosecondZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl WithNanosecondZero for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// A calamine error in Chinese, with the likely cause.
fn describe(e: calamine::Error) -> String {
    let detail = e.to_string();
    let lower = detail.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        format!("文件已加密，无法读取（{detail}）")
    } else {
        format!("文件已损坏或不是电子表格（{detail}）")
    }
}
