//! Rendering: cells, tables, workbooks, GBK CSV, date-time text forms.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDateTime, Timelike};
use fastrand::Rng;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::calendar::{date, dt};

/// The generator's result type.
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// One cell of an output table.
#[derive(Clone, Debug)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A phone number stored as a number (as some exports do).
    Number(f64),
    /// A real Excel date-time cell with this number format.
    Date(NaiveDateTime, &'static str),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell as CSV text.
    pub fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Number(f) => format!("{f}"),
            Cell::Date(d, _) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// A sheet (or CSV file) to write.
pub struct Table {
    pub sheet: String,
    /// Merged title row above everything.
    pub title: Option<String>,
    pub blank_above_header: bool,
    pub headers: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// Insert a blank row before these data-row indices.
    pub blank_before: BTreeSet<usize>,
    pub footers: Vec<String>,
    /// Merge runs of equal consecutive text cells of this column vertically.
    pub merge_col: Option<usize>,
}

impl Table {
    pub fn new(sheet: &str, headers: &[&str]) -> Table {
        Table {
            sheet: sheet.to_string(),
            title: None,
            blank_above_header: false,
            headers: headers.iter().map(|s| s.to_string()).collect(),
            widths: vec![],
            rows: vec![],
            blank_before: BTreeSet::new(),
            footers: vec![],
            merge_col: None,
        }
    }
}

/// Where a table's rows landed (1-based Excel/CSV row numbers).
#[derive(Clone, Debug, Default)]
pub struct Placed {
    pub header_row: u32,
    pub data_rows: Vec<u32>,
    pub blank_rows: usize,
    pub footer_rows: usize,
}

/// Workbook with fixed document properties, so output is byte-stable.
pub fn new_workbook(title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(title)
        .set_author("蓝田县马上就办办公室")
        .set_company("蓝田县人民政府")
        .set_creation_datetime(&dt(date("2017-02-13"), 18, 0));
    wb.set_properties(&props);
    wb
}

/// Formats shared by the tables of one workbook.
pub struct Formats {
    pub title: Format,
    pub header: Format,
    pub body: Format,
    pub merged: Format,
    pub int: Format,
    pub dates: BTreeMap<&'static str, Format>,
}

impl Formats {
    pub fn new() -> Formats {
        let body = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            header: body
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            merged: body.clone().set_align(FormatAlign::VerticalCenter),
            int: body.clone().set_num_format("0"),
            body,
            dates: BTreeMap::new(),
        }
    }

    pub fn date(&mut self, num_format: &'static str) -> &Format {
        let body = self.body.clone();
        self.dates
            .entry(num_format)
            .or_insert_with(|| body.set_num_format(num_format))
    }
}

pub fn write_cell(ws: &mut Worksheet, f: &mut Formats, row: u32, col: u16, cell: &Cell) -> Res<()> {
    match cell {
        Cell::Empty => {
            ws.write_blank(row, col, &f.body)?;
        }
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.body)?;
        }
        Cell::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, &f.int)?;
        }
        Cell::Number(x) => {
            ws.write_number_with_format(row, col, *x, &f.int)?;
        }
        Cell::Date(d, nf) => {
            let fmt = f.date(nf).clone();
            ws.write_datetime_with_format(row, col, d, &fmt)?;
        }
    }
    Ok(())
}

/// Write a table into a new worksheet of `wb`.
pub fn write_table(wb: &mut Workbook, f: &mut Formats, t: &Table) -> Res<Placed> {
    let ws = wb.add_worksheet();
    ws.set_name(&t.sheet)?;
    let ncols = t.headers.len() as u16;
    for (c, w) in t.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row: u32 = 0;
    if let Some(title) = &t.title {
        if ncols > 1 {
            ws.merge_range(0, 0, 0, ncols - 1, title, &f.title)?;
        } else {
            ws.write_string_with_format(0, 0, title, &f.title)?;
        }
        ws.set_row_height(0, 30)?;
        row += 1;
    }
    if t.blank_above_header {
        row += 1;
    }
    let mut placed = Placed {
        header_row: row + 1,
        ..Placed::default()
    };
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    row += 1;
    for (i, cells) in t.rows.iter().enumerate() {
        if t.blank_before.contains(&i) {
            row += 1;
            placed.blank_rows += 1;
        }
        for (c, cell) in cells.iter().enumerate() {
            if Some(c) != t.merge_col {
                write_cell(ws, f, row, c as u16, cell)?;
            }
        }
        placed.data_rows.push(row + 1);
        row += 1;
    }
    if let Some(mc) = t.merge_col {
        merge_runs(ws, f, t, mc, &placed.data_rows)?;
    }
    for footer in &t.footers {
        ws.merge_range(row, 0, row, ncols.min(4) - 1, footer, &Format::new())?;
        placed.footer_rows += 1;
        row += 1;
    }
    ws.set_freeze_panes(placed.header_row, 0)?;
    Ok(placed)
}

/// Write column `col` merging vertical runs of equal text (a 台账 habit).
pub fn merge_runs(
    ws: &mut Worksheet,
    f: &mut Formats,
    t: &Table,
    col: usize,
    rows: &[u32],
) -> Res<()> {
    let mut i = 0;
    while i < t.rows.len() {
        let mut j = i + 1;
        while j < t.rows.len()
            && rows[j] == rows[j - 1] + 1
            && matches!((&t.rows[i][col], &t.rows[j][col]), (Cell::Text(a), Cell::Text(b)) if a == b)
        {
            j += 1;
        }
        let (r0, r1) = (rows[i] - 1, rows[j - 1] - 1);
        match &t.rows[i][col] {
            Cell::Text(s) if j - i > 1 => {
                ws.merge_range(r0, col as u16, r1, col as u16, s, &f.merged)?;
            }
            cell => write_cell(ws, f, r0, col as u16, cell)?,
        }
        i = j;
    }
    Ok(())
}

/// Save tables as one workbook.
pub fn save_workbook(path: &Path, title: &str, tables: &[Table]) -> Res<Vec<Placed>> {
    let mut wb = new_workbook(title);
    let mut f = Formats::new();
    let mut placed = vec![];
    for t in tables {
        placed.push(write_table(&mut wb, &mut f, t)?);
    }
    wb.save(path)?;
    Ok(placed)
}

pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Save a table as a GBK-encoded CSV with CRLF line ends (no title rows).
pub fn save_csv_gbk(path: &Path, t: &Table) -> Res<Placed> {
    let mut text = String::new();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|s| csv_field(s))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    text.push_str(&line(t.headers.clone()));
    let mut placed = Placed {
        header_row: 1,
        ..Placed::default()
    };
    for (i, row) in t.rows.iter().enumerate() {
        text.push_str(&line(row.iter().map(Cell::csv).collect()));
        placed.data_rows.push(i as u32 + 2);
    }
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&text);
    if had_errors {
        return Err(format!("{}: text not representable in GBK", path.display()).into());
    }
    std::fs::write(path, bytes)?;
    Ok(placed)
}

// ── Date-time text forms (SPEC §2) ──────────────────────────────────────

/// How an export writes date-times.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DateStyle {
    /// Real Excel date-time cells with this number format.
    Cell(&'static str),
    /// `2017-01-12 09:30`
    Iso,
    /// `2017/1/12 9:30`
    Slash,
    /// A mix of Chinese and other text forms, chosen per cell.
    Mixed,
}

pub fn secs_suffix(t: NaiveDateTime, colon: bool) -> String {
    match (t.second(), colon) {
        (0, _) => String::new(),
        (s, true) => format!(":{s:02}"),
        (s, false) => format!("{s}秒"),
    }
}

pub fn text_iso(t: NaiveDateTime) -> String {
    format!("{}{}", t.format("%Y-%m-%d %H:%M"), secs_suffix(t, true))
}

pub fn text_slash(t: NaiveDateTime) -> String {
    format!(
        "{}/{}/{} {}:{:02}{}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        secs_suffix(t, true)
    )
}

pub fn text_chinese_hm(t: NaiveDateTime) -> String {
    format!(
        "{}年{}月{}日{}时{}分{}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        secs_suffix(t, false)
    )
}

pub fn text_mixed(rng: &mut Rng, t: NaiveDateTime) -> String {
    let (y, m, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    match rng.u32(..6) {
        0 => format!("{y}年{m}月{d}日 {h}:{mi:02}{}", secs_suffix(t, true)),
        1 | 2 => text_chinese_hm(t),
        3 => format!("{y}.{m}.{d} {h}:{mi:02}{}", secs_suffix(t, true)),
        4 if t.second() == 0 => t.format("%Y%m%d %H%M").to_string(),
        _ => format!("{}{}", t.format("%Y-%m-%dT%H:%M"), secs_suffix(t, true)),
    }
}

pub fn render_time(rng: &mut Rng, t: NaiveDateTime, style: DateStyle) -> Cell {
    match style {
        DateStyle::Cell(nf) => Cell::Date(t, nf),
        DateStyle::Iso => Cell::Text(text_iso(t)),
        DateStyle::Slash => Cell::Text(text_slash(t)),
        DateStyle::Mixed => Cell::Text(text_mixed(rng, t)),
    }
}
