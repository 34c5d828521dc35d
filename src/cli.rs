//! The command line (clap derive). Doc comments are the `--help` text, in Chinese.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// 马上就办：督查督办事项通报生成工具
///
/// 把交办登记、反馈登记的导出表放进一个文件夹，一条命令按规则计算办理时限、
/// 督办措施和得分，生成每周通报。
#[derive(Debug, Parser)]
#[command(name = "mashang", version, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// 子命令
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成通报工作簿（通报、逾期清单、明细、异常数据、数据说明）
    ///
    /// 示例：mashang report 导出文件夹 --week 2017-W05
    Report(ReportArgs),
    /// 只读取并检查数据：列出每个文件和工作表的核对情况与异常；有异常时退出码为 1
    ///
    /// 示例：mashang check 导出文件夹
    Check(CheckArgs),
    /// 说明某个事项的每个承办任务是如何按规则判定的
    ///
    /// 示例：mashang explain 导出文件夹 LT2017-0001
    Explain(ExplainArgs),
    /// 显示某年的节假日和调休上班日及其来源
    ///
    /// 示例：mashang calendar 2017
    Calendar(CalendarArgs),
    /// 显示规则脚本可用的类型、字段、函数和钩子
    ///
    /// 示例：mashang rules
    Rules,
}

/// 规则与日历选项
#[derive(Debug, Clone, Args, Default)]
pub struct RulesArgs {
    /// 规则目录（*.rhai 脚本，calendar/ 子目录放节假日文件）；缺省用内置规则
    #[arg(long, value_name = "目录")]
    pub rules: Option<PathBuf>,
    /// 缺少某年节假日数据时按周一至周五临时计算（报表标明“临时口径”）
    #[arg(long)]
    pub assume_weekends: bool,
}

/// `report` 的参数
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// 导出文件所在的文件夹（含子文件夹）
    #[arg(value_name = "输入目录")]
    pub input: PathBuf,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// 统计周，如 2017-W03（缺省：数据中最新时间所在周的上一周）
    #[arg(long, value_name = "年-W周", conflicts_with_all = ["month", "from", "to"])]
    pub week: Option<String>,
    /// 统计月，如 2017-01
    #[arg(long, value_name = "年-月", conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// 统计起始日期（含），须与 --to 同用
    #[arg(long, value_name = "日期", requires = "to")]
    pub from: Option<String>,
    /// 统计截止日期（含）
    #[arg(long, value_name = "日期", requires = "from")]
    pub to: Option<String>,
    /// 判定截止时间，如 "2017-01-22 23:59:59"（缺省：统计期最后一秒）
    #[arg(long, value_name = "时间")]
    pub as_of: Option<String>,
    /// 机构名称，用于通报标题
    #[arg(long, value_name = "机构", default_value = "蓝田县")]
    pub org: String,
    /// 报表输出目录
    #[arg(long, value_name = "目录", default_value = "reports")]
    pub out: PathBuf,
    /// 有文件无法读取时视为错误（退出码 1，不生成报表）
    #[arg(long)]
    pub strict: bool,
}

/// `check` 的参数
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// 导出文件所在的文件夹
    #[arg(value_name = "输入目录")]
    pub input: PathBuf,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `explain` 的参数
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// 导出文件所在的文件夹
    #[arg(value_name = "输入目录")]
    pub input: PathBuf,
    /// 要说明的事项编号（可多个）
    #[arg(value_name = "事项编号", required = true)]
    pub case_ids: Vec<String>,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// 判定截止时间（缺省：数据中最新的时间）
    #[arg(long, value_name = "时间")]
    pub as_of: Option<String>,
}

/// `calendar` 的参数
#[derive(Debug, Clone, Args)]
pub struct CalendarArgs {
    /// 年份（缺省：列出所有年份及来源）
    #[arg(value_name = "年份")]
    pub year: Option<i32>,
    /// 规则目录（其 calendar/ 子目录中的节假日文件会合并进来）
    #[arg(long, value_name = "目录")]
    pub rules: Option<PathBuf>,
}
