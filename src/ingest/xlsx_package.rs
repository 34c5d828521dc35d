//! An xlsx package's parts, found as calamine finds them, and the merged
//! regions of its worksheets, found without parsing the sheet XML again.
//!
//! calamine's `merge_cells_by_sheet_name` reads the whole worksheet part again,
//! event by event, to reach `<mergeCells>` (which follows the cell data): on
//! large exports that second pass costs well over half as much as reading the
//! cells. Here the part is only inflated and searched for `mergeCell` start
//! tags. The part of a sheet is found the way calamine finds it (package
//! relationships → workbook part → its relationships → the sheet's target,
//! part names matched case-insensitively). Whenever anything is not as
//! expected, [`XlsxPackage::open`] or [`XlsxPackage::merges`] return `None`
//! and the caller asks calamine instead.

use super::Merge;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The parts of one xlsx workbook: its sheets in order, and the folder of its
/// workbook part (where calamine looks for `styles.xml` and `sharedStrings.xml`).
pub struct XlsxPackage<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Part names by their lower-case, `/`-separated form.
    names: HashMap<String, String>,
    /// The part of each sheet, by sheet name.
    parts: HashMap<String, String>,
    /// Sheet names in workbook order.
    pub sheets: Vec<String>,
    /// The workbook part's folder, `xl/` as a rule.
    pub dir: String,
    /// The workbook part's text.
    pub workbook: String,
}

impl<'a> XlsxPackage<'a> {
    /// Reads the workbook's structure; `None` if it is not as expected.
    pub fn open(bytes: &'a [u8]) -> Option<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
        let names = zip
            .file_names()
            .map(|n| n.map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned())))
            .collect::<Result<_, _>>()
            .ok()?;
        let mut book = XlsxPackage {
            zip,
            names,
            parts: HashMap::new(),
            sheets: Vec::new(),
            dir: String::new(),
            workbook: String::new(),
        };
        let package = book.text("_rels/.rels")?;
        let mut documents = elements(&package, "Relationship").filter(|e| {
            e.attr("Type")
                .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
        });
        let document = documents.next()?;
        // With two, calamine takes the last: such a package is left to it.
        if documents.next().is_some() || hides_markup(&package) {
            return None;
        }
        let target = document.attr("Target").and_then(unescape)?;
        let (dir, file) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
        let file = if file.is_empty() {
            "workbook.xml"
        } else {
            file
        };
        let rels = book.text(&format!("{dir}_rels/{file}.rels"))?;
        // Worksheets only: calamine refuses macro sheets and unknown kinds,
        // and reads chart sheets as empty.
        let targets: HashMap<&str, &str> = elements(&rels, "Relationship")
            .filter(|e| {
                e.attr("Type")
                    .is_some_and(|t| t.ends_with("/relationships/worksheet"))
            })
            .filter_map(|e| Some((e.attr("Id")?, e.attr("Target").unwrap_or(""))))
            .collect();
        let workbook = book.text(&format!("{dir}{file}"))?;
        if hides_markup(&rels) || hides_markup(&workbook) {
            return None;
        }
        for sheet in elements(&workbook, "sheet") {
            let name = unescape(sheet.attr("name").unwrap_or(""))?;
            let visible = matches!(
                sheet.attr("state"),
                None | Some("visible" | "hidden" | "veryHidden")
            );
            let id = sheet.attr_local("id")?;
            let target = targets.get(id)?;
            // A name given twice would be read twice from one part.
            if !visible || book.parts.contains_key(&name) {
                return None;
            }
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("{dir}{target}"),
            };
            book.sheets.push(name.clone());
            book.parts.insert(name, part);
        }
        book.dir = dir;
        book.workbook = workbook;
        Some(book)
    }

    /// The merged regions of sheet `name`, as calamine would list them (and,
    /// like the caller's use of calamine, none when a region cannot be read);
    /// `None` if the sheet's part cannot be found or read.
    pub fn merges(&mut self, name: &str) -> Option<Vec<Merge>> {
        scan_merges(self.sheet_part(name)?).ok()
    }

    /// The part of sheet `name`, inflating as it is read; `None` if it cannot be found.
    pub fn sheet_part(&mut self, name: &str) -> Option<zip::read::ZipFile<'_, Cursor<&'a [u8]>>> {
        let entry = self.sheet_entry(name)?;
        self.zip.by_name(&entry).ok()
    }

    /// The zip entry of sheet `name`'s part.
    fn sheet_entry(&self, name: &str) -> Option<String> {
        let part = self.parts.get(name)?;
        Some(
            self.names
                .get(&part.to_ascii_lowercase())
                .cloned()
                .unwrap_or_else(|| part.clone()),
        )
    }

    /// Whether the package holds part `name` (matched as [`XlsxPackage::text`] does).
    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(&name.to_ascii_lowercase())
    }

    /// A part as text (relationships, workbook, styles, shared strings).
    pub fn text(&mut self, name: &str) -> Option<String> {
        let entry = self.names.get(&name.to_ascii_lowercase())?.clone();
        let mut text = String::new();
        self.zip
            .by_name(&entry)
            .ok()?
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    }
}

/// Streams a worksheet part and collects its `mergeCell` regions. Each chunk
/// is searched up to its last `<`: a tag cannot contain `<`, so every tag
/// that starts before that point also ends before it.
pub fn scan_merges(mut part: impl Read) -> std::io::Result<Vec<Merge>> {
    const CHUNK: usize = 256 * 1024;
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let mut merges = Vec::new();
    let mut valid = true;
    let mut buf: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    loop {
        let start = buf.len();
        buf.resize(start + CHUNK, 0);
        let n = part.read(&mut buf[start..])?;
        buf.truncate(start + n);
        let end = if n == 0 {
            buf.len()
        } else {
            memchr::memrchr(b'<', &buf).unwrap_or(0)
        };
        for hit in finder.find_iter(&buf[..end]) {
            if let Some(tag) = merge_cell_tag(&buf[..end], hit) {
                match region(tag) {
                    Some(Some(m)) => merges.push(m),
                    Some(None) => {}
                    None => valid = false,
                }
            }
        }
        buf.drain(..end);
        if n == 0 {
            break;
        }
    }
    // calamine fails on an unreadable region, and the caller then lists none.
    Ok(if valid { merges } else { Vec::new() })
}

/// The attributes of a `<mergeCell …>` (or `<x:mergeCell …>`) start tag whose
/// name is at `at`; `None` for anything else (`mergeCells`, an end tag, text).
fn merge_cell_tag(xml: &[u8], at: usize) -> Option<&[u8]> {
    let name_end = at + b"mergeCell".len();
    match xml.get(name_end) {
        Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') => {}
        _ => return None,
    }
    // Back to the `<`, across an optional namespace prefix.
    let before = &xml[..at];
    match before.split_last() {
        Some((b'<', _)) => {}
        Some((b':', head)) => {
            let is_name = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
            let prefix_len = head.iter().rev().take_while(|c| is_name(c)).count();
            if prefix_len == 0
                || head.len() == prefix_len
                || head[head.len() - prefix_len - 1] != b'<'
            {
                return None;
            }
        }
        _ => return None,
    }
    // A merged region's tag is short: looking no further keeps a run of
    // unclosed `<mergeCell` tags from being searched to the end, each.
    let limit = xml.len().min(name_end + 1024);
    let close = memchr::memchr(b'>', &xml[name_end..limit])? + name_end;
    Some(&xml[name_end..close])
}

/// The region of a `mergeCell` tag's attributes: `Some(None)` without a `ref`
/// (calamine skips it), `None` if the `ref` cannot be read.
fn region(attrs: &[u8]) -> Option<Option<Merge>> {
    let attrs = std::str::from_utf8(attrs).ok()?;
    let Some(reference) = Attrs(attrs).find(|(k, _)| *k == "ref").map(|(_, v)| v) else {
        return Some(None);
    };
    let (start, end) = area(reference)?;
    Some(Some(Merge {
        first_row: start.0,
        last_row: end.0,
        first_col: start.1,
        last_col: end.1,
    }))
}

/// `A1:B3`, or one cell `B3` → its first and last cell, 0-based (as calamine
/// reads a merged region or a `<dimension>`); `None` where calamine fails.
pub fn area(text: &str) -> Option<((u32, u32), (u32, u32))> {
    match text.split_once(':') {
        Some((a, b)) => Some((cell_ref(a.as_bytes())?, cell_ref(b.as_bytes())?)),
        None => {
            let a = cell_ref(text.as_bytes())?;
            Some((a, a))
        }
    }
}

/// `B3` → (2, 1): 0-based row and column of an A1 reference (letters of
/// either case, then digits, as calamine reads them); `None` when calamine
/// would fail.
pub fn cell_ref(a1: &[u8]) -> Option<(u32, u32)> {
    let letters = a1.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (name, number) = a1.split_at(letters);
    if number.is_empty() || !number.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = name.iter().try_fold(0u32, |n, c| {
        n.checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row = number.iter().try_fold(0u32, |n, d| {
        n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// A start (or empty) tag's attributes.
pub struct Element<'x>(&'x str);

impl<'x> Element<'x> {
    /// Whether every attribute is `key="value"` (or single-quoted): what
    /// calamine's attribute reader asks before it errs.
    pub fn well_formed(&self) -> bool {
        let mut attrs = Attrs(self.0);
        while attrs.next().is_some() {}
        attrs
            .0
            .trim_matches(|c: char| c.is_ascii_whitespace() || c == '/')
            .is_empty()
    }

    pub fn attr(&self, key: &str) -> Option<&'x str> {
        Attrs(self.0).find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// An attribute by local name, whatever its prefix (`r:id`).
    fn attr_local(&self, local: &str) -> Option<&'x str> {
        Attrs(self.0)
            .find(|(k, _)| k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v)
    }
}

/// The start tags whose local name is `local`, in document order.
pub fn elements<'x>(xml: &'x str, local: &'x str) -> impl Iterator<Item = Element<'x>> + 'x {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        let open = rest.find('<')?;
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = &comment[comment.find("-->")? + 3..];
            continue;
        }
        let close = tag_close(rest)?;
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with(['/', '?', '!']) {
            continue;
        }
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.rsplit(':').next() == Some(local) {
            return Some(Element(&tag[name_end..]));
        }
    })
}

/// Whether a small part holds CDATA or a processing instruction past its
/// declaration: markup there is text to an XML parser, not to [`elements`].
fn hides_markup(xml: &str) -> bool {
    let body = match xml.trim_start_matches('\u{feff}').strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, b)| b),
        None => xml,
    };
    body.contains("<![CDATA[") || body.contains("<?")
}

/// Where a tag ends: its first `>` outside a quoted attribute value (a
/// format code such as `[>=100]0` holds one).
fn tag_close(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in tag.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `key="value"` pairs (either quote) of a tag's attribute text.
struct Attrs<'x>(&'x str);

impl<'x> Iterator for Attrs<'x> {
    type Item = (&'x str, &'x str);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self
            .0
            .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        let eq = s.find('=')?;
        let key = s[..eq].trim();
        let after = s[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let value_end = after[1..].find(quote)? + 1;
        self.0 = &after[value_end + 1..];
        Some((key, &after[1..value_end]))
    }
}

/// An attribute value with its entity references resolved; `None` for an
/// unknown entity.
pub fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';')? + amp;
        let entity = &rest[amp + 1..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                // As quick-xml resolves them: `#x` hex or decimal digits only,
                // not NUL.
                let (digits, radix) = match entity.strip_prefix("#x") {
                    Some(hex) => (hex, 16),
                    None => (entity.strip_prefix('#')?, 10),
                };
                if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                    return None;
                }
                let code = u32::from_str_radix(digits, radix).ok()?;
                char::from_u32(code).filter(|&c| c != '\0')?
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(cell_ref(b"c12"), Some((11, 2)));
        assert_eq!(cell_ref(b"AA3"), Some((2, 26)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"$A$1"), None);
        assert_eq!(cell_ref(b"12"), None);
    }

    #[test]
    fn merge_cell_tags_in_chunks() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell ref="Z9"</t></is></c></row></sheetData><mergeCells count="3"><mergeCell ref="A1:A3"/><x:mergeCell ref='B2:C2'></x:mergeCell><mergeCell ref="D4"/></mergeCells></worksheet>"#;
        for chunked in [false, true] {
            let reader: Box<dyn Read> = if chunked {
                Box::new(OneByOne(&xml[..]))
            } else {
                Box::new(&xml[..])
            };
            let m = scan_merges(reader).unwrap();
            let got: Vec<_> = m
                .iter()
                .map(|m| (m.first_row, m.last_row, m.first_col, m.last_col))
                .collect();
            assert_eq!(got, vec![(0, 2, 0, 0), (1, 1, 1, 2), (3, 3, 3, 3)]);
        }
    }

    #[test]
    fn an_unreadable_region_means_none() {
        let xml = br#"<mergeCells><mergeCell ref="A1:A3"/><mergeCell ref="A1:?"/></mergeCells>"#;
        assert!(scan_merges(&xml[..]).unwrap().is_empty());
    }

    #[test]
    fn a_quoted_gt_does_not_end_a_tag() {
        let xml = r#"<numFmts><numFmt numFmtId="164" formatCode="[>=100]yyyy-mm-dd"/><numFmt numFmtId='165' formatCode='a>b'/></numFmts>"#;
        let codes: Vec<_> = elements(xml, "numFmt")
            .map(|e| e.attr("formatCode").unwrap())
            .collect();
        assert_eq!(codes, ["[>=100]yyyy-mm-dd", "a>b"]);
    }

    #[test]
    fn attributes_and_entities() {
        let xml = r#"<?xml version="1.0"?><!-- <sheet name="no"/> --><sheets><sheet name="A&amp;B &#x4E00;" sheetId="1" r:id="rId1"/></sheets>"#;
        let sheets: Vec<_> = elements(xml, "sheet").collect();
        assert_eq!(sheets.len(), 1);
        assert_eq!(
            unescape(sheets[0].attr("name").unwrap()).as_deref(),
            Some("A&B 一")
        );
        assert_eq!(sheets[0].attr_local("id"), Some("rId1"));
        assert_eq!(unescape("&bogus;"), None);
        for refused in [
            "&#0;", "&#x0;", "&#X41;", "&#+65;", "&#x+41;", "&#;", "&#65",
        ] {
            assert_eq!(unescape(refused), None, "{refused}");
        }
        assert_eq!(unescape("&#65;&#x42;").as_deref(), Some("AB"));
    }

    #[test]
    fn same_regions_as_calamine() {
        use calamine::Reader;
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let f = Format::new();
        let a = wb.add_worksheet().set_name("交办 & 登记").unwrap();
        a.merge_range(0, 0, 0, 5, "标题", &f).unwrap();
        a.merge_range(3, 2, 7, 2, "县水务局", &f).unwrap();
        a.write(9, 1, "x").unwrap();
        wb.add_worksheet().set_name("空表").unwrap();
        let c = wb.add_worksheet().set_name("<反馈>'s").unwrap();
        c.merge_range(1, 27, 2, 30, "y", &f).unwrap();
        let bytes = wb.save_to_buffer().unwrap();

        let mut fast = XlsxPackage::open(&bytes).expect("structure read");
        let mut slow: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(&bytes[..])).unwrap();
        let mut total = 0;
        for name in slow.sheet_names() {
            let want: Vec<_> = slow
                .merge_cells_by_sheet_name(&name)
                .unwrap()
                .into_iter()
                .map(|d| (d.start.0, d.end.0, d.start.1, d.end.1))
                .collect();
            let got: Vec<_> = fast
                .merges(&name)
                .expect("sheet found")
                .into_iter()
                .map(|m| (m.first_row, m.last_row, m.first_col, m.last_col))
                .collect();
            assert_eq!(got, want, "{name}");
            total += got.len();
        }
        assert_eq!(total, 3);
        assert!(fast.merges("no such sheet").is_none());
    }

    /// A reader handing out one byte at a time.
    struct OneByOne<'b>(&'b [u8]);

    impl Read for OneByOne<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(out)) => {
                    *out = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }
}
