//! # gen_samples — deterministic sample data for `mashang`
//!
//! Writes realistic intake (交办登记), reply (反馈登记), units (单位名单) and
//! combined (台账) inputs for the 蓝田县马上就办办公室, as the office's systems
//! and clerks would export them: weekly exports that overlap, changing header
//! spellings, text dates next to real Excel dates, unit aliases, title and
//! footer rows, a GBK CSV, an old `.xls` — and a handful of deliberate
//! anomalies whose exact position is written to `samples/README.md` (the
//! expected-answer key for the tests).
//!
//! ```text
//! cargo run --release --example gen_samples -- samples
//! cargo run --release --example gen_samples -- --convert-xls samples
//! cargo run --release --example gen_samples -- --large --cases 100000 --files 15 OUT_DIR
//! ```
//!
//! * `samples` mode writes the committed sample folder (overwriting). The one
//!   `.xls` file (`反馈登记_2017-02.xls`) is made by LibreOffice from an xlsx
//!   source that is written to `$TMPDIR/mashang_xls_source/`; pass
//!   `--convert-xls` to run `soffice --headless --convert-to xls` and replace
//!   the committed `.xls` (LibreOffice output is not byte-stable, so by default
//!   the committed file is left alone).
//! * `--large` writes benchmark inputs: `--files` weekly intake exports (each
//!   also repeating the previous week, so every case appears about twice),
//!   monthly reply logs (~1.3 replies per case) and the units workbook. Any
//!   sheet holds at most 1,000,000 data rows; larger exports are split into
//!   further sheets, so 1,000,000 cases fit.
//!
//! Same arguments → byte-identical files: a fixed seed, fixed workbook
//! document properties, and rust_xlsxwriter's fixed zip timestamps.
//!
//! This example deliberately does not use the `mashang` library: it is an
//! independent source of truth and compiles while the library is mid-change.
//! It carries its own copy of the 2017–2018 holiday calendar and of the SPEC §4
//! default deadline rule, used only to make reply timing realistic.

mod calendar;
mod cases;
mod data;
mod intake;
mod large;
mod ledger;
mod readme;
mod render;
mod replies;
mod samples;

use std::path::PathBuf;

use render::Res;
use samples::run_samples;

const USAGE: &str = "usage:
  gen_samples [--convert-xls] OUT_DIR                       sample folder (e.g. samples)
  gen_samples --large [--cases N] [--files F] OUT_DIR        benchmark inputs (default 100000 cases, 15 files)";

fn main() {
    if let Err(e) = real_main() {
        eprintln!("gen_samples: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let (mut large, mut convert_xls, mut cases, mut files, mut out) =
        (false, false, 100_000usize, 15usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--large" => large = true,
            "--convert-xls" => convert_xls = true,
            "--cases" => cases = args.next().ok_or(USAGE)?.parse()?,
            "--files" => files = args.next().ok_or(USAGE)?.parse()?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}").into()),
            s => out = Some(PathBuf::from(s)),
        }
    }
    let out = out.ok_or(USAGE)?;
    if large {
        if files == 0 || cases == 0 {
            return Err("--cases and --files must be at least 1".into());
        }
        return large::generate(&out, cases, files);
    }
    let run = run_samples(&out, convert_xls)?;
    println!(
        "samples: {} cases, {} assignments, {} replies, {} deliberate anomalies → {}",
        run.cases,
        run.assignments,
        run.replies,
        run.key.len(),
        out.display()
    );
    for f in &run.files {
        for s in &f.sheets {
            println!(
                "  {} [{}]: {} data rows ({} used, {} duplicates, {} anomalies)",
                f.file, s.sheet, s.data_rows, s.used, s.duplicates, s.anomalies
            );
        }
    }
    if !convert_xls {
        println!("  (反馈登记_2017-02.xls not regenerated; source at {}; pass --convert-xls to convert it with LibreOffice)", std::env::temp_dir().join("mashang_xls_source").display());
    }
    Ok(())
}
