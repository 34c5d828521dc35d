//! `mashang watch`: re-runs the report whenever the exports change.
//!
//! File-system events (the `notify` crate) only say that something may have
//! changed. After one, the watcher waits until the folder is quiet for the
//! settle time, then takes a snapshot of the input files (path, size,
//! modification time) and of the rules files; it runs the report once two
//! snapshots a settle time apart agree and no Excel/WPS lock file (`~$…`) is
//! left, and only when the snapshot differs from the one of the last run — so
//! the report written into the output folder, a lock file coming and going or
//! any other file never triggers a run. Each run prints one line; a failed run
//! (a bad file, a rule error) is logged and the watching goes on. Ctrl-C stops
//! it after the current run (a second Ctrl-C at once: reports are written
//! atomically, so none is left half-written).

use super::{absolute, report};
use crate::cli::WatchArgs;
use crate::error::Error;
use crate::ingest::scan::EXTENSIONS;
use crate::progress;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// What the main loop hears about.
enum Message {
    /// Paths a file-system event named.
    Changed(Vec<PathBuf>),
    /// The watcher reported an error.
    WatchError(String),
    /// Ctrl-C (or a termination signal).
    Stop,
}

/// The folders involved, absolute.
struct Places {
    input: PathBuf,
    /// The output folder in absolute and canonical form (events may use either).
    out: Vec<PathBuf>,
    /// Whether the output folder is a folder of its own inside the input
    /// folder (everything in it is output), rather than the input folder
    /// itself or one holding it (where only the reports are).
    out_within_input: bool,
    rules: Option<PathBuf>,
}

/// The state of the files a report depends on.
#[derive(Debug, Default, PartialEq, Eq)]
struct Snapshot {
    /// Input files (path, size, modification time).
    files: Vec<Stamp>,
    /// Rules files, the same way.
    rules: Vec<Stamp>,
    /// Excel/WPS lock files (`~$…`): some export is open or being saved.
    locks: Vec<String>,
}

/// Runs `watch`.
pub fn run(args: &WatchArgs) -> Result<ExitCode, Error> {
    let report = &args.report;
    // A mistyped option is a usage error now, not a failure at every run.
    report::options(report)?;
    if !report.input.is_dir() {
        return Err(Error::InputMissing(report.input.display().to_string()));
    }
    progress::set_bars(false);
    let watch_error = |e: &notify::Error| Error::Watch {
        dir: report.input.display().to_string(),
        message: notify_reason(e),
    };
    let places = places(args).map_err(|e| Error::Watch {
        dir: report.out.display().to_string(),
        message: crate::error::io_reason(&e),
    })?;
    let settle = Duration::from_secs_f64(args.settle.clamp(0.1, 600.0));

    let (tx, rx) = mpsc::channel();
    let running = Arc::new(AtomicBool::new(false));
    stop_on_ctrl_c(tx.clone(), running.clone()).map_err(|_| Error::Watch {
        dir: report.input.display().to_string(),
        message: "无法接管 Ctrl-C".to_owned(),
    })?;
    let fs_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let _ = fs_tx.send(match res {
            Ok(event) => Message::Changed(event.paths),
            Err(e) => Message::WatchError(notify_reason(&e)),
        });
    })
    .map_err(|e| watch_error(&e))?;
    watcher
        .watch(&places.input, RecursiveMode::Recursive)
        .map_err(|e| watch_error(&e))?;
    if let Some(rules) = &places.rules {
        if rules.is_dir() && !rules.starts_with(&places.input) {
            watcher
                .watch(rules, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&e))?;
        }
    }

    if !progress::quiet() {
        log(&format!(
            "开始监视 {}（通报输出到 {}；按 Ctrl-C 结束）",
            report.input.display(),
            report.out.display()
        ));
    }
    let mut pending = !snapshot(&places).files.is_empty();
    if !pending && !progress::quiet() {
        log("文件夹中还没有导出表，放入后自动生成通报");
    }
    let mut last: Option<Snapshot> = None;
    let mut runs = 0u32;
    loop {
        if !pending {
            match rx.recv() {
                Ok(Message::Changed(paths)) => pending = paths.iter().any(|p| relevant(p, &places)),
                Ok(Message::WatchError(e)) => log(&format!("监视出错：{e}")),
                Ok(Message::Stop) | Err(_) => break,
            }
            continue;
        }
        let Some(snap) = settled(&rx, &places, settle) else {
            break;
        };
        pending = false;
        if last.as_ref() == Some(&snap) {
            continue;
        }
        running.store(true, Ordering::SeqCst);
        run_once(args);
        running.store(false, Ordering::SeqCst);
        last = Some(snap);
        runs += 1;
        if args.max_runs.is_some_and(|n| runs >= n) {
            break;
        }
    }
    if !progress::quiet() {
        log("已停止监视");
    }
    Ok(ExitCode::SUCCESS)
}

/// The first Ctrl-C asks the loop to stop (after the current run); a second
/// one ends the process at once.
fn stop_on_ctrl_c(tx: mpsc::Sender<Message>, running: Arc<AtomicBool>) -> Result<(), ctrlc::Error> {
    let asked = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if asked.swap(true, Ordering::SeqCst) {
            eprintln!("mashang: 已立即结束");
            std::process::exit(130);
        }
        if running.load(Ordering::SeqCst) {
            eprintln!("mashang: 正在结束：本次生成完成后退出（再按一次 Ctrl-C 立即结束）");
        }
        let _ = tx.send(Message::Stop);
    })
}

/// Waits until the files are quiet and stable and no lock file is left;
/// `None` when asked to stop.
fn settled(rx: &Receiver<Message>, places: &Places, settle: Duration) -> Option<Snapshot> {
    let mut previous: Option<Snapshot> = None;
    let mut told_about_locks = false;
    loop {
        // Quiet: no relevant event for a whole settle time.
        let mut quiet_since = Instant::now();
        while let Some(left) = settle.checked_sub(quiet_since.elapsed()) {
            match rx.recv_timeout(left) {
                Ok(Message::Changed(paths)) => {
                    if paths.iter().any(|p| relevant(p, places)) {
                        quiet_since = Instant::now();
                    }
                }
                Ok(Message::WatchError(e)) => log(&format!("监视出错：{e}")),
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        let snap = snapshot(places);
        if !snap.locks.is_empty() {
            if !told_about_locks && !progress::quiet() {
                log(&format!(
                    "有文件正在 Excel/WPS 中打开或保存（{}），关闭后再生成；\
                     若已关闭仍如此，可删除这个 ~$ 开头的文件",
                    snap.locks.join("、")
                ));
                told_about_locks = true;
            }
            previous = None;
            continue;
        }
        if previous.as_ref() == Some(&snap) {
            return Some(snap);
        }
        previous = Some(snap);
    }
}

/// One report run, logged in one line; never stops the watcher.
fn run_once(args: &WatchArgs) {
    let started = Instant::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        report::generate(&args.report, crate::Release::Free)
    }));
    let took = if progress::verbose() {
        format!("，用时 {}", progress::seconds(started.elapsed()))
    } else {
        String::new()
    };
    match result {
        Ok(Ok(done)) => log(&format!(
            "已生成 {}（承办任务 {}，异常 {}{took}）",
            done.path.display(),
            done.assignments,
            done.anomalies
        )),
        Ok(Err(e)) => log(&format!("生成失败：{e}")),
        Err(_) => log("生成失败：程序内部错误（请把输入文件和上面的信息告知维护人员），继续监视"),
    }
}

/// One log line on stdout, with the local time.
fn log(text: &str) {
    use std::io::Write;
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "[{now}] {text}");
    let _ = out.flush();
}

/// Absolute input, output and rules folders. The output folder is created
/// now so that its canonical form is known.
fn places(args: &WatchArgs) -> std::io::Result<Places> {
    let report = &args.report;
    let input = absolute(&report.input)?;
    let out_abs = absolute(&report.out)?;
    std::fs::create_dir_all(&out_abs)?;
    let mut out = vec![out_abs.clone()];
    if let Ok(c) = out_abs.canonicalize() {
        out.push(c);
    }
    let rules = match &report.rules.rules {
        Some(r) => Some(absolute(r)?),
        None => None,
    };
    let mut inputs = vec![input.clone()];
    inputs.extend(input.canonicalize().ok());
    let out_within_input = out
        .iter()
        .any(|o| inputs.iter().any(|i| o != i && o.starts_with(i)));
    Ok(Places {
        input,
        out,
        out_within_input,
        rules,
    })
}

/// Whether `path` is output the watcher must not react to: anything in an
/// output folder of its own inside the input folder; where the output folder
/// is the input folder, or holds it, only the reports written there.
fn in_out_dir(path: &Path, places: &Places) -> bool {
    if places.out_within_input {
        return places.out.iter().any(|o| path.starts_with(o));
    }
    let is_report = path
        .file_name()
        .is_some_and(|n| crate::report::is_report_file_name(&n.to_string_lossy()));
    // Events and the snapshot name paths as the input was given, perhaps
    // through a link: the folder is compared in canonical form too.
    let in_out = |p: &Path| {
        places.out.iter().any(|o| p == o) || p.canonicalize().is_ok_and(|c| places.out.contains(&c))
    };
    is_report && path.parent().is_some_and(in_out)
}

/// A watcher's error in Chinese.
fn notify_reason(e: &notify::Error) -> String {
    use notify::ErrorKind as K;
    match &e.kind {
        K::Io(io) => crate::error::io_reason(io),
        K::PathNotFound => "文件夹不存在".to_owned(),
        K::MaxFilesWatch => {
            "系统可同时监视的文件数已达上限（Linux 可调大 fs.inotify.max_user_watches）".to_owned()
        }
        _ => "系统的文件监视功能不可用".to_owned(),
    }
}

/// Whether an event on `path` may change the report: an input file, a lock
/// file, a rules file, or a folder — not the output folder nor hidden files.
fn relevant(path: &Path, places: &Places) -> bool {
    if in_out_dir(path, places) {
        return false;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return true;
    };
    if name.starts_with("~$") {
        return true;
    }
    if name.starts_with('.') {
        return false;
    }
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => {
            EXTENSIONS.iter().any(|x| ext.eq_ignore_ascii_case(x))
                || ext.eq_ignore_ascii_case("rhai")
                || ext.eq_ignore_ascii_case("json")
        }
    }
}

/// The input files and lock files under the input folder (outside the output
/// folder), and the rules files (`*.rhai`, `calendar/*.json`), in path order.
fn snapshot(places: &Places) -> Snapshot {
    let mut snap = Snapshot::default();
    walk(
        &places.input,
        places,
        &mut snap.files,
        &mut snap.locks,
        &|ext| EXTENSIONS.iter().any(|x| ext.eq_ignore_ascii_case(x)),
    );
    if let Some(rules) = &places.rules {
        walk(rules, places, &mut snap.rules, &mut snap.locks, &|ext| {
            ext.eq_ignore_ascii_case("rhai") || ext.eq_ignore_ascii_case("json")
        });
    }
    snap.files.sort();
    snap.rules.sort();
    snap.locks.sort();
    snap.locks.dedup();
    snap
}

/// A file found by [`walk`]: path, size, modification time.
type Stamp = (PathBuf, u64, Option<SystemTime>);

fn walk(
    dir: &Path,
    places: &Places,
    files: &mut Vec<Stamp>,
    locks: &mut Vec<String>,
    wanted: &dyn Fn(&str) -> bool,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("~$") {
            locks.push(name);
            continue;
        }
        if name.starts_with('.') || in_out_dir(&path, places) {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !in_out_dir(&canonical, places) {
                walk(&path, places, files, locks, wanted);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(wanted)
        {
            files.push((path, meta.len(), meta.modified().ok()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        Places {
            input: PathBuf::from("/w/exports"),
            out: vec![PathBuf::from("/w/exports/reports")],
            out_within_input: true,
            rules: Some(PathBuf::from("/w/rules")),
        }
    }

    #[test]
    fn an_output_folder_holding_the_inputs_hides_only_the_reports() {
        for out in ["/w/exports", "/w"] {
            let p = Places {
                out: vec![PathBuf::from(out)],
                out_within_input: false,
                ..places()
            };
            assert!(relevant(Path::new("/w/exports/交办登记.xlsx"), &p), "{out}");
            assert!(relevant(Path::new("/w/rules/deadline.rhai"), &p), "{out}");
            let report = Path::new(out).join("通报_2017-W03.xlsx");
            assert!(!relevant(&report, &p), "{out}");
        }
    }

    #[test]
    fn only_inputs_locks_rules_and_folders_are_relevant() {
        let p = places();
        assert!(relevant(Path::new("/w/exports/交办登记.xlsx"), &p));
        assert!(relevant(Path::new("/w/exports/反馈.CSV"), &p));
        assert!(relevant(Path::new("/w/exports/~$交办登记.xlsx"), &p));
        assert!(relevant(Path::new("/w/exports/新建文件夹"), &p));
        assert!(relevant(Path::new("/w/rules/deadline.rhai"), &p));
        assert!(relevant(Path::new("/w/rules/calendar/2027.json"), &p));
        assert!(!relevant(
            Path::new("/w/exports/reports/通报_2017-W03.xlsx"),
            &p
        ));
        assert!(!relevant(Path::new("/w/exports/.通报.xlsx.tmp-1"), &p));
        assert!(!relevant(Path::new("/w/exports/说明.txt"), &p));
    }

    #[test]
    fn absolute_resolves_dots() {
        let a = absolute(Path::new("x/./y/../z")).unwrap();
        assert!(a.is_absolute());
        assert!(a.ends_with("x/z"));
    }
}
