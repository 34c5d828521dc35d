//! The canonical model: cases and their replies, generated.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use fastrand::Rng;

use super::calendar::{deadline, dt, end_of_day, Calendar};
use super::data::{
    source_prefixes, templates, Group, COMPANIES, COMPOUNDS, DONE, GIVEN, IN_PROGRESS, MEDIA,
    MOBILE_PREFIXES, REPLY_DONE, REPLY_PROGRESS, SCHOOLS, SOURCES, STREETS, SURNAMES, UNITS,
    VILLAGES,
};
use super::intake::Reason;

/// How a case's units are written in the intake exports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    /// All units in 承办单位, first is 主办: `县住建局、蓝关街道`.
    Listed,
    /// Lead in 承办单位, the others in 协办单位.
    CoColumn,
    /// `主办：X` / `协办：Y` prefixes in 承办单位, one per line; the lead may come last.
    Prefixed { lead_last: bool },
}

/// One registered case (事项), as the office really registered it.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub source: &'static str,
    pub content: String,
    pub at: NaiveDateTime,
    /// Unit indices into [`UNITS`]; the first is 主办.
    pub units: Vec<usize>,
    pub layout: Layout,
    /// 特急 / 紧急 / 一般 / "" (blank).
    pub urgency: &'static str,
    pub explicit_due: Option<NaiveDateTime>,
    pub contact: String,
    pub phone: String,
}

/// A deliberate defect in how one reply row is written.
#[derive(Clone, Debug)]
pub enum ReplyFlaw {
    /// 事项编号 mistyped.
    WrongId(String),
    /// 反馈时间 written as this text (which is wrong in some way).
    TimeText(String, Reason),
    /// 反馈时间 left blank.
    TimeBlank,
    /// Sent by a unit not assigned on the case.
    Unassigned,
}

/// One reply (反馈) of a unit on a case.
#[derive(Clone, Debug)]
pub struct Reply {
    pub case: usize,
    pub unit: usize,
    pub at: NaiveDateTime,
    pub status: &'static str,
    pub content: String,
    pub flaw: Option<ReplyFlaw>,
}

pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

pub fn pick_weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.u32(..total);
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    unreachable!()
}

pub fn unit_index(name: &str) -> usize {
    UNITS
        .iter()
        .position(|u| u.name == name)
        .expect("known unit")
}

pub fn pick_lead_unit(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, u32)> = UNITS
        .iter()
        .enumerate()
        .map(|(i, u)| (i, u.weight))
        .collect();
    pick_weighted(rng, &weights)
}

pub fn person_name(rng: &mut Rng) -> String {
    let surname = *pick(rng, SURNAMES);
    match rng.u32(..10) {
        0..=2 => format!("{surname}{}", if rng.bool() { "先生" } else { "女士" }),
        _ => format!("{surname}{}", pick(rng, GIVEN)),
    }
}

pub fn mobile(rng: &mut Rng) -> String {
    format!(
        "{}{:08}",
        pick(rng, MOBILE_PREFIXES),
        rng.u32(..100_000_000)
    )
}

pub fn landline(rng: &mut Rng) -> String {
    format!("029-827{:05}", rng.u32(..100_000))
}

/// Fill a template's placeholders; returns the text and the town it happens in.
pub fn fill_template(rng: &mut Rng, template: &str, lead: usize) -> (String, usize) {
    let lead_is_town = UNITS[lead].group == Group::Town;
    let town = if lead_is_town {
        lead
    } else if rng.u32(..10) < 3 {
        0 // 蓝关街道, the county seat
    } else {
        rng.usize(..19)
    };
    let town_name = UNITS[town].name;
    let si = rng.usize(..STREETS.len());
    let (street, street2) = (
        STREETS[si],
        STREETS[(si + 1 + rng.usize(..STREETS.len() - 1)) % STREETS.len()],
    );
    let village = format!("{town_name}{}", pick(rng, VILLAGES));
    let (compound, company, school) = (
        *pick(rng, COMPOUNDS),
        *pick(rng, COMPANIES),
        *pick(rng, SCHOOLS),
    );
    let (group_no, n) = (rng.u32(1..=8).to_string(), rng.u32(2..=9).to_string());
    let mut text = template
        .replace("{村}", &village)
        .replace("{镇}", town_name)
        .replace("{路2}", street2)
        .replace("{路}", street)
        .replace("{小区}", compound)
        .replace("{企业}", company)
        .replace("{学校}", school)
        .replace("{组}", &group_no)
        .replace("{n}", &n);
    if text.contains("某镇") {
        text = text.replace("某镇", if town == 0 { "城关" } else { town_name });
    }
    // Street names, compounds and unnamed places are in the county seat.
    let in_seat = ["{路}", "{小区}"].iter().any(|p| template.contains(p));
    let place = if in_seat && !lead_is_town { 0 } else { town };
    (text, place)
}

pub fn pick_urgency(rng: &mut Rng, source: &str) -> &'static str {
    let table: &[(&'static str, u32)] = match source {
        "上级批示件" => &[("特急", 15), ("紧急", 55), ("一般", 20), ("", 10)],
        "查办件" => &[("特急", 5), ("紧急", 40), ("一般", 35), ("", 20)],
        MEDIA => &[("特急", 10), ("紧急", 30), ("", 60)],
        _ => &[("特急", 2), ("紧急", 8), ("一般", 45), ("", 45)],
    };
    pick_weighted(rng, table)
}

/// Does a template read naturally for a source? Consultations ask, enterprises
/// complain about business matters, citizens complain.
pub fn suits(source: &str, template: &str) -> bool {
    match source {
        "咨询" => template.starts_with("咨询"),
        "企业投诉" => template.contains("{企业}") || template.contains("商户"),
        "12345热线" => true,
        _ => !template.starts_with("咨询"),
    }
}

/// Lead unit and a template that suits the source (a bounded number of tries).
pub fn pick_topic(rng: &mut Rng, source: &str) -> (usize, &'static str) {
    let mut last = (0, "");
    for _ in 0..200 {
        let lead = pick_lead_unit(rng);
        let template = *pick(rng, templates(UNITS[lead].topic));
        last = (lead, template);
        if suits(source, template) {
            break;
        }
    }
    last
}

/// Co-units (协办) for a multi-unit case.
pub fn pick_co_units(rng: &mut Rng, lead: usize, place: usize) -> Vec<usize> {
    let mut units = vec![];
    if UNITS[lead].group != Group::Town && place != lead {
        units.push(place);
    }
    let extra = if units.is_empty() {
        1
    } else {
        usize::from(rng.u32(..5) == 0)
    };
    for _ in 0..extra {
        for _ in 0..20 {
            let u = pick_lead_unit(rng);
            if u != lead && !units.contains(&u) && UNITS[u].group != Group::Town {
                units.push(u);
                break;
            }
        }
    }
    units
}

/// Draw one case assigned at `at` (the id is set by the caller).
pub fn make_case(rng: &mut Rng, cal: &Calendar, at: NaiveDateTime) -> Case {
    let on_duty = !cal.is_workday(at.date());
    let source = if on_duty {
        if rng.bool() {
            "12345热线"
        } else {
            "群众投诉"
        }
    } else {
        pick_weighted(rng, SOURCES)
    };
    let (lead, template) = pick_topic(rng, source);
    let (text, place) = fill_template(rng, template, lead);
    let content = format!("{}{}", pick(rng, source_prefixes(source)), text);

    let mut units = vec![lead];
    if source != MEDIA && rng.u32(..100) < 18 {
        units.extend(pick_co_units(rng, lead, place));
    }
    let layout = match rng.u32(..10) {
        0..=4 => Layout::Listed,
        5..=7 => Layout::CoColumn,
        _ => Layout::Prefixed {
            lead_last: rng.u32(..3) == 0,
        },
    };
    let mut urgency = pick_urgency(rng, source);
    if on_duty && urgency.is_empty() {
        urgency = "紧急";
    }
    let explicit_due = match source {
        "上级批示件" | "查办件" if rng.u32(..100) < 30 => {
            Some(dt(cal.nth_workday_after(at.date(), 3), 17, 0))
        }
        _ if rng.u32(..100) < 2 => Some(dt(cal.nth_workday_after(at.date(), 2), 17, 30)),
        _ => None,
    };
    let (contact, phone) = match source {
        "群众投诉" | "12345热线" | "咨询" => {
            let phone = if rng.u32(..10) == 0 {
                landline(rng)
            } else {
                mobile(rng)
            };
            (person_name(rng), phone)
        }
        "企业投诉" => {
            let phone = if rng.bool() {
                landline(rng)
            } else {
                mobile(rng)
            };
            (person_name(rng), phone)
        }
        _ => (String::new(), String::new()),
    };
    let at = if source == "12345热线" {
        at + Duration::seconds(rng.i64(1..60))
    } else {
        at
    };
    Case {
        id: String::new(),
        source,
        content,
        at,
        units,
        layout,
        urgency,
        explicit_due,
        contact,
        phone,
    }
}

/// Random minute-resolution instant in [lo, hi].
pub fn instant_between(rng: &mut Rng, lo: NaiveDateTime, hi: NaiveDateTime) -> NaiveDateTime {
    let lo_min = (lo + Duration::seconds(59)).and_utc().timestamp() / 60;
    let hi_min = hi.and_utc().timestamp() / 60;
    if hi_min <= lo_min {
        return lo;
    }
    let m = rng.i64(lo_min..=hi_min);
    chrono::DateTime::from_timestamp(m * 60, 0)
        .unwrap()
        .naive_utc()
}

/// Office-hours instant on day `d`.
pub fn office_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    instant_between(rng, dt(d, 8, 30), dt(d, 18, 0))
}

/// A reply time at or before `due` (and after `t`): mostly office hours on a
/// working day; now and then someone on duty over a weekend or holiday.
pub fn on_time_reply(
    rng: &mut Rng,
    cal: &Calendar,
    t: NaiveDateTime,
    due: NaiveDateTime,
) -> NaiveDateTime {
    if due - t <= Duration::hours(3) {
        let span = (due - t).num_minutes().max(20);
        return t + Duration::minutes(rng.i64(15..span.max(16)));
    }
    let mut days = vec![];
    let mut d = t.date();
    while d <= due.date() {
        days.push((d, if cal.is_workday(d) { 20 } else { 1 }));
        d = d.succ_opt().unwrap();
    }
    let day = pick_weighted(rng, &days);
    let lo = if day == t.date() {
        t + Duration::minutes(20)
    } else {
        dt(day, 8, 0)
    };
    let hi = if day == due.date() {
        due
    } else {
        end_of_day(day) - Duration::minutes(1)
    };
    if lo >= hi {
        return t + (due - t) / 2;
    }
    let (plo, phi) = (lo.max(dt(day, 8, 30)), hi.min(dt(day, 18, 30)));
    if plo < phi && rng.u32(..10) < 9 {
        instant_between(rng, plo, phi)
    } else {
        instant_between(rng, lo, hi)
    }
}

/// A reply time after `due`: a few hours late for a 2-hour item, otherwise
/// 1–5 working days late.
pub fn late_reply(rng: &mut Rng, cal: &Calendar, due: NaiveDateTime) -> NaiveDateTime {
    if due.time() != NaiveTime::from_hms_opt(23, 59, 59).unwrap() && rng.bool() {
        return due + Duration::minutes(rng.i64(20..=300));
    }
    let k = pick_weighted(rng, &[(1, 40), (2, 25), (3, 15), (4, 12), (5, 8)]);
    office_time(rng, cal.nth_workday_after(due.date(), k))
}

pub fn reply_text(rng: &mut Rng, status: &str) -> String {
    let list = if status == DONE {
        REPLY_DONE
    } else {
        REPLY_PROGRESS
    };
    pick(rng, list).replace("{n}", &rng.u32(2..=5).to_string())
}

/// The replies of one unit on one case, until `cutoff` (the data export time).
pub fn unit_replies(
    rng: &mut Rng,
    cal: &Calendar,
    case_idx: usize,
    case: &Case,
    unit: usize,
    cutoff: NaiveDateTime,
) -> Vec<Reply> {
    let due = deadline(cal, case);
    let (p_on, p_late) = UNITS[unit].behaviour.odds();
    let x = rng.f64();
    let first = if x < p_on {
        on_time_reply(rng, cal, case.at, due)
    } else if x < p_on + p_late {
        late_reply(rng, cal, due)
    } else {
        return vec![];
    };
    let mut out = vec![];
    let status = if rng.u32(..10) < 3 { IN_PROGRESS } else { DONE };
    let content = reply_text(rng, status);
    out.push(Reply {
        case: case_idx,
        unit,
        at: first,
        status,
        content,
        flaw: None,
    });
    if status == IN_PROGRESS && rng.u32(..10) < 6 {
        let day = cal.nth_workday_after(first.date(), rng.u32(1..=6));
        let content = reply_text(rng, DONE);
        out.push(Reply {
            case: case_idx,
            unit,
            at: office_time(rng, day),
            status: DONE,
            content,
            flaw: None,
        });
    }
    out.retain(|r| r.at <= cutoff);
    out
}

pub fn make_replies(
    rng: &mut Rng,
    cal: &Calendar,
    cases: &[Case],
    cutoff: NaiveDateTime,
) -> Vec<Reply> {
    let mut replies = vec![];
    for (i, case) in cases.iter().enumerate() {
        for &u in &case.units {
            replies.extend(unit_replies(rng, cal, i, case, u, cutoff));
        }
    }
    replies.sort_by_key(|r| (r.at, r.case, r.unit));
    replies
}

/// Turn a per-day plan into cases with ids `LT<year>-<seq>` in time order.
pub fn make_cases(
    rng: &mut Rng,
    cal: &Calendar,
    plan: &[(NaiveDate, usize)],
    width: usize,
) -> Vec<Case> {
    let mut cases = vec![];
    let mut seq: BTreeMap<i32, usize> = BTreeMap::new();
    for &(day, n) in plan {
        let (lo, hi) = if cal.is_workday(day) {
            (dt(day, 8, 30), dt(day, 17, 30))
        } else {
            (dt(day, 9, 0), dt(day, 16, 30))
        };
        let mut times: Vec<NaiveDateTime> = (0..n).map(|_| instant_between(rng, lo, hi)).collect();
        times.sort();
        let mut day_cases: Vec<Case> = times.into_iter().map(|t| make_case(rng, cal, t)).collect();
        day_cases.sort_by_key(|c| c.at);
        for mut c in day_cases {
            let s = seq.entry(c.at.year()).or_insert(0);
            *s += 1;
            c.id = format!("LT{}-{:0width$}", c.at.year(), s, width = width);
            cases.push(c);
        }
    }
    cases
}

/// `LT2017-0045` → `LT2016-0045`: last year's number typed by habit.
pub fn year_typo(id: &str) -> String {
    let year: i32 = id[2..6].parse().expect("LT<year>-<seq>");
    format!("LT{}{}", year - 1, &id[6..])
}
