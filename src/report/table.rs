//! A bordered table on a worksheet: a header row, then rows of typed cells.
//! Every text goes through `write_string` (so `=1+1` stays text, never a
//! formula), date-times are real Excel date-times, and each column's width is
//! fitted to its widest CJK text, up to the column's cap; longer text wraps.

use super::formats::Formats;
use super::layout::{self, MIN_WIDTH};
use crate::rules::Rating;
use chrono::{Datelike, NaiveDateTime};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// A column: its header text and the widest it may grow (width units).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub header: &'static str,
    pub max_width: f64,
}

/// A column capped at the default maximum width.
pub(crate) const fn col(header: &'static str) -> Column {
    Column {
        header,
        max_width: layout::MAX_WIDTH,
    }
}

/// A column capped at `max_width`; longer text wraps.
pub(crate) const fn wrapped(header: &'static str, max_width: f64) -> Column {
    Column { header, max_width }
}

/// One cell; `None` values are written as bordered blanks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    /// Short text, centred (分组, 角色, 结果 …).
    Center(&'a str),
    /// A bold label (the first column of 数据说明).
    Label(&'a str),
    Count(Option<u32>),
    Rate(Option<f64>),
    Decimal(Option<f64>),
    Change(Option<i64>),
    DateTime(Option<NaiveDateTime>),
    Rating(Option<Rating>),
}

/// Writes a table whose header is on `header_row` and whose data follows it.
pub(crate) struct Table<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    columns: &'a [Column],
    header_row: u32,
    next_row: u32,
    widths: Vec<f64>,
    filter: bool,
    row_points: Option<f64>,
}

impl<'a> Table<'a> {
    /// Writes the header row; `filter` adds an autofilter over the table.
    pub(crate) fn start(
        ws: &'a mut Worksheet,
        f: &'a Formats,
        columns: &'a [Column],
        header_row: u32,
        filter: bool,
    ) -> Result<Self, XlsxError> {
        let mut widths = Vec::with_capacity(columns.len());
        for (c, column) in columns.iter().enumerate() {
            ws.write_string_with_format(header_row, c as u16, column.header, &f.header)?;
            widths.push(layout::header_width(column.header, filter).min(column.max_width));
        }
        Ok(Table {
            ws,
            f,
            columns,
            header_row,
            next_row: header_row + 1,
            widths,
            filter,
            row_points: None,
        })
    }

    /// Gives every data row this height in points (taller rows still grow).
    pub(crate) fn with_row_points(mut self, points: f64) -> Self {
        self.row_points = Some(points);
        self
    }

    /// Writes a section heading: one bold shaded cell merged across the
    /// table's columns (it does not widen any column).
    pub(crate) fn section(&mut self, text: &str) -> Result<(), XlsxError> {
        let last_col = (self.columns.len() - 1) as u16;
        let text = layout::cell_text(text);
        self.ws.merge_range(
            self.next_row,
            0,
            self.next_row,
            last_col,
            &text,
            &self.f.section,
        )?;
        self.next_row += 1;
        Ok(())
    }

    /// Writes one data row; `cells` has one cell per column.
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        debug_assert_eq!(cells.len(), self.columns.len());
        let r = self.next_row;
        let mut lines = 1;
        for (c, cell) in cells.iter().enumerate() {
            let (w, l) = self.write_cell(r, c as u16, *cell)?;
            lines = lines.max(l);
            let width = layout::width_for(w).min(self.columns[c].max_width);
            if width > self.widths[c] {
                self.widths[c] = width;
            }
        }
        if lines > 1 {
            // Neither Excel nor LibreOffice grows a row for wrapped text on load.
            let points = layout::row_points(lines).max(self.row_points.unwrap_or(0.0));
            self.ws.set_row_height(r, points)?;
        } else if let Some(points) = self.row_points {
            self.ws.set_row_height(r, points)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Writes one cell; returns its display width and the lines it takes.
    fn write_cell(&mut self, r: u32, c: u16, cell: Cell<'_>) -> Result<(f64, u32), XlsxError> {
        let f = self.f;
        let max_width = self.columns[usize::from(c)].max_width;
        let ws = &mut *self.ws;
        let blank = |ws: &mut Worksheet, format| ws.write_blank(r, c, format).map(|_| 0.0);
        let w = match cell {
            Cell::Text(s) | Cell::Center(s) | Cell::Label(s) => {
                let s = layout::cell_text(s);
                let w = layout::text_width(&s);
                let wraps = layout::width_for(w) > max_width || s.contains('\n');
                let format = match cell {
                    Cell::Center(_) => &f.center,
                    Cell::Label(_) => &f.label,
                    _ if wraps => &f.text_wrap,
                    _ => &f.text,
                };
                ws.write_string_with_format(r, c, s.as_ref(), format)?;
                if wraps && matches!(cell, Cell::Text(_)) {
                    return Ok((w, layout::wrapped_lines(&s, max_width)));
                }
                w
            }
            Cell::Count(Some(n)) => {
                ws.write_number_with_format(r, c, f64::from(n), &f.count)?;
                digits(u64::from(n))
            }
            Cell::Rate(Some(x)) if x.is_finite() => {
                ws.write_number_with_format(r, c, x, &f.rate)?;
                6.0
            }
            Cell::Decimal(Some(x)) if x.is_finite() => {
                ws.write_number_with_format(r, c, x, &f.decimal)?;
                digits(x.abs().trunc() as u64) + 3.0 + f64::from(u8::from(x < 0.0))
            }
            Cell::Change(Some(n)) => {
                ws.write_number_with_format(r, c, n as f64, &f.change)?;
                digits(n.unsigned_abs()) + 1.0
            }
            Cell::DateTime(Some(t)) if (1900..=9999).contains(&t.year()) => {
                ws.write_datetime_with_format(r, c, t, &f.datetime)?;
                19.0
            }
            // Excel has no date-time before 1900: show the instant as text.
            Cell::DateTime(Some(t)) => {
                let text = t.format("%Y-%m-%d %H:%M:%S").to_string();
                ws.write_string_with_format(r, c, &text, &f.center)?;
                layout::text_width(&text)
            }
            Cell::Rating(Some(rating)) => {
                ws.write_string_with_format(r, c, rating.label(), f.rating(rating))?;
                layout::text_width(rating.label())
            }
            Cell::Count(None) | Cell::Change(None) => blank(ws, &f.count)?,
            Cell::Rate(_) | Cell::Decimal(_) => blank(ws, &f.count)?,
            Cell::DateTime(None) => blank(ws, &f.datetime)?,
            Cell::Rating(None) => blank(ws, &f.center)?,
        };
        Ok((w, 1))
    }

    /// Sets the column widths and the header row's height, adds the
    /// autofilter, and returns the widths (width units) and the last data row.
    pub(crate) fn finish(self) -> Result<(Vec<f64>, u32), XlsxError> {
        let last_col = (self.columns.len() - 1) as u16;
        let mut header_lines = 1;
        for (c, (column, width)) in self.columns.iter().zip(&self.widths).enumerate() {
            let width = width.max(MIN_WIDTH);
            self.ws.set_column_width(c as u16, width)?;
            let w = layout::header_text_width(column.header, self.filter);
            header_lines = header_lines.max(layout::lines_in(w, width));
        }
        self.ws
            .set_row_height(self.header_row, layout::row_points(header_lines))?;
        let last_row = self.next_row.saturating_sub(1).max(self.header_row);
        if self.filter {
            self.ws.autofilter(self.header_row, 0, last_row, last_col)?;
        }
        let widths = self.widths.iter().map(|w| w.max(MIN_WIDTH)).collect();
        Ok((widths, last_row))
    }
}

/// Number of decimal digits of `n`.
fn digits(n: u64) -> f64 {
    f64::from(n.checked_ilog10().unwrap_or(0) + 1)
}
