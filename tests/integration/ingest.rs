//! Ingest and normalisation (issue 2) on messy fixtures built in code: title
//! rows, merged cells, Traditional headers, every date form, footers, blanks,
//! overlapping exports, conflicts, a GBK CSV of replies, every anomaly kind and
//! the reconciliation identity.

use crate::common::*;
use chrono::NaiveDate;
use mashang::model::{AnomalyKind, Role, SheetKind, Tally};
use mashang::normalise::{normalise, Dataset};

/// Reads and normalises a work folder's inputs.
pub fn load(work: &Work) -> Dataset {
    let files = mashang::ingest::read_folder(&work.input(), None).unwrap();
    normalise(files)
}

fn tally(ds: &Dataset, file: &str, sheet: &str) -> Tally {
    let f = ds
        .files
        .iter()
        .find(|f| &*f.path == file)
        .unwrap_or_else(|| panic!("no file {file}"));
    f.sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
        .tally
        .clone()
}

fn kinds(ds: &Dataset, case: &str) -> Vec<AnomalyKind> {
    ds.anomalies
        .iter()
        .filter(|a| a.case_id.as_deref() == Some(case))
        .map(|a| a.kind)
        .collect()
}

/// 2017-01-17 11:00 as an Excel serial in an unformatted cell.
const SERIAL_0117_1100: f64 = 42752.0 + 11.0 / 24.0;

/// The messy county folder: a units workbook, two overlapping intake exports
/// (the second with Traditional headers), and a GBK CSV of replies.
pub fn messy_folder() -> Work {
    let w = Work::new();
    w.xlsx(
        "单位名单.xlsx",
        vec![SheetSpec::new(
            "单位",
            vec![
                row(&["单位名称", "分组", "别名"]),
                row(&["县住建局", "县直部门", "住建局、县住建"]),
                row(&["华胥镇", "镇街", ""]),
                row(&["县城管执法局", "县直部门", "城管局"]),
                row(&["县交通运输局", "县直部门", "交通局"]),
                row(&["蓝关街道", "镇街", "蓝关街办"]),
                row(&["县水务局", "县直部门", ""]),
                row(&["县公安局", "县直部门", "公安局"]),
            ],
        )],
    );
    let mut rows = vec![
        row(&["蓝田县马上就办办公室交办事项登记表（2017年1月16日—1月22日）"]),
        row(&[]),
        row(&[
            "序号",
            "事项编号*",
            "来源",
            "事项内容",
            "交办时间（必填）",
            "承办单位",
            "协办单位",
            "紧急程度",
            "办理时限",
            "联系人",
            "联系电话",
        ]),
    ];
    let mut r = |cells: Vec<V>| rows.push(cells);
    r(vec![
        s("1"),
        s("LT-001"),
        s("群众投诉"),
        s("路灯不亮"),
        V::T(dt("2017-01-16 09:30")),
        s("县住建局"),
        V::Blank,
        s("一般"),
        V::Blank,
        s("张三"),
        s("13812341234"),
    ]);
    r(row(&[
        "2",
        "LT-002",
        "媒体曝光",
        "垃圾堆放",
        "2017/1/16 10:00",
        "华胥镇、县城管执法局",
    ]));
    r(row(&[
        "3",
        "LT-003",
        "上级批示件",
        "道路破损",
        "2017年1月17日9时30分",
        "县交通运输局",
        "",
        "紧急",
    ]));
    r(row(&[
        "4",
        "LT-004",
        "群众投诉",
        "公交站牌",
        "20170117 1000",
    ]));
    r(vec![
        s("5"),
        s("LT-005"),
        s("咨询"),
        s("客运时刻"),
        V::N(SERIAL_0117_1100),
    ]);
    r(row(&[]));
    r(row(&[
        "6",
        "LT-006",
        "企业投诉",
        "停水",
        "2017-01-18",
        "主办:蓝关街道/协办:县水务局",
        "县公安局",
        "特急",
        "2017-01-18 12:00",
    ]));
    r(row(&[
        "7",
        "",
        "群众投诉",
        "无编号",
        "2017-01-18 09:00",
        "县住建局",
    ]));
    r(row(&[
        "8",
        "LT-008",
        "群众投诉",
        "日期错",
        "2017-13-45",
        "县住建局",
    ]));
    r(row(&[
        "9",
        "LT-009",
        "群众投诉",
        "无单位",
        "2017-01-18 09:00",
        "",
    ]));
    r(row(&[
        "10",
        "LT-010",
        "群众投诉",
        "时限早",
        "2017-01-19 10:00",
        "县住建局",
        "",
        "",
        "2017-01-18",
    ]));
    r(row(&["合计：10件"]));
    r(row(&["制表：王五", "", "审核：李四"]));
    w.xlsx(
        "交办登记_W03.xlsx",
        vec![SheetSpec::new("交办登记", rows)
            .merge(0, 0, 0, 10)
            .merge(5, 5, 7, 5)],
    );
    w.xlsx(
        "交办登记_W04.xlsx",
        vec![SheetSpec::new(
            "工作表1",
            vec![
                row(&[
                    "事項編號",
                    "來源",
                    "事項內容",
                    "交辦時間",
                    "承辦單位",
                    "緊急程度",
                ]),
                row(&[
                    "LT-001",
                    "群眾投訴",
                    "路燈不亮",
                    "2017-01-16 09:30:00",
                    "住建局",
                    "一般",
                ]),
                row(&[
                    "LT-002",
                    "媒體曝光",
                    "垃圾堆放",
                    "2017-01-16 11:00",
                    "华胥镇、城管局",
                    "",
                ]),
                row(&[
                    "LT-011",
                    "群眾投訴",
                    "噪音",
                    "2017-01-20 15:00",
                    "某某公司",
                    "",
                ]),
            ],
        )],
    );
    w.gbk_csv(
        "反馈/反馈登记.csv",
        "事项编号,反馈单位,反馈时间,办理状态,反馈内容\n\
         LT-001,住建局,2017/1/17 9:00,已办结,已修复\n\
         LT-001,住建局,2017/1/17 9:00,已办结,已修复\n\
         LT-001,县住建局,2017年1月18日10时,已办结,复查\n\
         LT-003,,2017-01-17 15:00,办理中,处理中\n\
         LT-002,,2017-01-17,已办结,x\n\
         LT-999,县住建局,2017-01-17 10:00,,\n\
         LT-006,县教育局,2017-01-18 11:00,,\n\
         LT-004,县交通运输局,2017-01-16 08:00,,\n\
         LT-008,县住建局,2017-01-18 10:00,,\n\
         ,县住建局,2017-01-18,,\n\
         LT-005,交通局,,已办结,\n\
         LT-006,蓝关街道,2017-01-18 11:30:05,已办结,\n\
         LT-006,县水务局,2017/1/18,已办结,\n",
    );
    w
}

#[test]
fn messy_folder_reconciles_exactly() {
    let ds = load(&messy_folder());
    let w03 = tally(&ds, "交办登记_W03.xlsx", "交办登记");
    // LT-002's row was superseded by the W04 export: counted as a duplicate.
    assert_eq!(
        w03,
        Tally {
            read: 13,
            used: 5,
            duplicates: 1,
            blank: 1,
            footer: 2,
            anomalies: 4
        }
    );
    let w04 = tally(&ds, "交办登记_W04.xlsx", "工作表1");
    assert_eq!(
        w04,
        Tally {
            read: 3,
            used: 0,
            duplicates: 1,
            blank: 0,
            footer: 0,
            anomalies: 2
        }
    );
    let csv = tally(&ds, "反馈/反馈登记.csv", "反馈登记");
    assert_eq!(
        csv,
        Tally {
            read: 13,
            used: 5,
            duplicates: 1,
            blank: 0,
            footer: 0,
            anomalies: 7
        }
    );
    let units = tally(&ds, "单位名单.xlsx", "单位");
    assert_eq!(units.used, 7);
    for f in &ds.files {
        for sh in &f.sheets {
            assert!(sh.tally.balanced(), "{} {} {:?}", f.path, sh.name, sh.tally);
        }
    }
    let kinds_of: Vec<_> = ds
        .files
        .iter()
        .flat_map(|f| f.sheets.iter().map(|s| s.kind))
        .collect();
    assert!(kinds_of.contains(&SheetKind::Units));
    assert!(kinds_of.contains(&SheetKind::Reply));
}

#[test]
fn cases_and_assignments_are_normalised() {
    let ds = load(&messy_folder());
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["LT-001", "LT-002", "LT-003", "LT-004", "LT-005", "LT-006", "LT-010", "LT-011"]
    );
    let case = |id: &str| ds.cases.iter().find(|c| c.id == id).unwrap();
    // Every date form, the unformatted serial and a date alone (00:00:00).
    assert_eq!(case("LT-001").assigned_at, dt("2017-01-16 09:30"));
    assert_eq!(case("LT-003").assigned_at, dt("2017-01-17 09:30"));
    assert_eq!(case("LT-004").assigned_at, dt("2017-01-17 10:00"));
    assert_eq!(case("LT-005").assigned_at, dt("2017-01-17 11:00"));
    assert_eq!(case("LT-006").assigned_at, dt("2017-01-18 00:00"));
    assert_eq!(case("LT-006").explicit_due, Some(dt("2017-01-18 12:00")));
    // The merged 承办单位 cell applies to all three rows it spans.
    for id in ["LT-003", "LT-004", "LT-005"] {
        assert_eq!(case(id).units.len(), 1, "{id}");
        assert_eq!(case(id).units[0].unit, "县交通运输局", "{id}");
    }
    // Roles from prefixes and the 协办单位 column; aliases mapped.
    let roles: Vec<_> = case("LT-006")
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("蓝关街道", Role::Lead),
            ("县水务局", Role::Assist),
            ("县公安局", Role::Assist)
        ]
    );
    let lt002: Vec<_> = case("LT-002")
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.role))
        .collect();
    assert_eq!(
        lt002,
        [("华胥镇", Role::Lead), ("县城管执法局", Role::Assist)]
    );
    // The later export wins the conflict on LT-002.
    assert_eq!(case("LT-002").assigned_at, dt("2017-01-16 11:00"));
    assert_eq!(kinds(&ds, "LT-002")[0], AnomalyKind::ConflictingDuplicate);
    // Explicit 办理时限 earlier than 交办时间: dropped, listed, case still used.
    assert_eq!(case("LT-010").explicit_due, None);
    assert_eq!(kinds(&ds, "LT-010"), [AnomalyKind::DueBeforeAssignment]);
    // A unit missing from the units sheet is judged in 未分组.
    assert_eq!(kinds(&ds, "LT-011"), [AnomalyKind::UnitNotListed]);
    let a = ds
        .assignments
        .iter()
        .find(|a| ds.cases[a.case_index].id == "LT-011")
        .unwrap();
    assert_eq!(a.group, "未分组");
    assert_eq!(ds.assignments.len(), 11);
    assert_eq!(ds.groups, ["县直部门", "镇街", "未分组"]);
}

#[test]
fn replies_are_matched_and_every_anomaly_listed() {
    let ds = load(&messy_folder());
    // A reply names the assignment it answers, and through it the case and
    // the unit (LT-006's second unit is its second assignment).
    let got: Vec<_> = ds
        .replies
        .iter()
        .map(|r| {
            let a = &ds.assignments[r.assignment];
            (
                ds.cases[a.case_index].id.as_str(),
                a.unit.as_str(),
                r.replied_at,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("LT-001", "县住建局", dt("2017-01-17 09:00")),
            ("LT-001", "县住建局", dt("2017-01-18 10:00")),
            ("LT-003", "县交通运输局", dt("2017-01-17 15:00")),
            ("LT-006", "蓝关街道", dt("2017-01-18 11:30:05")),
            ("LT-006", "县水务局", dt("2017-01-18 23:59:59")),
        ]
    );
    let csv_kinds: Vec<(u32, AnomalyKind)> = ds
        .anomalies
        .iter()
        .filter(|a| a.file.ends_with(".csv"))
        .map(|a| (a.row, a.kind))
        .collect();
    assert_eq!(
        csv_kinds,
        [
            (6, AnomalyKind::AmbiguousReplyUnit),
            (7, AnomalyKind::UnknownCase),
            (8, AnomalyKind::UnitNotAssigned),
            (9, AnomalyKind::ReplyBeforeAssignment),
            (10, AnomalyKind::UnknownCase),
            (11, AnomalyKind::MissingCaseId),
            (12, AnomalyKind::MissingReplyTime),
        ]
    );
    let w03: Vec<(u32, AnomalyKind)> = ds
        .anomalies
        .iter()
        .filter(|a| a.file.contains("W03"))
        .map(|a| (a.row, a.kind))
        .collect();
    assert_eq!(
        w03,
        [
            (11, AnomalyKind::MissingCaseId),
            (12, AnomalyKind::BadDateTime),
            (13, AnomalyKind::MissingUnit),
            (14, AnomalyKind::DueBeforeAssignment),
        ]
    );
    let rejected = ds
        .anomalies
        .iter()
        .find(|a| a.file.ends_with(".csv") && a.row == 10)
        .unwrap();
    assert!(
        rejected.message.contains("交办记录有误"),
        "{}",
        rejected.message
    );
    let raw = &ds
        .anomalies
        .iter()
        .find(|a| a.row == 12 && a.file.contains("W03"))
        .unwrap()
        .raw;
    assert!(raw.contains("2017-13-45"), "{raw}");
}

#[test]
fn excel_serials_round_and_1904_workbooks_are_read() {
    let w = Work::new();
    // 2017-01-12 09:30:00 with float noise of a few milliseconds.
    let noisy = 42747.0 + 9.5 / 24.0 + 0.004 / 86400.0;
    w.xlsx(
        "a.xlsx",
        vec![SheetSpec::new(
            "s",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                vec![s("A1"), V::Serial(noisy), s("华胥镇")],
                vec![s("A2"), V::Serial(noisy - 0.008 / 86400.0), s("华胥镇")],
            ],
        )],
    );
    let p = w.xlsx(
        "b_1904.xlsx",
        vec![SheetSpec::new(
            "s",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                vec![
                    s("B1"),
                    V::Serial(42747.0 - 1462.0 + 9.5 / 24.0),
                    s("县公安局"),
                ],
            ],
        )],
    );
    make_1904(&p);
    let ds = load(&w);
    let at: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.assigned_at))
        .collect();
    assert_eq!(
        at,
        [
            ("A1", dt("2017-01-12 09:30")),
            ("A2", dt("2017-01-12 09:30")),
            ("B1", dt("2017-01-12 09:30"))
        ]
    );
    // Without a units sheet, groups are inferred from the names.
    let groups: Vec<_> = ds.assignments.iter().map(|a| a.group.as_str()).collect();
    assert_eq!(groups, ["镇街", "镇街", "县直部门"]);
}

#[test]
fn unreadable_hidden_and_lock_files() {
    let w = Work::new();
    w.xlsx(
        "ok.xlsx",
        vec![SheetSpec::new(
            "s",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                row(&["A1", "2017-01-12 09:30", "华胥镇"]),
            ],
        )],
    );
    w.bytes("junk.xlsx", b"this is not a spreadsheet");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend_from_slice(&[0; 504]);
    w.bytes("encrypted.xlsx", &cfb);
    w.bytes(".hidden.xlsx", b"junk");
    w.bytes("~$ok.xlsx", b"junk");
    w.bytes("notes.txt", b"junk");
    let ds = load(&w);
    let paths: Vec<_> = ds.files.iter().map(|f| &*f.path).collect();
    assert_eq!(paths, ["encrypted.xlsx", "junk.xlsx", "ok.xlsx"]);
    let unreadable: Vec<_> = ds
        .anomalies
        .iter()
        .filter(|a| a.kind == AnomalyKind::UnreadableFile)
        .map(|a| (&*a.file, a.message.clone()))
        .collect();
    assert_eq!(unreadable.len(), 2);
    assert!(unreadable[0].1.contains("加密"), "{:?}", unreadable[0]);
    assert!(unreadable[1].1.contains("损坏"), "{:?}", unreadable[1]);
    assert_eq!(ds.cases.len(), 1);
}

#[test]
fn combined_sheet_yields_cases_and_replies() {
    let w = Work::new();
    w.xlsx(
        "台账.xlsx",
        vec![
            SheetSpec::new(
                "媒体曝光",
                vec![
                    row(&[
                        "工单编号",
                        "来源",
                        "派单时间",
                        "责任单位",
                        "回复时间",
                        "办理结果",
                    ]),
                    row(&[
                        "M-1",
                        "媒体曝光",
                        "2017-01-16 09:00",
                        "华胥镇",
                        "2017-01-16 18:00",
                        "已办结",
                    ]),
                    row(&["M-2", "媒体曝光", "2017-01-16 10:00", "县公安局", "", ""]),
                    row(&["M-3", "媒体曝光", "", "县公安局", "2017-01-16 18:00", ""]),
                ],
            ),
            SheetSpec::new("说明", vec![row(&["本表由系统导出"])]),
        ],
    );
    let ds = load(&w);
    assert_eq!(ds.cases.len(), 2);
    assert_eq!(ds.replies.len(), 1);
    assert_eq!(ds.assignments[ds.replies[0].assignment].unit, "华胥镇");
    assert_eq!(ds.replies[0].status.as_deref(), Some("已办结"));
    let sheets = &ds.files[0].sheets;
    assert_eq!(sheets[0].kind, SheetKind::Combined);
    assert_eq!(
        sheets[0].tally,
        Tally {
            read: 3,
            used: 2,
            duplicates: 0,
            blank: 0,
            footer: 0,
            anomalies: 1
        }
    );
    assert_eq!(sheets[1].kind, SheetKind::Skipped);
}

#[test]
fn delimited_files_in_every_encoding() {
    let w = Work::new();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice("事项编号,交办时间,承办单位,事项内容\nC-1,2017-01-12 09:30,华胥镇,\"两行\n内容\"\nC-2,2017-01-12 10:30,华胥镇,x\n".as_bytes());
    w.bytes("bom.csv", &bom);
    w.bytes(
        "tab.tsv",
        "事项编号\t交办时间\t承办单位\nT-1\t2017-01-12 09:30\t县公安局\n".as_bytes(),
    );
    w.gbk_csv(
        "gbk.csv",
        "事项编号,交办时间,承办单位\nG-1,2017年1月12日9时30分,蓝关街道\n",
    );
    let ds = load(&w);
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["C-1", "C-2", "G-1", "T-1"]);
    assert_eq!(ds.cases[0].content.as_deref(), Some("两行 内容"));
    // Row numbers are the lines where records start (the quoted cell spans two).
    assert_eq!(ds.cases[1].origin.row, 4);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn committed_ods_xls_and_encrypted_workbooks() {
    let w = Work::new();
    w.bytes("a.ods", &fixture("intake.ods"));
    w.bytes("b.xls", &fixture("intake.xls"));
    w.bytes("c.xlsx", &fixture("encrypted.xlsx"));
    let ds = load(&w);
    // The same two cases in the .ods and the .xls: the second copy is a duplicate.
    let cases: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.assigned_at))
        .collect();
    assert_eq!(
        cases,
        [
            ("ODS-1", dt("2017-01-16 09:30")),
            ("ODS-2", dt("2017-01-17 00:00"))
        ]
    );
    assert_eq!(tally(&ds, "a.ods", "intake").used, 2);
    assert_eq!(tally(&ds, "b.xls", "intake").duplicates, 2);
    let enc = ds.anomalies.iter().find(|a| &*a.file == "c.xlsx").unwrap();
    assert_eq!(enc.kind, AnomalyKind::UnreadableFile);
    assert!(enc.message.contains("加密"), "{}", enc.message);
}

/// Patches the uncompressed size a zip's central directory declares for `part`.
fn declare_size(bytes: &mut [u8], part: &str, size: u32) {
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let mut i = 0;
    while i + 46 < bytes.len() {
        if bytes[i..i + 4] == sig {
            let name_len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if &bytes[i + 46..i + 46 + name_len] == part.as_bytes() {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                return;
            }
        }
        i += 1;
    }
    panic!("no central directory entry for {part}");
}

#[test]
fn a_sheet_declared_to_inflate_to_gigabytes_is_refused() {
    let w = Work::new();
    let p = w.xlsx(
        "bomb.xlsx",
        vec![SheetSpec::new(
            "s",
            vec![row(&["事项编号", "交办时间", "承办单位"])],
        )],
    );
    let mut bytes = std::fs::read(&p).unwrap();
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 0xFFFF_0000);
    std::fs::write(&p, bytes).unwrap();
    let ds = load(&w);
    assert_eq!(ds.anomalies.len(), 1);
    assert_eq!(ds.anomalies[0].kind, AnomalyKind::UnreadableFile);
    assert!(
        ds.anomalies[0].message.contains("解压后过大"),
        "{}",
        ds.anomalies[0].message
    );
}

#[test]
fn the_stage_exposes_polars_frames() {
    let ds = load(&messy_folder());
    let f = ds.frames().unwrap();
    assert_eq!(f.cases.height(), ds.cases.len());
    assert_eq!(f.assignments.height(), 11);
    assert_eq!(f.replies.height(), 5);
    assert_eq!(f.units.height(), ds.units.len());
    assert_eq!(
        f.assignments.get_column_names()[..2],
        ["事项编号", "承办单位"]
    );
}

/// A column one export lacks is unknown there, not blank: it neither
/// conflicts with nor clears what another export states, and a later
/// conflicting row that has it wins with its value.
#[test]
fn a_column_missing_from_one_export_is_unknown_not_blank() {
    let w = Work::new();
    w.xlsx(
        "交办_第1周.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&["事项编号", "交办时间", "承办单位", "事项内容", "联系人"]),
                row(&["LT-1", "2017-01-16 09:30", "华胥镇", "路灯不亮", "张三"]),
                row(&["LT-2", "2017-01-16 10:00", "华胥镇", "井盖缺失", "李四"]),
            ],
        )],
    );
    // No 联系人 column: LT-1 repeats; LT-2 changes its content only.
    w.xlsx(
        "交办_第2周.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&["事项编号", "交办时间", "承办单位", "事项内容"]),
                row(&["LT-1", "2017-01-16 09:30", "华胥镇", "路灯不亮"]),
                row(&["LT-2", "2017-01-16 10:00", "华胥镇", "井盖缺失已补报"]),
            ],
        )],
    );
    // 联系人 again: LT-2's contact changes, compared with what week 1 stated.
    w.xlsx(
        "交办_第3周.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&["事项编号", "交办时间", "承办单位", "联系人"]),
                row(&["LT-2", "2017-01-16 10:00", "华胥镇", "王五"]),
            ],
        )],
    );
    let ds = load(&w);
    let case = |id: &str| ds.cases.iter().find(|c| c.id == id).unwrap();
    assert_eq!(case("LT-1").contact.as_deref(), Some("张三"));
    assert_eq!(case("LT-2").content.as_deref(), Some("井盖缺失已补报"));
    assert_eq!(case("LT-2").contact.as_deref(), Some("王五"));
    let conflicts: Vec<(&str, &str)> = ds
        .anomalies
        .iter()
        .filter(|a| a.kind == AnomalyKind::ConflictingDuplicate)
        .map(|a| (&*a.file, a.message.rsplit('：').next().unwrap_or("")))
        .collect();
    assert_eq!(
        conflicts,
        [
            ("交办_第2周.xlsx", "事项内容 井盖缺失 → 井盖缺失已补报"),
            ("交办_第3周.xlsx", "联系人 李四 → 王五"),
        ]
    );
    let t = tally(&ds, "交办_第2周.xlsx", "交办登记");
    assert_eq!((t.read, t.used, t.duplicates, t.anomalies), (2, 0, 1, 1));
}

#[test]
fn traditional_reply_headers_and_dates_are_read() {
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位\nLT-1,2017/1/12 9:30,县公安局\n".as_bytes(),
    );
    // 回覆/答覆 and 羣衆 are what fast2s leaves alone; 時 and 點 are in the dates.
    w.gbk_csv(
        "回覆.csv",
        "事項編號,回覆單位,回覆時間,辦理狀態,羣衆滿意度\n\
         LT-1,縣公安局,2017年1月12日15時00分,已辦結,滿意\n\
         LT-1,縣公安局,2017年1月13號9點30分,已辦結,滿意\n",
    );
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    let got: Vec<_> = ds
        .replies
        .iter()
        .map(|r| (r.replied_at, r.satisfaction.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (dt("2017-01-12 15:00:00"), Some("满意")),
            (dt("2017-01-13 09:30:00"), Some("满意")),
        ]
    );
}

#[test]
fn a_case_with_only_an_assisting_unit_lacks_its_lead_unit() {
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,交办时间,承办单位,协办单位\n\
         LT-1,2017/1/12 9:30,,县水务局\n\
         LT-2,2017/1/12 9:30,县公安局,县水务局\n"
            .as_bytes(),
    );
    let ds = load(&w);
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["LT-2"]);
    let a = &ds.anomalies[..];
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!((a[0].row, a[0].kind), (2, AnomalyKind::MissingUnit));
    assert!(a[0].message.contains("只填了协办单位"), "{}", a[0].message);
}

#[test]
fn a_blank_reply_unit_in_a_combined_sheet_is_not_guessed() {
    let w = Work::new();
    w.bytes(
        "登记.csv",
        "事项编号,交办时间,承办单位,协办单位,反馈单位,反馈时间\n\
         LT-1,2017/1/12 9:30,县公安局,县水务局,,2017/1/12 15:00\n\
         LT-2,2017/1/12 9:30,县公安局,,,2017/1/12 16:00\n"
            .as_bytes(),
    );
    let ds = load(&w);
    assert_eq!(ds.cases.len(), 2);
    // LT-2 has one unit: its reply is that unit's. LT-1 has two.
    assert_eq!(ds.replies.len(), 1);
    assert_eq!(ds.replies[0].replied_at, dt("2017-01-12 16:00:00"));
    let kinds: Vec<_> = ds.anomalies.iter().map(|a| (a.row, a.kind)).collect();
    assert_eq!(kinds, [(2, AnomalyKind::AmbiguousReplyUnit)]);
}

#[test]
fn a_midnight_in_a_date_time_cell_is_that_instant_and_in_a_date_cell_the_whole_day() {
    let w = Work::new();
    let assigned = V::T(dt("2017-01-12 09:30"));
    w.xlsx(
        "交办.xlsx",
        vec![SheetSpec::new(
            "交办登记",
            vec![
                row(&["事项编号", "交办时间", "承办单位", "办理时限"]),
                vec![
                    s("LT-1"),
                    assigned.clone(),
                    s("县公安局"),
                    V::T(dt("2017-01-13 00:00")),
                ],
                vec![
                    s("LT-2"),
                    assigned,
                    s("县公安局"),
                    V::D(NaiveDate::from_ymd_opt(2017, 1, 13).unwrap()),
                ],
            ],
        )],
    );
    w.xlsx(
        "反馈.xlsx",
        vec![SheetSpec::new(
            "反馈登记",
            vec![
                row(&["事项编号", "反馈单位", "反馈时间"]),
                vec![s("LT-1"), s("县公安局"), V::T(dt("2017-01-14 00:00"))],
            ],
        )],
    );
    let ds = load(&w);
    let due: Vec<_> = ds.cases.iter().map(|c| c.explicit_due).collect();
    assert_eq!(
        due,
        [
            Some(dt("2017-01-13 00:00:00")),
            Some(dt("2017-01-13 23:59:59"))
        ]
    );
    assert_eq!(ds.replies[0].replied_at, dt("2017-01-14 00:00:00"));
}

#[test]
fn a_repeat_written_with_other_widths_or_spaces_is_a_duplicate_not_a_conflict() {
    let w = Work::new();
    let header = "事项编号,交办时间,承办单位,事项内容,联系人,联系电话\n";
    w.bytes(
        "a.csv",
        format!("{header}LT-1,2017/1/12 9:30,县公安局,道路破损（急）,李四,139 0000 0000\n")
            .as_bytes(),
    );
    w.bytes(
        "b.csv",
        format!("{header}LT-1,2017-01-12 09:30,县公安局,道路破损(急),李 四,13900000000\n")
            .as_bytes(),
    );
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    assert_eq!(tally(&ds, "b.csv", "b").duplicates, 1);
    // The case keeps the text as first written.
    assert_eq!(ds.cases[0].content.as_deref(), Some("道路破损（急）"));
}

#[test]
fn a_vertically_merged_unit_cell_in_an_ods_applies_to_every_row_it_spans() {
    let w = Work::new();
    let path = w.bytes("a.ods", &fixture("intake.ods"));
    // 华胥镇 (ODS-1's unit) merged down over ODS-2's row, whose own cell is covered.
    rewrite_part(&path, "content.xml", |xml| {
        let ods1 = "<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>华胥镇";
        let ods2 = "<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>县公安局</text:p></table:table-cell>";
        assert!(xml.contains(ods1) && xml.contains(ods2));
        xml.replace(
            ods1,
            &ods1.replace(
                "<table:table-cell ",
                "<table:table-cell table:number-rows-spanned=\"2\" ",
            ),
        )
        .replace(ods2, "<table:covered-table-cell/>")
    });
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    let units: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.units[0].unit.as_str()))
        .collect();
    assert_eq!(units, [("ODS-1", "华胥镇"), ("ODS-2", "华胥镇")]);
}

#[test]
fn a_later_export_filling_in_a_column_the_earlier_lacked_is_news_not_a_repeat() {
    let w = Work::new();
    w.bytes(
        "a_W03.csv",
        "事项编号,来源,交办时间,承办单位\n\
         C006,群众投诉,2017-01-17 09:00,县国土资源局\n\
         C030,领导批示,2017-01-19 21:00,县水务局\n"
            .as_bytes(),
    );
    // W04 adds 紧急程度 and 办理时限; C030's are blank (nothing new).
    w.bytes(
        "b_W04.csv",
        "事项编号,来源,交办时间,承办单位,紧急程度,办理时限\n\
         C006,群众投诉,2017-01-17 09:00,县国土资源局,,2017-01-25\n\
         C030,领导批示,2017-01-19 21:00,县水务局,特急,\n"
            .as_bytes(),
    );
    let ds = load(&w);
    let got: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.urgency.as_deref(), c.explicit_due))
        .collect();
    assert_eq!(
        got,
        [
            ("C006", None, Some(dt("2017-01-25 23:59:59"))),
            ("C030", Some("特急"), None),
        ]
    );
    // Nothing conflicts: the later rows add what the earlier had no column
    // for, and count as used (C030's blank 办理时限 adds nothing).
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    let w04 = tally(&ds, "b_W04.csv", "b_W04");
    assert_eq!((w04.used, w04.duplicates), (2, 0));
}

#[test]
fn coded_values_padded_with_spaces_read_as_written_without_them() {
    let w = Work::new();
    w.bytes(
        "交办.csv",
        "事项编号,来源,紧急程度,交办时间,承办单位\n\
         B01,群众投诉,特 急,2017-01-17 09:00,县公安局\n\
         B02,媒体　曝光,,2017-01-17 09:00,县公安局\n\
         B03,群眾諮詢,緊　急,2017-01-17 09:00,县公安局\n"
            .as_bytes(),
    );
    let ds = load(&w);
    let got: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.source.as_deref(), c.urgency.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("群众投诉"), Some("特急")),
            (Some("媒体曝光"), None),
            (Some("群众咨询"), Some("紧急")),
        ]
    );
}

#[test]
fn a_two_row_header_with_group_titles_reads_as_one() {
    let w = Work::new();
    w.xlsx(
        "登记.xlsx",
        vec![SheetSpec::new(
            "交办反馈",
            vec![
                row(&["事项编号", "来源", "交办情况", "", "反馈情况", ""]),
                row(&["", "", "交办时间", "承办单位", "反馈时间", "反馈单位"]),
                row(&[
                    "LT-1",
                    "群众投诉",
                    "2017-01-16 09:30",
                    "县公安局",
                    "2017-01-16 15:00",
                    "县公安局",
                ]),
            ],
        )
        .merge(0, 0, 1, 0)
        .merge(0, 1, 1, 1)
        .merge(0, 2, 0, 3)
        .merge(0, 4, 0, 5)],
    );
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    let sheet = &ds.files[0].sheets[0];
    assert_eq!((sheet.kind, sheet.header_row), (SheetKind::Combined, 2));
    assert_eq!(ds.cases.len(), 1);
    assert_eq!(ds.cases[0].source.as_deref(), Some("群众投诉"));
    assert_eq!(ds.replies.len(), 1);
}

#[test]
fn a_first_data_row_holding_a_column_name_is_data_not_a_second_header_row() {
    let w = Work::new();
    // 受理方式 is no field; its value 电话 is a name of 联系电话.
    w.xlsx(
        "热线.xlsx",
        vec![SheetSpec::new(
            "转办",
            vec![
                row(&["蓝田县12345热线转办件登记"]),
                row(&[
                    "序号",
                    "事项编号",
                    "受理方式",
                    "交办时间",
                    "承办单位",
                    "事项内容",
                ]),
                row(&[
                    "1",
                    "W-1",
                    "电话",
                    "2017-01-16 09:30",
                    "县住建局",
                    "路灯不亮",
                ]),
                row(&[
                    "2",
                    "W-2",
                    "网络",
                    "2017-01-16 10:30",
                    "县交通局",
                    "道路破损",
                ]),
            ],
        )],
    );
    let ds = load(&w);
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["W-1", "W-2"]);
    assert_eq!(ds.cases[0].phone, None);
    assert_eq!(ds.files[0].sheets[0].header_row, 2);
}

#[test]
fn an_id_that_lost_its_digits_is_listed_not_merged_with_another() {
    let w = Work::new();
    w.bytes(
        "a.csv",
        "事项编号,交办时间,承办单位\n\
         2.01701E+11,2017-01-16 09:30,县住建局\n\
         2.01701E+11,2017-01-16 10:30,县交通局\n\
         2017E01,2017-01-16 11:30,县交通局\n"
            .as_bytes(),
    );
    w.xlsx(
        "b.xlsx",
        vec![SheetSpec::new(
            "交办",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                vec![
                    V::N(370_102_201_701_160_000.0),
                    V::T(dt("2017-01-16 09:30")),
                    s("县住建局"),
                ],
                vec![
                    V::N(201_701_160_001.0),
                    V::T(dt("2017-01-16 09:30")),
                    s("县住建局"),
                ],
                // 16 digits a library kept whole; 16 digits Excel cut to 15 and a zero.
                vec![
                    V::N(2_017_011_600_010_001.0),
                    V::T(dt("2017-01-16 09:30")),
                    s("县住建局"),
                ],
                vec![
                    V::N(2_017_011_600_010_000.0),
                    V::T(dt("2017-01-16 09:30")),
                    s("县住建局"),
                ],
            ],
        )],
    );
    w.bytes(
        "c.csv",
        "事项编号,反馈单位,反馈时间\n2.01701E+11,县住建局,2017-01-16 15:00\n".as_bytes(),
    );
    let ds = load(&w);
    // A plain 12-digit number and an ID that merely contains an E are fine.
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["2017E01", "201701160001", "2017011600010001"]);
    let damaged: Vec<_> = ds
        .anomalies
        .iter()
        .filter(|a| a.kind == AnomalyKind::DamagedCaseId)
        .map(|a| (&*a.file, a.row))
        .collect();
    assert_eq!(
        damaged,
        [
            ("a.csv", 2),
            ("a.csv", 3),
            ("b.xlsx", 2),
            ("b.xlsx", 5),
            ("c.csv", 2)
        ]
    );
    assert!(ds
        .anomalies
        .iter()
        .all(|a| a.kind == AnomalyKind::DamagedCaseId));
}

#[test]
fn csv_fields_kept_as_text_for_excel_read_as_their_text() {
    let w = Work::new();
    w.bytes(
        "a.csv",
        "事项编号,交办时间,承办单位,联系电话\n\
         \"=\"\"201701160001\"\"\",2017-01-16 09:30,县住建局,\"=\"\"13812345678\"\"\"\n"
            .as_bytes(),
    );
    w.bytes(
        "b.csv",
        "事项编号,反馈单位,反馈时间\n201701160001,县住建局,2017-01-17 09:30\n".as_bytes(),
    );
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    assert_eq!(ds.cases[0].id, "201701160001");
    assert_eq!(ds.cases[0].phone.as_deref(), Some("13812345678"));
    assert_eq!(ds.replies.len(), 1);
}

#[test]
fn a_date_and_a_time_of_day_kept_in_two_columns_make_one_instant() {
    let w = Work::new();
    let day = V::D(NaiveDate::from_ymd_opt(2017, 1, 16).unwrap());
    w.xlsx(
        "a.xlsx",
        vec![SheetSpec::new(
            "交办",
            vec![
                row(&["事项编号", "交办日期", "交办时刻", "承办单位", "紧急程度"]),
                vec![
                    s("D-1"),
                    day,
                    V::Serial(15.5 / 24.0),
                    s("县住建局"),
                    s("特急"),
                ],
            ],
        )],
    );
    // The time under the canonical name, the date beside it, as text.
    w.bytes(
        "b.csv",
        "事项编号,交办日期,交办时间,承办单位\nD-2,2017-01-16,15:30,县交通局\nD-3,2017-01-17,9时05分,县交通局\n\
         D-4,2017-01-17,9点半,县交通局\nD-5,2017-01-17,PT09H30M00S,县交通局\n"
            .as_bytes(),
    );
    w.bytes(
        "c.csv",
        "事项编号,反馈日期,反馈时刻,反馈单位\nD-2,2017-01-17,08:00:30,县交通局\n".as_bytes(),
    );
    let ds = load(&w);
    let got: Vec<_> = ds
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.assigned_at))
        .collect();
    assert_eq!(
        got,
        [
            ("D-1", dt("2017-01-16 15:30:00")),
            ("D-2", dt("2017-01-16 15:30:00")),
            ("D-3", dt("2017-01-17 09:05:00")),
            ("D-5", dt("2017-01-17 09:30:00")),
        ]
    );
    assert_eq!(ds.replies[0].replied_at, dt("2017-01-17 08:00:30"));
    // A time that cannot be read is listed, not taken for midnight.
    let unread: Vec<_> = ds.anomalies.iter().map(|a| (a.row, a.kind)).collect();
    assert_eq!(unread, [(4, AnomalyKind::BadDateTime)]);
}

#[test]
fn a_row_with_an_id_is_data_whatever_its_first_cell_says() {
    let w = Work::new();
    w.bytes(
        "a.csv",
        "事项内容,事项编号,交办时间,承办单位\n\
         累计三次反映小区停水,B2,2017-01-16 09:30,县水务局\n\
         负责人不接电话,B3,2017-01-16 10:30,县水务局\n\
         合计：2件,,,\n"
            .as_bytes(),
    );
    let ds = load(&w);
    let ids: Vec<_> = ds.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["B2", "B3"]);
    let t = tally(&ds, "a.csv", "a");
    assert_eq!((t.used, t.footer), (2, 1));
}

#[test]
fn a_number_shown_with_leading_zeros_is_the_id_as_shown() {
    let w = Work::new();
    w.xlsx(
        "交办.xlsx",
        vec![SheetSpec::new(
            "交办",
            vec![
                row(&["事项编号", "交办时间", "承办单位"]),
                vec![V::Padded(12.0), V::T(dt("2017-01-16 09:30")), s("县住建局")],
            ],
        )],
    );
    w.bytes(
        "反馈.csv",
        "事项编号,反馈单位,反馈时间\n000012,县住建局,2017-01-16 15:00\n".as_bytes(),
    );
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    assert_eq!(ds.cases[0].id, "000012");
    assert_eq!(ds.replies.len(), 1);
}

/// An intake sheet where each case's 事项编号 and 事项内容 are merged down over
/// its rows, one unit per row: `cases` is (事项编号, 交办时间 of each row, units).
fn merged_intake(cases: &[(&str, &[&str], &[&str])]) -> SheetSpec {
    let mut rows = vec![row(&["事项编号", "事项内容", "交办时间", "承办单位"])];
    let mut merges = Vec::new();
    for (id, times, units) in cases {
        let top = rows.len() as u32;
        for (k, unit) in units.iter().enumerate() {
            let (id, content) = if k == 0 {
                (s(id), s(&format!("{id} 的诉求")))
            } else {
                (V::Blank, V::Blank)
            };
            rows.push(vec![id, content, V::T(dt(times[k])), s(unit)]);
        }
        if units.len() > 1 {
            let bottom = rows.len() as u32 - 1;
            merges.push((top, 0, bottom, 0));
            merges.push((top, 1, bottom, 1));
        }
    }
    let mut spec = SheetSpec::new("交办", rows);
    for (r1, c1, r2, c2) in merges {
        spec = spec.merge(r1, c1, r2, c2);
    }
    spec
}

const T0930: &str = "2017-01-16 09:30";

fn roles(ds: &Dataset, id: &str) -> Vec<(String, Role)> {
    let case = ds.cases.iter().find(|c| c.id == id).unwrap();
    case.units
        .iter()
        .map(|u| (u.unit.to_string(), u.role))
        .collect()
}

#[test]
fn a_merged_case_id_over_one_unit_per_row_is_one_case_with_all_its_units() {
    let w = Work::new();
    let week = merged_intake(&[
        ("LT-1", &[T0930; 3], &["县水务局", "华胥镇", "县公安局"]),
        ("LT-2", &[T0930], &["蓝关街道"]),
    ]);
    w.xlsx("交办_W02.xlsx", vec![week]);
    // The next week's export repeats both cases the same way, and adds one.
    let next = merged_intake(&[
        ("LT-1", &[T0930; 3], &["县水务局", "华胥镇", "县公安局"]),
        ("LT-2", &[T0930], &["蓝关街道"]),
        ("LT-3", &[T0930; 2], &["县住建局", "主办：县城管执法局"]),
    ]);
    w.xlsx("交办_W03.xlsx", vec![next]);
    let ds = load(&w);
    assert!(ds.anomalies.is_empty(), "{:?}", ds.anomalies);
    assert_eq!(
        roles(&ds, "LT-1"),
        [
            ("县水务局".into(), Role::Lead),
            ("华胥镇".into(), Role::Assist),
            ("县公安局".into(), Role::Assist)
        ]
    );
    // A row marking its unit 主办 makes it the lead, as within one cell.
    assert_eq!(
        roles(&ds, "LT-3"),
        [
            ("县住建局".into(), Role::Assist),
            ("县城管执法局".into(), Role::Lead)
        ]
    );
    assert_eq!(ds.cases.len(), 3);
    assert_eq!(ds.assignments.len(), 6);
    let first = tally(&ds, "交办_W02.xlsx", "交办");
    assert_eq!((first.read, first.used, first.duplicates), (4, 4, 0));
    let second = tally(&ds, "交办_W03.xlsx", "交办");
    assert_eq!((second.read, second.used, second.duplicates), (6, 2, 4));
}

#[test]
fn a_merged_case_exported_again_with_other_units_is_one_conflict_the_later_wins() {
    let w = Work::new();
    w.xlsx(
        "交办_W02.xlsx",
        vec![merged_intake(&[(
            "LT-1",
            &[T0930; 3],
            &["县水务局", "华胥镇", "县公安局"],
        )])],
    );
    w.xlsx(
        "交办_W03.xlsx",
        vec![merged_intake(&[(
            "LT-1",
            &[T0930; 2],
            &["县水务局", "华胥镇"],
        )])],
    );
    let ds = load(&w);
    assert_eq!(kinds(&ds, "LT-1"), [AnomalyKind::ConflictingDuplicate]);
    assert_eq!(
        ds.anomalies[0].row, 2,
        "listed once, on the group's first row"
    );
    assert_eq!(roles(&ds, "LT-1").len(), 2);
    // Every row of the earlier group gave way to the later one.
    let first = tally(&ds, "交办_W02.xlsx", "交办");
    assert_eq!((first.used, first.duplicates), (0, 3));
    // The first row is listed (so counted there), the second used.
    let second = tally(&ds, "交办_W03.xlsx", "交办");
    assert_eq!((second.used, second.anomalies), (1, 1));
    for f in &ds.files {
        for sh in &f.sheets {
            assert!(sh.tally.balanced(), "{} {:?}", f.path, sh.tally);
        }
    }
}

#[test]
fn a_row_of_a_merged_case_id_stating_another_time_is_listed_the_first_row_kept() {
    let w = Work::new();
    w.xlsx(
        "交办.xlsx",
        vec![merged_intake(&[(
            "LT-1",
            &[T0930, "2017-01-17 10:00"],
            &["县水务局", "华胥镇"],
        )])],
    );
    let ds = load(&w);
    assert_eq!(ds.cases[0].assigned_at, dt(T0930));
    assert_eq!(roles(&ds, "LT-1").len(), 2);
    assert_eq!(kinds(&ds, "LT-1"), [AnomalyKind::ConflictingDuplicate]);
    let a = &ds.anomalies[0];
    assert_eq!(a.row, 3);
    assert!(
        a.message.contains("交办时间不同，以第 2 行为准"),
        "{}",
        a.message
    );
    let t = tally(&ds, "交办.xlsx", "交办");
    assert_eq!((t.used, t.anomalies), (1, 1));
}
