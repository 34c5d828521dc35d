//! Masking for the 逾期清单 handout: contact names and phone numbers are shown
//! as `苟**` and `138****1234`, and long 事项内容 is cut to a few dozen characters.
//!
//! The judge stage calls these when it fills [`super::model::OverdueRow`]; the
//! writer itself prints what it is given. All three work on characters, never
//! bytes, and are idempotent: masking an already masked value changes nothing.

/// How many characters of 事项内容 the 逾期清单 shows (the ellipsis included).
pub const CONTENT_MAX_CHARS: usize = 30;

/// Separators between several names or numbers in one cell.
fn is_list_separator(c: char) -> bool {
    matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '／' | '\n' | '\r')
}

/// Masks a person's name, keeping its first character: `苟小平` → `苟**`,
/// `王五` → `王*`. A one-character name becomes `*`. Several names in one cell
/// (`苟小平、李四`) are masked one by one and the separators kept; surrounding
/// whitespace is trimmed and an empty value stays empty.
pub fn mask_name(name: &str) -> String {
    map_list(name.trim(), mask_one_name)
}

fn mask_one_name(name: &str) -> String {
    let name = name.trim();
    let mut chars = name.chars().filter(|c| !c.is_whitespace());
    match (chars.next(), chars.clone().count()) {
        (None, _) => String::new(),
        (Some(_), 0) => "*".to_owned(),
        (Some(first), rest) => {
            let mut out = String::with_capacity(first.len_utf8() + rest);
            out.push(first);
            out.extend(std::iter::repeat_n('*', rest));
            out
        }
    }
}

/// Masks a phone number, keeping the prefix a reader needs (the mobile
/// network prefix, the area code, a `+86`) and the last four digits:
/// `13812341234` → `138****1234`, `029-82661234` → `029-****1234`,
/// `+86 138 1234 1234` → `+86 138 **** 1234`. Separators and spacing are
/// kept in place. Short service numbers (12345, 110: five digits or fewer)
/// are public and shown as they are; a value with no digits, or one already
/// masked (containing `*`), is returned unchanged. Several numbers in one cell
/// (`138…/029-…`) are masked one by one.
pub fn mask_phone(phone: &str) -> String {
    map_list(phone.trim(), mask_one_phone)
}

fn mask_one_phone(phone: &str) -> String {
    if phone.contains('*') {
        return phone.to_owned();
    }
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if n <= 5 {
        return phone.to_owned();
    }
    let keep_front = visible_prefix(phone, &digits).min(n.saturating_sub(5));
    let keep_back = 4;
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            let i = seen;
            seen += 1;
            if i < keep_front || i >= n - keep_back {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// How many leading digits stay visible: a country code 86, then the mobile
/// prefix (3 digits) or the area code (as written before a separator, else
/// 3 digits for 010/02x and 4 for other 0xxx codes).
fn visible_prefix(phone: &str, digits: &[char]) -> usize {
    let n = digits.len();
    let country = if n >= 12 && digits.starts_with(&['8', '6']) {
        2
    } else {
        0
    };
    let rest = &digits[country..];
    if rest.first() == Some(&'1') && rest.len() == 11 {
        return country + 3;
    }
    if rest.first() != Some(&'0') {
        return country;
    }
    // The area code as written: the first digit group (after any country code).
    let groups: Vec<usize> = phone
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    let first_area_group = if country == 2 && groups.first() == Some(&2) {
        groups.get(1)
    } else {
        groups.first()
    };
    match first_area_group {
        Some(&len @ 3..=4) if len < rest.len() => country + len,
        _ if matches!(rest.get(1), Some('1' | '2')) => country + 3,
        _ => country + 4,
    }
}

/// Applies `f` to each item of a separated list, keeping the separators.
fn map_list(text: &str, f: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut item = String::new();
    for c in text.chars() {
        if is_list_separator(c) {
            out.push_str(&f(&item));
            out.push(c);
            item.clear();
        } else {
            item.push(c);
        }
    }
    out.push_str(&f(&item));
    out
}

/// Shortens text for a one-line list: runs of whitespace (line breaks, U+3000
/// included) become one space, and text longer than `max_chars` characters is
/// cut at a character boundary and ends with `…` (so the result has at most
/// `max_chars` characters). `max_chars == 0` gives an empty string.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    if max_chars == 0 {
        return String::new();
    }
    let mut out: String = collapsed.chars().take(max_chars - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_first_character() {
        assert_eq!(mask_name("苟小平"), "苟**");
        assert_eq!(mask_name("王五"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("王"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("  "), "");
        assert_eq!(mask_name(" 苟小平 "), "苟**");
        assert_eq!(mask_name("苟小平、李四"), "苟**、李*");
    }

    #[test]
    fn masking_is_idempotent() {
        for name in ["苟小平", "王", "苟小平、李四"] {
            let once = mask_name(name);
            assert_eq!(mask_name(&once), once);
        }
        for phone in ["13812341234", "029-82661234", "+86 138 1234 1234", "12345"] {
            let once = mask_phone(phone);
            assert_eq!(mask_phone(&once), once);
        }
    }

    #[test]
    fn mobile_numbers_keep_prefix_and_last_four() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("138 1234 1234"), "138 **** 1234");
        assert_eq!(mask_phone("+86 138 1234 1234"), "+86 138 **** 1234");
        assert_eq!(mask_phone("8613812341234"), "86138****1234");
    }

    #[test]
    fn landlines_keep_the_area_code() {
        assert_eq!(mask_phone("029-82661234"), "029-****1234");
        assert_eq!(mask_phone("(029)82661234"), "(029)****1234");
        assert_eq!(mask_phone("02982661234"), "029****1234");
        assert_eq!(mask_phone("0915-3221234"), "0915-***1234");
        assert_eq!(mask_phone("09153221234"), "0915***1234");
        assert_eq!(mask_phone("010-12345678"), "010-****5678");
        assert_eq!(mask_phone("82661234"), "****1234");
    }

    #[test]
    fn short_empty_and_odd_values() {
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("12345"), "12345");
        assert_eq!(mask_phone("无"), "无");
        assert_eq!(mask_phone("661234"), "**1234");
        assert_eq!(
            mask_phone("13812341234/029-82661234"),
            "138****1234/029-****1234"
        );
    }

    #[test]
    fn shorten_cuts_at_characters() {
        assert_eq!(shorten("县城东关路段路灯不亮", 5), "县城东关…");
        assert_eq!(shorten("县城东关路", 5), "县城东关路");
        assert_eq!(shorten("路灯\n不亮　请\t修", 20), "路灯 不亮 请 修");
        assert_eq!(shorten("", 5), "");
        assert_eq!(shorten("abc", 0), "");
        assert_eq!(shorten("ab cdef", 4), "ab…");
        let cut = shorten(&"马".repeat(100), CONTENT_MAX_CHARS);
        assert_eq!(cut.chars().count(), CONTENT_MAX_CHARS);
        assert!(cut.ends_with('…'));
    }
}
