//! The workbook-wide tables a sheet's cells refer to: shared strings, and the
//! cell styles whose number formats make numbers dates (calamine's rules).

use super::super::workbook::StyleFormat;
use super::super::xlsx_package::{elements, unescape};
use super::markup::{parse_digits, rich_text, start_tag, tag_end};
use memchr::memmem;
use std::collections::HashMap;
use std::sync::Arc;

/// What a number under a style is, as calamine's `CellFormat`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// One cell style (`cellXfs` entry): how calamine types its numbers, and
/// how mashang shows them (see [`StyleFormat`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Style {
    pub(super) kind: NumberKind,
    pub(super) format: StyleFormat,
}

/// The shared strings part: every `<si>` item's text, in order.
pub(super) fn shared_strings(xml: &str) -> Option<Vec<Arc<str>>> {
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
    // calamine reads the items up to the (first) end of `<sst>`.
    let bytes = &bytes[..start + memmem::find(&bytes[start..], b"</sst>")?];
    let open = memmem::Finder::new(b"<si");
    let close = memmem::Finder::new(b"</si>");
    let mut pos = start;
    while let Some(i) = open.find(&bytes[pos..]) {
        let tag = &bytes[pos + i + 1..];
        let attrs = start_tag(tag, b"si")?;
        let (attrs_end, empty) = tag_end(attrs)?;
        let body = pos + i + 3 + attrs_end + 1;
        if empty {
            strings.push(Arc::from(""));
            pos = body;
            continue;
        }
        let end = body + close.find(&bytes[body..])?;
        // An end tag written `</si >` would have been passed over.
        if memmem::find(&bytes[body..end], b"</si").is_some() {
            return None;
        }
        strings.push(Arc::from(rich_text(&bytes[body..end])?));
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
pub(super) fn styles(xml: &str) -> Option<Vec<Style>> {
    if xml.contains("<!--") || !well_formed(xml) {
        return None;
    }
    // calamine reads the part in one pass: custom formats defined after the
    // cell styles, or sections given twice, are left to it.
    let (formats, cell_styles) = (starts(xml, "numFmts")?, starts(xml, "cellXfs")?);
    if formats.len() > 1
        || cell_styles.len() > 1
        || matches!((formats.first(), cell_styles.first()), (Some(f), Some(c)) if f > c)
    {
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
    if !elements(section, "xf").all(|xf| xf.well_formed()) {
        return None;
    }
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
                // A number format only for an id calamine reads as a u32.
                let code = id.and_then(|id| {
                    let n = u32::try_from(parse_digits(id.as_bytes())?).ok()?;
                    Some(match custom.get(id) {
                        Some(code) => code.as_str(),
                        None => builtin_code(n).unwrap_or("General"),
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

/// quick-xml set up as calamine sets it up (`xml_reader` in its xlsx module).
pub(super) fn calamine_reader(xml: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// Whether a small part is well-formed as calamine's quick-xml reads it,
/// through to its end.
pub(super) fn well_formed(xml: &str) -> bool {
    use quick_xml::events::Event;
    let mut reader = calamine_reader(xml.as_bytes());
    let mut started = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => started = true,
            Ok(Event::Eof) => return started,
            Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// calamine's `detect_custom_number_format`: whether a custom format code
/// makes numbers dates (or durations).
pub(super) fn custom_number_kind(format: &str) -> NumberKind {
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
            ('[', ..) => brackets = brackets.saturating_add(1),
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
pub(super) fn builtin_number_kind(id: &str) -> NumberKind {
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
pub(super) fn builtin_code(id: u32) -> Option<&'static str> {
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

/// The start tags named `local` (any prefix): where each begins, where its
/// content begins, its prefix, whether it closes itself. One pass; `None` on a
/// tag this reader cannot delimit.
fn start_tags<'x>(xml: &'x str, local: &str) -> Option<Vec<(usize, usize, &'x str, bool)>> {
    let bytes = xml.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[pos..]) {
        pos += lt + 1;
        let tag = &bytes[pos..];
        let Some(name_len) = tag
            .iter()
            .take(64)
            .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n' | b'<'))
        else {
            continue;
        };
        let prefix = match tag[..name_len].strip_suffix(local.as_bytes()) {
            Some(p) if p.is_empty() || p.ends_with(b":") => p,
            _ => continue,
        };
        let (gt, empty) = tag_end(&tag[name_len..])?;
        let prefix = std::str::from_utf8(prefix).ok()?;
        out.push((pos - 1, pos + name_len + gt + 1, prefix, empty));
    }
    Some(out)
}

/// Where the start tags named `local` begin.
fn starts(xml: &str, local: &str) -> Option<Vec<usize>> {
    Some(start_tags(xml, local)?.into_iter().map(|t| t.0).collect())
}

/// The text inside the first element named `local` (any prefix, as calamine
/// matches local names); `None` when there is none or it is empty.
pub(super) fn section<'x>(xml: &'x str, local: &str) -> Option<&'x str> {
    let &(_, body, prefix, empty) = start_tags(xml, local)?.first()?;
    if empty {
        return None;
    }
    let close = body + xml[body..].find(&format!("</{prefix}{local}>"))?;
    Some(&xml[body..close])
}
