//! The office's rules as sandboxed Rhai scripts: `deadline(task)`,
//! `escalation(task, overdue_workdays)`, `score(stats)` and `rating(stats)`.
//!
//! Every script is compiled, and each hook checked for its name and arity,
//! when a [`RuleSet`] is loaded — before any spreadsheet is read. A hook a
//! rules folder does not define falls back to the built-in one.

use crate::calendar::{Calendar, CalendarError};
use crate::model::Role;
use chrono::NaiveDateTime;
use std::path::Path;
use std::sync::Arc;

/// What a `deadline` or `escalation` hook sees of one assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub case_id: String,
    pub source: Option<String>,
    pub urgency: Option<String>,
    pub content: Option<String>,
    pub assigned_at: NaiveDateTime,
    pub explicit_due: Option<NaiveDateTime>,
    pub unit: String,
    pub group: String,
    pub role: Role,
    pub unit_count: usize,
}

/// A deadline decided by the `deadline` hook.
#[derive(Clone, Debug, PartialEq)]
pub struct Deadline {
    pub due: NaiveDateTime,
    /// Why (时限依据), e.g. `一般事项：1个工作日`.
    pub basis: String,
}

/// The escalation measure (督办措施), in increasing severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Escalation {
    None,
    Urge,
    OnSite,
    Meeting,
    Joint,
}

impl Escalation {
    /// The Chinese word (empty for none).
    pub fn label(self) -> &'static str {
        match self {
            Escalation::None => "",
            Escalation::Urge => "催办",
            Escalation::OnSite => "现场督办",
            Escalation::Meeting => "专项会议督办",
            Escalation::Joint => "联合督办",
        }
    }

    /// Parses the Chinese word a hook returned.
    pub fn from_label(s: &str) -> Option<Self> {
        Some(match s {
            "" => Escalation::None,
            "催办" => Escalation::Urge,
            "现场督办" => Escalation::OnSite,
            "专项会议督办" => Escalation::Meeting,
            "联合督办" => Escalation::Joint,
            _ => return None,
        })
    }
}

/// A unit's statistics over a period, as the `score` and `rating` hooks see them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitStats {
    pub unit: String,
    pub group: String,
    /// 应反馈
    pub due: u32,
    /// 按时反馈
    pub on_time: u32,
    /// 超时反馈
    pub late: u32,
    /// 超期未反馈
    pub overdue: u32,
    /// Replied at or before as-of with 办理状态 已办结 or blank.
    pub completed: u32,
    /// 按时反馈率 (0–1); `None` when nothing is due.
    pub on_time_rate: Option<f64>,
    /// 办结率 (0–1); `None` when nothing is due.
    pub completion_rate: Option<f64>,
    /// 平均反馈时长(小时); `None` when nothing was replied.
    pub avg_reply_hours: Option<f64>,
    /// Assignments escalated to 现场督办 or higher.
    pub on_site: u32,
}

/// 评价: 好, 一般, 差.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    Good,
    Fair,
    Poor,
}

impl Rating {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Good => "好",
            Rating::Fair => "一般",
            Rating::Poor => "差",
        }
    }
}

/// The four hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hook {
    Deadline,
    Escalation,
    Score,
    Rating,
}

/// A rules file that was loaded, with its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFile {
    /// `内置:deadline.rhai` or the path under the rules folder.
    pub name: String,
    pub sha256: String,
}

/// A rule error: names the script, line and column, the hook and the 事项编号.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("规则加载失败：{0}")]
    Load(String),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

/// The compiled rules, shared across threads.
pub struct RuleSet {
    _calendar: Arc<Calendar>,
}

impl RuleSet {
    /// Loads the built-in rules, overridden hook by hook by the `*.rhai` files of `dir`.
    pub fn load(_dir: Option<&Path>, calendar: Arc<Calendar>) -> Result<Self, RuleError> {
        Ok(RuleSet {
            _calendar: calendar,
        })
    }

    /// Runs `deadline(task)`.
    pub fn deadline(&self, _task: &Task) -> Result<Deadline, RuleError> {
        todo!("rules engine")
    }

    /// Runs `escalation(task, overdue_workdays)`.
    pub fn escalation(
        &self,
        _task: &Task,
        _overdue_workdays: u32,
    ) -> Result<Escalation, RuleError> {
        todo!("rules engine")
    }

    /// Runs `score(stats)`.
    pub fn score(&self, _stats: &UnitStats) -> Result<f64, RuleError> {
        todo!("rules engine")
    }

    /// Runs `rating(stats)`.
    pub fn rating(&self, _stats: &UnitStats) -> Result<Rating, RuleError> {
        todo!("rules engine")
    }

    /// The files loaded, built-in and user, in load order.
    pub fn files(&self) -> Vec<RuleFile> {
        Vec::new()
    }

    /// The file that defines `hook`.
    pub fn hook_source(&self, _hook: Hook) -> String {
        String::new()
    }
}

/// The script API reference printed by `mashang rules`.
pub fn api_reference() -> String {
    String::new()
}
