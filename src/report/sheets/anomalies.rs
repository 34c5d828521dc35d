//! The 异常数据 sheet: every row that could not be used as it was, with its
//! file, sheet and Excel row number, the reason, and the row's raw cells.
//! File-level problems (an unreadable file) have no sheet and no row number.

use super::super::formats::Formats;
use super::super::layout::page_setup;
use super::super::table::{wrapped, Cell, Column, Table};
use crate::model::Anomaly;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub(crate) const NAME: &str = "异常数据";

const COLUMNS: [Column; 6] = [
    wrapped("文件", 40.0),
    wrapped("工作表", 20.0),
    wrapped("行号", 10.0),
    wrapped("事项编号", 20.0),
    wrapped("问题", 50.0),
    wrapped("原始内容", 60.0),
];

fn cells(a: &Anomaly) -> [Cell<'_>; 6] {
    [
        Cell::Text(&a.file),
        Cell::Text(&a.sheet),
        Cell::Count((a.row > 0).then_some(a.row)),
        Cell::Text(a.case_id.as_deref().unwrap_or("")),
        Cell::Text(&a.message),
        Cell::Text(&a.raw),
    ]
}

/// Writes the 异常数据 sheet.
pub(crate) fn write(ws: &mut Worksheet, f: &Formats, rows: &[Anomaly]) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let mut table = Table::start(ws, f, &COLUMNS, 0, true)?;
    for row in rows {
        table.row(&cells(row))?;
    }
    table.finish()?;
    page_setup(ws, (0, 0), 1)
}
