//! The 数据说明 sheet: how the report was made, for whoever has to check it —
//! the period and as-of, the rules files and which file each hook came from,
//! every input file and sheet with its SHA-256 and row reconciliation, the
//! calendar's years, hash and warnings, and the program version.

use super::super::formats::Formats;
use super::super::layout::page_setup;
use super::super::table::{wrapped, Cell, Column, Table};
use crate::model::{FileReport, SheetKind, SheetReport, Tally};
use crate::report::model::ReportModel;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub(crate) const NAME: &str = "数据说明";

const COLUMNS: [Column; 3] = [
    wrapped("项目", 16.0),
    wrapped("内容", 50.0),
    wrapped("说明", 96.0),
];

/// One line of the sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A section heading across the three columns.
    Section(&'static str),
    /// 项目, 内容, 说明.
    Item(String, String, String),
}

fn item(key: &str, value: impl Into<String>, note: impl Into<String>) -> Line {
    Line::Item(key.to_owned(), value.into(), note.into())
}

/// `读取 10 = 使用 7 + 重复 1 + 跳过 1（空行 1，表尾 0） + 异常 1`, flagged when it
/// does not balance.
pub(crate) fn reconciliation(t: &Tally) -> String {
    let mut s = format!(
        "读取 {} = 使用 {} + 重复 {} + 跳过 {}（空行 {}，表尾 {}） + 异常 {}",
        t.read,
        t.used,
        t.duplicates,
        t.skipped(),
        t.blank,
        t.footer,
        t.anomalies
    );
    if !t.balanced() {
        s.push_str("（不平衡，请核查）");
    }
    s
}

fn hook_purpose(hook: &str) -> &'static str {
    match hook {
        "deadline" => "应反馈时间",
        "escalation" => "督办措施",
        "score" => "得分",
        "rating" => "评价",
        _ => "",
    }
}

fn sheet_note(sheet: &SheetReport) -> String {
    let mut parts = vec![sheet.kind.label().to_owned()];
    if sheet.header_row > 0 {
        parts.push(format!("表头在第 {} 行", sheet.header_row));
    }
    if !matches!(sheet.kind, SheetKind::Skipped | SheetKind::OwnReport) || sheet.tally.read > 0 {
        parts.push(reconciliation(&sheet.tally));
    }
    parts.join("；")
}

fn file_lines(file: &FileReport, out: &mut Vec<Line>) {
    let own_report =
        !file.sheets.is_empty() && file.sheets.iter().all(|s| s.kind == SheetKind::OwnReport);
    if own_report {
        // No hash: written into the input folder, a report would otherwise
        // change the next one, and that one the next, without end.
        out.push(item(
            "输入文件",
            file.path.as_ref(),
            "本程序生成的通报，未读取",
        ));
        return;
    }
    out.push(item(
        "输入文件",
        file.path.as_ref(),
        format!("SHA-256 {}；{} 字节", file.sha256, file.size),
    ));
    if let Some(error) = &file.error {
        out.push(item(
            "读取失败",
            error.as_str(),
            "该文件未使用，其余文件照常处理",
        ));
    }
    for sheet in &file.sheets {
        out.push(item("工作表", sheet.name.as_str(), sheet_note(sheet)));
    }
}

/// The lines of 数据说明, in order.
pub(crate) fn lines(model: &ReportModel) -> Vec<Line> {
    let notes = &model.notes;
    let period = &model.period;
    let mut out = vec![
        Line::Section("统计口径"),
        item("机构", model.org.as_str(), ""),
        item(
            "统计期",
            period.words(),
            format!("{} 至 {}", period.start, period.end),
        ),
        item(
            "截止时间",
            model.as_of.format("%Y-%m-%d %H:%M:%S").to_string(),
            "在此时刻之后的反馈不计入本期",
        ),
    ];
    if model.provisional {
        out.push(item(
            "临时口径",
            "部分年份缺少法定节假日安排，已按周一至周五为工作日计算",
            "结果仅供参考；补充该年度日历后请重新生成",
        ));
    }
    let ranked = model.ranking.iter().filter(|r| r.rank.is_some()).count();
    out.push(Line::Section("汇总"));
    out.push(item(
        "通报单位",
        format!("{} 个", model.ranking.len()),
        format!("其中参与排名 {ranked} 个"),
    ));
    out.push(item(
        "逾期清单",
        format!("{} 条", model.overdue.len()),
        "截止时间仍超期未反馈的承办任务",
    ));
    out.push(item(
        "明细",
        format!("{} 条", model.details.len()),
        "应反馈时间在统计期内的承办任务",
    ));
    out.push(item(
        "异常数据",
        format!("{} 条", model.anomalies.len()),
        "",
    ));

    out.push(Line::Section("规则"));
    for rule in &notes.rules {
        out.push(item(
            "规则文件",
            rule.name.as_str(),
            format!("SHA-256 {}", rule.sha256),
        ));
    }
    for (hook, file) in &notes.hooks {
        let purpose = hook_purpose(hook);
        let name = if purpose.is_empty() {
            hook.clone()
        } else {
            format!("{hook}（{purpose}）")
        };
        out.push(item("规则函数", name, format!("来自 {file}")));
    }

    out.push(Line::Section("输入文件"));
    if notes.inputs.is_empty() {
        out.push(item("输入文件", "（无）", ""));
    }
    for file in &notes.inputs {
        file_lines(file, &mut out);
    }

    out.push(Line::Section("工作日历"));
    for (year, source) in &notes.calendar_years {
        out.push(item("日历年份", year.to_string(), source.as_str()));
    }
    out.push(item(
        "日历哈希",
        "合并后的工作日历",
        format!("SHA-256 {}", notes.calendar_hash),
    ));
    for warning in &notes.calendar_warnings {
        out.push(item("日历提示", warning.as_str(), ""));
    }

    out.push(Line::Section("程序"));
    out.push(item(
        "程序版本",
        format!("mashang {}", notes.version),
        "马上就办通报生成工具",
    ));
    out
}

/// Writes the 数据说明 sheet.
pub(crate) fn write(ws: &mut Worksheet, f: &Formats, model: &ReportModel) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let mut table = Table::start(ws, f, &COLUMNS, 0, false)?;
    for line in lines(model) {
        match &line {
            Line::Section(title) => table.section(title)?,
            Line::Item(key, value, note) => {
                table.row(&[Cell::Label(key), Cell::Text(value), Cell::Text(note)])?
            }
        }
    }
    table.finish()?;
    page_setup(ws, (0, 0), 1)
}
