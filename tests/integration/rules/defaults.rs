//! The built-in rules on the SPEC §4–5 examples, with hand-computed expectations.

use super::*;
use mashang::rules::{Deadline, Escalation, Hook, Rating, BUILTIN_FILES};

fn due(rules: &RuleSet, t: &Task) -> Deadline {
    rules
        .deadline(t)
        .unwrap_or_else(|e| panic!("deadline: {e}"))
}

#[test]
fn ordinary_task_assigned_before_spring_festival_is_due_after_it() {
    // Thursday 2017-01-26; 2017-01-27..2017-02-02 holidays; 2017-02-03 is the first working day.
    let d = due(&defaults(), &task("2017-001", "2017-01-26 10:00"));
    assert_eq!(d.due, at("2017-02-03 23:59:59"));
    assert_eq!(d.basis, "一般：1个工作日");
}

#[test]
fn ordinary_task_assigned_on_friday_is_due_on_make_up_saturday() {
    let d = due(&defaults(), &task("2017-002", "2017-02-03 16:30"));
    assert_eq!(d.due, at("2017-02-04 23:59:59"));
}

#[test]
fn ordinary_task_counts_from_the_next_day_even_when_assigned_on_a_holiday() {
    // Assigned Sunday 2017-01-29 (holiday): first working day after is 2017-02-03.
    let d = due(&defaults(), &task("2017-003", "2017-01-29 09:00"));
    assert_eq!(d.due, at("2017-02-03 23:59:59"));
    // Assigned at midnight on a plain Monday: due Tuesday.
    let d = due(&defaults(), &task("2017-004", "2017-03-06 00:00"));
    assert_eq!(d.due, at("2017-03-07 23:59:59"));
}

#[test]
fn urgency_yiban_is_the_same_as_blank() {
    let mut t = task("2017-005", "2017-01-26 10:00");
    t.urgency = Some(" 一般 ".into());
    assert_eq!(due(&defaults(), &t).due, at("2017-02-03 23:59:59"));
}

#[test]
fn top_urgency_is_two_hours_across_midnight() {
    let mut t = task("2017-006", "2017-01-26 23:00");
    t.urgency = Some("特急".into());
    let d = due(&defaults(), &t);
    assert_eq!(d.due, at("2017-01-27 01:00:00"));
    assert_eq!(d.basis, "特急：2小时");
}

#[test]
fn urgent_is_due_the_same_day() {
    let mut t = task("2017-007", "2017-01-26 09:15");
    t.urgency = Some("紧急".into());
    let d = due(&defaults(), &t);
    assert_eq!(d.due, at("2017-01-26 23:59:59"));
    assert_eq!(d.basis, "紧急：事不过夜");
}

#[test]
fn traditional_chinese_values_are_understood() {
    let mut t = task("2017-008", "2017-01-26 09:15");
    t.urgency = Some("緊急".into());
    assert_eq!(due(&defaults(), &t).due, at("2017-01-26 23:59:59"));
    let mut t = task("2017-009", "2017-01-26 09:15");
    t.source = Some("媒體曝光".into());
    assert_eq!(due(&defaults(), &t).basis, "媒体曝光：事不过夜");
}

#[test]
fn media_exposure_without_urgency_is_due_the_same_day() {
    let mut t = task("2017-010", "2017-02-03 11:00");
    t.source = Some("媒体曝光".into());
    let d = due(&defaults(), &t);
    assert_eq!(d.due, at("2017-02-03 23:59:59"));
    assert_eq!(d.basis, "媒体曝光：事不过夜");
    // With an explicit 一般 it is an ordinary task again.
    t.urgency = Some("一般".into());
    assert_eq!(due(&defaults(), &t).due, at("2017-02-04 23:59:59"));
    // 特急 beats the media rule.
    t.urgency = Some("特急".into());
    assert_eq!(due(&defaults(), &t).due, at("2017-02-03 13:00:00"));
}

#[test]
fn explicit_due_wins_with_a_time_or_a_date_alone() {
    let mut t = task("2017-011", "2017-01-26 10:00");
    t.urgency = Some("特急".into());
    t.explicit_due = Some(at("2017-01-27 17:30"));
    let d = due(&defaults(), &t);
    assert_eq!(d.due, at("2017-01-27 17:30:00"));
    assert_eq!(d.basis, "明确办理时限");
    // A date alone arrives as its end of day (normalisation does that).
    t.explicit_due = Some(at("2017-02-10 23:59:59"));
    assert_eq!(due(&defaults(), &t).due, at("2017-02-10 23:59:59"));
}

#[test]
fn explicit_due_earlier_than_assignment_falls_back_to_the_rule() {
    // Normalisation drops such a 办理时限 (an anomaly) and passes None.
    let mut t = task("2017-012", "2017-01-26 10:00");
    t.explicit_due = None;
    t.urgency = Some("紧急".into());
    assert_eq!(due(&defaults(), &t).due, at("2017-01-26 23:59:59"));
}

#[test]
fn escalation_thresholds() {
    let rules = defaults();
    let mut t = task("2017-013", "2017-01-26 10:00");
    let esc = |t: &Task, w| rules.escalation(t, w).unwrap();
    assert_eq!(esc(&t, 0), Escalation::Urge);
    assert_eq!(esc(&t, 1), Escalation::OnSite);
    assert_eq!(esc(&t, 2), Escalation::OnSite);
    assert_eq!(esc(&t, 3), Escalation::Meeting);
    assert_eq!(esc(&t, 30), Escalation::Meeting);
    t.unit_count = 2;
    t.role = Role::Assist;
    assert_eq!(esc(&t, 2), Escalation::OnSite);
    assert_eq!(esc(&t, 3), Escalation::Joint);
    assert_eq!(Escalation::Joint.label(), "联合督办");
}

#[test]
fn score_follows_the_formula_and_never_goes_below_zero() {
    let rules = defaults();
    assert_eq!(rules.score(&stats(10, 10, 0, 10, 0)).unwrap(), 100.0);
    // 100 × (0.6 × 0.8 + 0.4 × 0.5) − 2 × 3 = 62
    let s = rules.score(&stats(10, 8, 1, 5, 3)).unwrap();
    assert!((s - 62.0).abs() < 1e-9, "{s}");
    assert_eq!(rules.score(&stats(4, 0, 4, 0, 4)).unwrap(), 0.0);
}

#[test]
fn rating_thresholds() {
    let rules = defaults();
    let rate = |s: UnitStats| rules.rating(&s).unwrap();
    assert_eq!(rate(stats(20, 19, 0, 19, 0)), Rating::Good); // exactly 95 %
    assert_eq!(rate(stats(20, 19, 1, 19, 0)), Rating::Fair); // 95 % but one overdue
    assert_eq!(rate(stats(20, 18, 0, 18, 0)), Rating::Fair); // 90 %
    assert_eq!(rate(stats(10, 8, 0, 8, 0)), Rating::Fair); // exactly 80 %
    assert_eq!(rate(stats(100, 79, 0, 79, 0)), Rating::Poor); // 79 %
    assert_eq!(rate(stats(100, 97, 3, 97, 0)), Rating::Poor); // 3 overdue
}

#[test]
fn parallel_deadlines_and_escalations_match_sequential_ones() {
    let rules = defaults();
    let urgencies = [None, Some("特急"), Some("紧急"), Some("一般")];
    let tasks: Vec<Task> = (0..500)
        .map(|i| {
            let mut t = task(&format!("P{i:04}"), "2017-01-20 08:00");
            t.assigned_at += chrono::Duration::minutes(i * 97);
            t.urgency = urgencies[i as usize % 4].map(str::to_owned);
            t.unit_count = 1 + i as usize % 3;
            t
        })
        .collect();
    let sequential: Vec<Deadline> = tasks.iter().map(|t| rules.deadline(t).unwrap()).collect();
    assert_eq!(rules.deadlines(&tasks).unwrap(), sequential);
    let items: Vec<(&Task, u32)> = tasks.iter().zip(0..).map(|(t, w)| (t, w % 5)).collect();
    let expected: Vec<Escalation> = items
        .iter()
        .map(|(t, w)| rules.escalation(t, *w).unwrap())
        .collect();
    assert_eq!(rules.escalations(&items).unwrap(), expected);
}

#[test]
fn built_in_files_are_listed_with_their_hashes() {
    let rules = defaults();
    let files = rules.files();
    assert_eq!(files.len(), BUILTIN_FILES.len());
    for (file, (name, text)) in files.iter().zip(BUILTIN_FILES) {
        assert_eq!(file.name, format!("内置:{name}"));
        assert_eq!(file.sha256, mashang::sha256_hex(text.as_bytes()));
    }
    assert_eq!(rules.hook_source(Hook::Deadline), "内置:deadline.rhai");
    assert_eq!(rules.hook_source(Hook::Escalation), "内置:escalation.rhai");
    assert_eq!(rules.hook_source(Hook::Score), "内置:score.rhai");
    assert_eq!(rules.hook_source(Hook::Rating), "内置:score.rhai");
}

#[test]
fn api_reference_lists_hooks_fields_and_functions() {
    let text = RuleSet::api_reference();
    for piece in [
        "fn deadline(task)",
        "fn escalation(task, overdue_workdays)",
        "fn score(stats)",
        "fn rating(stats)",
        "交办时间",
        "assigned_at",
        "办理时限",
        "承办单位数",
        "按时反馈率",
        "weekday",
        "nth_workday_after(dt: DateTime, n: int) -> DateTime",
        "workdays_between",
        "working_hours",
        "end_of_day",
        "is_workday",
        "datetime(text: string) -> DateTime",
        "import",
    ] {
        assert!(
            text.contains(piece),
            "{piece} missing from the reference:\n{text}"
        );
    }
}

#[test]
fn rule_set_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RuleSet>();
}
