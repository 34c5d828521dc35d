//! `mashang report`: the 通报 workbook, and a short summary on stdout.

use crate::cli::ReportArgs;
use crate::error::Error;
use crate::judge::{Judgement, Outcome};
use crate::period::Period;
use crate::pipeline::{self, RulesOptions};
use chrono::NaiveDateTime;
use std::process::ExitCode;

/// Runs `report`: the path and the summary (`-q`: the path only).
pub fn run(args: &ReportArgs) -> Result<ExitCode, Error> {
    let done = generate(args, crate::Release::AtExit)?;
    if crate::progress::quiet() {
        println!("{}", done.path.display());
    } else {
        println!("通报已生成：{}", done.path.display());
        print!("{}", done.summary);
    }
    Ok(ExitCode::SUCCESS)
}

/// A report written by [`generate`].
pub struct Generated {
    pub path: std::path::PathBuf,
    /// The summary `run` prints.
    pub summary: String,
    /// Assignments of the period.
    pub assignments: usize,
    pub anomalies: usize,
}

/// Writes the report (what `run` and `watch` share); `release` says whether
/// the run's records are freed or left to the exit that follows.
pub fn generate(args: &ReportArgs, release: crate::Release) -> Result<Generated, Error> {
    let (asked, as_of) = options(args)?;
    let prepared = pipeline::prepare(
        &args.input,
        &RulesOptions::from(&args.rules),
        Some(&args.out),
    )?;
    let unreadable = super::warn_unreadable(&prepared.dataset);
    if args.strict && unreadable > 0 {
        return Err(Error::Strict(unreadable));
    }
    let period = pipeline::resolve_period(&prepared.dataset, asked, &args.input)?;
    let (judgement, model) = pipeline::build_report(&prepared, &period, as_of, &args.org)?;
    let summary = summary(&prepared.dataset, &judgement);
    let assignments = judgement.in_period.len();
    let anomalies = prepared.dataset.anomalies.len();
    let laid_out = crate::report::lay_out(&model)?;
    release.release(model);
    // The records are freed while the workbook is saved, even when the
    // process exits next: saving is mostly serial, so this costs the other
    // core's idle time, and the peak (reached while saving) stays lower than
    // with the records still held.
    let ((), path) = rayon::join(
        || free_in_parallel(prepared.dataset, judgement),
        || laid_out.write(&args.out, release),
    );
    let path = path?;
    Ok(Generated {
        path,
        summary,
        assignments,
        anomalies,
    })
}

/// Drops the records of a run on every core: freeing millions of strings
/// on one thread took about a second for a million cases.
fn free_in_parallel(ds: crate::normalise::Dataset, judgement: Judgement) {
    use rayon::prelude::*;
    let crate::normalise::Dataset {
        cases,
        assignments,
        replies,
        ..
    } = ds;
    cases.into_par_iter().for_each(drop);
    replies.into_par_iter().for_each(drop);
    assignments.into_par_iter().for_each(drop);
    judgement.judged.into_par_iter().for_each(drop);
}

/// The period and as-of asked for on the command line, checked (`watch`
/// checks them before it starts).
pub fn options(args: &ReportArgs) -> Result<(Option<Period>, Option<NaiveDateTime>), Error> {
    let asked = asked_period(args)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| super::parse_instant("--as-of", t))
        .transpose()?;
    Ok((asked, as_of))
}

fn asked_period(args: &ReportArgs) -> Result<Option<Period>, Error> {
    if let Some(w) = &args.week {
        return Ok(Some(Period::parse_week(w)?));
    }
    if let Some(m) = &args.month {
        return Ok(Some(Period::parse_month(m)?));
    }
    if let (Some(f), Some(t)) = (&args.from, &args.to) {
        let from = super::parse_date("--from", f)?;
        let to = super::parse_date("--to", t)?;
        return Ok(Some(Period::range(from, to)?));
    }
    Ok(None)
}

/// The summary: period, counts, the best and worst three of each group, anomalies.
pub fn summary(ds: &crate::normalise::Dataset, j: &Judgement) -> String {
    let mut out = String::new();
    out += &format!(
        "统计期：{}（判定截止 {}）\n",
        j.period.words(),
        j.as_of.format("%Y-%m-%d %H:%M:%S")
    );
    let count = |o: Outcome| {
        j.in_period
            .iter()
            .filter(|&&i| j.judged[i].outcome == o)
            .count()
    };
    out += &format!(
        "本期承办任务 {} 个：按时反馈 {}，超时反馈 {}，超期未反馈 {}，未到期 {}\n",
        j.in_period.len(),
        count(Outcome::OnTime),
        count(Outcome::Late),
        count(Outcome::Overdue),
        count(Outcome::NotDue)
    );
    out += &format!(
        "逾期清单 {} 条；异常数据 {} 条\n",
        j.overdue.len(),
        ds.anomalies.len()
    );
    for group in &ds.groups {
        let ranked: Vec<_> = j
            .units
            .iter()
            .filter(|l| &l.stats.group == group && l.rank.is_some())
            .collect();
        if ranked.is_empty() {
            continue;
        }
        let show = |ls: &[&crate::judge::UnitLine]| {
            ls.iter()
                .map(|l| {
                    format!(
                        "{}（第{}名，{:.2}分）",
                        l.stats.unit,
                        l.rank.unwrap_or(0),
                        l.score.unwrap_or(0.0)
                    )
                })
                .collect::<Vec<_>>()
                .join("、")
        };
        let best: Vec<_> = ranked.iter().take(3).copied().collect();
        let worst: Vec<_> = ranked.iter().skip(3).rev().take(3).copied().collect();
        if worst.is_empty() {
            out += &format!("{group}：{}\n", show(&best));
        } else {
            out += &format!("{group}：前三 {}；后三 {}\n", show(&best), show(&worst));
        }
    }
    out
}
