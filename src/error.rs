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
    #[error("输入目录 {0} 不存在或不是目录；请检查路径（路径含空格时请加引号）")]
    InputMissing(String),
    #[error("无法读取输入目录 {dir}：{message}；请检查该文件夹的访问权限")]
    InputUnreadable { dir: String, message: String },
    #[error(
        "输入目录 {0} 中没有找到任何交办记录，无法确定统计期；请确认文件是交办登记导出表\
         （表头含 事项编号、交办时间、承办单位），可运行 mashang check {0} 查看每个文件的识别情况"
    )]
    NoData(String),
    #[error("有 {0} 个文件无法读取（--strict 模式下视为错误），详见上方提示；请修复或移走这些文件后重试")]
    Strict(usize),
    #[error("参数“{0}”无法识别：{1}")]
    BadArgument(String, String),
    /// The command line is incomplete in a way clap cannot see (exit code 2).
    #[error("{0}")]
    Usage(String),
    #[error("无法建立工作文件夹 {path}：{message}；请检查路径和写入权限")]
    Init { path: String, message: String },
    #[error("无法监视文件夹 {dir}：{message}")]
    Watch { dir: String, message: String },
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error("{0}{hint}", hint = calendar_hint(.0))]
    Calendar(#[from] CalendarError),
    /// A year `mashang calendar` was asked for (no `--assume-weekends` there).
    #[error("{0}{hint}", hint = calendar_year_hint(.0))]
    CalendarYear(CalendarError),
    #[error("{0}{hint}", hint = rule_hint(.0))]
    Rule(#[from] RuleError),
    #[error("{0}{hint}", hint = judge_hint(.0))]
    Judge(#[from] JudgeError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl Error {
    /// The exit code: 2 for usage errors (a value on the command line that
    /// cannot be read included), 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::BadArgument(..) | Error::Period(_) => 2,
            _ => 1,
        }
    }
}

/// An I/O error in Chinese: what went wrong, with the system's error number
/// (if any) for support — never the system's own (English) text.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match err.kind() {
        K::NotFound => "文件或文件夹不存在（可能是失效的快捷方式或链接）",
        K::PermissionDenied => "没有访问权限",
        K::AlreadyExists => "同名文件已存在",
        K::ReadOnlyFilesystem => "磁盘为只读",
        K::StorageFull => "磁盘空间不足",
        K::NotADirectory => "路径中有一部分不是文件夹",
        K::IsADirectory => "这是一个文件夹",
        K::InvalidFilename => "文件名无效",
        K::InvalidData | K::UnexpectedEof => "内容不完整或已损坏",
        K::OutOfMemory => "内存不足",
        K::Interrupted | K::TimedOut | K::WouldBlock => "操作被中断，请重试",
        _ => "系统无法完成该操作",
    };
    match err.raw_os_error() {
        Some(code) => format!("{why}（系统错误码 {code}）"),
        None => why.to_owned(),
    }
}

/// What to do next after a rule error, unless its message already says.
fn rule_hint(err: &RuleError) -> &'static str {
    match err {
        RuleError::Io { .. } => "；请检查规则目录的路径（--rules）",
        RuleError::Calendar(e) => calendar_hint(e),
        RuleError::CalendarInScript { source, .. } => calendar_hint(source),
        RuleError::NoHook { .. } => "",
        _ => "；请修改规则脚本后重试（mashang rules 列出可用的字段和函数）",
    }
}

/// Where a working folder made by `init` keeps next year's holidays.
macro_rules! init_calendar_hint {
    () => {
        "在 mashang init 建立的工作文件夹中，放进其 rules/calendar/ 即可，不必写 --rules"
    };
}

/// A missing year, where a report needs it: or assume weekends for now.
fn calendar_hint(err: &CalendarError) -> &'static str {
    match err {
        CalendarError::MissingYear { .. } => concat!(
            "；或加 --assume-weekends 按周一至周五临时计算（报表将标明临时口径）。",
            init_calendar_hint!()
        ),
        _ => "",
    }
}

/// A missing year asked for by `mashang calendar`, which assumes nothing.
fn calendar_year_hint(err: &CalendarError) -> &'static str {
    match err {
        CalendarError::MissingYear { .. } => concat!("。", init_calendar_hint!()),
        _ => "",
    }
}

/// A rule error raised while judging gets the same hint.
fn judge_hint(err: &JudgeError) -> &'static str {
    match err {
        JudgeError::Rule(e) => rule_hint(e),
        _ => "",
    }
}
