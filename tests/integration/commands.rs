//! The analyst's commands through the binary (issue 8): `init` and a report
//! run inside the working folder it makes, `watch` on a live folder, Chinese
//! help with examples, Chinese usage errors with exit code 2, `-q`/`-v`, and
//! errors that say what to do next.

use crate::common::*;
use calamine::Data;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Every command's name, for the help tests.
const COMMANDS: [&str; 7] = [
    "report", "check", "explain", "watch", "init", "calendar", "rules",
];

/// How long to wait for the watcher; generous for a loaded 2-core machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs the binary in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mashang"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An intake export: one case assigned on Monday 2017-01-16 (default
/// deadline: end of Tuesday 2017-01-17), as text cells.
fn write_intake(path: &Path) {
    write_rows(
        path,
        "交办登记",
        &[
            &["事项编号", "来源", "交办时间", "承办单位"],
            &["LT2017-0101", "群众来电", "2017-01-16 09:00", "华胥镇"],
        ],
    );
}

/// A one-sheet xlsx of text cells at `path`, written to a temporary name
/// first and then renamed (as a finished export would arrive).
fn write_rows(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = path.with_file_name("写入中.tmp");
    wb.save(&tmp).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The 时限依据 of every row of the 明细 sheet.
fn deadline_bases(report: &Path) -> Vec<String> {
    let rows = read_sheet(report, "明细");
    let col = rows[0]
        .iter()
        .position(|c| *c == Data::String("时限依据".into()))
        .expect("明细 has 时限依据");
    rows[1..]
        .iter()
        .map(|r| r.get(col).map(Data::to_string).unwrap_or_default())
        .collect()
}

#[test]
fn init_makes_a_working_folder_and_keeps_edited_files() {
    let w = Work::new();
    let out = w.run(&["init", "督查 通报"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let root = w.path().join("督查 通报");
    for name in ["deadline.rhai", "escalation.rhai", "score.rhai"] {
        let text = std::fs::read_to_string(root.join("rules").join(name)).unwrap();
        let builtin = mashang::rules::BUILTIN_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        assert!(
            text.ends_with(builtin),
            "{name} is a copy of the built-in rule"
        );
        assert!(text.starts_with("// 本文件由 mashang init"), "{name}");
    }
    let calendar = root.join("rules").join("calendar");
    let names: Vec<String> = std::fs::read_dir(&calendar)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["说明.txt"], "only the note, no copied year files");
    let note = std::fs::read_to_string(calendar.join("说明.txt")).unwrap();
    assert!(note.contains("2027.json") && note.contains("mashang calendar 2027"));
    let guide = std::fs::read_to_string(root.join("使用说明.txt")).unwrap();
    assert!(guide.starts_with('\u{feff}'), "a BOM for Notepad");
    assert!(guide.contains("mashang report"));
    assert!(guide.contains("不用放在这里"));
    assert_eq!(std::fs::read_dir(root.join("exports")).unwrap().count(), 0);
    assert!(stdout(&out).contains("cd \"督查 通报\""), "{}", show(&out));

    // An edited rule survives a second init; a deleted file comes back.
    let deadline = root.join("rules").join("deadline.rhai");
    std::fs::write(&deadline, "fn deadline(task) { task.交办时间 }\n").unwrap();
    std::fs::remove_file(root.join("使用说明.txt")).unwrap();
    let out = w.run(&["init", "督查 通报"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("已存在，未覆盖"), "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(&deadline).unwrap(),
        "fn deadline(task) { task.交办时间 }\n"
    );
    assert!(root.join("使用说明.txt").is_file());

    // `check` in the fresh folder reads exports/ and says it is empty.
    let out = run_in(&root, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(stdout(&out).contains("没有找到表格文件"), "{}", show(&out));
}

#[test]
fn init_puts_in_sample_data_that_gives_a_first_report() {
    let w = Work::new();
    let out = w.run(&["-q", "init", "练习"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let root = w.path().join("练习");
    let out = run_in(&root, &["report", "样例数据", "--week", "2017-W05"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(root.join("reports").join("通报_2017-W05.xlsx").is_file());
    // The samples stay out of exports/, where the real data goes.
    assert_eq!(std::fs::read_dir(root.join("exports")).unwrap().count(), 0);

    let out = w.run(&["-q", "init", "正式", "--no-samples"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(!w.path().join("正式").join("样例数据").exists());
}

#[test]
fn report_in_a_working_folder_uses_its_exports_and_edited_rules() {
    let w = Work::new();
    let out = w.run(&["init", "督查通报"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let root = w.path().join("督查通报");
    let deadline = root.join("rules").join("deadline.rhai");
    let text = std::fs::read_to_string(&deadline).unwrap();
    assert!(text.contains("\"一般：1个工作日\""));
    std::fs::write(
        &deadline,
        text.replace("\"一般：1个工作日\"", "\"本县规定：次个工作日\""),
    )
    .unwrap();
    write_intake(&root.join("exports").join("交办登记_第3周.xlsx"));

    // Inside the folder: no input folder and no --rules needed.
    let out = run_in(&root, &["report", "--week", "2017-W03"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        stderr(&out).contains("使用规则目录 rules"),
        "{}",
        show(&out)
    );
    let report = root.join("reports").join("通报_2017-W03.xlsx");
    assert_eq!(deadline_bases(&report), ["本县规定：次个工作日"]);

    // From outside: the rules beside the input folder are found.
    let out = w.run(&[
        "-v",
        "report",
        "督查通报/exports",
        "--week",
        "2017-W03",
        "--out",
        "外面",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let report = w.path().join("外面").join("通报_2017-W03.xlsx");
    assert_eq!(deadline_bases(&report), ["本县规定：次个工作日"]);

    // --rules wins over the folder found by looking.
    let other = w.path().join("另一套规则");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("deadline.rhai"),
        "fn deadline(task) { #{ due: end_of_day(task.交办时间), basis: \"当天\" } }\n",
    )
    .unwrap();
    let out = run_in(
        &root,
        &["report", "--week", "2017-W03", "--rules", "../另一套规则"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let report = root.join("reports").join("通报_2017-W03.xlsx");
    assert_eq!(deadline_bases(&report), ["当天"]);
}

#[test]
fn every_help_is_chinese_with_examples() {
    let w = Work::new();
    for flag in ["--help", "-h"] {
        let out = w.run(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        let text = stdout(&out);
        assert!(text.contains("用法：mashang <命令>"), "{text}");
        assert!(
            text.contains("命令:") && text.contains("通用选项:"),
            "{text}"
        );
        for command in COMMANDS {
            assert!(text.contains(command), "{command} listed\n{text}");
        }
    }
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let out = w.run(&[command, flag]);
            assert_eq!(out.status.code(), Some(0), "{command} {}", show(&out));
            let text = stdout(&out);
            assert!(text.contains("示例："), "{command} {flag}\n{text}");
            assert!(
                text.contains(&format!("用法：mashang {command}")),
                "{command}\n{text}"
            );
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
                "[default:",
            ] {
                assert!(
                    !text.contains(english),
                    "{command} {flag}: {english}\n{text}"
                );
            }
        }
    }
    // `help COMMAND` is the same as `COMMAND --help`.
    let out = w.run(&["help", "watch"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(stdout(&out), stdout(&w.run(&["watch", "-h"])));
    let out = w.run(&["--version"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2_with_chinese_text() {
    let w = Work::new();
    let cases: [(&[&str], &str); 7] = [
        (
            &["report", "in", "--wek", "2017-W03"],
            "无法识别的选项或参数 --wek",
        ),
        (&["reprot"], "没有命令“reprot”"),
        (&["explain", "in"], "缺少必需的参数"),
        (&["init"], "缺少必需的参数"),
        (
            &["report", "in", "--week", "2017-W03", "--month", "2017-01"],
            "不能与",
        ),
        (&["calendar", "明年"], "的取值“明年”无效"),
        (&["-q", "-v", "rules"], "不能同时使用"),
    ];
    for (args, expected) in cases {
        let out = w.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} {}", show(&out));
        let text = stderr(&out);
        assert!(text.contains(expected), "{args:?}: {expected}\n{text}");
        assert!(text.contains("--help 查看用法和示例"), "{args:?}\n{text}");
    }
    // Outside a working folder the input folder cannot be left out.
    let out = w.run(&["report"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("缺少输入目录"), "{}", show(&out));
    // `mashang` alone shows the help, as a usage error.
    let out = w.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("用法：mashang"));
}

#[test]
fn quiet_prints_only_the_path_and_verbose_adds_details() {
    let w = Work::new();
    write_intake(&w.input().join("交办登记.xlsx"));
    let out = w.run(&["report", "in", "--week", "2017-W03", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let expected = Path::new("reports").join("通报_2017-W03.xlsx");
    assert_eq!(
        stdout(&out),
        format!("{}\n", expected.display()),
        "{}",
        show(&out)
    );
    assert_eq!(stderr(&out), "", "{}", show(&out));

    let out = w.run(&["-v", "report", "in", "--week", "2017-W03"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let err = stderr(&out);
    for expected in [
        "规则：内置规则",
        "读取 1 个文件",
        "交办登记.xlsx [交办登记]：交办登记，数据 1 行",
        "判定用时",
        "完成，共用时",
    ] {
        assert!(err.contains(expected), "{expected}\n{}", show(&out));
    }
    assert!(stdout(&out).contains("统计期"), "{}", show(&out));
    // Not a terminal: no progress bar drawing.
    assert!(
        !err.contains('\r') && !err.contains("\u{1b}["),
        "{}",
        show(&out)
    );
}

#[test]
fn errors_say_what_to_do_next() {
    let w = Work::new();
    let out = w.run(&["report", "不存在的文件夹"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(stderr(&out)
        .contains("mashang: 错误：输入目录 不存在的文件夹 不存在或不是目录；请检查路径"));

    write_rows(
        &w.input().join("通讯录.xlsx"),
        "通讯录",
        &[&["姓名", "电话"], &["张三", "1"]],
    );
    let out = w.run(&["report", "in"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        stderr(&out).contains("请确认文件是交办登记导出表"),
        "{}",
        show(&out)
    );

    let rules = w.path().join("坏规则");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("deadline.rhai"), "fn deadline(task) { let }\n").unwrap();
    let out = w.run(&["report", "in", "--rules", "坏规则"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = stderr(&out);
    assert!(
        err.contains("deadline.rhai") && err.contains("请修改规则脚本后重试"),
        "{}",
        show(&out)
    );
    assert_eq!(
        err.matches("mashang: 错误：").count(),
        1,
        "printed once\n{err}"
    );
}

/// A running `mashang watch` whose stdout lines arrive on a channel; killed if
/// the test fails before it ends.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watcher {
    fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mashang"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut w = Watcher {
            child,
            lines,
            seen: Vec::new(),
        };
        w.expect("开始监视");
        w
    }

    /// Waits for a line containing `text`; returns it.
    fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with “{text}”; lines so far:\n{}",
            self.seen.join("\n")
        );
    }

    /// Lines that arrive within `wait`.
    fn more_lines(&mut self, wait: Duration) -> Vec<String> {
        let mut got = Vec::new();
        let until = Instant::now() + wait;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    got.push(line);
                }
                Err(_) => break,
            }
        }
        got
    }

    /// Waits for the process to end by itself; its exit code.
    fn wait(&mut self) -> Option<i32> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("watch did not end; lines:\n{}", self.seen.join("\n"));
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls until `path` exists.
fn wait_for_file(path: &Path) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if path.is_file() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn watch_waits_for_the_lock_file_then_writes_the_report() {
    let w = Work::new();
    let mut watcher = Watcher::start(
        w.path(),
        &[
            "in",
            "--week",
            "2017-W03",
            "--settle",
            "0.3",
            "--max-runs",
            "1",
        ],
    );
    watcher.expect("还没有导出表");
    // Excel has the export open: its lock file is there, so no run yet.
    let lock = w.input().join("~$交办登记.xlsx");
    std::fs::write(&lock, b"owner").unwrap();
    write_intake(&w.input().join("交办登记.xlsx"));
    watcher.expect("正在 Excel/WPS 中打开");
    let report: PathBuf = w.path().join("reports").join("通报_2017-W03.xlsx");
    let early = watcher.more_lines(Duration::from_millis(1500));
    assert!(
        !report.exists(),
        "no report while the lock file exists: {early:?}"
    );
    std::fs::remove_file(&lock).unwrap();
    assert!(
        wait_for_file(&report),
        "lines:\n{}",
        watcher.seen.join("\n")
    );
    let line = watcher.expect("已生成");
    assert!(line.starts_with('['), "{line}");
    assert!(
        line.contains("通报_2017-W03.xlsx（承办任务 1，异常 0）"),
        "{line}"
    );
    assert_eq!(watcher.wait(), Some(0));
    assert_eq!(deadline_bases(&report), ["一般：1个工作日"]);
}

/// Watches `input` (the input folder, or a link to it) writing the report
/// into the input folder itself: one run, and the report written beside the
/// inputs starts no second. Returns the run's line.
fn watch_runs_once_writing_into_the_inputs(w: &Work, input: &str) -> String {
    let args = [
        input,
        "--week",
        "2017-W03",
        "--settle",
        "0.3",
        "--out",
        "in",
        "--max-runs",
        "2",
    ];
    let mut watcher = Watcher::start(w.path(), &args);
    let line = watcher.expect("已生成");
    let more = watcher.more_lines(Duration::from_millis(2000));
    assert!(!more.iter().any(|l| l.contains("已生成")), "{more:?}");
    line
}

#[test]
fn watch_writing_into_the_input_folder_reads_the_inputs_and_runs_once() {
    let w = Work::new();
    write_intake(&w.input().join("交办登记.xlsx"));
    let line = watch_runs_once_writing_into_the_inputs(&w, "in");
    assert!(line.contains("（承办任务 1，异常 0）"), "{line}");
    assert!(w.input().join("通报_2017-W03.xlsx").is_file());
}

#[cfg(unix)]
#[test]
fn watch_through_a_link_to_the_output_folder_runs_once() {
    let w = Work::new();
    write_intake(&w.input().join("交办登记.xlsx"));
    std::os::unix::fs::symlink("in", w.path().join("link")).unwrap();
    watch_runs_once_writing_into_the_inputs(&w, "link");
}

#[test]
fn watch_survives_a_bad_file_ignores_its_own_output_and_stops_cleanly() {
    let w = Work::new();
    // The output folder lies inside the watched folder: writing the report
    // must not start another run. --strict makes a bad file fail the run.
    let args = [
        "in",
        "--week",
        "2017-W03",
        "--settle",
        "0.3",
        "--out",
        "in/通报",
        "--strict",
    ];
    let mut watcher = Watcher::start(w.path(), &args);
    let bad = w.input().join("坏文件.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let line = watcher.expect("生成失败");
    assert!(line.contains("有 1 个文件无法读取"), "{line}");

    // The watcher goes on: the bad file replaced by a good one gives a report.
    std::fs::remove_file(&bad).unwrap();
    write_intake(&w.input().join("交办登记.xlsx"));
    let line = watcher.expect("已生成");
    assert!(line.contains("承办任务 1，异常 0"), "{line}");
    assert!(w.input().join("通报").join("通报_2017-W03.xlsx").is_file());
    let later = watcher.more_lines(Duration::from_secs(3));
    assert!(
        !later
            .iter()
            .any(|l| l.contains("已生成") || l.contains("生成失败")),
        "no run after its own report: {later:?}"
    );

    // A changed export runs it again.
    write_rows(
        &w.input().join("交办登记.xlsx"),
        "交办登记",
        &[
            &["事项编号", "交办时间", "承办单位"],
            &["LT2017-0101", "2017-01-16 09:00", "华胥镇"],
            &["LT2017-0102", "2017-01-17 09:00", "蓝关街道"],
        ],
    );
    let line = watcher.expect("已生成");
    assert!(line.contains("承办任务 2"), "{line}");

    stop(&mut watcher);
}

/// Ctrl-C (SIGINT) on Unix: the watcher says so and exits 0. Elsewhere the
/// test only kills it.
#[cfg(unix)]
fn stop(watcher: &mut Watcher) {
    let pid = watcher.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    watcher.expect("已停止监视");
    assert_eq!(watcher.wait(), Some(0));
}

#[cfg(not(unix))]
fn stop(watcher: &mut Watcher) {
    let _ = watcher.child.kill();
}

#[test]
fn calendar_for_a_missing_year_says_how_to_add_it_and_nothing_it_cannot_take() {
    let w = Work::new();
    let out = w.run(&["calendar", "2030"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("缺少 2030 年的节假日安排"), "{err}");
    assert!(err.contains("calendar/ 子目录"), "{err}");
    // `calendar` has no --assume-weekends; `report` has.
    assert!(!err.contains("--assume-weekends"), "{err}");
}

#[test]
fn rules_pointing_at_a_folder_without_rules_is_refused_with_the_likely_one() {
    let w = Work::new();
    let out = w.run(&["-q", "init", "wf"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    write_intake(&w.input().join("交办登记.xlsx"));
    // The working folder given instead of its rules/ folder.
    let out = w.run(&["report", "in", "--week", "2017-W03", "--rules", "wf"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = stderr(&out);
    assert!(err.contains("既没有规则脚本"), "{err}");
    assert!(
        err.contains(&format!(
            "--rules {}",
            Path::new("wf").join("rules").display()
        )),
        "{err}"
    );
    let out = w.run(&["report", "in", "--week", "2017-W03", "--rules", "wf/rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // A folder that is not there, or a file, is the same kind of mistake.
    for wrong in ["nowhere", "wf/使用说明.txt"] {
        let out = w.run(&["report", "in", "--week", "2017-W03", "--rules", wrong]);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        assert!(
            stderr(&out).contains("不存在或不是文件夹"),
            "{}",
            show(&out)
        );
    }
}

#[test]
fn check_tries_the_rules_on_the_data() {
    let w = Work::new();
    write_intake(&w.input().join("交办登记.xlsx"));
    let out = w.run(&["check", "in"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("未发现规则错误"), "{}", show(&out));
    // A rule that fails only when it runs on a case.
    w.rule(
        "escalation.rhai",
        "fn escalation(task, w) {\n    throw \"未写完\";\n}\n",
    );
    w.rule(
        "deadline.rhai",
        "fn deadline(task) {\n    if task.承办单位 != \"\" { throw \"规则未写完\"; }\n    task.交办时间\n}\n",
    );
    let out = w.run(&["check", "in", "--rules", "rules"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = stderr(&out);
    assert!(
        err.contains("deadline.rhai") && err.contains("第 2 行"),
        "{err}"
    );
    assert!(stdout(&out).contains("未发现异常数据"), "{}", show(&out));
}

#[test]
fn check_says_when_the_rules_could_not_be_tried_for_want_of_a_year() {
    let w = Work::new();
    write_intake(&w.input().join("交办登记.xlsx"));
    // A reply whose year was mistyped makes the data reach past the calendar.
    w.bytes(
        "反馈.csv",
        "事项编号,反馈单位,反馈时间\nLT2017-0101,华胥镇,2071-01-17 10:00\n".as_bytes(),
    );
    let out = w.run(&["check", "in"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.contains("规则试算未能完成") && text.contains("2071-01-17 10:00:00"),
        "{text}"
    );
    assert!(!stderr(&out).contains("错误"), "{}", show(&out));
    // Assumed weekends are said.
    let out = w.run(&["check", "in", "--assume-weekends"]);
    assert!(stdout(&out).contains("临时口径"), "{}", show(&out));
}
