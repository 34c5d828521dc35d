//! The bar charts of the 通报 sheet: one per group, 按时反馈率 of each ranked
//! unit, best first, stacked to the right of the table. They are for the
//! screen: the print area is the table alone, so that the printout stays one
//! clean table without the charts shrinking it.

use super::sheets::ranking::{NAME, RATE_COL, UNIT_COL};
use crate::report::model::RankingRow;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartSolidFill, ChartType,
    Worksheet, XlsxError,
};

/// Gap between the table and the charts, and between charts, in pixels.
const GAP_PIXELS: u32 = 24;
const CHART_WIDTH: u32 = 640;
const BAR_COLOR: u32 = 0x4472C4;
/// Chart height: title and axis, plus one band per unit.
const CHART_BASE_PIXELS: u32 = 110;
const BAR_PIXELS: u32 = 26;

/// The rows (0-based, inclusive) of each group's ranked units: one range per
/// run of rows with the same group, from its first to its last row that has a
/// 按时反馈率. Groups with nothing due get no chart.
pub(crate) fn group_ranges(rows: &[RankingRow]) -> Vec<(&str, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let group = rows[start].group.as_str();
        let end = start
            + rows[start..]
                .iter()
                .take_while(|r| r.group == group)
                .count();
        let rated: Vec<usize> = (start..end)
            .filter(|&i| rows[i].on_time_rate.is_some())
            .collect();
        if let (Some(&first), Some(&last)) = (rated.first(), rated.last()) {
            out.push((group, first, last));
        }
        start = end;
    }
    out
}

/// Inserts one chart per group, stacked from the header row down, in the
/// column after the table (`chart_col`), a little apart from it.
pub(crate) fn insert_group_charts(
    ws: &mut Worksheet,
    rows: &[RankingRow],
    header_row: u32,
    chart_col: u16,
) -> Result<(), XlsxError> {
    let first_data_row = header_row + 1;
    let mut y = 0;
    for (group, first, last) in group_ranges(rows) {
        let r1 = first_data_row + first as u32;
        let r2 = first_data_row + last as u32;
        let height = CHART_BASE_PIXELS + BAR_PIXELS * (r2 - r1 + 1);
        let chart = group_chart(group, r1, r2, CHART_WIDTH, height);
        ws.insert_chart_with_offset(header_row, chart_col, &chart, GAP_PIXELS, y)?;
        y += height + GAP_PIXELS;
    }
    Ok(())
}

fn group_chart(group: &str, r1: u32, r2: u32, width: u32, height: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name("按时反馈率")
        .set_categories((NAME, r1, UNIT_COL, r2, UNIT_COL))
        .set_values((NAME, r1, RATE_COL, r2, RATE_COL))
        .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(BAR_COLOR)))
        .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0%"))
        .set_gap(60);
    chart
        .title()
        .set_name(&format!("{group} 按时反馈率"))
        .set_font(ChartFont::new().set_size(13).set_bold());
    chart.legend().set_hidden();
    // In a bar chart x is the horizontal value axis and y the category axis.
    // Room right of 100% for the data labels; ticks stop at 100%.
    chart
        .x_axis()
        .set_min(0)
        .set_max(1.12)
        .set_major_unit(0.2)
        .set_num_format("0%");
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.set_width(width).set_height(height);
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(group: &str, rate: Option<f64>) -> RankingRow {
        RankingRow {
            group: group.into(),
            rank: rate.map(|_| 1),
            unit: "单位".into(),
            due: 0,
            on_time: 0,
            late: 0,
            overdue: 0,
            on_time_rate: rate,
            completion_rate: None,
            avg_reply_hours: None,
            on_site: 0,
            score: None,
            change: None,
            rating: None,
        }
    }

    #[test]
    fn one_range_per_group_with_rates() {
        let rows = [
            row("县直部门", Some(1.0)),
            row("县直部门", Some(0.5)),
            row("县直部门", None),
            row("镇街", None),
            row("未分组", Some(0.0)),
        ];
        assert_eq!(
            group_ranges(&rows),
            vec![("县直部门", 0, 1), ("未分组", 4, 4)]
        );
        assert!(group_ranges(&[]).is_empty());
    }
}
