//! Header rows: recognising column names (SPEC §2's alias table, Simplified or
//! Traditional, decorated with `*`, colons or bracketed notes), finding the
//! header row among title rows, and classifying a sheet by what it holds.

use super::cell::Cell;
use crate::model::SheetKind;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A recognised column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    CaseId,
    Source,
    Content,
    AssignedAt,
    Unit,
    AssistUnit,
    Urgency,
    DueAt,
    Contact,
    Phone,
    ReplyUnit,
    RepliedAt,
    Status,
    ReplyContent,
    Satisfaction,
    UnitName,
    Group,
    Alias,
}

impl Field {
    /// Every field, in a fixed order.
    pub const ALL: [Field; 18] = [
        Field::CaseId,
        Field::Source,
        Field::Content,
        Field::AssignedAt,
        Field::Unit,
        Field::AssistUnit,
        Field::Urgency,
        Field::DueAt,
        Field::Contact,
        Field::Phone,
        Field::ReplyUnit,
        Field::RepliedAt,
        Field::Status,
        Field::ReplyContent,
        Field::Satisfaction,
        Field::UnitName,
        Field::Group,
        Field::Alias,
    ];

    /// The canonical Chinese column name.
    pub fn canonical(self) -> &'static str {
        self.names()[0]
    }

    /// The canonical name first, then the aliases (Simplified; Traditional
    /// forms are matched by folding them to Simplified).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::CaseId => &[
                "事项编号",
                "编号",
                "交办单号",
                "交办编号",
                "工单号",
                "工单编号",
                "受理编号",
                "件号",
            ],
            Field::Source => &["来源", "事项来源", "来源渠道", "渠道"],
            Field::Content => &["事项内容", "内容", "诉求内容", "标题", "事项标题", "摘要"],
            Field::AssignedAt => &[
                "交办时间",
                "交办日期",
                "派单时间",
                "转办时间",
                "交办时刻",
                "派单时刻",
            ],
            Field::Unit => &[
                "承办单位",
                "责任单位",
                "主办单位",
                "办理单位",
                "承办部门",
                "责任部门",
            ],
            Field::AssistUnit => &["协办单位", "配合单位"],
            Field::Urgency => &["紧急程度", "缓急程度", "办理类型"],
            Field::DueAt => &[
                "办理时限",
                "反馈时限",
                "要求反馈时间",
                "要求办结时间",
                "截止时间",
            ],
            Field::Contact => &["联系人", "诉求人", "来电人", "反映人"],
            Field::Phone => &["联系电话", "电话", "来电号码", "手机号"],
            Field::ReplyUnit => &["反馈单位", "回复单位"],
            Field::RepliedAt => &[
                "反馈时间",
                "回复时间",
                "反馈日期",
                "答复时间",
                "反馈时刻",
                "回复时刻",
            ],
            Field::Status => &["办理状态", "办理结果", "状态", "办结情况"],
            Field::ReplyContent => &["反馈内容", "回复内容", "办理情况"],
            Field::Satisfaction => &["回访结果", "满意度", "群众满意度"],
            Field::UnitName => &["单位名称", "单位全称"],
            Field::Group => &["分组", "类别", "单位类别", "单位类型"],
            Field::Alias => &["别名", "简称"],
        }
    }
}

/// A header cell's text with decoration removed: NFKC, every whitespace,
/// bracketed notes (`(必填)`, `（必填）`, `【…】`, `[…]`), trailing `*`, `:`, `：`,
/// then Traditional folded to Simplified.
pub fn normalise_header(raw: &str) -> String {
    let compact = crate::text::compact(raw);
    let mut out = String::with_capacity(compact.len());
    let mut depth = 0usize;
    for c in compact.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let trimmed = out
        .trim_start_matches('*')
        .trim_end_matches(['*', ':', '：', '*']);
    crate::text::simplified(trimmed)
}

fn alias_table() -> &'static HashMap<&'static str, Field> {
    static TABLE: OnceLock<HashMap<&'static str, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for field in Field::ALL {
            for name in field.names() {
                map.insert(*name, field);
            }
        }
        map
    })
}

/// The field a header cell names, if any.
pub fn recognise(raw: &str) -> Option<Field> {
    alias_table().get(normalise_header(raw).as_str()).copied()
}

/// The columns of a header row: for each field, the column that holds it.
/// (An array indexed by field: normalisation looks columns up for every cell.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    map: [Option<usize>; Field::ALL.len()],
    /// Another column naming the same field, if any (交办日期 beside 交办时刻).
    second: [Option<usize>; Field::ALL.len()],
}

impl Columns {
    /// Maps a header row. When two columns name the same field, the one using
    /// the canonical name wins, else the leftmost.
    pub fn from_header(cells: &[Cell]) -> Self {
        let mut map: HashMap<Field, (usize, bool)> = HashMap::new();
        let mut named: HashMap<Field, Vec<usize>> = HashMap::new();
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.text();
            let Some(field) = recognise(&text) else {
                continue;
            };
            named.entry(field).or_default().push(i);
            let is_canonical = normalise_header(&text) == field.canonical();
            match map.get(&field) {
                Some((_, true)) => {}
                Some((_, false)) if !is_canonical => {}
                _ => {
                    map.insert(field, (i, is_canonical));
                }
            }
        }
        let mut columns = Columns::default();
        for (field, (i, _)) in map {
            columns.map[field as usize] = Some(i);
            columns.second[field as usize] = named[&field].iter().copied().find(|&c| c != i);
        }
        columns
    }

    /// Another column naming `field` than [`Columns::get`]'s: where a date
    /// and a time of day are kept apart (交办日期 | 交办时刻).
    pub fn second(&self, field: Field) -> Option<usize> {
        self.second[field as usize]
    }

    /// The column index of `field`.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.map[field as usize]
    }

    /// Whether the header has `field`.
    pub fn has(&self, field: Field) -> bool {
        self.map[field as usize].is_some()
    }

    /// How many fields were recognised.
    pub fn len(&self) -> usize {
        self.map.iter().flatten().count()
    }

    /// Whether nothing was recognised.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kind of sheet these columns make. In a reply sheet, 承办单位 means
    /// 反馈单位: the mapping is moved over.
    pub fn classify(&mut self) -> SheetKind {
        let has = |f: Field| self.map[f as usize].is_some();
        let intake = has(Field::CaseId) && has(Field::AssignedAt) && has(Field::Unit);
        let reply = has(Field::CaseId) && has(Field::RepliedAt);
        let units = has(Field::UnitName) && has(Field::Group);
        match (intake, reply) {
            (true, true) => SheetKind::Combined,
            (true, false) => SheetKind::Intake,
            (false, true) => {
                if !has(Field::ReplyUnit) {
                    if let Some(col) = self.map[Field::Unit as usize].take() {
                        self.map[Field::ReplyUnit as usize] = Some(col);
                    }
                }
                SheetKind::Reply
            }
            (false, false) if units => SheetKind::Units,
            _ => SheetKind::Skipped,
        }
    }
}

/// The header row: the first of the first [`HEADER_SEARCH_ROWS`] rows with at
/// least two recognised column names. Returns its index in `rows`.
pub fn find_header_row(rows: &[Vec<Cell>]) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|row| {
        row.iter()
            .filter(|c| recognise(&c.text()).is_some())
            .count()
            >= 2
    })
}

/// The second row of a two-row header: a row below the header whose cells
/// name fields under group titles (交办情况 over 交办时间 | 承办单位). It names
/// at least one field in a column where the row above names none, and holds
/// nothing but field names and the row above's own cells (filled down from
/// vertically merged titles). A data row holds values: an ID, a date, a
/// unit — even when one of them (电话, 内容) happens to be a column name.
pub fn is_header_continuation(header: &[Cell], next: &[Cell]) -> bool {
    let names_new_field = next.iter().enumerate().any(|(c, cell)| {
        recognise(&cell.text()).is_some()
            && header
                .get(c)
                .is_none_or(|above| recognise(&above.text()).is_none())
    });
    let only_names = next.iter().enumerate().all(|(c, cell)| {
        cell.is_blank()
            || (matches!(cell, Cell::Text(_))
                && (recognise(&cell.text()).is_some() || header.get(c) == Some(cell)))
    });
    names_new_field && only_names
}

/// A two-row header as one: in each column, the lower row's field name, else
/// the upper row's cell.
pub fn combine_header_rows(upper: &[Cell], lower: &[Cell]) -> Vec<Cell> {
    (0..upper.len().max(lower.len()))
        .map(|c| match lower.get(c) {
            Some(cell) if recognise(&cell.text()).is_some() => cell.clone(),
            _ => upper.get(c).cloned().unwrap_or(Cell::Empty),
        })
        .collect()
}

/// Whether a row is a footer: its first non-empty cell starts with one of
/// [`FOOTER_MARKS`] (合计, 制表, 负责人 …; Traditional forms too).
pub fn is_footer(cells: &[Cell]) -> bool {
    let Some(first) = cells.iter().find(|c| !c.is_blank()) else {
        return false;
    };
    let Cell::Text(text) = first else {
        return false;
    };
    let key = key_head(text, FOOTER_MARK_CHARS + 1);
    FOOTER_MARKS.iter().any(|m| key.starts_with(m))
}

/// SPEC's footer words, and those analysts meet at the foot of exports too
/// (共计 6件, 累计, 填报单位：…, 填表人, 负责人：…).
const FOOTER_MARKS: [&str; 12] = [
    "合计",
    "总计",
    "小计",
    "制表",
    "审核",
    "备注",
    "说明",
    "共计",
    "累计",
    "填报",
    "填表",
    "负责人",
];
const FOOTER_MARK_CHARS: usize = 3;

/// The first `n - 1` characters of `crate::text::key(s)` (and more), without
/// normalising the whole cell: NFKC is streamed, and Traditional-to-Simplified
/// folding maps one character to one, looking one character ahead.
fn key_head(s: &str, n: usize) -> String {
    let head: String = s
        .nfkc()
        .filter(|c| !crate::text::is_blank_char(*c))
        .take(n)
        .collect();
    crate::text::simplified(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorations_are_removed() {
        assert_eq!(normalise_header(" 交办时间（必填）"), "交办时间");
        assert_eq!(normalise_header("事项编号*"), "事项编号");
        assert_eq!(normalise_header("承办单位："), "承办单位");
        assert_eq!(
            normalise_header("反馈\u{3000}时间 (yyyy-mm-dd)"),
            "反馈时间"
        );
        assert_eq!(recognise("事項編號"), Some(Field::CaseId));
        assert_eq!(recognise("承辦單位"), Some(Field::Unit));
        assert_eq!(recognise("緊急程度"), Some(Field::Urgency));
        assert_eq!(recognise("序号"), None);
    }

    #[test]
    fn fields_index_columns_in_order() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
        }
    }

    #[test]
    fn reply_sheet_unit_means_reply_unit() {
        let header: Vec<Cell> = ["事项编号", "办理单位", "反馈时间"]
            .iter()
            .map(|s| Cell::Text((*s).into()))
            .collect();
        let mut cols = Columns::from_header(&header);
        assert_eq!(cols.classify(), SheetKind::Reply);
        assert_eq!(cols.get(Field::ReplyUnit), Some(1));
        assert!(!cols.has(Field::Unit));
    }

    #[test]
    fn canonical_name_beats_alias() {
        let header: Vec<Cell> = ["编号", "事项编号", "交办时间", "承办单位"]
            .iter()
            .map(|s| Cell::Text((*s).into()))
            .collect();
        let mut cols = Columns::from_header(&header);
        assert_eq!(cols.get(Field::CaseId), Some(1));
        assert_eq!(cols.classify(), SheetKind::Intake);
    }

    #[test]
    fn footer_key_head_is_the_start_of_the_key() {
        for s in [
            " 合計：12件",
            "\u{3000}總計",
            "小 計",
            "製表人：張三",
            "审核",
            "備註",
            "說明：本表",
            "合",
            "計合",
            "ＡＢＣ合计",
            "LT2017-0001",
            "後臺髮",
            "",
        ] {
            let key = crate::text::key(s);
            let head = key_head(s, FOOTER_MARK_CHARS + 1);
            let n = FOOTER_MARK_CHARS;
            assert_eq!(
                head.chars().take(n).collect::<String>(),
                key.chars().take(n).collect::<String>(),
                "{s}"
            );
            for m in FOOTER_MARKS {
                assert_eq!(head.starts_with(m), key.starts_with(m), "{s}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn footer_key_head_agrees_with_the_key(
            s in "[合計计總总小製制審审核備备註注說说明表后後臺台髮发 \u{3000}\u{200B}ＡA1：:（）]{0,8}"
        ) {
            let key = crate::text::key(&s);
            let head = key_head(&s, FOOTER_MARK_CHARS + 1);
            for m in FOOTER_MARKS {
                proptest::prop_assert_eq!(head.starts_with(m), key.starts_with(m));
            }
        }
    }

    #[test]
    fn footers() {
        assert!(is_footer(&[Cell::Empty, Cell::Text("合計：12件".into())]));
        assert!(is_footer(&[Cell::Text(" 制表：张三".into())]));
        for text in [
            "共计 6件",
            "负责人：李四",
            "負責人：李四",
            "填报单位：蓝田县督查室",
        ] {
            assert!(is_footer(&[Cell::Text(text.into())]), "{text}");
        }
        assert!(!is_footer(&[Cell::Text("负责".into())]));
        assert!(!is_footer(&[
            Cell::Text("LT-001".into()),
            Cell::Text("合计".into())
        ]));
    }
}
