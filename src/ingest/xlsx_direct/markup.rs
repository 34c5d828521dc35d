//! The few XML forms the direct reader accepts — start tags, their
//! attributes, element content without markup — and text as calamine reads it.

use super::super::xlsx_package::unescape;
use memchr::{memchr, memmem};
use std::borrow::Cow;

/// `key="value"` pairs of a start tag's attribute bytes; a `None` key on
/// anything malformed.
pub(super) fn attributes(attrs: &[u8]) -> impl Iterator<Item = (Option<&[u8]>, &[u8])> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        // Plain loops, not memchr: attribute lists are a few bytes long.
        let Some(eq) = rest.iter().position(|&b| b == b'=') else {
            rest = &[];
            return Some((None, &[][..]));
        };
        let key = rest[..eq].trim_ascii_end();
        let after = rest[eq + 1..].trim_ascii_start();
        // A value missing (`t=` at the end) is as malformed as an unquoted one.
        let quote = after.first().copied().unwrap_or(b'=');
        if !matches!(quote, b'"' | b'\'') {
            rest = &[];
            return Some((None, &[][..]));
        }
        let Some(len) = after[1..].iter().position(|&b| b == quote) else {
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

/// Where a start tag's attributes end (the offset of its `>`), and whether
/// it closes itself (`/>`).
pub(super) fn tag_end(attrs: &[u8]) -> Option<(usize, bool)> {
    let gt = memchr(b'>', attrs)?;
    // A `>` or `<` inside a quoted value, or an unclosed quote, would make an
    // XML parser end the tag elsewhere: such a tag is left to calamine. With
    // one kind of quote, an even count means none is left open; both kinds in
    // one tag are left to calamine too. One plain pass: most tags are short.
    let (mut double, mut single) = (0u32, 0u32);
    for &b in &attrs[..gt] {
        match b {
            b'"' => double += 1,
            b'\'' => single += 1,
            b'<' => return None,
            _ => {}
        }
    }
    if double % 2 == 1 || single % 2 == 1 || (double > 0 && single > 0) {
        return None;
    }
    Some((gt, gt > 0 && attrs[gt - 1] == b'/'))
}

/// A run of ASCII digits as a number (leading zeros allowed, as calamine's
/// `atoi`); `None` for anything else or past `u64`.
pub(super) fn parse_digits(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &b| {
        let digit = b.is_ascii_digit().then(|| u64::from(b - b'0'))?;
        n.checked_mul(10)?.checked_add(digit)
    })
}

/// Element text as calamine reads it: line ends normalised (`\r\n`, `\r` →
/// `\n`), then entities resolved; `None` for markup or an unknown entity.
pub(super) fn text(raw: &[u8]) -> Option<String> {
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
pub(super) fn plain_text(raw: &[u8]) -> Option<String> {
    text(raw).map(|t| match unescape_hex(&t) {
        Cow::Borrowed(_) => t,
        Cow::Owned(u) => u,
    })
}

/// calamine's `unescape_xml`: Excel's `_xHHHH_` escapes (UTF-16 code units,
/// how it writes control characters such as `\r`) turned back into
/// characters; a lone surrogate becomes U+FFFD.
pub(super) fn unescape_hex(s: &str) -> Cow<'_, str> {
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

/// The elements a string item may hold besides `<t>` and `<rPh>`: runs, their
/// properties, and the phonetic settings (ECMA-376 §18.4).
const RUN_MARKUP: [&[u8]; 18] = [
    b"r",
    b"rPr",
    b"rFont",
    b"charset",
    b"family",
    b"b",
    b"i",
    b"strike",
    b"outline",
    b"shadow",
    b"condense",
    b"extend",
    b"color",
    b"sz",
    b"u",
    b"vertAlign",
    b"scheme",
    b"phoneticPr",
];

/// The text of a string item (`<si>`, `<is>`): its `<t>` elements joined,
/// phonetic runs (`<rPh>`) left out, each trimmed of ASCII whitespace unless
/// `xml:space="preserve"`; `None` on anything unexpected.
pub(super) fn rich_text(xml: &[u8]) -> Option<String> {
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
            // As calamine's `raw_attr("xml:space")`: the first of that name,
            // and a malformed attribute before it is an error.
            let mut preserve = false;
            for (key, value) in attributes(&attrs[..attrs_end]) {
                if key? == b"xml:space" {
                    preserve = value == b"preserve";
                    break;
                }
            }
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
            // Other markup: runs and their properties, nothing else (a
            // damaged end tag would otherwise swallow the cells after it).
            let tag = tag.strip_prefix(b"/").unwrap_or(tag);
            let name_end = tag
                .iter()
                .take(12)
                .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))?;
            if !RUN_MARKUP.contains(&&tag[..name_end]) {
                return None;
            }
        }
    }
    Some(out)
}

/// If `tag` (the bytes after a `<`) is a start tag named `name`, its
/// attribute bytes onwards.
pub(super) fn start_tag<'x>(tag: &'x [u8], name: &[u8]) -> Option<&'x [u8]> {
    let rest = tag.strip_prefix(name)?;
    matches!(
        rest.first(),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
    )
    .then_some(rest)
}

/// The content of an element up to its end tag `</name>`, and the bytes
/// used including the end tag; `None` if the content holds markup.
pub(super) fn element_content<'x>(xml: &'x [u8], name: &[u8]) -> Option<(&'x [u8], usize)> {
    let lt = memchr(b'<', xml)?;
    let close = &xml[lt..];
    if name == b"is" {
        // Rich text runs: find the end tag, markup inside is read by
        // `rich_text`; one written `</is >` would have been passed over.
        let end = memmem::find(xml, b"</is>")?;
        if memmem::find(&xml[..end], b"</is").is_some() {
            return None;
        }
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
