//! The pipeline end to end: rules compiled first (fail fast), then the folder
//! read and normalised, the period judged, and the report model assembled.

use crate::calendar::Calendar;
use crate::error::Error;
use crate::judge::{self, Judgement};
use crate::normalise::{self, Dataset};
use crate::period::Period;
use crate::report::mask::{mask_name, mask_phone, shorten};
use crate::report::model::{DetailRow, Notes, OverdueRow, RankingRow, ReportModel};
use crate::rules::{Hook, RuleSet};
use chrono::NaiveDateTime;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What every command that reads data needs: calendar, rules, data set.
pub struct Prepared {
    pub calendar: Arc<Calendar>,
    pub rules: RuleSet,
    pub dataset: Dataset,
}

/// Where the rules come from and how the calendar treats missing years.
#[derive(Clone, Debug, Default)]
pub struct RulesOptions {
    pub rules_dir: Option<PathBuf>,
    pub assume_weekends: bool,
}

/// Loads calendar and rules (before any spreadsheet is read: a broken rule
/// costs a second), then reads and normalises `input`, skipping `exclude`.
pub fn prepare(
    input: &Path,
    opts: &RulesOptions,
    exclude: Option<&Path>,
) -> Result<Prepared, Error> {
    let calendar = Arc::new(Calendar::load(
        opts.rules_dir.as_deref(),
        opts.assume_weekends,
    )?);
    let rules = RuleSet::load(opts.rules_dir.as_deref(), calendar.clone())?;
    if !input.is_dir() {
        return Err(Error::InputMissing(input.display().to_string()));
    }
    let reading = crate::progress::Reading::start();
    let files = crate::ingest::read_folder_with(input, exclude, &|n, f| reading.file_done(n, f))
        .map_err(|e| Error::InputUnreadable {
            dir: input.display().to_string(),
            message: crate::error::io_reason(&e),
        })?;
    reading.finish(&files);
    let dataset = {
        let _step = crate::progress::step("整理数据");
        normalise::normalise(files)
    };
    Ok(Prepared {
        calendar,
        rules,
        dataset,
    })
}

/// The period asked for, or the default: the ISO week before the week of the
/// latest time stamp in the inputs.
pub fn resolve_period(ds: &Dataset, asked: Option<Period>, input: &Path) -> Result<Period, Error> {
    match asked {
        Some(p) => Ok(p),
        None => ds
            .latest
            .map(Period::default_for)
            .ok_or_else(|| Error::NoData(input.display().to_string())),
    }
}

/// Judges and assembles the workbook model.
pub fn build_report(
    prepared: &Prepared,
    period: &Period,
    as_of: Option<NaiveDateTime>,
    org: &str,
) -> Result<(Judgement, ReportModel), Error> {
    let as_of = as_of.unwrap_or_else(|| period.end_instant());
    let ds = &prepared.dataset;
    let _step = crate::progress::step("判定");
    let judgement = judge::judge(ds, &prepared.rules, &prepared.calendar, period, as_of)?;
    let model = model_of(prepared, &judgement, org);
    Ok((judgement, model))
}

fn model_of(prepared: &Prepared, j: &Judgement, org: &str) -> ReportModel {
    let ds = &prepared.dataset;
    let ranking = j
        .units
        .iter()
        .map(|l| RankingRow {
            group: l.stats.group.clone(),
            rank: l.rank,
            unit: l.stats.unit.clone(),
            due: l.stats.due,
            on_time: l.stats.on_time,
            late: l.stats.late,
            overdue: l.stats.overdue,
            on_time_rate: l.stats.on_time_rate,
            completion_rate: l.stats.completion_rate,
            avg_reply_hours: l.stats.avg_reply_hours,
            on_site: l.stats.on_site,
            score: l.score,
            change: l.change,
            rating: l.rating,
        })
        .collect();
    // The two long lists are made and sorted across cores.
    let overdue = j
        .overdue
        .par_iter()
        .map(|&i| {
            let x = &j.judged[i];
            let a = &ds.assignments[x.index];
            let c = &ds.cases[a.case_index];
            OverdueRow {
                case_id: c.id.clone(),
                source: c.source.clone().unwrap_or_default(),
                content: shorten(
                    c.content.as_deref().unwrap_or(""),
                    crate::report::mask::CONTENT_MAX_CHARS,
                ),
                unit: a.unit.to_string(),
                assigned_at: c.assigned_at,
                due: x.deadline.due,
                overdue_workdays: x.overdue_workdays.unwrap_or(0),
                escalation: x.escalation.label().to_owned(),
                contact: mask_name(c.contact.as_deref().unwrap_or("")),
                phone: mask_phone(c.phone.as_deref().unwrap_or("")),
            }
        })
        .collect();
    let mut details: Vec<DetailRow> = j
        .in_period
        .par_iter()
        .map(|&i| {
            let x = &j.judged[i];
            let a = &ds.assignments[x.index];
            let c = &ds.cases[a.case_index];
            DetailRow {
                case_id: c.id.clone(),
                unit: a.unit.to_string(),
                role: a.role.label().to_owned(),
                source: c.source.clone().unwrap_or_default(),
                urgency: c.urgency.clone().unwrap_or_default(),
                assigned_at: c.assigned_at,
                due: x.deadline.due,
                basis: x.deadline.basis.clone(),
                first_reply: x.replies.first,
                outcome: x.outcome.label().to_owned(),
                reply_hours: x.reply_hours,
                escalation: x.escalation.label().to_owned(),
                status: x.replies.latest_status.clone().unwrap_or_default(),
            }
        })
        .collect();
    details.par_sort_by(|a, b| {
        (a.assigned_at, &a.case_id, &a.role, &a.unit).cmp(&(
            b.assigned_at,
            &b.case_id,
            &b.role,
            &b.unit,
        ))
    });
    let cal = &prepared.calendar;
    let assumed = cal.assumed_years();
    let calendar_warnings = assumed
        .iter()
        .map(|y| format!("{y} 年没有节假日数据，已按周一至周五临时计算（临时口径）"))
        .collect();
    let notes = Notes {
        rules: prepared.rules.files(),
        hooks: [Hook::Deadline, Hook::Escalation, Hook::Score, Hook::Rating]
            .into_iter()
            .map(|h| (hook_name(h).to_owned(), prepared.rules.hook_source(h)))
            .collect(),
        inputs: ds.files.clone(),
        calendar_years: cal
            .years()
            .into_iter()
            .map(|y| (y.year, y.source))
            .collect(),
        calendar_hash: cal.hash().to_owned(),
        calendar_warnings,
        version: crate::VERSION.to_owned(),
    };
    ReportModel {
        org: org.to_owned(),
        period: j.period.clone(),
        as_of: j.as_of,
        provisional: !assumed.is_empty(),
        ranking,
        overdue,
        details,
        anomalies: ds.anomalies.clone(),
        notes,
    }
}

/// The hook's script name.
pub fn hook_name(h: Hook) -> &'static str {
    match h {
        Hook::Deadline => "deadline",
        Hook::Escalation => "escalation",
        Hook::Score => "score",
        Hook::Rating => "rating",
    }
}
