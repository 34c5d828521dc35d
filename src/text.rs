//! Text normalisation shared by every stage: NFKC, whitespace and invisible
//! characters removed, Traditional characters folded to Simplified.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Whether `c` is whitespace or an invisible formatting character
/// (zero-width space, BOM, word joiner …) that exports leave in cells.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// NFKC, then every whitespace and invisible character removed.
pub fn compact(s: &str) -> String {
    compacted(s).into_owned()
}

/// [`compact`], borrowing `s` when it is compact already.
pub fn compacted(s: &str) -> Cow<'_, str> {
    if !is_nfkc(s) {
        return s.nfkc().filter(|c| !is_blank_char(*c)).collect();
    }
    if s.chars().any(is_blank_char) {
        return s.chars().filter(|c| !is_blank_char(*c)).collect();
    }
    Cow::Borrowed(s)
}

/// NFKC with surrounding whitespace trimmed and inner whitespace runs collapsed
/// to one space (for codes and date-times: full-width digits become ASCII).
pub fn tidy(s: &str) -> String {
    if is_nfkc(s) {
        return tidy_text(s);
    }
    collapse_spaces(s.nfkc(), s.len())
}

/// Free text such as 事项内容: whitespace trimmed and runs collapsed, but the
/// characters kept as written (full-width punctuation stays full-width).
pub fn tidy_text(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_owned();
    }
    collapse_spaces(s.chars(), s.len())
}

/// Whether NFKC leaves `s` as it is, as far as the quick check can tell
/// (ASCII always; most Chinese text too).
fn is_nfkc(s: &str) -> bool {
    s.is_ascii()
        || unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Whether [`collapse_spaces`] would return `s` unchanged: no blank character
/// but single spaces between other characters.
fn is_collapsed(s: &str) -> bool {
    let mut after_space = true;
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if is_blank_char(c) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || s.is_empty()
}

fn collapse_spaces(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if is_blank_char(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A coded value (来源, 紧急程度, 办理状态 …): read like a unit name, with
/// no whitespace at all — forms pad two-character words (`特　急`), and a
/// rule comparing with "特急" must still match. See [`key`].
pub fn code(s: &str) -> String {
    key(s)
}

/// Traditional characters folded to Simplified, variant forms included
/// (see [`fold_variants`]).
pub fn simplified(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    remembered(&FOLDED, s, |s| fold_variants(fast2s::convert(s)))
}

/// What `fast2s` leaves alone: the variant forms 羣 and 衆/眾 (群, 众), and
/// 覆 in 回覆/答覆 (回复, 答复; 覆 alone is Simplified too, as in 覆盖); and
/// what it folds to an older form: 諮 to 谘, where today's standard writes 咨.
fn fold_variants(s: String) -> String {
    if !s.contains(['羣', '衆', '眾', '覆', '谘']) {
        return s;
    }
    s.replace(['羣'], "群")
        .replace(['衆', '眾'], "众")
        .replace("回覆", "回复")
        .replace("答覆", "答复")
        .replace('谘', "咨")
}

/// The key a unit name or a header is matched by: [`compact`], then [`simplified`].
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        return compact(s);
    }
    remembered(&KEYS, s, |s| simplified(&compact(s)))
}

/// `f(s)`, remembered per thread for short texts: codes and unit names are
/// short and repeat on every row.
fn remembered(
    memo: &'static std::thread::LocalKey<std::cell::RefCell<Memo>>,
    s: &str,
    f: impl FnOnce(&str) -> String,
) -> String {
    if s.len() > SHORT {
        return f(s);
    }
    memo.with_borrow_mut(|memo| {
        if let Some(v) = memo.get(s) {
            return v.to_string();
        }
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        let v = f(s);
        memo.insert(s.into(), v.as_str().into());
        v
    })
}

/// Texts up to this many bytes are remembered by [`simplified`], [`key`] and [`code`].
const SHORT: usize = 64;
/// How many texts each thread remembers before starting over.
const REMEMBERED: usize = 4096;

/// The text of a file an analyst edited (a rules script, a calendar file):
/// UTF-8 (BOM stripped), else GB18030, as Notepad on a Chinese Windows saves it.
pub fn decode_edited(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

type Memo = foldhash::HashMap<Box<str>, Box<str>>;

thread_local! {
    static FOLDED: std::cell::RefCell<Memo> = std::cell::RefCell::default();
    static KEYS: std::cell::RefCell<Memo> = std::cell::RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_removes_all_kinds_of_space() {
        assert_eq!(compact(" 事项\u{3000}编号\u{200B} "), "事项编号");
        assert_eq!(compact("２０１７"), "2017");
    }

    #[test]
    fn tidy_collapses_runs() {
        assert_eq!(tidy("  道路\n\n 破损  "), "道路 破损");
        assert_eq!(tidy("１２"), "12");
        assert_eq!(tidy_text(" 塌陷，过往\u{3000}车辆 "), "塌陷，过往 车辆");
    }

    #[test]
    fn ascii_takes_the_short_way_to_the_same_result() {
        for s in [" LT-2017 0001\t", "a\u{0b}b", "", "  ", "Ab  c"] {
            assert_eq!(
                compact(s),
                s.nfkc().filter(|c| !is_blank_char(*c)).collect::<String>()
            );
            assert_eq!(tidy(s), slow_tidy(s));
            assert_eq!(simplified(s), fast2s::convert(s));
        }
    }

    #[test]
    fn remembered_folds_are_the_same_folds() {
        for _ in 0..2 {
            assert_eq!(simplified("辦結"), "办结");
            assert_eq!(simplified("藍田縣公安局"), "蓝田县公安局");
        }
        let long = "縣".repeat(30);
        assert_eq!(simplified(&long), "县".repeat(30));
    }

    #[test]
    fn remembered_keys_are_the_keys() {
        let names = ["國土資源局", " 县　公安局 ", "ＬＴ鎮", "蓝田县"];
        for round in 0..3 {
            for n in names {
                assert_eq!(key(n), simplified(&compact(n)), "round {round}: {n}");
            }
            // Past the memo's size it starts over and stays right.
            for i in 0..REMEMBERED + 1 {
                assert_eq!(key(&format!("鎮{i}")), format!("镇{i}"));
            }
        }
    }

    #[test]
    fn key_folds_traditional() {
        assert_eq!(key("藍田縣 公安局"), "蓝田县公安局");
        assert_eq!(key("事項編號"), "事项编号");
    }

    #[test]
    fn variant_forms_fold_too() {
        assert_eq!(simplified("回覆單位"), "回复单位");
        assert_eq!(simplified("答覆時間"), "答复时间");
        assert_eq!(simplified("羣衆滿意度"), "群众满意度");
        assert_eq!(simplified("羣眾來電"), "群众来电");
        assert_eq!(simplified("群眾諮詢"), "群众咨询");
        // 覆 alone is Simplified as well.
        assert_eq!(simplified("覆盖"), "覆盖");
    }

    /// The definitions the fast paths must agree with.
    fn slow_compact(s: &str) -> String {
        s.nfkc().filter(|c| !is_blank_char(*c)).collect()
    }
    fn slow_tidy(s: &str) -> String {
        collapse_spaces(s.nfkc(), 0)
    }
    fn slow_tidy_text(s: &str) -> String {
        collapse_spaces(s.chars(), 0)
    }

    #[test]
    fn clean_texts_come_back_as_they_are() {
        for s in ["蓝田县公安局", "道路 破损", "LT-2017-0001", ""] {
            assert_eq!(tidy_text(s), s);
            assert_eq!(tidy(s), s);
        }
        assert_eq!(compact("蓝田县公安局"), "蓝田县公安局");
        // Full-width text is not NFKC: it takes the long way.
        assert_eq!(tidy("ＬＴ１２，"), "LT12,");
        assert_eq!(tidy_text(" 塌陷，过往 "), "塌陷，过往");
    }

    #[test]
    fn codes_lose_every_space_and_are_folded() {
        for _ in 0..2 {
            assert_eq!(code(" 已　辦結 "), "已办结");
            assert_eq!(code("特 急"), "特急");
            assert_eq!(code("特急"), "特急");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_definitions(
            s in "[ a-zA-Z0-9\\u{3000}\\u{200B}\\t\\n，。、ＡＢ１２縣县事项\\u{FF0C}\\u{00A0}\\u{0301}é]{0,24}"
        ) {
            proptest::prop_assert_eq!(compact(&s), slow_compact(&s));
            proptest::prop_assert_eq!(tidy(&s), slow_tidy(&s));
            proptest::prop_assert_eq!(tidy_text(&s), slow_tidy_text(&s));
            proptest::prop_assert_eq!(code(&s), simplified(&slow_compact(&s)));
        }
    }
}
