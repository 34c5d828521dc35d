//! The records that flow between the stages: where a row came from, the
//! normalised cases, assignments, replies and units, the anomalies found on the
//! way, and the per-sheet reconciliation of every row read.

use chrono::NaiveDateTime;
use std::fmt;
use std::sync::Arc;

/// Where a row came from: the file (relative to the input folder, `/`-separated),
/// the sheet, and the row number Excel shows (for CSV/TSV: the line number).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub row: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] 第{}行", self.file, self.sheet, self.row)
    }
}

/// The role of a unit on a case: 主办 (lead) or 协办 (assisting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Lead,
    Assist,
}

impl Role {
    /// The Chinese label shown in reports and scripts.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "主办",
            Role::Assist => "协办",
        }
    }
}

/// A unit named on a case, after alias mapping, with its role.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitRole {
    pub unit: UnitName,
    pub role: Role,
}

/// A unit's name as a case holds it: inline when short (most unit names are
/// up to eight characters), so that matching a reply to a case's units reads
/// no memory beyond the case.
pub type UnitName = compact_str::CompactString;

/// A case's units: the one most cases have is held inline, for the same reason.
pub type CaseUnits = smallvec::SmallVec<[UnitRole; 1]>;

/// One registered item (事项), keyed by 事项编号.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub id: String,
    pub source: Option<String>,
    pub content: Option<String>,
    pub assigned_at: NaiveDateTime,
    pub urgency: Option<String>,
    /// Explicit 办理时限 (a date alone already means its end of day). `None` when
    /// blank, or when it was earlier than 交办时间 (an anomaly).
    pub explicit_due: Option<NaiveDateTime>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// Units in order: the first 主办 is the lead.
    pub units: CaseUnits,
    pub origin: Origin,
}

/// One (case, unit) pair: what a unit is judged on.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// Index into [`crate::normalise::Dataset::cases`].
    pub case_index: usize,
    /// Held inline when short, like a case's units: a million assignments
    /// then allocate nothing for their names.
    pub unit: UnitName,
    pub group: UnitName,
    pub role: Role,
    /// Number of units on the case.
    pub unit_count: usize,
}

/// One reply row of a reply log, matched to an assignment (which names the
/// case and the unit: they are not copied here).
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// Index into [`crate::normalise::Dataset::assignments`] of the assignment replied to.
    pub assignment: usize,
    pub replied_at: NaiveDateTime,
    pub status: Option<String>,
    pub content: Option<String>,
    pub satisfaction: Option<String>,
    pub origin: Origin,
}

/// A responsible unit with its group (分组).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    pub group: String,
    pub aliases: Vec<String>,
    /// Listed in a units sheet (false: inferred from the name or 未分组).
    pub listed: bool,
}

/// The kinds of anomaly, each with its Chinese reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnomalyKind {
    UnreadableFile,
    MissingCaseId,
    DamagedCaseId,
    MissingAssignedAt,
    MissingUnit,
    MissingReplyTime,
    BadDateTime,
    UnknownCase,
    UnitNotAssigned,
    AmbiguousReplyUnit,
    ReplyBeforeAssignment,
    ConflictingDuplicate,
    UnitNotListed,
    DueBeforeAssignment,
    BadUnitsRow,
    UnusableRow,
}

impl AnomalyKind {
    /// The short Chinese reason used to group anomalies.
    pub fn label(self) -> &'static str {
        match self {
            AnomalyKind::UnreadableFile => "文件无法读取",
            AnomalyKind::MissingCaseId => "缺少事项编号",
            AnomalyKind::DamagedCaseId => "事项编号位数已丢失",
            AnomalyKind::MissingAssignedAt => "缺少交办时间",
            AnomalyKind::MissingUnit => "缺少承办单位",
            AnomalyKind::MissingReplyTime => "缺少反馈时间",
            AnomalyKind::BadDateTime => "日期时间无法识别",
            AnomalyKind::UnknownCase => "反馈的事项编号不存在",
            AnomalyKind::UnitNotAssigned => "反馈单位不是该事项的承办单位",
            AnomalyKind::AmbiguousReplyUnit => "反馈未注明单位且事项有多个承办单位",
            AnomalyKind::ReplyBeforeAssignment => "反馈时间早于交办时间",
            AnomalyKind::ConflictingDuplicate => "重复事项内容不一致",
            AnomalyKind::UnitNotListed => "单位不在单位名单中",
            AnomalyKind::DueBeforeAssignment => "办理时限早于交办时间",
            AnomalyKind::BadUnitsRow => "单位名单行无效",
            AnomalyKind::UnusableRow => "行无法使用",
        }
    }
}

/// One problem found in the data, listed in 异常数据.
#[derive(Clone, Debug, PartialEq)]
pub struct Anomaly {
    pub file: Arc<str>,
    /// Empty for a file-level problem.
    pub sheet: Arc<str>,
    /// 0 for a file-level problem.
    pub row: u32,
    pub case_id: Option<String>,
    pub kind: AnomalyKind,
    /// The full Chinese explanation.
    pub message: String,
    /// The row's cells joined with ` | `.
    pub raw: String,
}

/// How a sheet was classified by its header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SheetKind {
    Intake,
    Reply,
    Combined,
    Units,
    Skipped,
    /// A 通报 workbook written by mashang itself, never read as input.
    OwnReport,
}

impl SheetKind {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SheetKind::Intake => "交办登记",
            SheetKind::Reply => "反馈登记",
            SheetKind::Combined => "交办反馈合表",
            SheetKind::Units => "单位名单",
            SheetKind::Skipped => "已跳过（无法识别表头）",
            SheetKind::OwnReport => "已跳过（本程序生成的通报）",
        }
    }
}

/// Row reconciliation of one sheet: `read = used + duplicates + skipped + anomalies`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Data rows below the header row (title and header rows are not counted).
    pub read: u64,
    pub used: u64,
    pub duplicates: u64,
    /// Blank rows.
    pub blank: u64,
    /// Footer rows (合计, 制表 …).
    pub footer: u64,
    /// Rows listed in 异常数据.
    pub anomalies: u64,
}

impl Tally {
    /// Blank and footer rows together.
    pub fn skipped(&self) -> u64 {
        self.blank + self.footer
    }

    /// Whether the identity `read = used + duplicates + skipped + anomalies` holds.
    pub fn balanced(&self) -> bool {
        self.read == self.used + self.duplicates + self.skipped() + self.anomalies
    }
}

/// One sheet of one input file, with its kind and reconciliation.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetReport {
    pub name: String,
    pub kind: SheetKind,
    /// Excel row number of the header row (0 when none was found).
    pub header_row: u32,
    pub tally: Tally,
}

/// One input file: its SHA-256, its sheets, or why it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct FileReport {
    pub path: Arc<str>,
    pub sha256: String,
    pub size: u64,
    pub sheets: Vec<SheetReport>,
    pub error: Option<String>,
}
