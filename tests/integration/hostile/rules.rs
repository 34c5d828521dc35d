//! Hostile rules folders through the binary: each sandbox limit ends the run
//! quickly with a Chinese message naming the script, the line and the hook,
//! exit code 1, and no report written. The library-level tests in
//! `rules::custom` cover operations, call depth, string and array size, eval
//! and import; these add map and BLOB size, expression depth, the file size,
//! a runaway top-level statement, and the whole run around each.

use super::*;
use std::time::{Duration, Instant};

/// Runs the report with `rules/` holding `files`; asserts it fails within
/// the "no hang" bound, writes nothing, and mentions every piece.
fn fails(files: &[(&str, &str)], pieces: &[&str]) -> Run {
    let w = Work::new();
    w.xlsx("交办.xlsx", vec![intake(vec![])]);
    let dir = w.path().join("rules");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let start = Instant::now();
    let run = report(&w, &["--rules", "rules"]);
    let took = start.elapsed();
    run.expect_code(1).expect_stderr(&["mashang: 错误："]);
    run.expect_stderr(pieces);
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert!(
        !w.path().join("out").exists(),
        "a failed run writes nothing"
    );
    run
}

#[test]
fn a_map_bomb_ends_with_the_map_limit() {
    // Rhai checks sizes on results, arguments and operators, not on
    // `m[k] = v`: the map is grown that way, then `+=` meets the limit.
    fails(
        &[(
            "score.rhai",
            "fn score(stats) {\n    let m = #{};\n    for i in 0..1001 {\n        m[`k${i}`] = i;\n    }\n    m += #{};\n    0.0\n}\n",
        )],
        &["score.rhai", "第 6 行", "钩子 score", "元素个数超过上限"],
    );
    // Grown that way without end, the operations limit stops it.
    fails(
        &[(
            "score.rhai",
            "fn score(stats) {\n    let m = #{};\n    let i = 0;\n    loop {\n        m[`k${i}`] = i;\n        i += 1;\n    }\n}\n",
        )],
        &["score.rhai", "钩子 score", "超出沙箱限制"],
    );
}

#[test]
fn a_blob_bomb_ends_with_a_size_limit() {
    fails(
        &[(
            "deadline.rhai",
            "fn deadline(task) {\n    let b = blob(100000000);\n    task.交办时间\n}\n",
        )],
        &["deadline.rhai", "第 2 行", "钩子 deadline", "上限"],
    );
}

#[test]
fn deeply_nested_expressions_fail_at_load() {
    let depth = 200;
    let script = format!(
        "fn deadline(task) {{\n    let x = {}1{};\n    task.交办时间\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    fails(
        &[("deadline.rhai", &script)],
        &["deadline.rhai", "第 2 行", "表达式嵌套过深"],
    );
}

#[test]
fn a_rules_file_past_one_megabyte_is_refused_unread() {
    let big = format!(
        "// {}\nfn deadline(task) {{ task.交办时间 }}\n",
        "很长的注释".repeat(80_000)
    );
    assert!(big.len() > 1024 * 1024);
    fails(
        &[("deadline.rhai", &big)],
        &["deadline.rhai", "文件过大", "上限 1048576 字节"],
    );
}

#[test]
fn a_runaway_top_level_statement_fails_at_load() {
    fails(
        &[(
            "deadline.rhai",
            "let n = 0;\nwhile true { n += 1; }\nfn deadline(task) { task.交办时间 }\n",
        )],
        &["deadline.rhai", "第 2 行", "超出沙箱限制"],
    );
}

#[test]
fn runaway_hooks_fail_the_whole_run_naming_the_case() {
    fails(
        &[(
            "escalation.rhai",
            "fn escalation(task, w) {\n    loop { w += 1; }\n}\n",
        )],
        &[
            "escalation.rhai",
            "第 2 行",
            "钩子 escalation",
            "超出沙箱限制",
        ],
    );
    fails(
        &[(
            "deadline.rhai",
            "fn down(n) { down(n + 1) }\nfn deadline(task) {\n    down(0)\n}\n",
        )],
        &[
            "deadline.rhai",
            "钩子 deadline",
            "事项编号 OK-1",
            "超出沙箱限制",
        ],
    );
}

#[test]
fn scripts_have_no_file_or_process_access() {
    for call in [
        "open(\"/etc/passwd\")",
        "read_file(\"/etc/passwd\")",
        "system(\"ls\")",
    ] {
        let script = format!("fn deadline(task) {{\n    {call};\n    task.交办时间\n}}\n");
        fails(
            &[("deadline.rhai", &script)],
            &["deadline.rhai", "第 2 行", "找不到函数"],
        );
    }
}
