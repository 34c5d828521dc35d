//! Report models built by hand for the writer's tests: a small one with every
//! awkward case (a tie, an unranked unit, blanks, a file-level anomaly, text
//! that looks like a formula) and a county-sized demo for looking at.

use chrono::{NaiveDate, NaiveDateTime};
use mashang::model::{Anomaly, AnomalyKind, FileReport, SheetKind, SheetReport, Tally};
use mashang::period::Period;
use mashang::report::model::{DetailRow, Notes, OverdueRow, RankingRow, ReportModel};
use mashang::report::{mask_name, mask_phone, shorten};
use mashang::rules::{Rating, RuleFile};

/// `2017-01-dd hh:mm:ss`.
pub fn t(day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2017, 1, day)
        .unwrap()
        .and_hms_opt(h, m, s)
        .unwrap()
}

#[allow(clippy::too_many_arguments)]
pub fn ranked(
    group: &str,
    rank: Option<u32>,
    unit: &str,
    counts: [u32; 4],
    rates: Option<(f64, f64)>,
    hours: Option<f64>,
    score: Option<f64>,
    change: Option<i64>,
    rating: Option<Rating>,
) -> RankingRow {
    let [due, on_time, late, overdue] = counts;
    RankingRow {
        group: group.into(),
        rank,
        unit: unit.into(),
        due,
        on_time,
        late,
        overdue,
        on_time_rate: rates.map(|r| r.0),
        completion_rate: rates.map(|r| r.1),
        avg_reply_hours: hours,
        on_site: late + overdue,
        score,
        change,
        rating,
    }
}

fn overdue(case_id: &str, content: &str, unit: &str, day: u32, w: u32, esc: &str) -> OverdueRow {
    OverdueRow {
        case_id: case_id.into(),
        source: "投诉".into(),
        content: shorten(content, mashang::report::mask::CONTENT_MAX_CHARS),
        unit: unit.into(),
        assigned_at: t(day, 9, 30, 5),
        due: t(day + 1, 23, 59, 59),
        overdue_workdays: w,
        escalation: esc.into(),
        contact: mask_name("苟小平"),
        phone: mask_phone("13812341234"),
    }
}

fn detail(case_id: &str, unit: &str, reply: Option<NaiveDateTime>, outcome: &str) -> DetailRow {
    DetailRow {
        case_id: case_id.into(),
        unit: unit.into(),
        role: "主办".into(),
        source: "12345热线".into(),
        urgency: "一般".into(),
        assigned_at: t(16, 9, 30, 5),
        due: t(17, 23, 59, 59),
        basis: "一般事项：1个工作日".into(),
        first_reply: reply,
        outcome: outcome.into(),
        reply_hours: reply.map(|_| 3.5),
        escalation: if reply.is_some() { "" } else { "现场督办" }.into(),
        status: if reply.is_some() { "已办结" } else { "" }.into(),
    }
}

fn sheet(name: &str, kind: SheetKind, header_row: u32, tally: Tally) -> SheetReport {
    SheetReport {
        name: name.into(),
        kind,
        header_row,
        tally,
    }
}

fn notes() -> Notes {
    let tally = Tally {
        read: 10,
        used: 7,
        duplicates: 1,
        blank: 1,
        footer: 0,
        anomalies: 1,
    };
    Notes {
        rules: vec![RuleFile {
            name: "内置:deadline.rhai".into(),
            sha256: "ab".repeat(32),
        }],
        hooks: vec![
            ("deadline".into(), "内置:deadline.rhai".into()),
            ("score".into(), "rules/score.rhai".into()),
        ],
        inputs: vec![
            FileReport {
                path: "2017-01/交办登记.xlsx".into(),
                sha256: "cd".repeat(32),
                size: 12_345,
                sheets: vec![
                    sheet("交办", SheetKind::Intake, 2, tally),
                    sheet("说明", SheetKind::Skipped, 0, Tally::default()),
                ],
                error: None,
            },
            FileReport {
                path: "坏文件.xlsx".into(),
                sha256: "ef".repeat(32),
                size: 10,
                sheets: vec![],
                error: Some("不是有效的电子表格".into()),
            },
        ],
        calendar_years: vec![(2017, "内置（国务院办公厅通知）".into())],
        calendar_hash: "0123456789abcdef".repeat(4),
        calendar_warnings: vec![],
        version: "0.1.0".into(),
    }
}

/// Two groups, a tie for rank 2, a unit with nothing due, overdue items (one
/// whose content looks like a formula), details with blanks, anomalies with a
/// file-level one.
pub fn small_model() -> ReportModel {
    use Rating::*;
    let g1 = "县直部门";
    let g2 = "镇街";
    ReportModel {
        org: "蓝田县".into(),
        period: Period::parse_week("2017-W03").unwrap(),
        as_of: t(22, 23, 59, 59),
        provisional: false,
        ranking: vec![
            ranked(
                g1,
                Some(1),
                "县住建局",
                [4, 4, 0, 0],
                Some((1.0, 1.0)),
                Some(3.5),
                Some(100.0),
                Some(2),
                Some(Good),
            ),
            ranked(
                g1,
                Some(2),
                "县交通局",
                [4, 3, 1, 0],
                Some((0.75, 0.75)),
                Some(20.25),
                Some(73.0),
                Some(-1),
                Some(Poor),
            ),
            ranked(
                g1,
                Some(2),
                "县水务局",
                [4, 3, 1, 0],
                Some((0.75, 0.75)),
                Some(20.25),
                Some(73.0),
                None,
                Some(Poor),
            ),
            ranked(
                g1,
                None,
                "县民政局",
                [0, 0, 0, 0],
                None,
                None,
                None,
                None,
                None,
            ),
            ranked(
                g2,
                Some(1),
                "蓝关街道",
                [2, 2, 0, 0],
                Some((1.0, 0.5)),
                Some(1.0),
                Some(80.0),
                Some(0),
                Some(Good),
            ),
            ranked(
                g2,
                Some(2),
                "华胥镇",
                [3, 2, 0, 1],
                Some((2.0 / 3.0, 2.0 / 3.0)),
                None,
                Some(64.67),
                Some(1),
                Some(Fair),
            ),
        ],
        overdue: vec![
            overdue("LT2017-0012", "=1+1", "华胥镇", 9, 6, "联合督办"),
            overdue(
                "LT2017-0031",
                "县城东关路段路灯长期不亮，群众夜间出行不便，多次反映未果，请尽快修复",
                "县交通局",
                18,
                2,
                "现场督办",
            ),
        ],
        details: vec![
            detail("LT2017-0031", "县交通局", None, "超期未反馈"),
            detail("LT2017-0032", "县住建局", Some(t(16, 13, 0, 5)), "按时反馈"),
            detail("LT2017-0033", "蓝关街道", Some(t(18, 8, 0, 0)), "超时反馈"),
        ],
        anomalies: vec![
            Anomaly {
                file: "2017-01/交办登记.xlsx".into(),
                sheet: "交办".into(),
                row: 7,
                case_id: Some("LT2017-0040".into()),
                kind: AnomalyKind::BadDateTime,
                message: "交办时间“2017年13月1日”无法识别".into(),
                raw: "=SUM(A1:A3) | 2017年13月1日 | 县住建局".into(),
            },
            Anomaly {
                file: "坏文件.xlsx".into(),
                sheet: "".into(),
                row: 0,
                case_id: None,
                kind: AnomalyKind::UnreadableFile,
                message: "文件无法读取：不是有效的电子表格".into(),
                raw: "".into(),
            },
        ],
        notes: notes(),
    }
}

/// A model with no rows at all.
pub fn empty_model() -> ReportModel {
    ReportModel {
        ranking: vec![],
        overdue: vec![],
        details: vec![],
        anomalies: vec![],
        notes: Notes::default(),
        ..small_model()
    }
}

const DEPARTMENTS: [&str; 12] = [
    "县住建局",
    "县交通局",
    "县水务局",
    "县城市管理执法局",
    "县市场监管局",
    "县教育局",
    "县卫健局",
    "县人社局",
    "县民政局",
    "县农业农村局",
    "县自然资源局",
    "县生态环境分局",
];
const TOWNS: [&str; 19] = [
    "蓝关街道",
    "洩湖镇",
    "华胥镇",
    "前卫镇",
    "汤峪镇",
    "焦岱镇",
    "玉川镇",
    "灞源镇",
    "蓝桥镇",
    "辋川镇",
    "九间房镇",
    "葛牌镇",
    "三里镇",
    "普化镇",
    "小寨镇",
    "孟村镇",
    "三官庙镇",
    "安村镇",
    "厚镇",
];

/// Late and overdue counts cycled over the units of the demo.
const LATE: [u32; 12] = [0, 1, 0, 2, 0, 0, 1, 0, 1, 0, 2, 0];
const OVERDUE: [u32; 12] = [0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 0, 3];

/// One demo unit's row, judged with the default score and rating rules.
fn demo_row(group: &str, i: u32, unit: &str) -> RankingRow {
    let due = 4 + (i * 5) % 7;
    let overdue = OVERDUE[(i % 12) as usize];
    let late = LATE[(i % 12) as usize];
    let on_time = due - late - overdue;
    let rate = f64::from(on_time) / f64::from(due);
    let done = f64::from(on_time + late.min(1)) / f64::from(due);
    let on_site = overdue + late / 2;
    let score = (100.0 * (0.6 * rate + 0.4 * done) - 2.0 * f64::from(on_site)).max(0.0);
    let rating = if rate >= 0.95 && overdue == 0 {
        Rating::Good
    } else if rate < 0.8 || overdue >= 3 {
        Rating::Poor
    } else {
        Rating::Fair
    };
    let hours = 1.5 + f64::from((i * 13) % 40) * 0.75;
    let change = (i % 4 != 2).then_some(i64::from(i % 5) - 2);
    let mut row = ranked(
        group,
        None,
        unit,
        [due, on_time, late, overdue],
        Some((rate, done)),
        Some(hours),
        Some((score * 100.0).round() / 100.0),
        change,
        Some(rating),
    );
    row.on_site = on_site;
    row
}

/// A county-sized model (12 departments, 19 towns, one department with
/// nothing due) for the rendered sample, ranked as SPEC §5 says.
pub fn demo_model() -> ReportModel {
    let mut model = small_model();
    model.ranking.clear();
    for (group, units) in [("县直部门", &DEPARTMENTS[..]), ("镇街", &TOWNS[..])] {
        let mut rows: Vec<RankingRow> = (0u32..)
            .zip(units)
            .map(|(i, unit)| demo_row(group, i, unit))
            .collect();
        let key = |r: &RankingRow| {
            (
                r.score.unwrap(),
                r.on_time_rate.unwrap(),
                r.avg_reply_hours.unwrap(),
            )
        };
        rows.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.total_cmp(&b.2))
        });
        let keys: Vec<_> = rows.iter().map(key).collect();
        for (row, k) in rows.iter_mut().zip(&keys) {
            let better = keys
                .iter()
                .filter(|o| o.0 > k.0 || (o.0 == k.0 && (o.1 > k.1 || (o.1 == k.1 && o.2 < k.2))))
                .count();
            row.rank = Some(better as u32 + 1);
        }
        model.ranking.extend(rows);
        if group == "县直部门" {
            model.ranking.push(ranked(
                group,
                None,
                "县统计局",
                [0; 4],
                None,
                None,
                None,
                None,
                None,
            ));
        }
    }
    model
}
