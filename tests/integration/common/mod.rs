//! The test harness: a fresh work folder per test, fixtures written in code
//! (xlsx with rust_xlsxwriter, GBK CSV with encoding_rs), the built binary run
//! in it, and workbooks read back with calamine.

#![allow(dead_code)]

use calamine::{Data, Reader};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A cell value in a fixture.
#[derive(Clone, Debug)]
pub enum V {
    S(String),
    N(f64),
    /// An Excel date-time cell.
    T(NaiveDateTime),
    /// An Excel date cell (date format, midnight).
    D(NaiveDate),
    /// A raw serial number with a date-time format.
    Serial(f64),
    /// A number formatted `000000`, as systems format IDs.
    Padded(f64),
    Blank,
}

/// Text cell.
pub fn s(x: &str) -> V {
    V::S(x.to_owned())
}

/// An instant from `YYYY-MM-DD HH:MM[:SS]`.
pub fn dt(x: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M"))
        .expect("valid test instant")
}

/// A row of text cells; `""` is a blank cell.
pub fn row(cells: &[&str]) -> Vec<V> {
    cells
        .iter()
        .map(|c| if c.is_empty() { V::Blank } else { s(c) })
        .collect()
}

/// A sheet fixture: name, rows from A1, and merged ranges (r1, c1, r2, c2; 0-based).
pub struct SheetSpec {
    pub name: String,
    pub rows: Vec<Vec<V>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl SheetSpec {
    pub fn new(name: &str, rows: Vec<Vec<V>>) -> Self {
        SheetSpec {
            name: name.to_owned(),
            rows,
            merges: Vec::new(),
        }
    }

    pub fn merge(mut self, r1: u32, c1: u16, r2: u32, c2: u16) -> Self {
        self.merges.push((r1, c1, r2, c2));
        self
    }
}

fn write_rows(ws: &mut Worksheet, spec: &SheetSpec) {
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, cells) in spec.rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                V::S(x) => {
                    ws.write_string(r, c, x).unwrap();
                }
                V::N(x) => {
                    ws.write_number(r, c, *x).unwrap();
                }
                V::T(t) => {
                    ws.write_datetime_with_format(r, c, t, &datetime).unwrap();
                }
                V::D(d) => {
                    ws.write_datetime_with_format(r, c, d, &date).unwrap();
                }
                V::Serial(x) => {
                    ws.write_number_with_format(r, c, *x, &datetime).unwrap();
                }
                V::Padded(x) => {
                    let padded = Format::new().set_num_format("000000");
                    ws.write_number_with_format(r, c, *x, &padded).unwrap();
                }
                V::Blank => {}
            }
        }
    }
    for &(r1, c1, r2, c2) in &spec.merges {
        let top = match spec.rows.get(r1 as usize).and_then(|r| r.get(c1 as usize)) {
            Some(V::S(x)) => x.clone(),
            _ => String::new(),
        };
        ws.merge_range(r1, c1, r2, c2, &top, &Format::new())
            .unwrap();
    }
}

/// A temporary work folder with an `in/` folder for inputs.
pub struct Work {
    pub dir: tempfile::TempDir,
}

impl Work {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("in")).unwrap();
        Work { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The input folder.
    pub fn input(&self) -> PathBuf {
        self.dir.path().join("in")
    }

    /// Writes an xlsx under `in/`.
    pub fn xlsx(&self, name: &str, sheets: Vec<SheetSpec>) -> PathBuf {
        let path = self.input().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        let mut wb = Workbook::new();
        for spec in &sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&spec.name).unwrap();
            write_rows(ws, spec);
        }
        wb.save(&path).unwrap();
        path
    }

    /// Writes raw bytes under `in/`.
    pub fn bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.input().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes a rules script `rules/<file>` in the work folder (for `--rules rules`).
    pub fn rule(&self, file: &str, script: &str) {
        let rules = self.path().join("rules");
        std::fs::create_dir_all(&rules).unwrap();
        std::fs::write(rules.join(file), script).unwrap();
    }

    /// Writes a CSV under `in/` encoded as GBK.
    pub fn gbk_csv(&self, name: &str, text: &str) -> PathBuf {
        let (bytes, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad, "fixture text must be GBK-encodable");
        self.bytes(name, &bytes)
    }

    /// Runs the built binary in the work folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_mashang"))
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap()
    }
}

/// stdout and stderr of a run, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A sheet of a workbook read back with calamine, as rows of cells.
pub fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// Rewrites an xlsx to use the 1904 date system (as Mac Excel once did).
pub fn make_1904(path: &Path) {
    rewrite_part(path, "xl/workbook.xml", |text| {
        text.replacen("<workbookPr ", "<workbookPr date1904=\"1\" ", 1)
    });
}

/// Rewrites one part (a file inside the zip) of a workbook with `edit`.
pub fn rewrite_part(path: &Path, part: &str, edit: impl Fn(String) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        // An OpenDocument's mimetype stays first and uncompressed.
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}
