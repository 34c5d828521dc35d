//! The text `mashang calendar [YEAR]` prints: for a year, its source files and
//! notices, its holidays grouped by festival with date ranges, its make-up
//! working days with their weekday, and its number of working days; without a
//! year, the list of years with their sources and the calendar's hash. A day
//! that comes from another file than the year's own notice names that file.

use super::{Calendar, CalendarError, SpecialDay};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

/// How to add a year, for the texts below.
const HOW_TO_ADD: &str =
    "添加年份：把国务院办公厅公布的节假日安排写成 holiday-cn 格式的 YYYY.json，\
                          放入规则目录的 calendar/ 子目录并用 --rules 指定。";

/// A run of holidays of one festival from one file.
struct Block<'a> {
    name: &'a str,
    source: &'a str,
    start: NaiveDate,
    end: NaiveDate,
}

/// The year's holidays and make-up days, where they came from, and its number
/// of working days. A year without its own file is [`CalendarError::MissingYear`],
/// whose message says how to add it.
pub fn describe_year(cal: &Calendar, year: i32) -> Result<String, CalendarError> {
    let Some(info) = cal.years.get(&year) else {
        return Err(match NaiveDate::from_ymd_opt(year, 1, 1) {
            Some(jan1) if cal.table.index(jan1).is_none() => CalendarError::OutOfRange(jan1),
            _ => CalendarError::MissingYear { year },
        });
    };
    let own = info.files.first().map(String::as_str).unwrap_or_default();
    let days = cal.special_days(year);
    let from = |day_source: &str| {
        if day_source == own {
            String::new()
        } else {
            format!("，来源：{day_source}")
        }
    };
    let mut out = format!("{year} 年节假日安排\n数据来源：{}\n", info.source);
    if info.papers.is_empty() {
        out.push_str("通知：（文件未注明）\n");
    } else {
        out.push_str("通知：\n");
        for paper in &info.papers {
            let _ = writeln!(out, "  {paper}");
        }
    }

    let blocks = holiday_blocks(cal, &days);
    out.push_str(if blocks.is_empty() {
        "放假：无\n"
    } else {
        "放假：\n"
    });
    for b in &blocks {
        let n = (b.end - b.start).num_days() + 1;
        let range = if b.start == b.end {
            b.start.to_string()
        } else {
            format!("{} 至 {}", b.start, b.end)
        };
        let _ = writeln!(out, "  {}　{range}（{n}天{}）", b.name, from(b.source));
    }

    let make_up: Vec<&SpecialDay> = days.iter().filter(|d| !d.off).collect();
    out.push_str(if make_up.is_empty() {
        "调休上班：无\n"
    } else {
        "调休上班：\n"
    });
    for d in make_up {
        let weekday = WEEKDAYS[d.date.weekday().num_days_from_monday() as usize];
        let _ = writeln!(
            out,
            "  {}（{weekday}）调休上班（{}{}）",
            d.date,
            d.name,
            from(&d.source)
        );
    }

    let elsewhere = cal
        .special
        .values()
        .filter(|d| d.date.year() != year && info.files.contains(&d.source));
    let mut other_years: Vec<i32> = elsewhere.map(|d| d.date.year()).collect();
    other_years.dedup();
    for other in other_years {
        let _ = writeln!(
            out,
            "本年文件另含 {other} 年的日期（见 mashang calendar {other}）"
        );
    }

    let (work, weekdays, off, worked) = year_counts(cal, year)?;
    let _ = writeln!(
        out,
        "全年工作日 {work} 天（周一至周五 {weekdays} 天，其中放假 {off} 天；周末调休上班 {worked} 天）"
    );
    Ok(out)
}

/// `(working days, Monday–Friday days, weekdays off, weekend days worked)` of
/// `year`, checked like any query.
fn year_counts(cal: &Calendar, year: i32) -> Result<(u32, u32, u32, u32), CalendarError> {
    let bounds = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
    let (first, last) = bounds.ok_or(CalendarError::MissingYear { year })?;
    let (ia, ib) = cal.span(first, last)?;
    let (mut weekdays, mut off, mut worked) = (0, 0, 0);
    for (i, date) in (ia..=ib).zip(first.iter_days()) {
        let weekday = date.weekday().num_days_from_monday() < 5;
        let work = cal.table.is_workday(i);
        weekdays += u32::from(weekday);
        off += u32::from(weekday && !work);
        worked += u32::from(!weekday && work);
    }
    Ok((cal.table.count(ia, ib + 1), weekdays, off, worked))
}

/// Groups the holidays into runs of one festival and one file; a run goes on
/// over days not listed but not working either (a weekend inside the block).
fn holiday_blocks<'a>(cal: &Calendar, days: &'a [SpecialDay]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = Vec::new();
    for d in days.iter().filter(|d| d.off) {
        if let Some(last) = blocks.last_mut() {
            let gap_is_off = last
                .end
                .iter_days()
                .skip(1)
                .take_while(|&x| x < d.date)
                .all(|x| cal.table.index(x).is_some_and(|i| !cal.table.is_workday(i)));
            if last.name == d.name && last.source == d.source && gap_is_off {
                last.end = d.date;
                continue;
            }
        }
        blocks.push(Block {
            name: &d.name,
            source: &d.source,
            start: d.date,
            end: d.date,
        });
    }
    blocks
}

/// The calendar's years with their sources, the hash, any years assumed
/// Monday–Friday, and how to add a year.
pub fn describe_years(cal: &Calendar) -> String {
    let mut out = format!("节假日数据：共 {} 年\n", cal.years.len());
    for info in cal.years.values() {
        let _ = writeln!(out, "  {} 年　{}", info.year, info.source);
    }
    let _ = writeln!(out, "校验值（SHA-256）：{}", cal.hash());
    let assumed = cal.assumed_years();
    if !assumed.is_empty() {
        let list: Vec<String> = assumed.iter().map(i32::to_string).collect();
        let _ = writeln!(
            out,
            "临时口径（无数据，按周一至周五计算）：{} 年",
            list.join("、")
        );
    }
    out.push_str(HOW_TO_ADD);
    out.push('\n');
    out
}
