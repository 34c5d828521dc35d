//! The binary's commands end to end: `check` output and exit codes, usage
//! errors, and clear Chinese errors for a missing folder.

use crate::common::*;
use crate::ingest::messy_folder;

#[test]
fn check_lists_reconciliation_and_exits_1_on_anomalies() {
    let w = messy_folder();
    let out = w.run(&["check", "in"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        text.contains("工作表“交办登记”：交办登记，表头在第3行；读取 13 = 使用 5 + 重复 1 + 跳过 3（空行 1，表尾 2） + 异常 4"),
        "{}",
        show(&out)
    );
    assert!(
        text.contains("反馈单位不是该事项的承办单位：1 条"),
        "{}",
        show(&out)
    );
    assert!(
        text.contains("反馈登记.csv [反馈登记] 第8行"),
        "{}",
        show(&out)
    );
}

#[test]
fn check_exits_0_on_clean_data() {
    let w = Work::new();
    w.xlsx(
        "a.xlsx",
        vec![SheetSpec::new(
            "s",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                row(&["A1", "2017-01-12 09:30", "华胥镇"]),
            ],
        )],
    );
    let out = w.run(&["check", "in"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("未发现异常数据"));
}

#[test]
fn usage_errors_exit_2_and_missing_folder_exits_1() {
    let w = Work::new();
    let out = w.run(&["report"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let out = w.run(&["report", "nowhere"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("输入目录 nowhere 不存在"),
        "{}",
        show(&out)
    );
}

#[test]
fn an_option_value_that_cannot_be_read_is_a_usage_error_even_for_watch() {
    let w = messy_folder();
    for args in [
        &["report", "in", "--week", "2017-W60"][..],
        &["report", "in", "--month", "2017-13"],
        &["report", "in", "--from", "2017-01-22", "--to", "2017-01-16"],
        &["report", "in", "--as-of", "garbage"],
        &["explain", "in", "LT-001", "--as-of", "xx"],
        // watch stops at once instead of failing at every run.
        &["watch", "in", "--week", "2017-W99"],
    ] {
        let out = w.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}\n{}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("无法识别"),
            "{args:?}\n{}",
            show(&out)
        );
    }
}

#[test]
fn a_report_written_into_the_input_folder_settles() {
    let w = messy_folder();
    let report = w.input().join("通报_2017-W03.xlsx");
    let mut written = Vec::new();
    for _ in 0..3 {
        let out = w.run(&["report", "in", "--week", "2017-W03", "--out", "in"]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        written.push(std::fs::read(&report).unwrap());
    }
    // The first run saw no report; the second saw the first; from then on
    // the report is the same.
    assert!(
        written[1] == written[2],
        "the report changes from run to run"
    );
    let notes = read_sheet(&report, "数据说明");
    let own = calamine::Data::String("本程序生成的通报，未读取".into());
    assert!(notes.iter().any(|r| r.contains(&own)));
}

#[test]
fn a_report_inside_the_input_folder_is_never_read_as_input() {
    let w = messy_folder();
    let before = w.run(&["check", "in"]);
    let out = w.run(&["report", "in", "--week", "2017-W03", "--out", "in/reports"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let after = w.run(&["check", "in"]);
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(
        text.contains("工作表“明细”：已跳过（本程序生成的通报）"),
        "{}",
        show(&after)
    );
    let count = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find(|l| l.starts_with("发现异常数据"))
            .map(str::to_owned)
    };
    assert_eq!(count(&before), count(&after));
}

#[test]
fn messages_are_chinese_without_the_libraries_english() {
    let w = Work::new();
    let english = [
        "error:",
        "Usage",
        "tip:",
        "Cannot",
        "No such file",
        "trailing comma",
    ];
    let no_english = |out: &std::process::Output| {
        let err = String::from_utf8_lossy(&out.stderr);
        for word in english {
            assert!(!err.contains(word), "{word:?} in:\n{}", show(out));
        }
    };
    // A usage error, with clap's suggestion in Chinese.
    let out = w.run(&["report", "in", "--wek", "2017-W03"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是不是要写 --week？"));
    no_english(&out);

    // Files that cannot be read.
    w.bytes("坏文件.xlsx", b"garbage");
    #[cfg(unix)]
    std::os::unix::fs::symlink(w.path().join("nowhere.xlsx"), w.input().join("断链.xlsx")).unwrap();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位\nLT-1,2017/1/12 9:30,县公安局\n".as_bytes(),
    );
    let out = w.run(&["check", "in"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("坏文件.xlsx 无法读取：文件已损坏或不是电子表格"),
        "{}",
        show(&out)
    );
    #[cfg(unix)]
    assert!(
        err.contains("断链.xlsx 无法读取：无法读取文件：文件或文件夹不存在"),
        "{}",
        show(&out)
    );
    no_english(&out);

    // A calendar file that is not valid JSON.
    let cal = w.path().join("r").join("calendar");
    std::fs::create_dir_all(&cal).unwrap();
    std::fs::write(cal.join("2027.json"), "{\"year\": 2027,\n}").unwrap();
    let out = w.run(&["calendar", "2027", "--rules", "r"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第 2 行第 1 列附近有 JSON 语法错误"),
        "{}",
        show(&out)
    );
    no_english(&out);
}

#[test]
fn a_re_saved_report_and_a_handout_of_its_overdue_list_are_not_exports() {
    let w = messy_folder();
    let before = w.run(&["check", "in"]);
    // The header the report writes over its overdue list.
    let overdue = row(&mashang::report::case_table_headers()[1]);
    let handout_row = row(&[
        "LT-001",
        "群众投诉",
        "x",
        "县住建局",
        "2017-01-16 09:30",
        "2017-01-17 23:59:59",
        "3",
        "催办",
        "张*",
        "138****0000",
    ]);
    // A report re-saved by WPS with a sheet of its own added.
    let mut sheets: Vec<SheetSpec> = mashang::report::SHEET_NAMES
        .iter()
        .map(|name| SheetSpec::new(name, vec![overdue.clone(), handout_row.clone()]))
        .collect();
    sheets.push(SheetSpec::new("WpsReserved", vec![row(&["x"])]));
    // A sheet someone added to the report is read as any other.
    sheets.push(SheetSpec::new(
        "补录交办",
        vec![
            row(&["事项编号", "交办时间", "承办单位"]),
            row(&["BL-1", "2017-01-16 09:30", "县住建局"]),
        ],
    ));
    w.xlsx("旧通报.xlsx", sheets);
    // The overdue list saved on its own for a meeting.
    w.xlsx(
        "会议材料.xlsx",
        vec![SheetSpec::new("Sheet1", vec![overdue, handout_row])],
    );
    let after = w.run(&["check", "in"]);
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(
        text.contains("工作表“Sheet1”：已跳过（本程序生成的通报）"),
        "{}",
        show(&after)
    );
    assert!(
        text.contains("工作表“WpsReserved”：已跳过（无法识别表头）"),
        "{text}"
    );
    assert!(text.contains("工作表“补录交办”：交办登记"), "{text}");
    let anomalies = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find(|l| l.starts_with("发现异常数据"))
            .map(str::to_owned)
    };
    assert_eq!(anomalies(&before), anomalies(&after));
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let w = messy_folder();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mashang"))
        .args(["check", "in"])
        .current_dir(w.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is printed (as `| head -0` would).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert_ne!(out.status.code(), Some(101), "{err}");
}
