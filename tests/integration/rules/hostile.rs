//! Broken and hostile scripts: each fails fast with a clear Chinese error
//! naming the script, line, column, hook and 事项编号 (or unit).

use super::*;

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = folder(&[(
        "deadline.rhai",
        "fn deadline(task) {\n    let t = task.交办时间 +;\n    t\n}\n",
    )]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert!(matches!(err, RuleError::Syntax { .. }), "{err:?}");
    assert_mentions(&err, &["deadline.rhai", "第 2 行", "语法错误"]);
    let at = err.location().unwrap();
    assert_eq!((at.line, at.column), (2, 24)); // the `;` after `+`
}

#[test]
fn an_undefined_variable_fails_at_load() {
    let dir = folder(&[(
        "deadline.rhai",
        "fn deadline(task) {\n    end_of_day(t)\n}\n",
    )]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert_mentions(&err, &["deadline.rhai", "第 2 行第 16 列", "变量 t 未定义"]);
}

#[test]
fn import_of_a_file_outside_the_folder_fails_at_load() {
    let outside = folder(&[("secret.rhai", "fn deadline(task) { task.交办时间 }")]);
    let script = format!(
        "import \"{}\" as s;\nfn deadline(task) {{ s::deadline(task) }}\n",
        outside.path().join("secret").display()
    );
    for text in [
        script.as_str(),
        "import \"../x\" as x;\nfn deadline(task) { x::d(task) }\n",
    ] {
        let dir = folder(&[("deadline.rhai", text)]);
        let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
        assert!(matches!(err, RuleError::Syntax { .. }), "{err:?}");
        assert_mentions(
            &err,
            &["deadline.rhai", "第 1 行第 1 列", "不允许使用 import"],
        );
    }
}

#[test]
fn eval_is_not_allowed() {
    let dir = folder(&[("r.rhai", "fn rating(stats) {\n  eval(\"\\\"好\\\"\")\n}\n")]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert_mentions(&err, &["r.rhai", "第 2 行第 3 列", "不允许使用 eval"]);
}

/// Loads a folder with one `deadline` script and runs it on case `X-9`.
fn run_deadline(script: &str) -> RuleError {
    let dir = folder(&[("deadline.rhai", script)]);
    let rules = load(dir.path());
    fails_fast(|| rules.deadline(&task("X-9", "2017-01-26 10:00")))
}

#[test]
fn an_infinite_loop_ends_with_a_limit_error() {
    let err = run_deadline(
        "fn deadline(task) {\n    let i = 0;\n    while true {\n        i += 1;\n    }\n}\n",
    );
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(
        &err,
        &[
            "deadline.rhai",
            "第 4 行",
            "钩子 deadline",
            "事项编号 X-9",
            // The operation limit, or the time limit on a very busy machine.
            "可能是死循环",
        ],
    );
}

#[test]
fn copying_big_values_in_a_loop_ends_by_the_time_limit() {
    let err = run_deadline(
        "fn deadline(task) {\n    let a = [];\n    a.pad(999, 0);\n    loop {\n        let b = a;\n        b.sort();\n    }\n}\n",
    );
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(&err, &["deadline.rhai", "事项编号 X-9", "可能是死循环"]);
    let line = err.location().unwrap().line;
    assert!((4..=6).contains(&line), "{err}");
}

#[test]
fn a_map_bomb_ends_with_a_limit_error() {
    let err = run_deadline(
        "fn deadline(task) {\n    let m = #{};\n    for i in 0..100000 {\n        m.set(`k${i}`, i);\n    }\n}\n",
    );
    assert_mentions(&err, &["第 4 行", "map）元素个数超过上限"]);
}

#[test]
fn runaway_recursion_ends_with_a_limit_error() {
    let err =
        run_deadline("fn down(n) {\n    down(n + 1)\n}\nfn deadline(task) {\n    down(0)\n}\n");
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(
        &err,
        &[
            "deadline.rhai",
            "第 2 行",
            "钩子 deadline",
            "事项编号 X-9",
            "可能是无限递归",
        ],
    );
}

#[test]
fn a_string_bomb_ends_with_a_limit_error() {
    let err = run_deadline(
        "fn deadline(task) {\n    let s = \"炸\";\n    loop {\n        s += s;\n    }\n}\n",
    );
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(
        &err,
        &[
            "deadline.rhai",
            "第 4 行",
            "事项编号 X-9",
            "文本长度超过上限",
        ],
    );
    let err = run_deadline("fn deadline(task) {\n    \"x\".pad(100000000, \"y\")\n}\n");
    assert_mentions(&err, &["第 2 行", "文本长度超过上限"]);
}

#[test]
fn an_array_bomb_ends_with_a_limit_error() {
    let err = run_deadline("fn deadline(task) {\n    let a = [1];\n    loop { a += a; }\n}\n");
    assert_mentions(&err, &["第 3 行", "数组元素个数超过上限"]);
}

#[test]
fn wrong_return_types_are_errors() {
    for (script, words) in [
        (
            "fn deadline(task) {\n    \"明天\"\n}\n",
            &["string", "明天"][..],
        ),
        (
            "fn deadline(task) {\n    if false { return task.交办时间; }\n}\n",
            &["()", "return"][..],
        ),
        (
            "fn deadline(task) {\n    #{ due: \"2017-01-27\", basis: \"x\" }\n}\n",
            &["due", "DateTime"][..],
        ),
        (
            "fn deadline(task) {\n    #{ due: task.交办时间, bases: \"x\" }\n}\n",
            &["bases"][..],
        ),
        (
            "fn deadline(task) {\n    task.交办时间 - 1\n}\n",
            &["早于交办时间"][..],
        ),
    ] {
        let err = run_deadline(script);
        assert!(matches!(err, RuleError::ReturnValue { .. }), "{err:?}");
        let mut pieces = vec![
            "deadline.rhai",
            "第 1 行第 1 列",
            "钩子 deadline",
            "事项编号 X-9",
            "返回值不符合要求",
        ];
        pieces.extend_from_slice(words);
        assert_mentions(&err, &pieces);
    }
}

#[test]
fn wrong_escalation_score_and_rating_values_are_errors() {
    let dir = folder(&[(
        "all.rhai",
        "fn escalation(task, w) { \"马上办\" }\nfn score(stats) { \"高\" }\nfn rating(stats) { 1 }\n",
    )]);
    let rules = load(dir.path());
    let err = fails_fast(|| rules.escalation(&task("E-1", "2017-01-26 10:00"), 2));
    assert_mentions(
        &err,
        &[
            "all.rhai",
            "第 1 行第 1 列",
            "钩子 escalation",
            "事项编号 E-1",
            "马上办",
        ],
    );
    let err = fails_fast(|| rules.score(&stats(5, 5, 0, 5, 0)));
    assert_mentions(
        &err,
        &[
            "all.rhai",
            "第 2 行第 1 列",
            "钩子 score",
            "承办单位 城关街道",
            "高",
        ],
    );
    let err = fails_fast(|| rules.rating(&stats(5, 5, 0, 5, 0)));
    assert_mentions(&err, &["all.rhai", "第 3 行第 1 列", "钩子 rating", "好"]);
}

#[test]
fn runtime_errors_name_the_place_and_the_case() {
    let err = run_deadline("fn deadline(task) {\n    task.截止日期\n}\n");
    assert!(matches!(err, RuleError::Runtime { .. }), "{err:?}");
    assert_mentions(
        &err,
        &["第 2 行", "钩子 deadline", "事项编号 X-9", "截止日期"],
    );
    let err = run_deadline("fn helper(t) {\n    add_weeks(t, 1)\n}\nfn deadline(task) {\n    helper(task.交办时间)\n}\n");
    assert_mentions(&err, &["第 2 行第 5 列", "找不到函数 add_weeks", "helper"]);
    let err = run_deadline("fn deadline(task) {\n    throw \"请先补录来源\";\n}\n");
    assert_mentions(&err, &["第 2 行", "请先补录来源"]);
}

#[test]
fn common_mistakes_get_helpful_messages() {
    let err =
        run_deadline("fn deadline(task) {\n    task.交办时间 = datetime(\"2017-01-01\");\n}\n");
    assert_mentions(&err, &["第 2 行", "字段 交办时间 是只读的"]);
    let err = run_deadline("fn deadline(task) {\n    end_of_day(task.办理时限)\n}\n");
    assert_mentions(&err, &["第 2 行", "找不到函数 end_of_day (())", "空值 ()"]);
}

#[test]
fn a_year_without_calendar_data_surfaces_the_calendars_message() {
    let err = run_deadline(
        "fn deadline(task) {\n    end_of_day(nth_workday_after(datetime(2031, 5, 1), 1))\n}\n",
    );
    assert!(matches!(err, RuleError::CalendarInScript { .. }), "{err:?}");
    assert_mentions(
        &err,
        &[
            "deadline.rhai",
            "第 2 行",
            "事项编号 X-9",
            "缺少 2031 年的节假日安排",
        ],
    );
    let run = mashang::error::Error::Rule(err).to_string();
    assert!(run.contains("--assume-weekends"), "{run}");
}

#[test]
fn parallel_runs_report_the_first_failing_task_in_input_order() {
    let dir = folder(&[(
        "deadline.rhai",
        "fn deadline(task) {\n    if task.事项编号.ends_with(\"7\") { loop {} }\n    task.交办时间\n}\n",
    )]);
    let rules = load(dir.path());
    let tasks: Vec<Task> = (0..2000)
        .map(|i| task(&format!("T{i:04}"), "2017-01-26 10:00"))
        .collect();
    let err = fails_fast(|| rules.deadlines(&tasks));
    assert_mentions(&err, &["事项编号 T0007", "第 2 行", "运算次数超过上限"]);
}

#[test]
fn deeply_nested_data_ends_with_a_limit_error_not_a_stack_overflow() {
    // Nesting is bounded by the array and map sizes; dropping or measuring a
    // deeply nested value recurses in Rust, so those limits keep it shallow.
    let err = run_deadline(
        "fn deadline(task) {\n    let m = #{};\n    loop {\n        m = #{ a: m };\n    }\n}\n",
    );
    // Usually the map size limit; on a heavily loaded machine the per-call
    // time limit may come first. Either is a contained limit error.
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(&err, &["deadline"]);
    let err = run_deadline("fn deadline(task) {\n    let a = [];\n    loop { a = [a, a]; }\n}\n");
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
}

#[test]
fn deep_recursion_with_large_frames_stops_before_the_stack_runs_out() {
    let script = "fn down(n) {\n    let x = [n, n + 1, #{ a: n }];\n    if n >= 0 { down(n + 1) + x[0] + ((((n + 1) * 2) + 3) * 4) } else { 0 }\n}\nfn deadline(task) {\n    down(0)\n}\n";
    let err = run_deadline(script);
    assert!(matches!(err, RuleError::Limit { .. }), "{err:?}");
    assert_mentions(&err, &["可能是无限递归"]);
    let line = err.location().unwrap().line;
    assert!((2..=3).contains(&line), "{err}");
}

#[test]
fn a_rule_cannot_sleep_or_read_the_clock() {
    for (script, what) in [
        (
            "fn deadline(task) {\n    sleep(100000);\n    task.交办时间\n}\n",
            "sleep",
        ),
        (
            "fn deadline(task) {\n    let now = timestamp();\n    task.交办时间\n}\n",
            "timestamp",
        ),
    ] {
        let err = run_deadline(script);
        assert_mentions(&err, &["deadline.rhai", "第 2 行", "规则中不能使用", what]);
    }
}

#[test]
fn comparing_a_date_time_with_text_stops_the_run_instead_of_being_false() {
    let err = run_deadline(
        "fn deadline(task) {\n    if task.交办时间 >= \"2017-01-18\" { return task.交办时间; }\n    task.交办时间\n}\n",
    );
    assert_mentions(
        &err,
        &["deadline.rhai", "第 2 行", "不能用 >= 比较日期时间与文字"],
    );
}
