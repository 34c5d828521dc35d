//! Benchmark of the default rules: deadlines and escalations for generated
//! assignments, on one thread and on two (rayon), in µs per assignment.
//!
//! ```text
//! cargo run --release --example bench_rules [-- ASSIGNMENTS [RULES_DIR]]
//! ```

use chrono::{Duration, NaiveDate, NaiveDateTime};
use mashang::calendar::{end_of_day, Calendar};
use mashang::model::Role;
use mashang::rules::{RuleSet, Task};
use std::sync::Arc;
use std::time::Instant;

/// Generated assignments, deterministic for a given count.
fn tasks(n: usize) -> Vec<Task> {
    let mut rng = fastrand::Rng::with_seed(2017);
    let sources = ["群众投诉", "咨询", "媒体曝光", "批示件", "查办件"];
    let urgencies = [None, None, Some("一般"), Some("紧急"), Some("特急")];
    let start = NaiveDate::from_ymd_opt(2017, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (0..n)
        .map(|i| {
            let assigned_at: NaiveDateTime =
                start + Duration::seconds(rng.i64(0..8 * 365 * 86_400));
            let extra = Duration::hours(rng.i64(1..200));
            let explicit_due = (rng.u8(0..10) == 0).then(|| assigned_at + extra);
            let unit_count = rng.usize(1..4);
            Task {
                case_id: format!("2017-{i:07}"),
                source: Some(sources[rng.usize(0..sources.len())].to_owned()),
                urgency: urgencies[rng.usize(0..urgencies.len())].map(str::to_owned),
                content: Some("某小区路灯长期不亮，群众夜间出行不便，请尽快处理".to_owned()),
                assigned_at,
                explicit_due,
                unit: format!("单位{:02}", rng.u8(0..50)),
                group: "县直部门".to_owned(),
                role: if rng.bool() { Role::Lead } else { Role::Assist },
                unit_count,
            }
        })
        .collect()
}

/// CPU seconds this process has used (user + system), from /proc (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The default deadline rule written in Rust, as a baseline for the machine's parallelism.
fn native_deadline(cal: &Calendar, t: &Task) -> NaiveDateTime {
    let urgency = t.urgency.as_deref().unwrap_or("");
    if let Some(d) = t.explicit_due {
        d
    } else if urgency == "特急" {
        t.assigned_at + Duration::hours(2)
    } else if urgency == "紧急" || (urgency.is_empty() && t.source.as_deref() == Some("媒体曝光"))
    {
        end_of_day(t.assigned_at.date())
    } else {
        end_of_day(
            cal.nth_workday_after(t.assigned_at.date(), 1)
                .expect("calendar"),
        )
    }
}

/// Runs `f` and prints wall and CPU time per assignment.
fn measure<R>(label: &str, n: usize, f: impl FnOnce() -> R) -> (R, f64) {
    let (cpu, t) = (cpu_seconds(), Instant::now());
    let r = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu.zip(cpu_seconds()).map_or(f64::NAN, |(a, b)| b - a);
    let us = |secs: f64| secs * 1e6 / n as f64;
    println!(
        "  {label:<22} {:>6.2} µs wall, {:>6.2} µs CPU per assignment",
        us(wall),
        us(cpu)
    );
    (r, wall)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(1_000_000, |s| s.parse().expect("ASSIGNMENTS is a number"));
    let dir = args.next().map(std::path::PathBuf::from);
    let calendar = Arc::new(Calendar::load(None, false).expect("calendar"));
    let rules = RuleSet::load(dir.as_deref(), calendar).unwrap_or_else(|e| panic!("{e}"));
    let tasks = tasks(n);
    let items: Vec<(&Task, u32)> = tasks.iter().zip(0u32..).map(|(t, i)| (t, i % 6)).collect();
    println!("{n} assignments, default rules: {:?}", rules.hook_sources());
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        println!("{threads} thread(s):");
        let cal = rules.calendar();
        measure("native deadline (Rust)", n, || {
            use rayon::prelude::*;
            pool.install(|| {
                tasks
                    .par_iter()
                    .map(|t| native_deadline(cal, t))
                    .collect::<Vec<_>>()
            })
        });
        let (deadlines, d) = measure("deadline hook", n, || {
            pool.install(|| rules.deadlines(&tasks))
        });
        let (escalations, e) = measure("escalation hook", n, || {
            pool.install(|| rules.escalations(&items))
        });
        let (deadlines, escalations) = (deadlines.unwrap(), escalations.unwrap());
        assert_eq!((deadlines.len(), escalations.len()), (n, n));
        for (t, d) in tasks.iter().zip(&deadlines).take(10_000) {
            assert_eq!(d.due, native_deadline(cal, t), "{}", t.case_id);
        }
        println!(
            "  both hooks: {:.2} µs per assignment",
            (d + e) * 1e6 / n as f64
        );
    }
}
