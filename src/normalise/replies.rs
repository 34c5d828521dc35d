//! Reply rows matched to assignments by (事项编号, unit after alias mapping).
//! A reply without a unit goes to a one-unit case; identical rows from
//! overlapping exports are dropped; distinct replies are all kept.

use super::datetime::{parse_cell, DateError};
use super::intake::{case_id, code, text, CaseBook};
use super::ledger::{Ledger, RowId};
use super::units::{split_units, Directory};
use crate::ingest::header::Field;
use crate::model::{AnomalyKind, Reply};
use chrono::NaiveDateTime;
use std::collections::HashSet;

/// What makes two reply rows the same reply.
type ReplyKey = (
    String,
    String,
    NaiveDateTime,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Collects matched replies.
#[derive(Default)]
pub struct ReplyBook {
    pub replies: Vec<Reply>,
    seen: HashSet<ReplyKey>,
}

/// Reads the reply part of a row. `combined`: the row also registered the case,
/// so a blank 反馈时间 means "no reply yet" and the unit defaults to 承办单位.
pub fn add_row(
    book: &mut ReplyBook,
    cases: &CaseBook,
    ledger: &mut Ledger,
    dir: &Directory,
    id: RowId,
    combined: bool,
) {
    let sheet = ledger.sheet(id);
    let row = ledger.row(id);
    let col = |f: Field| sheet.columns.get(f);
    let cid = case_id(row.cell(col(Field::CaseId)));
    if combined {
        // The intake part decided the row when the case was rejected or the
        // row has no reply yet.
        let has_case = cid.as_deref().is_some_and(|c| cases.get(c).is_some());
        if !has_case || row.cell(col(Field::RepliedAt)).is_blank() {
            return;
        }
    }
    let Some(cid) = cid else {
        ledger.anomaly(
            id,
            AnomalyKind::MissingCaseId,
            None,
            "反馈记录缺少事项编号".into(),
        );
        return;
    };
    let replied_at = match parse_cell(row.cell(col(Field::RepliedAt))) {
        Ok(w) => w.or_end_of_day(),
        Err(DateError::Blank) => {
            ledger.anomaly(
                id,
                AnomalyKind::MissingReplyTime,
                Some(&cid),
                "反馈记录缺少反馈时间".into(),
            );
            return;
        }
        Err(DateError::Invalid(s)) => {
            ledger.anomaly(
                id,
                AnomalyKind::BadDateTime,
                Some(&cid),
                format!("反馈时间“{s}”无法识别"),
            );
            return;
        }
    };
    let Some(case) = cases.get(&cid) else {
        let msg = match cases.rejected_ids.get(&cid) {
            Some(&rejected) => format!(
                "事项编号 {cid} 的交办记录有误（见 {}），反馈无法匹配",
                ledger.origin(rejected)
            ),
            None => format!("事项编号 {cid} 在交办登记中不存在"),
        };
        ledger.anomaly(id, AnomalyKind::UnknownCase, Some(&cid), msg);
        return;
    };
    let mut named: Vec<String> = col(Field::ReplyUnit)
        .map(|c| split_units(&row.cell(Some(c)).text(), false))
        .unwrap_or_default()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    if named.is_empty() && combined {
        named = split_units(&row.cell(col(Field::Unit)).text(), false)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
    }
    let units: Vec<String> = if named.is_empty() {
        if case.units.len() == 1 {
            vec![case.units[0].unit.clone()]
        } else {
            let msg = format!(
                "反馈未注明单位，而事项 {cid} 有 {} 个承办单位，无法确定是哪个单位的反馈",
                case.units.len()
            );
            ledger.anomaly(id, AnomalyKind::AmbiguousReplyUnit, Some(&cid), msg);
            return;
        }
    } else {
        let mut resolved = Vec::new();
        for name in named {
            let (unit, _, _) = dir.place(&name);
            if case.units.iter().any(|u| u.unit == unit) {
                resolved.push(unit);
            } else {
                let assigned = case
                    .units
                    .iter()
                    .map(|u| u.unit.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                let msg = format!("反馈单位“{name}”不是事项 {cid} 的承办单位（{assigned}）");
                ledger.anomaly(id, AnomalyKind::UnitNotAssigned, Some(&cid), msg);
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
        ledger.anomaly(id, AnomalyKind::ReplyBeforeAssignment, Some(&cid), msg);
        return;
    }
    let status = col(Field::Status).and_then(|c| code(row.cell(Some(c))));
    let content = col(Field::ReplyContent).and_then(|c| text(row.cell(Some(c))));
    let satisfaction = col(Field::Satisfaction).and_then(|c| code(row.cell(Some(c))));
    for unit in units {
        let key = (
            cid.clone(),
            unit.clone(),
            replied_at,
            status.clone(),
            content.clone(),
            satisfaction.clone(),
        );
        if !book.seen.insert(key) {
            ledger.duplicate(id);
            continue;
        }
        ledger.used(id);
        book.replies.push(Reply {
            case_id: cid.clone(),
            unit,
            replied_at,
            status: status.clone(),
            content: content.clone(),
            satisfaction: satisfaction.clone(),
            origin: ledger.origin(id),
        });
    }
}
