//! The top-level error of a run: every stage's typed error, shown once in
//! Chinese by the binary, with the exit code it implies.

use crate::calendar::CalendarError;
use crate::judge::JudgeError;
use crate::period::PeriodError;
use crate::report::ReportError;
use crate::rules::RuleError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("输入目录 {0} 不存在或不是目录")]
    InputMissing(String),
    #[error("无法读取输入目录 {dir}：{message}")]
    InputUnreadable { dir: String, message: String },
    #[error("输入目录 {0} 中没有找到任何交办记录，无法确定统计期；请检查文件是否为交办登记导出表")]
    NoData(String),
    #[error("有 {0} 个文件无法读取（--strict 模式下视为错误），详见上方提示")]
    Strict(usize),
    #[error("参数“{0}”无法识别：{1}")]
    BadArgument(String, String),
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Judge(#[from] JudgeError),
    #[error(transparent)]
    Report(#[from] ReportError),
}
