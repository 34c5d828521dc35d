//! The cell formats of the workbook, built once: 宋体 text with thin grey
//! borders for every table, a bold shaded header, number formats for rates
//! (`0.0%`), hours and scores (`0.00`), the signed 较上期 (`+0;-0;0`) and
//! date-times (`yyyy-mm-dd hh:mm:ss`), and the green/yellow/red 评价 fills.

use crate::rules::Rating;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The body font: present on every Chinese Windows, WPS and LibreOffice setup.
pub(crate) const BODY_FONT: &str = "宋体";
/// The title font.
pub(crate) const TITLE_FONT: &str = "黑体";
/// Body font size in points; widths and heights in `layout` assume it.
pub(crate) const BODY_SIZE: f64 = 11.0;
/// Title font size in points.
pub(crate) const TITLE_SIZE: f64 = 16.0;

/// The Excel number format of every date-time cell (second resolution).
pub(crate) const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";

const BORDER_GREY: u32 = 0xA6A6A6;
const HEADER_FILL: u32 = 0xDDEBF7;
const SECTION_FILL: u32 = 0xF2F2F2;

/// Every format the sheets use.
pub(crate) struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub text: Format,
    pub text_wrap: Format,
    pub center: Format,
    pub count: Format,
    pub rate: Format,
    pub decimal: Format,
    pub change: Format,
    pub datetime: Format,
    pub good: Format,
    pub fair: Format,
    pub poor: Format,
    pub section: Format,
    pub label: Format,
}

impl Formats {
    pub(crate) fn new() -> Self {
        let cell = Format::new()
            .set_font_name(BODY_FONT)
            .set_font_size(BODY_SIZE)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(BORDER_GREY));
        // Numbers are centred, as in the office's printed tables; every cell of
        // a column has the same number format, so the digits still line up.
        let number = |num: &str| {
            cell.clone()
                .set_num_format(num)
                .set_align(FormatAlign::Center)
        };
        let rating = |fill: u32, font: u32| {
            cell.clone()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
                .set_bold()
        };
        Formats {
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(TITLE_SIZE)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            subtitle: Format::new()
                .set_font_name(BODY_FONT)
                .set_font_size(BODY_SIZE)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(Color::RGB(HEADER_FILL)),
            text_wrap: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            count: number("0"),
            rate: number("0.0%"),
            decimal: number("0.00"),
            change: number("+0;-0;0"),
            datetime: number(DATETIME_FORMAT),
            // Excel's own 好/适中/差 cell styles.
            good: rating(0xC6EFCE, 0x006100),
            fair: rating(0xFFEB9C, 0x9C5700),
            poor: rating(0xFFC7CE, 0x9C0006),
            section: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(SECTION_FILL)),
            label: cell.clone().set_bold(),
            text: cell,
        }
    }

    /// The fill of a 评价 cell.
    pub(crate) fn rating(&self, rating: Rating) -> &Format {
        match rating {
            Rating::Good => &self.good,
            Rating::Fair => &self.fair,
            Rating::Poor => &self.poor,
        }
    }
}
