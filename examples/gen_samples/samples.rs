//! Samples mode: the committed `samples/` folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use fastrand::Rng;

use super::calendar::{date, dt, iso_label, Calendar};
use super::cases::{
    make_cases, make_replies, unit_index, year_typo, Case, Layout, Reply, ReplyFlaw,
};
use super::data::{templates, Group, Topic, CLERKS, DONE, IN_PROGRESS, MEDIA, UNITS};
use super::intake::{
    intake_styles, intake_tables, Export, IntakeFlaw, IntakeStyle, KeyRow, Reason, INTAKE_WIDTHS,
};
use super::ledger::{sheet_summary, FileSummary, Ledger, SheetSummary};
use super::readme::readme;
use super::render::{
    save_csv_gbk, save_workbook, text_chinese_hm, text_slash, Cell, DateStyle, Res, Table,
};
use super::replies::{reply_row, reply_tables, units_table, ReplyStyle};

pub const SAMPLE_SEED: u64 = 2017_0103;
pub const SAMPLE_FIRST_DAY: &str = "2017-01-03";
pub const SAMPLE_LAST_DAY: &str = "2017-02-10";

/// Data export time: the last reply logged.
pub fn sample_cutoff() -> NaiveDateTime {
    dt(date("2017-02-13"), 18, 0)
}

/// 8–20 cases per working day, 1–2 per Spring Festival holiday day (duty
/// hotline), none on ordinary weekends.
pub fn sample_plan(rng: &mut Rng, cal: &Calendar) -> Vec<(NaiveDate, usize)> {
    let mut plan = vec![];
    let mut d = date(SAMPLE_FIRST_DAY);
    while d <= date(SAMPLE_LAST_DAY) {
        let n = if cal.is_workday(d) {
            rng.usize(8..=20)
        } else if cal.is_holiday(d) {
            rng.usize(1..=2)
        } else {
            0
        };
        plan.push((d, n));
        d = d.succ_opt().unwrap();
    }
    plan
}

/// Index of the first case matching `pred` that is not yet used by another
/// scenario; the case is then marked as used.
pub fn take_case(
    cases: &[Case],
    touched: &mut BTreeSet<usize>,
    pred: impl Fn(&Case) -> bool,
) -> usize {
    let i = (0..cases.len())
        .find(|&i| !touched.contains(&i) && pred(&cases[i]))
        .expect("the sample data holds a case for every scenario");
    touched.insert(i);
    i
}

pub fn plain(c: &Case) -> bool {
    c.source != MEDIA && c.units.len() == 1 && UNITS[c.units[0]].group != Group::Unlisted
}

pub fn on_day(c: &Case, d: &str) -> bool {
    c.at.date() == date(d)
}

/// Deliberate intake anomalies: edits to the canonical cases, and per-file
/// row flaws keyed by (export index, case index).
pub fn intake_scenarios(
    cases: &mut [Case],
    touched: &mut BTreeSet<usize>,
) -> BTreeMap<(usize, usize), IntakeFlaw> {
    let mut flaws = BTreeMap::new();
    // W02 export (holds W01 only there): 办理时限 typed with last year's date.
    let i = take_case(cases, touched, |c| {
        plain(c) && on_day(c, "2017-01-05") && c.explicit_due.is_none()
    });
    cases[i].explicit_due = Some(dt(date("2016-01-06"), 17, 0));
    // W03 export: the 事项编号 cell left empty (the W04 export has it).
    let i = take_case(cases, touched, |c| plain(c) && on_day(c, "2017-01-18"));
    flaws.insert((1, i), IntakeFlaw::BlankId);
    // W03 names 县农林局, W04 (after reassignment) 县水务局: a conflicting duplicate.
    let i = take_case(cases, touched, |c| {
        plain(c) && on_day(c, "2017-01-17") && c.explicit_due.is_none()
    });
    cases[i].content = "蓝桥镇河口村灌溉渠道垮塌，影响春灌".to_string();
    cases[i].units = vec![unit_index("县水务局")];
    flaws.insert((1, i), IntakeFlaw::UnitText("县农林局".to_string()));
    // W06 export: a holiday-duty case of 2月1日 typed as 1月32日 (W05 has it right).
    let i = take_case(cases, touched, |c| {
        c.source != MEDIA && on_day(c, "2017-02-01")
    });
    let t = cases[i].at;
    flaws.insert(
        (4, i),
        IntakeFlaw::TimeText(format!("2017年1月32日{}时{}分", t.hour(), t.minute())),
    );
    // W06 export: a case for 县旅游局, which is missing from 单位名单.xlsx.
    let i = take_case(cases, touched, |c| {
        plain(c) && on_day(c, "2017-02-09") && c.explicit_due.is_none()
    });
    let c = &mut cases[i];
    c.source = "群众投诉";
    c.content = templates(Topic::Tourism)[0].to_string();
    c.units = vec![unit_index("县旅游局"), unit_index("汤峪镇")];
    c.layout = Layout::Listed;
    flaws
}

/// Which reply file a reply goes to (by its real time).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum ReplyFile {
    January,
    SpringFestival,
    February,
}

pub fn reply_file(r: &Reply) -> ReplyFile {
    if r.at < dt(date("2017-01-26"), 0, 0) {
        ReplyFile::January
    } else if r.at < dt(date("2017-02-04"), 0, 0) {
        ReplyFile::SpringFestival
    } else {
        ReplyFile::February
    }
}

/// Deliberate reply anomalies (rendering flaws and one extra reply).
pub fn reply_scenarios(cases: &[Case], replies: &mut Vec<Reply>, touched: &mut BTreeSet<usize>) {
    let mut take = |replies: &[Reply], pred: &dyn Fn(&Reply) -> bool| -> usize {
        let j = (0..replies.len())
            .find(|&j| {
                let r = &replies[j];
                !touched.contains(&r.case)
                    && cases[r.case].source != MEDIA
                    && r.flaw.is_none()
                    && pred(r)
            })
            .expect("the sample data holds a reply for every scenario");
        touched.insert(replies[j].case);
        j
    };
    // January log: 事项编号 typed with last year (LT2016-…).
    let j = take(replies, &|r| {
        reply_file(r) == ReplyFile::January && r.at.date() >= date("2017-01-04")
    });
    let wrong = year_typo(&cases[replies[j].case].id);
    replies[j].flaw = Some(ReplyFlaw::WrongId(wrong));
    // January log: 蓝关街道 answers a case that is not theirs.
    let languan = unit_index("蓝关街道");
    let chengguan = unit_index("县城管执法局");
    let j = take(replies, &|r| {
        reply_file(r) == ReplyFile::January
            && r.unit == chengguan
            && cases[r.case].units.len() == 1
            && r.at - Duration::minutes(35) > cases[r.case].at
    });
    let base = replies[j].clone();
    let extra = Reply {
        case: base.case,
        unit: languan,
        at: base.at - Duration::minutes(35),
        status: DONE,
        content: "经核实，该事项不属我街道职责，已转县城管执法局办理。".to_string(),
        flaw: Some(ReplyFlaw::Unassigned),
    };
    assert!(extra.at > cases[base.case].at);
    replies.push(extra);
    // Spring Festival CSV: the date typed one day early, before 交办时间.
    let j = take(replies, &|r| {
        reply_file(r) == ReplyFile::SpringFestival
            && r.at - Duration::days(1) < cases[r.case].at
            && r.at.date() < date("2017-01-28")
    });
    let t = replies[j].at - Duration::days(1);
    replies[j].flaw = Some(ReplyFlaw::TimeText(
        text_slash(t),
        Reason::ReplyBeforeIntake,
    ));
    // Spring Festival CSV: 2017/2/3 typed as 2017/2/30.
    let j = take(replies, &|r| {
        reply_file(r) == ReplyFile::SpringFestival && r.at.date() == date("2017-02-03")
    });
    let t = replies[j].at;
    replies[j].flaw = Some(ReplyFlaw::TimeText(
        format!("2017/2/30 {}:{:02}", t.hour(), t.minute()),
        Reason::BadReplyTime,
    ));
    // February log: an in-progress reply without 反馈时间.
    let j = take(replies, &|r| {
        reply_file(r) == ReplyFile::February && r.status == IN_PROGRESS
    });
    replies[j].flaw = Some(ReplyFlaw::TimeBlank);
    replies.sort_by_key(|r| (r.at, r.case, r.unit));
}

/// Everything written in samples mode, for the README and the report.
pub struct SampleRun {
    pub files: Vec<FileSummary>,
    pub key: Vec<KeyRow>,
    pub cases: usize,
    pub assignments: usize,
    pub replies: usize,
    pub media: usize,
    pub multi_unit: usize,
}

pub fn run_samples(out: &Path, convert_xls: bool) -> Res<SampleRun> {
    std::fs::create_dir_all(out)?;
    let cal = Calendar::new();
    let mut rng = Rng::with_seed(SAMPLE_SEED);
    let plan = sample_plan(&mut rng, &cal);
    let mut cases = make_cases(&mut rng, &cal, &plan, 4);
    let mut touched = BTreeSet::new();
    let flaws = intake_scenarios(&mut cases, &mut touched);
    let mut replies = make_replies(&mut rng, &cal, &cases, sample_cutoff());
    reply_scenarios(&cases, &mut replies, &mut touched);

    let mut ledger = Ledger::default();
    let mut files = vec![];

    // Weekly intake exports W02..W06, each holding its week and the previous one.
    let styles = intake_styles();
    for (k, style) in styles.iter().enumerate() {
        let this_week = date("2017-01-09") + Duration::weeks(k as i64);
        let export = Export::new(this_week, CLERKS[k]);
        let idxs: Vec<usize> = (0..cases.len())
            .filter(|&i| (export.from..=export.to).contains(&cases[i].at.date()))
            .collect();
        let file_flaws: BTreeMap<usize, IntakeFlaw> = flaws
            .iter()
            .filter(|((f, _), _)| *f == k)
            .map(|((_, c), fl)| (*c, fl.clone()))
            .collect();
        let name = format!("交办登记_{}.xlsx", iso_label(this_week));
        let tables = intake_tables(&mut rng, &cases, &idxs, &export, style, &file_flaws);
        let placed = save_workbook(&out.join(&name), "交办事项登记表", &tables)?;
        let mut sheets = vec![];
        for (t, p) in tables.iter().zip(&placed) {
            if t.sheet == "填表说明" {
                sheets.push(sheet_summary(t, p, "其他（跳过）"));
                continue;
            }
            let mut s = sheet_summary(t, p, "交办");
            for (&ci, &row) in idxs.iter().zip(&p.data_rows) {
                ledger.intake_row(&mut s, &name, row, &cases[ci], file_flaws.get(&ci));
            }
            sheets.push(s);
        }
        let (zh, en) = intake_file_notes(k, style);
        files.push(FileSummary {
            file: name,
            zh,
            en,
            sheets,
        });
    }

    // Units workbook.
    let t = units_table();
    let p = save_workbook(
        &out.join("单位名单.xlsx"),
        "单位名单",
        std::slice::from_ref(&t),
    )?;
    files.push(FileSummary {
        file: "单位名单.xlsx".into(),
        zh: "单位名单：19个镇街、20个县直部门、4家公共服务企业，别名以“、”分隔（不含县旅游局）".into(),
        en: "units: 19 towns/streets, 20 county departments, 4 utilities; 别名 separated by 、 (县旅游局 deliberately absent)".into(),
        sheets: vec![sheet_summary(&t, &p[0], "单位")],
    });
    files.extend(write_sample_replies(
        &mut rng,
        out,
        &cases,
        &replies,
        &mut ledger,
        convert_xls,
    )?);
    files.push(write_media_ledger(out, &cases, &replies, &mut ledger)?);

    let run = SampleRun {
        files,
        key: ledger.key,
        cases: cases.len(),
        assignments: cases.iter().map(|c| c.units.len()).sum(),
        replies: replies.len(),
        media: cases.iter().filter(|c| c.source == MEDIA).count(),
        multi_unit: cases.iter().filter(|c| c.units.len() > 1).count(),
    };
    std::fs::write(out.join("README.md"), readme(&run, &cases, &replies))?;
    Ok(run)
}

pub fn intake_file_notes(k: usize, style: &IntakeStyle) -> (String, String) {
    let (zh, en) = match k {
        0 => ("标准表头；交办时间为Excel日期单元格；另有“填表说明”工作表（非数据）", "canonical headers; Excel date cells; plus a 填表说明 sheet (not data, skipped)"),
        1 => ("别名表头（交办单号、派单时间、责任单位、缓急程度…），首列序号，标题下空一行；文本日期 2017-01-12 09:30；部分单位写简称", "alias headers (交办单号, 派单时间, 责任单位, 缓急程度…), a leading 序号 column, a blank row above the header; text dates `2017-01-12 09:30`; some units by alias"),
        2 => ("表头带修饰（事项编号*、交办时间（必填）、全角空格）；文本日期 2017/1/12 9:30；两周之间有一空行；较多单位写简称", "decorated headers (事项编号*, 交办时间（必填）, full-width spaces); text dates `2017/1/12 9:30`; a blank row between the two weeks; many units by alias"),
        3 => ("繁体表头（事項編號、交辦時間、承辦單位…）及繁体标题、页脚（合計、製表）；Excel日期单元格；手机号为数字单元格", "Traditional headers (事項編號, 交辦時間, 承辦單位…), Traditional title and footers (合計, 製表); Excel date cells; mobile numbers stored as numbers"),
        _ => ("别名表头（工单编号、转办时间、办理单位、办理类型、截止时间…）；中文及其他文本日期混用（2017年1月12日9时30分、20170112 0930…）；多单位以“，”分隔", "alias headers (工单编号, 转办时间, 办理单位, 办理类型, 截止时间…); mixed text date forms (`2017年1月12日9时30分`, `20170112 0930`…); units separated by ，"),
    };
    let _ = style;
    (
        format!("周交办导出（含本周及上周）。{zh}"),
        format!("weekly intake export (this week and the previous one). {en}"),
    )
}

/// Reply logs: January xlsx, Spring Festival GBK CSV, February xls.
pub fn write_sample_replies(
    rng: &mut Rng,
    out: &Path,
    cases: &[Case],
    replies: &[Reply],
    ledger: &mut Ledger,
    convert_xls: bool,
) -> Res<Vec<FileSummary>> {
    let by_file =
        |f: ReplyFile| -> Vec<&Reply> { replies.iter().filter(|r| reply_file(r) == f).collect() };
    let mut files = vec![];

    // January (xlsx, Excel date cells, title and footer).
    let jan = ReplyStyle {
        sheet: "反馈登记",
        title: Some("蓝田县马上就办事项反馈登记表（2017年1月）".into()),
        headers: ["事项编号", "反馈单位", "反馈时间", "办理状态", "反馈内容"],
        dates: DateStyle::Cell("yyyy-mm-dd hh:mm"),
        alias_rate: 0.15,
        footer: true,
    };
    let rs = by_file(ReplyFile::January);
    let tables = reply_tables(rng, cases, &rs, &jan);
    let name = "反馈登记_2017-01.xlsx";
    let placed = save_workbook(&out.join(name), "反馈登记表", &tables)?;
    let mut s = sheet_summary(&tables[0], &placed[0], "反馈");
    for (r, &row) in rs.iter().zip(&placed[0].data_rows) {
        ledger.reply_row(&mut s, name, row, cases, r);
    }
    files.push(FileSummary {
        file: name.into(),
        zh: "1月反馈登记（至1月25日）：Excel日期单元格，有标题行和合计行；部分单位写简称".into(),
        en: "January reply log (to 2017-01-25): Excel date cells, title and 合计 footer; some units by alias"
            .into(),
        sheets: vec![s],
    });

    // February: written as xlsx to a scratch folder; the committed .xls is its
    // LibreOffice conversion. Lexicographically it sorts before 反馈登记_春节.csv.
    let feb = ReplyStyle {
        sheet: "Sheet1",
        title: None,
        headers: ["交办编号", "回复单位", "回复时间", "办理结果", "办理情况"],
        dates: DateStyle::Cell("yyyy/m/d h:mm"),
        alias_rate: 0.1,
        footer: false,
    };
    let rs_feb = by_file(ReplyFile::February);
    let feb_tables = reply_tables(rng, cases, &rs_feb, &feb);

    // Spring Festival (GBK CSV, mixed text dates).
    let csv_style = ReplyStyle {
        sheet: "反馈登记_春节",
        title: None,
        headers: ["事项编号", "承办单位", "答复时间", "状态", "回复内容"],
        dates: DateStyle::Mixed,
        alias_rate: 0.15,
        footer: false,
    };
    let rs_csv = by_file(ReplyFile::SpringFestival);
    let mut csv_table = Table::new("反馈登记_春节", &csv_style.headers);
    for r in &rs_csv {
        let mut row = reply_row(rng, cases, r, &csv_style);
        if r.flaw.is_none() {
            // Duty officers type either `2017/1/26 16:30` or `2017年1月26日9时30分`.
            row[2] = Cell::Text(if rng.bool() {
                text_slash(r.at)
            } else {
                text_chinese_hm(r.at)
            });
        }
        csv_table.rows.push(row);
    }

    let src_dir = std::env::temp_dir().join("mashang_xls_source");
    std::fs::create_dir_all(&src_dir)?;
    let feb_xlsx = src_dir.join("反馈登记_2017-02.xlsx");
    let feb_placed = save_workbook(&feb_xlsx, "反馈登记", &feb_tables)?;
    let name = "反馈登记_2017-02.xls";
    if convert_xls {
        convert_to_xls(&feb_xlsx, out)?;
    }
    let mut s = sheet_summary(&feb_tables[0], &feb_placed[0], "反馈");
    for (r, &row) in rs_feb.iter().zip(&feb_placed[0].data_rows) {
        ledger.reply_row(&mut s, name, row, cases, r);
    }
    files.push(FileSummary {
        file: name.into(),
        zh: "2月反馈登记（2月4日起）：Excel 97-2003 .xls（由LibreOffice自xlsx转换），别名表头（交办编号、回复单位、回复时间、办理结果、办理情况），无标题行".into(),
        en: "February reply log (from 2017-02-04): Excel 97-2003 .xls (converted from xlsx by LibreOffice), alias headers (交办编号, 回复单位, 回复时间, 办理结果, 办理情况), no title row".into(),
        sheets: vec![s],
    });

    let name = "反馈登记_春节.csv";
    let p = save_csv_gbk(&out.join(name), &csv_table)?;
    let mut s = sheet_summary(&csv_table, &p, "反馈");
    for (r, &row) in rs_csv.iter().zip(&p.data_rows) {
        ledger.reply_row(&mut s, name, row, cases, r);
    }
    files.push(FileSummary {
        file: name.into(),
        zh: "春节值班反馈（1月26日—2月3日）：GBK编码CSV，CRLF换行；表头用承办单位、答复时间、状态；文本日期 2017/1/26 16:30 与 2017年1月26日9时30分".into(),
        en: "Spring Festival duty replies (2017-01-26 … 2017-02-03): GBK CSV, CRLF; headers 承办单位 (= 反馈单位 in a reply sheet), 答复时间, 状态; text dates `2017/1/26 16:30` and `2017年1月26日9时30分`".into(),
        sheets: vec![s],
    });
    Ok(files)
}

/// Run LibreOffice to turn the xlsx source into the committed `.xls`.
pub fn convert_to_xls(src: &Path, out: &Path) -> Res<()> {
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "xls", "--outdir"])
        .arg(out)
        .arg(src)
        .status()?;
    if !status.success() {
        return Err(format!("soffice failed: {status}").into());
    }
    Ok(())
}

/// `媒体曝光事项台账.xlsx`: one row per media case with its latest reply;
/// 承办单位 cells merged over runs of the same unit.
pub fn write_media_ledger(
    out: &Path,
    cases: &[Case],
    replies: &[Reply],
    ledger: &mut Ledger,
) -> Res<FileSummary> {
    let mut idxs: Vec<usize> = (0..cases.len())
        .filter(|&i| cases[i].source == MEDIA)
        .collect();
    idxs.sort_by_key(|&i| (cases[i].units[0], cases[i].at));
    let mut t = Table::new(
        "台账",
        &[
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
            "反馈时间",
            "办理状态",
            "反馈内容",
        ],
    );
    t.title = Some("蓝田县媒体曝光问题办理台账（2017年）".into());
    t.widths = [&INTAKE_WIDTHS[..], &[18.0, 10.0, 44.0]].concat();
    t.merge_col = Some(4);
    let nf = "yyyy-mm-dd hh:mm";
    let mut latest: Vec<Option<&Reply>> = vec![];
    for &i in &idxs {
        let c = &cases[i];
        let last = replies
            .iter()
            .filter(|r| r.case == i && r.flaw.is_none())
            .max_by_key(|r| r.at);
        latest.push(last);
        let (at, status, content) = match last {
            Some(r) => (
                Cell::Date(r.at, nf),
                Cell::text(r.status),
                Cell::text(&r.content),
            ),
            None => (Cell::Empty, Cell::Empty, Cell::Empty),
        };
        t.rows.push(vec![
            Cell::text(&c.id),
            Cell::text(c.source),
            Cell::text(&c.content),
            Cell::Date(c.at, nf),
            Cell::text(UNITS[c.units[0]].name),
            Cell::Empty,
            Cell::text(c.urgency),
            c.explicit_due.map_or(Cell::Empty, |d| Cell::Date(d, nf)),
            Cell::text(&c.contact),
            Cell::text(&c.phone),
            at,
            status,
            content,
        ]);
    }
    let name = "媒体曝光事项台账.xlsx";
    let placed = save_workbook(
        &out.join(name),
        "媒体曝光问题办理台账",
        std::slice::from_ref(&t),
    )?;
    let mut s = sheet_summary(&t, &placed[0], "合并（交办+反馈）");
    for ((&ci, &row), last) in idxs.iter().zip(&placed[0].data_rows).zip(&latest) {
        // One row: an intake record and, if replied, a reply record; both repeat
        // what earlier files said, so the row is a duplicate.
        let mut scratch = SheetSummary::default();
        ledger.intake_row(&mut scratch, name, row, &cases[ci], None);
        if let Some(r) = last {
            ledger.reply_row(&mut scratch, name, row, cases, r);
        }
        if scratch.anomalies > 0 {
            return Err("unexpected anomaly in the media ledger".into());
        }
        if scratch.used > 0 {
            s.used += 1
        } else {
            s.duplicates += 1
        }
    }
    Ok(FileSummary {
        file: name.into(),
        zh: "媒体曝光事项台账：交办与反馈合在一行（交办各列＋反馈时间、办理状态、反馈内容），按承办单位排序，承办单位单元格纵向合并；内容均与交办导出及反馈登记重复".into(),
        en: "media cases ledger, combined sheet (intake columns + 反馈时间, 办理状态, 反馈内容, latest reply), sorted by unit with vertically merged 承办单位 cells; every row repeats the intake exports and reply logs".into(),
        sheets: vec![s],
    })
}
