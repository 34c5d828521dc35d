//! The statistics of judging: each assignment's replies summarised, per-unit
//! statistics grouped from the judged assignments (polars), and the ranking
//! order (polars).

use super::outcome::{is_completed, Judged, Outcome, ReplySummary};
use crate::model::Reply;
use crate::normalise::Dataset;
use crate::rules::{Escalation, UnitStats};
use chrono::NaiveDateTime;
use polars::prelude::*;
use std::collections::HashMap;

/// The replies of each assignment, in reading order: the replies counted
/// out by assignment once, so that each assignment's summary reads only its
/// own (and summaries are made across cores).
pub struct RepliesByAssignment {
    /// Where each assignment's replies start in `replies`; one more entry
    /// than there are assignments.
    starts: Vec<usize>,
    /// Indices into [`Dataset::replies`].
    replies: Vec<usize>,
}

impl RepliesByAssignment {
    /// Sorts the replies by assignment, keeping reading order within each.
    pub fn new(ds: &Dataset) -> Self {
        let mut starts = vec![0; ds.assignments.len() + 1];
        for r in &ds.replies {
            starts[r.assignment + 1] += 1;
        }
        for a in 0..ds.assignments.len() {
            starts[a + 1] += starts[a];
        }
        let mut next = starts.clone();
        let mut replies = vec![0; ds.replies.len()];
        for (i, r) in ds.replies.iter().enumerate() {
            replies[next[r.assignment]] = i;
            next[r.assignment] += 1;
        }
        RepliesByAssignment { starts, replies }
    }

    /// The replies of assignment `a`, in reading order.
    fn of<'a>(&self, ds: &'a Dataset, a: usize) -> impl Iterator<Item = &'a Reply> + use<'a, '_> {
        self.replies[self.starts[a]..self.starts[a + 1]]
            .iter()
            .map(|&i| &ds.replies[i])
    }
}

/// The replies that count at `as_of`, summarised per assignment (indexed
/// like [`Dataset::assignments`]; `None` without a reply): the first reply
/// time, the 办理状态 of the latest reply (of replies at the same time, the
/// one read last) and whether any reply finished the work. Only assignments
/// for which `wanted` holds are summarised.
pub fn reply_summaries(
    ds: &Dataset,
    by_assignment: &RepliesByAssignment,
    as_of: NaiveDateTime,
    wanted: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<ReplySummary>> {
    use rayon::prelude::*;
    (0..ds.assignments.len())
        .into_par_iter()
        .map(|a| {
            if !wanted(a) {
                return None;
            }
            let mut counted = by_assignment.of(ds, a).filter(|r| r.replied_at <= as_of);
            let first = counted.next()?;
            let (mut earliest, mut latest) = (first, first);
            let mut completed = is_completed(first.status.as_deref());
            for r in counted {
                if r.replied_at < earliest.replied_at {
                    earliest = r;
                }
                if r.replied_at >= latest.replied_at {
                    latest = r;
                }
                completed |= is_completed(r.status.as_deref());
            }
            Some(ReplySummary {
                first: Some(earliest.replied_at),
                latest_status: latest.status.clone(),
                completed,
            })
        })
        .collect()
}

/// Per-unit statistics over the judged assignments selected by `in_period`
/// (a group-by on 承办单位), for every unit of the data set.
pub fn unit_stats(
    ds: &Dataset,
    judged: &[Judged],
    in_period: impl Fn(&Judged) -> bool,
) -> PolarsResult<Vec<UnitStats>> {
    let rows: Vec<&Judged> = judged.iter().filter(|j| in_period(j)).collect();
    let unit = |j: &&Judged| ds.assignments[j.index].unit.as_str();
    let frame = DataFrame::new(
        rows.len(),
        vec![
            Column::new("unit".into(), rows.iter().map(unit).collect::<Vec<_>>()),
            Column::new(
                "outcome".into(),
                rows.iter().map(|j| j.outcome.label()).collect::<Vec<_>>(),
            ),
            Column::new(
                "done".into(),
                rows.iter()
                    .map(|j| j.replies.first.is_some() && j.replies.completed)
                    .collect::<Vec<_>>(),
            ),
            // Whole working seconds (the calendar counts to the second), so
            // that the mean is one exact division: equal means of different
            // replies (9 min vs 6 and 12 min) are equal floats and tie.
            Column::new(
                "seconds".into(),
                rows.iter()
                    .map(|j| j.reply_hours.map(|h| (h * 3600.0).round() as i64))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "replied".into(),
                rows.iter()
                    .map(|j| j.reply_hours.is_some())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "on_site".into(),
                rows.iter()
                    .map(|j| j.escalation >= Escalation::OnSite)
                    .collect::<Vec<_>>(),
            ),
        ],
    )?;
    let count = |label: &str| {
        col("outcome")
            .eq(lit(label))
            .cast(DataType::UInt32)
            .sum()
            .alias(label)
    };
    let grouped = frame
        .lazy()
        .group_by([col("unit")])
        .agg([
            count(Outcome::OnTime.label()),
            count(Outcome::Late.label()),
            count(Outcome::Overdue.label()),
            col("done").cast(DataType::UInt32).sum().alias("done"),
            col("seconds").sum().alias("seconds"),
            col("replied").cast(DataType::UInt32).sum().alias("replied"),
            col("on_site").cast(DataType::UInt32).sum().alias("on_site"),
        ])
        .collect()?;
    let units = grouped.column("unit")?.str()?;
    let get_u32 = |name: &str| -> PolarsResult<Vec<u32>> {
        Ok(grouped
            .column(name)?
            .u32()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let on_time = get_u32(Outcome::OnTime.label())?;
    let late = get_u32(Outcome::Late.label())?;
    let overdue = get_u32(Outcome::Overdue.label())?;
    let done = get_u32("done")?;
    let on_site = get_u32("on_site")?;
    let replied = get_u32("replied")?;
    let seconds = grouped.column("seconds")?.i64()?;
    let mut by_unit: HashMap<&str, usize> = HashMap::new();
    for i in 0..grouped.height() {
        if let Some(u) = units.get(i) {
            by_unit.insert(u, i);
        }
    }
    Ok(ds
        .units
        .iter()
        .map(|u| {
            let mut s = UnitStats {
                unit: u.name.clone(),
                group: u.group.clone(),
                ..UnitStats::default()
            };
            if let Some(&i) = by_unit.get(u.name.as_str()) {
                s.on_time = on_time[i];
                s.late = late[i];
                s.overdue = overdue[i];
                s.due = s.on_time + s.late + s.overdue;
                s.completed = done[i];
                s.on_site = on_site[i];
                s.avg_reply_hours = match (seconds.get(i), replied[i]) {
                    (Some(total), n) if n > 0 => Some(total as f64 / f64::from(n) / 3600.0),
                    _ => None,
                };
                if s.due > 0 {
                    s.on_time_rate = Some(f64::from(s.on_time) / f64::from(s.due));
                    s.completion_rate = Some(f64::from(s.completed) / f64::from(s.due));
                }
            }
            s
        })
        .collect())
}

/// A score to 2 decimals, as ranked and shown. The script's arithmetic
/// leaves noise in the last bits (100 × (0.6 × 29/32 + 0.4 × 26/32) is
/// 86.87499999999999, while 27/32 and 29/32 give 86.875): the score is first
/// taken to 6 decimals, so that equal scores round alike (half away from
/// zero). Scores too large for that are left as they are.
pub fn round_score(score: f64) -> f64 {
    if score.abs() >= 1e12 {
        return score;
    }
    // `+ 0.0` turns a rounded -0.001 (-0) into 0.
    ((score * 1e6).round() / 1e4).round() / 100.0 + 0.0
}

/// A unit ready to be ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct Rankable {
    pub group: String,
    pub unit: String,
    pub score: f64,
    pub on_time_rate: f64,
    pub avg_reply_hours: Option<f64>,
}

/// What ranking compares: group, score in cents, rate, hours.
type RankKey<'a> = (Option<&'a str>, Option<i64>, Option<f64>, Option<f64>);

/// Ranks within each group: by 得分 (to 2 decimals) descending, 按时反馈率
/// descending, 平均反馈时长 ascending (blank last); rank = 1 + the number of
/// units strictly better (ties share a rank). Returns unit → rank.
pub fn rank(units: &[Rankable]) -> PolarsResult<HashMap<String, u32>> {
    let score_cents: Vec<i64> = units
        .iter()
        .map(|u| (round_score(u.score) * 100.0).round() as i64)
        .collect();
    let frame = DataFrame::new(
        units.len(),
        vec![
            Column::new(
                "group".into(),
                units.iter().map(|u| u.group.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "unit".into(),
                units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("score".into(), score_cents),
            Column::new(
                "rate".into(),
                units.iter().map(|u| u.on_time_rate).collect::<Vec<_>>(),
            ),
            Column::new(
                "hours".into(),
                units.iter().map(|u| u.avg_reply_hours).collect::<Vec<_>>(),
            ),
        ],
    )?;
    let sorted = frame.sort(
        ["group", "score", "rate", "hours", "unit"],
        SortMultipleOptions::default()
            .with_order_descending_multi([false, true, true, false, false])
            .with_nulls_last(true)
            .with_maintain_order(true),
    )?;
    let group = sorted.column("group")?.str()?;
    let unit = sorted.column("unit")?.str()?;
    let score = sorted.column("score")?.i64()?;
    let rate = sorted.column("rate")?.f64()?;
    let hours = sorted.column("hours")?.f64()?;
    let mut ranks = HashMap::new();
    let mut position = 0u32;
    let mut current_rank = 0u32;
    let mut previous: Option<RankKey> = None;
    for i in 0..sorted.height() {
        let key = (group.get(i), score.get(i), rate.get(i), hours.get(i));
        let same_group = previous.is_some_and(|p| p.0 == key.0);
        position = if same_group { position + 1 } else { 1 };
        if !(same_group && previous == Some(key)) {
            current_rank = position;
        }
        previous = Some(key);
        if let Some(u) = unit.get(i) {
            ranks.insert(u.to_owned(), current_rank);
        }
    }
    Ok(ranks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, score: f64, on_time_rate: f64) -> Rankable {
        Rankable {
            group: "县直部门".into(),
            unit: name.into(),
            score,
            on_time_rate,
            avg_reply_hours: None,
        }
    }

    /// The one-pass summary in reading order that the counted-out one replaces.
    fn summaries_in_reading_order(
        ds: &Dataset,
        as_of: NaiveDateTime,
        wanted: impl Fn(usize) -> bool,
    ) -> Vec<Option<ReplySummary>> {
        let mut summaries: Vec<Option<ReplySummary>> = vec![None; ds.assignments.len()];
        let mut latest = vec![NaiveDateTime::MIN; ds.assignments.len()];
        for r in &ds.replies {
            if r.replied_at > as_of || !wanted(r.assignment) {
                continue;
            }
            let done = is_completed(r.status.as_deref());
            match &mut summaries[r.assignment] {
                Some(summary) => {
                    summary.first = summary.first.min(Some(r.replied_at));
                    if r.replied_at >= latest[r.assignment] {
                        latest[r.assignment] = r.replied_at;
                        summary.latest_status.clone_from(&r.status);
                    }
                    summary.completed |= done;
                }
                slot @ None => {
                    *slot = Some(ReplySummary {
                        first: Some(r.replied_at),
                        latest_status: r.status.clone(),
                        completed: done,
                    });
                    latest[r.assignment] = r.replied_at;
                }
            }
        }
        summaries
    }

    /// 2017-02-03 at `hour`:`minute`.
    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2017, 2, 3)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    fn dataset(assignments: usize, replies: &[(usize, u32, Option<&str>)]) -> Dataset {
        let origin = crate::model::Origin {
            file: "反馈.xlsx".into(),
            sheet: "Sheet1".into(),
            row: 2,
        };
        Dataset {
            assignments: (0..assignments)
                .map(|i| crate::model::Assignment {
                    case_index: i,
                    unit: format!("单位{i}").into(),
                    group: "县直部门".into(),
                    role: crate::model::Role::Lead,
                    unit_count: 1,
                })
                .collect(),
            replies: replies
                .iter()
                .map(|&(assignment, hour, status)| Reply {
                    assignment,
                    replied_at: at(hour, 0),
                    status: status.map(str::to_owned),
                    content: None,
                    satisfaction: None,
                    origin: origin.clone(),
                })
                .collect(),
            ..Dataset::default()
        }
    }

    #[test]
    fn the_latest_reply_gives_the_status_and_of_equal_times_the_one_read_last() {
        let ds = dataset(
            3,
            &[
                (1, 10, Some("正在办理")),
                (0, 9, Some("已办结")),
                (1, 8, Some("已办结")),
                (1, 10, Some("已答复")),
                (1, 12, Some("退回")),
                (2, 13, None),
            ],
        );
        let got = reply_summaries(&ds, &RepliesByAssignment::new(&ds), at(11, 0), |a| a != 0);
        assert_eq!(got[0], None, "not wanted");
        let one = got[1].as_ref().unwrap();
        assert_eq!(one.first, Some(at(8, 0)));
        assert_eq!(one.latest_status.as_deref(), Some("已答复"));
        assert!(one.completed, "the 08:00 reply finished it");
        assert_eq!(got[2], None, "its only reply comes after as-of");
    }

    proptest::proptest! {
        #[test]
        fn counted_out_summaries_equal_the_reading_order_pass(
            assignments in 1usize..6,
            replies in proptest::collection::vec((0usize..6, 0u32..6, 0usize..4), 0..40),
            as_of_hour in 0u32..6,
            unwanted in 0usize..7,
        ) {
            let statuses = [None, Some("已办结"), Some("正在办理"), Some("")];
            let replies: Vec<_> = replies
                .into_iter()
                .map(|(a, h, s)| (a % assignments, h, statuses[s]))
                .collect();
            let ds = dataset(assignments, &replies);
            let as_of = at(as_of_hour, 30);
            let wanted = |a: usize| a != unwanted;
            proptest::prop_assert_eq!(
                reply_summaries(&ds, &RepliesByAssignment::new(&ds), as_of, wanted),
                summaries_in_reading_order(&ds, as_of, wanted)
            );
        }
    }

    #[test]
    fn equal_scores_round_alike_whatever_the_noise() {
        let noisy = 100.0 * (0.6 * (29.0 / 32.0) + 0.4 * (26.0 / 32.0));
        let exact = 100.0 * (0.6 * (27.0 / 32.0) + 0.4 * (29.0 / 32.0));
        assert_ne!(noisy, exact, "the case this guards against");
        assert_eq!(round_score(noisy), 86.88);
        assert_eq!(round_score(exact), 86.88);
        assert_eq!(round_score(-0.005), -0.01);
        assert!(round_score(-0.001).is_sign_positive());
        assert_eq!(round_score(59.994999), 59.99);
        assert_eq!(round_score(1e15), 1e15);
    }

    #[test]
    fn a_tie_in_score_is_broken_by_the_on_time_rate() {
        let noisy = 100.0 * (0.6 * (29.0 / 32.0) + 0.4 * (26.0 / 32.0));
        let exact = 100.0 * (0.6 * (27.0 / 32.0) + 0.4 * (29.0 / 32.0));
        let ranks = rank(&[
            unit("县甲局", exact, 27.0 / 32.0),
            unit("县乙局", noisy, 29.0 / 32.0),
        ])
        .unwrap();
        assert_eq!(ranks["县乙局"], 1);
        assert_eq!(ranks["县甲局"], 2);
    }
}
