//! Intake exports: header styles, rows, weekly export tables.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use fastrand::Rng;

use super::cases::{pick, Case, Layout};
use super::data::UNITS;
use super::render::{render_time, Cell, DateStyle, Table};

/// Why a row is an anomaly (the expected-answer key).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reason {
    MissingId,
    BadIntakeTime,
    Conflict,
    DueBeforeIntake,
    UnlistedUnit,
    UnknownId,
    UnassignedUnit,
    ReplyBeforeIntake,
    BadReplyTime,
    MissingReplyTime,
}

impl Reason {
    pub fn zh(self) -> &'static str {
        match self {
            Reason::MissingId => "缺少事项编号",
            Reason::BadIntakeTime => "交办时间无法识别",
            Reason::Conflict => "事项编号重复且内容不一致（以后读入的为准）",
            Reason::DueBeforeIntake => "办理时限早于交办时间（改用规则时限）",
            Reason::UnlistedUnit => "承办单位不在单位名单（计入未分组）",
            Reason::UnknownId => "反馈的事项编号不存在",
            Reason::UnassignedUnit => "反馈单位未承办该事项",
            Reason::ReplyBeforeIntake => "反馈时间早于交办时间",
            Reason::BadReplyTime => "反馈时间无法识别",
            Reason::MissingReplyTime => "缺少反馈时间",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Reason::MissingId => "missing 事项编号",
            Reason::BadIntakeTime => "unrecognised 交办时间",
            Reason::Conflict => "conflicting duplicate (the later row wins)",
            Reason::DueBeforeIntake => {
                "explicit 办理时限 earlier than 交办时间 (rule deadline used)"
            }
            Reason::UnlistedUnit => "unit not in the units sheet (judged in 未分组)",
            Reason::UnknownId => "reply for an unknown 事项编号",
            Reason::UnassignedUnit => "reply unit not assigned on that case",
            Reason::ReplyBeforeIntake => "reply earlier than 交办时间",
            Reason::BadReplyTime => "unrecognised 反馈时间",
            Reason::MissingReplyTime => "missing 反馈时间",
        }
    }

    /// The row still yields a record (it is judged) despite the anomaly.
    pub fn still_used(self) -> bool {
        matches!(
            self,
            Reason::Conflict | Reason::DueBeforeIntake | Reason::UnlistedUnit
        )
    }
}

/// One line of the anomaly key.
#[derive(Clone, Debug)]
pub struct KeyRow {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub id: String,
    pub reason: Reason,
    pub note_zh: String,
    pub note_en: String,
}

/// A deliberate defect in how one intake row is written.
#[derive(Clone, Debug)]
pub enum IntakeFlaw {
    BlankId,
    /// 交办时间 written as this (unparseable) text.
    TimeText(String),
    /// 承办单位 written as this (the case was reassigned later).
    UnitText(String),
}

/// How one weekly intake export looks.
#[derive(Clone, Debug)]
pub struct IntakeStyle {
    pub sheet: &'static str,
    /// In canonical order: 事项编号 来源 事项内容 交办时间 承办单位 协办单位
    /// 紧急程度 办理时限 联系人 联系电话.
    pub headers: [&'static str; 10],
    /// A leading 序号 column.
    pub serial_col: bool,
    pub blank_above_header: bool,
    pub dates: DateStyle,
    /// Share of unit names written by an alias.
    pub alias_rate: f64,
    pub unit_sep: &'static str,
    pub phone_numeric: bool,
    /// A blank row between the previous week's and this week's cases.
    pub blank_between_weeks: bool,
    pub traditional: bool,
    /// An extra 填表说明 sheet (not data; to be skipped).
    pub notes_sheet: bool,
}

/// The five export styles, used in turn (samples: W02..W06).
pub fn intake_styles() -> Vec<IntakeStyle> {
    vec![
        IntakeStyle {
            sheet: "交办登记",
            headers: [
                "事项编号",
                "来源",
                "事项内容",
                "交办时间",
                "承办单位",
                "协办单位",
                "紧急程度",
                "办理时限",
                "联系人",
                "联系电话",
            ],
            serial_col: false,
            blank_above_header: false,
            dates: DateStyle::Cell("yyyy-mm-dd hh:mm"),
            alias_rate: 0.0,
            unit_sep: "、",
            phone_numeric: false,
            blank_between_weeks: false,
            traditional: false,
            notes_sheet: true,
        },
        IntakeStyle {
            sheet: "Sheet1",
            headers: [
                "交办单号",
                "事项来源",
                "诉求内容",
                "派单时间",
                "责任单位",
                "配合单位",
                "缓急程度",
                "反馈时限",
                "诉求人",
                "手机号",
            ],
            serial_col: true,
            blank_above_header: true,
            dates: DateStyle::Iso,
            alias_rate: 0.1,
            unit_sep: "、",
            phone_numeric: false,
            blank_between_weeks: false,
            traditional: false,
            notes_sheet: false,
        },
        IntakeStyle {
            sheet: "交办登记",
            headers: [
                "事项编号*",
                "来源",
                "事项内容",
                "交办时间（必填）",
                "承办单位(必填)",
                "协办单位",
                "紧急　程度",
                "办理时限",
                "联 系 人",
                "联系电话：",
            ],
            serial_col: false,
            blank_above_header: false,
            dates: DateStyle::Slash,
            alias_rate: 0.3,
            unit_sep: "、",
            phone_numeric: false,
            blank_between_weeks: true,
            traditional: false,
            notes_sheet: false,
        },
        IntakeStyle {
            sheet: "交辦登記",
            headers: [
                "事項編號",
                "來源",
                "事項內容",
                "交辦時間",
                "承辦單位",
                "協辦單位",
                "緊急程度",
                "辦理時限",
                "聯繫人",
                "聯繫電話",
            ],
            serial_col: false,
            blank_above_header: true,
            dates: DateStyle::Cell("yyyy\"年\"m\"月\"d\"日\" hh:mm"),
            alias_rate: 0.0,
            unit_sep: "、",
            phone_numeric: true,
            blank_between_weeks: false,
            traditional: true,
            notes_sheet: false,
        },
        IntakeStyle {
            sheet: "Sheet1",
            headers: [
                "工单编号",
                "来源渠道",
                "事项标题",
                "转办时间",
                "办理单位",
                "配合单位",
                "办理类型",
                "截止时间",
                "来电人",
                "来电号码",
            ],
            serial_col: false,
            blank_above_header: false,
            dates: DateStyle::Mixed,
            alias_rate: 0.2,
            unit_sep: "，",
            phone_numeric: false,
            blank_between_weeks: false,
            traditional: false,
            notes_sheet: false,
        },
    ]
}

pub fn unit_text(rng: &mut Rng, u: usize, alias_rate: f64) -> String {
    let def = &UNITS[u];
    if !def.aliases.is_empty() && rng.f64() < alias_rate {
        pick(rng, def.aliases).to_string()
    } else {
        def.name.to_string()
    }
}

/// 承办单位 and 协办单位 cell texts of a case.
pub fn unit_cells(rng: &mut Rng, case: &Case, style: &IntakeStyle) -> (String, String) {
    let names: Vec<String> = case
        .units
        .iter()
        .map(|&u| unit_text(rng, u, style.alias_rate))
        .collect();
    if names.len() == 1 {
        return (names[0].clone(), String::new());
    }
    match case.layout {
        Layout::Listed => (names.join(style.unit_sep), String::new()),
        Layout::CoColumn => (names[0].clone(), names[1..].join(style.unit_sep)),
        Layout::Prefixed { lead_last } => {
            let lead = format!("主办：{}", names[0]);
            let co: Vec<String> = names[1..].iter().map(|n| format!("协办：{n}")).collect();
            let parts = if lead_last {
                [co, vec![lead]].concat()
            } else {
                [vec![lead], co].concat()
            };
            (parts.join("\n"), String::new())
        }
    }
}

/// The canonical content of an intake row, for duplicate detection (what a
/// correct reader sees after parsing and normalisation).
pub fn intake_signature(case: &Case, flaw: Option<&IntakeFlaw>) -> String {
    let units: Vec<&str> = match flaw {
        Some(IntakeFlaw::UnitText(s)) => vec![s.as_str()],
        _ => case.units.iter().map(|&u| UNITS[u].name).collect(),
    };
    format!(
        "{}|{}|{}|{}|{}|{}|{:?}|{}|{}",
        case.id,
        case.source,
        case.content,
        case.at,
        units.join(","),
        case.urgency,
        case.explicit_due,
        case.contact,
        case.phone
    )
}

/// The cells of one intake row (canonical column order, plus 序号 if asked).
pub fn intake_row(
    rng: &mut Rng,
    case: &Case,
    style: &IntakeStyle,
    serial: usize,
    flaw: Option<&IntakeFlaw>,
) -> Vec<Cell> {
    let (mut lead, co) = unit_cells(rng, case, style);
    if let Some(IntakeFlaw::UnitText(s)) = flaw {
        lead = s.clone();
    }
    let id = if matches!(flaw, Some(IntakeFlaw::BlankId)) {
        Cell::Empty
    } else {
        Cell::text(&case.id)
    };
    let at = match flaw {
        Some(IntakeFlaw::TimeText(s)) => Cell::text(s),
        _ => render_time(rng, case.at, style.dates),
    };
    let due = match case.explicit_due {
        Some(d) => render_time(rng, d, style.dates),
        None => Cell::Empty,
    };
    let phone = if style.phone_numeric && case.phone.len() == 11 && !case.phone.contains('-') {
        Cell::Number(case.phone.parse::<f64>().unwrap())
    } else {
        Cell::text(&case.phone)
    };
    let mut row = vec![];
    if style.serial_col {
        row.push(Cell::Int(serial as i64));
    }
    row.extend([
        id,
        Cell::text(case.source),
        Cell::text(&case.content),
        at,
        Cell::text(lead),
        Cell::text(co),
        Cell::text(case.urgency),
        due,
        Cell::text(&case.contact),
        phone,
    ]);
    row
}

pub const INTAKE_WIDTHS: [f64; 10] = [14.0, 11.0, 44.0, 18.0, 24.0, 14.0, 9.0, 18.0, 9.0, 14.0];

pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

pub fn zh_range(a: NaiveDate, b: NaiveDate) -> String {
    if a.year() == b.year() {
        format!("{}—{}月{}日", zh_date(a), b.month(), b.day())
    } else {
        format!("{}—{}", zh_date(a), zh_date(b))
    }
}

/// Traditional forms of the few characters used in titles and footers.
pub fn to_traditional(s: &str) -> String {
    let map = [
        ('蓝', '藍'),
        ('县', '縣'),
        ('马', '馬'),
        ('办', '辦'),
        ('项', '項'),
        ('记', '記'),
        ('计', '計'),
        ('审', '審'),
        ('制', '製'),
        ('导', '導'),
        ('间', '間'),
        ('张', '張'),
        ('丽', '麗'),
        ('军', '軍'),
        ('刘', '劉'),
        ('赵', '趙'),
        ('刚', '剛'),
    ];
    s.chars()
        .map(|c| map.iter().find(|(a, _)| *a == c).map_or(c, |(_, b)| *b))
        .collect()
}

/// Rows at most per sheet (Excel allows 1,048,576 including title/header/footer).
pub const MAX_DATA_ROWS: usize = 1_000_000;

/// Which week an intake export is for: it holds the cases from `from` (the
/// previous week's Monday) to `to` (this week's Sunday).
pub struct Export {
    pub this_week: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clerk: (&'static str, &'static str),
}

impl Export {
    /// The export whose own week starts on `this_week` (a Monday).
    pub fn new(this_week: NaiveDate, clerk: (&'static str, &'static str)) -> Export {
        let (from, to) = (
            this_week - Duration::weeks(1),
            this_week + Duration::days(6),
        );
        Export {
            this_week,
            from,
            to,
            clerk,
        }
    }
}

/// Build the sheet(s) of one weekly intake export.
pub fn intake_tables(
    rng: &mut Rng,
    cases: &[Case],
    idxs: &[usize],
    export: &Export,
    style: &IntakeStyle,
    flaws: &BTreeMap<usize, IntakeFlaw>,
) -> Vec<Table> {
    let (this_week_start, range, clerk) =
        (export.this_week, (export.from, export.to), export.clerk);
    let mut tables = vec![];
    let chunks: Vec<&[usize]> = idxs.chunks(MAX_DATA_ROWS).collect();
    for (k, chunk) in chunks.iter().enumerate() {
        let name = if k == 0 {
            style.sheet.to_string()
        } else {
            format!("{}({})", style.sheet, k + 1)
        };
        let mut headers: Vec<&str> = style.headers.to_vec();
        let mut widths = INTAKE_WIDTHS.to_vec();
        if style.serial_col {
            headers.insert(0, "序号");
            widths.insert(0, 6.0);
        }
        let mut t = Table::new(&name, &headers);
        t.widths = widths;
        let title = format!(
            "蓝田县马上就办办公室交办事项登记表（{}）",
            zh_range(range.0, range.1)
        );
        t.title = Some(if style.traditional {
            to_traditional(&title)
        } else {
            title
        });
        t.blank_above_header = style.blank_above_header;
        for (i, &ci) in chunk.iter().enumerate() {
            let case = &cases[ci];
            if style.blank_between_weeks
                && case.at.date() >= this_week_start
                && t.blank_before.is_empty()
                && i > 0
            {
                t.blank_before.insert(i);
            }
            t.rows
                .push(intake_row(rng, case, style, i + 1, flaws.get(&ci)));
        }
        let export_day = range.1.succ_opt().unwrap();
        let mut footers = vec![
            format!("合计：{}件", chunk.len()),
            format!(
                "制表：{}        审核：{}        导出日期：{}",
                clerk.0,
                clerk.1,
                zh_date(export_day)
            ),
        ];
        if style.traditional {
            footers = footers.iter().map(|s| to_traditional(s)).collect();
        }
        t.footers = footers;
        tables.push(t);
    }
    if style.notes_sheet {
        let mut t = Table::new("填表说明", &["填表说明"]);
        t.widths = vec![80.0];
        for line in [
            "1. 本表每周一由马上就办办公室导出，含本周及上周交办事项。",
            "2. 紧急程度分特急、紧急、一般三类；特急事项须2小时内反馈。",
            "3. 多个承办单位的，第一个为主办单位。",
            "4. 联系电话仅供办理使用，不得外传。",
        ] {
            t.rows.push(vec![Cell::text(line)]);
        }
        tables.push(t);
    }
    tables
}
