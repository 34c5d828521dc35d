//! Custom rules folders: overriding one hook, using the script API, the
//! folder's own load errors, copies of the built-in rules, GBK files.

use super::*;
use mashang::rules::{Escalation, Hook};

const OVERRIDE_DEADLINE: &str = r#"
// 本局规定：一律 3 个工作日。Our own rule: 3 working days.
fn deadline(task) {
    end_of_day(nth_workday_after(task.交办时间, 3))
}
"#;

#[test]
fn a_folder_overriding_one_hook_keeps_the_built_in_others() {
    let dir = folder(&[
        ("deadline.rhai", OVERRIDE_DEADLINE),
        ("notes.txt", "not a script"),
    ]);
    let rules = load(dir.path());
    let d = rules.deadline(&task("C-1", "2017-01-26 10:00")).unwrap();
    assert_eq!(d.due, at("2017-02-06 23:59:59")); // 02-03, 02-04 (make-up Saturday), 02-06
    let user = dir.path().join("deadline.rhai").display().to_string();
    assert_eq!(d.basis, format!("规则 {user}"));
    assert_eq!(rules.hook_source(Hook::Deadline), user);
    assert_eq!(rules.hook_source(Hook::Escalation), "内置:escalation.rhai");
    assert_eq!(
        rules
            .escalation(&task("C-1", "2017-01-26 10:00"), 1)
            .unwrap(),
        Escalation::OnSite
    );
    let names: Vec<String> = rules.files().into_iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        ["内置:escalation.rhai", "内置:score.rhai", user.as_str()]
    );
    let sha = &rules.files()[2].sha256;
    assert_eq!(sha, &mashang::sha256_hex(OVERRIDE_DEADLINE.as_bytes()));
}

#[test]
fn a_custom_rule_may_use_the_date_time_api() {
    let script = r#"
fn deadline(task) {
    let t = task["assigned_at"];
    let a = datetime("2017-01-26 10:00");
    if t != a || !(t < t + 1) || t.add_minutes(90) - t != 1.5 { throw "arithmetic"; }
    if t.year != 2017 || t.月 != 1 || t.day != 26 || t.hour != 10 || t.weekday != 4 { throw "fields"; }
    if is_workday(datetime(2017, 1, 27)) || !is_workday(datetime("2017/1/22")) { throw "calendar"; }
    if workdays_between(t, datetime("2017-02-06")) != 2 { throw "between"; }
    if working_hours(datetime("2017-01-26 22:00"), datetime("2017-02-03 02:00")) != 4.0 { throw "hours"; }
    if `${t.date}` != "2017-01-26 00:00:00" { throw "text"; }
    #{ due: end_of_day(t.add_days(1)), basis: "自定义：次日" }
}
"#;
    let dir = folder(&[("my.rhai", script)]);
    let d = load(dir.path())
        .deadline(&task("C-2", "2017-01-26 10:00"))
        .unwrap();
    assert_eq!(d.due, at("2017-01-27 23:59:59"));
    assert_eq!(d.basis, "自定义：次日");
}

#[test]
fn two_files_defining_one_hook_is_a_load_error() {
    let dir = folder(&[("a.rhai", OVERRIDE_DEADLINE), ("b.rhai", OVERRIDE_DEADLINE)]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert!(matches!(err, RuleError::DuplicateHook { .. }), "{err:?}");
    assert_mentions(&err, &["deadline", "a.rhai", "b.rhai"]);
}

#[test]
fn a_file_without_any_hook_is_a_load_error() {
    let dir = folder(&[("typo.rhai", "fn dealine(task) { task.交办时间 }")]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert!(matches!(err, RuleError::NoHook { .. }), "{err:?}");
    assert_mentions(&err, &["typo.rhai", "没有定义任何钩子"]);
}

#[test]
fn a_hook_with_the_wrong_arity_is_a_load_error() {
    let dir = folder(&[(
        "esc.rhai",
        "// 督办\n\nfn escalation(task) {\n  \"催办\"\n}\n",
    )]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert!(matches!(err, RuleError::BadHook { .. }), "{err:?}");
    assert_mentions(
        &err,
        &["esc.rhai", "第 3 行第 1 列", "escalation", "应有 2 个参数"],
    );
}

#[test]
fn a_missing_folder_is_a_load_error() {
    let err = fails_fast(|| RuleSet::load(Some(Path::new("/nonexistent/规则")), calendar()));
    assert_mentions(&err, &["/nonexistent/规则", "目录不存在"]);
}

#[test]
fn top_level_statements_run_once_at_load() {
    let dir = folder(&[(
        "deadline.rhai",
        "const 天数 = 2;\nlet x = 1 / 0;\nfn deadline(task) { task.交办时间 }\n",
    )]);
    let err = fails_fast(|| RuleSet::load(Some(dir.path()), calendar()));
    assert_mentions(&err, &["deadline.rhai", "第 2 行", "除以零"]);
    let dir = folder(&[(
        "deadline.rhai",
        "const 天数 = 2;\nfn deadline(task) { end_of_day(nth_workday_after(task.交办时间, global::天数)) }\n",
    )]);
    let d = load(dir.path())
        .deadline(&task("C-3", "2017-02-03 10:00"))
        .unwrap();
    assert_eq!(d.due, at("2017-02-06 23:59:59"));
}

#[test]
fn a_folder_with_copies_of_the_built_in_rules_behaves_the_same() {
    // What `mashang init` gives an analyst to start from.
    let dir = folder(mashang::rules::BUILTIN_FILES);
    let copied = load(dir.path());
    let builtin = defaults();
    for hook in Hook::ALL {
        assert!(copied
            .hook_source(hook)
            .starts_with(&dir.path().display().to_string()));
    }
    assert_eq!(copied.files().len(), 3);
    let tasks: Vec<Task> = (0..50)
        .map(|i| {
            let mut t = task(&format!("I{i}"), "2017-01-20 08:00");
            t.assigned_at += chrono::Duration::hours(i * 13);
            t.urgency = ["特急", "紧急", "", "一般"][i as usize % 4]
                .to_owned()
                .into();
            t
        })
        .collect();
    assert_eq!(
        copied.deadlines(&tasks).unwrap(),
        builtin.deadlines(&tasks).unwrap()
    );
}

#[test]
fn a_script_saved_in_gbk_is_read() {
    let text = "// 本局规则：紧急事项当天反馈\nfn deadline(task) {\n    #{ due: end_of_day(task.交办时间), basis: \"本局：当天\" }\n}\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deadline.rhai"), &gbk).unwrap();
    let d = load(dir.path())
        .deadline(&task("G-1", "2017-01-26 10:00"))
        .unwrap();
    assert_eq!(
        (d.due, d.basis.as_str()),
        (at("2017-01-26 23:59:59"), "本局：当天")
    );
    let files = load(dir.path()).files();
    let file = files.last().unwrap();
    assert_eq!(file.sha256, mashang::sha256_hex(&gbk));
}

/// A deadline is worked out once per case unless the script reads a field of
/// the assignment's own: `case_deadline_of` says whether it did, however the
/// field was read.
#[test]
fn case_deadline_of_says_whether_the_script_read_the_assignments_own_fields() {
    let read = |body: &str| -> bool {
        let script = format!(
            "fn deadline(task) {{\n    let x = {body};\n    end_of_day(task.交办时间)\n}}\n"
        );
        let dir = folder(&[("deadline.rhai", script.as_str())]);
        let (d, per_unit) = load(dir.path())
            .case_deadline_of(|| task("C-3", "2017-01-26 10:00"))
            .unwrap();
        assert_eq!(d.due, at("2017-01-26 23:59:59"), "{body}");
        per_unit
    };
    for body in [
        "task.承办单位",
        "task.unit",
        "task.分组",
        "task[\"group\"]",
        "task[\"角色\"]",
        "task.role",
        "`${task}`",
        "task.to_debug()",
    ] {
        assert!(read(body), "{body} reads the assignment's own fields");
    }
    for body in [
        "task.事项编号",
        "task.承办单位数",
        "task.来源 + task.紧急程度 + task.事项内容",
        "task[\"办理时限\"]",
    ] {
        assert!(!read(body), "{body} reads only the case's fields");
    }
    // The built-in rule reads only the case's fields; the flag does not linger.
    let (_, per_unit) = defaults()
        .case_deadline_of(|| task("C-4", "2017-01-26 10:00"))
        .unwrap();
    assert!(!per_unit);
}
