//! The command line (clap derive). Doc comments are the `--help` text, in
//! Chinese; clap's English headings are replaced by the templates and
//! headings below, and every command ends its help with examples (示例).
//!
//! Where the rules and the input folder come from when they are not given is
//! decided in [`crate::cmd`]; the help texts describe it.

use clap::{ArgAction, Args, Parser, Subcommand};
use std::path::PathBuf;

/// The help layout of `mashang --help`: Chinese headings instead of clap's
/// `Usage:`, `Commands:`, `Options:`.
const ROOT_TEMPLATE: &str = "\
{before-help}{about-with-newline}
用法：{usage}

{all-args}{after-help}";

/// The help layout of every subcommand.
const SUB_TEMPLATE: &str = "\
{before-help}{about-with-newline}
用法：{usage}

{all-args}{after-help}";

const ROOT_AFTER: &str = "\
每周的做法：
  mashang init 督查通报          # 第一次使用：建立工作文件夹（规则、exports、使用说明）
  cd 督查通报
  （把本周导出的交办登记、反馈登记放进 exports 文件夹）
  mashang check                  # 检查数据
  mashang report                 # 生成通报，保存在 reports 文件夹

退出码：0 成功；1 出错（check 发现异常数据时也为 1）；2 命令用法有误。
运行 mashang <命令> --help 查看每个命令的说明和示例。";

const REPORT_AFTER: &str = "\
输入目录可以省略：在 mashang init 建立的工作文件夹中运行时缺省为 exports。

规则目录的查找顺序：--rules 指定的目录 > 当前文件夹的 rules > 输入目录旁边的 rules > 内置规则
（rules 中须有 *.rhai 文件或 calendar 子文件夹）。

示例：
  mashang report                                  # 在工作文件夹中：读取 exports，生成上一周的通报
  mashang report exports --week 2017-W05          # 指定统计周
  mashang report exports --month 2017-01          # 按月统计
  mashang report \"D:\\督查\\导出\" --from 2017-01-16 --to 2017-01-22 --org 蓝田县
  mashang report exports -q                       # 只输出生成的文件路径（适合计划任务）";

const CHECK_AFTER: &str = "\
输入目录可以省略：在 mashang init 建立的工作文件夹中运行时缺省为 exports。
规则目录的查找方法与 report 相同；check 还会用规则把全部承办任务试算一遍，规则出错时指出脚本和行号。
退出码：0 没有异常数据；1 有异常数据或出错；2 命令用法有误。

示例：
  mashang check                    # 在工作文件夹中检查 exports
  mashang check \"D:\\督查\\导出\"";

const EXPLAIN_AFTER: &str = "\
判定截止时间缺省为数据中最新的时间。规则目录的查找方法与 report 相同。

示例：
  mashang explain exports LT2017-0001
  mashang explain exports LT2017-0001 LT2017-0002 --as-of \"2017-01-22 18:00\"";

const WATCH_AFTER: &str = "\
文件夹中有文件新增、修改或删除时，等文件写完（大小不再变化，且没有 Excel 打开文件时
留下的 ~$ 开头的锁文件）后重新生成通报，每次生成输出一行记录。某次生成失败（如文件损坏）
不会停止监视；按 Ctrl-C 结束。输入目录可以省略（工作文件夹中缺省为 exports）。
报表输出目录（--out）中的变化不会触发重新生成。其余选项与 report 相同。

示例：
  mashang watch                              # 在工作文件夹中监视 exports
  mashang watch exports --month 2017-01 --org 蓝田县";

const INIT_AFTER: &str = "\
建立的内容：
  rules/            默认规则（deadline.rhai 时限、escalation.rhai 督办措施、score.rhai 得分和评价），
                    带中文注释，可直接修改；在该文件夹中运行 report 时自动使用
  rules/calendar/   放新一年节假日安排的地方（见其中的 说明.txt）
  exports/          每周把导出表放在这里
  使用说明.txt      简要使用说明
已存在的文件不会被覆盖（删除某个文件后再运行一次 init 可以恢复它）。

示例：
  mashang init 督查通报
  mashang init \"D:\\督查通报\" --no-samples     # 不放入样例数据";

const CALENDAR_AFTER: &str = "\
不加 --rules 时，当前文件夹中有 rules 文件夹（mashang init 建立的）则合并其中 calendar/ 的文件。

示例：
  mashang calendar             # 列出有数据的年份及来源
  mashang calendar 2017        # 2017 年的放假日和调休上班日";

const RULES_AFTER: &str = "\
示例：
  mashang rules";

/// 马上就办：督查督办事项通报生成工具
///
/// 把交办登记、反馈登记的导出表放进一个文件夹，一条命令按规则计算办理时限、督办措施和各单位得分，生成每周通报工作簿。
#[derive(Debug, Parser)]
#[command(
    name = "mashang",
    version,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    help_template = ROOT_TEMPLATE,
    override_usage = "mashang <命令> [选项]",
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    after_help = ROOT_AFTER
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args, Default)]
#[command(next_help_heading = "通用选项")]
pub struct GlobalArgs {
    /// 安静：不显示进度和摘要，只输出结果（如生成的文件路径）和错误
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// 详细：另外显示所用的规则目录、读取的每个文件及其识别结果、用时
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// 显示帮助（-h 简要，--help 详细）
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

/// 命令
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成通报工作簿（通报、逾期清单、明细、异常数据、数据说明）
    ///
    /// 读取输入目录（含子文件夹）中的交办登记、反馈登记导出表，按规则判定每个承办任务，生成 通报_<统计期>.xlsx，并显示统计期、各类任务数、各组前三和后三、异常数据条数。
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang report [输入目录] [选项]",
        after_help = REPORT_AFTER
    )]
    Report(ReportArgs),
    /// 只读取并检查数据、试算规则，不生成通报；有异常数据或规则错误时退出码为 1
    ///
    /// 列出每个文件、每个工作表识别成了什么，读取多少行、使用多少、重复多少、跳过多少、异常多少，以及每类异常的前几行。
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang check [输入目录] [选项]",
        after_help = CHECK_AFTER
    )]
    Check(CheckArgs),
    /// 说明某个事项的每个承办任务是如何按规则判定的
    ///
    /// 逐个承办单位列出应反馈时间及依据、首次反馈、结果、逾期工作日、督办措施，以及由哪个规则文件判定。
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang explain <输入目录> <事项编号>... [选项]",
        after_help = EXPLAIN_AFTER
    )]
    Explain(ExplainArgs),
    /// 监视文件夹：放入或修改导出表后自动重新生成通报
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang watch [输入目录] [选项]",
        after_help = WATCH_AFTER
    )]
    Watch(WatchArgs),
    /// 建立工作文件夹：默认规则、节假日说明、exports 文件夹和使用说明
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang init <文件夹> [选项]",
        after_help = INIT_AFTER
    )]
    Init(InitArgs),
    /// 显示某年的节假日和调休上班日及其来源
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang calendar [年份] [选项]",
        after_help = CALENDAR_AFTER
    )]
    Calendar(CalendarArgs),
    /// 显示规则脚本可用的类型、字段、函数和钩子
    #[command(
        help_template = SUB_TEMPLATE,
        override_usage = "mashang rules",
        after_help = RULES_AFTER
    )]
    Rules,
    /// 显示帮助
    #[command(hide = true, help_template = SUB_TEMPLATE)]
    Help {
        /// 命令名
        #[arg(value_name = "命令")]
        command: Option<String>,
    },
}

/// 规则与日历选项
#[derive(Debug, Clone, Args, Default)]
#[command(next_help_heading = "规则与日历")]
pub struct RulesArgs {
    /// 规则目录（*.rhai 脚本，calendar/ 子目录放节假日文件）；缺省见下方查找顺序
    #[arg(long, value_name = "目录")]
    pub rules: Option<PathBuf>,
    /// 缺少某年节假日数据时按周一至周五临时计算（报表标明“临时口径”）
    #[arg(long)]
    pub assume_weekends: bool,
}

/// `report` 的参数
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "选项")]
pub struct ReportArgs {
    /// 导出表所在的文件夹（含子文件夹）；在工作文件夹中可省略，缺省为 exports
    #[arg(value_name = "输入目录", help_heading = "参数")]
    pub input_arg: Option<PathBuf>,
    /// The input folder, resolved from `input_arg` by [`crate::cmd::run`].
    #[arg(skip)]
    pub input: PathBuf,
    /// 统计周，如 2017-W03（缺省：数据中最新时间所在周的上一周）
    #[arg(long, value_name = "年-W周", conflicts_with_all = ["month", "from", "to"])]
    pub week: Option<String>,
    /// 统计月，如 2017-01
    #[arg(long, value_name = "年-月", conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// 统计起始日期（含），须与 --to 同用
    #[arg(long, value_name = "日期", requires = "to")]
    pub from: Option<String>,
    /// 统计截止日期（含），须与 --from 同用
    #[arg(long, value_name = "日期", requires = "from")]
    pub to: Option<String>,
    /// 判定截止时间，如 "2017-01-22 23:59:59"（缺省：统计期最后一秒）
    #[arg(long, value_name = "时间")]
    pub as_of: Option<String>,
    /// 机构名称，用于通报标题（缺省：蓝田县）
    #[arg(
        long,
        value_name = "机构",
        default_value = "蓝田县",
        hide_default_value = true
    )]
    pub org: String,
    /// 报表输出目录（缺省：当前文件夹下的 reports）
    #[arg(
        long,
        value_name = "目录",
        default_value = "reports",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// 有文件无法读取时视为错误（退出码 1，不生成报表）
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `check` 的参数
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "选项")]
pub struct CheckArgs {
    /// 导出表所在的文件夹；在工作文件夹中可省略，缺省为 exports
    #[arg(value_name = "输入目录", help_heading = "参数")]
    pub input_arg: Option<PathBuf>,
    /// The input folder, resolved from `input_arg` by [`crate::cmd::run`].
    #[arg(skip)]
    pub input: PathBuf,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `explain` 的参数
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "选项")]
pub struct ExplainArgs {
    /// 导出表所在的文件夹
    #[arg(value_name = "输入目录", help_heading = "参数")]
    pub input: PathBuf,
    /// 要说明的事项编号（可多个）
    #[arg(value_name = "事项编号", required = true, help_heading = "参数")]
    pub case_ids: Vec<String>,
    /// 判定截止时间，如 "2017-01-22 18:00"（缺省：数据中最新的时间）
    #[arg(long, value_name = "时间")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `watch` 的参数: the report's, and how long files must stay unchanged.
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// 文件停止变化后再等待的秒数，确认已写完再生成（缺省 1；网络共享文件夹可适当加大）
    #[arg(
        long,
        value_name = "秒",
        default_value_t = 1.0,
        hide_default_value = true,
        value_parser = seconds,
        help_heading = "监视"
    )]
    pub settle: f64,
    /// Stop after this many runs (for tests and scripts).
    #[arg(long, value_name = "次数", hide = true)]
    pub max_runs: Option<u32>,
}

/// `init` 的参数
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "选项")]
pub struct InitArgs {
    /// 要建立的工作文件夹（不存在时自动建立）
    #[arg(value_name = "文件夹", help_heading = "参数")]
    pub dir: PathBuf,
    /// 不放入样例数据（缺省会放入“样例数据”文件夹：蓝田县 2017 年春节前后的模拟导出，用于试用；
    /// 它不在 exports 中，不会混入正式数据）
    #[arg(long)]
    pub no_samples: bool,
    /// 早期版本的选项：样例数据现已缺省放入
    #[arg(long, hide = true)]
    pub samples: bool,
}

/// `calendar` 的参数
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "选项")]
pub struct CalendarArgs {
    /// 年份（缺省：列出所有年份及来源）
    #[arg(value_name = "年份", help_heading = "参数")]
    pub year: Option<i32>,
    /// 规则目录（其 calendar/ 子目录中的节假日文件会合并进来）
    #[arg(long, value_name = "目录")]
    pub rules: Option<PathBuf>,
}

/// A number of seconds between 0.1 and 600.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.1..=600.0).contains(&x) => Ok(x),
        _ => Err("应为 0.1 到 600 之间的秒数，如 2".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
