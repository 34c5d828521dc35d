//! Per-assignment judging at an as-of instant: the deadline from the rules,
//! the first reply at or before as-of, the outcome, the overdue working days
//! and the escalation (SPEC §4).

use crate::calendar::Calendar;
use crate::normalise::Dataset;
use crate::rules::{Deadline, Escalation, RuleError, RuleSet, Task};
use chrono::NaiveDateTime;
use rayon::prelude::*;

/// 结果 of an assignment at as-of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    OnTime,
    Late,
    Overdue,
    NotDue,
}

impl Outcome {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::OnTime => "按时反馈",
            Outcome::Late => "超时反馈",
            Outcome::Overdue => "超期未反馈",
            Outcome::NotDue => "未到期",
        }
    }
}

/// The replies of one assignment that count at as-of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplySummary {
    pub first: Option<NaiveDateTime>,
    /// 办理状态 of the latest reply at or before as-of.
    pub latest_status: Option<String>,
    /// Some reply at or before as-of has 办理状态 已办结 or blank.
    pub completed: bool,
}

/// One assignment judged at as-of.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    /// Index into [`Dataset::assignments`].
    pub index: usize,
    pub deadline: Deadline,
    pub replies: ReplySummary,
    pub outcome: Outcome,
    /// Working days strictly between the due date and the reply (or as-of) date;
    /// `None` unless late or overdue.
    pub overdue_workdays: Option<u32>,
    pub escalation: Escalation,
    /// Working-calendar hours from 交办时间 to the first reply.
    pub reply_hours: Option<f64>,
}

/// The hook input for an assignment.
pub fn task(ds: &Dataset, index: usize) -> Task {
    let a = &ds.assignments[index];
    let c = &ds.cases[a.case_index];
    Task {
        case_id: c.id.clone(),
        source: c.source.clone(),
        urgency: c.urgency.clone(),
        content: c.content.clone(),
        assigned_at: c.assigned_at,
        explicit_due: c.explicit_due,
        unit: a.unit.to_string(),
        group: a.group.to_string(),
        role: a.role,
        unit_count: a.unit_count,
    }
}

/// Deadlines of every assignment whose case exists at `as_of` (assigned at or
/// before it), computed by the rules across cores; `None` for the others.
/// The hook runs once for a case's first assignment, and again for the others
/// only when it read a field of the assignment's own (a case's assignments
/// follow each other).
pub fn deadlines(
    ds: &Dataset,
    rules: &RuleSet,
    as_of: NaiveDateTime,
) -> Result<Vec<Option<Deadline>>, RuleError> {
    let n = ds.assignments.len();
    let starts: Vec<usize> = (0..n)
        .filter(|&i| i == 0 || ds.assignments[i - 1].case_index != ds.assignments[i].case_index)
        .collect();
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([n]).collect();
    let mut results: Vec<Result<Option<Deadline>, RuleError>> = starts
        .into_par_iter()
        .zip(ends)
        .flat_map_iter(|(start, end)| {
            let first = if ds.cases[ds.assignments[start].case_index].assigned_at > as_of {
                Ok(None)
            } else {
                rules.case_deadline_of(|| task(ds, start)).map(Some)
            };
            let (head, others) = match first {
                Ok(Some((d, false))) if end - start > 1 => (Ok(Some(d.clone())), Others::Share(d)),
                Ok(Some((d, true))) => (Ok(Some(d)), Others::Own),
                other => (other.map(|d| d.map(|(d, _)| d)), Others::Nothing),
            };
            let mut head = Some(head);
            (start..end).map(move |i| match (head.take(), &others) {
                (Some(head), _) => head,
                (None, Others::Share(d)) => Ok(Some(d.clone())),
                (None, Others::Own) => rules.deadline_of(|| task(ds, i)).map(Some),
                (None, Others::Nothing) => Ok(None),
            })
        })
        .collect();
    first_error(&mut results)?;
    // Every result is a value now; they are moved out across cores too (a
    // million of them took a tenth of a second on one).
    Ok(results.into_par_iter().map(Result::unwrap).collect())
}

/// What a case's other assignments take once its first is decided.
enum Others {
    /// The first's deadline: the rule read no field of the unit's.
    Share(Deadline),
    /// Their own: the rule read a field of the unit's.
    Own,
    /// Nothing: there are none, the case did not exist at as-of, or the first
    /// assignment's error (which comes first in input order) stops the run.
    Nothing,
}

/// Whether a 办理状态 counts as finished: 已办结 (or 办结, 已完成) or blank.
pub fn is_completed(status: Option<&str>) -> bool {
    match status {
        None => true,
        Some(s) => {
            let s = crate::text::compacted(s);
            s.is_empty() || matches!(&*s, "已办结" | "办结" | "已完成" | "完成")
        }
    }
}

/// Judges every assignment that exists at `as_of` (assigned at or before it)
/// and has a deadline.
pub fn judge_all(
    ds: &Dataset,
    rules: &RuleSet,
    calendar: &Calendar,
    deadlines: Vec<Option<Deadline>>,
    replies: Vec<Option<ReplySummary>>,
    as_of: NaiveDateTime,
) -> Result<Vec<Judged>, RuleError> {
    let mut judged: Vec<Result<Option<Judged>, RuleError>> = deadlines
        .into_par_iter()
        .zip(replies)
        .enumerate()
        .map(|(i, (deadline, summary))| {
            let assigned_at = ds.cases[ds.assignments[i].case_index].assigned_at;
            let Some(deadline) = deadline.filter(|_| assigned_at <= as_of) else {
                return Ok(None);
            };
            let summary = summary.unwrap_or_default();
            let outcome = match summary.first {
                Some(r) if r <= deadline.due => Outcome::OnTime,
                Some(_) => Outcome::Late,
                None if deadline.due <= as_of => Outcome::Overdue,
                None => Outcome::NotDue,
            };
            let (overdue_workdays, escalation) = match outcome {
                Outcome::Late | Outcome::Overdue => {
                    let until = summary.first.unwrap_or(as_of).date();
                    let w = calendar.workdays_between(deadline.due.date(), until)?;
                    (Some(w), rules.escalation_of(|| task(ds, i), w)?)
                }
                _ => (None, Escalation::None),
            };
            let reply_hours = match summary.first {
                Some(r) => Some(calendar.working_hours_between(assigned_at, r)?),
                None => None,
            };
            Ok(Some(Judged {
                index: i,
                deadline,
                replies: summary,
                outcome,
                overdue_workdays,
                escalation,
                reply_hours,
            }))
        })
        .collect();
    first_error(&mut judged)?;
    Ok(judged
        .into_par_iter()
        .filter_map(|j| j.ok().flatten())
        .collect())
}

/// The first error in input order of results made across cores, whichever
/// thread met it first.
fn first_error<T>(results: &mut Vec<Result<T, RuleError>>) -> Result<(), RuleError> {
    match results.iter().position(Result::is_err) {
        Some(i) => match results.swap_remove(i) {
            Err(e) => Err(e),
            Ok(_) => unreachable!("the result at {i} is an error"),
        },
        None => Ok(()),
    }
}
