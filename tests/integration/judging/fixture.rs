//! The hand-worked county folder of the judging tests: a units workbook (two
//! groups), an intake export with a merged title, decorated and alias headers,
//! mixed date forms, unit aliases, a blank row and a footer, and a GBK CSV of
//! replies with one exact duplicate.
//!
//! Calendar facts used throughout (State Council 2017 notice, SPEC §3):
//! - W03 = 01-16..01-22: working days 16–20 and Sunday 01-22 (调休上班);
//! - W04 = 01-23..01-29: working days 23–26; 01-27..01-29 holidays/weekend;
//! - W05 = 01-30..02-05: 01-30..02-02 holidays; working days Friday 02-03 and
//!   Saturday 02-04 (调休上班); Sunday 02-05 off;
//! - W06 = 02-06..02-12: working days 06–10.
//!
//! The cases (all 一般 unless said otherwise; "due" is the default rule of
//! SPEC §4: end of the first working day strictly after the assignment date):
//!
//! | case  | unit(s)                | assigned         | due                 | first reply      |
//! |-------|------------------------|------------------|---------------------|------------------|
//! | LT-01 | 县住建局 + 县水务局 (协办) | Wed 01-18 10:00  | Thu 01-19 23:59:59  | 水务局 01-19 15:00; 住建局 never |
//! | LT-02 | 县环保局               | Mon 01-23 09:00  | Tue 01-24 23:59:59  | never            |
//! | LT-03 | 县水务局               | Mon 01-23 10:00  | Tue 01-24 23:59:59  | 01-24 10:00      |
//! | LT-04 | 县住建局               | Tue 01-24 09:00  | Wed 01-25 23:59:59  | 01-26 09:00      |
//! | LT-05 | 华胥镇                 | Tue 01-24 14:00  | Wed 01-25 23:59:59  | 01-26 10:00      |
//! | LT-06 | 汤峪镇                 | Mon 01-23 08:00  | Tue 01-24 23:59:59  | 01-23 09:00      |
//! | LT-07 | 县水务局               | Thu 01-26 10:00  | Fri 02-03 23:59:59  | 02-06 09:00      |
//! | LT-08 | 县水务局               | Fri 02-03 08:30  | Sat 02-04 23:59:59  | 02-04 16:00      |
//! | LT-09 | 县住建局 (as 住建局)    | Thu 01-26 16:00  | Fri 02-03 23:59:59  | 02-03 09:30      |
//! | LT-10 | 县住建局, 特急          | Mon 01-30 10:00  | 01-30 12:00 (+2 h)  | 01-30 11:00 办理中; 02-06 10:00 已办结 |
//! | LT-11 | 县环保局, 媒体曝光      | Fri 02-03 11:00  | 02-03 23:59:59      | 02-04 08:00 (状态空) |
//! | LT-12 | 县交通局, 办理时限 02-05 | Fri 02-03 08:00  | Sun 02-05 23:59:59  | 02-05 10:00      |
//! | LT-13 | 华胥镇                 | Fri 02-03 09:00  | Sat 02-04 23:59:59  | 02-03 09:09      |
//! | LT-14 | 汤峪镇                 | Fri 02-03 10:00  | Sat 02-04 23:59:59  | 02-03 10:06      |
//! | LT-15 | 汤峪镇                 | Fri 02-03 11:30  | Sat 02-04 23:59:59  | 02-03 11:42      |
//! | LT-16 | 蓝关街道 (as 蓝关街办)  | Fri 02-03 14:00  | Sat 02-04 23:59:59  | never            |
//! | LT-17 | 玉山镇                 | Sun 02-05 15:00  | Mon 02-06 23:59:59  | 02-06 17:00      |
//! | LT-18 | 县旅游局 (not listed)   | Fri 02-03 15:00  | Sat 02-04 23:59:59  | 02-04 09:00      |
//! | LT-19 | 县交通局, 紧急          | Sat 02-04 10:00  | 02-04 23:59:59      | 02-04 20:00      |
//!
//! Every reply is 已办结 unless the table says otherwise. The latest time stamp
//! is LT-17's reply on 2017-02-06 (W06), so the default period is 2017-W05.

use crate::common::*;

/// Groups as the units sheet lists them, then 未分组.
pub const UNITS: [(&str, &str, &str); 9] = [
    ("县交通局", "县直部门", "交通局"),
    ("县住建局", "县直部门", "住建局"),
    ("县水务局", "县直部门", "水务局"),
    ("县环保局", "县直部门", "环保局"),
    ("县民政局", "县直部门", "民政局"),
    ("华胥镇", "镇街", ""),
    ("汤峪镇", "镇街", ""),
    ("蓝关街道", "镇街", "蓝关街办"),
    ("玉山镇", "镇街", ""),
];

/// The intake file and sheet names (as 异常数据 and 数据说明 show them).
pub const INTAKE_FILE: &str = "交办登记.xlsx";
pub const INTAKE_SHEET: &str = "交办登记";
pub const REPLY_FILE: &str = "反馈登记.csv";
pub const UNITS_FILE: &str = "单位名单.xlsx";

fn t(x: &str) -> V {
    V::T(dt(x))
}

/// One intake row: 事项编号*, 来源, 事项内容, 交办时间（必填）, 责任单位, 缓急程度,
/// 办理时限, 联系人, 联系电话.
#[allow(clippy::too_many_arguments)]
fn intake(
    id: &str,
    source: &str,
    content: &str,
    at: V,
    unit: &str,
    urgency: &str,
    due: V,
    contact: &str,
    phone: V,
) -> Vec<V> {
    let text = |x: &str| if x.is_empty() { V::Blank } else { s(x) };
    vec![
        s(id),
        text(source),
        text(content),
        at,
        s(unit),
        text(urgency),
        due,
        text(contact),
        phone,
    ]
}

fn plain(id: &str, source: &str, content: &str, at: V, unit: &str, urgency: &str) -> Vec<V> {
    intake(
        id,
        source,
        content,
        at,
        unit,
        urgency,
        V::Blank,
        "",
        V::Blank,
    )
}

/// The intake sheet's rows: a merged title (Excel row 1), the header (row 2),
/// data from row 3; a blank row 9 and a footer row 23. LT-18 is on row 21.
pub fn intake_rows() -> Vec<Vec<V>> {
    vec![
        row(&["蓝田县马上就办事项交办登记表（2017年1月—2月）"]),
        row(&[
            "事项编号*",
            "来源",
            "事项内容",
            "交办时间（必填）",
            "责任单位",
            "缓急程度",
            "办理时限",
            "联系人",
            "联系电话",
        ]),
        // A mobile number stored as a number cell, as exports do.
        intake(
            "LT-01",
            "群众投诉",
            "华胥镇油坊村道路塌陷，过往车辆绕行",
            t("2017-01-18 10:00"),
            "住建局、县水务局",
            "一般",
            V::Blank,
            "苟志强",
            V::N(13_812_341_234.0),
        ),
        intake(
            "LT-02",
            "12345热线",
            "某小区污水外溢",
            s("2017/1/23 9:00"),
            "县环保局",
            "",
            V::Blank,
            "王芳",
            s("029-82345678"),
        ),
        plain(
            "LT-03",
            "群众投诉",
            "灌溉渠道渗漏",
            t("2017-01-23 10:00"),
            "县水务局",
            "一般",
        ),
        plain(
            "LT-04",
            "咨询",
            "公租房申请条件",
            t("2017-01-24 09:00"),
            "县住建局",
            "",
        ),
        plain(
            "LT-05",
            "群众投诉",
            "村委会公示栏长期未更新",
            s("2017年1月24日14时00分"),
            "华胥镇",
            "",
        ),
        plain(
            "LT-06",
            "群众投诉",
            "温泉路路灯不亮",
            t("2017-01-23 08:00"),
            "汤峪镇",
            "",
        ),
        vec![],
        intake(
            "LT-07",
            "群众投诉",
            "自来水管爆裂，停水两天",
            t("2017-01-26 10:00"),
            "水务局",
            "一般",
            V::Blank,
            "李四",
            s("13900001111"),
        ),
        plain(
            "LT-08",
            "12345热线",
            "河道采砂扰民",
            t("2017-02-03 08:30"),
            "县水务局",
            "",
        ),
        plain(
            "LT-09",
            "上级批示件",
            "县政府领导批示：老旧小区改造进度",
            s("2017-01-26 16:00"),
            "县住建局",
            "一般",
        ),
        plain(
            "LT-10",
            "上级批示件",
            "市委督查室转办：工地夜间施工扰民",
            t("2017-01-30 10:00"),
            "县住建局",
            "特急",
        ),
        plain(
            "LT-11",
            "媒体曝光",
            "西安新闻网报道：蓝田县城区垃圾焚烧",
            t("2017-02-03 11:00"),
            "县环保局",
            "",
        ),
        intake(
            "LT-12",
            "企业投诉",
            "物流企业车辆通行证办理",
            t("2017-02-03 08:00"),
            "县交通局",
            "一般",
            V::D(chrono::NaiveDate::from_ymd_opt(2017, 2, 5).unwrap()),
            "",
            V::Blank,
        ),
        plain(
            "LT-13",
            "群众投诉",
            "集市占道经营",
            t("2017-02-03 09:00"),
            "华胥镇",
            "",
        ),
        plain(
            "LT-14",
            "群众投诉",
            "镇区积雪未清",
            t("2017-02-03 10:00"),
            "汤峪镇",
            "",
        ),
        plain(
            "LT-15",
            "群众投诉",
            "景区停车乱收费",
            t("2017-02-03 11:30"),
            "汤峪镇",
            "",
        ),
        intake(
            "LT-16",
            "群众投诉",
            "小区供暖温度不达标",
            s("2017-02-03 14:00"),
            "蓝关街办",
            "",
            V::Blank,
            "张三丰",
            s("13987654321"),
        ),
        plain(
            "LT-17",
            "咨询",
            "低保申请材料",
            t("2017-02-05 15:00"),
            "玉山镇",
            "",
        ),
        plain(
            "LT-18",
            "群众投诉",
            "景区门票价格不透明",
            t("2017-02-03 15:00"),
            "县旅游局",
            "",
        ),
        plain(
            "LT-19",
            "上级批示件",
            "县委领导批示：春运客运站秩序",
            t("2017-02-04 10:00"),
            "县交通局",
            "紧急",
        ),
        row(&["合计：19件"]),
    ]
}

/// The reply log (GBK CSV): 19 data lines, one an exact repeat of LT-13's.
pub const REPLIES: &str = "\
事项编号,反馈单位,反馈时间,办理状态,反馈内容
LT-01,县水务局,2017/1/19 15:00,已办结,已配合修复
LT-03,县水务局,2017/1/24 10:00,已办结,已处理
LT-04,县住建局,2017/1/26 9:00,已办结,已答复
LT-05,华胥镇,2017年1月26日10时00分,已办结,已处理
LT-06,汤峪镇,2017/1/23 9:00,已办结,已处理
LT-10,县住建局,2017/1/30 11:00,办理中,正在协调
LT-09,住建局,2017/2/3 9:30,已办结,已答复
LT-13,华胥镇,2017/2/3 9:09,已办结,已处理
LT-13,华胥镇,2017/2/3 9:09,已办结,已处理
LT-14,汤峪镇,2017/2/3 10:06,已办结,已处理
LT-15,汤峪镇,2017/2/3 11:42,已办结,已处理
LT-12,县交通局,2017-02-05 10:00,已办结,已答复
LT-11,县环保局,2017/2/4 8:00,,已派员核查
LT-08,县水务局,2017/2/4 16:00,已办结,已处理
LT-18,县旅游局,2017/2/4 9:00,已办结,已处理
LT-19,交通局,2017/2/4 20:00,已办结,已处理
LT-07,县水务局,2017/2/6 9:00,已办结,已处理
LT-10,县住建局,2017/2/6 10:00,已办结,已办结
LT-17,玉山镇,2017/2/6 17:00,已办结,已处理
";

/// Writes the units workbook, the intake export and the reply log into `w`.
pub fn write_county(w: &Work) {
    let mut units = vec![row(&["单位名称", "分组", "别名"])];
    units.extend(UNITS.iter().map(|(n, g, a)| row(&[n, g, a])));
    w.xlsx(UNITS_FILE, vec![SheetSpec::new("单位名单", units)]);
    w.xlsx(
        INTAKE_FILE,
        vec![SheetSpec::new(INTAKE_SHEET, intake_rows()).merge(0, 0, 0, 8)],
    );
    w.gbk_csv(REPLY_FILE, REPLIES);
}

/// A fresh work folder holding the county folder under `in/`.
pub fn county() -> Work {
    let w = Work::new();
    write_county(&w);
    w
}
