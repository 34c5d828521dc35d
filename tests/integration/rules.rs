//! The rules engine through the library: the default rules on the SPEC
//! examples ([`defaults`]), and custom, broken and hostile rules folders
//! ([`custom`]). Shared helpers live here.

mod custom;
mod defaults;
mod hostile;

use chrono::NaiveDateTime;
use mashang::calendar::Calendar;
use mashang::model::Role;
use mashang::rules::{RuleError, RuleSet, Task, UnitStats};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// The built-in calendar (loaded once for all tests).
fn calendar() -> Arc<Calendar> {
    static CAL: OnceLock<Arc<Calendar>> = OnceLock::new();
    CAL.get_or_init(|| Arc::new(Calendar::load(None, false).expect("built-in calendar")))
        .clone()
}

/// The default rules.
fn defaults() -> RuleSet {
    RuleSet::load(None, calendar()).expect("default rules load")
}

/// `2017-01-26 10:00` (seconds optional).
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|e| panic!("bad test time {s}: {e}"))
}

/// A 一般 task of one unit, assigned at `assigned`.
fn task(case_id: &str, assigned: &str) -> Task {
    Task {
        case_id: case_id.into(),
        source: Some("群众投诉".into()),
        urgency: None,
        content: Some("路灯不亮".into()),
        assigned_at: at(assigned),
        explicit_due: None,
        unit: "县交通局".into(),
        group: "县直部门".into(),
        role: Role::Lead,
        unit_count: 1,
    }
}

/// Unit statistics with the rates computed from the counts.
fn stats(due: u32, on_time: u32, overdue: u32, completed: u32, on_site: u32) -> UnitStats {
    let rate = |n: u32| (due > 0).then(|| f64::from(n) / f64::from(due));
    UnitStats {
        unit: "城关街道".into(),
        group: "镇街".into(),
        due,
        on_time,
        late: due - on_time - overdue,
        overdue,
        completed,
        on_time_rate: rate(on_time),
        completion_rate: rate(completed),
        avg_reply_hours: Some(5.5),
        on_site,
    }
}

/// A rules folder with the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write rules file");
    }
    dir
}

/// Loads `dir`, asserting it loads.
fn load(dir: &Path) -> RuleSet {
    RuleSet::load(Some(dir), calendar()).unwrap_or_else(|e| panic!("rules should load: {e}"))
}

/// Runs `f`, asserting it fails within the generous "no hang" bound, and returns the error.
fn fails_fast<T: std::fmt::Debug>(f: impl FnOnce() -> Result<T, RuleError>) -> RuleError {
    let start = Instant::now();
    let result = f();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    }
}

/// Asserts the message contains every piece.
fn assert_mentions(err: &RuleError, pieces: &[&str]) {
    let text = err.to_string();
    for p in pieces {
        assert!(text.contains(p), "{p:?} missing from: {text}");
    }
}
