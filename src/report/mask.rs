//! Masking for the 逾期清单 handout: names and phone numbers of citizens are
//! not shown in full at meetings; long 事项内容 is shortened.

/// `苟小平` → `苟**`: the first character, then one `*` per remaining character.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// `13812341234` → `138****1234`; other numbers keep their first three and last
/// four digits when long enough, else all but the last two digits are masked.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return chars.iter().collect();
    }
    let (keep_head, keep_tail) = if digits >= 11 { (3, 4) } else if digits >= 7 { (3, 4.min(digits - 3)) } else { (0, 2.min(digits)) };
    let mut seen = 0;
    chars
        .iter()
        .map(|&c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen > digits - keep_tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Shortens text to at most `max` characters, ending with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_name("苟小平"), "苟**");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("029-82661234"), "029-****1234");
        assert_eq!(shorten("一二三四五", 3), "一二…");
        assert_eq!(shorten("一二", 3), "一二");
    }
}
