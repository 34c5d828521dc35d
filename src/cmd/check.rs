//! `mashang check`: read and validate only. Lists each file and sheet with its
//! kind and reconciliation, and the anomalies by reason with the first rows of
//! each (`-q`: without the file list); tries the rules on the data as
//! `report` would; exit code 1 when there is any anomaly or rule error.

use crate::cli::CheckArgs;
use crate::error::Error;
use crate::model::{Anomaly, FileReport};
use crate::pipeline::{self, RulesOptions};
use std::process::ExitCode;

/// How many rows of each anomaly kind are shown.
const SHOWN_PER_KIND: usize = 5;

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let prepared = pipeline::prepare(&args.input, &RulesOptions::from(&args.rules), None)?;
    let ds = &prepared.dataset;
    super::warn_unreadable(ds);
    if !crate::progress::quiet() {
        print!("{}", files_text(&ds.files));
    }
    println!(
        "合计：事项 {} 件，承办任务 {} 个，反馈 {} 条，单位 {} 个",
        ds.cases.len(),
        ds.assignments.len(),
        ds.replies.len(),
        ds.units.len()
    );
    if ds.files.is_empty() {
        println!(
            "输入目录 {} 中没有找到表格文件（.xlsx .xls .csv 等）；请把导出表放进该文件夹",
            args.input.display()
        );
        return Ok(ExitCode::from(1));
    }
    let code = if ds.anomalies.is_empty() {
        println!("未发现异常数据。");
        ExitCode::SUCCESS
    } else {
        print!("{}", anomalies_text(&ds.anomalies));
        ExitCode::from(1)
    };
    // The rules are tried on every case, judged at the latest time stamp
    // (and the units scored for its week and the one before): a rule that
    // fails on some case fails here, not first in the weekly run.
    let mut code = code;
    if let Some(latest) = ds.latest {
        use crate::judge::JudgeError;
        use crate::rules::RuleError;
        let period = crate::period::Period::week_of(latest.date());
        let at = latest.format("%Y-%m-%d %H:%M:%S");
        let (rules, calendar) = (&prepared.rules, &prepared.calendar);
        match crate::judge::judge(ds, rules, calendar, &period, latest) {
            Ok(_) => println!(
                "规则试算（全部 {} 个承办任务，截至数据中最晚的时间 {at}）：未发现规则错误。",
                ds.assignments.len()
            ),
            // A year without holidays is a finding about the data (perhaps a
            // mistyped year), not about the rules: said, and checked on.
            Err(JudgeError::Rule(
                e @ (RuleError::Calendar(_) | RuleError::CalendarInScript { .. }),
            )) => {
                println!(
                    "规则试算未能完成：{e}。试算截至数据中最晚的时间 {at}；若该时间是笔误，请修正那一行"
                );
                code = ExitCode::from(1);
            }
            Err(e) => return Err(e.into()),
        }
        super::print_assumed_years(calendar);
    }
    Ok(code)
}

/// Each file and sheet with kind and reconciliation.
pub fn files_text(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        out += &format!("文件 {}\n", f.path);
        if let Some(e) = &f.error {
            out += &format!("  无法读取：{e}\n");
            continue;
        }
        for s in &f.sheets {
            let t = &s.tally;
            if s.header_row == 0 {
                out += &format!("  工作表“{}”：{}\n", s.name, s.kind.label());
                continue;
            }
            out += &format!(
                "  工作表“{}”：{}，表头在第{}行；读取 {} = 使用 {} + 重复 {} + 跳过 {}（空行 {}，表尾 {}） + 异常 {}{}\n",
                s.name,
                s.kind.label(),
                s.header_row,
                t.read,
                t.used,
                t.duplicates,
                t.skipped(),
                t.blank,
                t.footer,
                t.anomalies,
                if t.balanced() { "" } else { "  ← 核对不平！" }
            );
        }
    }
    out
}

/// Anomaly counts by reason, with the first rows of each.
pub fn anomalies_text(anomalies: &[Anomaly]) -> String {
    let mut kinds: Vec<_> = anomalies.iter().map(|a| a.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut out = format!("发现异常数据 {} 条：\n", anomalies.len());
    for kind in kinds {
        let of_kind: Vec<_> = anomalies.iter().filter(|a| a.kind == kind).collect();
        out += &format!("  {}：{} 条\n", kind.label(), of_kind.len());
        for a in of_kind.iter().take(SHOWN_PER_KIND) {
            let place = if a.row == 0 {
                a.file.to_string()
            } else {
                format!("{} [{}] 第{}行", a.file, a.sheet, a.row)
            };
            out += &format!("    {place}：{}\n", a.message);
        }
        if of_kind.len() > SHOWN_PER_KIND {
            out += &format!("    ……另有 {} 条\n", of_kind.len() - SHOWN_PER_KIND);
        }
    }
    out
}
