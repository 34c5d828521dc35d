//! Reply rows matched to assignments by (事项编号, unit after alias mapping).
//! A reply without a unit goes to a one-unit case; identical rows from
//! overlapping exports are dropped; distinct replies are all kept.

use super::datetime::{parse_cells, DateError};
use super::intake::{case_id, code, damaged_case_id, text, CaseBook};
use super::ledger::{Ledger, RowId};
use super::units::{split_units, Directory};
use crate::ingest::header::Field;
use crate::model::{AnomalyKind, Reply};
use std::hash::BuildHasher;

/// Collects matched replies.
#[derive(Default)]
pub struct ReplyBook {
    pub replies: Vec<Reply>,
    /// The last kept reply (index into `replies`) by the hash of what makes
    /// two reply rows the same reply (assignment, time, status, content,
    /// satisfaction).
    seen: foldhash::HashMap<u64, usize>,
    /// For each kept reply, the kept reply before it with the same hash: the
    /// chain `seen` starts (one list for all, not a list per hash, so that
    /// neither keeping nor dropping the book allocates per reply).
    same_hash: Vec<Option<usize>>,
}

impl ReplyBook {
    /// A book for up to `rows` reply rows (most name one unit); the list is
    /// reserved once, as for [`super::intake::CaseBook::with_capacity`].
    pub fn with_capacity(rows: usize) -> Self {
        ReplyBook {
            replies: Vec::with_capacity(rows),
            seen: foldhash::HashMap::default(),
            same_hash: Vec::with_capacity(rows),
        }
    }

    /// Keeps `reply` unless an identical one is already kept; whether it was kept.
    fn insert(&mut self, reply: Reply) -> bool {
        let hash = foldhash::quality::FixedState::with_seed(0).hash_one(identity(&reply));
        let last = self.seen.get(&hash).copied();
        let mut kept = last;
        while let Some(i) = kept {
            if identity(&self.replies[i]) == identity(&reply) {
                return false;
            }
            kept = self.same_hash[i];
        }
        self.seen.insert(hash, self.replies.len());
        self.same_hash.push(last);
        self.replies.push(reply);
        true
    }
}

/// What makes two reply rows the same reply (the assignment stands for
/// 事项编号 and unit).
type Identity<'a> = (
    usize,
    chrono::NaiveDateTime,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
);

fn identity(r: &Reply) -> Identity<'_> {
    (
        r.assignment,
        r.replied_at,
        &r.status,
        &r.content,
        &r.satisfaction,
    )
}

/// What one reply row says, matched against the cases without reference to
/// other reply rows (so rows are parsed in parallel, then added in order).
#[derive(Default)]
pub struct Parsed {
    /// Anomalies: kind, 事项编号 when known, reason.
    anomalies: Vec<(AnomalyKind, Option<String>, String)>,
    /// The replies the row makes, one per unit it names.
    replies: Vec<Reply>,
}

impl Parsed {
    fn anomaly(kind: AnomalyKind, case_id: Option<&str>, msg: String) -> Parsed {
        Parsed {
            anomalies: vec![(kind, case_id.map(str::to_owned), msg)],
            replies: Vec::new(),
        }
    }
}

/// Parses the reply part of a row and matches it to its case's units.
/// `combined`: the row also registered the case, so a blank 反馈时间 means
/// "no reply yet" and the unit defaults to 承办单位. `first_assignment`: the
/// index of each case's first assignment (a case's assignments follow its
/// units in order).
pub fn parse(
    cases: &CaseBook,
    first_assignment: &[usize],
    ledger: &Ledger,
    dir: &Directory,
    id: RowId,
    combined: bool,
) -> Parsed {
    let sheet = ledger.sheet(id);
    let row = ledger.row(id);
    let col = |f: Field| sheet.columns.get(f);
    let cid = case_id(row.cell(col(Field::CaseId)));
    if combined {
        // The intake part decided the row when the case was rejected or the
        // row has no reply yet.
        let has_case = cid.as_deref().is_some_and(|c| cases.get(c).is_some());
        if !has_case || row.cell(col(Field::RepliedAt)).is_blank() {
            return Parsed::default();
        }
    }
    if let Some(msg) = damaged_case_id(row.cell(col(Field::CaseId))) {
        return Parsed::anomaly(AnomalyKind::DamagedCaseId, None, msg);
    }
    let Some(cid) = cid else {
        let msg = "反馈记录缺少事项编号".into();
        return Parsed::anomaly(AnomalyKind::MissingCaseId, None, msg);
    };
    let second = sheet
        .columns
        .second(Field::RepliedAt)
        .map(|c| row.cell(Some(c)));
    let replied_at = match parse_cells(row.cell(col(Field::RepliedAt)), second) {
        Ok(w) => w.or_end_of_day(),
        Err(DateError::Blank) => {
            let msg = "反馈记录缺少反馈时间".into();
            return Parsed::anomaly(AnomalyKind::MissingReplyTime, Some(&cid), msg);
        }
        Err(DateError::Invalid(s)) => {
            let msg = format!("反馈时间“{s}”无法识别");
            return Parsed::anomaly(AnomalyKind::BadDateTime, Some(&cid), msg);
        }
    };
    let Some((case_index, case)) = cases.find(&cid) else {
        let msg = match cases.rejected_ids.get(&cid) {
            Some(&rejected) => format!(
                "事项编号 {cid} 的交办记录有误（见 {}），反馈无法匹配",
                ledger.origin(rejected)
            ),
            None => format!("事项编号 {cid} 在交办登记中不存在"),
        };
        return Parsed::anomaly(AnomalyKind::UnknownCase, Some(&cid), msg);
    };
    let mut named: Vec<String> = col(Field::ReplyUnit)
        .map(|c| split_units(&row.cell(Some(c)).text(), false))
        .unwrap_or_default()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    // A combined sheet's reply is the row's 承办单位's, unless it has a 反馈单位 column.
    if named.is_empty() && combined && col(Field::ReplyUnit).is_none() {
        named = split_units(&row.cell(col(Field::Unit)).text(), false)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
    }
    let mut parsed = Parsed::default();
    // The place among the case's units of each unit replying.
    let units: Vec<usize> = if named.is_empty() {
        if case.units.len() == 1 {
            vec![0]
        } else {
            let msg = format!(
                "反馈未注明单位，而事项 {cid} 有 {} 个承办单位，无法确定是哪个单位的反馈",
                case.units.len()
            );
            return Parsed::anomaly(AnomalyKind::AmbiguousReplyUnit, Some(&cid), msg);
        }
    } else {
        let mut resolved = Vec::new();
        for name in named {
            let unit = dir.resolve(&name).unwrap_or(&name);
            if let Some(position) = case.units.iter().position(|u| u.unit == unit) {
                resolved.push(position);
            } else {
                let assigned = case
                    .units
                    .iter()
                    .map(|u| u.unit.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                let msg = format!("反馈单位“{name}”不是事项 {cid} 的承办单位（{assigned}）");
                let kind = AnomalyKind::UnitNotAssigned;
                parsed.anomalies.push((kind, Some(cid.clone()), msg));
            }
        }
        resolved
    };
    if replied_at < case.assigned_at {
        let msg = format!(
            "反馈时间 {} 早于交办时间 {}（该反馈未计入）",
            replied_at.format("%Y-%m-%d %H:%M:%S"),
            case.assigned_at.format("%Y-%m-%d %H:%M:%S")
        );
        let kind = AnomalyKind::ReplyBeforeAssignment;
        parsed.anomalies.push((kind, Some(cid), msg));
        return parsed;
    }
    let status = col(Field::Status).and_then(|c| code(row.cell(Some(c))));
    let content = col(Field::ReplyContent).and_then(|c| text(row.cell(Some(c))));
    let satisfaction = col(Field::Satisfaction).and_then(|c| code(row.cell(Some(c))));
    let row_fields = (status, content, satisfaction, ledger.origin(id));
    let reply = |position: usize, (status, content, satisfaction, origin)| Reply {
        assignment: first_assignment[case_index] + position,
        replied_at,
        status,
        content,
        satisfaction,
        origin,
    };
    // Copies for all but the last unit (most rows name one), which takes the originals.
    if let Some((&last, others)) = units.split_last() {
        parsed.replies.reserve_exact(units.len());
        parsed
            .replies
            .extend(others.iter().map(|&p| reply(p, row_fields.clone())));
        parsed.replies.push(reply(last, row_fields));
    }
    parsed
}

/// Adds a parsed row: its anomalies listed, each reply kept unless an
/// identical one was seen.
pub fn add(book: &mut ReplyBook, ledger: &Ledger, id: RowId, parsed: Parsed) {
    for (kind, cid, msg) in parsed.anomalies {
        ledger.anomaly(id, kind, cid.as_deref(), msg);
    }
    for reply in parsed.replies {
        if book.insert(reply) {
            ledger.used(id);
        } else {
            ledger.duplicate(id);
        }
    }
}
