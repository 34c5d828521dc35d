//! Reply logs and the units workbook.

use fastrand::Rng;

use super::cases::{Case, Reply, ReplyFlaw};
use super::data::{Group, UNITS};
use super::intake::{unit_text, MAX_DATA_ROWS};
use super::render::{render_time, Cell, DateStyle, Table};

/// How one reply log looks.
#[derive(Clone, Debug)]
pub struct ReplyStyle {
    pub sheet: &'static str,
    pub title: Option<String>,
    /// 事项编号 反馈单位 反馈时间 办理状态 反馈内容 (in the spelling of this log).
    pub headers: [&'static str; 5],
    pub dates: DateStyle,
    pub alias_rate: f64,
    pub footer: bool,
}

/// Canonical content of a reply (for duplicate detection).
pub fn reply_signature(cases: &[Case], r: &Reply) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        cases[r.case].id, UNITS[r.unit].name, r.at, r.status, r.content
    )
}

pub fn reply_row(rng: &mut Rng, cases: &[Case], r: &Reply, style: &ReplyStyle) -> Vec<Cell> {
    let id = match &r.flaw {
        Some(ReplyFlaw::WrongId(s)) => s.clone(),
        _ => cases[r.case].id.clone(),
    };
    let at = match &r.flaw {
        Some(ReplyFlaw::TimeText(s, _)) => Cell::text(s),
        Some(ReplyFlaw::TimeBlank) => Cell::Empty,
        _ => render_time(rng, r.at, style.dates),
    };
    vec![
        Cell::text(id),
        Cell::text(unit_text(rng, r.unit, style.alias_rate)),
        at,
        Cell::text(r.status),
        Cell::text(&r.content),
    ]
}

pub fn reply_tables(
    rng: &mut Rng,
    cases: &[Case],
    replies: &[&Reply],
    style: &ReplyStyle,
) -> Vec<Table> {
    let mut tables = vec![];
    for (k, chunk) in replies.chunks(MAX_DATA_ROWS).enumerate() {
        let name = if k == 0 {
            style.sheet.to_string()
        } else {
            format!("{}({})", style.sheet, k + 1)
        };
        let mut t = Table::new(&name, &style.headers);
        t.widths = vec![14.0, 22.0, 18.0, 10.0, 50.0];
        t.title = style.title.clone();
        for r in chunk {
            t.rows.push(reply_row(rng, cases, r, style));
        }
        if style.footer {
            t.footers = vec![format!("合计：{}条", chunk.len())];
        }
        tables.push(t);
    }
    tables
}

/// `单位名单.xlsx`: 序号 | 单位名称 | 分组 | 别名.
pub fn units_table() -> Table {
    let mut t = Table::new("单位名单", &["序号", "单位名称", "分组", "别名"]);
    t.widths = vec![6.0, 24.0, 14.0, 36.0];
    for (i, u) in UNITS
        .iter()
        .filter(|u| u.group != Group::Unlisted)
        .enumerate()
    {
        t.rows.push(vec![
            Cell::Int(i as i64 + 1),
            Cell::text(u.name),
            Cell::text(u.group.label()),
            Cell::text(u.aliases.join("、")),
        ]);
    }
    t
}
