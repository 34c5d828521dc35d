//! # gen_samples — deterministic sample data for `mashang`
//!
//! Writes realistic intake (交办登记), reply (反馈登记), units (单位名单) and
//! combined (台账) inputs for the 蓝田县马上就办办公室, as the office's systems
//! and clerks would export them: weekly exports that overlap, changing header
//! spellings, text dates next to real Excel dates, unit aliases, title and
//! footer rows, a GBK CSV, an old `.xls` — and a handful of deliberate
//! anomalies whose exact position is written to `samples/README.md` (the
//! expected-answer key for the tests).
//!
//! ```text
//! cargo run --release --example gen_samples -- samples
//! cargo run --release --example gen_samples -- --convert-xls samples
//! cargo run --release --example gen_samples -- --large --cases 100000 --files 15 OUT_DIR
//! ```
//!
//! * `samples` mode writes the committed sample folder (overwriting). The one
//!   `.xls` file (`反馈登记_2017-02.xls`) is made by LibreOffice from an xlsx
//!   source that is written to `$TMPDIR/mashang_xls_source/`; pass
//!   `--convert-xls` to run `soffice --headless --convert-to xls` and replace
//!   the committed `.xls` (LibreOffice output is not byte-stable, so by default
//!   the committed file is left alone).
//! * `--large` writes benchmark inputs: `--files` weekly intake exports (each
//!   also repeating the previous week, so every case appears about twice),
//!   monthly reply logs (~1.3 replies per case) and the units workbook. Any
//!   sheet holds at most 1,000,000 data rows; larger exports are split into
//!   further sheets, so 1,000,000 cases fit.
//!
//! Same arguments → byte-identical files: a fixed seed, fixed workbook
//! document properties, and rust_xlsxwriter's fixed zip timestamps.
//!
//! This example deliberately does not use the `mashang` library: it is an
//! independent source of truth and compiles while the library is mid-change.
//! It carries its own copy of the 2017–2018 holiday calendar and of the SPEC §4
//! default deadline rule, used only to make reply timing realistic.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use fastrand::Rng;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

type Res<T> = Result<T, Box<dyn Error>>;

// ════════════════════════════════════════════════════════════════════════
// Data section: units, sources, content phrases, names
// ════════════════════════════════════════════════════════════════════════

/// Unit group (分组) as written in `单位名单.xlsx`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    Town,
    Dept,
    Utility,
    /// Deliberately missing from the units workbook.
    Unlisted,
}

impl Group {
    fn label(self) -> &'static str {
        match self {
            Group::Town => "镇街",
            Group::Dept => "县直部门",
            Group::Utility => "公共服务企业",
            Group::Unlisted => "",
        }
    }
}

/// How reliably a unit replies, so that the ranking is meaningful.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Behaviour {
    Good,
    Average,
    Bad,
    Silent,
}

impl Behaviour {
    /// Probabilities of (replying on time, replying late); never = the rest.
    fn odds(self) -> (f64, f64) {
        match self {
            Behaviour::Good => (0.97, 0.03),
            Behaviour::Average => (0.86, 0.11),
            Behaviour::Bad => (0.55, 0.33),
            Behaviour::Silent => (0.0, 0.0),
        }
    }
}

/// Which complaint templates a unit receives as lead unit.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Topic {
    Town,
    Police,
    Education,
    Housing,
    Transport,
    Water,
    Health,
    Labour,
    CivilAffairs,
    Environment,
    CityMgmt,
    Market,
    Land,
    Agriculture,
    Development,
    Finance,
    Culture,
    Commerce,
    Safety,
    Prices,
    Poverty,
    Power,
    TapWater,
    Gas,
    Telecom,
    Tourism,
}

/// One responsible unit (承办单位).
struct UnitDef {
    name: &'static str,
    group: Group,
    /// 别名, written into the units workbook joined by `、`.
    aliases: &'static [&'static str],
    behaviour: Behaviour,
    /// Relative number of cases it leads.
    weight: u32,
    topic: Topic,
}

const fn unit(
    name: &'static str,
    group: Group,
    aliases: &'static [&'static str],
    behaviour: Behaviour,
    weight: u32,
    topic: Topic,
) -> UnitDef {
    UnitDef {
        name,
        group,
        aliases,
        behaviour,
        weight,
        topic,
    }
}

use Behaviour::{Average as AVG, Bad as BAD, Good as GOOD, Silent as SILENT};
use Group::{Dept as DEPT, Town as TOWN, Unlisted as UNLISTED, Utility as UTIL};

/// Lantian's 19 towns/streets, ~20 county departments, 4 utilities, and one
/// unit that is missing from the units workbook (县旅游局).
#[rustfmt::skip]
const UNITS: &[UnitDef] = &[
    unit("蓝关街道", TOWN, &["蓝关街办", "蓝关街道办事处"], GOOD, 6, Topic::Town),
    unit("洩湖镇", TOWN, &["泄湖镇", "洩湖"], AVG, 3, Topic::Town),
    unit("华胥镇", TOWN, &["华胥", "华胥镇政府"], AVG, 3, Topic::Town),
    unit("前卫镇", TOWN, &["前卫"], AVG, 2, Topic::Town),
    unit("汤峪镇", TOWN, &["汤峪", "汤峪镇政府"], GOOD, 3, Topic::Town),
    unit("焦岱镇", TOWN, &["焦岱"], AVG, 2, Topic::Town),
    unit("玉山镇", TOWN, &["玉山", "玉山镇政府"], AVG, 3, Topic::Town),
    unit("三里镇", TOWN, &["三里"], AVG, 2, Topic::Town),
    unit("普化镇", TOWN, &["普化"], AVG, 2, Topic::Town),
    unit("葛牌镇", TOWN, &["葛牌", "葛牌镇政府"], BAD, 2, Topic::Town),
    unit("蓝桥镇", TOWN, &["蓝桥"], AVG, 2, Topic::Town),
    unit("辋川镇", TOWN, &["辋川"], AVG, 2, Topic::Town),
    unit("灞源镇", TOWN, &["灞源"], AVG, 2, Topic::Town),
    unit("孟村镇", TOWN, &["孟村"], AVG, 2, Topic::Town),
    unit("安村镇", TOWN, &["安村"], AVG, 2, Topic::Town),
    unit("小寨镇", TOWN, &["小寨"], AVG, 2, Topic::Town),
    unit("三官庙镇", TOWN, &["三官庙"], AVG, 2, Topic::Town),
    unit("九间房镇", TOWN, &["九间房", "九间房镇政府"], BAD, 2, Topic::Town),
    unit("厚镇", TOWN, &["厚镇政府"], AVG, 2, Topic::Town),
    unit("县公安局", DEPT, &["公安局", "县公安"], GOOD, 5, Topic::Police),
    unit("县教育局", DEPT, &["教育局"], AVG, 3, Topic::Education),
    unit("县住建局", DEPT, &["住建局", "县住房和城乡建设局"], BAD, 7, Topic::Housing),
    unit("县交通运输局", DEPT, &["交通局", "县交通局"], AVG, 4, Topic::Transport),
    unit("县水务局", DEPT, &["水务局"], AVG, 3, Topic::Water),
    unit("县卫计局", DEPT, &["卫计局", "县卫生计生局"], AVG, 3, Topic::Health),
    unit("县人社局", DEPT, &["人社局", "县人力资源和社会保障局"], AVG, 4, Topic::Labour),
    unit("县民政局", DEPT, &["民政局"], AVG, 3, Topic::CivilAffairs),
    unit("县环保局", DEPT, &["环保局", "县环境保护局"], AVG, 5, Topic::Environment),
    unit("县城管执法局", DEPT, &["城管局", "县城管局"], AVG, 6, Topic::CityMgmt),
    unit("县市场监管局", DEPT, &["市场监管局", "县市场监督管理局"], GOOD, 5, Topic::Market),
    unit("县国土资源局", DEPT, &["国土局", "县国土局"], BAD, 4, Topic::Land),
    unit("县农林局", DEPT, &["农林局"], AVG, 3, Topic::Agriculture),
    unit("县发改局", DEPT, &["发改局", "县发展和改革局"], AVG, 1, Topic::Development),
    unit("县财政局", DEPT, &["财政局"], AVG, 1, Topic::Finance),
    unit("县文广局", DEPT, &["文广局", "县文体广电局"], AVG, 1, Topic::Culture),
    unit("县商务局", DEPT, &["商务局"], AVG, 1, Topic::Commerce),
    unit("县安监局", DEPT, &["安监局", "县安全生产监督管理局"], AVG, 2, Topic::Safety),
    unit("县物价局", DEPT, &["物价局"], AVG, 1, Topic::Prices),
    unit("县扶贫办", DEPT, &["扶贫办"], AVG, 2, Topic::Poverty),
    unit("国网蓝田县供电分公司", UTIL, &["供电分公司", "县供电公司", "蓝田供电"], GOOD, 4, Topic::Power),
    unit("县自来水公司", UTIL, &["自来水公司", "县水司"], GOOD, 4, Topic::TapWater),
    unit("县天然气公司", UTIL, &["天然气公司", "县燃气公司"], BAD, 3, Topic::Gas),
    unit("蓝田电信分公司", UTIL, &["电信公司", "县电信公司"], AVG, 2, Topic::Telecom),
    unit("县旅游局", UNLISTED, &[], SILENT, 0, Topic::Tourism),
];

/// 来源 values with their relative frequency.
#[rustfmt::skip]
const SOURCES: &[(&str, u32)] = &[
    ("群众投诉", 34),
    ("12345热线", 25),
    ("咨询", 8),
    ("企业投诉", 7),
    ("查办件", 8),
    ("上级批示件", 9),
    ("媒体曝光", 9),
];

const MEDIA: &str = "媒体曝光";

/// Content prefixes by source (superiors' and media items name their origin).
fn source_prefixes(source: &str) -> &'static [&'static str] {
    match source {
        "上级批示件" => &[
            "市委督查室转办：",
            "县委主要领导批示：",
            "县政府主要领导批示：",
            "市政府督查室转办：",
        ],
        "查办件" => &["市政府督查室查办：", "省信访局转办：", "市12345督办："],
        "媒体曝光" => &[
            "华商报曝光：",
            "西安电视台《每日聚焦》报道：",
            "网络问政平台反映：",
            "西安新闻网报道：",
        ],
        _ => &[""],
    }
}

/// Complaint/request templates. Placeholders: {村} village (with its town),
/// {镇} town, {路} {路2} county-seat street, {小区} residential compound,
/// {企业} company, {学校} school, {组} village group number, {n} a small number.
fn templates(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Town => &[
            "{村}{组}组道路坑洼积水，群众出行困难",
            "{村}自来水管道冻裂，全村停水{n}天",
            "{村}群众对低保评定结果有异议，要求公开",
            "{村}河道内倾倒建筑垃圾，无人清理",
            "{村}路灯损坏，夜间出行不便",
            "{村}土地流转费用未按时支付",
            "{村}有人焚烧秸秆，烟雾较大",
            "{村}两户宅基地纠纷，请求调解",
            "{村}生活垃圾长期堆放未清运",
            "{村}村组账目长期不公开",
            "{村}村道两侧违章搭建影响通行",
            "咨询{镇}危房改造补助申请条件",
            "{村}群众冬季燃煤取暖烟尘污染严重",
        ],
        Topic::Police => &[
            "{路}与{路2}十字路口夜间飙车噪音扰民",
            "{小区}小区多辆电动车被盗，请求尽快侦破",
            "{路}车辆乱停乱放堵塞交通",
            "反映{村}有人聚众赌博",
            "户口迁移手续多次往返未办成",
            "{路}网吧门口经常有人打架斗殴",
            "春节前{路}商户违规燃放烟花爆竹",
        ],
        Topic::Education => &[
            "{学校}违规收取寒假补课费",
            "{学校}校车存在超载现象",
            "咨询{学校}春季插班入学条件",
            "{学校}食堂饭菜质量差，家长意见大",
            "{学校}有教师体罚学生",
        ],
        Topic::Housing => &[
            "{小区}小区电梯故障停运{n}天无人维修",
            "{小区}小区物业乱收费",
            "{小区}开发商逾期未办理房产证",
            "{路}建筑工地夜间施工噪音扰民",
            "{小区}小区暖气不热，室温不足十度",
            "{路}建筑工地扬尘污染严重",
            "{小区}小区楼顶漏水，维修基金申请困难",
        ],
        Topic::Transport => &[
            "蓝田至{镇}班车班次减少，群众出行不便",
            "{路}出租车拒载、不打表",
            "{村}通村公路塌方无人修复",
            "县客运站周边黑车拉客",
            "{路}公交站牌损坏多日未修",
        ],
        Topic::Water => &[
            "{村}灌溉渠道堵塞影响春灌",
            "{镇}灞河河道非法采砂",
            "{村}饮水工程水质浑浊",
            "{村}河堤护坡损毁存在安全隐患",
        ],
        Topic::Health => &[
            "{镇}卫生院医生服务态度差",
            "县医院挂号排队时间过长",
            "{村}卫生室药品价格偏高",
            "咨询新农合报销比例及办理流程",
            "{路}一诊所涉嫌非法行医",
        ],
        Topic::Labour => &[
            "{企业}拖欠农民工工资{n}万元",
            "{企业}未给职工缴纳社会保险",
            "咨询城乡居民养老保险缴费办法",
            "{路}一工地拖欠工资，工人讨薪无果",
        ],
        Topic::CivilAffairs => &[
            "{村}低保评定不公",
            "{村}五保户住房漏雨无人过问",
            "咨询临时救助申请条件",
            "{村}残疾人两项补贴未发放",
        ],
        Topic::Environment => &[
            "{企业}夜间偷排废气，气味刺鼻",
            "{村}养殖场粪污直排河道",
            "{企业}粉尘污染严重，周边群众意见大",
            "{镇}石料厂噪音扰民",
            "{路}锅炉房冒黑烟",
        ],
        Topic::CityMgmt => &[
            "{路}占道经营严重，影响通行",
            "{路}夜市烧烤油烟扰民",
            "{路}户外广告牌松动存在安全隐患",
            "{小区}小区周边违章建筑",
            "{路}渣土车撒漏污染路面",
        ],
        Topic::Market => &[
            "{路}一超市销售过期食品",
            "{路}一餐馆卫生条件差",
            "{路}一药店销售假冒药品",
            "购买的电动车存在质量问题，商家拒绝退换",
            "{镇}集市商贩缺斤短两",
        ],
        Topic::Land => &[
            "{村}违法占用耕地建房",
            "{村}土地征收补偿款未到位",
            "{镇}有人非法开采石料，破坏山体",
            "{村}宅基地审批迟迟未办理",
        ],
        Topic::Agriculture => &[
            "{村}有人乱砍滥伐林木",
            "{村}核桃树病虫害严重，请求技术指导",
            "{镇}秦岭北麓违规建设农家乐",
            "{村}退耕还林补助未兑现",
            "咨询{镇}樱桃种植补贴政策",
        ],
        Topic::Development => &[
            "{企业}项目审批进度慢，影响开工",
            "咨询{镇}易地扶贫搬迁项目政策",
        ],
        Topic::Finance => &[
            "{村}惠农补贴未发放到位",
            "{企业}工程款拖欠未支付",
            "咨询粮食直补资金发放时间",
        ],
        Topic::Culture => &[
            "{村}广播电视信号差",
            "{路}网吧接纳未成年人",
            "{路}广场舞音响噪音扰民",
        ],
        Topic::Commerce => &[
            "{路}农贸市场秩序混乱",
            "春节期间{镇}市场蔬菜供应不足",
            "{路}加油站油品质量有问题",
        ],
        Topic::Safety => &[
            "{村}有人非法储存烟花爆竹",
            "{企业}安全生产隐患突出",
            "{镇}加油站安全设施不全",
        ],
        Topic::Prices => &[
            "{小区}小区停车场乱收费",
            "{学校}收费项目不公示",
            "{镇}集贸市场摊位费偏高",
        ],
        Topic::Poverty => &[
            "{村}贫困户识别不准确",
            "{村}扶贫项目资金使用不透明",
            "咨询{镇}产业扶贫贷款政策",
        ],
        Topic::Power => &[
            "{村}频繁停电，影响生产生活",
            "{小区}小区电压不稳，电器损坏",
            "{村}电线杆倾斜存在安全隐患",
            "{路}商户反映电费异常偏高",
        ],
        Topic::TapWater => &[
            "{小区}小区停水{n}天未恢复",
            "{路}自来水管道破裂，水流满地",
            "{小区}小区自来水水质发黄",
            "{小区}小区水压不足，高层无法用水",
        ],
        Topic::Gas => &[
            "{小区}小区天然气管道漏气，存在安全隐患",
            "{小区}小区天然气开户费过高",
            "{小区}小区燃气供应不足，做饭困难",
            "{路}燃气管道施工后路面未恢复",
        ],
        Topic::Telecom => &[
            "{村}宽带故障报修{n}天未处理",
            "{小区}小区手机信号差",
            "电信营业厅办理业务排队时间长",
            "{村}光纤入户迟迟不到位",
        ],
        Topic::Tourism => &["汤峪温泉景区周边停车难、乱收费，游客投诉较多"],
    }
}

#[rustfmt::skip]
const VILLAGES: &[&str] = &[
    "东村", "西村", "南街村", "北寨村", "王家庄村", "李家湾村", "张坡村", "刘村", "马楼村", "新庄村",
    "杨家岭村", "孙家堡村", "河口村", "史家寨村", "白家坪村", "红门寺村", "许家庙村", "油坊村",
];
#[rustfmt::skip]
const STREETS: &[&str] = &[
    "向阳路", "蓝新路", "北关路", "东街", "西街", "南环路", "北环路", "玉山路", "文姬路", "城东路", "峣柳路",
    "华胥路",
];
#[rustfmt::skip]
const COMPOUNDS: &[&str] = &[
    "蓝田人家", "峣山花园", "阳光家园", "金色华府", "辋川新苑", "玉山名苑", "东方花园", "县医院家属院",
    "教师新村", "翰林苑",
];
#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "某石料厂", "某砖厂", "某养殖场", "某物业公司", "某建筑公司", "某驾校", "某玉器加工厂", "某混凝土搅拌站",
    "某食品厂",
];
const SCHOOLS: &[&str] = &["县城某小学", "县城某中学", "某镇中心小学", "某民办幼儿园"];

#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "何", "郭",
    "马", "罗", "宋", "郑", "韩", "唐", "冯", "董", "程", "曹", "袁", "许", "苏", "卢", "蒋", "贾", "丁",
    "魏", "薛", "阎", "苟", "雷", "杜", "姚", "樊",
];
#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂兰", "建国", "建军", "小红", "海燕", "志强", "文博", "永红", "卫东",
];
#[rustfmt::skip]
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "158", "159", "180", "182", "183", "185", "186", "187", "188", "189",
];

/// Clerks who sign the footers (制表 / 审核).
#[rustfmt::skip]
const CLERKS: &[(&str, &str)] = &[
    ("张丽", "王建军"),
    ("刘倩", "王建军"),
    ("张丽", "赵志刚"),
    ("李婷", "王建军"),
    ("刘倩", "赵志刚"),
];

const DONE: &str = "已办结";
const IN_PROGRESS: &str = "办理中";

const REPLY_DONE: &[&str] = &[
    "已安排专人现场核查，问题已解决，已向反映人答复。",
    "经核实情况属实，已责令整改到位。",
    "已联系反映人解释相关政策，反映人表示理解。",
    "已协调相关单位处理完毕，群众满意。",
    "经调查，反映问题部分属实，已督促整改并回复反映人。",
];
const REPLY_PROGRESS: &[&str] = &[
    "已现场核查，正在协调处理，预计{n}个工作日内办结。",
    "已转相关股室办理，正在落实。",
    "涉及多个部门，正在协调办理中。",
];

// ════════════════════════════════════════════════════════════════════════
// Calendar (2017–2018 State Council schedule) and the default deadline rule
// ════════════════════════════════════════════════════════════════════════

/// Statutory days off (inclusive ranges) announced by the State Council.
#[rustfmt::skip]
const OFF_RANGES: &[(&str, &str)] = &[
    ("2016-12-31", "2017-01-02"),
    ("2017-01-27", "2017-02-02"),
    ("2017-04-02", "2017-04-04"),
    ("2017-04-29", "2017-05-01"),
    ("2017-05-28", "2017-05-30"),
    ("2017-10-01", "2017-10-08"),
    ("2017-12-30", "2018-01-01"),
    ("2018-02-15", "2018-02-21"),
    ("2018-04-05", "2018-04-07"),
    ("2018-04-29", "2018-05-01"),
    ("2018-06-16", "2018-06-18"),
    ("2018-09-22", "2018-09-24"),
    ("2018-10-01", "2018-10-07"),
    ("2018-12-30", "2018-12-31"),
];
/// Make-up working days (调休上班) falling on weekends.
#[rustfmt::skip]
const MAKEUP_DAYS: &[&str] = &[
    "2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30", "2018-02-11", "2018-02-24",
    "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30", "2018-12-29",
];

/// Working-day calendar. Beyond 2018 it falls back to Monday–Friday (only the
/// realism of generated reply times depends on it).
struct Calendar {
    off: BTreeSet<NaiveDate>,
    makeup: BTreeSet<NaiveDate>,
}

impl Calendar {
    fn new() -> Calendar {
        let mut off = BTreeSet::new();
        for (a, b) in OFF_RANGES {
            let (mut d, end) = (date(a), date(b));
            while d <= end {
                off.insert(d);
                d = d.succ_opt().unwrap();
            }
        }
        let makeup = MAKEUP_DAYS.iter().map(|s| date(s)).collect();
        Calendar { off, makeup }
    }

    fn is_workday(&self, d: NaiveDate) -> bool {
        if self.makeup.contains(&d) {
            return true;
        }
        !self.off.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// A statutory holiday (not an ordinary weekend).
    fn is_holiday(&self, d: NaiveDate) -> bool {
        self.off.contains(&d)
    }

    /// The n-th working day strictly after `d` (n ≥ 1).
    fn nth_workday_after(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if self.is_workday(d) {
                left -= 1;
            }
        }
        d
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date literal")
}

fn dt(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(23, 59, 59).unwrap()
}

/// SPEC §4 default deadline (应反馈时间) of a case's assignments.
fn deadline(cal: &Calendar, case: &Case) -> NaiveDateTime {
    let t = case.at;
    if let Some(due) = case.explicit_due {
        if due >= t {
            return due;
        }
    }
    match case.urgency {
        "特急" => t + Duration::hours(2),
        "紧急" => end_of_day(t.date()),
        "" if case.source == MEDIA => end_of_day(t.date()),
        _ => end_of_day(cal.nth_workday_after(t.date(), 1)),
    }
}

// ════════════════════════════════════════════════════════════════════════
// The canonical model: cases and replies
// ════════════════════════════════════════════════════════════════════════

/// How a case's units are written in the intake exports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    /// All units in 承办单位, first is 主办: `县住建局、蓝关街道`.
    Listed,
    /// Lead in 承办单位, the others in 协办单位.
    CoColumn,
    /// `主办：X` / `协办：Y` prefixes in 承办单位, one per line; the lead may come last.
    Prefixed { lead_last: bool },
}

/// One registered case (事项), as the office really registered it.
#[derive(Clone, Debug)]
struct Case {
    id: String,
    source: &'static str,
    content: String,
    at: NaiveDateTime,
    /// Unit indices into [`UNITS`]; the first is 主办.
    units: Vec<usize>,
    layout: Layout,
    /// 特急 / 紧急 / 一般 / "" (blank).
    urgency: &'static str,
    explicit_due: Option<NaiveDateTime>,
    contact: String,
    phone: String,
}

/// A deliberate defect in how one reply row is written.
#[derive(Clone, Debug)]
enum ReplyFlaw {
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
struct Reply {
    case: usize,
    unit: usize,
    at: NaiveDateTime,
    status: &'static str,
    content: String,
    flaw: Option<ReplyFlaw>,
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn pick_weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
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

fn unit_index(name: &str) -> usize {
    UNITS
        .iter()
        .position(|u| u.name == name)
        .expect("known unit")
}

fn pick_lead_unit(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, u32)> = UNITS
        .iter()
        .enumerate()
        .map(|(i, u)| (i, u.weight))
        .collect();
    pick_weighted(rng, &weights)
}

fn person_name(rng: &mut Rng) -> String {
    let surname = *pick(rng, SURNAMES);
    match rng.u32(..10) {
        0..=2 => format!("{surname}{}", if rng.bool() { "先生" } else { "女士" }),
        _ => format!("{surname}{}", pick(rng, GIVEN)),
    }
}

fn mobile(rng: &mut Rng) -> String {
    format!(
        "{}{:08}",
        pick(rng, MOBILE_PREFIXES),
        rng.u32(..100_000_000)
    )
}

fn landline(rng: &mut Rng) -> String {
    format!("029-827{:05}", rng.u32(..100_000))
}

/// Fill a template's placeholders; returns the text and the town it happens in.
fn fill_template(rng: &mut Rng, template: &str, lead: usize) -> (String, usize) {
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

fn pick_urgency(rng: &mut Rng, source: &str) -> &'static str {
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
fn suits(source: &str, template: &str) -> bool {
    match source {
        "咨询" => template.starts_with("咨询"),
        "企业投诉" => template.contains("{企业}") || template.contains("商户"),
        "12345热线" => true,
        _ => !template.starts_with("咨询"),
    }
}

/// Lead unit and a template that suits the source (a bounded number of tries).
fn pick_topic(rng: &mut Rng, source: &str) -> (usize, &'static str) {
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
fn pick_co_units(rng: &mut Rng, lead: usize, place: usize) -> Vec<usize> {
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
fn make_case(rng: &mut Rng, cal: &Calendar, at: NaiveDateTime) -> Case {
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
fn instant_between(rng: &mut Rng, lo: NaiveDateTime, hi: NaiveDateTime) -> NaiveDateTime {
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
fn office_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    instant_between(rng, dt(d, 8, 30), dt(d, 18, 0))
}

/// A reply time at or before `due` (and after `t`): mostly office hours on a
/// working day; now and then someone on duty over a weekend or holiday.
fn on_time_reply(
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
fn late_reply(rng: &mut Rng, cal: &Calendar, due: NaiveDateTime) -> NaiveDateTime {
    if due.time() != NaiveTime::from_hms_opt(23, 59, 59).unwrap() && rng.bool() {
        return due + Duration::minutes(rng.i64(20..=300));
    }
    let k = pick_weighted(rng, &[(1, 40), (2, 25), (3, 15), (4, 12), (5, 8)]);
    office_time(rng, cal.nth_workday_after(due.date(), k))
}

fn reply_text(rng: &mut Rng, status: &str) -> String {
    let list = if status == DONE {
        REPLY_DONE
    } else {
        REPLY_PROGRESS
    };
    pick(rng, list).replace("{n}", &rng.u32(2..=5).to_string())
}

/// The replies of one unit on one case, until `cutoff` (the data export time).
fn unit_replies(
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

fn make_replies(
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
fn make_cases(
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

// ════════════════════════════════════════════════════════════════════════
// Rendering: cells, tables, workbooks, CSV
// ════════════════════════════════════════════════════════════════════════

/// One cell of an output table.
#[derive(Clone, Debug)]
enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A phone number stored as a number (as some exports do).
    Number(f64),
    /// A real Excel date-time cell with this number format.
    Date(NaiveDateTime, &'static str),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell as CSV text.
    fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Number(f) => format!("{f}"),
            Cell::Date(d, _) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// A sheet (or CSV file) to write.
struct Table {
    sheet: String,
    /// Merged title row above everything.
    title: Option<String>,
    blank_above_header: bool,
    headers: Vec<String>,
    widths: Vec<f64>,
    rows: Vec<Vec<Cell>>,
    /// Insert a blank row before these data-row indices.
    blank_before: BTreeSet<usize>,
    footers: Vec<String>,
    /// Merge runs of equal consecutive text cells of this column vertically.
    merge_col: Option<usize>,
}

impl Table {
    fn new(sheet: &str, headers: &[&str]) -> Table {
        Table {
            sheet: sheet.to_string(),
            title: None,
            blank_above_header: false,
            headers: headers.iter().map(|s| s.to_string()).collect(),
            widths: vec![],
            rows: vec![],
            blank_before: BTreeSet::new(),
            footers: vec![],
            merge_col: None,
        }
    }
}

/// Where a table's rows landed (1-based Excel/CSV row numbers).
#[derive(Clone, Debug, Default)]
struct Placed {
    header_row: u32,
    data_rows: Vec<u32>,
    blank_rows: usize,
    footer_rows: usize,
}

/// Workbook with fixed document properties, so output is byte-stable.
fn new_workbook(title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(title)
        .set_author("蓝田县马上就办办公室")
        .set_company("蓝田县人民政府")
        .set_creation_datetime(&dt(date("2017-02-13"), 18, 0));
    wb.set_properties(&props);
    wb
}

/// Formats shared by the tables of one workbook.
struct Formats {
    title: Format,
    header: Format,
    body: Format,
    merged: Format,
    int: Format,
    dates: BTreeMap<&'static str, Format>,
}

impl Formats {
    fn new() -> Formats {
        let body = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            header: body
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            merged: body.clone().set_align(FormatAlign::VerticalCenter),
            int: body.clone().set_num_format("0"),
            body,
            dates: BTreeMap::new(),
        }
    }

    fn date(&mut self, num_format: &'static str) -> &Format {
        let body = self.body.clone();
        self.dates
            .entry(num_format)
            .or_insert_with(|| body.set_num_format(num_format))
    }
}

fn write_cell(ws: &mut Worksheet, f: &mut Formats, row: u32, col: u16, cell: &Cell) -> Res<()> {
    match cell {
        Cell::Empty => {
            ws.write_blank(row, col, &f.body)?;
        }
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.body)?;
        }
        Cell::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, &f.int)?;
        }
        Cell::Number(x) => {
            ws.write_number_with_format(row, col, *x, &f.int)?;
        }
        Cell::Date(d, nf) => {
            let fmt = f.date(nf).clone();
            ws.write_datetime_with_format(row, col, d, &fmt)?;
        }
    }
    Ok(())
}

/// Write a table into a new worksheet of `wb`.
fn write_table(wb: &mut Workbook, f: &mut Formats, t: &Table) -> Res<Placed> {
    let ws = wb.add_worksheet();
    ws.set_name(&t.sheet)?;
    let ncols = t.headers.len() as u16;
    for (c, w) in t.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row: u32 = 0;
    if let Some(title) = &t.title {
        if ncols > 1 {
            ws.merge_range(0, 0, 0, ncols - 1, title, &f.title)?;
        } else {
            ws.write_string_with_format(0, 0, title, &f.title)?;
        }
        ws.set_row_height(0, 30)?;
        row += 1;
    }
    if t.blank_above_header {
        row += 1;
    }
    let mut placed = Placed {
        header_row: row + 1,
        ..Placed::default()
    };
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    row += 1;
    for (i, cells) in t.rows.iter().enumerate() {
        if t.blank_before.contains(&i) {
            row += 1;
            placed.blank_rows += 1;
        }
        for (c, cell) in cells.iter().enumerate() {
            if Some(c) != t.merge_col {
                write_cell(ws, f, row, c as u16, cell)?;
            }
        }
        placed.data_rows.push(row + 1);
        row += 1;
    }
    if let Some(mc) = t.merge_col {
        merge_runs(ws, f, t, mc, &placed.data_rows)?;
    }
    for footer in &t.footers {
        ws.merge_range(row, 0, row, ncols.min(4) - 1, footer, &Format::new())?;
        placed.footer_rows += 1;
        row += 1;
    }
    ws.set_freeze_panes(placed.header_row, 0)?;
    Ok(placed)
}

/// Write column `col` merging vertical runs of equal text (a 台账 habit).
fn merge_runs(ws: &mut Worksheet, f: &mut Formats, t: &Table, col: usize, rows: &[u32]) -> Res<()> {
    let mut i = 0;
    while i < t.rows.len() {
        let mut j = i + 1;
        while j < t.rows.len()
            && rows[j] == rows[j - 1] + 1
            && matches!((&t.rows[i][col], &t.rows[j][col]), (Cell::Text(a), Cell::Text(b)) if a == b)
        {
            j += 1;
        }
        let (r0, r1) = (rows[i] - 1, rows[j - 1] - 1);
        match &t.rows[i][col] {
            Cell::Text(s) if j - i > 1 => {
                ws.merge_range(r0, col as u16, r1, col as u16, s, &f.merged)?;
            }
            cell => write_cell(ws, f, r0, col as u16, cell)?,
        }
        i = j;
    }
    Ok(())
}

/// Save tables as one workbook.
fn save_workbook(path: &Path, title: &str, tables: &[Table]) -> Res<Vec<Placed>> {
    let mut wb = new_workbook(title);
    let mut f = Formats::new();
    let mut placed = vec![];
    for t in tables {
        placed.push(write_table(&mut wb, &mut f, t)?);
    }
    wb.save(path)?;
    Ok(placed)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Save a table as a GBK-encoded CSV with CRLF line ends (no title rows).
fn save_csv_gbk(path: &Path, t: &Table) -> Res<Placed> {
    let mut text = String::new();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|s| csv_field(s))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    text.push_str(&line(t.headers.clone()));
    let mut placed = Placed {
        header_row: 1,
        ..Placed::default()
    };
    for (i, row) in t.rows.iter().enumerate() {
        text.push_str(&line(row.iter().map(Cell::csv).collect()));
        placed.data_rows.push(i as u32 + 2);
    }
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&text);
    if had_errors {
        return Err(format!("{}: text not representable in GBK", path.display()).into());
    }
    std::fs::write(path, bytes)?;
    Ok(placed)
}

// ── Date-time text forms (SPEC §2) ──────────────────────────────────────

/// How an export writes date-times.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DateStyle {
    /// Real Excel date-time cells with this number format.
    Cell(&'static str),
    /// `2017-01-12 09:30`
    Iso,
    /// `2017/1/12 9:30`
    Slash,
    /// A mix of Chinese and other text forms, chosen per cell.
    Mixed,
}

fn secs_suffix(t: NaiveDateTime, colon: bool) -> String {
    match (t.second(), colon) {
        (0, _) => String::new(),
        (s, true) => format!(":{s:02}"),
        (s, false) => format!("{s}秒"),
    }
}

fn text_iso(t: NaiveDateTime) -> String {
    format!("{}{}", t.format("%Y-%m-%d %H:%M"), secs_suffix(t, true))
}

fn text_slash(t: NaiveDateTime) -> String {
    format!(
        "{}/{}/{} {}:{:02}{}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        secs_suffix(t, true)
    )
}

fn text_chinese_hm(t: NaiveDateTime) -> String {
    format!(
        "{}年{}月{}日{}时{}分{}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        secs_suffix(t, false)
    )
}

fn text_mixed(rng: &mut Rng, t: NaiveDateTime) -> String {
    let (y, m, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    match rng.u32(..6) {
        0 => format!("{y}年{m}月{d}日 {h}:{mi:02}{}", secs_suffix(t, true)),
        1 | 2 => text_chinese_hm(t),
        3 => format!("{y}.{m}.{d} {h}:{mi:02}{}", secs_suffix(t, true)),
        4 if t.second() == 0 => t.format("%Y%m%d %H%M").to_string(),
        _ => format!("{}{}", t.format("%Y-%m-%dT%H:%M"), secs_suffix(t, true)),
    }
}

fn render_time(rng: &mut Rng, t: NaiveDateTime, style: DateStyle) -> Cell {
    match style {
        DateStyle::Cell(nf) => Cell::Date(t, nf),
        DateStyle::Iso => Cell::Text(text_iso(t)),
        DateStyle::Slash => Cell::Text(text_slash(t)),
        DateStyle::Mixed => Cell::Text(text_mixed(rng, t)),
    }
}

// ════════════════════════════════════════════════════════════════════════
// Intake exports
// ════════════════════════════════════════════════════════════════════════

/// Why a row is an anomaly (the expected-answer key).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reason {
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
    fn zh(self) -> &'static str {
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

    fn en(self) -> &'static str {
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
    fn still_used(self) -> bool {
        matches!(
            self,
            Reason::Conflict | Reason::DueBeforeIntake | Reason::UnlistedUnit
        )
    }
}

/// One line of the anomaly key.
#[derive(Clone, Debug)]
struct KeyRow {
    file: String,
    sheet: String,
    row: u32,
    id: String,
    reason: Reason,
    note_zh: String,
    note_en: String,
}

/// A deliberate defect in how one intake row is written.
#[derive(Clone, Debug)]
enum IntakeFlaw {
    BlankId,
    /// 交办时间 written as this (unparseable) text.
    TimeText(String),
    /// 承办单位 written as this (the case was reassigned later).
    UnitText(String),
}

/// How one weekly intake export looks.
#[derive(Clone, Debug)]
struct IntakeStyle {
    sheet: &'static str,
    /// In canonical order: 事项编号 来源 事项内容 交办时间 承办单位 协办单位
    /// 紧急程度 办理时限 联系人 联系电话.
    headers: [&'static str; 10],
    /// A leading 序号 column.
    serial_col: bool,
    blank_above_header: bool,
    dates: DateStyle,
    /// Share of unit names written by an alias.
    alias_rate: f64,
    unit_sep: &'static str,
    phone_numeric: bool,
    /// A blank row between the previous week's and this week's cases.
    blank_between_weeks: bool,
    traditional: bool,
    /// An extra 填表说明 sheet (not data; to be skipped).
    notes_sheet: bool,
}

/// The five export styles, used in turn (samples: W02..W06).
fn intake_styles() -> Vec<IntakeStyle> {
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

fn unit_text(rng: &mut Rng, u: usize, alias_rate: f64) -> String {
    let def = &UNITS[u];
    if !def.aliases.is_empty() && rng.f64() < alias_rate {
        pick(rng, def.aliases).to_string()
    } else {
        def.name.to_string()
    }
}

/// 承办单位 and 协办单位 cell texts of a case.
fn unit_cells(rng: &mut Rng, case: &Case, style: &IntakeStyle) -> (String, String) {
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
fn intake_signature(case: &Case, flaw: Option<&IntakeFlaw>) -> String {
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
fn intake_row(
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

const INTAKE_WIDTHS: [f64; 10] = [14.0, 11.0, 44.0, 18.0, 24.0, 14.0, 9.0, 18.0, 9.0, 14.0];

fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn zh_range(a: NaiveDate, b: NaiveDate) -> String {
    if a.year() == b.year() {
        format!("{}—{}月{}日", zh_date(a), b.month(), b.day())
    } else {
        format!("{}—{}", zh_date(a), zh_date(b))
    }
}

/// Traditional forms of the few characters used in titles and footers.
fn to_traditional(s: &str) -> String {
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
const MAX_DATA_ROWS: usize = 1_000_000;

/// Which week an intake export is for: it holds the cases from `from` (the
/// previous week's Monday) to `to` (this week's Sunday).
struct Export {
    this_week: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    clerk: (&'static str, &'static str),
}

impl Export {
    /// The export whose own week starts on `this_week` (a Monday).
    fn new(this_week: NaiveDate, clerk: (&'static str, &'static str)) -> Export {
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
fn intake_tables(
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

// ════════════════════════════════════════════════════════════════════════
// Reply logs, units workbook, combined ledger
// ════════════════════════════════════════════════════════════════════════

/// How one reply log looks.
#[derive(Clone, Debug)]
struct ReplyStyle {
    sheet: &'static str,
    title: Option<String>,
    /// 事项编号 反馈单位 反馈时间 办理状态 反馈内容 (in the spelling of this log).
    headers: [&'static str; 5],
    dates: DateStyle,
    alias_rate: f64,
    footer: bool,
}

/// Canonical content of a reply (for duplicate detection).
fn reply_signature(cases: &[Case], r: &Reply) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        cases[r.case].id, UNITS[r.unit].name, r.at, r.status, r.content
    )
}

fn reply_row(rng: &mut Rng, cases: &[Case], r: &Reply, style: &ReplyStyle) -> Vec<Cell> {
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

fn reply_tables(
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
fn units_table() -> Table {
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

// ════════════════════════════════════════════════════════════════════════
// Bookkeeping: what each file holds, and the expected reconciliation
// ════════════════════════════════════════════════════════════════════════

/// Per-sheet expectations.
#[derive(Clone, Debug, Default)]
struct SheetSummary {
    sheet: String,
    kind: &'static str,
    header_row: u32,
    data_rows: usize,
    blank_rows: usize,
    footer_rows: usize,
    /// Rows yielding new records (first occurrences; incl. still-used anomalies).
    used: usize,
    duplicates: usize,
    /// Rows listed in 异常数据 (incl. still-used ones).
    anomalies: usize,
}

#[derive(Clone, Debug)]
struct FileSummary {
    file: String,
    zh: String,
    en: String,
    sheets: Vec<SheetSummary>,
}

/// Tracks what a correct reader has already seen, in file order.
#[derive(Default)]
struct Ledger {
    /// 事项编号 → (signature, file, row) of the row that was used.
    intake_seen: BTreeMap<String, (String, String, u32)>,
    reply_seen: BTreeSet<String>,
    key: Vec<KeyRow>,
}

impl Ledger {
    fn anomaly(
        &mut self,
        s: &mut SheetSummary,
        at: (&str, u32),
        id: &str,
        reason: Reason,
        note: (String, String),
    ) {
        let ((file, row), (zh, en)) = (at, note);
        s.anomalies += 1;
        self.key.push(KeyRow {
            file: file.into(),
            sheet: s.sheet.clone(),
            row,
            id: id.into(),
            reason,
            note_zh: zh,
            note_en: en,
        });
    }

    /// Classify one intake row written at `row`.
    fn intake_row(
        &mut self,
        s: &mut SheetSummary,
        file: &str,
        row: u32,
        case: &Case,
        flaw: Option<&IntakeFlaw>,
    ) {
        match flaw {
            Some(IntakeFlaw::BlankId) => {
                let zh = format!("该行实为{}，本表漏填编号；下一期导出中有编号", case.id);
                let en = format!(
                    "the row is {}; its number is missing here but present in the next export",
                    case.id
                );
                return self.anomaly(s, (file, row), "", Reason::MissingId, (zh, en));
            }
            Some(IntakeFlaw::TimeText(t)) => {
                let zh = format!("“{t}”（应为{}）；上一期导出中该事项正常", text_iso(case.at));
                let en = format!(
                    "\"{t}\" (meant {}); the case is read correctly from the previous export",
                    text_iso(case.at)
                );
                return self.anomaly(s, (file, row), &case.id, Reason::BadIntakeTime, (zh, en));
            }
            _ => {}
        }
        let sig = intake_signature(case, flaw);
        match self.intake_seen.get(&case.id) {
            Some((prev, _, _)) if *prev == sig => {
                s.duplicates += 1;
                return;
            }
            Some((_, pfile, prow)) => {
                let units = case
                    .units
                    .iter()
                    .map(|&u| UNITS[u].name)
                    .collect::<Vec<_>>()
                    .join("、");
                let zh =
                    format!("与{pfile}第{prow}行承办单位不同（改派），本行为{units}，以本行为准");
                let en = format!(
                    "{pfile} row {prow} names a different unit; this row (reassigned to {units}) wins"
                );
                self.intake_seen
                    .insert(case.id.clone(), (sig, file.to_string(), row));
                s.used += 1;
                return self.anomaly(s, (file, row), &case.id, Reason::Conflict, (zh, en));
            }
            None => {}
        }
        self.intake_seen
            .insert(case.id.clone(), (sig, file.to_string(), row));
        s.used += 1;
        if let Some(due) = case.explicit_due.filter(|d| *d < case.at) {
            let zh = format!("办理时限{}早于交办时间{}", text_iso(due), text_iso(case.at));
            let en = format!(
                "办理时限 {} is before 交办时间 {}",
                text_iso(due),
                text_iso(case.at)
            );
            self.anomaly(s, (file, row), &case.id, Reason::DueBeforeIntake, (zh, en));
        }
        for &u in &case.units {
            if UNITS[u].group == Group::Unlisted {
                let zh = format!("{}不在单位名单中；该事项仍计入未分组", UNITS[u].name);
                let en = format!(
                    "{} is not in 单位名单.xlsx; still judged, group 未分组",
                    UNITS[u].name
                );
                self.anomaly(s, (file, row), &case.id, Reason::UnlistedUnit, (zh, en));
            }
        }
    }

    /// Classify one reply row written at `row`.
    fn reply_row(&mut self, s: &mut SheetSummary, file: &str, row: u32, cases: &[Case], r: &Reply) {
        let id = &cases[r.case].id;
        match &r.flaw {
            Some(ReplyFlaw::WrongId(w)) => {
                let zh = format!("应为{id}（年份笔误）");
                let en = format!("meant {id} (year typo)");
                return self.anomaly(s, (file, row), w, Reason::UnknownId, (zh, en));
            }
            Some(ReplyFlaw::TimeText(t, reason)) => {
                let zh = format!(
                    "“{t}”（应为{}），交办时间{}",
                    text_iso(r.at),
                    text_iso(cases[r.case].at)
                );
                let en = format!(
                    "\"{t}\" (meant {}); 交办时间 {}",
                    text_iso(r.at),
                    text_iso(cases[r.case].at)
                );
                return self.anomaly(s, (file, row), id, *reason, (zh, en));
            }
            Some(ReplyFlaw::TimeBlank) => {
                let zh = "办理状态为办理中，反馈时间漏填".to_string();
                let en = "status 办理中, 反馈时间 left blank".to_string();
                return self.anomaly(s, (file, row), id, Reason::MissingReplyTime, (zh, en));
            }
            Some(ReplyFlaw::Unassigned) => {
                let assigned = cases[r.case]
                    .units
                    .iter()
                    .map(|&u| UNITS[u].name)
                    .collect::<Vec<_>>()
                    .join("、");
                let zh = format!("{}未承办该事项（承办单位：{assigned}）", UNITS[r.unit].name);
                let en = format!(
                    "{} is not assigned (assigned: {assigned})",
                    UNITS[r.unit].name
                );
                return self.anomaly(s, (file, row), id, Reason::UnassignedUnit, (zh, en));
            }
            None => {}
        }
        if self.reply_seen.insert(reply_signature(cases, r)) {
            s.used += 1;
        } else {
            s.duplicates += 1;
        }
    }
}

fn sheet_summary(t: &Table, p: &Placed, kind: &'static str) -> SheetSummary {
    SheetSummary {
        sheet: t.sheet.clone(),
        kind,
        header_row: p.header_row,
        data_rows: p.data_rows.len(),
        blank_rows: p.blank_rows,
        footer_rows: p.footer_rows,
        ..SheetSummary::default()
    }
}

// ════════════════════════════════════════════════════════════════════════
// Samples mode
// ════════════════════════════════════════════════════════════════════════

const SAMPLE_SEED: u64 = 2017_0103;
const SAMPLE_FIRST_DAY: &str = "2017-01-03";
const SAMPLE_LAST_DAY: &str = "2017-02-10";

/// Data export time: the last reply logged.
fn sample_cutoff() -> NaiveDateTime {
    dt(date("2017-02-13"), 18, 0)
}

/// 8–20 cases per working day, 1–2 per Spring Festival holiday day (duty
/// hotline), none on ordinary weekends.
fn sample_plan(rng: &mut Rng, cal: &Calendar) -> Vec<(NaiveDate, usize)> {
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
fn take_case(cases: &[Case], touched: &mut BTreeSet<usize>, pred: impl Fn(&Case) -> bool) -> usize {
    let i = (0..cases.len())
        .find(|&i| !touched.contains(&i) && pred(&cases[i]))
        .expect("the sample data holds a case for every scenario");
    touched.insert(i);
    i
}

fn plain(c: &Case) -> bool {
    c.source != MEDIA && c.units.len() == 1 && UNITS[c.units[0]].group != Group::Unlisted
}

fn on_day(c: &Case, d: &str) -> bool {
    c.at.date() == date(d)
}

/// Deliberate intake anomalies: edits to the canonical cases, and per-file
/// row flaws keyed by (export index, case index).
fn intake_scenarios(
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
enum ReplyFile {
    January,
    SpringFestival,
    February,
}

fn reply_file(r: &Reply) -> ReplyFile {
    if r.at < dt(date("2017-01-26"), 0, 0) {
        ReplyFile::January
    } else if r.at < dt(date("2017-02-04"), 0, 0) {
        ReplyFile::SpringFestival
    } else {
        ReplyFile::February
    }
}

/// `LT2017-0045` → `LT2016-0045`: last year's number typed by habit.
fn year_typo(id: &str) -> String {
    let year: i32 = id[2..6].parse().expect("LT<year>-<seq>");
    format!("LT{}{}", year - 1, &id[6..])
}

/// Deliberate reply anomalies (rendering flaws and one extra reply).
fn reply_scenarios(cases: &[Case], replies: &mut Vec<Reply>, touched: &mut BTreeSet<usize>) {
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
struct SampleRun {
    files: Vec<FileSummary>,
    key: Vec<KeyRow>,
    cases: usize,
    assignments: usize,
    replies: usize,
    media: usize,
    multi_unit: usize,
}

fn iso_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn run_samples(out: &Path, convert_xls: bool) -> Res<SampleRun> {
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

fn intake_file_notes(k: usize, style: &IntakeStyle) -> (String, String) {
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
fn write_sample_replies(
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
fn convert_to_xls(src: &Path, out: &Path) -> Res<()> {
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
fn write_media_ledger(
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

// ── README ───────────────────────────────────────────────────────────────

fn readme(run: &SampleRun, cases: &[Case], replies: &[Reply]) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# 样例数据 / Sample data\n");
    let _ = writeln!(w, "> 由 `cargo run --release --example gen_samples -- samples` 生成（除 `.xls` 外每次生成字节完全相同），请勿手工修改。");
    let _ = writeln!(w, "> Generated by `cargo run --release --example gen_samples -- samples` (byte-identical on every run, except the `.xls`); do not edit by hand.\n");
    let _ = writeln!(w, "## 说明（中文）\n");
    let _ = writeln!(w, "蓝田县马上就办办公室2017年1月3日—2月10日的模拟数据：{} 件事项（{} 件多单位事项，{} 件媒体曝光），{} 个承办任务，{} 条反馈（截至2017年2月13日18:00）。", run.cases, run.multi_unit, run.media, run.assignments, run.replies);
    let _ = writeln!(w, "日历：1月22日（周日）、2月4日（周六）调休上班，1月27日—2月2日春节放假。各周导出互相重叠（每份含本周及上周），同一事项在不同文件中格式不同（文本日期/Excel日期、单位简称），均应识别为重复。");
    let _ = writeln!(w, "单位表现：县公安局、蓝关街道、汤峪镇、县市场监管局、国网蓝田县供电分公司、县自来水公司一贯较好；县住建局、县国土资源局、葛牌镇、九间房镇、县天然气公司一贯较差。");
    let _ = writeln!(
        w,
        "输入中最晚的时间是2017年2月13日（第7周）的反馈，故默认统计期为 2017-W06。\n"
    );
    let _ = writeln!(w, "`反馈登记_2017-02.xls` 的来源：生成器把同内容的xlsx写到临时目录 `$TMPDIR/mashang_xls_source/`，再用 LibreOffice 转换：`soffice --headless --convert-to xls --outdir samples 反馈登记_2017-02.xlsx`（或运行生成器时加 `--convert-xls`）。xlsx 源文件不提交，以免与 .xls 重复。\n");
    let _ = writeln!(w, "## Notes (English)\n");
    let _ = writeln!(w, "Simulated data of the Lantian county 马上就办 office, 2017-01-03 … 2017-02-10: {} cases ({} with several units, {} 媒体曝光), {} assignments, {} replies (data exported 2017-02-13 18:00).", run.cases, run.multi_unit, run.media, run.assignments, run.replies);
    let _ = writeln!(w, "Calendar: 2017-01-22 (Sunday) and 2017-02-04 (Saturday) were working days; 2017-01-27 … 02-02 Spring Festival. The weekly exports overlap (each holds its week and the previous one); the same case is formatted differently in different files (text vs Excel dates, unit aliases, a phone number stored as a number) and must be recognised as a duplicate.");
    let _ = writeln!(w, "Unit behaviour: consistently good — 县公安局, 蓝关街道, 汤峪镇, 县市场监管局, 国网蓝田县供电分公司, 县自来水公司; consistently bad — 县住建局, 县国土资源局, 葛牌镇, 九间房镇, 县天然气公司.");
    let _ = writeln!(w, "The latest time stamp in the inputs is a reply of 2017-02-13 (2017-W07), so the default report period is 2017-W06.\n");
    let _ = writeln!(w, "How `反馈登记_2017-02.xls` was made: the generator writes the same data as xlsx to `$TMPDIR/mashang_xls_source/`, converted once with LibreOffice: `soffice --headless --convert-to xls --outdir samples 反馈登记_2017-02.xlsx` (or run the generator with `--convert-xls`). The xlsx source is not committed, so the cases are not duplicated by it.\n");

    let _ = writeln!(w, "## 文件 / Files\n");
    let _ = writeln!(w, "Files are read in lexicographic order (交办登记… < 单位名单 < 反馈登记_2017-01 < 反馈登记_2017-02 < 反馈登记_春节 < 媒体曝光…). Row numbers are Excel row numbers (CSV: line numbers).\n");
    let _ = writeln!(w, "| 文件 file | 工作表 sheet | 类型 kind | 表头行 header row | 数据行 data rows | 空行 blank | 页脚 footer | 采用 used | 重复 duplicates | 异常 anomalies |");
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|---|---|");
    for f in &run.files {
        for sh in &f.sheets {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                f.file,
                sh.sheet,
                sh.kind,
                sh.header_row,
                sh.data_rows,
                sh.blank_rows,
                sh.footer_rows,
                sh.used,
                sh.duplicates,
                sh.anomalies
            );
        }
    }
    let _ = writeln!(w, "\n“采用”含仍被使用的异常行（冲突重复、办理时限早于交办时间、单位不在名单），这些行同时计入“异常”。“数据行”不含空行与页脚行。");
    let _ = writeln!(w, "\"used\" counts the anomaly rows that are still used (conflicting duplicate, 办理时限 before 交办时间, unit not listed); those rows are also counted under \"anomalies\". \"data rows\" excludes blank and footer rows.\n");
    for f in &run.files {
        let _ = writeln!(w, "- **{}** — {}  \n  {}", f.file, f.zh, f.en);
    }

    let _ = writeln!(w, "\n## 异常答案 / Anomaly key\n");
    let _ = writeln!(
        w,
        "| # | 文件 file | 工作表 sheet | 行号 row | 事项编号 | 问题 | reason | 说明 / detail |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|");
    for (i, k) in run.key.iter().enumerate() {
        let used = if k.reason.still_used() {
            "（仍使用 / still used）"
        } else {
            ""
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {}{} | {} | {} / {} |",
            i + 1,
            k.file,
            k.sheet,
            k.row,
            if k.id.is_empty() {
                "（空）"
            } else {
                k.id.as_str()
            },
            k.reason.zh(),
            used,
            k.reason.en(),
            k.note_zh,
            k.note_en
        );
    }
    let _ = writeln!(
        w,
        "\n除上表外没有其他异常。No other anomalies are expected."
    );
    let _ = writeln!(
        w,
        "\n## 各单位承办与反馈 / Assignments and replies per unit\n"
    );
    let _ = writeln!(
        w,
        "| 承办单位 | 分组 | 承办任务 assignments | 反馈 replies |"
    );
    let _ = writeln!(w, "|---|---|---|---|");
    for (u, def) in UNITS.iter().enumerate() {
        let n_assign = cases.iter().filter(|c| c.units.contains(&u)).count();
        let n_reply = replies
            .iter()
            .filter(|r| r.unit == u && r.flaw.is_none())
            .count();
        let group = if def.group == Group::Unlisted {
            "（未列入）"
        } else {
            def.group.label()
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            def.name, group, n_assign, n_reply
        );
    }
    s
}

// ════════════════════════════════════════════════════════════════════════
// Large mode (benchmarks)
// ════════════════════════════════════════════════════════════════════════

/// Spread `n` cases over the days from `first` to `last`: working days weigh
/// 10, holidays 1 (duty hotline), ordinary weekends 0.
fn large_plan(
    cal: &Calendar,
    first: NaiveDate,
    last: NaiveDate,
    n: usize,
) -> Vec<(NaiveDate, usize)> {
    let mut days = vec![];
    let mut d = first;
    while d <= last {
        let w = if cal.is_workday(d) {
            10
        } else if cal.is_holiday(d) {
            1
        } else {
            0
        };
        days.push((d, w as u64));
        d = d.succ_opt().unwrap();
    }
    let total: u64 = days.iter().map(|(_, w)| w).sum();
    let mut acc = 0u64;
    let mut plan = vec![];
    for (d, w) in days {
        let before = (acc * n as u64 / total) as usize;
        acc += w;
        let after = (acc * n as u64 / total) as usize;
        plan.push((d, after - before));
    }
    plan
}

struct LargeArgs {
    cases: usize,
    files: usize,
    out: PathBuf,
}

fn run_large(a: &LargeArgs) -> Res<()> {
    let started = Instant::now();
    std::fs::create_dir_all(&a.out)?;
    let cal = Calendar::new();
    let mut rng = Rng::with_seed(0x006d_6173_6861_6e67 ^ ((a.cases as u64) << 8) ^ a.files as u64);
    let first = date("2017-01-02"); // Monday of 2017-W01
    let last = first + Duration::weeks(a.files as i64 + 1) - Duration::days(1);
    let plan = large_plan(&cal, first, last, a.cases);
    let width = a.cases.to_string().len().max(4);
    let cases = make_cases(&mut rng, &cal, &plan, width);
    let cutoff = dt(last.succ_opt().unwrap(), 18, 0);
    let mut replies = make_replies(&mut rng, &cal, &cases, cutoff);
    // Sprinkle a few realistic defects: ~1 in 20,000 rows.
    for r in replies.iter_mut() {
        if rng.u32(..20_000) == 0 {
            r.flaw = Some(ReplyFlaw::WrongId(year_typo(&cases[r.case].id)));
        }
    }
    let mut intake_rows = 0usize;
    let mut anomalies = 0usize;
    let styles = intake_styles();
    for k in 0..a.files {
        let this_week = first + Duration::weeks(k as i64 + 1);
        let export = Export::new(this_week, CLERKS[k % CLERKS.len()]);
        let lo = cases.partition_point(|c| c.at.date() < export.from);
        let hi = cases.partition_point(|c| c.at.date() <= export.to);
        let idxs: Vec<usize> = (lo..hi).collect();
        let mut flaws = BTreeMap::new();
        for &i in &idxs {
            match rng.u32(..40_000) {
                0 => {
                    flaws.insert(i, IntakeFlaw::BlankId);
                }
                1 => {
                    let t = cases[i].at;
                    flaws.insert(
                        i,
                        IntakeFlaw::TimeText(format!(
                            "{}年{}月32日{}时{}分",
                            t.year(),
                            t.month(),
                            t.hour(),
                            t.minute()
                        )),
                    );
                }
                _ => {}
            }
        }
        anomalies += flaws.len();
        let mut style = styles[k % styles.len()].clone();
        style.notes_sheet = false;
        let tables = intake_tables(&mut rng, &cases, &idxs, &export, &style, &flaws);
        let name = format!("交办登记_{}.xlsx", iso_label(this_week));
        save_workbook(&a.out.join(&name), "交办事项登记表", &tables)?;
        intake_rows += idxs.len();
        eprintln!("  {name}: {} rows in {} sheet(s)", idxs.len(), tables.len());
    }
    save_workbook(&a.out.join("单位名单.xlsx"), "单位名单", &[units_table()])?;
    // Monthly reply logs.
    let mut months: BTreeMap<(i32, u32), Vec<&Reply>> = BTreeMap::new();
    for r in &replies {
        months
            .entry((r.at.year(), r.at.month()))
            .or_default()
            .push(r);
    }
    for ((y, m), rs) in &months {
        let style = ReplyStyle {
            sheet: "反馈登记",
            title: Some(format!("蓝田县马上就办事项反馈登记表（{y}年{m}月）")),
            headers: ["事项编号", "反馈单位", "反馈时间", "办理状态", "反馈内容"],
            dates: DateStyle::Cell("yyyy-mm-dd hh:mm"),
            alias_rate: 0.1,
            footer: true,
        };
        let tables = reply_tables(&mut rng, &cases, rs, &style);
        let name = format!("反馈登记_{y}-{m:02}.xlsx");
        save_workbook(&a.out.join(&name), "反馈登记表", &tables)?;
        eprintln!("  {name}: {} rows in {} sheet(s)", rs.len(), tables.len());
    }
    anomalies += replies.iter().filter(|r| r.flaw.is_some()).count();
    println!(
        "large: {} cases, {} assignments, {} replies ({:.2}/case), {} intake rows in {} files, {} deliberate anomalies; {} → {:.1}s",
        cases.len(),
        cases.iter().map(|c| c.units.len()).sum::<usize>(),
        replies.len(),
        replies.len() as f64 / cases.len().max(1) as f64,
        intake_rows,
        a.files,
        anomalies,
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ════════════════════════════════════════════════════════════════════════
// Command line
// ════════════════════════════════════════════════════════════════════════

const USAGE: &str = "usage:
  gen_samples [--convert-xls] OUT_DIR                       sample folder (e.g. samples)
  gen_samples --large [--cases N] [--files F] OUT_DIR        benchmark inputs (default 100000 cases, 15 files)";

fn main() {
    if let Err(e) = real_main() {
        eprintln!("gen_samples: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let (mut large, mut convert_xls, mut cases, mut files, mut out) =
        (false, false, 100_000usize, 15usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--large" => large = true,
            "--convert-xls" => convert_xls = true,
            "--cases" => cases = args.next().ok_or(USAGE)?.parse()?,
            "--files" => files = args.next().ok_or(USAGE)?.parse()?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}").into()),
            s => out = Some(PathBuf::from(s)),
        }
    }
    let out = out.ok_or(USAGE)?;
    if large {
        if files == 0 || cases == 0 {
            return Err("--cases and --files must be at least 1".into());
        }
        return run_large(&LargeArgs { cases, files, out });
    }
    let run = run_samples(&out, convert_xls)?;
    println!(
        "samples: {} cases, {} assignments, {} replies, {} deliberate anomalies → {}",
        run.cases,
        run.assignments,
        run.replies,
        run.key.len(),
        out.display()
    );
    for f in &run.files {
        for s in &f.sheets {
            println!(
                "  {} [{}]: {} data rows ({} used, {} duplicates, {} anomalies)",
                f.file, s.sheet, s.data_rows, s.used, s.duplicates, s.anomalies
            );
        }
    }
    if !convert_xls {
        println!("  (反馈登记_2017-02.xls not regenerated; source at {}; pass --convert-xls to convert it with LibreOffice)", std::env::temp_dir().join("mashang_xls_source").display());
    }
    Ok(())
}
