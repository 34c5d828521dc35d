//! Large mode: benchmark inputs.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Timelike};
use fastrand::Rng;

use super::calendar::{date, dt, iso_label, Calendar};
use super::cases::{make_cases, make_replies, year_typo, Reply, ReplyFlaw};
use super::data::CLERKS;
use super::intake::{intake_styles, intake_tables, Export, IntakeFlaw};
use super::render::{save_workbook, DateStyle, Res};
use super::replies::{reply_tables, units_table, ReplyStyle};

/// Spread `n` cases over the days from `first` to `last`: working days weigh
/// 10, holidays 1 (duty hotline), ordinary weekends 0.
pub fn large_plan(
    cal: &Calendar,
    first: NaiveDate,
    last: NaiveDate,
    n: usize,
) -> Vec<(NaiveDate, usize)> {
    let mut days = vec![];
    let mut d = first;
    while d <= last {
        let w = if cal.is_workday(d) {
            10
        } else if cal.is_holiday(d) {
            1
        } else {
            0
        };
        days.push((d, w as u64));
        d = d.succ_opt().unwrap();
    }
    let total: u64 = days.iter().map(|(_, w)| w).sum();
    let mut acc = 0u64;
    let mut plan = vec![];
    for (d, w) in days {
        let before = (acc * n as u64 / total) as usize;
        acc += w;
        let after = (acc * n as u64 / total) as usize;
        plan.push((d, after - before));
    }
    plan
}

/// Writes the benchmark inputs for `n_cases` cases over `n_files` weekly
/// intake exports into `out` (created if missing), with the monthly reply logs
/// and the units workbook. Same arguments, same bytes.
pub fn generate(out: &Path, n_cases: usize, n_files: usize) -> Res<()> {
    let started = Instant::now();
    std::fs::create_dir_all(out)?;
    let cal = Calendar::new();
    let mut rng = Rng::with_seed(0x006d_6173_6861_6e67 ^ ((n_cases as u64) << 8) ^ n_files as u64);
    let first = date("2017-01-02"); // Monday of 2017-W01
    let last = first + Duration::weeks(n_files as i64 + 1) - Duration::days(1);
    let plan = large_plan(&cal, first, last, n_cases);
    let width = n_cases.to_string().len().max(4);
    let cases = make_cases(&mut rng, &cal, &plan, width);
    let cutoff = dt(last.succ_opt().unwrap(), 18, 0);
    let mut replies = make_replies(&mut rng, &cal, &cases, cutoff);
    // Sprinkle a few realistic defects: ~1 in 20,000 rows.
    for r in replies.iter_mut() {
        if rng.u32(..20_000) == 0 {
            r.flaw = Some(ReplyFlaw::WrongId(year_typo(&cases[r.case].id)));
        }
    }
    let mut intake_rows = 0usize;
    let mut anomalies = 0usize;
    let styles = intake_styles();
    for k in 0..n_files {
        let this_week = first + Duration::weeks(k as i64 + 1);
        let export = Export::new(this_week, CLERKS[k % CLERKS.len()]);
        let lo = cases.partition_point(|c| c.at.date() < export.from);
        let hi = cases.partition_point(|c| c.at.date() <= export.to);
        let idxs: Vec<usize> = (lo..hi).collect();
        let mut flaws = BTreeMap::new();
        for &i in &idxs {
            match rng.u32(..40_000) {
                0 => {
                    flaws.insert(i, IntakeFlaw::BlankId);
                }
                1 => {
                    let t = cases[i].at;
                    flaws.insert(
                        i,
                        IntakeFlaw::TimeText(format!(
                            "{}年{}月32日{}时{}分",
                            t.year(),
                            t.month(),
                            t.hour(),
                            t.minute()
                        )),
                    );
                }
                _ => {}
            }
        }
        anomalies += flaws.len();
        let mut style = styles[k % styles.len()].clone();
        style.notes_sheet = false;
        let tables = intake_tables(&mut rng, &cases, &idxs, &export, &style, &flaws);
        let name = format!("交办登记_{}.xlsx", iso_label(this_week));
        save_workbook(&out.join(&name), "交办事项登记表", &tables)?;
        intake_rows += idxs.len();
        eprintln!("  {name}: {} rows in {} sheet(s)", idxs.len(), tables.len());
    }
    save_workbook(&out.join("单位名单.xlsx"), "单位名单", &[units_table()])?;
    // Monthly reply logs.
    let mut months: BTreeMap<(i32, u32), Vec<&Reply>> = BTreeMap::new();
    for r in &replies {
        months
            .entry((r.at.year(), r.at.month()))
            .or_default()
            .push(r);
    }
    for ((y, m), rs) in &months {
        let style = ReplyStyle {
            sheet: "反馈登记",
            title: Some(format!("蓝田县马上就办事项反馈登记表（{y}年{m}月）")),
            headers: ["事项编号", "反馈单位", "反馈时间", "办理状态", "反馈内容"],
            dates: DateStyle::Cell("yyyy-mm-dd hh:mm"),
            alias_rate: 0.1,
            footer: true,
        };
        let tables = reply_tables(&mut rng, &cases, rs, &style);
        let name = format!("反馈登记_{y}-{m:02}.xlsx");
        save_workbook(&out.join(&name), "反馈登记表", &tables)?;
        eprintln!("  {name}: {} rows in {} sheet(s)", rs.len(), tables.len());
    }
    anomalies += replies.iter().filter(|r| r.flaw.is_some()).count();
    println!(
        "large: {} cases, {} assignments, {} replies ({:.2}/case), {} intake rows in {} files, {} deliberate anomalies; {} → {:.1}s",
        cases.len(),
        cases.iter().map(|c| c.units.len()).sum::<usize>(),
        replies.len(),
        replies.len() as f64 / cases.len().max(1) as f64,
        intake_rows,
        n_files,
        anomalies,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
