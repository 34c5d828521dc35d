//! xlsx workbooks read straight from their XML: the fast path for the exports
//! mashang reads every week.
//!
//! A general XML parser spends most of calamine's time on a worksheet, yet the
//! sheet data of an xlsx file is a flat run of `<row>`, `<c>`, `<v>`, `<f>` and
//! `<is>` elements. Here they are scanned directly, and the merged regions
//! found after them, from one pass over the inflating part (a megabyte at a
//! time, whole rows). Values follow calamine's rules: shared strings (rich
//! text joined, phonetic runs left out, untrimmed only under
//! `xml:space="preserve"`, `_xHHHH_` escapes undone), the number formats that
//! make a number a date (the same tests as calamine's `formats.rs`, MIT),
//! inline and formula strings, booleans and errors.
//!
//! Anything outside that shape makes [`read`] return `None`, and the caller
//! reads the file through calamine instead: a namespace prefix, a comment or
//! CDATA, an entity where a number belongs, a 1904 workbook, a cell without
//! its reference, an unknown cell type, a sheet whose cells would exceed the
//! size limit, a part that cannot be read. Tests (and the `workbook` fuzz
//! target) hold the two paths to the same rows.

mod markup;
mod tables;

use super::cell::Cell;
use super::workbook::{streamed_cell, Grid, StyleFormat};
use super::xlsx_package::{cell_ref, elements, scan_merges, XlsxPackage};
use super::RawSheet;
use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use markup::{
    attributes, element_content, parse_digits, plain_text, rich_text, start_tag, tag_end, text,
};
use memchr::memchr;
use memchr::memmem;
use std::io::Read;
use std::sync::Arc;
#[cfg(test)]
use tables::{custom_number_kind, section};
use tables::{shared_strings, styles, NumberKind, Style};

/// Every sheet of an xlsx workbook; `None` when it is not the plain kind this
/// reader handles (the caller then uses calamine).
pub fn read(bytes: &[u8]) -> Option<Vec<RawSheet>> {
    read_in_chunks(bytes, CHUNK)
}

/// [`read`], inflating worksheet parts `chunk` bytes at a time.
fn read_in_chunks(bytes: &[u8], chunk: usize) -> Option<Vec<RawSheet>> {
    let mut package = XlsxPackage::open(bytes)?;
    let is_1904 = elements(&package.workbook, "workbookPr")
        .filter_map(|e| e.attr("date1904"))
        .any(|v| !matches!(v, "0" | "false"));
    if is_1904 || !tables::well_formed(&package.workbook) {
        return None;
    }
    let styles = match package.text(&format!("{}styles.xml", package.dir)) {
        Some(xml) => styles(&xml)?,
        None if !package.has(&format!("{}styles.xml", package.dir)) => Vec::new(),
        None => return None,
    };
    let strings = match package.text(&format!("{}sharedStrings.xml", package.dir)) {
        Some(xml) => shared_strings(&xml)?,
        None if !package.has(&format!("{}sharedStrings.xml", package.dir)) => Vec::new(),
        None => return None,
    };
    let book = Book {
        styles,
        strings,
        chunk,
    };
    let names = std::mem::take(&mut package.sheets);
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let (rows, merges) = book.sheet(package.sheet_part(&name)?)?;
        sheets.push(RawSheet {
            name: Arc::from(name.as_str()),
            rows,
            merges,
        });
    }
    Some(sheets)
}

/// How much of a worksheet part is inflated at a time: the scan then works
/// in cache, and memory does not grow with the sheet.
const CHUNK: usize = 1 << 20;

/// Appends up to `chunk` more bytes of `part` to `buf`; whether any came.
/// (Read into the vector's spare room: no zeroing first.)
fn fill(part: &mut impl Read, buf: &mut Vec<u8>, chunk: usize) -> Option<bool> {
    let n = part.take(chunk as u64).read_to_end(buf).ok()?;
    Some(n > 0)
}

/// How far [`Book::cells`] got.
enum Scanned {
    /// Through the slice; the sheet data goes on.
    All,
    /// To the end of the sheet data, this many bytes in.
    End(usize),
}

/// A cell's value: a shared string (held once, for every cell showing it),
/// or any other value as calamine types it.
enum Value<'s> {
    Shared(&'s Arc<str>),
    Other(DataRef<'s>),
}

/// The workbook-wide tables a sheet's cells refer to.
struct Book {
    styles: Vec<Style>,
    strings: Vec<Arc<str>>,
    /// How much of a worksheet part is inflated at a time.
    chunk: usize,
}

impl Book {
    /// A sheet's rows and merged regions, streamed from its inflating part
    /// a chunk at a time; `None` to leave it to calamine.
    #[allow(clippy::type_complexity)]
    fn sheet(&self, mut part: impl Read) -> Option<(Vec<(u32, Vec<Cell>)>, Vec<super::Merge>)> {
        let mut buf = Vec::with_capacity(2 * self.chunk);
        // Up to the `<sheetData>` start tag.
        // Each byte searched once, however long the head.
        let (mut searched, mut found): (usize, Option<usize>) = (0, None);
        let (open, gt) = loop {
            let more = fill(&mut part, &mut buf, self.chunk)?;
            if found.is_none() {
                let from = searched.saturating_sub(b"<sheetData".len() - 1);
                found = memmem::find(&buf[from..], b"<sheetData").map(|i| from + i);
            }
            if let Some(open) = found {
                let after = open + b"<sheetData".len();
                let from = searched.max(after);
                if let Some(gt) = memchr(b'>', &buf[from..]) {
                    break (open, from + gt);
                }
            }
            searched = buf.len();
            if !more {
                return None;
            }
        };
        let after = open + b"<sheetData".len();
        // Merged regions before the cells are found by the calamine path's
        // scan of the whole part, not by this reader's scan of what follows.
        if memmem::find(&buf[..open], b"<!--").is_some()
            || memmem::find(&buf[..open], b"mergeCell").is_some()
            || !matches!(buf[after], b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
            || !head_is_sound(&buf[..=gt])
        {
            return None;
        }
        let mut grid = Grid::default();
        let mut pos = gt + 1;
        if buf[gt - 1] != b'/' {
            // Whole rows at a time: a chunk is scanned up to its last `</row>`
            // (text and attribute values cannot hold a `<`), or to the end tag.
            let close = memmem::Finder::new(b"</sheetData>");
            let row_end = memmem::FinderRev::new(b"</row>");
            // Bytes before `searched` hold no end tag past `pos`: each byte is
            // searched once however long a row (or the whole sheet) runs.
            let mut searched = pos;
            loop {
                let from = searched.saturating_sub(b"</sheetData>".len()).max(pos);
                let (end, last) = match close.find(&buf[from..]) {
                    Some(i) => (from + i + b"</sheetData>".len(), true),
                    None => match row_end.rfind(&buf[from..]) {
                        Some(i) => (from + i + b"</row>".len(), false),
                        None => (pos, false),
                    },
                };
                searched = buf.len();
                if end > pos {
                    // calamine's XML reader decodes every tag and text as
                    // UTF-8 and fails on a byte that is not.
                    std::str::from_utf8(&buf[pos..end]).ok()?;
                    match self.cells(&buf[pos..end], &mut grid)? {
                        Scanned::End(used) => {
                            pos += used;
                            break;
                        }
                        Scanned::All => pos = end,
                    }
                    if last {
                        return None;
                    }
                }
                buf.drain(..pos);
                searched -= pos;
                pos = 0;
                if !fill(&mut part, &mut buf, self.chunk)? {
                    return None;
                }
            }
        }
        let merges = scan_merges(std::io::Cursor::new(&buf[pos..]).chain(part)).ok()?;
        Some((grid.finish(), merges))
    }

    /// Scans part of the body of `<sheetData>`, whole elements only, into
    /// `grid`; `None` on anything unexpected.
    fn cells(&self, xml: &[u8], grid: &mut Grid) -> Option<Scanned> {
        let mut pos = 0;
        loop {
            let Some(lt) = memchr(b'<', &xml[pos..]) else {
                return Some(Scanned::All);
            };
            pos += lt + 1;
            let tag = &xml[pos..];
            if let Some(attrs) = start_tag(tag, b"c") {
                // The usual cell's attributes are parsed in full (a `>` in a
                // value leaves one unclosed), so only an empty cell needs
                // `tag_end`'s own check.
                let attrs_end = memchr(b'>', attrs)?;
                if attrs_end > 0 && attrs[attrs_end - 1] == b'/' {
                    pos += 1 + tag_end(attrs)?.0 + 1;
                    continue;
                }
                pos += 1 + attrs_end + 1;
                let cell = CellTag::parse(&attrs[..attrs_end])?;
                let (value, used) = self.cell_body(&xml[pos..], &cell)?;
                pos += used;
                let (row, col) = cell.position?;
                let format = self
                    .styles
                    .get(cell.style_id())
                    .map_or_else(StyleFormat::default, |s| s.format);
                let value = match value {
                    Value::Shared(text) => Some(Cell::Text(text.clone())),
                    Value::Other(value) => streamed_cell(&value, format),
                };
                if let Some(c) = value {
                    if !grid.put(row, col, c) {
                        return None;
                    }
                }
            } else if let Some(attrs) = start_tag(tag, b"row") {
                let (end, empty) = tag_end(attrs)?;
                // calamine reads a row's number (and fails on a bad one) even
                // though every cell here gives its own.
                let attrs = &attrs[..end - usize::from(empty)];
                if let Some(number) = attribute(attrs, b"r")? {
                    cell_ref(number).or(row_number(number))?;
                }
                pos += 3 + end + 1;
            } else if tag.starts_with(b"/row>") {
                pos += 5;
            } else if tag.starts_with(b"/sheetData>") {
                return Some(Scanned::End(pos + 11));
            } else {
                return None;
            }
        }
    }

    /// The children of a `<c>` up to and including `</c>`: the cell's value
    /// (the last child's, as calamine reads them) and the bytes used.
    fn cell_body<'s>(&'s self, xml: &[u8], cell: &CellTag<'_>) -> Option<(Value<'s>, usize)> {
        let mut pos = 0;
        let mut value = Value::Other(DataRef::Empty);
        loop {
            pos += memchr(b'<', &xml[pos..])? + 1;
            let tag = &xml[pos..];
            if tag.starts_with(b"/c>") {
                return Some((value, pos + 3));
            }
            let name_len = tag
                .iter()
                .take(3)
                .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))?;
            let name = &tag[..name_len];
            if !matches!(name, b"v" | b"f" | b"is") {
                return None;
            }
            let (attrs_end, empty) = tag_end(&tag[name_len..])?;
            pos += name_len + attrs_end + 1;
            if empty {
                // calamine expands `<v/>` to `<v></v>`: an empty value, as
                // any later child overrides an earlier one (`<is/>`: no text).
                value = Value::Other(match name {
                    b"is" => DataRef::String(String::new()),
                    _ => DataRef::Empty,
                });
                continue;
            }
            let (content, used) = element_content(&xml[pos..], name)?;
            pos += used;
            value = match name {
                b"v" => self.value(content, cell)?,
                b"f" => Value::Other(DataRef::Empty),
                _ => Value::Other(DataRef::String(rich_text(content)?)),
            };
        }
    }

    /// A `<v>` element's value under the cell's type and style.
    fn value<'s>(&'s self, v: &[u8], cell: &CellTag<'_>) -> Option<Value<'s>> {
        if cell.kind == Some(b"s") && !v.is_empty() {
            let i = parse_digits(v)?;
            return Some(Value::Shared(self.strings.get(usize::try_from(i).ok()?)?));
        }
        Some(Value::Other(match cell.kind {
            None | Some(b"n") => {
                if v.is_empty() {
                    return Some(Value::Other(DataRef::Empty));
                }
                if !v
                    .iter()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
                {
                    return None;
                }
                let n: f64 = std::str::from_utf8(v).ok()?.parse().ok()?;
                let kind = match cell.style {
                    // calamine types a number without a style attribute as a number.
                    None => NumberKind::Other,
                    Some(s) => match self.styles.get(s) {
                        Some(style) => style.kind,
                        None => NumberKind::Other,
                    },
                };
                match kind {
                    NumberKind::Other => DataRef::Float(n),
                    NumberKind::DateTime => {
                        DataRef::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, false))
                    }
                    NumberKind::TimeDelta => DataRef::DateTime(ExcelDateTime::new(
                        n,
                        ExcelDateTimeType::TimeDelta,
                        false,
                    )),
                }
            }
            Some(b"s") => DataRef::Empty,
            Some(b"b") => {
                let v = std::str::from_utf8(v).ok()?.trim();
                if v.is_empty() {
                    DataRef::Empty
                } else if v == "0" || v.eq_ignore_ascii_case("false") {
                    DataRef::Bool(false)
                } else if v == "1" || v.eq_ignore_ascii_case("true") {
                    DataRef::Bool(true)
                } else {
                    return None;
                }
            }
            // An error value: calamine knows these seven.
            Some(b"e") => DataRef::Error(match v {
                b"#DIV/0!" => CellErrorType::Div0,
                b"#N/A" => CellErrorType::NA,
                b"#NAME?" => CellErrorType::Name,
                b"#NULL!" => CellErrorType::Null,
                b"#NUM!" => CellErrorType::Num,
                b"#REF!" => CellErrorType::Ref,
                b"#VALUE!" => CellErrorType::Value,
                _ => return None,
            }),
            Some(b"str") => DataRef::String(plain_text(v)?),
            Some(b"d") => DataRef::DateTimeIso(text(v)?),
            Some(b"inlineStr" | b"is") => DataRef::Empty,
            Some(_) => return None,
        }))
    }
}

/// Whether a worksheet part up to its `<sheetData>` start tag (the last byte
/// of `head`) reads as calamine reads it: well-formed to quick-xml under
/// calamine's settings, with a `<dimension>` calamine accepts, and that start
/// tag where this reader found it. The head is small (view, columns).
fn head_is_sound(head: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut reader = tables::calamine_reader(head);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheetData" => {
                return e.name().as_ref() == "sheetData"
                    && usize::try_from(reader.buffer_position()) == Ok(head.len());
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "dimension" => {
                // calamine requires its `ref`, an area it can read.
                let area = match e.try_get_attribute("ref") {
                    Ok(Some(a)) => a.value.into_owned(),
                    _ => return false,
                };
                if super::xlsx_package::area(&area).is_none() {
                    return false;
                }
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// The attributes of a `<c>` start tag that matter.
struct CellTag<'x> {
    /// 0-based (row, column) from `r`; `None` when `r` is absent (the cell
    /// then follows the previous one, which only calamine works out).
    position: Option<(u32, u32)>,
    /// The style id from `s` (calamine reads an unreadable one as 0).
    style: Option<usize>,
    /// The type from `t`.
    kind: Option<&'x [u8]>,
}

impl<'x> CellTag<'x> {
    fn parse(attrs: &'x [u8]) -> Option<Self> {
        let mut cell = CellTag {
            position: None,
            style: None,
            kind: None,
        };
        // As calamine's `get_attrs!`: the attributes up to the third of
        // `r`, `s`, `t` seen (a repeated one counts again, the later wins).
        let (mut position, mut found) = (None, 0);
        let mut all = attributes(attrs);
        for (key, value) in all.by_ref() {
            match key? {
                b"r" => position = Some(value),
                b"s" => cell.style = Some(parse_digits(value).map_or(0, |n| n as usize)),
                b"t" => cell.kind = Some(value),
                _ => continue,
            }
            found += 1;
            if found == 3 {
                break;
            }
        }
        // The rest need only be attributes (their quotes closed), for the
        // tag to end where this reader ended it.
        for (key, _) in all {
            key?;
        }
        cell.position = Some(cell_ref(position?)?);
        Some(cell)
    }

    /// The style id calamine hands out: 0 when there is none.
    fn style_id(&self) -> usize {
        self.style.unwrap_or(0)
    }
}

/// The value of attribute `key`, the first of its name (as calamine's
/// `raw_attr`); `None` when an attribute before it is malformed.
fn attribute<'x>(attrs: &'x [u8], key: &[u8]) -> Option<Option<&'x [u8]>> {
    for (k, value) in attributes(attrs) {
        if k? == key {
            return Some(Some(value));
        }
    }
    Some(None)
}

/// A row number alone (`5`), 0-based; `None` where calamine fails.
fn row_number(digits: &[u8]) -> Option<(u32, u32)> {
    let row = u32::try_from(parse_digits(digits)?).ok()?.checked_sub(1)?;
    Some((row, 0))
}

#[cfg(test)]
mod tests;
