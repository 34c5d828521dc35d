//! The functions and operators of the script API: constructing and shifting
//! date-times, comparing them, and the calendar operations.

use super::super::datetime::DateTime;
use super::super::error::{calendar, native};
use crate::calendar::{end_of_day, Calendar};
use rhai::{Engine, EvalAltResult, FLOAT, INT};
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A function (or operator) of the API, registered by `register` under `name`.
pub(crate) struct Function {
    pub name: &'static str,
    pub signatures: &'static [&'static str],
    pub doc: &'static str,
    pub register: fn(&mut Engine, &'static str, &Arc<Calendar>),
}

fn shifted(dt: DateTime, seconds: f64) -> Res<DateTime> {
    dt.add_hours_f(seconds / 3600.0)
        .ok_or_else(|| native(format!("时间 {dt} 加减后超出范围")))
}

/// Registers a comparison of two date-times, and, for a date-time against a
/// value of another type, an error: Rhai would otherwise answer `false` and
/// a rule such as `task.交办时间 >= "2017-01-18"` would silently never hold.
/// Against `()` (a blank 办理时限), `==` and `!=` still answer, as the
/// documented `!= ()` test needs; ordering is an error.
fn register_compare(e: &mut Engine, name: &'static str, op: fn(&DateTime, &DateTime) -> bool) {
    e.register_fn(name, move |a: DateTime, b: DateTime| op(&a, &b));
    fn mismatch<A, B>(e: &mut Engine, name: &'static str, other: &'static str)
    where
        A: rhai::Variant + Clone,
        B: rhai::Variant + Clone,
    {
        e.register_fn(name, move |_: A, _: B| -> Res<bool> {
            Err(native(format!("不能用 {name} 比较日期时间与{other}")))
        });
        e.register_fn(name, move |_: B, _: A| -> Res<bool> {
            Err(native(format!("不能用 {name} 比较{other}与日期时间")))
        });
    }
    let text = "文字（要比较日期，请写成 datetime(\"2017-01-18\")）";
    mismatch::<DateTime, rhai::ImmutableString>(e, name, text);
    mismatch::<DateTime, INT>(e, name, "数字");
    mismatch::<DateTime, FLOAT>(e, name, "数字");
    mismatch::<DateTime, bool>(e, name, "true/false");
    if !matches!(name, "==" | "!=") {
        let blank = "空值 ()（如没有填写的办理时限；请先判断 != ()）";
        mismatch::<DateTime, ()>(e, name, blank);
    }
}

/// The functions and operators, in reference order.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function {
        name: "datetime",
        signatures: &["datetime(text: string) -> DateTime", "datetime(year, month, day) -> DateTime", "datetime(year, month, day, hour, minute, second) -> DateTime"],
        doc: "构造日期时间。text 可写 2017-01-12 09:30、2017-01-12 09:30:05、2017-01-12T09:30、2017/1/12 9:30，只有日期时为 00:00:00",
        register: |e, name, _| {
            e.register_fn(name, |s: &str| DateTime::parse(s).ok_or_else(|| native(format!("无法识别的日期时间：{s:?}（应写成 2017-01-12 09:30 这样）"))));
            e.register_fn(name, |y: INT, m: INT, d: INT| DateTime::from_parts(y, m, d, 0, 0, 0).ok_or_else(|| native(format!("不存在的日期：{y}-{m}-{d}"))));
            e.register_fn(name, |y: INT, m: INT, d: INT, h: INT, mi: INT, s: INT| {
                DateTime::from_parts(y, m, d, h, mi, s).ok_or_else(|| native(format!("不存在的日期时间：{y}-{m}-{d} {h}:{mi}:{s}")))
            });
        },
    },
    Function {
        name: "add_hours",
        signatures: &["add_hours(dt: DateTime, hours: int|float) -> DateTime"],
        doc: "加（减）若干小时，按自然时间，不看工作日；也可写成 dt.add_hours(2) 或 dt + 2",
        register: |e, name, _| {
            e.register_fn(name, |d: DateTime, h: INT| shifted(d, h as f64 * 3600.0));
            e.register_fn(name, |d: DateTime, h: FLOAT| shifted(d, h * 3600.0));
        },
    },
    Function {
        name: "add_minutes",
        signatures: &["add_minutes(dt: DateTime, minutes: int) -> DateTime"],
        doc: "加（减）若干分钟",
        register: |e, name, _| {
            e.register_fn(name, |d: DateTime, m: INT| shifted(d, m as f64 * 60.0));
        },
    },
    Function {
        name: "add_days",
        signatures: &["add_days(dt: DateTime, days: int) -> DateTime"],
        doc: "加（减）若干自然日（不看工作日；按工作日请用 nth_workday_after）",
        register: |e, name, _| {
            e.register_fn(name, |d: DateTime, n: INT| shifted(d, n as f64 * 86_400.0));
        },
    },
    Function {
        name: "end_of_day",
        signatures: &["end_of_day(dt: DateTime) -> DateTime"],
        doc: "当天 23:59:59（事不过夜）",
        register: |e, name, _| {
            e.register_fn(name, |d: DateTime| DateTime(end_of_day(d.date())));
        },
    },
    Function {
        name: "is_workday",
        signatures: &["is_workday(dt: DateTime) -> bool"],
        doc: "dt 所在日期是否工作日（含调休上班日，不含法定节假日）",
        register: |e, name, cal| {
            let cal = cal.clone();
            e.register_fn(name, move |d: DateTime| cal.is_workday(d.date()).map_err(calendar));
        },
    },
    Function {
        name: "nth_workday_after",
        signatures: &["nth_workday_after(dt: DateTime, n: int) -> DateTime"],
        doc: "dt 所在日期之后（不含当天）的第 n 个工作日，返回该日 00:00:00；n = 0 时为当天 00:00:00。\
              截止到当天结束请再用 end_of_day",
        register: |e, name, cal| {
            let cal = cal.clone();
            e.register_fn(name, move |d: DateTime, n: INT| {
                let n = u32::try_from(n).map_err(|_| native(format!("nth_workday_after 的 n 应为 0 到 {} 的整数，实际为 {n}", u32::MAX)))?;
                cal.nth_workday_after(d.date(), n).map(DateTime::from_date).map_err(calendar)
            });
        },
    },
    Function {
        name: "workdays_between",
        signatures: &["workdays_between(a: DateTime, b: DateTime) -> int"],
        doc: "a 与 b 两个日期之间（不含两端）的工作日数；b 不晚于 a 的次日时为 0",
        register: |e, name, cal| {
            let cal = cal.clone();
            e.register_fn(name, move |a: DateTime, b: DateTime| cal.workdays_between(a.date(), b.date()).map(INT::from).map_err(calendar));
        },
    },
    Function {
        name: "working_hours",
        signatures: &["working_hours(a: DateTime, b: DateTime) -> float"],
        doc: "a 到 b 的工作日历小时数：只计算落在工作日内的时间（b 早于 a 时为负）",
        register: |e, name, cal| {
            let cal = cal.clone();
            e.register_fn(name, move |a: DateTime, b: DateTime| cal.working_hours_between(a.0, b.0).map_err(calendar));
        },
    },
    Function {
        name: "to_string",
        signatures: &["to_string(dt: DateTime) -> string", "print(dt)", "`${dt}`"],
        doc: "文本形式 2017-02-03 23:59:59；print 输出到标准错误，便于调试",
        register: |e, name, _| {
            e.register_fn(name, |d: &mut DateTime| d.to_string());
            e.register_fn("to_debug", |d: &mut DateTime| d.to_string());
        },
    },
    Function {
        name: "+",
        signatures: &["dt + hours: int|float -> DateTime"],
        doc: "同 add_hours",
        register: |e, name, _| {
            e.register_fn(name, |d: DateTime, h: INT| shifted(d, h as f64 * 3600.0));
            e.register_fn(name, |d: DateTime, h: FLOAT| shifted(d, h * 3600.0));
        },
    },
    Function {
        name: "-",
        signatures: &["a - b -> float", "dt - hours: int|float -> DateTime"],
        doc: "两个时间相差的小时数（自然时间）；或减去若干小时",
        register: |e, name, _| {
            e.register_fn(name, |a: DateTime, b: DateTime| a.hours_since(b));
            e.register_fn(name, |d: DateTime, h: INT| shifted(d, -(h as f64) * 3600.0));
            e.register_fn(name, |d: DateTime, h: FLOAT| shifted(d, -h * 3600.0));
        },
    },
    Function { name: "==", signatures: &["a == b"], doc: "相等", register: |e, n, _| register_compare(e, n, |a, b| a == b) },
    Function { name: "!=", signatures: &["a != b"], doc: "不等", register: |e, n, _| register_compare(e, n, |a, b| a != b) },
    Function { name: "<", signatures: &["a < b"], doc: "早于", register: |e, n, _| register_compare(e, n, |a, b| a < b) },
    Function { name: "<=", signatures: &["a <= b"], doc: "不晚于", register: |e, n, _| register_compare(e, n, |a, b| a <= b) },
    Function { name: ">", signatures: &["a > b"], doc: "晚于", register: |e, n, _| register_compare(e, n, |a, b| a > b) },
    Function { name: ">=", signatures: &["a >= b"], doc: "不早于", register: |e, n, _| register_compare(e, n, |a, b| a >= b) },
];
