//! Judging and the workbook end to end (issue 5): the built binary run on a
//! small messy county folder (`fixture.rs`), the workbook read back with
//! calamine and checked against numbers worked out by hand from SPEC §4–§6 —
//! never by calling the library — plus the period options, as-of, failures,
//! `explain`, layout facts from the XML, determinism, and the committed samples.

mod as_of;
mod explain;
mod failures;
mod fixture;
mod layout;
mod periods;
mod ranking;
mod samples;
mod sheets;

use crate::common::*;
use calamine::Data;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The default report of the county folder: `report in --week 2017-W05 --out out`.
pub const W05: &[&str] = &["--week", "2017-W05"];

/// Runs `report in <args> --out out`, asserts success, and returns the path of
/// the one workbook written and the run's output.
pub fn report(w: &Work, args: &[&str]) -> (PathBuf, Output) {
    report_into(w, args, "out")
}

/// Like [`report`], into the folder `out` of the work folder.
pub fn report_into(w: &Work, args: &[&str], out: &str) -> (PathBuf, Output) {
    let mut all = vec!["report", "in"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out]);
    let run = w.run(&all);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let written = files_in(&w.path().join(out));
    assert_eq!(written.len(), 1, "one workbook expected: {written:?}");
    (written.into_iter().next().unwrap(), run)
}

/// The files of a folder (none when it does not exist), sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// A cell as the analyst reads it: text as is, numbers without float noise
/// (at most 6 decimals, trailing zeros dropped), date-times to the second.
pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number(*f),
        Data::Int(i) => i.to_string(),
        Data::DateTime(t) => {
            let t = t.as_datetime().expect("a date-time cell");
            let t = t + chrono::Duration::milliseconds(500);
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
        other => format!("{other:?}"),
    }
}

fn number(f: f64) -> String {
    let s = format!("{f:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}

/// A sheet of a workbook as rows of [`text`].
pub fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    read_sheet(path, name)
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

/// The 通报 table's data rows (below the title, subtitle and header).
pub fn ranking(path: &Path) -> Vec<Vec<String>> {
    sheet(path, "通报").split_off(3)
}

/// The row of `unit` in the 通报 table.
pub fn unit_row(rows: &[Vec<String>], unit: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r[2] == unit)
        .unwrap_or_else(|| panic!("no row for {unit}: {rows:#?}"))
        .clone()
}

/// The rows of a detail sheet whose first column is `case`.
pub fn case_rows(rows: &[Vec<String>], case: &str) -> Vec<Vec<String>> {
    rows.iter().filter(|r| r[0] == case).cloned().collect()
}

/// Column `c` of every row.
pub fn column(rows: &[Vec<String>], c: usize) -> Vec<String> {
    rows.iter().map(|r| r[c].clone()).collect()
}

/// stdout of a run as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr of a run as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
