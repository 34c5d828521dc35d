//! The script API: the hooks, types, fields and functions rules scripts see.
//!
//! Everything is declared once, in the tables below, and those same tables
//! both register the API on the engine ([`register`]) and print the reference
//! of `mashang rules` ([`reference`]), so the reference cannot drift from the code.

mod fields;
mod functions;

pub(crate) use fields::{
    take_assignment_field_read, Field, DATETIME_FIELDS, STATS_FIELDS, TASK_FIELDS,
};
pub(crate) use functions::FUNCTIONS;

use super::datetime::DateTime;
use super::error::native;
use super::Hook;
use crate::calendar::Calendar;
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};
use std::fmt::Write as _;
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A hook a rules file may define.
pub(crate) struct HookSpec {
    pub hook: Hook,
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub returns: &'static str,
    pub doc: &'static str,
}

/// The hooks, in the order of [`Hook`].
pub(crate) const HOOKS: [HookSpec; 4] = [
    HookSpec {
        hook: Hook::Deadline,
        name: "deadline",
        params: &["task"],
        returns: "DateTime 或 #{ due: DateTime, basis: string }",
        doc: "应反馈时间（时限）及其依据（时限依据）。脚本未读取承办单位、分组、角色时，\
              同一事项的各承办单位共用一次调用的结果（规则须确定：同样的输入给出同样的结果）。\
              The deadline of one assignment, and why; computed once per case when the script reads no field of the unit's.",
    },
    HookSpec {
        hook: Hook::Escalation,
        name: "escalation",
        params: &["task", "overdue_workdays"],
        returns: "\"\"、\"催办\"、\"现场督办\"、\"专项会议督办\" 或 \"联合督办\"",
        doc: "督办措施；只对超时反馈和超期未反馈的任务调用。overdue_workdays：应反馈日期与反馈日期\
              （未反馈时为截止时间的日期）之间（不含两端）的工作日数。The escalation of a late assignment.",
    },
    HookSpec {
        hook: Hook::Score,
        name: "score",
        params: &["stats"],
        returns: "int 或 float",
        doc: "单位得分；只对应反馈 ≥ 1 的单位调用。A unit's score (units with something due only).",
    },
    HookSpec {
        hook: Hook::Rating,
        name: "rating",
        params: &["stats"],
        returns: "\"好\"、\"一般\" 或 \"差\"",
        doc: "单位评价；只对应反馈 ≥ 1 的单位调用。A unit's rating (units with something due only).",
    },
];

/// A type scripts see.
pub(crate) struct TypeSpec {
    pub name: &'static str,
    pub doc: &'static str,
}

/// The types, with their fields listed by [`reference`].
pub(crate) const TYPES: &[TypeSpec] = &[
    TypeSpec {
        name: "DateTime",
        doc: "日期时间（北京时间，精确到秒）。A local date-time. 打印为 2017-02-03 23:59:59",
    },
    TypeSpec {
        name: "Task",
        doc: "一个承办任务（事项 × 承办单位），deadline/escalation 的 task 参数；只读",
    },
    TypeSpec {
        name: "Stats",
        doc: "一个单位在统计期内的统计，score/rating 的 stats 参数；只读",
    },
];

/// Registers a read-only type with its fields (English and Chinese names, and an indexer).
fn register_fields<T: Clone + Send + Sync + 'static>(
    e: &mut Engine,
    type_name: &'static str,
    fields: &'static [Field<T>],
) {
    e.register_type_with_name::<T>(type_name);
    for f in fields {
        e.register_get(f.en, move |v: &mut T| (f.get)(v));
        e.register_get(f.zh, move |v: &mut T| (f.get)(v));
    }
    e.register_indexer_get(move |v: &mut T, key: ImmutableString| -> Res<Dynamic> {
        match fields
            .iter()
            .find(|f| f.en == key.as_str() || f.zh == key.as_str())
        {
            Some(f) => Ok((f.get)(v)),
            None => Err(native(format!(
                "{type_name} 没有字段 {key:?}（可用字段见 `mashang rules`）"
            ))),
        }
    });
    e.register_fn("to_string", move |v: &mut T| describe(fields, v));
    e.register_fn("to_debug", move |v: &mut T| describe(fields, v));
}

/// A value as scripts print it (date-times as text, `()` for nothing).
pub(crate) fn show(v: &Dynamic) -> String {
    if let Some(d) = v.read_lock::<DateTime>() {
        return d.to_string();
    }
    if v.is_unit() {
        return "()".into();
    }
    if let Some(s) = v.read_lock::<ImmutableString>() {
        return format!("{:?}", s.as_str());
    }
    v.to_string()
}

fn describe<T>(fields: &[Field<T>], v: &T) -> String {
    let mut out = String::from("#{");
    for (i, f) in fields.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(out, "{sep}{}: {}", f.zh, show(&(f.get)(v)));
    }
    out.push_str(" }");
    out
}

/// Registers the whole API on `engine`.
pub(crate) fn register(engine: &mut Engine, cal: &Arc<Calendar>) {
    register_fields(engine, "DateTime", DATETIME_FIELDS);
    register_fields(engine, "Task", TASK_FIELDS);
    register_fields(engine, "Stats", STATS_FIELDS);
    for f in FUNCTIONS {
        (f.register)(engine, f.name, cal);
    }
    withdraw_clock_functions(engine);
}

/// Rhai's `sleep` and `timestamp` are withdrawn: a sleeping rule stalls the
/// run where the time limit cannot stop it, and a rule reading the clock
/// would give the same data a different report on another day.
fn withdraw_clock_functions(engine: &mut Engine) {
    use rhai::{EvalAltResult, FLOAT, INT};
    type Res = Result<(), Box<EvalAltResult>>;
    let sleep = || -> Res {
        Err(super::error::native(
            "规则中不能使用 sleep：规则须立即算出结果".to_owned(),
        ))
    };
    engine.register_fn("sleep", move |_: INT| sleep());
    engine.register_fn("sleep", move |_: FLOAT| sleep());
    engine.register_fn("timestamp", || -> Res {
        Err(super::error::native(
            "规则中不能使用 timestamp（当前时刻）：同样的数据须得出同样的通报，请用数据中的时间，如 task.交办时间"
                .to_owned(),
        ))
    });
}

/// Columns on a terminal: CJK and full-width characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}' => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn field_table<T>(out: &mut String, title: &str, fields: &[Field<T>]) {
    let _ = writeln!(out, "\n{title}");
    for f in fields {
        let (zh, en, ty) = (pad(f.zh, 12), pad(f.en, 16), pad(f.ty, 15));
        let _ = writeln!(out, "  {zh} {en} {ty} {}", f.doc);
    }
}

/// The reference printed by `mashang rules`, generated from the tables above.
pub(crate) fn reference() -> String {
    let mut out = String::new();
    out.push_str("mashang 规则脚本 API（Rhai 语言）/ rules script API\n");
    out.push_str(
        "规则目录（--rules DIR）中的 *.rhai 文件定义下列钩子；没有定义的钩子使用内置规则。\n",
    );
    out.push_str("\n钩子 Hooks（函数名和参数个数必须一致）\n");
    for h in &HOOKS {
        let _ = writeln!(
            out,
            "  fn {}({}) -> {}",
            h.name,
            h.params.join(", "),
            h.returns
        );
        let _ = writeln!(out, "      {}", h.doc);
    }
    out.push_str("\n类型 Types\n");
    for t in TYPES {
        let _ = writeln!(out, "  {:<9} {}", t.name, t.doc);
    }
    let note = "（写法等价：task.交办时间、task.assigned_at、task[\"交办时间\"]）";
    field_table(&mut out, &format!("Task 字段 fields{note}"), TASK_FIELDS);
    field_table(&mut out, "Stats 字段 fields", STATS_FIELDS);
    field_table(
        &mut out,
        "DateTime 字段 fields（dt.year 或 dt.年）",
        DATETIME_FIELDS,
    );
    out.push_str("\n函数与运算符 Functions and operators（f(x, y) 也可写成 x.f(y)）\n");
    for f in FUNCTIONS {
        let signatures = f.signatures.join("  |  ");
        if display_width(&signatures) <= 12 {
            let _ = writeln!(out, "  {} {}", pad(&signatures, 12), f.doc);
        } else {
            let _ = writeln!(out, "  {signatures}\n      {}", f.doc);
        }
    }
    out.push_str(&super::limits::limits_reference());
    out
}

#[cfg(test)]
mod tests;
