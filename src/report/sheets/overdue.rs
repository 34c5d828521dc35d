//! The 逾期清单 sheet: every assignment still without a reply after its
//! deadline, most severe first, as handed out at meetings (contacts arrive
//! already masked in the model).

use super::super::formats::Formats;
use super::super::layout::page_setup;
use super::super::table::{col, wrapped, Cell, Column, Table};
use crate::report::model::OverdueRow;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub(crate) const NAME: &str = "逾期清单";

pub(crate) const COLUMNS: [Column; 10] = [
    col("事项编号"),
    col("来源"),
    wrapped("事项内容", 40.0),
    col("承办单位"),
    col("交办时间"),
    col("应反馈时间"),
    col("逾期工作日"),
    col("督办措施"),
    col("联系人"),
    col("联系电话"),
];

fn cells(row: &OverdueRow) -> [Cell<'_>; 10] {
    [
        Cell::Text(&row.case_id),
        Cell::Text(&row.source),
        Cell::Text(&row.content),
        Cell::Text(&row.unit),
        Cell::DateTime(Some(row.assigned_at)),
        Cell::DateTime(Some(row.due)),
        Cell::Count(Some(row.overdue_workdays)),
        Cell::Center(&row.escalation),
        Cell::Text(&row.contact),
        Cell::Text(&row.phone),
    ]
}

/// Writes the 逾期清单 sheet.
pub(crate) fn write(ws: &mut Worksheet, f: &Formats, rows: &[OverdueRow]) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let mut table = Table::start(ws, f, &COLUMNS, 0, true)?;
    for row in rows {
        table.row(&cells(row))?;
    }
    table.finish()?;
    page_setup(ws, (0, 0), 1)
}
