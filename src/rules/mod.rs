//! The office's rules as sandboxed Rhai scripts: `deadline(task)`,
//! `escalation(task, overdue_workdays)`, `score(stats)` and `rating(stats)`.
//!
//! Every script is compiled, and each hook checked for its name and arity,
//! when a [`RuleSet`] is loaded — before any spreadsheet is read. A hook a
//! rules folder does not define falls back to the built-in one (`rules/*.rhai`,
//! built into the binary). Scripts cannot read files: `import` and `eval` do
//! not compile, and every call is bounded in operations, time, call depth and
//! data sizes. Every error names the script, line and column, the hook and
//! what was being evaluated. Hooks run on any number of threads; each thread
//! keeps its own engine and compiled scripts (`local.rs`). `engine.rs` builds
//! and loads, `api/` declares what scripts see, `hooks.rs` calls and validates.

mod api;
mod datetime;
mod engine;
mod error;
mod hooks;
mod limits;
mod local;

pub use engine::BUILTIN_FILES;
pub use error::{Location, RuleError};
pub use limits::{
    MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_CALL_TIME, MAX_EXPR_DEPTHS, MAX_MAP_SIZE, MAX_OPERATIONS,
    MAX_STACK, MAX_STRING_SIZE,
};

use crate::calendar::Calendar;
use crate::model::Role;
use chrono::NaiveDateTime;
use std::path::Path;
use std::sync::Arc;

/// What a `deadline` or `escalation` hook sees of one assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// 事项编号
    pub case_id: String,
    /// 来源 (scripts see it trimmed, in Simplified Chinese, `""` when blank).
    pub source: Option<String>,
    /// 紧急程度 (scripts see it trimmed, in Simplified Chinese, `""` when blank).
    pub urgency: Option<String>,
    /// 事项内容
    pub content: Option<String>,
    /// 交办时间
    pub assigned_at: NaiveDateTime,
    /// Explicit 办理时限; `None` when blank or earlier than 交办时间.
    pub explicit_due: Option<NaiveDateTime>,
    /// 承办单位 of this assignment.
    pub unit: String,
    /// 分组 of the unit.
    pub group: String,
    /// 主办 or 协办.
    pub role: Role,
    /// Number of units on the case (主办 + 协办).
    pub unit_count: usize,
}

/// A deadline decided by the `deadline` hook.
#[derive(Clone, Debug, PartialEq)]
pub struct Deadline {
    /// 应反馈时间
    pub due: NaiveDateTime,
    /// Why (时限依据), e.g. `一般事项：1个工作日`.
    pub basis: String,
}

/// The escalation measure (督办措施), in increasing severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Escalation {
    /// No measure.
    None,
    /// 催办
    Urge,
    /// 现场督办
    OnSite,
    /// 专项会议督办
    Meeting,
    /// 联合督办
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
    /// 承办单位
    pub unit: String,
    /// 分组
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
    /// 好
    Good,
    /// 一般
    Fair,
    /// 差
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

    /// Parses the Chinese word a hook returned.
    pub fn from_label(s: &str) -> Option<Self> {
        Some(match s {
            "好" => Rating::Good,
            "一般" => Rating::Fair,
            "差" => Rating::Poor,
            _ => return None,
        })
    }
}

/// The four hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hook {
    /// `deadline(task)`
    Deadline,
    /// `escalation(task, overdue_workdays)`
    Escalation,
    /// `score(stats)`
    Score,
    /// `rating(stats)`
    Rating,
}

impl Hook {
    /// Every hook, in order.
    pub const ALL: [Hook; 4] = [Hook::Deadline, Hook::Escalation, Hook::Score, Hook::Rating];

    /// Position in [`Hook::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The function name scripts define (part of the contract).
    pub fn name(self) -> &'static str {
        api::HOOKS[self.index()].name
    }

    /// The number of parameters the hook takes.
    pub fn arity(self) -> usize {
        api::HOOKS[self.index()].params.len()
    }
}

impl std::fmt::Display for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A rules file that was loaded, with its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFile {
    /// `内置:deadline.rhai` or the path under the rules folder.
    pub name: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// The compiled rules, shared across threads (`Send + Sync`).
pub struct RuleSet {
    /// Process-unique id, keying each thread's own engine (see `local.rs`).
    id: u64,
    /// An engine with position tracking, to locate limit errors.
    diagnostic: rhai::Engine,
    loaded: engine::Loaded,
    calendar: Arc<Calendar>,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("hooks", &self.hook_sources())
            .finish_non_exhaustive()
    }
}

impl RuleSet {
    /// Loads the built-in rules, overridden hook by hook by the `*.rhai` files of `dir`.
    ///
    /// Every script is compiled and each hook checked for its name and arity here,
    /// so a broken rules folder fails before any spreadsheet is read.
    pub fn load(dir: Option<&Path>, calendar: Arc<Calendar>) -> Result<Self, RuleError> {
        let engine = engine::build(&calendar, false);
        let diagnostic = engine::build(&calendar, true);
        let loaded = engine::load(&engine, dir)?;
        Ok(RuleSet {
            id: local::next_id(),
            diagnostic,
            loaded,
            calendar,
        })
    }

    /// Runs `deadline(task)`.
    pub fn deadline(&self, task: &Task) -> Result<Deadline, RuleError> {
        self.run_deadline(&|| task.clone())
    }

    /// Runs `deadline` on the task `make` builds: [`Self::deadline`] without
    /// a copy of the task (it is built again only to explain an error).
    pub fn deadline_of(&self, make: impl Fn() -> Task) -> Result<Deadline, RuleError> {
        self.run_deadline(&make)
    }

    /// Runs `deadline` like [`Self::deadline_of`], and says whether the
    /// script read a field of the assignment's own (承办单位, 分组, 角色).
    /// Scripts are deterministic, so when it did not, every assignment of
    /// the case has this deadline.
    pub fn case_deadline_of(&self, make: impl Fn() -> Task) -> Result<(Deadline, bool), RuleError> {
        api::take_assignment_field_read();
        let deadline = self.run_deadline(&make)?;
        Ok((deadline, api::take_assignment_field_read()))
    }

    /// Runs `deadline(task)` for every task in parallel (rayon): the deadlines in
    /// order, or the error of the first failing task in input order.
    pub fn deadlines(&self, tasks: &[Task]) -> Result<Vec<Deadline>, RuleError> {
        hooks::par_map(tasks, |t| self.deadline(t))
    }

    /// Runs `escalation(task, overdue_workdays)`.
    pub fn escalation(&self, task: &Task, overdue_workdays: u32) -> Result<Escalation, RuleError> {
        self.run_escalation(&|| task.clone(), overdue_workdays)
    }

    /// Runs `escalation` on the task `make` builds, like [`Self::deadline_of`].
    pub fn escalation_of(
        &self,
        make: impl Fn() -> Task,
        overdue_workdays: u32,
    ) -> Result<Escalation, RuleError> {
        self.run_escalation(&make, overdue_workdays)
    }

    /// Runs `escalation` for every `(task, overdue_workdays)` in parallel, like [`Self::deadlines`].
    pub fn escalations(&self, items: &[(&Task, u32)]) -> Result<Vec<Escalation>, RuleError> {
        hooks::par_map(items, |(t, w)| self.escalation(t, *w))
    }

    /// Runs `score(stats)`.
    pub fn score(&self, stats: &UnitStats) -> Result<f64, RuleError> {
        self.run_score(stats)
    }

    /// Runs `rating(stats)`.
    pub fn rating(&self, stats: &UnitStats) -> Result<Rating, RuleError> {
        self.run_rating(stats)
    }

    /// The files loaded, built-in and user, in load order. A built-in file
    /// is listed only when it still supplies a hook.
    pub fn files(&self) -> Vec<RuleFile> {
        self.loaded
            .scripts
            .iter()
            .enumerate()
            .filter(|(i, s)| !s.builtin || self.loaded.hook_script.contains(i))
            .map(|(_, s)| RuleFile {
                name: s.name.clone(),
                sha256: s.sha256.clone(),
            })
            .collect()
    }

    /// The file that defines `hook`.
    pub fn hook_source(&self, hook: Hook) -> String {
        self.loaded.scripts[self.loaded.hook_script[hook.index()]]
            .name
            .clone()
    }

    /// Every hook with the file that defines it, for 数据说明.
    pub fn hook_sources(&self) -> Vec<(Hook, String)> {
        Hook::ALL
            .iter()
            .map(|&h| (h, self.hook_source(h)))
            .collect()
    }

    /// The calendar the rules compute with.
    pub fn calendar(&self) -> &Arc<Calendar> {
        &self.calendar
    }

    /// The script API reference printed by `mashang rules`: hooks, types,
    /// fields, functions and limits, generated from the table that registers them.
    pub fn api_reference() -> String {
        api::reference()
    }
}
