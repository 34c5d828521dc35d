//! A report killed while it is being written: the process gets SIGKILL the
//! moment its temporary file appears (and at a few later moments), and the
//! report folder then holds the previous complete report, or none — never a
//! broken one — and nothing but hidden temporary files besides.

use super::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An intake CSV of `n` cases in W03 over 60 units (CSV: quick to write).
fn big_input(w: &Work, n: usize, tag: &str) {
    let mut text = String::from("事项编号,来源,事项内容,交办时间,承办单位,联系人,联系电话\n");
    for i in 0..n {
        let day = 16 + i % 5;
        let unit = if i % 3 == 0 {
            format!("第{}镇", i % 20)
        } else {
            format!("县第{}局", i % 40)
        };
        text += &format!(
            "{tag}-{i:06},群众投诉,第{i}件事项的内容，写得比较长以便报表更大,\
             2017-01-{day} {:02}:{:02},{unit},张三,1381234{:04}\n",
            8 + i % 9,
            i % 60,
            i % 10_000
        );
    }
    w.bytes("交办.csv", text.as_bytes());
}

fn spawn(w: &Work) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mashang"))
        .args(["report", "in", "--week", WEEK, "--out", "out"])
        .current_dir(w.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Names in the report folder.
fn names(w: &Work) -> Vec<String> {
    match std::fs::read_dir(w.path().join("out")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Whether the child's temporary report file exists.
fn temp_exists(w: &Work, pid: u32) -> bool {
    let suffix = format!(".tmp-{pid}");
    names(w).iter().any(|n| n.ends_with(&suffix))
}

/// How a kill landed.
#[derive(Debug, PartialEq)]
enum Landed {
    /// While the temporary file existed: mid-write (or between write and rename).
    WhileWriting,
    /// Before the write began, or after the run ended by itself.
    Elsewhere,
}

/// The report's size and time of change, if there is one.
fn stamp(w: &Work) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(w.path().join(REPORT)).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Starts a run and kills it `delay` after it starts writing — its
/// temporary file appears, or (were it to write in place) the report
/// changes — or after `fallback` if it never does.
fn kill_during_write(w: &Work, delay: Duration, fallback: Duration) -> Landed {
    let before = stamp(w);
    let mut child = spawn(w);
    let pid = child.id();
    let writing = || temp_exists(w, pid) || stamp(w) != before;
    let start = Instant::now();
    let landed = loop {
        if child.try_wait().unwrap().is_some() {
            break Landed::Elsewhere;
        }
        if writing() {
            std::thread::sleep(delay);
            let still_writing = temp_exists(w, pid) || child.try_wait().unwrap().is_none();
            child.kill().unwrap();
            break if still_writing {
                Landed::WhileWriting
            } else {
                Landed::Elsewhere
            };
        }
        if start.elapsed() > fallback {
            child.kill().unwrap();
            break Landed::Elsewhere;
        }
        std::thread::yield_now();
    };
    child.wait().unwrap();
    landed
}

/// Whether the report opens as a whole workbook with every sheet.
fn complete(path: &std::path::Path) -> bool {
    use calamine::Reader;
    let Ok(mut wb) = calamine::open_workbook_auto(path) else {
        return false;
    };
    ["通报", "逾期清单", "明细", "异常数据", "数据说明"]
        .iter()
        .all(|s| wb.worksheet_range(s).is_ok())
}

/// Asserts the report folder holds the `previous` report or a complete new
/// one (or, with no previous report, possibly none), and nothing else but
/// hidden temporary files.
fn assert_intact(w: &Work, previous: Option<&[u8]>) {
    for name in names(w) {
        assert!(
            name == "通报_2017-W03.xlsx" || (name.starts_with('.') && name.contains(".tmp-")),
            "unexpected file in the report folder: {name}"
        );
    }
    let target = w.path().join(REPORT);
    match std::fs::read(&target) {
        Ok(bytes) => assert!(
            previous == Some(bytes.as_slice()) || complete(&target),
            "a broken report ({} bytes) was left behind",
            bytes.len()
        ),
        Err(_) => assert!(previous.is_none(), "the previous report disappeared"),
    }
}

#[test]
fn a_report_killed_while_written_leaves_the_previous_one_or_none() {
    let w = Work::new();
    big_input(&w, 3_000, "A");
    let delays = [0, 2, 10].map(Duration::from_millis);
    let fallback = Duration::from_secs(120);
    let mut mid_write = 0;

    // No previous report: after a kill there is none, or a complete one.
    for delay in delays {
        if kill_during_write(&w, delay, fallback) == Landed::WhileWriting {
            mid_write += 1;
        }
        assert_intact(&w, None);
    }

    // A previous report, then runs on changed inputs killed while writing.
    let start = Instant::now();
    let out = w.run(&["report", "in", "--week", WEEK, "--out", "out"]);
    let one_run = start.elapsed();
    assert!(out.status.success(), "{}", show(&out));
    let previous = std::fs::read(w.path().join(REPORT)).unwrap();
    big_input(&w, 3_500, "B");
    for delay in delays {
        if kill_during_write(&w, delay, fallback) == Landed::WhileWriting {
            mid_write += 1;
        }
        assert_intact(&w, Some(&previous));
    }
    // The test proves something only if kills landed mid-write.
    assert!(
        mid_write >= 2,
        "only {mid_write} of {} kills landed while writing (a run takes {one_run:?})",
        2 * delays.len()
    );
}
