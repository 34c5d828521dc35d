//! A guard for OpenDocument spreadsheets, run on `content.xml` before
//! calamine reads it. calamine's ODS reader waits for the end of a table, a
//! cell or a comment without watching for the end of the file, so a truncated
//! or ill-nested `content.xml` made it loop forever; it builds `<text:s
//! text:c="N"/>` as N spaces, whatever N; and it expands repeated rows and
//! columns into a full grid. All three are refused here with a clear reason,
//! in one streaming pass that keeps only the merged regions (calamine does
//! not read them from ODS; a vertically merged unit cell must apply to every
//! row it spans, SPEC §2).

use super::guard::{Extent, MAX_CELLS};
use super::Merge;
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use std::io::BufRead;

/// The most spaces one `<text:s>` may ask for: Excel's longest cell.
pub const MAX_SPACES: u64 = 32_767;

/// Excel's grid, which calamine caps repeats to.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Each table's name and merged regions.
pub type OdsMerges = Vec<(String, Vec<Merge>)>;

/// Checks `content.xml` and returns its merged regions; `Err` with a Chinese
/// reason when it is incomplete or ill-nested, asks for too many spaces, or
/// spans too many cells.
pub fn check_content(xml: impl BufRead) -> Result<OdsMerges, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.trim_text(false);
    config.check_comments = false;
    let mut buf = Vec::new();
    let mut depth: u64 = 0;
    let mut table = Table::default();
    let mut merges: OdsMerges = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("文件内容已损坏（{e}），请用 Excel 或 WPS 打开后另存"))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                table.start(&e, false, &mut merges)?;
            }
            Event::Empty(e) => table.start(&e, true, &mut merges)?,
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                table.end(e.name().as_ref())?;
            }
            Event::Eof if depth > 0 => {
                return Err(
                    "文件内容不完整（在表格或单元格中途结束），可能下载或复制时被截断；\
                            请重新导出"
                        .to_owned(),
                )
            }
            Event::Eof => return Ok(merges),
            _ => {}
        }
        buf.clear();
    }
}

/// Where the valued cells of the current table lie, counted as calamine
/// places them (repeats included).
#[derive(Default)]
struct Table {
    row: u64,
    row_repeats: u64,
    col: u64,
    /// The last column with a value in the current row, plus one.
    row_width: u64,
    /// Inside a cell not yet known to have a value: its first column and repeats.
    open_cell: Option<(u64, u64)>,
    extent: Option<(u64, u64, u64)>,
}

impl Table {
    fn start(&mut self, e: &BytesStart, empty: bool, merges: &mut OdsMerges) -> Result<(), String> {
        match e.name().as_ref() {
            "table:table" => {
                *self = Table::default();
                let name = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .and_then(|a| {
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .unwrap_or_default();
                merges.push((name, Vec::new()));
            }
            "table:table-row" => {
                self.row_repeats = number(e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .min(MAX_ROWS.saturating_sub(self.row));
                self.col = 0;
                self.row_width = 0;
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeats = number(e, "table:number-columns-repeated")
                    .unwrap_or(1)
                    .min(MAX_COLUMNS.saturating_sub(self.col));
                let rows = number(e, "table:number-rows-spanned").unwrap_or(1);
                let cols = number(e, "table:number-columns-spanned").unwrap_or(1);
                if let (true, Some((_, regions))) = (rows > 1 || cols > 1, merges.last_mut()) {
                    let at = |n: u64, max: u64| u32::try_from(n.min(max - 1)).unwrap_or(u32::MAX);
                    regions.push(Merge {
                        first_row: at(self.row, MAX_ROWS),
                        last_row: at(self.row.saturating_add(rows - 1), MAX_ROWS),
                        first_col: at(self.col, MAX_COLUMNS),
                        last_col: at(self.col.saturating_add(cols - 1), MAX_COLUMNS),
                    });
                }
                let valued = has(e, "office:value-type") || has(e, "table:formula");
                if valued {
                    self.row_width = self.col + repeats;
                } else if !empty {
                    self.open_cell = Some((self.col, repeats));
                }
                self.col += repeats;
            }
            "text:p" => {
                if let Some((col, repeats)) = self.open_cell.take() {
                    self.row_width = self.row_width.max(col + repeats);
                }
            }
            "text:s" => {
                let spaces = number(e, "text:c").unwrap_or(1);
                if spaces > MAX_SPACES {
                    return Err(format!(
                        "单元格要求 {spaces} 个连续空格（上限 {MAX_SPACES}），文件可能已损坏或是恶意文件，已拒绝读取"
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), String> {
        match name {
            "table:table-cell" | "table:covered-table-cell" => self.open_cell = None,
            "table:table-row" => {
                if self.row_width > 0 && self.row_repeats > 0 {
                    let last = self.row + self.row_repeats - 1;
                    let (first, _, width) = self.extent.unwrap_or((self.row, last, 0));
                    self.extent = Some((first, last, width.max(self.row_width)));
                    let cells = (last - first + 1) * width.max(self.row_width);
                    if cells > MAX_CELLS {
                        return Err(
                            Extent::new(first, last, width.max(self.row_width) - 1).too_large()
                        );
                    }
                }
                self.row += self.row_repeats;
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether the tag has the attribute.
fn has(e: &BytesStart, name: &str) -> bool {
    matches!(e.try_get_attribute(name), Ok(Some(_)))
}

/// The attribute as a number; a huge one saturates.
fn number(e: &BytesStart, name: &str) -> Option<u64> {
    let attr = e.try_get_attribute(name).ok()??;
    let text = attr.value.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str) -> Result<OdsMerges, String> {
        let xml = format!(
            "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>\
             {body}</office:spreadsheet></office:body></office:document-content>"
        );
        check_content(xml.as_bytes())
    }

    fn row(cells: &str, repeats: u64) -> String {
        format!(
            "<table:table-row table:number-rows-repeated=\"{repeats}\">{cells}</table:table-row>"
        )
    }

    #[test]
    fn a_complete_table_passes() {
        let cells = "<table:table-cell office:value-type=\"string\"><text:p>A<text:s text:c=\"3\"/>B</text:p></table:table-cell>\
                     <table:table-cell table:number-columns-repeated=\"1000\"/>";
        let body = format!(
            "<table:table table:name=\"交办登记\">{}{}</table:table>",
            row(cells, 1),
            row(
                "<table:table-cell table:number-columns-repeated=\"16384\"/>",
                1_048_575
            )
        );
        assert_eq!(check(&body), Ok(vec![("交办登记".to_owned(), vec![])]));
    }

    #[test]
    fn truncated_or_ill_nested_content_is_refused() {
        let whole =
            "<table:table table:name=\"a\"><table:table-row><table:table-cell><text:p>x</text:p>\
                     </table:table-cell></table:table-row></table:table>";
        assert!(check(whole).is_ok());
        for cut in [20, 40, 70, 100] {
            let xml = format!("<office:document-content>{}", &whole[..cut]);
            let err = check_content(xml.as_bytes()).unwrap_err();
            assert!(err.starts_with("文件内容"), "{cut}: {err}");
        }
        let ill = "<table:table table:name=\"a\"><office:annotation><text:p>x</table:table></office:annotation>";
        assert!(check(ill).unwrap_err().starts_with("文件内容已损坏"));
    }

    #[test]
    fn billions_of_spaces_are_refused() {
        let body = "<table:table><table:table-row><table:table-cell><text:p>a<text:s text:c=\"4000000000\"/>\
                    </text:p></table:table-cell></table:table-row></table:table>";
        assert_eq!(
            check(body).unwrap_err(),
            "单元格要求 4000000000 个连续空格（上限 32767），文件可能已损坏或是恶意文件，已拒绝读取"
        );
        let huge = body.replace("4000000000", "99999999999999999999999");
        assert!(check(&huge).unwrap_err().contains(&u64::MAX.to_string()));
    }

    #[test]
    fn a_value_repeated_over_the_grid_is_refused() {
        let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\" \
                    table:number-columns-repeated=\"16384\"/>";
        let body = format!("<table:table>{}</table:table>", row(cell, 1_048_576));
        let err = check(&body).unwrap_err();
        assert!(
            err.starts_with("工作表内容延伸到单元格 XFD1048576（1048576 行 × 16384 列"),
            "{err}"
        );
        // Text cells count too; a modest repeat passes.
        let text = "<table:table-cell table:number-columns-repeated=\"20\"><text:p>x</text:p></table:table-cell>";
        let body = format!("<table:table>{}</table:table>", row(text, 1000));
        assert!(check(&body).is_ok());
    }

    #[test]
    fn merged_regions_are_found_where_calamine_places_the_cells() {
        let value = |t: &str| {
            format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
        };
        let spanned = "<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"3\" \
                       table:number-columns-spanned=\"2\"><text:p>县公安局</text:p></table:table-cell>";
        let covered = "<table:covered-table-cell table:number-columns-repeated=\"2\"/>";
        let body = format!(
            "<table:table table:name=\"空表\">{}</table:table><table:table table:name=\"交办\">{}{}{}</table:table>",
            row(&value("x"), 1),
            row("<table:table-cell/>", 2),
            row(&format!("{}{spanned}", value("A")), 1),
            row(&format!("{}{covered}", value("B")), 2),
        );
        let merges = check(&body).unwrap();
        let regions = |name: &str| merges.iter().find(|(n, _)| n == name).unwrap().1.clone();
        assert!(regions("空表").is_empty());
        assert_eq!(
            regions("交办"),
            [Merge {
                first_row: 2,
                last_row: 4,
                first_col: 1,
                last_col: 2
            }]
        );
    }
}
