//! Judging a period (SPEC §5): every assignment judged at as-of, the
//! assignments whose deadline falls in the period gathered per unit, scored
//! and rated by the rules, ranked within each group, and compared with the
//! previous period judged at its own end.

pub mod outcome;
pub mod stats;

use crate::calendar::Calendar;
use crate::normalise::Dataset;
use crate::period::Period;
use crate::rules::{Deadline, Escalation, Rating, RuleError, RuleSet, UnitStats};
use chrono::NaiveDateTime;
pub use outcome::{Judged, Outcome};
use std::collections::HashMap;

/// Errors of judging.
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("统计计算出错：{0}")]
    Frame(#[from] polars::prelude::PolarsError),
}

/// One unit's line: statistics, score, rating, rank and change.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitLine {
    pub stats: UnitStats,
    pub score: Option<f64>,
    pub rating: Option<Rating>,
    pub rank: Option<u32>,
    /// Previous rank minus rank now (positive = improved).
    pub change: Option<i64>,
}

/// The judgement of a period.
#[derive(Clone, Debug)]
pub struct Judgement {
    pub period: Period,
    pub as_of: NaiveDateTime,
    /// Every assignment that exists at as-of, judged.
    pub judged: Vec<Judged>,
    /// Indices into `judged` of the period's assignments (deadline in the period).
    pub in_period: Vec<usize>,
    /// Units by group (in the data set's group order), ranked ones first by rank.
    pub units: Vec<UnitLine>,
    /// Indices into `judged` of everything 超期未反馈 at as-of, most severe first.
    pub overdue: Vec<usize>,
}

/// Judges `period` at `as_of`.
pub fn judge(
    ds: &Dataset,
    rules: &RuleSet,
    calendar: &Calendar,
    period: &Period,
    as_of: NaiveDateTime,
) -> Result<Judgement, JudgeError> {
    let previous = period.previous();
    let previous_as_of = previous.end_instant();
    let all_deadlines = outcome::deadlines(ds, rules, as_of.max(previous_as_of))?;
    let by_assignment = stats::RepliesByAssignment::new(ds);

    // Only the previous period's own assignments count for its ranking.
    let previous_deadlines: Vec<Option<Deadline>> = all_deadlines
        .iter()
        .map(|d| d.as_ref().filter(|d| previous.contains(d.due)).cloned())
        .collect();
    // The two periods are judged side by side: each has serial parts (the
    // reply summaries, the per-unit statistics and ranking).
    let (now, before) = rayon::join(
        || -> Result<_, JudgeError> {
            let judged = judge_at(ds, &by_assignment, rules, calendar, all_deadlines, as_of)?;
            let units = rank_units(ds, rules, &judged, period)?;
            Ok((judged, units))
        },
        || -> Result<HashMap<String, u32>, JudgeError> {
            let judged = judge_at(
                ds,
                &by_assignment,
                rules,
                calendar,
                previous_deadlines,
                previous_as_of,
            )?;
            Ok(rank_units(ds, rules, &judged, &previous)?
                .into_iter()
                .filter_map(|l| l.rank.map(|r| (l.stats.unit, r)))
                .collect())
        },
    );
    let (judged, mut units) = now?;
    let ranks_before = before?;
    let in_period: Vec<usize> = judged
        .iter()
        .enumerate()
        .filter(|(_, j)| period.contains(j.deadline.due))
        .map(|(i, _)| i)
        .collect();
    for line in &mut units {
        if let (Some(now), Some(before)) = (line.rank, ranks_before.get(&line.stats.unit)) {
            line.change = Some(i64::from(*before) - i64::from(now));
        }
    }

    let mut overdue: Vec<usize> = judged
        .iter()
        .enumerate()
        .filter(|(_, j)| j.outcome == Outcome::Overdue)
        .map(|(i, _)| i)
        .collect();
    overdue.sort_by(|&a, &b| {
        let (ja, jb) = (&judged[a], &judged[b]);
        (
            jb.escalation,
            jb.overdue_workdays,
            ja.deadline.due,
            ja.index,
        )
            .cmp(&(
                ja.escalation,
                ja.overdue_workdays,
                jb.deadline.due,
                jb.index,
            ))
            .then_with(|| ja.deadline.due.cmp(&jb.deadline.due))
    });
    Ok(Judgement {
        period: period.clone(),
        as_of,
        judged,
        in_period,
        units,
        overdue,
    })
}

/// Every assignment existing at `as_of`, judged with the replies up to it.
fn judge_at(
    ds: &Dataset,
    by_assignment: &stats::RepliesByAssignment,
    rules: &RuleSet,
    calendar: &Calendar,
    deadlines: Vec<Option<Deadline>>,
    as_of: NaiveDateTime,
) -> Result<Vec<Judged>, JudgeError> {
    let replies = stats::reply_summaries(ds, by_assignment, as_of, |i| {
        deadlines.get(i).is_some_and(Option::is_some)
    });
    Ok(outcome::judge_all(
        ds, rules, calendar, deadlines, replies, as_of,
    )?)
}

/// Per-unit lines of a period: stats, score and rating by the rules, rank.
fn rank_units(
    ds: &Dataset,
    rules: &RuleSet,
    judged: &[Judged],
    period: &Period,
) -> Result<Vec<UnitLine>, JudgeError> {
    let all = stats::unit_stats(ds, judged, |j| period.contains(j.deadline.due))?;
    let mut lines = Vec::with_capacity(all.len());
    for s in all {
        let (score, rating) = if s.due > 0 {
            let score = stats::round_score(rules.score(&s)?);
            (Some(score), Some(rules.rating(&s)?))
        } else {
            (None, None)
        };
        lines.push(UnitLine {
            stats: s,
            score,
            rating,
            rank: None,
            change: None,
        });
    }
    let rankable: Vec<stats::Rankable> = lines
        .iter()
        .filter_map(|l| {
            Some(stats::Rankable {
                group: l.stats.group.clone(),
                unit: l.stats.unit.clone(),
                score: l.score?,
                on_time_rate: l.stats.on_time_rate?,
                avg_reply_hours: l.stats.avg_reply_hours,
            })
        })
        .collect();
    let ranks = stats::rank(&rankable)?;
    for line in &mut lines {
        line.rank = ranks.get(&line.stats.unit).copied();
    }
    let group_pos: HashMap<&str, usize> = ds
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    lines.sort_by(|a, b| {
        let ga = group_pos
            .get(a.stats.group.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let gb = group_pos
            .get(b.stats.group.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (ga, a.rank.is_none(), a.rank, &a.stats.unit).cmp(&(
            gb,
            b.rank.is_none(),
            b.rank,
            &b.stats.unit,
        ))
    });
    Ok(lines)
}

/// Whether an escalation is 现场督办 or higher.
pub fn is_on_site(e: Escalation) -> bool {
    e >= Escalation::OnSite
}
