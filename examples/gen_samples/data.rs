//! Data tables: units, sources, content phrases, names, clerks.

/// Unit group (分组) as written in `单位名单.xlsx`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group {
    Town,
    Dept,
    Utility,
    /// Deliberately missing from the units workbook.
    Unlisted,
}

impl Group {
    pub fn label(self) -> &'static str {
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
pub enum Behaviour {
    Good,
    Average,
    Bad,
    Silent,
}

impl Behaviour {
    /// Probabilities of (replying on time, replying late); never = the rest.
    pub fn odds(self) -> (f64, f64) {
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
pub enum Topic {
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
pub struct UnitDef {
    pub name: &'static str,
    pub group: Group,
    /// 别名, written into the units workbook joined by `、`.
    pub aliases: &'static [&'static str],
    pub behaviour: Behaviour,
    /// Relative number of cases it leads.
    pub weight: u32,
    pub topic: Topic,
}

pub const fn unit(
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
pub const UNITS: &[UnitDef] = &[
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
pub const SOURCES: &[(&str, u32)] = &[
    ("群众投诉", 34),
    ("12345热线", 25),
    ("咨询", 8),
    ("企业投诉", 7),
    ("查办件", 8),
    ("上级批示件", 9),
    ("媒体曝光", 9),
];

pub const MEDIA: &str = "媒体曝光";

/// Content prefixes by source (superiors' and media items name their origin).
pub fn source_prefixes(source: &str) -> &'static [&'static str] {
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
pub fn templates(topic: Topic) -> &'static [&'static str] {
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
pub const VILLAGES: &[&str] = &[
    "东村", "西村", "南街村", "北寨村", "王家庄村", "李家湾村", "张坡村", "刘村", "马楼村", "新庄村",
    "杨家岭村", "孙家堡村", "河口村", "史家寨村", "白家坪村", "红门寺村", "许家庙村", "油坊村",
];
#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "向阳路", "蓝新路", "北关路", "东街", "西街", "南环路", "北环路", "玉山路", "文姬路", "城东路", "峣柳路",
    "华胥路",
];
#[rustfmt::skip]
pub const COMPOUNDS: &[&str] = &[
    "蓝田人家", "峣山花园", "阳光家园", "金色华府", "辋川新苑", "玉山名苑", "东方花园", "县医院家属院",
    "教师新村", "翰林苑",
];
#[rustfmt::skip]
pub const COMPANIES: &[&str] = &[
    "某石料厂", "某砖厂", "某养殖场", "某物业公司", "某建筑公司", "某驾校", "某玉器加工厂", "某混凝土搅拌站",
    "某食品厂",
];
pub const SCHOOLS: &[&str] = &["县城某小学", "县城某中学", "某镇中心小学", "某民办幼儿园"];

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "何", "郭",
    "马", "罗", "宋", "郑", "韩", "唐", "冯", "董", "程", "曹", "袁", "许", "苏", "卢", "蒋", "贾", "丁",
    "魏", "薛", "阎", "苟", "雷", "杜", "姚", "樊",
];
#[rustfmt::skip]
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂兰", "建国", "建军", "小红", "海燕", "志强", "文博", "永红", "卫东",
];
#[rustfmt::skip]
pub const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "158", "159", "180", "182", "183", "185", "186", "187", "188", "189",
];

/// Clerks who sign the footers (制表 / 审核).
#[rustfmt::skip]
pub const CLERKS: &[(&str, &str)] = &[
    ("张丽", "王建军"),
    ("刘倩", "王建军"),
    ("张丽", "赵志刚"),
    ("李婷", "王建军"),
    ("刘倩", "赵志刚"),
];

pub const DONE: &str = "已办结";
pub const IN_PROGRESS: &str = "办理中";

pub const REPLY_DONE: &[&str] = &[
    "已安排专人现场核查，问题已解决，已向反映人答复。",
    "经核实情况属实，已责令整改到位。",
    "已联系反映人解释相关政策，反映人表示理解。",
    "已协调相关单位处理完毕，群众满意。",
    "经调查，反映问题部分属实，已督促整改并回复反映人。",
];
pub const REPLY_PROGRESS: &[&str] = &[
    "已现场核查，正在协调处理，预计{n}个工作日内办结。",
    "已转相关股室办理，正在落实。",
    "涉及多个部门，正在协调办理中。",
];
