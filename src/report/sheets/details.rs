//! The 明细 sheet: every assignment of the period with its deadline, the rule
//! that set it, the first reply, the outcome and the escalation.

use super::super::formats::Formats;
use super::super::layout::page_setup;
use super::super::table::{col, wrapped, Cell, Column, Table};
use crate::report::model::DetailRow;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub(crate) const NAME: &str = "明细";

pub(crate) const COLUMNS: [Column; 13] = [
    col("事项编号"),
    col("承办单位"),
    col("角色"),
    col("来源"),
    col("紧急程度"),
    col("交办时间"),
    col("应反馈时间"),
    wrapped("时限依据", 30.0),
    col("首次反馈时间"),
    col("结果"),
    col("反馈时长(小时)"),
    col("督办措施"),
    wrapped("办理状态", 20.0),
];

fn cells(row: &DetailRow) -> [Cell<'_>; 13] {
    [
        Cell::Text(&row.case_id),
        Cell::Text(&row.unit),
        Cell::Center(&row.role),
        Cell::Text(&row.source),
        Cell::Center(&row.urgency),
        Cell::DateTime(Some(row.assigned_at)),
        Cell::DateTime(Some(row.due)),
        Cell::Text(&row.basis),
        Cell::DateTime(row.first_reply),
        Cell::Center(&row.outcome),
        Cell::Decimal(row.reply_hours),
        Cell::Center(&row.escalation),
        Cell::Text(&row.status),
    ]
}

/// Writes the 明细 sheet.
pub(crate) fn write(ws: &mut Worksheet, f: &Formats, rows: &[DetailRow]) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let mut table = Table::start(ws, f, &COLUMNS, 0, true)?;
    for row in rows {
        table.row(&cells(row))?;
    }
    table.finish()?;
    page_setup(ws, (0, 0), 1)
}
