//! The `mashang` binary: parses the command line, runs the library, prints an
//! error once in Chinese. Exit codes: 0 ok, 1 error (or anomalies for `check`),
//! 2 usage.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = mashang::cli::Cli::parse();
    match mashang::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mashang: 错误：{err}");
            ExitCode::from(1)
        }
    }
}
