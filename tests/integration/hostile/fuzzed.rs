//! The inputs the fuzz targets (`fuzz/`) once failed on, kept as regression
//! tests: `tests/fixtures/hostile/fuzz/<target>/*`, each run through the
//! same checks as its target.

use std::path::{Path, PathBuf};

#[path = "../../../fuzz/fuzz_targets/checks.rs"]
mod checks;
#[path = "../../../fuzz/fuzz_targets/input.rs"]
mod input;

/// The saved inputs of one target, sorted.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/fuzz")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn saved_datetime_inputs() {
    for (path, bytes) in inputs("datetime") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            eprintln!("{}", path.display());
            checks::datetime(text);
        }
    }
}

#[test]
fn saved_header_inputs() {
    for (path, bytes) in inputs("header") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            eprintln!("{}", path.display());
            checks::header(text);
        }
    }
}

#[test]
fn saved_workbook_inputs() {
    for (path, bytes) in inputs("workbook") {
        eprintln!("{}", path.display());
        checks::workbook(&bytes, tempfile::tempdir().unwrap().path());
    }
}

/// The committed seeds (`fuzz/seeds/workbook`) are read as they are meant:
/// the wrapped sheet XML and ods content are real workbooks to the readers.
#[test]
fn workbook_seeds_are_read_as_meant() {
    let seed = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/seeds/workbook")
            .join(name);
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (ext, bytes) = input::file_of(&data).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let name = format!("input.{ext}");
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        mashang::ingest::read_file(&dir.path().join(&name), &name)
    };
    let sheets = seed("sheet.xml").sheets.unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].header_row, 2);
    assert_eq!((sheets[0].read, sheets[0].footer), (4, 1));
    let sheets = seed("content.xml").sheets.unwrap();
    assert_eq!(sheets[0].rows.len(), 2);
    let err = seed("corner.xml").sheets.unwrap_err();
    assert!(
        err.starts_with("工作表内容延伸到单元格 XFD1048576"),
        "{err}"
    );
    for name in [
        "units.xlsx",
        "replies.xls",
        "intake.ods",
        "replies.csv",
        "intake.tsv",
    ] {
        let sheets = seed(name).sheets.unwrap();
        assert!(sheets.iter().any(|s| s.header_row > 0), "{name}");
    }
}

/// An .xls whose DIMENSIONS record claims two billion rows made calamine
/// reserve petabytes, and the failed allocation aborted the whole run.
#[test]
fn an_xls_claiming_billions_of_cells_is_refused_not_fatal() {
    let err = saved_workbook_error("xls-dimensions-of-a-trillion-cells");
    assert!(
        err.starts_with("工作表内容延伸到单元格 CGTY1908867096（1908735992 行 × 58005 列"),
        "{err}"
    );
}

/// An .xls whose compound file only calamine's lenient reader opens, with
/// two cells far apart: calamine lays a sheet's cells out in one dense grid
/// and asked for 100 GB, aborting the run.
#[test]
fn an_xls_with_cells_far_apart_is_refused_not_fatal() {
    // Named .xlsx by the fuzz input; its bytes are an .xls, read as such.
    let err = saved_workbook_error("xls-cells-far-apart");
    assert!(err.starts_with("工作表内容延伸到单元格"), "{err}");
    assert!(err.contains("超过上限"), "{err}");
}

/// The reason `read_file` refuses the saved `workbook` input `name`.
fn saved_workbook_error(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/fuzz/workbook")
        .join(name);
    let data = std::fs::read(path).unwrap();
    let (ext, bytes) = input::file_of(&data).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = format!("input.{ext}");
    std::fs::write(dir.path().join(&file), bytes).unwrap();
    mashang::ingest::read_file(&dir.path().join(&file), &file)
        .sheets
        .unwrap_err()
}
