//! One module per command: each turns its arguments into a run of the
//! pipeline and prints what the analyst needs to see.

pub mod calendar;
pub mod check;
pub mod explain;
pub mod report;
pub mod rules;

use crate::cli::{Cli, Command, RulesArgs};
use crate::error::Error;
use crate::normalise::datetime::{parse_text, When};
use crate::pipeline::RulesOptions;
use chrono::{NaiveDate, NaiveDateTime};
use std::process::ExitCode;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Report(args) => report::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Calendar(args) => calendar::run(&args),
        Command::Rules => rules::run(),
    }
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
