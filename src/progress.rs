//! What the analyst sees on stderr while a command runs: the verbosity chosen
//! with `-q`/`-v`, progress bars (only on a terminal, never with `-q`), and the
//! extra details `-v` adds (files read with their kinds and row counts, timings).
//!
//! The settings are process-wide so that the pipeline can report progress
//! without every command threading a handle through. Until the binary turns
//! them on, bars are off and nothing extra is printed: the library stays
//! silent when used on its own or from tests.

use crate::ingest::FileData;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// How much a command prints besides its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: only the result (e.g. the report's path) and errors.
    Quiet,
    /// The default: result, summary, warnings, progress bars on a terminal.
    Normal,
    /// `-v`: also the rules folder used, the files read, timings.
    Verbose,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);
static BARS: AtomicBool = AtomicBool::new(false);

/// Sets the verbosity for the rest of the process.
pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// The current verbosity.
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// `-q` was given.
pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

/// `-v` was given.
pub fn verbose() -> bool {
    verbosity() == Verbosity::Verbose
}

/// Allows (or forbids) progress bars; they still need a terminal on stderr and no `-q`.
pub fn set_bars(enabled: bool) {
    BARS.store(enabled, Ordering::Relaxed);
}

fn bars_shown() -> bool {
    BARS.load(Ordering::Relaxed) && !quiet() && std::io::stderr().is_terminal()
}

/// Prints a line on stderr unless `-q`.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("mashang: {text}");
    }
}

/// Prints a line on stderr with `-v` only.
pub fn detail(text: impl std::fmt::Display) {
    if verbose() {
        eprintln!("mashang: {text}");
    }
}

/// Seconds with one decimal, for timings.
pub fn seconds(d: Duration) -> String {
    format!("{:.1} 秒", d.as_secs_f64())
}

/// The bar over the input files while they are read: a spinner until the
/// first file is done (the number of files is known from then on), then a bar.
pub struct Reading {
    bar: Option<ProgressBar>,
    sized: AtomicBool,
    started: Instant,
}

impl Reading {
    /// Starts reading: a spinner on a terminal, nothing otherwise.
    pub fn start() -> Self {
        let bar = bars_shown().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(spinner_style());
            bar.set_message("读取文件");
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Reading {
            bar,
            sized: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// One more file of `total` has been read (called from worker threads).
    pub fn file_done(&self, total: usize, name: &str) {
        let Some(bar) = &self.bar else {
            return;
        };
        if !self.sized.swap(true, Ordering::Relaxed) {
            bar.set_length(total as u64);
            bar.set_style(
                ProgressStyle::with_template("读取文件 [{bar:30}] {pos}/{len} {wide_msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
        }
        bar.inc(1);
        bar.set_message(name.to_owned());
    }

    /// Clears the bar; with `-v`, lists each file with its sheets, kinds and rows.
    pub fn finish(self, files: &[FileData]) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if !verbose() {
            return;
        }
        detail(format!(
            "读取 {} 个文件，用时 {}",
            files.len(),
            seconds(self.started.elapsed())
        ));
        for f in files {
            match &f.sheets {
                Err(e) => detail(format!("  {}：无法读取：{e}", f.relative)),
                Ok(sheets) if sheets.is_empty() => detail(format!("  {}：没有工作表", f.relative)),
                Ok(sheets) => {
                    for s in sheets {
                        detail(format!(
                            "  {} [{}]：{}，数据 {} 行",
                            f.relative,
                            s.name,
                            s.kind.label(),
                            s.rows.len()
                        ));
                    }
                }
            }
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} 正在{msg}……")
        .expect("valid template")
        .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ")
}

/// A spinner with a label while a step runs; with `-v`, the step's time when dropped.
pub struct Step {
    bar: Option<ProgressBar>,
    label: &'static str,
    started: Instant,
}

/// Starts a step such as `判定` (the label names the step).
pub fn step(label: &'static str) -> Step {
    let bar = bars_shown().then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(spinner_style());
        bar.set_message(label);
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    });
    Step {
        bar,
        label,
        started: Instant::now(),
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        detail(format!(
            "{}用时 {}",
            self.label,
            seconds(self.started.elapsed())
        ));
    }
}
