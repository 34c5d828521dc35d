//! The API table against the engine it registers: every field answers to its
//! English name, its Chinese name and both indexers, with the same value, and
//! every function of the table is documented and callable by name.

use super::*;
use crate::model::Role;
use crate::rules::{Task, UnitStats};
use chrono::NaiveDate;
use rhai::Scope;

fn engine() -> Engine {
    let cal = Arc::new(Calendar::load(None, false).expect("built-in calendar"));
    crate::rules::engine::build(&cal, false)
}

/// Reads every field four ways in a script and checks they agree.
fn check_fields<T: Clone + Send + Sync + 'static>(fields: &[Field<T>], value: &T) {
    let engine = engine();
    for f in fields {
        let script = format!(
            "fn read(v) {{ [v.{en}, v.{zh}, v[\"{en}\"], v[\"{zh}\"]] }}",
            en = f.en,
            zh = f.zh
        );
        let ast = engine
            .compile(&script)
            .unwrap_or_else(|e| panic!("{script}: {e}"));
        let read: rhai::Array = engine
            .call_fn(
                &mut Scope::new(),
                &ast,
                "read",
                (Dynamic::from(value.clone()),),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", f.en));
        let shown: Vec<String> = read.iter().map(show).collect();
        assert!(
            shown.iter().all(|s| *s == show(&(f.get)(value))),
            "{}: {shown:?}",
            f.en
        );
    }
}

#[test]
fn every_field_reads_the_same_by_any_name() {
    let at = NaiveDate::from_ymd_opt(2017, 1, 26)
        .and_then(|d| d.and_hms_opt(10, 30, 5))
        .expect("valid");
    let task = Task {
        case_id: "2017-001".into(),
        source: Some(" 媒體曝光 ".into()),
        urgency: None,
        content: Some("路灯".into()),
        assigned_at: at,
        explicit_due: Some(at),
        unit: "县交通局".into(),
        group: "县直部门".into(),
        role: Role::Assist,
        unit_count: 2,
    };
    check_fields(TASK_FIELDS, &task);
    let stats = UnitStats {
        unit: "城关街道".into(),
        due: 4,
        on_time: 3,
        on_time_rate: Some(0.75),
        ..UnitStats::default()
    };
    check_fields(STATS_FIELDS, &stats);
    check_fields(DATETIME_FIELDS, &DateTime(at));
}

#[test]
fn field_values_follow_the_documented_conventions() {
    let task_source = |v: Option<&str>| {
        let mut t = Task {
            case_id: String::new(),
            source: v.map(str::to_owned),
            urgency: None,
            content: None,
            assigned_at: NaiveDate::from_ymd_opt(2017, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("valid"),
            explicit_due: None,
            unit: String::new(),
            group: String::new(),
            role: Role::Lead,
            unit_count: 1,
        };
        t.urgency = t.source.clone();
        t
    };
    let get = |name: &str, t: &Task| {
        let f = TASK_FIELDS.iter().find(|f| f.en == name).expect("field");
        show(&(f.get)(t))
    };
    assert_eq!(
        get("source", &task_source(Some(" 媒體曝光\n"))),
        "\"媒体曝光\""
    );
    assert_eq!(get("urgency", &task_source(Some("  "))), "\"\"");
    assert_eq!(get("urgency", &task_source(None)), "\"\"");
    assert_eq!(get("content", &task_source(None)), "\"\"");
    assert_eq!(get("explicit_due", &task_source(None)), "()");
    let stats = STATS_FIELDS
        .iter()
        .find(|f| f.zh == "按时反馈率")
        .expect("field");
    assert_eq!(show(&(stats.get)(&UnitStats::default())), "()");
}

#[test]
fn every_function_is_registered_and_documented() {
    let engine = engine();
    let reference = reference();
    for f in FUNCTIONS {
        assert!(
            f.signatures.iter().all(|s| reference.contains(s)),
            "{}",
            f.name
        );
        if f.name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            // Calling with no arguments must fail as "wrong arguments", not "no such function name".
            let script = format!("fn probe() {{ {}() }}", f.name);
            let ast = engine.compile(&script).expect("compiles");
            let err = engine
                .call_fn::<Dynamic>(&mut Scope::new(), &ast, "probe", ())
                .expect_err("no zero-argument form");
            assert!(err.to_string().contains(f.name), "{err}");
        }
    }
    for h in &HOOKS {
        assert!(reference.contains(&format!("fn {}({})", h.name, h.params.join(", "))));
    }
}

#[test]
fn date_time_operators_and_printing() {
    let engine = engine();
    let eval = |expr: &str| -> String {
        let ast = engine
            .compile(format!("fn f() {{ {expr} }}"))
            .expect("compiles");
        let v: Dynamic = engine
            .call_fn(&mut Scope::new(), &ast, "f", ())
            .unwrap_or_else(|e| panic!("{expr}: {e}"));
        show(&v)
    };
    assert_eq!(
        eval("datetime(\"2017-01-26 23:00\") + 2"),
        "2017-01-27 01:00:00"
    );
    assert_eq!(
        eval("datetime(\"2017-01-26 23:00\") + 0.5"),
        "2017-01-26 23:30:00"
    );
    assert_eq!(
        eval("datetime(\"2017-01-26 23:00\") - 1"),
        "2017-01-26 22:00:00"
    );
    assert_eq!(
        eval("datetime(\"2017-01-27\") - datetime(\"2017-01-26 12:00\")"),
        "12.0"
    );
    assert_eq!(
        eval("datetime(2017, 1, 26) <= datetime(2017, 1, 26, 0, 0, 0)"),
        "true"
    );
    assert_eq!(
        eval("datetime(2017, 1, 26) > datetime(2017, 1, 25)"),
        "true"
    );
    assert_eq!(
        eval("datetime(2017, 1, 26) == datetime(2017, 1, 26)"),
        "true"
    );
    assert_eq!(
        eval("`截止 ${datetime(2017, 2, 3).add_hours(23)}`"),
        "\"截止 2017-02-03 23:00:00\""
    );
    assert_eq!(
        eval("datetime(2017, 2, 3).to_string()"),
        "\"2017-02-03 00:00:00\""
    );
    assert_eq!(
        eval("nth_workday_after(datetime(\"2017-01-26 10:00\"), 1)"),
        "2017-02-03 00:00:00"
    );
    assert_eq!(
        eval("nth_workday_after(datetime(\"2017-01-26 10:00\"), 0)"),
        "2017-01-26 00:00:00"
    );
    assert_eq!(
        eval("end_of_day(datetime(2017, 2, 4))"),
        "2017-02-04 23:59:59"
    );
    assert_eq!(eval("is_workday(datetime(2017, 1, 22))"), "true");
}

#[test]
fn eval_cannot_be_reached_through_function_pointers() {
    let engine = engine();
    for body in [
        "let f = Fn(\"eval\"); f.call(\"40 + 2\")",
        "call(Fn(\"eval\"), \"40 + 2\")",
        "Fn(\"eval\").curry(\"40 + 2\").call()",
    ] {
        let script = format!("fn f() {{ {body} }}");
        match engine.compile(&script) {
            Err(_) => {}
            Ok(ast) => {
                let r = engine.call_fn::<Dynamic>(&mut Scope::new(), &ast, "f", ());
                assert!(r.is_err(), "{body} evaluated to {r:?}");
            }
        }
    }
}

/// The Chinese message a failed call shows.
fn message(err: &rhai::EvalAltResult) -> String {
    let (inner, _, _) = crate::rules::error::unwrap_calls(err);
    match crate::rules::error::describe(inner) {
        crate::rules::error::Failure::Runtime(m) => m,
        _ => panic!("not a runtime error: {err}"),
    }
}

#[test]
fn a_date_time_compared_with_another_type_is_an_error_not_false() {
    let engine = engine();
    let run = |body: &str| {
        let ast = engine.compile(format!("fn f() {{ {body} }}")).unwrap();
        engine.call_fn::<Dynamic>(&mut Scope::new(), &ast, "f", ())
    };
    for body in [
        "datetime(2017, 1, 18) >= \"2017-01-18\"",
        "\"2017-01-18\" < datetime(2017, 1, 18)",
        "datetime(2017, 1, 18) == \"2017-01-18\"",
        "datetime(2017, 1, 18) > 3",
        "let due = (); due > datetime(2017, 1, 18)",
    ] {
        let err = message(&run(body).unwrap_err());
        assert!(err.contains("不能用"), "{body}: {err}");
    }
    // What the documentation shows still works.
    for (body, expected) in [
        ("let due = (); due != ()", false),
        ("datetime(2017, 1, 18) != ()", true),
        ("datetime(2017, 1, 18) == ()", false),
        ("datetime(2017, 1, 18) < datetime(\"2017-01-19\")", true),
    ] {
        assert_eq!(run(body).unwrap().as_bool(), Ok(expected), "{body}");
    }
}

#[test]
fn sleeping_and_reading_the_clock_are_withdrawn() {
    let engine = engine();
    for body in ["sleep(100000)", "sleep(0.5)", "timestamp()"] {
        let ast = engine.compile(format!("fn f() {{ {body} }}")).unwrap();
        let err = engine
            .call_fn::<Dynamic>(&mut Scope::new(), &ast, "f", ())
            .unwrap_err();
        let err = message(&err);
        assert!(err.contains("规则中不能使用"), "{body}: {err}");
    }
}
