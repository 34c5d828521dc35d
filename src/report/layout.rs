//! Shared layout: display widths of CJK text (a Chinese character is about
//! two digit widths, which `autofit()` gets wrong), column widths, row heights
//! for wrapped text, Excel's cell limits, and the print setup every sheet
//! shares (A4 landscape, one page wide, repeated header rows, page numbers in
//! the footer).

use rust_xlsxwriter::{Worksheet, XlsxError};
use std::borrow::Cow;

/// Narrowest column, in Excel width units (digit widths).
pub(crate) const MIN_WIDTH: f64 = 6.0;
/// Default cap for a column's width; longer text wraps.
pub(crate) const MAX_WIDTH: f64 = 60.0;
/// Room for the text's margins inside a cell.
const PADDING: f64 = 2.0;
/// Excel's width unit is a digit of the default font (Calibri 11, 7 px); our
/// 11 pt 宋体 draws a digit about 7.3 px and a Chinese character about 14.7 px,
/// so one display unit is about 1.05 width units.
const FONT_SCALE: f64 = 1.05;
/// Room for the drop-down button of an autofilter header.
const FILTER_BUTTON: f64 = 2.5;
/// Headers up to this width stay on one line.
const HEADER_ONE_LINE: f64 = 18.0;
/// Bold header text is a little wider than body text.
const BOLD_FACTOR: f64 = 1.1;
/// Height of one line of 11 pt body text, in points, and a cell's margin.
const LINE_POINTS: f64 = 14.5;
const ROW_MARGIN_POINTS: f64 = 6.0;
/// Excel's limit on the UTF-16 code units of one cell.
const CELL_MAX_UNITS: usize = 32_767;
/// Excel's last row index (0-based).
pub(crate) const EXCEL_MAX_ROW: u32 = 1_048_575;

/// The page footer: `第 1 页 共 3 页`, centred.
pub(crate) const FOOTER: &str = "&C第 &P 页 共 &N 页";

/// Whether `c` is drawn full width (two digit widths): CJK ideographs and
/// punctuation, kana, hangul, full-width forms, and the dashes, ellipsis and
/// curly quotes that CJK fonts draw full width.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2014 | 0x2018..=0x201D | 0x2026 | 0x2030 | 0x203B
        | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The display width of text in digit widths: wide characters count 2, others
/// 1; for multi-line text, the widest line.
pub(crate) fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// The column width that shows text of display width `w` on one line.
pub(crate) fn width_for(w: f64) -> f64 {
    w * FONT_SCALE + PADDING
}

/// The width a header needs: bold, plus the filter button. A header wider
/// than [`HEADER_ONE_LINE`] wraps onto two lines rather than widen a column of
/// short values: before its bracketed unit (`平均反馈时长` / `(小时)`), or else
/// in the middle.
pub(crate) fn header_width(header: &str, filter: bool) -> f64 {
    let one_line = width_for(header_text_width(header, filter));
    if one_line <= HEADER_ONE_LINE {
        return one_line;
    }
    let first_line = match header.find(['(', '（']) {
        Some(i) if i > 0 => {
            header_text_width(&header[..i], filter).max(header_text_width(&header[i..], false))
        }
        _ => (header_text_width(header, filter) / 2.0).ceil(),
    };
    width_for(first_line + 1.0)
}

/// The display width of a header: bold text, plus the filter button.
pub(crate) fn header_text_width(header: &str, filter: bool) -> f64 {
    text_width(header) * BOLD_FACTOR + if filter { FILTER_BUTTON } else { 0.0 }
}

/// How many lines text of display width `w` takes in a column of `width`
/// (for multi-line text, call it per line and add up).
pub(crate) fn lines_in(w: f64, width: f64) -> u32 {
    let room = ((width - PADDING) / FONT_SCALE).max(1.0);
    ((w / room).ceil() as u32).max(1)
}

/// How many lines `text` takes when wrapped in a column of `width`.
pub(crate) fn wrapped_lines(text: &str, width: f64) -> u32 {
    text.lines()
        .map(|l| lines_in(text_width(l), width))
        .sum::<u32>()
        .max(1)
}

/// Row height in points for `lines` lines of body text.
pub(crate) fn row_points(lines: u32) -> f64 {
    f64::from(lines) * LINE_POINTS + ROW_MARGIN_POINTS
}

/// Text as Excel can hold it: cut (with `…`) at Excel's limit of 32,767
/// UTF-16 code units in one cell.
pub(crate) fn cell_text(text: &str) -> Cow<'_, str> {
    if text.len() <= CELL_MAX_UNITS || text.encode_utf16().count() <= CELL_MAX_UNITS {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let cut = text
        .char_indices()
        .find(|&(_, c)| {
            units += c.len_utf16();
            units > CELL_MAX_UNITS - 1
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}…", &text[..cut]))
}

/// The print setup of every sheet: A4 landscape, one page wide and as many
/// pages tall as needed, rows `repeat.0..=repeat.1` repeated on every page,
/// page numbers in the footer, and the panes frozen below `freeze_rows` rows.
pub(crate) fn page_setup(
    ws: &mut Worksheet,
    repeat: (u32, u32),
    freeze_rows: u32,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3)
        .set_footer(FOOTER);
    ws.set_repeat_rows(repeat.0, repeat.1)?;
    ws.set_freeze_panes(freeze_rows, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        assert_eq!(text_width("abc"), 3.0);
        assert_eq!(text_width("承办单位"), 8.0);
        assert_eq!(text_width("平均反馈时长(小时)"), 18.0);
        assert_eq!(text_width("ＡＢ，。"), 8.0);
        assert_eq!(text_width("第一行\n第二行更长"), 10.0);
        assert_eq!(text_width(""), 0.0);
    }

    #[test]
    fn long_headers_wrap_instead_of_widening() {
        assert_eq!(header_width("排名", false), width_for(4.0 * BOLD_FACTOR));
        let long = header_width("平均反馈时长(小时)", false);
        assert!(long < width_for(18.0) && long >= width_for(12.0), "{long}");
        assert_eq!(
            lines_in(header_text_width("平均反馈时长(小时)", false), long),
            2
        );
        let short = header_width("联系电话", true);
        assert_eq!(lines_in(header_text_width("联系电话", true), short), 1);
    }

    #[test]
    fn lines_and_heights() {
        assert_eq!(lines_in(9.0, 12.0), 1);
        assert_eq!(lines_in(10.0, 12.0), 2);
        assert_eq!(lines_in(40.0, width_for(10.0)), 4);
        assert_eq!(lines_in(0.0, 12.0), 1);
        assert!(row_points(2) > row_points(1));
    }

    #[test]
    fn cell_text_respects_excel_limit() {
        assert_eq!(cell_text("短"), "短");
        let long = "马".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_MAX_UNITS);
        assert!(cut.ends_with('…'));
        let exact = "马".repeat(CELL_MAX_UNITS);
        assert_eq!(cell_text(&exact), exact);
        let astral = "𠀀".repeat(20_000);
        assert!(cell_text(&astral).encode_utf16().count() <= CELL_MAX_UNITS);
    }
}
