//! Bookkeeping: what each sample file holds, and the expected reconciliation.

use std::collections::{BTreeMap, BTreeSet};

use super::cases::{Case, Reply, ReplyFlaw};
use super::data::{Group, UNITS};
use super::intake::{intake_signature, IntakeFlaw, KeyRow, Reason};
use super::render::{text_iso, Placed, Table};
use super::replies::reply_signature;

/// Per-sheet expectations.
#[derive(Clone, Debug, Default)]
pub struct SheetSummary {
    pub sheet: String,
    pub kind: &'static str,
    pub header_row: u32,
    pub data_rows: usize,
    pub blank_rows: usize,
    pub footer_rows: usize,
    /// Rows yielding new records (first occurrences; incl. still-used anomalies).
    pub used: usize,
    pub duplicates: usize,
    /// Rows listed in 异常数据 (incl. still-used ones).
    pub anomalies: usize,
}

#[derive(Clone, Debug)]
pub struct FileSummary {
    pub file: String,
    pub zh: String,
    pub en: String,
    pub sheets: Vec<SheetSummary>,
}

/// Tracks what a correct reader has already seen, in file order.
#[derive(Default)]
pub struct Ledger {
    /// 事项编号 → (signature, file, row) of the row that was used.
    pub intake_seen: BTreeMap<String, (String, String, u32)>,
    pub reply_seen: BTreeSet<String>,
    pub key: Vec<KeyRow>,
}

impl Ledger {
    pub fn anomaly(
        &mut self,
        s: &mut SheetSummary,
        at: (&str, u32),
        id: &str,
        reason: Reason,
        note: (String, String),
    ) {
        let ((file, row), (zh, en)) = (at, note);
        s.anomalies += 1;
        self.key.push(KeyRow {
            file: file.into(),
            sheet: s.sheet.clone(),
            row,
            id: id.into(),
            reason,
            note_zh: zh,
            note_en: en,
        });
    }

    /// Classify one intake row written at `row`.
    pub fn intake_row(
        &mut self,
        s: &mut SheetSummary,
        file: &str,
        row: u32,
        case: &Case,
        flaw: Option<&IntakeFlaw>,
    ) {
        match flaw {
            Some(IntakeFlaw::BlankId) => {
                let zh = format!("该行实为{}，本表漏填编号；下一期导出中有编号", case.id);
                let en = format!(
                    "the row is {}; its number is missing here but present in the next export",
                    case.id
                );
                return self.anomaly(s, (file, row), "", Reason::MissingId, (zh, en));
            }
            Some(IntakeFlaw::TimeText(t)) => {
                let zh = format!("“{t}”（应为{}）；上一期导出中该事项正常", text_iso(case.at));
                let en = format!(
                    "\"{t}\" (meant {}); the case is read correctly from the previous export",
                    text_iso(case.at)
                );
                return self.anomaly(s, (file, row), &case.id, Reason::BadIntakeTime, (zh, en));
            }
            _ => {}
        }
        let sig = intake_signature(case, flaw);
        match self.intake_seen.get(&case.id) {
            Some((prev, _, _)) if *prev == sig => {
                s.duplicates += 1;
                return;
            }
            Some((_, pfile, prow)) => {
                let units = case
                    .units
                    .iter()
                    .map(|&u| UNITS[u].name)
                    .collect::<Vec<_>>()
                    .join("、");
                let zh =
                    format!("与{pfile}第{prow}行承办单位不同（改派），本行为{units}，以本行为准");
                let en = format!(
                    "{pfile} row {prow} names a different unit; this row (reassigned to {units}) wins"
                );
                self.intake_seen
                    .insert(case.id.clone(), (sig, file.to_string(), row));
                s.used += 1;
                return self.anomaly(s, (file, row), &case.id, Reason::Conflict, (zh, en));
            }
            None => {}
        }
        self.intake_seen
            .insert(case.id.clone(), (sig, file.to_string(), row));
        s.used += 1;
        if let Some(due) = case.explicit_due.filter(|d| *d < case.at) {
            let zh = format!("办理时限{}早于交办时间{}", text_iso(due), text_iso(case.at));
            let en = format!(
                "办理时限 {} is before 交办时间 {}",
                text_iso(due),
                text_iso(case.at)
            );
            self.anomaly(s, (file, row), &case.id, Reason::DueBeforeIntake, (zh, en));
        }
        for &u in &case.units {
            if UNITS[u].group == Group::Unlisted {
                let zh = format!("{}不在单位名单中；该事项仍计入未分组", UNITS[u].name);
                let en = format!(
                    "{} is not in 单位名单.xlsx; still judged, group 未分组",
                    UNITS[u].name
                );
                self.anomaly(s, (file, row), &case.id, Reason::UnlistedUnit, (zh, en));
            }
        }
    }

    /// Classify one reply row written at `row`.
    pub fn reply_row(
        &mut self,
        s: &mut SheetSummary,
        file: &str,
        row: u32,
        cases: &[Case],
        r: &Reply,
    ) {
        let id = &cases[r.case].id;
        match &r.flaw {
            Some(ReplyFlaw::WrongId(w)) => {
                let zh = format!("应为{id}（年份笔误）");
                let en = format!("meant {id} (year typo)");
                return self.anomaly(s, (file, row), w, Reason::UnknownId, (zh, en));
            }
            Some(ReplyFlaw::TimeText(t, reason)) => {
                let zh = format!(
                    "“{t}”（应为{}），交办时间{}",
                    text_iso(r.at),
                    text_iso(cases[r.case].at)
                );
                let en = format!(
                    "\"{t}\" (meant {}); 交办时间 {}",
                    text_iso(r.at),
                    text_iso(cases[r.case].at)
                );
                return self.anomaly(s, (file, row), id, *reason, (zh, en));
            }
            Some(ReplyFlaw::TimeBlank) => {
                let zh = "办理状态为办理中，反馈时间漏填".to_string();
                let en = "status 办理中, 反馈时间 left blank".to_string();
                return self.anomaly(s, (file, row), id, Reason::MissingReplyTime, (zh, en));
            }
            Some(ReplyFlaw::Unassigned) => {
                let assigned = cases[r.case]
                    .units
                    .iter()
                    .map(|&u| UNITS[u].name)
                    .collect::<Vec<_>>()
                    .join("、");
                let zh = format!("{}未承办该事项（承办单位：{assigned}）", UNITS[r.unit].name);
                let en = format!(
                    "{} is not assigned (assigned: {assigned})",
                    UNITS[r.unit].name
                );
                return self.anomaly(s, (file, row), id, Reason::UnassignedUnit, (zh, en));
            }
            None => {}
        }
        if self.reply_seen.insert(reply_signature(cases, r)) {
            s.used += 1;
        } else {
            s.duplicates += 1;
        }
    }
}

pub fn sheet_summary(t: &Table, p: &Placed, kind: &'static str) -> SheetSummary {
    SheetSummary {
        sheet: t.sheet.clone(),
        kind,
        header_row: p.header_row,
        data_rows: p.data_rows.len(),
        blank_rows: p.blank_rows,
        footer_rows: p.footer_rows,
        ..SheetSummary::default()
    }
}
