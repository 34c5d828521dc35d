//! `mashang explain`: for each assignment of a case — unit, role, 交办时间,
//! deadline and its basis, first reply, outcome, overdue working days,
//! escalation — and which script decided each.

use crate::cli::ExplainArgs;
use crate::error::Error;
use crate::judge::outcome::{self, Judged};
use crate::judge::stats::{reply_summaries, RepliesByAssignment};
use crate::judge::JudgeError;
use crate::pipeline::{self, Prepared, RulesOptions};
use crate::rules::Hook;
use chrono::NaiveDateTime;
use std::process::ExitCode;

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> Result<ExitCode, Error> {
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| super::parse_instant("--as-of", t))
        .transpose()?;
    let prepared = pipeline::prepare(&args.input, &RulesOptions::from(&args.rules), None)?;
    super::warn_unreadable(&prepared.dataset);
    let as_of = match as_of.or(prepared.dataset.latest) {
        Some(t) => t,
        None => return Err(Error::NoData(args.input.display().to_string())),
    };
    let mut missing = 0;
    for id in &args.case_ids {
        let id = crate::text::compact(id);
        match explain_case(&prepared, &id, as_of)? {
            Some(text) => print!("{text}"),
            None => {
                eprintln!("mashang: 事项编号 {id} 在输入数据中不存在（或其交办记录有误，可用 check 查看）");
                missing += 1;
            }
        }
    }
    // Once, after every case: the years assumed so far are the run's.
    super::print_assumed_years(&prepared.calendar);
    Ok(if missing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The explanation of one case, or `None` when it does not exist.
pub fn explain_case(p: &Prepared, id: &str, as_of: NaiveDateTime) -> Result<Option<String>, Error> {
    let ds = &p.dataset;
    let Some(case_index) = ds.cases.iter().position(|c| c.id == id) else {
        return Ok(None);
    };
    let case = &ds.cases[case_index];
    let indices: Vec<usize> = (0..ds.assignments.len())
        .filter(|&i| ds.assignments[i].case_index == case_index)
        .collect();
    let mut deadlines = vec![None; ds.assignments.len()];
    for &i in &indices {
        deadlines[i] = Some(
            p.rules
                .deadline_of(|| outcome::task(ds, i))
                .map_err(JudgeError::from)?,
        );
    }
    let replies = reply_summaries(ds, &RepliesByAssignment::new(ds), as_of, |i| {
        deadlines[i].is_some()
    });
    let judged: Vec<Judged> =
        outcome::judge_all(ds, &p.rules, &p.calendar, deadlines, replies, as_of)
            .map_err(JudgeError::from)?;
    let mut out = format!(
        "事项 {}（来源：{}；紧急程度：{}；交办时间 {}；办理时限：{}）\n  登记于 {}\n  判定截止 {}\n",
        case.id,
        case.source.as_deref().unwrap_or("（空）"),
        case.urgency.as_deref().unwrap_or("（空）"),
        t(case.assigned_at),
        case.explicit_due.map(t).unwrap_or_else(|| "（无）".into()),
        case.origin,
        t(as_of)
    );
    if case.assigned_at > as_of {
        out += "  该事项交办时间晚于判定截止时间，尚不存在。\n";
        return Ok(Some(out));
    }
    let source = |h: Hook| p.rules.hook_source(h);
    for j in &judged {
        let a = &ds.assignments[j.index];
        out += &format!("  承办单位 {}（{}，{}）\n", a.unit, a.role.label(), a.group);
        out += &format!(
            "    应反馈时间 {}；时限依据：{}   [deadline ← {}]\n",
            t(j.deadline.due),
            j.deadline.basis,
            source(Hook::Deadline)
        );
        match j.replies.first {
            Some(r) => {
                out += &format!(
                    "    首次反馈 {}（工作时长 {:.2} 小时）；办理状态：{}\n",
                    t(r),
                    j.reply_hours.unwrap_or(0.0),
                    j.replies.latest_status.as_deref().unwrap_or("（空）")
                )
            }
            None => out += "    截止时尚无反馈\n",
        }
        out += &format!("    结果：{}\n", j.outcome.label());
        if let Some(w) = j.overdue_workdays {
            out += &format!(
                "    逾期工作日 {w}（应反馈日期与{}之间的工作日数）；督办措施：{}   [escalation ← {}]\n",
                if j.replies.first.is_some() { "反馈日期" } else { "判定截止日期" },
                j.escalation.label(),
                source(Hook::Escalation)
            );
        }
    }
    Ok(Some(out))
}
