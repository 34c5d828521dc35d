//! Calendar files in the holiday-cn JSON form: the built-in ones (one per year,
//! from the repository's `rules/calendar/`) and a rules folder's `calendar/*.json`.
//! Reading a file checks its shape; merging the files yields the years they
//! declare (with every file and notice per year) and the special days by date,
//! a later file overriding an earlier one day by day.

use super::table::{FIRST_YEAR, LAST_YEAR};
use super::{CalendarError, SpecialDay, YearSource};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in calendar files, one per year, from `rules/calendar/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("2010.json", include_str!("../../rules/calendar/2010.json")),
    ("2011.json", include_str!("../../rules/calendar/2011.json")),
    ("2012.json", include_str!("../../rules/calendar/2012.json")),
    ("2013.json", include_str!("../../rules/calendar/2013.json")),
    ("2014.json", include_str!("../../rules/calendar/2014.json")),
    ("2015.json", include_str!("../../rules/calendar/2015.json")),
    ("2016.json", include_str!("../../rules/calendar/2016.json")),
    ("2017.json", include_str!("../../rules/calendar/2017.json")),
    ("2018.json", include_str!("../../rules/calendar/2018.json")),
    ("2019.json", include_str!("../../rules/calendar/2019.json")),
    ("2020.json", include_str!("../../rules/calendar/2020.json")),
    ("2021.json", include_str!("../../rules/calendar/2021.json")),
    ("2022.json", include_str!("../../rules/calendar/2022.json")),
    ("2023.json", include_str!("../../rules/calendar/2023.json")),
    ("2024.json", include_str!("../../rules/calendar/2024.json")),
    ("2025.json", include_str!("../../rules/calendar/2025.json")),
    ("2026.json", include_str!("../../rules/calendar/2026.json")),
];

/// One day entry of a holiday-cn file.
#[derive(Debug, Clone, Deserialize)]
struct FileDay {
    name: String,
    date: NaiveDate,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// A holiday-cn file. Other keys (`$schema`, `$id`) are ignored.
#[derive(Debug, Clone, Deserialize)]
struct CalendarFile {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<FileDay>,
}

/// The built-in files as `(内置:NAME, text)` sources.
pub(crate) fn builtin_sources() -> Vec<(String, String)> {
    BUILTIN_FILES
        .iter()
        .map(|(name, text)| (format!("内置:{name}"), (*text).to_owned()))
        .collect()
}

/// The `*.json` files of `dir` (not hidden ones), in path order, as sources
/// named by their path. A missing folder gives none.
pub(crate) fn folder_sources(dir: &Path) -> Result<Vec<(String, String)>, CalendarError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let io_error = |path: &Path, e: std::io::Error| CalendarError::Io {
        file: path.display().to_string(),
        message: crate::error::io_reason(&e),
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        })
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
            let name = path.display().to_string();
            // Saved from Notepad on a Chinese Windows, a file may be GBK.
            Ok((name, crate::text::decode_edited(&bytes)))
        })
        .collect()
}

/// The merged content of all files.
pub(crate) struct Merged {
    pub years: BTreeMap<i32, YearSource>,
    pub special: BTreeMap<NaiveDate, SpecialDay>,
}

/// Parses and merges `(source name, text)` pairs in order.
pub(crate) fn merge(sources: &[(String, String)]) -> Result<Merged, CalendarError> {
    let mut years: BTreeMap<i32, YearSource> = BTreeMap::new();
    let mut special = BTreeMap::new();
    for (name, text) in sources {
        let file = parse(name, text)?;
        let year = years.entry(file.year).or_insert_with(|| YearSource {
            year: file.year,
            source: String::new(),
            papers: Vec::new(),
            files: Vec::new(),
        });
        year.files.push(name.clone());
        year.source = year.files.join("、");
        for paper in file.papers {
            if !year.papers.contains(&paper) {
                year.papers.push(paper);
            }
        }
        for day in file.days {
            let entry = SpecialDay {
                date: day.date,
                name: day.name,
                off: day.is_off_day,
                source: name.clone(),
            };
            special.insert(day.date, entry);
        }
    }
    Ok(Merged { years, special })
}

/// Where and how a calendar file breaks JSON, in Chinese. For content that
/// does not fit the format, serde's text names the key at fault (`year`,
/// `days`, `isOffDay` …) and is kept.
fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("第 {} 行第 {} 列附近", e.line(), e.column());
    match e.classify() {
        Category::Syntax => format!("{at}有 JSON 语法错误（如多余或缺少的逗号、引号、括号）"),
        Category::Eof => "文件不完整（JSON 未结束，可能缺少结尾的 ] 或 }）".to_owned(),
        Category::Data => format!("{at}的内容不符合 holiday-cn 格式（{e}）"),
        Category::Io => "读取时出错".to_owned(),
    }
}

/// Parses one file and checks it: years and dates within the table, and no
/// date listed twice with opposite flags.
fn parse(name: &str, text: &str) -> Result<CalendarFile, CalendarError> {
    let bad = |message: String| CalendarError::BadFile {
        file: name.to_owned(),
        message,
    };
    let text = text.trim_start_matches('\u{feff}');
    let file: CalendarFile = serde_json::from_str(text).map_err(|e| bad(json_reason(&e)))?;
    let range = FIRST_YEAR..=LAST_YEAR;
    if !range.contains(&file.year) {
        return Err(bad(format!(
            "年份 {} 超出范围（{FIRST_YEAR}–{LAST_YEAR}）",
            file.year
        )));
    }
    let mut seen: BTreeMap<NaiveDate, bool> = BTreeMap::new();
    for day in &file.days {
        if !range.contains(&day.date.year()) {
            return Err(bad(format!(
                "日期 {} 超出范围（{FIRST_YEAR}–{LAST_YEAR}）",
                day.date
            )));
        }
        if let Some(&off) = seen.get(&day.date) {
            if off != day.is_off_day {
                return Err(bad(format!("日期 {} 出现两次，一次放假一次上班", day.date)));
            }
        }
        seen.insert(day.date, day.is_off_day);
    }
    Ok(file)
}
