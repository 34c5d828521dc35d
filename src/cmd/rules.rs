//! `mashang rules`: the script API reference, generated from the table that
//! registers it, so it cannot drift from the code.

use crate::error::Error;
use std::process::ExitCode;

/// Runs `rules`.
pub fn run() -> Result<ExitCode, Error> {
    print!("{}", crate::rules::RuleSet::api_reference());
    Ok(ExitCode::SUCCESS)
}
