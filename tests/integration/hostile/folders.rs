//! Bad folders and files that are not spreadsheets at all: an empty folder,
//! junk only, an encrypted workbook, truncated files, and things on disk that
//! are not regular files (a pipe, a device, a symlink loop, a dangling link).

use super::*;

#[test]
fn an_empty_folder_is_an_error_without_a_period_and_an_empty_report_with_one() {
    let w = Work::new();
    let out = w.run(&["report", "in", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mashang: 错误：输入目录 in 中没有找到任何交办记录，无法确定统计期"),
        "{}",
        show(&out)
    );
    assert!(!w.path().join("out").exists(), "nothing is written");

    let run = report(&w, &[]);
    run.expect_code(0);
    assert!(run.anomalies().is_empty());
    assert!(run.detail_cases().is_empty());
    assert!(
        run.stdout().contains("本期承办任务 0 个"),
        "{}",
        show(&run.out)
    );

    // An empty folder is most likely a wrong path: check says so and exits 1.
    let out = w.run(&["check", "in"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("没有找到表格文件"),
        "{}",
        show(&out)
    );
}

/// Files with input extensions that hold no spreadsheet.
fn junk(w: &Work) {
    w.bytes("a_text.xlsx", "这不是电子表格".as_bytes());
    w.bytes("b_png.ods", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    w.bytes("c_zeros.xls", &[0u8; 4096]);
    w.bytes("d_empty.xlsx", b"");
    w.bytes(
        "e_html.xls",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
    );
    w.bytes("f_zip_of_nothing.xlsb", &empty_zip());
    w.bytes("g_noise.csv", &noise(2048));
    w.bytes("notes.txt", b"ignored: not an input extension");
}

fn empty_zip() -> Vec<u8> {
    zip::ZipWriter::new(std::io::Cursor::new(Vec::new()))
        .finish()
        .unwrap()
        .into_inner()
}

/// Deterministic pseudo-random bytes.
pub fn noise(n: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(7);
    (0..n).map(|_| rng.u8(..)).collect()
}

#[test]
fn a_folder_of_junk_only() {
    let w = Work::new();
    junk(&w);
    let out = w.run(&["report", "in", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有找到任何交办记录"), "{}", show(&out));
    assert!(
        err.contains("mashang: 警告：文件 a_text.xlsx 无法读取：文件已损坏或不是电子表格"),
        "{}",
        show(&out)
    );

    let run = report(&w, &[]);
    run.expect_code(0).expect_stderr(&[
        "文件 a_text.xlsx 无法读取：文件已损坏或不是电子表格",
        "文件 b_png.ods 无法读取：文件已损坏或不是电子表格",
        "文件 c_zeros.xls 无法读取：文件已损坏或不是电子表格",
        "文件 d_empty.xlsx 无法读取：文件为空",
        "文件 e_html.xls 无法读取：文件已损坏或不是电子表格",
        "文件 f_zip_of_nothing.xlsb 无法读取：文件已损坏或不是电子表格",
    ]);
    // One file-level row each: no sheet, no row number, no 事项编号.
    let rows = run.anomalies();
    let files: Vec<_> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        files,
        [
            "a_text.xlsx",
            "b_png.ods",
            "c_zeros.xls",
            "d_empty.xlsx",
            "e_html.xls",
            "f_zip_of_nothing.xlsb",
            "g_noise.csv"
        ]
    );
    for r in &rows {
        assert_eq!(&r[1..4], ["", "", ""], "{r:?}");
        assert!(!r[4].is_empty());
    }
    // The noise CSV decodes (as GB18030) to text whose last record opens a
    // quote it never closes: the file is not read, and says where.
    let noise = rows.iter().find(|r| r[0] == "g_noise.csv").unwrap();
    assert!(noise[4].contains("行有未配对的引号"), "{noise:?}");
    assert!(!run.notes().iter().any(|l| l.contains("notes.txt")));

    let strict = report(&w, &["--strict"]);
    strict
        .expect_code(1)
        .expect_stderr(&["mashang: 错误：有 7 个文件无法读取（--strict 模式下视为错误）"]);
}

#[test]
fn an_encrypted_workbook_is_named_and_the_rest_still_used() {
    let w = Work::new();
    w.bytes("加密.xlsx", &fixture("encrypted.xlsx"));
    // The same encrypted bytes under another extension still say what they are.
    w.bytes("加密副本.xls", &fixture("encrypted.xlsx"));
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let run = report(&w, &[]);
    run.expect_code(0).expect_stderr(&[
        "文件 加密.xlsx 无法读取：文件已加密（受密码保护），无法读取；请另存为无密码的文件",
        // Encrypted xlsx bytes named .xls are not recognised as encrypted.
        "文件 加密副本.xls 无法读取：文件已损坏或不是电子表格",
    ]);
    assert_eq!(
        brief(&run.anomalies()),
        [
            [
                "加密.xlsx",
                "",
                "",
                "",
                "文件已加密（受密码保护），无法读取；请另存为无密码的文件"
            ],
            ["加密副本.xls", "", "", "", &run.anomalies()[1][4]],
        ]
    );
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    assert_eq!(
        run.sheet_note("交办.xlsx", "交办登记"),
        "交办登记；表头在第 1 行；读取 2 = 使用 2 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 0"
    );
    assert!(run
        .notes()
        .iter()
        .any(|l| l.starts_with("读取失败 | 文件已加密")));
    report(&w, &["--strict"])
        .expect_code(1)
        .expect_stderr(&["有 2 个文件无法读取"]);
}

#[test]
fn truncated_workbooks_at_every_kind_of_cut() {
    let w = Work::new();
    let good = w.xlsx("完整.xlsx", vec![intake(vec![])]);
    let bytes = std::fs::read(&good).unwrap();
    let ods = fixture("intake.ods");
    let xls = fixture("intake.xls");
    // Cut in the local headers, the data, the central directory, and one
    // byte short (zips only: an .xls ends in padding it can lose).
    let mut cuts = Vec::new();
    for (ext, whole) in [("xlsx", &bytes), ("ods", &ods), ("xls", &xls)] {
        let n = whole.len();
        let tail: &[usize] = if ext == "xls" { &[] } else { &[n - 22, n - 1] };
        for &at in [4, 30, n / 3, n / 2].iter().chain(tail) {
            let name = format!("截断_{ext}_{at:05}.{ext}");
            w.bytes(&name, &whole[..at]);
            cuts.push(name);
        }
    }
    cuts.sort();
    let run = report(&w, &[]);
    run.expect_code(0);
    let rows = run.anomalies();
    let unreadable: Vec<_> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(unreadable, cuts, "every cut file is one unreadable row");
    for r in &rows {
        assert!(
            r[4].starts_with("文件已损坏或不是电子表格"),
            "{}: {}",
            r[0],
            r[4]
        );
        assert!(run.stderr().contains(&format!("文件 {} 无法读取：", r[0])));
    }
    // The whole file is still read.
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    report(&w, &["--strict"])
        .expect_code(1)
        .expect_stderr(&[&format!("有 {} 个文件无法读取", cuts.len())]);
}

#[cfg(unix)]
#[test]
fn a_pipe_a_device_and_a_dangling_link_do_not_hang_the_run() {
    use std::os::unix::fs::symlink;
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let fifo = w.input().join("管道.csv");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    symlink("/dev/zero", w.input().join("无尽.csv")).unwrap();
    symlink("不存在.xlsx", w.input().join("断链.xlsx")).unwrap();
    let run = run_with_timeout(&w, 60);
    run.expect_code(0)
        .expect_stderr(&["文件 断链.xlsx 无法读取：无法读取文件"]);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    let files: Vec<_> = run.anomalies().iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["断链.xlsx"], "special files are not inputs");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed_forever() {
    use std::os::unix::fs::symlink;
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    // Two links up: followed blindly, 2^40 paths before the system says stop.
    for sub in ["甲", "乙"] {
        std::fs::create_dir(w.input().join(sub)).unwrap();
        symlink("..", w.input().join(sub).join("回到上级")).unwrap();
    }
    let run = run_with_timeout(&w, 60);
    run.expect_code(0);
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
    assert!(run.anomalies().is_empty(), "{:?}", run.anomalies());
    let inputs: Vec<String> = run
        .notes()
        .into_iter()
        .filter(|l| l.starts_with("输入文件 | ") && !l.starts_with("输入文件 |  |"))
        .collect();
    assert_eq!(inputs.len(), 1, "each file is read once: {inputs:#?}");
}

/// Runs the report with its memory capped at 4 GB (through the shell's
/// `ulimit -v`: a run reading an endless device must not take the machine
/// down with it), killing it (and failing) after `secs` seconds.
pub fn run_with_timeout(w: &Work, secs: u64) -> Run {
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" report in --week \"$1\" --out out")
        .arg(env!("CARGO_BIN_EXE_mashang"))
        .arg(WEEK)
        .current_dir(w.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= secs {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("the run hung for {secs} s\n{}", show(&out));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Run {
        out: child.wait_with_output().unwrap(),
        report: w.path().join(REPORT),
    }
}

#[test]
fn a_file_past_one_gigabyte_is_refused_unread() {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    // Sparse: takes no disk, but reading it would take 1 GiB and more.
    let big = std::fs::File::create(w.input().join("数据库导出.csv")).unwrap();
    big.set_len((1 << 30) + 1).unwrap();
    drop(big);
    let run = run_with_timeout(&w, 60);
    run.expect_code(0)
        .expect_stderr(&["文件 数据库导出.csv 无法读取：文件过大（1024 MB，超过上限 1024 MB）"]);
    assert_eq!(
        brief(&run.anomalies()),
        [["数据库导出.csv", "", "", "", &run.anomalies()[0][4]]]
    );
    assert_eq!(run.detail_cases(), ["OK-1", "OK-2"]);
}

/// Some systems export Excel 97–2003 files named .xlsx: such a file is read,
/// not called encrypted (an encrypted .xlsx is also a compound file).
#[test]
fn an_xls_named_xlsx_is_read_not_called_encrypted() {
    let w = Work::new();
    w.bytes("导出.xlsx", &fixture("intake.xls"));
    w.bytes("加密.xlsx", &fixture("encrypted.xlsx"));
    let run = report(&w, &[]);
    run.expect_code(0)
        .expect_stderr(&["文件 加密.xlsx 无法读取：文件已加密"]);
    assert_eq!(run.anomalies().len(), 1, "{:?}", run.anomalies());
    assert_eq!(run.detail_cases(), ["ODS-1", "ODS-2"]);
    assert_eq!(
        run.sheet_note("导出.xlsx", "intake"),
        "交办登记；表头在第 1 行；读取 2 = 使用 2 + 重复 0 + 跳过 0（空行 0，表尾 0） + 异常 0"
    );
}
