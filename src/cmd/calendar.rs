//! `mashang calendar [YEAR]`: a year's holidays and make-up working days and
//! the file they came from; without a year, every year and its source.

use crate::calendar::{describe_year, describe_years, Calendar};
use crate::cli::CalendarArgs;
use crate::error::Error;
use std::process::ExitCode;

/// Runs `calendar`.
pub fn run(args: &CalendarArgs) -> Result<ExitCode, Error> {
    let cal = Calendar::load(args.rules.as_deref(), false)?;
    match args.year {
        Some(year) => print!(
            "{}",
            describe_year(&cal, year).map_err(Error::CalendarYear)?
        ),
        None => print!("{}", describe_years(&cal)),
    }
    Ok(ExitCode::SUCCESS)
}
