//! The fields of the values scripts receive — `task` (Task), `stats` (Stats)
//! and every `DateTime` — each readable by its English and its Chinese name.

use super::super::datetime::DateTime;
use super::super::{Task, UnitStats};
use rhai::{Dynamic, ImmutableString, INT};
use std::cell::RefCell;
use std::collections::HashMap;

/// A field of a value scripts receive, readable as `v.en`, `v.zh`, `v["en"]` or `v["zh"]`.
pub(crate) struct Field<T> {
    pub en: &'static str,
    pub zh: &'static str,
    pub ty: &'static str,
    pub doc: &'static str,
    pub get: fn(&T) -> Dynamic,
}

fn text(s: &str) -> Dynamic {
    s.into()
}

thread_local! {
    /// Whether the call running on this thread has read a field that differs
    /// between a case's assignments (承办单位, 分组, 角色).
    static READ_ASSIGNMENT_FIELD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A field of the assignment's own: noted as read (every way of reading a
/// field — `.name`, `["name"]`, printing the task — comes through here).
fn assignment_field(v: Dynamic) -> Dynamic {
    READ_ASSIGNMENT_FIELD.set(true);
    v
}

/// Whether a field of the assignment's own was read on this thread since the
/// last call of this function.
pub(crate) fn take_assignment_field_read() -> bool {
    READ_ASSIGNMENT_FIELD.replace(false)
}

/// Distinct code values a thread remembers (they are few: 来源 and 紧急程度 words).
const MAX_CACHED_CODES: usize = 256;

thread_local! {
    /// Raw code value → its script form, per thread (no shared reference counts).
    static CODES: RefCell<HashMap<String, ImmutableString>> = RefCell::new(HashMap::new());
}

/// An optional code-like value (来源, 紧急程度): trimmed, in Simplified Chinese, `""` when blank.
fn code(s: &Option<String>) -> Dynamic {
    let raw = s.as_deref().map_or("", str::trim);
    CODES.with(|cell| {
        if let Some(v) = cell.borrow().get(raw) {
            return v.clone().into();
        }
        let value = ImmutableString::from(fast2s::convert(raw));
        let mut cache = cell.borrow_mut();
        if cache.len() >= MAX_CACHED_CODES {
            cache.clear();
        }
        cache.insert(raw.to_owned(), value.clone());
        value.into()
    })
}

fn opt_float(v: Option<f64>) -> Dynamic {
    v.map_or(Dynamic::UNIT, Dynamic::from_float)
}

/// The fields of `task`.
pub(crate) const TASK_FIELDS: &[Field<Task>] = &[
    Field {
        en: "case_id",
        zh: "事项编号",
        ty: "string",
        doc: "事项编号",
        get: |t| text(&t.case_id),
    },
    Field {
        en: "source",
        zh: "来源",
        ty: "string",
        doc: "来源（简体，去空白；空白时为 \"\"）",
        get: |t| code(&t.source),
    },
    Field {
        en: "urgency",
        zh: "紧急程度",
        ty: "string",
        doc: "紧急程度（简体，去空白；空白时为 \"\"）",
        get: |t| code(&t.urgency),
    },
    Field {
        en: "content",
        zh: "事项内容",
        ty: "string",
        doc: "事项内容（空白时为 \"\"）",
        get: |t| text(t.content.as_deref().unwrap_or("")),
    },
    Field {
        en: "assigned_at",
        zh: "交办时间",
        ty: "DateTime",
        doc: "交办时间",
        get: |t| Dynamic::from(DateTime(t.assigned_at)),
    },
    Field {
        en: "explicit_due",
        zh: "办理时限",
        ty: "DateTime 或 ()",
        doc: "明确的办理时限（只有日期时为当天 23:59:59）；没有或早于交办时间时为 ()",
        get: |t| {
            t.explicit_due
                .map_or(Dynamic::UNIT, |d| Dynamic::from(DateTime(d)))
        },
    },
    Field {
        en: "unit",
        zh: "承办单位",
        ty: "string",
        doc: "本任务的承办单位",
        get: |t| assignment_field(text(&t.unit)),
    },
    Field {
        en: "group",
        zh: "分组",
        ty: "string",
        doc: "单位分组，如 县直部门、镇街、未分组",
        get: |t| assignment_field(text(&t.group)),
    },
    Field {
        en: "role",
        zh: "角色",
        ty: "string",
        doc: "\"主办\" 或 \"协办\"",
        get: |t| assignment_field(text(t.role.label())),
    },
    Field {
        en: "unit_count",
        zh: "承办单位数",
        ty: "int",
        doc: "本事项的承办单位个数（主办 + 协办）",
        get: |t| Dynamic::from_int(t.unit_count as INT),
    },
];

/// The fields of `stats`.
pub(crate) const STATS_FIELDS: &[Field<UnitStats>] = &[
    Field {
        en: "unit",
        zh: "承办单位",
        ty: "string",
        doc: "单位名称",
        get: |s| text(&s.unit),
    },
    Field {
        en: "group",
        zh: "分组",
        ty: "string",
        doc: "单位分组",
        get: |s| text(&s.group),
    },
    Field {
        en: "due",
        zh: "应反馈",
        ty: "int",
        doc: "按时反馈 + 超时反馈 + 超期未反馈",
        get: |s| Dynamic::from_int(s.due.into()),
    },
    Field {
        en: "on_time",
        zh: "按时反馈",
        ty: "int",
        doc: "按时反馈的任务数",
        get: |s| Dynamic::from_int(s.on_time.into()),
    },
    Field {
        en: "late",
        zh: "超时反馈",
        ty: "int",
        doc: "超时反馈的任务数",
        get: |s| Dynamic::from_int(s.late.into()),
    },
    Field {
        en: "overdue",
        zh: "超期未反馈",
        ty: "int",
        doc: "超期未反馈的任务数",
        get: |s| Dynamic::from_int(s.overdue.into()),
    },
    Field {
        en: "completed",
        zh: "办结",
        ty: "int",
        doc: "截止时间前已反馈且办理状态为已办结或空白的任务数",
        get: |s| Dynamic::from_int(s.completed.into()),
    },
    Field {
        en: "on_time_rate",
        zh: "按时反馈率",
        ty: "float 或 ()",
        doc: "按时反馈 / 应反馈，0–1；应反馈为 0 时为 ()",
        get: |s| opt_float(s.on_time_rate),
    },
    Field {
        en: "completion_rate",
        zh: "办结率",
        ty: "float 或 ()",
        doc: "办结 / 应反馈，0–1；应反馈为 0 时为 ()",
        get: |s| opt_float(s.completion_rate),
    },
    Field {
        en: "avg_reply_hours",
        zh: "平均反馈时长",
        ty: "float 或 ()",
        doc: "交办到首次反馈的平均工作日历小时数；无反馈时为 ()",
        get: |s| opt_float(s.avg_reply_hours),
    },
    Field {
        en: "on_site",
        zh: "现场督办",
        ty: "int",
        doc: "督办措施为现场督办或更高的任务数",
        get: |s| Dynamic::from_int(s.on_site.into()),
    },
];

/// The fields of a `DateTime`.
pub(crate) const DATETIME_FIELDS: &[Field<DateTime>] = &[
    Field {
        en: "year",
        zh: "年",
        ty: "int",
        doc: "年",
        get: |d| Dynamic::from_int(d.parts()[0]),
    },
    Field {
        en: "month",
        zh: "月",
        ty: "int",
        doc: "月，1–12",
        get: |d| Dynamic::from_int(d.parts()[1]),
    },
    Field {
        en: "day",
        zh: "日",
        ty: "int",
        doc: "日，1–31",
        get: |d| Dynamic::from_int(d.parts()[2]),
    },
    Field {
        en: "hour",
        zh: "时",
        ty: "int",
        doc: "时，0–23",
        get: |d| Dynamic::from_int(d.parts()[3]),
    },
    Field {
        en: "minute",
        zh: "分",
        ty: "int",
        doc: "分，0–59",
        get: |d| Dynamic::from_int(d.parts()[4]),
    },
    Field {
        en: "second",
        zh: "秒",
        ty: "int",
        doc: "秒，0–59",
        get: |d| Dynamic::from_int(d.parts()[5]),
    },
    Field {
        en: "weekday",
        zh: "星期",
        ty: "int",
        doc: "星期几：1 = 星期一 … 7 = 星期日",
        get: |d| Dynamic::from_int(d.weekday()),
    },
    Field {
        en: "date",
        zh: "日期",
        ty: "DateTime",
        doc: "同一天的 00:00:00",
        get: |d| Dynamic::from(d.start_of_day()),
    },
];
