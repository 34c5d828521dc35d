//! The 通报 workbook: [`model`] holds it as data, [`write_workbook`] lays it out
//! as xlsx and writes it atomically.

pub mod mask;
pub mod model;

pub use mask::{mask_name, mask_phone, shorten};
pub use model::ReportModel;
use std::path::{Path, PathBuf};

/// Errors writing the workbook.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("无法写入报表目录 {dir}：{message}")]
    Io { dir: String, message: String },
    #[error("生成报表失败：{0}")]
    Xlsx(String),
}

/// The file name of the report: `通报_<label>.xlsx`.
pub fn file_name(model: &ReportModel) -> String {
    format!("通报_{}.xlsx", model.period.label())
}

/// Writes `通报_<label>.xlsx` into `out_dir` atomically and returns its path.
pub fn write_workbook(model: &ReportModel, out_dir: &Path) -> Result<PathBuf, ReportError> {
    let _ = (model, out_dir);
    todo!("xlsx writer")
}
