//! # bench — how fast `mashang report` is on large inputs, against a floor
//!
//! ```text
//! cargo build --release --bins --examples
//! cargo run --release --example bench                      # 100,000 cases, 15 weekly files
//! cargo run --release --example bench -- --cases 1000000   # the big set
//! ```
//!
//! Options: `--cases N` (default 100000), `--files F` (weekly intake exports,
//! default 15), `--data DIR` (where inputs are cached; default
//! `target/bench-data/<size>`), `--no-binary` (skip the spawned end-to-end run),
//! `--runs R` (run every repeatable stage R times and show the fastest: the
//! machine is shared, so single runs are noisy), `--no-build` (do not run `cargo build --release --bin mashang` first),
//! `--only floor|read|ingest` (just that part, e.g. under `perf record`),
//! `--pairs N` (instead of the stages: the floor and the binary N times each,
//! alternating, each pair's ratio shown — the machine's speed drifts, and a
//! ratio of runs taken side by side drifts less).
//!
//! In one run it
//! 1. generates the inputs with the `gen_samples` large generator (in a child
//!    process, so its memory does not count) unless the cached folder exists;
//! 2. measures the **floor**: every sheet of every input loaded with calamine
//!    on one thread (open + `worksheet_range`, file after file);
//! 3. spawns `target/release/mashang report DIR --out TMP` for a true end-to-end
//!    wall time, CPU and peak RSS (right after the floor, while this process
//!    holds little memory; shown last);
//! 4. measures mashang's stages through the library, the way `mashang report`
//!    calls them: read (`ingest::read_folder`), normalise, rules (the deadline
//!    hook over every assignment, one call each), judge
//!    (`pipeline::build_report`, which runs its own deadline pass — once per
//!    case when the rule reads no field of the unit's — escalation, scores and
//!    ranking, and assembles the model), render (`report::write_workbook`).
//!
//! Every stage shows wall seconds, its ratio to the floor, process CPU seconds
//! (CPU/wall near 2 means both cores busy) and the process's peak RSS while
//! the stage ran (the high-water mark is reset before each stage through
//! `/proc/self/clear_refs`; without that it is the peak so far). The input
//! files are in the page cache for every stage (they were just generated or
//! read by the floor).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use calamine::Reader;
use mashang::calendar::Calendar;
use mashang::pipeline::{self, Prepared};
use mashang::rules::RuleSet;

/// The large generator of `examples/gen_samples`, mounted here with the
/// modules it needs (they refer to each other through `super::`).
#[path = "gen_samples"]
#[allow(dead_code)]
mod gen {
    pub mod calendar;
    pub mod cases;
    pub mod data;
    pub mod intake;
    pub mod large;
    pub mod render;
    pub mod replies;
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: bench [--cases N] [--files F] [--data DIR] [--runs R] [--no-binary] [--no-build] [--only floor|read|ingest] [--pairs N]";

struct Args {
    cases: usize,
    files: usize,
    data: Option<PathBuf>,
    binary: bool,
    build: bool,
    /// Runs of each repeatable stage; the fastest is shown.
    runs: usize,
    /// Only this part: `floor`, `read` or `ingest` (read + normalise).
    only: Option<String>,
    /// Alternating floor/binary pairs to run instead of the stages.
    pairs: usize,
    /// Internal: generate into this folder and exit (the child process).
    generate: Option<PathBuf>,
}

fn parse_args() -> Res<Args> {
    let mut a = Args {
        cases: 100_000,
        files: 15,
        data: None,
        binary: true,
        build: true,
        runs: 1,
        only: None,
        pairs: 0,
        generate: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(s) = it.next() {
        match s.as_str() {
            "--cases" => a.cases = it.next().ok_or(USAGE)?.parse()?,
            "--files" => a.files = it.next().ok_or(USAGE)?.parse()?,
            "--data" => a.data = Some(it.next().ok_or(USAGE)?.into()),
            "--runs" => a.runs = it.next().ok_or(USAGE)?.parse()?,
            "--no-binary" => a.binary = false,
            "--no-build" => a.build = false,
            "--only" => {
                let part = it.next().ok_or(USAGE)?;
                if !matches!(part.as_str(), "floor" | "read" | "ingest") {
                    return Err(USAGE.into());
                }
                a.only = Some(part);
            }
            "--pairs" => a.pairs = it.next().ok_or(USAGE)?.parse()?,
            "--generate" => a.generate = Some(it.next().ok_or(USAGE)?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            // `cargo bench`-style harness flags are ignored.
            "--bench" => {}
            _ => return Err(format!("unknown argument {s}\n{USAGE}").into()),
        }
    }
    if a.cases == 0 || a.files == 0 || a.runs == 0 {
        return Err("--cases, --files and --runs must be at least 1".into());
    }
    Ok(a)
}

/// The binary's allocator, so that the in-process stages measure what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    mashang::tune_memory();
    if let Err(e) = real_main() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Res<()> {
    let args = parse_args()?;
    if let Some(dir) = &args.generate {
        return gen::large::generate(dir, args.cases, args.files);
    }
    let exe = std::env::current_exe()?;
    // target/release/examples/bench → target/release
    let release_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot locate the target folder")?
        .to_path_buf();
    let target_dir = release_dir.parent().unwrap_or(&release_dir).to_path_buf();
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| target_dir.join("bench-data").join(size_key(&args)));
    ensure_inputs(&exe, &data, &args)?;
    let mashang_bin = release_dir.join(format!("mashang{}", std::env::consts::EXE_SUFFIX));
    let only = args.only.as_deref();
    let runs = args.runs;
    if args.binary && args.build && only.is_none() {
        build_binary()?;
    }

    let inputs = mashang::ingest::scan::scan(&data, None)?;
    let bytes: u64 = inputs
        .iter()
        .map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "inputs: {} ({} files, {:.1} MiB); {} rayon threads on {} CPUs",
        data.display(),
        inputs.len(),
        bytes as f64 / MIB,
        rayon::current_num_threads(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    if args.pairs > 0 {
        return run_pairs(&inputs, &mashang_bin, &data, &target_dir, &args);
    }

    let mut table = Table::default();

    // (a) The floor: calamine alone, one thread.
    let mut floor = Cost::default();
    if matches!(only, None | Some("floor")) {
        let (sheets, cost) = best(runs, || floor_load(&inputs));
        let sheets = sheets?;
        floor = cost;
        table.push(
            "floor: calamine load, 1 thread",
            floor,
            &format!("{sheets} sheets"),
        );
    }
    if only == Some("floor") {
        table.print(floor.wall);
        return Ok(());
    }

    // (d) The release binary, end to end: run right after the floor, while
    // this process holds little memory. Run after the in-process stages (as
    // it used to be), the child paid for this process's retained heap: on
    // this VM its fresh pages cost more, 9.4 s became 11.4 s at 1M.
    let mut binary = None;
    if args.binary && only.is_none() {
        if mashang_bin.exists() {
            let out = target_dir
                .join("bench-out")
                .join(format!("{}-bin", size_key(&args)));
            let mut run = run_binary(&mashang_bin, &data, &out)?;
            for _ in 1..runs {
                let again = run_binary(&mashang_bin, &data, &out)?;
                if again.wall < run.wall {
                    run = again;
                }
            }
            binary = Some(run);
        } else {
            eprintln!(
                "bench: {} not found; build it with `cargo build --release --bins`",
                mashang_bin.display()
            );
        }
    }

    // (b) mashang: ingest and normalise.
    let (files, read) = best(runs, || mashang::ingest::read_folder(&data, None));
    let files = files?;
    let rows: usize = files
        .iter()
        .filter_map(|f| f.sheets.as_ref().ok())
        .flatten()
        .map(|s| s.rows.len())
        .sum();
    table.push("ingest::read_folder", read, &format!("{rows} data rows"));
    if only == Some("read") {
        table.print(floor.wall);
        return Ok(());
    }
    // normalise consumes the rows (freeing each once decided): one run.
    let (dataset, norm) = measure(|| mashang::normalise::normalise(files));
    table.push(
        "normalise::normalise",
        norm,
        &format!(
            "{} cases, {} assignments, {} replies, {} anomalies",
            dataset.cases.len(),
            dataset.assignments.len(),
            dataset.replies.len(),
            dataset.anomalies.len()
        ),
    );
    table.push_sum(
        "ingest = read + normalise",
        &[read, norm],
        "Issue 2: ≤ 1.0× floor",
    );
    if only == Some("ingest") {
        table.print(floor.wall);
        return Ok(());
    }

    // (c) The rest of `mashang report`, stage by stage.
    let (loaded, setup) = measure(|| -> Res<(Arc<Calendar>, RuleSet)> {
        let calendar = Arc::new(Calendar::load(None, false)?);
        let rules = RuleSet::load(None, calendar.clone())?;
        Ok((calendar, rules))
    });
    let (calendar, rules) = loaded?;
    table.push("setup: calendar + rules", setup, "one run (cold)");
    let prepared = Prepared {
        calendar,
        rules,
        dataset,
    };
    let ds = &prepared.dataset;
    let period = pipeline::resolve_period(ds, None, &data)?;
    let as_of = period.end_instant();
    let previous_as_of = period.previous().end_instant();
    // The hook on every assignment, one call each: what a call costs. (Judging
    // calls it once per case when the rule reads no field of the unit's.)
    let (deadlines, rules_t) = best(runs, || {
        use rayon::prelude::*;
        let until = as_of.max(previous_as_of);
        (0..ds.assignments.len())
            .into_par_iter()
            .map(|i| {
                if ds.cases[ds.assignments[i].case_index].assigned_at > until {
                    return Ok(None);
                }
                let task = || mashang::judge::outcome::task(ds, i);
                prepared.rules.deadline_of(task).map(Some)
            })
            .collect::<Result<Vec<_>, _>>()
    });
    let computed = deadlines?.iter().filter(|d| d.is_some()).count();
    let cores = rayon::current_num_threads() as f64;
    table.push(
        "rules: deadline hook",
        rules_t,
        &format!(
            "{computed} assignments: {:.2} µs each per core by wall × threads, {} by CPU (Issue 6: ≤ 3)",
            rules_t.wall * cores * 1e6 / computed.max(1) as f64,
            rules_t
                .cpu
                .map_or("-".to_owned(), |c| format!("{:.2}", c * 1e6 / computed.max(1) as f64))
        ),
    );
    let (built, judge_t) = best(runs, || -> Res<_> {
        Ok(pipeline::build_report(&prepared, &period, None, "蓝田县")?)
    });
    let (judgement, model) = built?;
    table.push(
        "judge (+ its own rules pass, model)",
        judge_t,
        &format!(
            "{}: {} in period, {} overdue",
            period.words(),
            judgement.in_period.len(),
            judgement.overdue.len()
        ),
    );
    let out_dir = target_dir.join("bench-out").join(size_key(&args));
    let (written, render_t) = best(runs, || mashang::report::write_workbook(&model, &out_dir));
    let written = written?;
    table.push(
        "render: write_workbook",
        render_t,
        &format!("{} details", model.details.len()),
    );
    table.push_sum(
        "end to end, in process",
        &[setup, read, norm, judge_t, render_t],
        "setup + read + normalise + judge + render",
    );
    drop((judgement, model, prepared));
    let _ = std::fs::remove_file(&written);

    if let Some(run) = binary {
        table.push(
            "mashang report (binary)",
            run,
            "Issue 6: ≤ 1.0× floor, peak RSS ≤ 2 GiB at 1M",
        );
        // The least wall time the binary's work could take on these
        // cores, were none ever idle: below it only less CPU helps.
        if let Some(cpu) = run.cpu {
            let bound = Cost {
                wall: cpu / cores,
                cpu: None,
                peak_rss: None,
            };
            table.push(
                "  its CPU ÷ cores",
                bound,
                "the wall time with no core ever idle",
            );
        }
    }

    table.print(floor.wall);
    Ok(())
}

const MIB: f64 = 1024.0 * 1024.0;

/// The cache folder name: `100k`, `1m`, `2500`…, with the file count when not 15.
fn size_key(a: &Args) -> String {
    let n = if a.cases.is_multiple_of(1_000_000) {
        format!("{}m", a.cases / 1_000_000)
    } else if a.cases.is_multiple_of(1_000) {
        format!("{}k", a.cases / 1_000)
    } else {
        a.cases.to_string()
    };
    if a.files == 15 {
        n
    } else {
        format!("{n}-{}f", a.files)
    }
}

/// Generates the inputs unless cached: in a child process (this executable
/// with `--generate`), into a temporary folder renamed when complete.
fn ensure_inputs(exe: &Path, data: &Path, a: &Args) -> Res<()> {
    if data.is_dir() {
        return Ok(());
    }
    let partial = data.with_extension("partial");
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
    }
    eprintln!(
        "bench: generating {} cases into {} …",
        a.cases,
        data.display()
    );
    let started = Instant::now();
    let status = Command::new(exe)
        .arg("--generate")
        .arg(&partial)
        .args([
            "--cases",
            &a.cases.to_string(),
            "--files",
            &a.files.to_string(),
        ])
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(format!("generating the inputs failed ({status})").into());
    }
    std::fs::rename(&partial, data)?;
    eprintln!(
        "bench: generated in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo build --release --bin mashang`, when run through cargo (so that the
/// spawned binary matches the library measured here).
fn build_binary() -> Res<()> {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return Ok(());
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--release",
            "--bin",
            "mashang",
            "--manifest-path",
        ])
        .arg(manifest)
        .status()?;
    if !status.success() {
        return Err("cargo build --release --bin mashang failed".into());
    }
    Ok(())
}

/// The floor: open every spreadsheet and load each sheet's range, one after another.
fn floor_load(inputs: &[mashang::ingest::scan::InputFile]) -> Res<usize> {
    let mut sheets = 0;
    for f in inputs {
        let ext = f
            .path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
            continue;
        }
        let mut book = calamine::open_workbook_auto(&f.path)?;
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name)?;
            std::hint::black_box(range.get_size());
            sheets += 1;
        }
    }
    Ok(sheets)
}

// ── Measuring ───────────────────────────────────────────────────────────

/// One stage's cost.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    wall: f64,
    /// User + system CPU seconds of the process (or of the child).
    cpu: Option<f64>,
    /// Peak resident set in bytes while the stage ran.
    peak_rss: Option<u64>,
}

impl Cost {
    /// The peak RSS in MiB, or `-` when unknown.
    fn rss_text(&self) -> String {
        self.peak_rss
            .map_or("-".to_owned(), |b| format!("{:.0} MiB", b as f64 / MIB))
    }
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let hwm_reset = reset_peak_rss();
    let cpu0 = process_cpu();
    let t = Instant::now();
    let value = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = process_cpu().zip(cpu0).map(|(b, a)| b - a);
    let peak_rss = if hwm_reset { peak_rss() } else { None };
    (
        value,
        Cost {
            wall,
            cpu,
            peak_rss,
        },
    )
}

/// The fastest of `runs` runs of a stage (its own CPU and peak RSS), with the
/// last run's value (earlier values are dropped before the next run).
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Cost) {
    let (mut value, mut cost) = measure(&mut f);
    for _ in 1..runs {
        drop(value);
        let (v, c) = measure(&mut f);
        value = v;
        if c.wall < cost.wall {
            cost = c;
        }
    }
    (value, cost)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// VmHWM of this process, in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// User + system CPU seconds of this process so far.
fn process_cpu() -> Option<f64> {
    rusage::own().map(|r| r.cpu)
}

/// Runs the release binary end to end; wall time, CPU and peak RSS of the child.
/// The floor and the binary, alternating, `args.pairs` times; each pair's
/// times and ratio, then the range of the ratios.
fn run_pairs(
    inputs: &[mashang::ingest::scan::InputFile],
    bin: &Path,
    data: &Path,
    target_dir: &Path,
    args: &Args,
) -> Res<()> {
    let out = target_dir
        .join("bench-out")
        .join(format!("{}-pairs", size_key(args)));
    println!("\npair   floor s  binary s   ×floor   binary peak RSS");
    let mut ratios = Vec::new();
    for pair in 1..=args.pairs {
        let (sheets, floor) = measure(|| floor_load(inputs));
        sheets?;
        let binary = run_binary(bin, data, &out)?;
        let ratio = binary.wall / floor.wall;
        ratios.push(ratio);
        println!(
            "{pair:>4} {:>9.2} {:>9.2} {ratio:>8.2} {:>13}",
            floor.wall,
            binary.wall,
            binary.rss_text(),
        );
    }
    let (low, high) = ratios
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &r| (l.min(r), h.max(r)));
    println!(
        "binary ÷ floor over {} pairs: {low:.2}–{high:.2} (Issue 6: ≤ 1.0)",
        ratios.len()
    );
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

fn run_binary(bin: &Path, data: &Path, out: &Path) -> Res<Cost> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out)?;
    let log_path = out.with_extension("log.txt");
    let log = std::fs::File::create(&log_path)?;
    let t = Instant::now();
    let child = Command::new(bin)
        .arg("report")
        .arg(data)
        .arg("--out")
        .arg(out)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let (ok, usage) = rusage::wait(child)?;
    let wall = t.elapsed().as_secs_f64();
    if !ok {
        return Err(format!(
            "{} report failed; see {}",
            bin.display(),
            log_path.display()
        )
        .into());
    }
    Ok(Cost {
        wall,
        cpu: usage.map(|u| u.cpu),
        peak_rss: usage.map(|u| u.max_rss),
    })
}

/// Resource usage through `getrusage`/`wait4` (Linux, 64-bit), declared here
/// to avoid a `libc` dependency for one example.
mod rusage {
    use std::process::Child;

    #[derive(Clone, Copy, Debug)]
    pub struct Usage {
        pub cpu: f64,
        pub max_rss: u64,
    }

    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    mod sys {
        /// `struct rusage` on 64-bit Linux: two `timeval`s, then 14 `long`s.
        #[repr(C)]
        #[derive(Default)]
        pub struct RUsage {
            pub utime: [i64; 2],
            pub stime: [i64; 2],
            pub maxrss: i64,
            pub rest: [i64; 13],
        }

        extern "C" {
            pub fn getrusage(who: i32, usage: *mut RUsage) -> i32;
            pub fn wait4(pid: i32, status: *mut i32, options: i32, usage: *mut RUsage) -> i32;
        }

        impl RUsage {
            pub fn usage(&self) -> super::Usage {
                let secs = |t: [i64; 2]| t[0] as f64 + t[1] as f64 * 1e-6;
                super::Usage {
                    cpu: secs(self.utime) + secs(self.stime),
                    max_rss: self.maxrss as u64 * 1024,
                }
            }
        }
    }

    /// This process's usage (RUSAGE_SELF).
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    pub fn own() -> Option<Usage> {
        let mut r = sys::RUsage::default();
        // SAFETY: `r` is a valid, writable `struct rusage`.
        (unsafe { sys::getrusage(0, &mut r) } == 0).then(|| r.usage())
    }

    /// Waits for `child`; whether it succeeded and its own usage.
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    pub fn wait(child: Child) -> std::io::Result<(bool, Option<Usage>)> {
        let mut status = 0i32;
        let mut r = sys::RUsage::default();
        // SAFETY: valid pointers; the pid is our unwaited child, reaped here
        // (so `child` must not be waited on again: it is consumed).
        let pid = unsafe { sys::wait4(child.id() as i32, &mut status, 0, &mut r) };
        if pid < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // Exited normally with status 0.
        let ok = status & 0x7f == 0 && (status >> 8) & 0xff == 0;
        match status & 0x7f {
            0 if ok => {}
            0 => eprintln!("bench: the child exited with code {}", (status >> 8) & 0xff),
            signal => eprintln!("bench: the child was killed by signal {signal}"),
        }
        Ok((ok, Some(r.usage())))
    }

    #[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
    pub fn own() -> Option<Usage> {
        None
    }

    #[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
    pub fn wait(mut child: Child) -> std::io::Result<(bool, Option<Usage>)> {
        Ok((child.wait()?.success(), None))
    }
}

// ── Output ──────────────────────────────────────────────────────────────

#[derive(Default)]
struct Table {
    rows: Vec<(String, Cost, String)>,
}

impl Table {
    fn push(&mut self, stage: &str, cost: Cost, note: &str) {
        self.rows.push((stage.to_owned(), cost, note.to_owned()));
    }

    /// A line summing earlier stages (wall and CPU added, peak the largest).
    fn push_sum(&mut self, stage: &str, parts: &[Cost], note: &str) {
        let sum = Cost {
            wall: parts.iter().map(|c| c.wall).sum(),
            cpu: parts.iter().map(|c| c.cpu).sum(),
            peak_rss: parts.iter().filter_map(|c| c.peak_rss).max(),
        };
        self.push(stage, sum, note);
    }

    fn print(&self, floor: f64) {
        let width = self
            .rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(0);
        println!();
        println!(
            "{:width$}  {:>8}  {:>7}  {:>8}  {:>9}  note",
            "stage", "seconds", "×floor", "cpu s", "peak RSS"
        );
        for (stage, c, note) in &self.rows {
            let ratio = if floor > 0.0 {
                format!("{:.2}", c.wall / floor)
            } else {
                "-".to_owned()
            };
            let cpu = c.cpu.map_or("-".to_owned(), |v| format!("{v:.2}"));
            let rss = c.rss_text();
            println!(
                "{stage:width$}  {:>8.2}  {ratio:>7}  {cpu:>8}  {rss:>9}  {note}",
                c.wall,
            );
        }
    }
}
