//! The 通报 sheet: a merged title naming the organisation and period, a
//! subtitle with the period's dates and the as-of instant, then one row per
//! unit in the model's order (by group, then rank), and a bar chart of
//! 按时反馈率 for each group to the right of the table (not printed).

use super::super::chart;
use super::super::formats::{Formats, BODY_SIZE, TITLE_SIZE};
use super::super::layout::{self, page_setup};
use super::super::table::{col, Cell, Column, Table};
use crate::report::model::{RankingRow, ReportModel};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub(crate) const NAME: &str = "通报";
/// Row of the table header (0-based): below the title and the subtitle.
pub(crate) const HEADER_ROW: u32 = 2;
/// Columns of 承办单位 and 按时反馈率 (the chart's categories and values).
pub(crate) const UNIT_COL: u16 = 2;
pub(crate) const RATE_COL: u16 = 7;

/// Data rows a little taller than the default: this page is read on paper.
const ROW_POINTS: f64 = 18.0;

const COLUMNS: [Column; 14] = [
    col("分组"),
    col("排名"),
    col("承办单位"),
    col("应反馈"),
    col("按时反馈"),
    col("超时反馈"),
    col("超期未反馈"),
    col("按时反馈率"),
    col("办结率"),
    col("平均反馈时长(小时)"),
    col("现场督办"),
    col("得分"),
    col("较上期"),
    col("评价"),
];

/// `蓝田县马上就办事项办理情况通报（2017年第3周，1月16日—1月22日）`, with
/// `（临时口径）` appended when the calendar was assumed.
pub(crate) fn title(model: &ReportModel) -> String {
    let mut t = format!(
        "{}马上就办事项办理情况通报（{}）",
        model.org,
        model.period.words()
    );
    if model.provisional {
        t.push_str("（临时口径）");
    }
    t
}

/// `统计期：2017-01-16 至 2017-01-22　截止时间：2017-01-22 23:59:59`.
pub(crate) fn subtitle(model: &ReportModel) -> String {
    format!(
        "统计期：{} 至 {}\u{3000}截止时间：{}",
        model.period.start,
        model.period.end,
        model.as_of.format("%Y-%m-%d %H:%M:%S")
    )
}

fn cells(row: &RankingRow) -> [Cell<'_>; 14] {
    [
        Cell::Center(&row.group),
        Cell::Count(row.rank),
        Cell::Text(&row.unit),
        Cell::Count(Some(row.due)),
        Cell::Count(Some(row.on_time)),
        Cell::Count(Some(row.late)),
        Cell::Count(Some(row.overdue)),
        Cell::Rate(row.on_time_rate),
        Cell::Rate(row.completion_rate),
        Cell::Decimal(row.avg_reply_hours),
        Cell::Count(Some(row.on_site)),
        Cell::Decimal(row.score),
        Cell::Change(row.change),
        Cell::Rating(row.rating),
    ]
}

/// Writes the 通报 sheet.
pub(crate) fn write(ws: &mut Worksheet, f: &Formats, model: &ReportModel) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let mut table = Table::start(ws, f, &COLUMNS, HEADER_ROW, false)?.with_row_points(ROW_POINTS);
    for row in &model.ranking {
        table.row(&cells(row))?;
    }
    let (widths, last_row) = table.finish()?;

    let last_col = (COLUMNS.len() - 1) as u16;
    let table_width: f64 = widths.iter().sum();
    let title = title(model);
    ws.merge_range(0, 0, 0, last_col, &title, &f.title)?;
    // Bold 16 pt: about 1.1 × 16/11 of the body text's width.
    let title_w = layout::text_width(&title) * 1.1 * TITLE_SIZE / BODY_SIZE;
    let title_lines = layout::lines_in(title_w, table_width);
    ws.set_row_height(0, f64::from(title_lines) * 22.0 + 12.0)?;
    ws.merge_range(1, 0, 1, last_col, &subtitle(model), &f.subtitle)?;
    ws.set_row_height(1, 20.0)?;

    page_setup(ws, (0, HEADER_ROW), HEADER_ROW + 1)?;
    ws.set_print_area(0, 0, last_row, last_col)?;
    chart::insert_group_charts(ws, &model.ranking, HEADER_ROW, last_col + 1)
}
