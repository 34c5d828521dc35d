//! Spreadsheet files through calamine: every sheet as rows of [`Cell`]s with
//! their Excel row numbers, and the merged regions (xlsx and xls) so that a
//! vertically merged cell can apply to every row it spans.

use super::cell::Cell;
use super::guard::{Extent, MAX_CELLS};
use super::xlsx_package::XlsxPackage;
use super::{Merge, RawSheet};
use calamine::{Data, DataRef, ExcelDateTime, Range, Reader, Sheets, Xlsx, XlsxError};
use chrono::{NaiveDate, NaiveDateTime};
use std::io::Cursor;
use std::sync::Arc;

/// A sheet's rows with their Excel row numbers.
type Rows = Vec<(u32, Vec<Cell>)>;

/// Reads every worksheet of a workbook held in memory; `ods_merges`: the
/// merged regions of an ods's tables, which calamine does not read.
pub fn read(bytes: &[u8], ods_merges: &[(String, Vec<Merge>)]) -> Result<Vec<RawSheet>, String> {
    match super::xlsx_direct::read(bytes) {
        Some(sheets) => Ok(sheets),
        None => read_with_calamine(bytes, ods_merges),
    }
}

/// Whether the direct xlsx reader, wherever it reads `bytes` at all, reads
/// what calamine reads (for the fuzz target; tests call the two directly).
#[doc(hidden)]
pub fn direct_reader_agrees(bytes: &[u8]) -> bool {
    match super::xlsx_direct::read(bytes) {
        None => true,
        Some(fast) => read_with_calamine(bytes, &[]).is_ok_and(|slow| slow == fast),
    }
}

/// [`read`] through calamine alone: every format, and the xlsx files the
/// direct reader leaves to it.
pub(super) fn read_with_calamine(
    bytes: &[u8],
    ods_merges: &[(String, Vec<Merge>)],
) -> Result<Vec<RawSheet>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(describe)?;
    let names = book.sheet_names();
    let mut fast_merges = match book {
        Sheets::Xlsx(_) => XlsxPackage::open(bytes),
        _ => None,
    };
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let rows = sheet_rows(&mut book, &name)
            .map_err(|e| format!("工作表“{name}”：{}", describe(e)))??;
        let ods = ods_merges.iter().find(|(table, _)| *table == name);
        let merges = match (fast_merges.as_mut().and_then(|m| m.merges(&name)), ods) {
            (Some(merges), _) => merges,
            (None, Some((_, merges))) => merges.clone(),
            (None, None) => merges(&mut book, &name),
        };
        sheets.push(RawSheet {
            name: Arc::from(name.as_str()),
            rows,
            merges,
        });
    }
    Ok(sheets)
}

/// A sheet's rows as `calamine::Reader::worksheet_range` would give them:
/// from the first to the last row holding a non-empty cell, every row as wide
/// as the rightmost non-empty cell (cells at their absolute column), with
/// its Excel row number. xlsx sheets are streamed cell by cell into the rows
/// (no intermediate `Range`, one copy of each string); other formats go
/// through the `Range`, whose values are moved out.
fn sheet_rows(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
) -> Result<Result<Rows, String>, calamine::Error> {
    if let Sheets::Xlsx(x) = book {
        return xlsx_rows(x, name).map_err(calamine::Error::Xlsx);
    }
    let range = book.worksheet_range(name)?;
    Ok(Ok(range_rows(range)))
}

/// An xlsx sheet's rows; `Ok(Err(reason))` when its cells span more than
/// [`MAX_CELLS`] (a few bytes placing cells at opposite corners of the grid
/// would otherwise ask for billions of blank cells), found while streaming.
fn xlsx_rows(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Result<Rows, String>, XlsxError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet: calamine reads it as an empty range.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Ok(Vec::new())),
        Err(e) => return Err(e),
    };
    let formats: Vec<StyleFormat> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .map_or(StyleFormat::default(), |f| StyleFormat::of(&f.format_code))
        })
        .collect();
    let mut grid = Grid::default();
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        let format = formats.get(style).copied().unwrap_or_default();
        let Some(value) = streamed_cell(cell.get_value(), format) else {
            continue;
        };
        let (row, col) = cell.get_position();
        if !grid.put(row, col, value) {
            return Ok(Err(grid.extent.too_large()));
        }
    }
    Ok(Ok(grid.finish()))
}

/// How a cell style's number format shows a value.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StyleFormat {
    /// It shows a time of day: a date-time cell at midnight formatted with
    /// one is that instant, not a date alone.
    timed: bool,
    /// It pads whole numbers with zeros (`000000`) to this width: such a
    /// cell reads as the analyst sees it, `000012`, as IDs are matched by text.
    padding: Option<usize>,
}

impl StyleFormat {
    /// The format of an Excel number format code.
    pub fn of(code: &str) -> Self {
        StyleFormat {
            timed: format_shows_time(code),
            padding: zero_padding(code),
        }
    }
}

/// A value streamed from an xlsx sheet as a [`Cell`], under its style's
/// format; `None` for an empty one.
pub fn streamed_cell(value: &DataRef<'_>, format: StyleFormat) -> Option<Cell> {
    Some(match (format.padding, value) {
        (_, DataRef::Empty) => return None,
        (Some(width), DataRef::Float(n)) if n.fract() == 0.0 && (0.0..1e15).contains(n) => {
            Cell::Text(format!("{:0width$}", *n as u64).into())
        }
        (Some(width), DataRef::Int(n)) if *n >= 0 => Cell::Text(format!("{n:0width$}").into()),
        _ => cell_of_ref(value, format.timed),
    })
}

/// Non-empty cells placed by (row, column), 0-based; rows kept sorted (cells
/// arrive in row order, but calamine does not rely on that, nor do we).
#[derive(Default)]
pub(super) struct Grid {
    rows: Vec<(u32, Vec<Cell>)>,
    max_col: u32,
    /// The dense grid [`Grid::finish`] will build.
    pub(super) extent: Extent,
}

impl Grid {
    /// Places a cell; `false` (and nothing placed) when the grid would then
    /// span more than [`MAX_CELLS`]: checked first, as one far cell
    /// (`XFD1`, or a forged `FXSHRXW1`) would otherwise be a huge row.
    #[must_use]
    pub(super) fn put(&mut self, row: u32, col: u32, cell: Cell) -> bool {
        self.extent.include(row, col);
        if self.extent.cells() > MAX_CELLS {
            return false;
        }
        let i = match self.rows.last() {
            Some((last, _)) if *last == row => self.rows.len() - 1,
            Some((last, _)) if *last > row => {
                match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
                    Ok(i) => i,
                    Err(i) => {
                        self.rows.insert(i, (row, Vec::new()));
                        i
                    }
                }
            }
            _ => {
                let width = self.max_col as usize + 1;
                self.rows.push((row, Vec::with_capacity(width)));
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[i].1;
        let c = col as usize;
        if cells.len() < c {
            cells.resize(c, Cell::Empty);
        }
        if cells.len() == c {
            // The usual case: the next cell of the row.
            cells.push(cell);
        } else {
            // A repeated position: the later cell wins, as in `Range::from_sparse`.
            cells[c] = cell;
        }
        self.max_col = self.max_col.max(col);
        true
    }

    /// Dense rows, first to last, each `max_col + 1` wide, with Excel row numbers.
    pub(super) fn finish(self) -> Vec<(u32, Vec<Cell>)> {
        let (Some(first), Some(last)) = (self.rows.first(), self.rows.last()) else {
            return Vec::new();
        };
        let (first, last) = (first.0, last.0);
        let width = self.max_col as usize + 1;
        let mut out = Vec::with_capacity((last - first) as usize + 1);
        for (row, mut cells) in self.rows {
            // Rows without a non-empty cell in between are blank rows.
            for gap in first + out.len() as u32..row {
                out.push((gap + 1, vec![Cell::Empty; width]));
            }
            cells.resize(width, Cell::Empty);
            out.push((row + 1, cells));
        }
        out
    }
}

/// The rows of a `Range`, values moved out (absolute columns, Excel row numbers).
fn range_rows(mut range: Range<Data>) -> Vec<(u32, Vec<Cell>)> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let height = range.height();
    let mut rows = Vec::with_capacity(height);
    for i in 0..height {
        let values = &mut range[i];
        let mut cells = Vec::with_capacity(col0 as usize + values.len());
        cells.resize(col0 as usize, Cell::Empty);
        cells.extend(values.iter_mut().map(|v| cell_of(std::mem::take(v))));
        rows.push((row0 + i as u32 + 1, cells));
    }
    rows
}

/// The merged regions of a sheet, where the format lists them, through
/// calamine (for xlsx, [`XlsxPackage`] finds the same regions more cheaply).
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

/// One calamine value as a [`Cell`]; Excel date-times rounded to the nearest second.
pub fn to_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => datetime_cell(dt),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string().into()),
    }
}

/// [`to_cell`] taking the value, so that its text is moved, not copied.
fn cell_of(data: Data) -> Cell {
    match data {
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s.into()),
        other => to_cell(&other),
    }
}

/// [`to_cell`] for a value streamed from an xlsx sheet; `timed`: its format
/// shows a time of day.
fn cell_of_ref(data: &DataRef<'_>, timed: bool) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => match datetime_cell(dt) {
            Cell::Date(d) if timed => Cell::DateTime(d.and_time(chrono::NaiveTime::MIN)),
            cell => cell,
        },
        DataRef::DateTimeIso(s) => iso_cell(s),
        DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(e.to_string().into()),
    }
}

/// The width of a format that pads whole numbers with zeros: two or more
/// `0` and nothing else (`000000`), as systems format IDs.
fn zero_padding(code: &str) -> Option<usize> {
    (code.len() >= 2 && code.bytes().all(|b| b == b'0')).then_some(code.len())
}

/// Whether an Excel number format shows a time of day: an hour or second
/// code (`h`, `s`) outside quoted text, escapes and `[…]` parts, in the
/// format's first section. `m` alone is month or minute, so it does not count.
fn format_shows_time(code: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => return false,
            'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// An Excel date-time value: a date-time cell (rounded to the second; a
/// whole day is a date alone unless its format shows a time, see
/// [`cell_of_ref`]), or its serial number when it is a duration or out of range.
fn datetime_cell(dt: &ExcelDateTime) -> Cell {
    // Serials Excel cannot show as dates stay numbers (calamine would clamp them).
    if !dt.is_datetime() || !(1.0..2_958_466.0).contains(&dt.as_f64()) {
        return Cell::Number(dt.as_f64());
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
        .and_then(|date| date.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)))
    {
        // A whole-day serial is a date alone (a date-formatted cell), SPEC §2.
        Some(t) => match round_millis(t, ms) {
            t if t.time() == chrono::NaiveTime::MIN => Cell::Date(t.date()),
            t => Cell::DateTime(t),
        },
        None => Cell::Number(dt.as_f64()),
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
    Cell::Text(s.into())
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
    // calamine's own (English) text is not shown: it tells an analyst nothing more.
    let lower = e.to_string().to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "文件已加密，无法读取；请另存为无密码的文件".to_owned()
    } else {
        "文件已损坏或不是电子表格".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::format_shows_time;

    #[test]
    fn only_zeros_pad() {
        assert_eq!(super::zero_padding("000000"), Some(6));
        for code in ["0", "0.00", "General", "000-0000", "@"] {
            assert_eq!(super::zero_padding(code), None, "{code}");
        }
    }

    #[test]
    fn a_format_shows_a_time_by_its_hour_or_second_codes() {
        for code in [
            "yyyy-mm-dd hh:mm",
            "m/d/yy h:mm",
            "h:mm AM/PM",
            "mm:ss",
            "yyyy\"年\"m\"月\"d\"日\" h\"时\"",
        ] {
            assert!(format_shows_time(code), "{code}");
        }
        for code in [
            "General",
            "yyyy-mm-dd",
            "m/d/yyyy",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-F800]dddd, mmmm dd, yyyy",
            "yyyy-mm-dd;@",
            "yyyy-mm-dd\\h",
            "0.00",
        ] {
            assert!(!format_shows_time(code), "{code}");
        }
    }
}
