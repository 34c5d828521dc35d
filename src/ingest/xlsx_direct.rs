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

use super::cell::Cell;
use super::workbook::{streamed_cell, Grid, StyleFormat};
use super::xlsx_package::{elements, scan_merges, unescape, XlsxPackage};
use super::RawSheet;
use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use memchr::{memchr, memmem};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

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
    if is_1904 {
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
fn fill(part: &mut impl Read, buf: &mut Vec<u8>, chunk: usize) -> Option<bool> {
    let start = buf.len();
    buf.resize(start + chunk, 0);
    let n = loop {
        match part.read(&mut buf[start..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    };
    buf.truncate(start + n);
    Some(n > 0)
}

/// How far [`Book::cells`] got.
enum Scanned {
    /// Through the slice; the sheet data goes on.
    All,
    /// To the end of the sheet data, this many bytes in.
    End(usize),
}

/// What a number under a style is, as calamine's `CellFormat`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// One cell style (`cellXfs` entry): how calamine types its numbers, and
/// how mashang shows them (see [`StyleFormat`]).
#[derive(Clone, Copy, Debug)]
struct Style {
    kind: NumberKind,
    format: StyleFormat,
}

/// The workbook-wide tables a sheet's cells refer to.
struct Book {
    styles: Vec<Style>,
    strings: Vec<Box<str>>,
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
        let (open, gt) = loop {
            let more = fill(&mut part, &mut buf, self.chunk)?;
            if let Some(open) = memmem::find(&buf, b"<sheetData") {
                let after = open + b"<sheetData".len();
                if let Some(gt) = buf.get(after..).and_then(|b| memchr(b'>', b)) {
                    break (open, after + gt);
                }
            }
            if !more {
                return None;
            }
        };
        let after = open + b"<sheetData".len();
        if memmem::find(&buf[..open], b"<!--").is_some()
            || !matches!(buf[after], b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
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
            loop {
                let (end, last) = match close.find(&buf[pos..]) {
                    Some(i) => (pos + i + b"</sheetData>".len(), true),
                    None => match row_end.rfind(&buf[pos..]) {
                        Some(i) => (pos + i + b"</row>".len(), false),
                        None => (pos, false),
                    },
                };
                if end > pos {
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
                pos = 0;
                if !fill(&mut part, &mut buf, self.chunk)? && close.find(&buf).is_none() {
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
                let (attrs_end, empty) = tag_end(attrs)?;
                pos += 1 + attrs_end + 1;
                if empty {
                    continue;
                }
                let cell = CellTag::parse(&attrs[..attrs_end])?;
                let (value, used) = self.cell_body(&xml[pos..], &cell)?;
                pos += used;
                let (row, col) = cell.position?;
                let format = self
                    .styles
                    .get(cell.style_id())
                    .map_or_else(StyleFormat::default, |s| s.format);
                if let Some(c) = streamed_cell(&value, format) {
                    grid.put(row, col, c);
                    if grid.extent.cells() > super::guard::MAX_CELLS {
                        return None;
                    }
                }
            } else if let Some(attrs) = start_tag(tag, b"row") {
                pos += 3 + tag_end(attrs)?.0 + 1;
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
    fn cell_body<'s>(&'s self, xml: &[u8], cell: &CellTag<'_>) -> Option<(DataRef<'s>, usize)> {
        let mut pos = 0;
        let mut value = DataRef::Empty;
        loop {
            pos += memchr(b'<', &xml[pos..])? + 1;
            let tag = &xml[pos..];
            if tag.starts_with(b"/c>") {
                return Some((value, pos + 3));
            }
            let name_len = tag
                .iter()
                .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))?;
            let name = &tag[..name_len];
            if !matches!(name, b"v" | b"f" | b"is") {
                return None;
            }
            let (attrs_end, empty) = tag_end(&tag[name_len..])?;
            pos += name_len + attrs_end + 1;
            if empty {
                continue;
            }
            let (content, used) = element_content(&xml[pos..], name)?;
            pos += used;
            value = match name {
                b"v" => self.value(content, cell)?,
                b"f" => DataRef::Empty,
                _ => DataRef::String(rich_text(content)?),
            };
        }
    }

    /// A `<v>` element's value under the cell's type and style.
    fn value<'s>(&'s self, v: &[u8], cell: &CellTag<'_>) -> Option<DataRef<'s>> {
        Some(match cell.kind {
            None | Some(b"n") => {
                if v.is_empty() {
                    return Some(DataRef::Empty);
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
            Some(b"s") => {
                if v.is_empty() {
                    return Some(DataRef::Empty);
                }
                let i = parse_digits(v)?;
                DataRef::SharedString(self.strings.get(i as usize)?)
            }
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
        })
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
        for (key, value) in attributes(attrs) {
            let (key, value) = (key?, value);
            match key {
                b"r" => cell.position = Some(reference(value)?),
                b"s" => cell.style = Some(parse_digits(value).map_or(0, |n| n as usize)),
                b"t" => cell.kind = Some(value),
                _ => {}
            }
        }
        cell.position?;
        Some(cell)
    }

    /// The style id calamine hands out: 0 when there is none.
    fn style_id(&self) -> usize {
        self.style.unwrap_or(0)
    }
}

/// `key="value"` pairs of a start tag's attribute bytes; a `None` key on
/// anything malformed.
fn attributes(attrs: &[u8]) -> impl Iterator<Item = (Option<&[u8]>, &[u8])> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        let Some(eq) = memchr(b'=', rest) else {
            rest = &[];
            return Some((None, &[][..]));
        };
        let key = rest[..eq].trim_ascii_end();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if !matches!(quote, b'"' | b'\'') {
            rest = &[];
            return Some((None, &[][..]));
        }
        let Some(len) = memchr(quote, &after[1..]) else {
            rest = &[];
            return Some((None, &[][..]));
        };
        rest = &after[len + 2..];
        // An entity in a value this reader uses is left to calamine.
        let value = &after[1..=len];
        let key = (!key.is_empty() && !value.contains(&b'&')).then_some(key);
        Some((key, value))
    })
}

/// If `tag` (the bytes after a `<`) is a start tag named `name`, its
/// attribute bytes onwards.
fn start_tag<'x>(tag: &'x [u8], name: &[u8]) -> Option<&'x [u8]> {
    let rest = tag.strip_prefix(name)?;
    matches!(
        rest.first(),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
    )
    .then_some(rest)
}

/// Where a start tag's attributes end (the offset of its `>`), and whether
/// it closes itself (`/>`).
fn tag_end(attrs: &[u8]) -> Option<(usize, bool)> {
    let gt = memchr(b'>', attrs)?;
    // Quotes would hide a `>` inside a value; attribute values here never hold one.
    if memchr(b'<', &attrs[..gt]).is_some() {
        return None;
    }
    Some((gt, gt > 0 && attrs[gt - 1] == b'/'))
}

/// The content of an element up to its end tag `</name>`, and the bytes
/// used including the end tag; `None` if the content holds markup.
fn element_content<'x>(xml: &'x [u8], name: &[u8]) -> Option<(&'x [u8], usize)> {
    let lt = memchr(b'<', xml)?;
    let close = &xml[lt..];
    if name == b"is" {
        // Rich text runs: find the end tag, markup inside is read by `rich_text`.
        let end = memmem::find(xml, b"</is>")?;
        return Some((&xml[..end], end + 5));
    }
    if close.get(1) != Some(&b'/')
        || !close[2..].starts_with(name)
        || close.get(2 + name.len()) != Some(&b'>')
    {
        return None;
    }
    Some((&xml[..lt], lt + 3 + name.len()))
}

/// 0-based (row, column) of an A1 reference, as calamine reads it (letters
/// of either case, then digits); `None` where calamine fails.
fn reference(a1: &[u8]) -> Option<(u32, u32)> {
    let letters = a1.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let col = a1[..letters].iter().try_fold(0u32, |n, c| {
        n.checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row = parse_digits(&a1[letters..])?;
    Some((
        u32::try_from(row).ok()?.checked_sub(1)?,
        col.checked_sub(1)?,
    ))
}

/// A run of ASCII digits as a number; `None` for anything else.
fn parse_digits(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// Element text as calamine reads it: line ends normalised (`\r\n`, `\r` →
/// `\n`), then entities resolved; `None` for markup or an unknown entity.
fn text(raw: &[u8]) -> Option<String> {
    let raw = std::str::from_utf8(raw).ok()?;
    if raw.contains('<') {
        return None;
    }
    let normalised;
    let raw = if raw.contains('\r') {
        normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        raw
    };
    if raw.contains('&') {
        unescape(raw)
    } else {
        Some(raw.to_owned())
    }
}

/// [`text`] with Excel's `_xHHHH_` escapes undone, as calamine reads a
/// formula's string.
fn plain_text(raw: &[u8]) -> Option<String> {
    text(raw).map(|t| match unescape_hex(&t) {
        Cow::Borrowed(_) => t,
        Cow::Owned(u) => u,
    })
}

/// calamine's `unescape_xml`: Excel's `_xHHHH_` escapes (UTF-16 code units,
/// how it writes control characters such as `\r`) turned back into
/// characters; a lone surrogate becomes U+FFFD.
fn unescape_hex(s: &str) -> Cow<'_, str> {
    let escape_at = |i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let next = |from: usize| {
        memchr::memchr_iter(b'_', &s.as_bytes()[from..])
            .map(|i| from + i)
            .find_map(|i| escape_at(i).map(|unit| (i, unit)))
    };
    let Some((mut at, mut unit)) = next(0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        out.push_str(&s[copied..at]);
        at += 7;
        match unit {
            0xD800..=0xDBFF => match escape_at(at) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    at += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = at;
        match next(at) {
            Some(found) => (at, unit) = found,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// The text of a string item (`<si>`, `<is>`): its `<t>` elements joined,
/// phonetic runs (`<rPh>`) left out, each trimmed of ASCII whitespace unless
/// `xml:space="preserve"`; `None` on anything unexpected.
fn rich_text(xml: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut phonetic = false;
    let mut pos = 0;
    while let Some(lt) = memchr(b'<', &xml[pos..]) {
        pos += lt + 1;
        let tag = &xml[pos..];
        if let Some(attrs) = start_tag(tag, b"t") {
            let (attrs_end, empty) = tag_end(attrs)?;
            pos += 1 + attrs_end + 1;
            if empty {
                continue;
            }
            let (content, used) = element_content(&xml[pos..], b"t")?;
            pos += used;
            if phonetic {
                continue;
            }
            let preserve = attributes(&attrs[..attrs_end])
                .any(|(k, v)| k == Some(&b"xml:space"[..]) && v == b"preserve");
            let value = text(content)?;
            let value = if preserve {
                value.as_str()
            } else {
                value.trim_matches([' ', '\t', '\r', '\n'])
            };
            out.push_str(&unescape_hex(value));
        } else if let Some(attrs) = start_tag(tag, b"rPh") {
            let (attrs_end, empty) = tag_end(attrs)?;
            phonetic = !empty;
            pos += 3 + attrs_end + 1;
        } else if tag.starts_with(b"/rPh>") {
            phonetic = false;
        } else if tag.starts_with(b"!") || tag.starts_with(b"?") {
            return None;
        } else {
            // Other markup (runs, their properties) must be plain, unprefixed names.
            let tag = tag.strip_prefix(b"/").unwrap_or(tag);
            let name_end = tag
                .iter()
                .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))?;
            let name = &tag[..name_end];
            if name.is_empty() || name.contains(&b':') {
                return None;
            }
        }
    }
    Some(out)
}

/// The shared strings part: every `<si>` item's text, in order.
fn shared_strings(xml: &str) -> Option<Vec<Box<str>>> {
    let bytes = xml.as_bytes();
    if memmem::find(bytes, b"<!--").is_some() || memmem::find(bytes, b"<![CDATA[").is_some() {
        return None;
    }
    let start = memmem::find(bytes, b"<sst")?;
    let count = elements(&xml[start..], "sst")
        .next()
        .and_then(|e| e.attr("uniqueCount"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let mut strings = Vec::with_capacity(count.min(1 << 24));
    let open = memmem::Finder::new(b"<si");
    let close = memmem::Finder::new(b"</si>");
    let mut pos = start;
    while let Some(i) = open.find(&bytes[pos..]) {
        let tag = &bytes[pos + i + 1..];
        let attrs = start_tag(tag, b"si")?;
        let (attrs_end, empty) = tag_end(attrs)?;
        let body = pos + i + 3 + attrs_end + 1;
        if empty {
            strings.push(Box::from(""));
            pos = body;
            continue;
        }
        let end = body + close.find(&bytes[body..])?;
        strings.push(rich_text(&bytes[body..end])?.into_boxed_str());
        pos = end + 5;
    }
    // A prefixed `<x:si>` would have been missed.
    if memmem::find(bytes, b":si>").is_some() || memmem::find(bytes, b":si ").is_some() {
        return None;
    }
    Some(strings)
}

/// The `cellXfs` styles: each one's number format, looked up as calamine
/// does (custom `numFmts` by their id text, else the built-in table).
fn styles(xml: &str) -> Option<Vec<Style>> {
    if xml.contains("<!--") {
        return None;
    }
    let mut custom: HashMap<&str, String> = HashMap::new();
    if let Some(section) = section(xml, "numFmts") {
        for f in elements(section, "numFmt") {
            if let (Some(id), Some(code)) = (f.attr("numFmtId"), f.attr("formatCode")) {
                custom.insert(id, unescape(code)?);
            }
        }
    }
    let Some(section) = section(xml, "cellXfs") else {
        return Some(Vec::new());
    };
    Some(
        elements(section, "xf")
            .map(|xf| {
                let id = xf.attr("numFmtId");
                let kind = match id {
                    None => NumberKind::Other,
                    Some(id) => match custom.get(id) {
                        Some(code) => custom_number_kind(code),
                        None => builtin_number_kind(id),
                    },
                };
                let code = id.and_then(|id| {
                    let n = parse_digits(id.as_bytes())?;
                    Some(match custom.get(id) {
                        Some(code) => code.as_str(),
                        None => u32::try_from(n)
                            .ok()
                            .and_then(builtin_code)
                            .unwrap_or("General"),
                    })
                });
                Style {
                    kind,
                    format: code.map_or(StyleFormat::default(), StyleFormat::of),
                }
            })
            .collect(),
    )
}

/// The text inside the first element named `local` (any prefix, as calamine
/// matches local names); `None` when there is none or it is empty.
fn section<'x>(xml: &'x str, local: &str) -> Option<&'x str> {
    let mut from = 0;
    loop {
        let at = from + xml[from..].find(local)?;
        from = at + local.len();
        let before = &xml[..at];
        let prefix_start = before.rfind('<')?;
        let name = &before[prefix_start + 1..];
        let is_start = name.is_empty() || (name.ends_with(':') && !name.contains(['/', ' ', '>']));
        let next = xml[from..].chars().next()?;
        if !is_start || !matches!(next, '>' | ' ' | '\t' | '\r' | '\n' | '/') {
            continue;
        }
        let gt = from + xml[from..].find('>')?;
        if xml[..gt].ends_with('/') {
            return None;
        }
        let end = format!("</{name}{local}>");
        let close = gt + 1 + xml[gt + 1..].find(&end)?;
        return Some(&xml[gt + 1..close]);
    }
}

/// calamine's `detect_custom_number_format`: whether a custom format code
/// makes numbers dates (or durations).
fn custom_number_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Other
}

/// calamine's `builtin_format_by_id`, by the id's text.
fn builtin_number_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            NumberKind::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::DateTime,
        "46" => NumberKind::TimeDelta,
        _ => NumberKind::Other,
    }
}

/// calamine's `builtin_format_code_by_id`, where the code matters to
/// [`StyleFormat`] (times, zero padding); other built-in ids give codes that
/// show neither, as `General` does.
fn builtin_code(id: u32) -> Option<&'static str> {
    match id {
        0 => Some("General"),
        1 => Some("0"),
        18 => Some("h:mm AM/PM"),
        19 => Some("h:mm:ss AM/PM"),
        20 => Some("h:mm"),
        21 => Some("h:mm:ss"),
        22 => Some("m/d/yy h:mm"),
        45 => Some("mm:ss"),
        46 => Some("[h]:mm:ss"),
        47 => Some("mmss.0"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::workbook::read_with_calamine;
    use rust_xlsxwriter::{Color, Format, Formula, Workbook};
    use std::io::Write;

    /// Reads `bytes` both ways; the direct reader must handle it (`direct`)
    /// or leave it to calamine, and where it handles it, agree with calamine.
    fn agree(bytes: &[u8], direct: bool) -> Vec<RawSheet> {
        let slow = read_with_calamine(bytes, &[]).expect("calamine reads it");
        match read(bytes) {
            Some(fast) => {
                assert!(
                    direct,
                    "expected calamine's path, the direct reader took it"
                );
                assert_eq!(fast, slow);
            }
            None => assert!(!direct, "the direct reader left it to calamine"),
        }
        slow
    }

    /// A file the direct reader must leave to calamine, whatever calamine makes of it.
    fn left_to_calamine(bytes: &[u8]) {
        assert!(read(bytes).is_none(), "the direct reader took it");
    }

    fn texts(sheet: &RawSheet) -> Vec<Vec<String>> {
        sheet
            .rows
            .iter()
            .map(|(_, cells)| cells.iter().map(|c| c.text().into_owned()).collect())
            .collect()
    }

    #[test]
    fn written_workbooks_read_the_same_as_through_calamine() {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let date_time = Format::new().set_num_format("yyyy/m/d h:mm");
        let chinese_date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
        let time = Format::new().set_num_format("[h]:mm:ss");
        let padded = Format::new().set_num_format("000000");
        let red = Format::new().set_font_color(Color::Red);
        let ws = wb.add_worksheet().set_name("交办 & <登记>").unwrap();
        ws.merge_range(0, 0, 0, 4, "蓝田县交办事项登记表", &Format::new())
            .unwrap();
        let header = ["事项编号", "内容", "交办时间", "时刻", "编号", "是否", "数"];
        for (c, h) in header.iter().enumerate() {
            ws.write(1, c as u16, *h).unwrap();
        }
        ws.write(2, 0, "LT2017-000001").unwrap();
        ws.write(2, 1, "  前后有空格 & <尖括号> \"引号\" 'apos'  ")
            .unwrap();
        ws.write_with_format(2, 2, 42751.0, &date).unwrap();
        ws.write_with_format(2, 3, 42751.395833333336, &date_time)
            .unwrap();
        ws.write_with_format(2, 4, 12.0, &padded).unwrap();
        ws.write(2, 5, true).unwrap();
        ws.write(2, 6, -1234.5678e-3).unwrap();
        ws.write(3, 0, "多行\n文本\r\n第三行").unwrap();
        ws.write_with_format(3, 2, 42752.0, &chinese_date).unwrap();
        ws.write_with_format(3, 3, 42752.0, &date_time).unwrap();
        ws.write_with_format(3, 4, 1.75, &time).unwrap();
        ws.write_blank(3, 5, &red).unwrap();
        ws.write(3, 6, 1e20).unwrap();
        ws.write_rich_string(4, 1, &[(&red, "红色"), (&Format::new(), "普通")])
            .unwrap();
        ws.write_formula(4, 2, Formula::new("=\"F-\"&\"1\"").set_result("F-1"))
            .unwrap();
        ws.write_formula(4, 3, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_formula(4, 4, Formula::new("=1+1").set_result("2"))
            .unwrap();
        ws.write(4, 5, false).unwrap();
        ws.write(9, 30, "远处的单元格").unwrap();
        ws.merge_range(6, 2, 8, 2, "县水务局", &Format::new())
            .unwrap();
        wb.add_worksheet().set_name("空表").unwrap();
        wb.add_worksheet()
            .set_name("反馈")
            .unwrap()
            .write(0, 0, "反馈单位")
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let sheets = agree(&bytes, true);
        assert_eq!(sheets.len(), 3);
        assert_eq!(&*sheets[0].name, "交办 & <登记>");
        let rows = texts(&sheets[0]);
        assert_eq!(rows[2][1], "  前后有空格 & <尖括号> \"引号\" 'apos'  ");
        assert_eq!(rows[2][4], "000012");
        // The `\r` survives: the library writes it as `_x000D_`.
        assert_eq!(rows[3][0], "多行\n文本\r\n第三行");
        assert_eq!(rows[4][1], "红色普通");
        assert_eq!(
            sheets[0].rows[2].1[2],
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2017, 1, 16).unwrap())
        );
        assert_eq!(sheets[0].merges.len(), 2);
        assert!(sheets[1].rows.is_empty());
    }

    /// A package written by hand: `sheet` is the `<sheetData>` body.
    fn package(sheet: &str, strings: &str, workbook_pr: &str) -> Vec<u8> {
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbook_pr}<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/styles.xml",
                r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="14"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>"#.to_owned(),
            ),
            (
                "xl/sharedStrings.xml",
                format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData><mergeCells count="1"><mergeCell ref="A5:A6"/></mergeCells></worksheet>"#),
            ),
        ];
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const STRINGS: &str = concat!(
        r#"<si><t>事项编号</t></si>"#,
        r#"<si><t xml:space="preserve"> 留空格 </t></si>"#,
        r#"<si><t>  去空格&#x4E00;&amp;  </t></si>"#,
        r#"<si><r><rPr><b/><rFont val="宋体"/></rPr><t>县</t></r><r><t>水务局</t></r><rPh sb="0" eb="1"><t>けん</t></rPh><phoneticPr fontId="1"/></si>"#,
        r#"<si/>"#,
        r#"<si><t/></si>"#,
        r#"<si><t>回车_x000D_换行_x00e9_</t></si>"#,
    );

    #[test]
    fn every_cell_kind_reads_as_calamine_reads_it() {
        let sheet = concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#,
            r#"<row r="2"><c r="A2" s="1"><v>42751</v></c><c r="B2" s="2"><v>42751.5</v></c><c r="C2" s="3"><v>1.25</v></c><c r="D2"><v>42751</v></c><c r="E2" s="9"><v>7</v></c><c r="F2" s="x"><v>3</v></c></row>"#,
            r#"<row r="3"><c r="A3" t="inlineStr"><is><t>行内 &lt;文本&gt;</t></is></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>公式&amp;结果</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="b"><v>false</v></c><c r="F3" t="d"><v>2017-01-16T09:30:00</v></c></row>"#,
            r#"<row r="4" spans="1:6"><c r="a4"><f>1+1</f><v>2</v></c><c r="B4" s="1"/><c r="C4"><f>NOW()</f></c><c r="D4" t="s"><v></v></c><c r="E4" t="str"><v></v></c><c r="F4"><v>-1.5E+3</v></c></row>"#,
            r#"<row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" t="str"><v>a_x000D__x005F_x000D_b_xD83D__xDE00__xD800_</v></c></row>"#,
            r#"<row r="6"><c r="A6" t="str"><v>换行&#13;保留
行</v></c><c r="B6" t="inlineStr"><is><r><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r></is></c></row>"#,
        );
        let sheets = agree(&package(sheet, STRINGS, ""), true);
        let rows = texts(&sheets[0]);
        assert_eq!(
            rows[0],
            ["事项编号", " 留空格 ", "去空格一&", "县水务局", "", ""]
        );
        assert_eq!(rows[2][0], "行内 <文本>");
        assert_eq!(rows[2][1], "公式&结果");
        assert_eq!(rows[2][2], "#N/A");
        assert_eq!(sheets[0].rows[3].1[0], Cell::Number(2.0));
        assert_eq!(rows[4][..2], ["回车\r换行é", "a\r_x000D_b😀\u{FFFD}"]);
        assert_eq!(rows[5][1], "甲 乙");
        assert_eq!(sheets[0].merges.len(), 1);
    }

    #[test]
    fn what_it_does_not_handle_is_left_to_calamine() {
        let plain = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        agree(&package(plain, STRINGS, ""), true);
        agree(
            &package(plain, STRINGS, r#"<workbookPr date1904="false"/>"#),
            true,
        );
        for (sheet, strings, pr) in [
            // A 1904 workbook.
            (plain, STRINGS, r#"<workbookPr date1904="1"/>"#),
            // A cell placed after the previous one, without its reference.
            (r#"<row r="1"><c t="s"><v>0</v></c></row>"#, STRINGS, ""),
            // Markup this reader does not know.
            (
                r#"<row r="1"><!-- note --><c r="A1" t="s"><v>0</v></c></row>"#,
                STRINGS,
                "",
            ),
            (
                r#"<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>"#,
                STRINGS,
                "",
            ),
            (
                r#"<row r="1"><c r="A1"><v>1</v><extLst/></c></row>"#,
                STRINGS,
                "",
            ),
            (plain, r#"<si><t><![CDATA[a]]></t></si>"#, ""),
            // A value calamine reads its own way.
            (r#"<row r="1"><c r="A1"><v> 1 </v></c></row>"#, STRINGS, ""),
            (
                r#"<row r="1"><c r="A1" t="s"><v> 0</v></c></row>"#,
                STRINGS,
                "",
            ),
        ] {
            left_to_calamine(&package(sheet, strings, pr));
        }
        // Prefixed elements throughout.
        let prefixed = package(plain, STRINGS, "");
        let prefixed = {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&prefixed[..])).unwrap();
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                let name = f.name().unwrap().into_owned();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut f, &mut text).unwrap();
                if name.ends_with("sheet1.xml") {
                    text = text
                        .replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
                        .replace("</worksheet>", "</x:worksheet>")
                        .replace('<', "<x:")
                        .replace("<x:/", "</x:")
                        .replace("<x:?", "<?")
                        .replace("<x:x:", "<x:");
                }
                out.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                out.write_all(text.as_bytes()).unwrap();
            }
            out.finish().unwrap().into_inner()
        };
        let sheets = agree(&prefixed, false);
        assert_eq!(texts(&sheets[0])[0][0], "事项编号");
    }

    #[test]
    fn the_bundled_samples_take_the_direct_path() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xlsx") {
                agree(&std::fs::read(&path).unwrap(), true);
                seen += 1;
            }
        }
        assert!(seen >= 5);
    }

    #[test]
    fn a_sheet_read_in_small_chunks_reads_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![
            package(
                r#"<row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="inlineStr"><is><r><t>甲</t></r><r><t>乙</t></r></is></c></row><row r="2"/><row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row>"#,
                STRINGS,
                "",
            ),
            std::fs::read(dir.join("tests/fixtures/intake-libreoffice.xlsx")).unwrap(),
            std::fs::read(dir.join("samples/单位名单.xlsx")).unwrap(),
        ];
        let mut wb = Workbook::new();
        wb.add_worksheet().set_name("空").unwrap();
        files.push(wb.save_to_buffer().unwrap());
        for bytes in &files {
            let whole = read(bytes).expect("read directly");
            assert_eq!(whole, read_with_calamine(bytes, &[]).unwrap());
            for chunk in [1, 2, 3, 7, 64, 1000] {
                assert_eq!(
                    read_in_chunks(bytes, chunk).as_ref(),
                    Some(&whole),
                    "chunk {chunk}"
                );
            }
        }
    }

    #[test]
    fn libreoffice_workbooks_take_the_direct_path() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["intake-libreoffice.xlsx", "replies-libreoffice.xlsx"] {
            let sheets = agree(&std::fs::read(dir.join(name)).unwrap(), true);
            assert!(
                sheets.iter().map(|s| s.rows.len()).sum::<usize>() > 2,
                "{name}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Any text, number or date written by a library reads the same both ways.
        #[test]
        fn any_written_cells_read_the_same(
            cells in proptest::collection::vec(
                (0u32..40, 0u16..8, proptest::prop_oneof![
                    "[ -~\t\n\r一-龥　（）&<>\"'_x]{0,12}".prop_map(Value::Text),
                    proptest::num::f64::NORMAL.prop_map(Value::Number),
                    (1.0f64..80000.0).prop_map(Value::Date),
                    proptest::bool::ANY.prop_map(Value::Bool),
                ]),
                0..60,
            )
        ) {
            let mut wb = Workbook::new();
            let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
            let ws = wb.add_worksheet();
            for (row, col, value) in &cells {
                match value {
                    Value::Text(t) => ws.write(*row, *col, t.as_str()),
                    Value::Number(n) => ws.write(*row, *col, *n),
                    Value::Date(d) => ws.write_with_format(*row, *col, *d, &date),
                    Value::Bool(b) => ws.write(*row, *col, *b),
                }
                .unwrap();
            }
            let bytes = wb.save_to_buffer().unwrap();
            let slow = read_with_calamine(&bytes, &[]).unwrap();
            if let Some(fast) = read(&bytes) {
                proptest::prop_assert_eq!(fast, slow);
            } else {
                proptest::prop_assert!(false, "left to calamine");
            }
        }
    }

    #[derive(Clone, Debug)]
    enum Value {
        Text(String),
        Number(f64),
        Date(f64),
        Bool(bool),
    }

    use proptest::strategy::Strategy;

    #[test]
    fn references_and_sections() {
        assert_eq!(reference(b"A1"), Some((0, 0)));
        assert_eq!(reference(b"ab12"), Some((11, 27)));
        assert_eq!(reference(b"A0"), None);
        assert_eq!(reference(b"12"), None);
        assert_eq!(reference(b"$A$1"), None);
        assert_eq!(
            section("<a><x:cellXfs n=\"1\"><xf/></x:cellXfs></a>", "cellXfs"),
            Some("<xf/>")
        );
        assert_eq!(
            section("<a><cellXfsX/><cellXfs><xf/></cellXfs></a>", "cellXfs"),
            Some("<xf/>")
        );
        assert_eq!(section("<a><cellXfs/></a>", "cellXfs"), None);
        assert_eq!(
            custom_number_kind("yyyy\"年\"m\"月\"d\"日\""),
            NumberKind::DateTime
        );
        assert_eq!(custom_number_kind("[h]:mm:ss"), NumberKind::TimeDelta);
        assert_eq!(custom_number_kind("0.00_);[Red](0.00)"), NumberKind::Other);
    }
}
