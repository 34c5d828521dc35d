//! The workbook as data: everything the xlsx writer needs, already judged,
//! sorted and masked, so that writing is pure layout.

use crate::model::{Anomaly, FileReport};
use crate::period::Period;
use crate::rules::{Rating, RuleFile};
use chrono::NaiveDateTime;

/// The whole 通报 workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportModel {
    /// 机构, e.g. 蓝田县.
    pub org: String,
    pub period: Period,
    pub as_of: NaiveDateTime,
    /// The calendar was assumed for some year (临时口径).
    pub provisional: bool,
    /// 通报 rows, sorted by group then rank (unranked units last in each group).
    pub ranking: Vec<RankingRow>,
    /// 逾期清单 rows, most severe first; contacts already masked.
    pub overdue: Vec<OverdueRow>,
    /// 明细 rows: every assignment of the period.
    pub details: Vec<DetailRow>,
    /// 异常数据 rows.
    pub anomalies: Vec<Anomaly>,
    pub notes: Notes,
}

/// One unit's line on the 通报 sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingRow {
    pub group: String,
    /// `None`: nothing due, listed after the ranked units.
    pub rank: Option<u32>,
    pub unit: String,
    pub due: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    pub on_time_rate: Option<f64>,
    pub completion_rate: Option<f64>,
    pub avg_reply_hours: Option<f64>,
    pub on_site: u32,
    pub score: Option<f64>,
    /// 较上期: previous rank minus rank now (positive = improved).
    pub change: Option<i64>,
    pub rating: Option<Rating>,
}

/// One line of 逾期清单.
#[derive(Clone, Debug, PartialEq)]
pub struct OverdueRow {
    pub case_id: String,
    pub source: String,
    /// Shortened for the handout.
    pub content: String,
    pub unit: String,
    pub assigned_at: NaiveDateTime,
    pub due: NaiveDateTime,
    pub overdue_workdays: u32,
    pub escalation: String,
    /// Masked: 苟**.
    pub contact: String,
    /// Masked: 138****1234.
    pub phone: String,
}

/// One line of 明细.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailRow {
    pub case_id: String,
    pub unit: String,
    pub role: String,
    pub source: String,
    pub urgency: String,
    pub assigned_at: NaiveDateTime,
    pub due: NaiveDateTime,
    pub basis: String,
    pub first_reply: Option<NaiveDateTime>,
    /// 按时反馈, 超时反馈, 超期未反馈 or 未到期.
    pub outcome: String,
    pub reply_hours: Option<f64>,
    pub escalation: String,
    pub status: String,
}

/// What 数据说明 lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    pub rules: Vec<RuleFile>,
    /// Which file each hook came from: (hook name, file).
    pub hooks: Vec<(String, String)>,
    pub inputs: Vec<FileReport>,
    /// Calendar years and their sources: (year, source).
    pub calendar_years: Vec<(i32, String)>,
    pub calendar_hash: String,
    /// Calendar warnings, e.g. years assumed Monday–Friday.
    pub calendar_warnings: Vec<String>,
    pub version: String,
}
