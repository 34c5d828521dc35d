//! Intake rows into cases: 事项编号, 交办时间 and units required; text fields
//! tidied; overlapping exports deduplicated by comparing the parsed fields —
//! identical rows are dropped, a conflicting later row wins and is listed.

use super::datetime::{parse_cell, parse_cells, DateError};
use super::ledger::{Ledger, RowId};
use super::units::{default_roles, split_units, Directory};
use crate::ingest::cell::Cell;
use crate::ingest::header::Field;
use crate::ingest::{DataRow, SheetData};
use crate::model::{AnomalyKind, Case, CaseUnits, Role, UnitRole};
use chrono::NaiveDateTime;
use compact_str::CompactString;
use std::collections::HashMap;

/// A case as one row states it; `None` in `present` means the sheet has no
/// such column (unknown, not blank), so it neither conflicts nor overrides.
#[derive(Clone, Debug, PartialEq)]
struct Stated {
    source: Option<Option<String>>,
    content: Option<Option<String>>,
    urgency: Option<Option<String>>,
    explicit_due: Option<Option<NaiveDateTime>>,
    contact: Option<Option<String>>,
    phone: Option<Option<String>>,
}

/// Cases by 事项编号, with the row that currently defines each.
#[derive(Default)]
pub struct CaseBook {
    pub cases: Vec<Case>,
    /// Cases by 事项编号, held inline (ids are short): a lookup reads one
    /// slot of the table rather than a slot and the id it points to.
    index: foldhash::HashMap<CompactString, usize>,
    /// Which optional columns have been stated for each case ([`Stated::mask`]):
    /// where a bit is set the case holds the stated value, so that is what a
    /// later row is compared with.
    stated: Vec<u8>,
    rows: Vec<RowId>,
    /// The rows after the first of a case defined by a merged 事项编号, by case.
    followers: HashMap<usize, Vec<RowId>>,
    /// 事项编号 of intake rows that were rejected (to explain unmatched replies).
    pub rejected_ids: HashMap<String, RowId>,
}

impl Stated {
    const SOURCE: u8 = 1;
    const CONTENT: u8 = 2;
    const URGENCY: u8 = 4;
    const DUE: u8 = 8;
    const CONTACT: u8 = 16;
    const PHONE: u8 = 32;

    /// The columns the row has, as bits.
    fn mask(&self) -> u8 {
        [
            (self.source.is_some(), Stated::SOURCE),
            (self.content.is_some(), Stated::CONTENT),
            (self.urgency.is_some(), Stated::URGENCY),
            (self.explicit_due.is_some(), Stated::DUE),
            (self.contact.is_some(), Stated::CONTACT),
            (self.phone.is_some(), Stated::PHONE),
        ]
        .iter()
        .filter(|(stated, _)| *stated)
        .fold(0, |mask, (_, bit)| mask | bit)
    }
}

impl CaseBook {
    /// A book for up to `rows` intake rows: the lists are reserved once, not
    /// regrown (each regrowth copies every case so far and holds both copies
    /// meanwhile; the unused tail of a reservation is never touched, so costs
    /// no memory). The index grows as it fills: reserved, a hash table's
    /// slots are all touched.
    pub fn with_capacity(rows: usize) -> Self {
        CaseBook {
            cases: Vec::with_capacity(rows),
            index: foldhash::HashMap::default(),
            stated: Vec::with_capacity(rows),
            rows: Vec::with_capacity(rows),
            followers: HashMap::new(),
            rejected_ids: HashMap::new(),
        }
    }

    /// The case with this 事项编号.
    pub fn get(&self, id: &str) -> Option<&Case> {
        self.find(id).map(|(_, case)| case)
    }

    /// The case with this 事项编号 and its index.
    pub fn find(&self, id: &str) -> Option<(usize, &Case)> {
        self.index.get(id).map(|&i| (i, &self.cases[i]))
    }
}

/// The 事项编号 of a cell: NFKC with all whitespace removed (numbers as integers).
pub fn case_id(cell: &Cell) -> Option<String> {
    let id = crate::text::compact(&cell.text());
    (!id.is_empty()).then_some(id)
}

/// Why a 事项编号 cannot be trusted, if so: Excel keeps 15 significant
/// digits, so a longer number has lost its last ones, and an ID shown in
/// scientific notation and saved as text (`2.01701E+11`) has lost more. Cases
/// that differ only there would be taken for one.
pub fn damaged_case_id(cell: &Cell) -> Option<String> {
    const ADVICE: &str = "无法确定是哪个事项；请在导出或另存前把该列设为文本格式";
    match cell {
        Cell::Number(n) if truncated(*n) => Some(format!(
            "事项编号 {} 超过 15 位数字，Excel 只保留 15 位、其余改成 0，{ADVICE}",
            cell.text()
        )),
        Cell::Text(t) if is_scientific(t.trim()) => Some(format!(
            "事项编号“{}”是科学计数法，原编号的位数已丢失，{ADVICE}",
            t.trim()
        )),
        _ => None,
    }
}

/// Whether a number has lost digits: past 2^53 no integer is exact, and
/// Excel keeps 15 significant digits, turning the rest into zeros (a library
/// writing xlsx keeps all 16; those end in another digit).
fn truncated(n: f64) -> bool {
    if n.abs() < 1e15 {
        return false;
    }
    if n.abs() >= 9_007_199_254_740_992.0 || n.fract() != 0.0 {
        return true;
    }
    let digits = (n.abs() as u64).to_string();
    digits[15..].bytes().all(|b| b == b'0')
}

/// Excel's scientific notation: a digit, decimals, `E+` and the exponent
/// (`2.01701E+11`).
fn is_scientific(t: &str) -> bool {
    let Some((mantissa, exponent)) = t.split_once("E+") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, decimals) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    whole.len() == 1 && digits(whole) && digits(decimals) && digits(exponent)
}

/// A free-text cell, whitespace tidied, characters as written; `None` when blank.
pub fn text(cell: &Cell) -> Option<String> {
    let t = crate::text::tidy_text(&cell.text());
    (!t.is_empty()).then_some(t)
}

/// A coded value (来源, 紧急程度, 办理状态): NFKC, tidied, folded to Simplified.
pub fn code(cell: &Cell) -> Option<String> {
    let t = crate::text::code(&cell.text());
    (!t.is_empty()).then_some(t)
}

/// What one intake row states, read without reference to other rows (so
/// rows are parsed in parallel, then added to the book in order).
pub enum Parsed {
    /// The row cannot make a case: the anomaly, with its 事项编号 when known.
    Rejected {
        case_id: Option<String>,
        kind: AnomalyKind,
        msg: String,
    },
    /// A usable row.
    Case(Box<RowCase>),
}

/// A usable intake row.
pub struct RowCase {
    case_id: String,
    assigned_at: NaiveDateTime,
    units: CaseUnits,
    /// Problems that still let the row be used; listed unless the row turns
    /// out to repeat one already seen.
    notes: Vec<(AnomalyKind, String)>,
    stated: Stated,
    /// Its 事项编号 continues a merged cell from the row above ([`DataRow::continues`]).
    continues: bool,
    /// Its 承办单位 cell marks a unit 主办 (`主办：X`).
    lead_marked: bool,
}

/// Parses one intake row; units are placed with the directory's aliases.
pub fn parse(sheet: &SheetData, row: &DataRow, dir: &Directory) -> Parsed {
    let col = |f: Field| sheet.columns.get(f);
    let optional =
        |f: Field, read: fn(&Cell) -> Option<String>| col(f).map(|c| read(row.cell(Some(c))));
    let rejected = |case_id: &str, kind, msg| Parsed::Rejected {
        case_id: Some(case_id.to_owned()),
        kind,
        msg,
    };

    // An error value (#N/A, #REF! …) where a value is required is no value.
    if let Cell::Error(e) = row.cell(col(Field::CaseId)) {
        let msg = format!("事项编号为错误值“{e}”");
        let kind = AnomalyKind::MissingCaseId;
        return Parsed::Rejected {
            case_id: None,
            kind,
            msg,
        };
    }
    if let Some(msg) = damaged_case_id(row.cell(col(Field::CaseId))) {
        let kind = AnomalyKind::DamagedCaseId;
        return Parsed::Rejected {
            case_id: None,
            kind,
            msg,
        };
    }
    let Some(case_id) = case_id(row.cell(col(Field::CaseId))) else {
        return Parsed::Rejected {
            case_id: None,
            kind: AnomalyKind::MissingCaseId,
            msg: "交办记录缺少事项编号".into(),
        };
    };
    let second = sheet
        .columns
        .second(Field::AssignedAt)
        .map(|c| row.cell(Some(c)));
    let assigned_at = match parse_cells(row.cell(col(Field::AssignedAt)), second) {
        Ok(w) => w.or_start_of_day(),
        Err(DateError::Blank) => {
            let msg = "交办记录缺少交办时间".into();
            return rejected(&case_id, AnomalyKind::MissingAssignedAt, msg);
        }
        Err(DateError::Invalid(s)) => {
            let msg = format!("交办时间“{s}”无法识别");
            return rejected(&case_id, AnomalyKind::BadDateTime, msg);
        }
    };
    for (field, name) in [(Field::Unit, "承办单位"), (Field::AssistUnit, "协办单位")] {
        if let Cell::Error(e) = row.cell(col(field)) {
            let msg = format!("{name}为错误值“{e}”");
            return rejected(&case_id, AnomalyKind::MissingUnit, msg);
        }
    }
    let mut named = split_units(&row.cell(col(Field::Unit)).text(), false);
    let lead_marked = named.iter().any(|(_, r)| *r == Some(Role::Lead));
    default_roles(&mut named);
    if named.is_empty() {
        // 协办单位 alone names no unit to lead the case.
        let msg = if col(Field::AssistUnit).is_some_and(|c| !row.cell(Some(c)).is_blank()) {
            "交办记录缺少承办单位（只填了协办单位）"
        } else {
            "交办记录缺少承办单位"
        };
        return rejected(&case_id, AnomalyKind::MissingUnit, msg.into());
    }
    if let Some(c) = col(Field::AssistUnit) {
        for (name, _) in split_units(&row.cell(Some(c)).text(), false) {
            named.push((name, Some(Role::Assist)));
        }
    }
    let mut notes: Vec<(AnomalyKind, String)> = Vec::new();
    let mut units = CaseUnits::new();
    for (name, role) in named {
        let (unit, known) = dir.canonical(name);
        if !known {
            // An unknown name is its own canonical name.
            let msg = format!("单位“{unit}”不在单位名单中（仍参与统计，归入未分组）");
            notes.push((AnomalyKind::UnitNotListed, msg));
        }
        if !units.iter().any(|u| u.unit == unit) {
            units.push(UnitRole {
                unit: unit.into(),
                role: role.unwrap_or(Role::Assist),
            });
        }
    }
    let mut explicit_due = match col(Field::DueAt).map(|c| parse_cell(row.cell(Some(c)))) {
        None => None,
        Some(Ok(w)) => Some(Some(w.or_end_of_day())),
        Some(Err(DateError::Blank)) => Some(None),
        Some(Err(DateError::Invalid(s))) => {
            let msg = format!("办理时限“{s}”无法识别（已按规则时限计算）");
            notes.push((AnomalyKind::BadDateTime, msg));
            Some(None)
        }
    };
    if let Some(Some(due)) = explicit_due {
        if due < assigned_at {
            let msg = format!(
                "办理时限 {} 早于交办时间 {}（已按规则时限计算）",
                due.format("%Y-%m-%d %H:%M:%S"),
                assigned_at.format("%Y-%m-%d %H:%M:%S")
            );
            notes.push((AnomalyKind::DueBeforeAssignment, msg));
            explicit_due = Some(None);
        }
    }
    let stated = Stated {
        source: optional(Field::Source, code),
        content: optional(Field::Content, text),
        urgency: optional(Field::Urgency, code),
        explicit_due,
        contact: optional(Field::Contact, text),
        phone: optional(Field::Phone, |c| {
            let t = crate::text::compact(&c.text());
            (!t.is_empty()).then_some(t)
        }),
    };
    Parsed::Case(Box::new(RowCase {
        case_id,
        assigned_at,
        units,
        notes,
        stated,
        continues: row.continues,
        lead_marked,
    }))
}

/// Intake rows added to the book in order. The rows under one merged
/// 事项编号 (one unit per row) are gathered first and added as one row
/// naming all their units, so that the case and every later export of it
/// compare as a whole.
#[derive(Default)]
pub struct Adder {
    pending: Option<Group>,
}

/// The rows of one merged 事项编号 so far.
struct Group {
    first: RowId,
    /// The first row's case, with the units of the rows after it.
    case: RowCase,
    /// The rows after the first, with the notes each would list.
    rest: Vec<(RowId, Vec<(AnomalyKind, String)>)>,
}

impl Adder {
    /// Adds a parsed row: a new case, a duplicate of a known one, a
    /// conflicting later row that wins, or one more row of the merged
    /// 事项编号 above it.
    pub fn add(&mut self, book: &mut CaseBook, ledger: &Ledger, id: RowId, parsed: Parsed) {
        match parsed {
            Parsed::Case(row) => match &mut self.pending {
                Some(group) if row.continues && group.case.case_id == row.case_id => {
                    group.join(ledger, id, *row);
                }
                _ => {
                    self.finish(book, ledger);
                    self.pending = Some(Group {
                        first: id,
                        case: *row,
                        rest: Vec::new(),
                    });
                }
            },
            Parsed::Rejected {
                case_id: None,
                kind,
                msg,
            } => {
                self.finish(book, ledger);
                ledger.anomaly(id, kind, None, msg);
            }
            Parsed::Rejected {
                case_id: Some(case_id),
                kind,
                msg,
            } => {
                // A rejected row inside a merged 事项编号 leaves the group open.
                if self
                    .pending
                    .as_ref()
                    .is_none_or(|g| g.case.case_id != case_id)
                {
                    self.finish(book, ledger);
                }
                reject(book, ledger, id, &case_id, kind, msg);
            }
        }
    }

    /// Adds the rows still gathered; call once the last row is added.
    pub fn finish(&mut self, book: &mut CaseBook, ledger: &Ledger) {
        if let Some(group) = self.pending.take() {
            add_case(book, ledger, group);
        }
    }
}

impl Group {
    /// One more row of the merged 事项编号: its units join the case's, read as
    /// if the rows' unit cells were one (the first unit 主办 unless a row marks
    /// one); any other field it states differently is listed, the first row's
    /// value kept.
    fn join(&mut self, ledger: &Ledger, id: RowId, row: RowCase) {
        let RowCase {
            assigned_at,
            units,
            mut notes,
            stated,
            lead_marked,
            ..
        } = row;
        let case = &mut self.case;
        if lead_marked && !case.lead_marked {
            for u in &mut case.units {
                u.role = Role::Assist;
            }
            case.lead_marked = true;
        }
        for mut u in units {
            if !lead_marked && u.role == Role::Lead {
                u.role = Role::Assist;
            }
            if !case.units.iter().any(|known| known.unit == u.unit) {
                case.units.push(u);
            }
        }
        let differing = differing_fields(case.assigned_at, &case.stated, assigned_at, &stated);
        if !differing.is_empty() {
            let first = ledger.origin(self.first).row;
            notes.push((
                AnomalyKind::ConflictingDuplicate,
                format!(
                    "与第 {first} 行同属一个合并的事项编号，但{}不同，以第 {first} 行为准",
                    differing.join("、")
                ),
            ));
        }
        self.rest.push((id, notes));
    }
}

/// The fields two rows of one case state differently (text compared as for
/// repeats: written differently is not different).
fn differing_fields(
    at_a: NaiveDateTime,
    a: &Stated,
    at_b: NaiveDateTime,
    b: &Stated,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if at_a != at_b {
        out.push("交办时间");
    }
    for (label, x, y) in [
        ("来源", &a.source, &b.source),
        ("事项内容", &a.content, &b.content),
        ("紧急程度", &a.urgency, &b.urgency),
        ("联系人", &a.contact, &b.contact),
        ("联系电话", &a.phone, &b.phone),
    ] {
        if !same_text(
            x.as_ref().and_then(|t| t.as_deref()),
            y.as_ref().and_then(|t| t.as_deref()),
        ) {
            out.push(label);
        }
    }
    if a.explicit_due != b.explicit_due {
        out.push("办理时限");
    }
    out
}

/// Whether two rows state the same text: written differently is not
/// different (full- or half-width characters, spaces, Traditional or
/// Simplified). Folding is the costly part; most repeats are written alike.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    a == b || a.map(crate::text::key) == b.map(crate::text::key)
}

/// Adds a row (or a merged 事项编号's rows) to the book: a new case, a
/// duplicate of a known one, or a conflicting later row that wins.
fn add_case(book: &mut CaseBook, ledger: &Ledger, group: Group) {
    let Group {
        first: id,
        case:
            RowCase {
                case_id,
                assigned_at,
                units,
                notes,
                stated,
                ..
            },
        rest,
    } = group;
    // The known case this row repeats, and how it differs from it.
    let known = book.index.get(case_id.as_str()).copied().map(|i| {
        let changes = differences(book, i, assigned_at, &units, &stated);
        (i, changes)
    });
    // A row adding only what its columns newly state repeats the rest: its
    // notes were listed with the row that made the case.
    if known.as_ref().is_none_or(|(_, c)| !c.diffs.is_empty()) {
        for (kind, msg) in notes {
            ledger.anomaly(id, kind, Some(&case_id), msg);
        }
        for (row, notes) in &rest {
            for (kind, msg) in notes {
                ledger.anomaly(*row, *kind, Some(&case_id), msg.clone());
            }
        }
    }
    let rest: Vec<RowId> = rest.into_iter().map(|(row, _)| row).collect();
    match known {
        None => {
            let origin = ledger.origin(id);
            let i = book.cases.len();
            book.index.insert(CompactString::from(case_id.as_str()), i);
            book.stated.push(stated.mask());
            book.cases.push(Case {
                id: case_id,
                source: stated.source.flatten(),
                content: stated.content.flatten(),
                assigned_at,
                urgency: stated.urgency.flatten(),
                explicit_due: stated.explicit_due.flatten(),
                contact: stated.contact.flatten(),
                phone: stated.phone.flatten(),
                units,
                origin,
            });
            book.rows.push(id);
            ledger.used(id);
            for &row in &rest {
                ledger.used(row);
            }
            if !rest.is_empty() {
                book.followers.insert(i, rest);
            }
        }
        Some((i, changes)) => merge(
            book,
            ledger,
            i,
            id,
            rest,
            changes,
            assigned_at,
            units,
            stated,
        ),
    }
}

fn reject(
    book: &mut CaseBook,
    ledger: &Ledger,
    id: RowId,
    case_id: &str,
    kind: AnomalyKind,
    msg: String,
) {
    ledger.anomaly(id, kind, Some(case_id), msg);
    book.rejected_ids.entry(case_id.to_owned()).or_insert(id);
}

/// The fields where a later row differs from the case as known, in words.
fn differences(
    book: &CaseBook,
    i: usize,
    assigned_at: NaiveDateTime,
    units: &[UnitRole],
    stated: &Stated,
) -> Changes {
    let case = &book.cases[i];
    let known = book.stated[i];
    let mut diffs: Vec<String> = Vec::new();
    let mut fills = false;
    let fmt_t = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    if case.assigned_at != assigned_at {
        diffs.push(format!(
            "交办时间 {} → {}",
            fmt_t(case.assigned_at),
            fmt_t(assigned_at)
        ));
    }
    if case.units[..] != *units {
        let show = |u: &[UnitRole]| {
            u.iter()
                .map(|x| format!("{}({})", x.unit, x.role.label()))
                .collect::<Vec<_>>()
                .join("、")
        };
        diffs.push(format!("承办单位 {} → {}", show(&case.units), show(units)));
    }
    let mut text_diff = |label: &str, bit: u8, a: &Option<String>, b: &Option<Option<String>>| {
        // A column this row lacks says nothing. One the case's rows lacked
        // so far is filled in by this row: news, not a repeat nor a conflict.
        let Some(b) = b.as_ref() else {
            return;
        };
        if known & bit == 0 {
            fills |= b.is_some();
            return;
        }
        if !same_text(a.as_deref(), b.as_deref()) {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "（空）".into());
            diffs.push(format!("{label} {} → {}", show(a), show(b)));
        }
    };
    text_diff("来源", Stated::SOURCE, &case.source, &stated.source);
    text_diff("事项内容", Stated::CONTENT, &case.content, &stated.content);
    text_diff("紧急程度", Stated::URGENCY, &case.urgency, &stated.urgency);
    text_diff("联系人", Stated::CONTACT, &case.contact, &stated.contact);
    text_diff("联系电话", Stated::PHONE, &case.phone, &stated.phone);
    if let Some(b) = stated.explicit_due {
        let a = case.explicit_due;
        let show = |v: Option<NaiveDateTime>| v.map(fmt_t).unwrap_or_else(|| "（空）".into());
        if known & Stated::DUE == 0 {
            fills |= b.is_some();
        } else if a != b {
            diffs.push(format!("办理时限 {} → {}", show(a), show(b)));
        }
    }
    Changes { diffs, fills }
}

/// How a later row for a known case differs from it.
struct Changes {
    /// Fields stated differently, in words (a conflict).
    diffs: Vec<String>,
    /// Whether the row states a field none of the case's rows had a column for.
    fills: bool,
}

impl Changes {
    /// The row says nothing the case does not: a duplicate.
    fn is_repeat(&self) -> bool {
        self.diffs.is_empty() && !self.fills
    }
}

/// A later row for a known case: identical → duplicate; filling in only
/// fields the case's rows had no column for → those are taken and the row is
/// used; otherwise the later row's stated fields win and the conflict is listed.
#[allow(clippy::too_many_arguments)]
fn merge(
    book: &mut CaseBook,
    ledger: &Ledger,
    i: usize,
    id: RowId,
    rest: Vec<RowId>,
    changes: Changes,
    assigned_at: NaiveDateTime,
    units: CaseUnits,
    stated: Stated,
) {
    if changes.is_repeat() {
        ledger.duplicate(id);
        for row in rest {
            ledger.duplicate(row);
        }
        return;
    }
    let diffs = changes.diffs;
    if diffs.is_empty() {
        let known = book.stated[i];
        let case = &mut book.cases[i];
        macro_rules! fill {
            ($field:ident, $bit:expr) => {
                if known & $bit == 0 {
                    if let Some(Some(v)) = stated.$field.clone() {
                        case.$field = Some(v);
                    }
                }
            };
        }
        fill!(source, Stated::SOURCE);
        fill!(content, Stated::CONTENT);
        fill!(urgency, Stated::URGENCY);
        fill!(explicit_due, Stated::DUE);
        fill!(contact, Stated::CONTACT);
        fill!(phone, Stated::PHONE);
        book.stated[i] |= stated.mask();
        ledger.used(id);
        for row in rest {
            ledger.used(row);
        }
        return;
    }
    let case = &book.cases[i];
    let earlier = ledger.origin(book.rows[i]);
    let msg = format!(
        "与 {} 的同编号记录不一致，以本行为准：{}",
        earlier,
        diffs.join("；")
    );
    let case_id = case.id.clone();
    ledger.anomaly(id, AnomalyKind::ConflictingDuplicate, Some(&case_id), msg);
    ledger.superseded(book.rows[i]);
    for row in book.followers.remove(&i).unwrap_or_default() {
        ledger.superseded(row);
    }
    ledger.used(id);
    for &row in &rest {
        ledger.used(row);
    }
    if !rest.is_empty() {
        book.followers.insert(i, rest);
    }
    let origin = ledger.origin(id);
    let case = &mut book.cases[i];
    case.assigned_at = assigned_at;
    case.units = units;
    case.origin = origin;
    book.stated[i] |= stated.mask();
    macro_rules! take {
        ($field:ident) => {
            if let Some(v) = stated.$field {
                case.$field = v;
            }
        };
    }
    take!(source);
    take!(content);
    take!(urgency);
    take!(explicit_due);
    take!(contact);
    take!(phone);
    book.rows[i] = id;
}
