//! The 通报 workbook: [`model`] holds it as data, [`write_workbook`] lays it out
//! as xlsx and writes it atomically.
//!
//! Five sheets, in order: 通报 (the ranking, with a chart per group), 逾期清单,
//! 明细, 异常数据 and 数据说明. The layout lives in [`sheets`] (one module per
//! sheet) over a shared table writer, formats and print setup; [`mask`] has the
//! masking the judge stage applies to the 逾期清单 handout. The same model always
//! gives the same bytes: document properties are fixed, nothing depends on the
//! clock or on hashing order.

mod atomic;
mod chart;
mod formats;
mod layout;
pub mod mask;
pub mod model;
mod sheets;
mod table;

pub use mask::{mask_name, mask_phone, shorten};
pub use model::ReportModel;

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The sheet names, in workbook order.
pub const SHEET_NAMES: [&str; 5] = [
    sheets::ranking::NAME,
    sheets::overdue::NAME,
    sheets::details::NAME,
    sheets::anomalies::NAME,
    sheets::notes::NAME,
];

/// The header rows of the report's row-per-case sheets (明细, 逾期清单): a
/// sheet headed so, saved on its own, is a handout of a report, not an export.
pub fn case_table_headers() -> [Vec<&'static str>; 2] {
    let headers = |cols: &[table::Column]| cols.iter().map(|c| c.header).collect();
    [
        headers(&sheets::details::COLUMNS),
        headers(&sheets::overdue::COLUMNS),
    ]
}

/// Errors writing the workbook.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The folder could not be created or the file could not be written.
    #[error("无法写入报表目录 {dir}：{message}")]
    Io { dir: String, message: String },
    /// The workbook could not be laid out (e.g. a sheet beyond Excel's limits).
    #[error("生成报表失败：{0}")]
    Xlsx(String),
}

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

/// The file name of the report: `通报_<label>.xlsx`.
pub fn file_name(model: &ReportModel) -> String {
    format!("{FILE_PREFIX}{}.xlsx", model.period.label())
}

/// How every report's file name begins.
const FILE_PREFIX: &str = "通报_";

/// Whether a file name is one [`file_name`] gives.
pub fn is_report_file_name(name: &str) -> bool {
    name.starts_with(FILE_PREFIX) && name.to_ascii_lowercase().ends_with(".xlsx")
}

/// Writes `通报_<label>.xlsx` into `out_dir` atomically and returns its path.
///
/// The folder is created if missing. The workbook is built in memory first,
/// so a layout error touches no file; then it is written to a hidden
/// temporary file beside the target, synced, and renamed over the target. On
/// any error the temporary file is removed and a previous report is left as
/// it was.
pub fn write_workbook(model: &ReportModel, out_dir: &Path) -> Result<PathBuf, ReportError> {
    lay_out(model)?.write(out_dir, crate::Release::Free)
}

/// The workbook as xlsx bytes.
pub fn workbook_bytes(model: &ReportModel) -> Result<Vec<u8>, ReportError> {
    let mut laid_out = lay_out(model)?;
    Ok(laid_out.workbook.save_to_buffer()?)
}

/// A workbook laid out (every cell placed, across cores) and not yet saved.
/// Saving is mostly serial work, so a caller may give the other cores
/// something to do meanwhile (`mashang report` frees the records then).
pub struct LaidOut {
    workbook: Workbook,
    file_name: String,
}

/// Lays `model` out as a workbook; fails early, in Chinese, when a sheet
/// would pass Excel's row limit.
pub fn lay_out(model: &ReportModel) -> Result<LaidOut, ReportError> {
    check_sizes(model)?;
    Ok(LaidOut {
        workbook: build(model)?,
        file_name: file_name(model),
    })
}

impl LaidOut {
    /// Saves the workbook into `out_dir` atomically, as [`write_workbook`]
    /// says, and returns its path; its cells are freed, or left to the exit
    /// that follows, as `release` says.
    pub fn write(
        mut self,
        out_dir: &Path,
        release: crate::Release,
    ) -> Result<PathBuf, ReportError> {
        let bytes = self.workbook.save_to_buffer()?;
        release.release(self.workbook);
        atomic::ensure_dir(out_dir)?;
        let target = out_dir.join(&self.file_name);
        atomic::replace_atomically(&target, |file| file.write_all(&bytes))?;
        Ok(target)
    }
}

/// Fails early, in Chinese, when a sheet would pass Excel's row limit.
fn check_sizes(model: &ReportModel) -> Result<(), ReportError> {
    let sizes = [
        (sheets::ranking::NAME, model.ranking.len() + 3),
        (sheets::overdue::NAME, model.overdue.len() + 1),
        (sheets::details::NAME, model.details.len() + 1),
        (sheets::anomalies::NAME, model.anomalies.len() + 1),
    ];
    let max = layout::EXCEL_MAX_ROW as usize + 1;
    match sizes.iter().find(|(_, rows)| *rows > max) {
        Some((name, rows)) => Err(ReportError::Xlsx(format!(
            "工作表“{name}”需要 {rows} 行，超过 Excel 单个工作表 {max} 行的上限；请缩短统计期"
        ))),
        None => Ok(()),
    }
}

fn build(model: &ReportModel) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // Deflate level 3, not 6: at 1M cases the workbook is written in a
    // quarter less time for a fifth more bytes (7.5 -> 9.0 MB).
    workbook.set_zip_compression_level(3);
    workbook.set_properties(&properties(model));
    let f = formats::Formats::new();
    // The sheets are independent: they are laid out on all cores (明细 and
    // 逾期清单 are the large ones), then added in order.
    let sheet = |write: &(dyn Fn(&mut Worksheet) -> Result<(), XlsxError> + Sync)| {
        let mut worksheet = Worksheet::new();
        write(&mut worksheet).map(|()| worksheet)
    };
    let ((ranking, overdue), (details, (anomalies, notes))) = rayon::join(
        || {
            rayon::join(
                || sheet(&|w| sheets::ranking::write(w, &f, model)),
                || sheet(&|w| sheets::overdue::write(w, &f, &model.overdue)),
            )
        },
        || {
            rayon::join(
                || sheet(&|w| sheets::details::write(w, &f, &model.details)),
                || {
                    rayon::join(
                        || sheet(&|w| sheets::anomalies::write(w, &f, &model.anomalies)),
                        || sheet(&|w| sheets::notes::write(w, &f, model)),
                    )
                },
            )
        },
    );
    for worksheet in [ranking, overdue, details, anomalies, notes] {
        workbook.push_worksheet(worksheet?);
    }
    Ok(workbook)
}

/// Fixed document properties: the creation time is the as-of instant (not
/// the clock), so the same model gives the same bytes.
fn properties(model: &ReportModel) -> DocProperties {
    DocProperties::new()
        .set_title(sheets::ranking::title(model))
        .set_subject(format!("{}马上就办事项办理情况通报", model.org))
        .set_author(format!("{}马上就办办公室", model.org))
        .set_company(model.org.as_str())
        .set_comment(format!("由 mashang {} 生成", model.notes.version))
        .set_creation_datetime(&model.as_of)
}
