//! Hostile inputs (issue 7): a corpus of bad folders, files, cells and rules,
//! each run through the built binary, asserting the Chinese message, the exit
//! code, the rows of 异常数据 and the reconciliation; a report interrupted
//! while it is written; and the inputs the fuzz targets once failed on.
//!
//! Fixtures are generated in code; the few that cannot be (an encrypted
//! workbook, fuzz findings) live in `tests/fixtures/`.

mod bombs;
mod cells;
mod delimited;
mod folders;
mod fuzzed;
mod interrupted;
mod rules;

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The week every fixture's cases fall in.
pub const WEEK: &str = "2017-W03";

/// The report file `report` writes for [`WEEK`].
pub const REPORT: &str = "out/通报_2017-W03.xlsx";

/// An intake header and two good rows (2017-01-16, W03), then `extra` rows.
/// Columns: 事项编号, 来源, 事项内容, 交办时间, 承办单位.
pub fn intake(extra: Vec<Vec<V>>) -> SheetSpec {
    let mut rows = vec![
        row(&["事项编号", "来源", "事项内容", "交办时间", "承办单位"]),
        row(&["OK-1", "群众投诉", "路灯不亮", "2017-01-16 09:30", "华胥镇"]),
        row(&[
            "OK-2",
            "群众投诉",
            "道路破损",
            "2017-01-16 10:00",
            "县交通局",
        ]),
    ];
    rows.extend(extra);
    SheetSpec::new("交办登记", rows)
}

/// A finished run of the binary and where its report would be.
pub struct Run {
    pub out: Output,
    pub report: PathBuf,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.out.status.code()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    /// Asserts the exit code, showing the run when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), Some(code), "{}", show(&self.out));
        self
    }

    /// Asserts stderr contains every piece.
    pub fn expect_stderr(&self, pieces: &[&str]) -> &Self {
        let err = self.stderr();
        for p in pieces {
            assert!(
                err.contains(p),
                "{p:?} missing from stderr:\n{}",
                show(&self.out)
            );
        }
        self
    }

    /// The rows of 异常数据 below its header, as text
    /// (文件, 工作表, 行号, 事项编号, 问题, 原始内容).
    pub fn anomalies(&self) -> Vec<Vec<String>> {
        texts(&self.report, "异常数据")
            .into_iter()
            .skip(1)
            .collect()
    }

    /// The lines of 数据说明, cells joined with ` | `.
    pub fn notes(&self) -> Vec<String> {
        texts(&self.report, "数据说明")
            .into_iter()
            .map(|r| r.join(" | "))
            .collect()
    }

    /// The 数据说明 note of a sheet of a file: its kind, header row and reconciliation.
    pub fn sheet_note(&self, file: &str, sheet: &str) -> String {
        let notes = texts(&self.report, "数据说明");
        let start = notes
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "输入文件") && r[1] == file)
            .unwrap_or_else(|| panic!("no 输入文件 {file} in 数据说明: {notes:#?}"));
        notes[start + 1..]
            .iter()
            .take_while(|r| r[0] != "输入文件")
            .find(|r| r[0] == "工作表" && r[1] == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet} of {file} in 数据说明: {notes:#?}"))[2]
            .clone()
    }

    /// The 事项编号 column of 明细.
    pub fn detail_cases(&self) -> Vec<String> {
        texts(&self.report, "明细")
            .into_iter()
            .skip(1)
            .map(|r| r[0].clone())
            .collect()
    }
}

/// Runs `mashang report in --week 2017-W03 --out out` plus `extra` arguments.
pub fn report(w: &Work, extra: &[&str]) -> Run {
    let mut args = vec!["report", "in", "--week", WEEK, "--out", "out"];
    args.extend_from_slice(extra);
    Run {
        out: w.run(&args),
        report: w.path().join(REPORT),
    }
}

/// A sheet of a workbook as rows of cell texts.
pub fn texts(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    assert!(path.is_file(), "no report at {}", path.display());
    read_sheet(path, sheet)
        .into_iter()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

/// A cell as text; date-times as `2017-01-16 09:30:00`.
pub fn text(cell: &calamine::Data) -> String {
    use calamine::DataType;
    match cell.as_datetime() {
        Some(t) if matches!(cell, calamine::Data::DateTime(_)) => {
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
        _ => cell.to_string(),
    }
}

/// One anomaly row as (文件, 工作表, 行号, 事项编号, 问题) for compact assertions;
/// 原始内容 is checked separately where it matters.
pub fn brief(rows: &[Vec<String>]) -> Vec<[&str; 5]> {
    rows.iter()
        .map(|r| {
            [
                r[0].as_str(),
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r[4].as_str(),
            ]
        })
        .collect()
}

/// A committed fixture under `tests/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rewrites the parts of a zip (an xlsx) with `edit(name, bytes)`, deflated.
pub fn patch_zip(path: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let data = edit(&name, data);
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// Replaces `from` by `to` in one text part of an xlsx.
pub fn patch_part(path: &Path, part: &str, from: &str, to: &str) {
    patch_zip(path, |name, data| {
        if name != part {
            return data;
        }
        let text = String::from_utf8(data).unwrap();
        assert!(text.contains(from), "{from:?} not in {part}: {text}");
        text.replace(from, to).into_bytes()
    });
}
