//! One module per command: each turns its arguments into a run of the
//! pipeline and prints what the analyst needs to see.

pub mod calendar;
pub mod check;
pub mod explain;
pub mod init;
pub mod report;
pub mod rules;
pub mod watch;

use crate::cli::{Cli, Command, RulesArgs};
use crate::error::Error;
use crate::normalise::datetime::{parse_text, When};
use crate::pipeline::RulesOptions;
use crate::progress::{self, Verbosity};
use chrono::{NaiveDate, NaiveDateTime};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The input folder of a working folder made by `init`, used when none is given.
pub const EXPORTS_DIR: &str = "exports";
/// The rules folder of a working folder made by `init`.
pub const RULES_DIR: &str = "rules";

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    progress::set_verbosity(match (cli.global.quiet, cli.global.verbose) {
        (true, true) => {
            return Err(Error::Usage(
                "-q（安静）和 -v（详细）不能同时使用；请只保留其中一个".into(),
            ))
        }
        (true, false) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    });
    let started = Instant::now();
    let result = match cli.command {
        Command::Report(mut args) => {
            args.input = input_dir(args.input_arg.take(), "report")?;
            args.rules.rules = rules_dir(args.rules.rules.take(), Some(&args.input))?;
            report::run(&args)
        }
        Command::Check(mut args) => {
            args.input = input_dir(args.input_arg.take(), "check")?;
            args.rules.rules = rules_dir(args.rules.rules.take(), Some(&args.input))?;
            check::run(&args)
        }
        Command::Explain(mut args) => {
            args.rules.rules = rules_dir(args.rules.rules.take(), Some(&args.input))?;
            explain::run(&args)
        }
        Command::Watch(mut args) => {
            let report = &mut args.report;
            report.input = input_dir(report.input_arg.take(), "watch")?;
            report.rules.rules = rules_dir(report.rules.rules.take(), Some(&report.input))?;
            watch::run(&args)
        }
        Command::Init(args) => init::run(&args),
        Command::Calendar(mut args) => {
            args.rules = rules_dir(args.rules.take(), None)?;
            calendar::run(&args)
        }
        Command::Rules => rules::run(),
        Command::Help { command } => help(command.as_deref()),
    };
    progress::detail(format!(
        "完成，共用时 {}",
        progress::seconds(started.elapsed())
    ));
    result
}

/// `mashang help [COMMAND]`: the same text as `-h`.
fn help(command: Option<&str>) -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    let mut root = Cli::command();
    root.build();
    let target = match command {
        None => Some(root),
        Some(name) => root.find_subcommand(name).cloned(),
    };
    match target {
        Some(mut c) => {
            let _ = c.print_help();
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Error::Usage(format!(
            "没有命令“{}”；请运行 mashang --help 查看全部命令",
            command.unwrap_or_default()
        ))),
    }
}

/// The input folder: the one given, else `exports` of the working folder
/// (`init`'s layout), else a usage error.
pub fn input_dir(given: Option<PathBuf>, command: &str) -> Result<PathBuf, Error> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let exports = PathBuf::from(EXPORTS_DIR);
    if exports.is_dir() {
        progress::detail(format!(
            "输入目录：{EXPORTS_DIR}（未指定，使用当前文件夹中的 {EXPORTS_DIR}）"
        ));
        return Ok(exports);
    }
    Err(Error::Usage(format!(
        "缺少输入目录：请写出导出表所在的文件夹，如 mashang {command} 导出；\
         在 mashang init 建立的工作文件夹中运行时可以省略（缺省为 {EXPORTS_DIR}）"
    )))
}

/// The rules folder: the one given (`--rules`), else `rules` in the current
/// folder, else `rules` beside the input folder — each only when it holds a
/// `*.rhai` file or a `calendar/` folder — else none (the built-in rules).
/// Says which on stderr: a folder found by looking is always announced (an
/// analyst should know their edited rules were used), the rest with `-v`.
/// A given folder that holds neither is a usage error: it would silently
/// mean the built-in rules.
pub fn rules_dir(given: Option<PathBuf>, input: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    if let Some(dir) = given {
        if !dir.is_dir() {
            return Err(Error::BadArgument(
                format!("--rules {}", dir.display()),
                "该文件夹不存在或不是文件夹".to_owned(),
            ));
        }
        // A folder holding no rules would silently mean the built-in ones.
        if !is_rules_dir(&dir) {
            let inner = dir.join(RULES_DIR);
            let hint = if is_rules_dir(&inner) {
                format!("；是不是要写 --rules {}？", inner.display())
            } else {
                String::new()
            };
            return Err(Error::BadArgument(
                format!("--rules {}", dir.display()),
                format!("该文件夹中既没有规则脚本（*.rhai），也没有 calendar/ 子目录{hint}"),
            ));
        }
        progress::detail(format!("规则目录：{}（--rules 指定）", dir.display()));
        return Ok(Some(dir));
    }
    let here = PathBuf::from(RULES_DIR);
    let beside = input.and_then(parent_of).map(|p| p.join(RULES_DIR));
    let found = [Some(here), beside]
        .into_iter()
        .flatten()
        .find(|d| is_rules_dir(d));
    match &found {
        Some(dir) => progress::note(format!("使用规则目录 {}", dir.display())),
        None => progress::detail("规则：内置规则（未指定 --rules，也没有找到 rules 文件夹）"),
    }
    Ok(found)
}

/// A folder that holds rules: a `*.rhai` file (not hidden, not a lock file) or `calendar/`.
pub fn is_rules_dir(dir: &Path) -> bool {
    if dir.join("calendar").is_dir() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        !name.starts_with('.')
            && !name.starts_with("~$")
            && path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("rhai"))
            && path.is_file()
    })
}

/// The folder holding `dir`, with `.` and `..` resolved (so `.` has a parent too).
fn parent_of(dir: &Path) -> Option<PathBuf> {
    absolute(dir).ok()?.parent().map(Path::to_path_buf)
}

/// `path` made absolute with `.` and `..` resolved lexically (links are not
/// followed, and Windows paths keep their usual form, unlike `canonicalize`).
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let mut clean = PathBuf::new();
    for c in std::path::absolute(path)?.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}

impl From<&RulesArgs> for RulesOptions {
    fn from(a: &RulesArgs) -> Self {
        RulesOptions {
            rules_dir: a.rules.clone(),
            assume_weekends: a.assume_weekends,
        }
    }
}

/// An instant from the command line; a date alone means its end of day.
pub fn parse_instant(flag: &str, text: &str) -> Result<NaiveDateTime, Error> {
    parse_text(text).map(When::or_end_of_day).ok_or_else(|| {
        Error::BadArgument(
            format!("{flag} {text}"),
            "时间格式应如 2017-01-22 23:59:59".into(),
        )
    })
}

/// A date from the command line.
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, Error> {
    match parse_text(text) {
        Some(When::Date(d)) => Ok(d),
        _ => Err(Error::BadArgument(
            format!("{flag} {text}"),
            "日期格式应如 2017-01-16".into(),
        )),
    }
}

/// Says which years had no holiday data and were counted Monday–Friday
/// (临时口径), if any: what `explain` and `check` worked out is provisional.
pub fn print_assumed_years(calendar: &crate::calendar::Calendar) {
    let assumed = calendar.assumed_years();
    if !assumed.is_empty() {
        let years: Vec<String> = assumed.iter().map(i32::to_string).collect();
        println!(
            "（临时口径：{} 年没有节假日数据，已按周一至周五计算）",
            years.join("、")
        );
    }
}

/// Prints a warning on stderr for every file that could not be read; returns how many.
pub fn warn_unreadable(ds: &crate::normalise::Dataset) -> usize {
    let mut n = 0;
    for f in &ds.files {
        if let Some(e) = &f.error {
            eprintln!("mashang: 警告：文件 {} 无法读取：{e}", f.path);
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_of_the_current_folder_is_its_real_parent() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(parent_of(Path::new(".")).as_deref(), cwd.parent());
        assert_eq!(parent_of(Path::new("exports")), Some(cwd.clone()));
        assert_eq!(parent_of(Path::new("a/../exports")), Some(cwd));
    }
}
