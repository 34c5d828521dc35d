//! `mashang init <DIR>`: a working folder an analyst can use at once —
//! `rules/` with copies of the default rules (commented, ready to edit),
//! `rules/calendar/` with a note on adding next year's holiday schedule (the
//! built-in years are not copied: a copy would shadow later fixes), an empty
//! `exports/` for the weekly exports, 使用说明.txt, and the bundled sample
//! exports in `样例数据/` (beside `exports/`, so they never mix with real
//! data; `--no-samples` leaves them out). Existing files are never
//! overwritten, so running `init` again restores only what was deleted.

use super::{EXPORTS_DIR, RULES_DIR};
use crate::cli::InitArgs;
use crate::error::Error;
use std::path::{Path, PathBuf, MAIN_SEPARATOR as SEP};
use std::process::ExitCode;

/// The folder the sample exports go into.
pub const SAMPLES_DIR: &str = "样例数据";

/// The sample exports of the repository's `samples/`.
const SAMPLE_FILES: &[(&str, &[u8])] = &[
    (
        "交办登记_2017-W02.xlsx",
        include_bytes!("../../samples/交办登记_2017-W02.xlsx"),
    ),
    (
        "交办登记_2017-W03.xlsx",
        include_bytes!("../../samples/交办登记_2017-W03.xlsx"),
    ),
    (
        "交办登记_2017-W04.xlsx",
        include_bytes!("../../samples/交办登记_2017-W04.xlsx"),
    ),
    (
        "交办登记_2017-W05.xlsx",
        include_bytes!("../../samples/交办登记_2017-W05.xlsx"),
    ),
    (
        "交办登记_2017-W06.xlsx",
        include_bytes!("../../samples/交办登记_2017-W06.xlsx"),
    ),
    (
        "单位名单.xlsx",
        include_bytes!("../../samples/单位名单.xlsx"),
    ),
    (
        "反馈登记_2017-01.xlsx",
        include_bytes!("../../samples/反馈登记_2017-01.xlsx"),
    ),
    (
        "反馈登记_2017-02.xls",
        include_bytes!("../../samples/反馈登记_2017-02.xls"),
    ),
    (
        "反馈登记_春节.csv",
        include_bytes!("../../samples/反馈登记_春节.csv"),
    ),
    (
        "媒体曝光事项台账.xlsx",
        include_bytes!("../../samples/媒体曝光事项台账.xlsx"),
    ),
];

/// The guide at the top of the working folder.
pub const GUIDE_FILE: &str = "使用说明.txt";
/// The note in `rules/calendar/`.
pub const CALENDAR_NOTE_FILE: &str = "说明.txt";

/// What happened to one file or folder.
enum Done {
    Created,
    Kept,
}

/// Runs `init`.
pub fn run(args: &InitArgs) -> Result<ExitCode, Error> {
    let root = &args.dir;
    if root.exists() && !root.is_dir() {
        return Err(Error::Init {
            path: root.display().to_string(),
            message: "同名文件已存在，不是文件夹".into(),
        });
    }
    let mut lines = Vec::new();
    let mut record = |what: String, done: Done| match done {
        Done::Created => lines.push(format!("  新建 {what}")),
        Done::Kept => lines.push(format!("  已存在，未覆盖 {what}")),
    };
    let rules = root.join(RULES_DIR);
    let calendar = rules.join("calendar");
    for (dir, shown) in [
        (root.join(EXPORTS_DIR), format!("{EXPORTS_DIR}{SEP}")),
        (calendar.clone(), format!("{RULES_DIR}{SEP}calendar{SEP}")),
    ] {
        let done = make_dir(&dir)?;
        record(shown, done);
    }
    for (name, text) in crate::rules::BUILTIN_FILES {
        let done = write_new(&rules.join(name), rule_copy(text).as_bytes())?;
        record(format!("{RULES_DIR}{SEP}{name}"), done);
    }
    let note = text_file(&calendar_note());
    let done = write_new(&calendar.join(CALENDAR_NOTE_FILE), &note)?;
    record(
        format!("{RULES_DIR}{SEP}calendar{SEP}{CALENDAR_NOTE_FILE}"),
        done,
    );
    let done = write_new(&root.join(GUIDE_FILE), &text_file(&guide()))?;
    record(GUIDE_FILE.to_owned(), done);
    if !args.no_samples {
        let samples = root.join(SAMPLES_DIR);
        make_dir(&samples)?;
        let mut created = 0;
        for (name, bytes) in SAMPLE_FILES {
            if let Done::Created = write_new(&samples.join(name), bytes)? {
                created += 1;
            }
        }
        record(
            format!("{SAMPLES_DIR}{SEP}（{created} 个样例文件）"),
            Done::Created,
        );
    }
    if crate::progress::quiet() {
        println!("{}", root.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("工作文件夹 {}：", root.display());
    for l in &lines {
        println!("{l}");
    }
    println!("下一步：");
    println!("  cd {}", quoted(root));
    if !args.no_samples {
        println!("  mashang report {SAMPLES_DIR}        # 先用样例数据试一试");
    }
    println!("  把本周的导出表放进 {EXPORTS_DIR} 文件夹，然后运行 mashang check 和 mashang report");
    println!("  详见 {GUIDE_FILE}");
    Ok(ExitCode::SUCCESS)
}

/// A path as the user would type it in a shell (quoted when it has spaces).
fn quoted(p: &Path) -> String {
    let s = p.display().to_string();
    if s.contains(char::is_whitespace) {
        format!("\"{s}\"")
    } else {
        s
    }
}

fn init_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Init {
        path: path.display().to_string(),
        message: crate::error::io_reason(e),
    }
}

fn make_dir(dir: &PathBuf) -> Result<Done, Error> {
    if dir.is_dir() {
        return Ok(Done::Kept);
    }
    std::fs::create_dir_all(dir).map_err(|e| init_error(dir, &e))?;
    Ok(Done::Created)
}

/// Writes `bytes` to `path` unless it exists (never overwrites an edited file).
fn write_new(path: &Path, bytes: &[u8]) -> Result<Done, Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| init_error(parent, &e))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(bytes).map_err(|e| init_error(path, &e))?;
            Ok(Done::Created)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Done::Kept),
        Err(e) => Err(init_error(path, &e)),
    }
}

/// A text file for Notepad: UTF-8 with a BOM (older Notepad guesses GBK
/// otherwise), and CRLF line ends on Windows.
fn text_file(text: &str) -> Vec<u8> {
    let text = if cfg!(windows) {
        text.replace('\n', "\r\n")
    } else {
        text.to_owned()
    };
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// A built-in rules file with a header saying where it came from.
fn rule_copy(text: &str) -> String {
    format!(
        "// 本文件由 mashang init 从内置规则复制（mashang {}），可以直接修改并保存：\n\
         // 在本工作文件夹中运行 mashang report 时自动使用 rules 文件夹中的规则。\n\
         // 删除本文件则恢复使用内置规则。\n\
         // Copied from the built-in rules by `mashang init`; edit it in place.\n\
         \n{text}",
        crate::VERSION
    )
}

/// The first and last built-in calendar years.
fn builtin_years() -> (String, String) {
    let year = |name: &str| name.trim_end_matches(".json").to_owned();
    let files = crate::calendar::BUILTIN_FILES;
    (
        files.first().map(|f| year(f.0)).unwrap_or_default(),
        files.last().map(|f| year(f.0)).unwrap_or_default(),
    )
}

/// `rules/calendar/说明.txt`.
fn calendar_note() -> String {
    let (first, last) = builtin_years();
    let next: i32 = last.parse::<i32>().map(|y| y + 1).unwrap_or(2027);
    format!(
        "节假日安排（计算工作日用）
========================

mashang 已内置 {first}–{last} 年国务院办公厅公布的节假日安排，这些年份不需要放在这里。
请不要把内置年份的文件复制到这里：本文件夹中的文件优先于内置数据，复制进来的旧文件
会挡住程序以后版本对内置数据的更正。

添加新的一年（如 {next} 年）
----------------------------
国务院办公厅公布《关于{next}年部分节假日安排的通知》后，在本文件夹中新建文本文件
{next}.json（用记事本编辑，保存为 UTF-8 编码），按通知逐日写出：
  放假日（isOffDay 为 true，包括假期中的星期六、星期日）；
  调休上班日（isOffDay 为 false，通常是星期六或星期日）。

{{
    \"year\": {next},
    \"papers\": [\"通知的网址\"],
    \"days\": [
        {{\"name\": \"元旦\", \"date\": \"{next}-01-01\", \"isOffDay\": true}},
        {{\"name\": \"春节\", \"date\": \"{next}-02-06\", \"isOffDay\": true}},
        {{\"name\": \"春节\", \"date\": \"{next}-02-20\", \"isOffDay\": false}}
    ]
}}

（以上日期仅为示意，请以通知为准。最后一项后面不加逗号。）

保存后在工作文件夹中运行 mashang calendar {next} 核对：会列出该年的放假日、调休上班日
和来源文件。格式有误时，程序会指出文件名和出错的位置。

本地放假或调整
--------------
同样格式的文件（文件名随意，如 本地.json）也可以增加或改变单个日期，例如县里因故放假一天。
所有文件按日期合并，同一日期以后读取的为准：先内置数据，再按文件名顺序读本文件夹中的文件。

缺少某年的安排时
----------------
程序会停止并提示，不会按周一至周五猜测。确需先出报表，可以加 --assume-weekends，
报表标题和数据说明会注明“临时口径”。
"
    )
}

/// `使用说明.txt`.
fn guide() -> String {
    let (first, last) = builtin_years();
    format!(
        "mashang（马上就办）工作文件夹使用说明
====================================

本文件夹由 mashang init 建立（mashang {version}）。

文件夹里有什么
--------------
{EXPORTS_DIR}{SEP}
    每周把从系统导出的交办登记、反馈登记（Excel、WPS、CSV 都可以）放在这里，可以建子文件夹。
    各周导出互相重叠没关系，重复的事项会自动识别、去重并计数。
{RULES_DIR}{SEP}
    本单位的规则，用记事本就能修改（文件里有中文注释）：
      deadline.rhai     办理时限（应反馈时间）
      escalation.rhai   督办措施（催办、现场督办、专项会议督办、联合督办）
      score.rhai        得分和评价（好、一般、差）
    删除某个文件，就恢复使用程序内置的该项规则。
{RULES_DIR}{SEP}calendar{SEP}
    节假日安排。{first}–{last} 年已内置，不用放在这里；国务院公布新一年的安排后，
    按其中 {CALENDAR_NOTE_FILE} 的方法加一个文件。
reports{SEP}
    生成的通报，第一次生成时自动建立。

每周怎么做
----------
1. 打开命令行窗口，进入本文件夹（Windows：cd /d 本文件夹的路径）。
2. 把本周的导出表复制到 {EXPORTS_DIR} 文件夹。
3. 检查数据：mashang check
   列出每个文件识别成了什么、用了多少行、有哪些异常数据。
4. 生成通报：mashang report
   缺省统计上一周；也可以写 mashang report --week 2017-W05 或 --month 2017-01。
5. 打开 reports 文件夹中的 通报_….xlsx。

在本文件夹中运行时，mashang 自动读取 {EXPORTS_DIR} 文件夹，并使用 {RULES_DIR} 文件夹中的规则
（屏幕上会提示“使用规则目录 {RULES_DIR}”）。

其他命令
--------
mashang watch
    放入或修改导出表后自动重新生成通报，按 Ctrl-C 结束。
mashang explain {EXPORTS_DIR} 事项编号
    查看某个事项是如何判定的（应反馈时间及依据、结果、督办措施）。
mashang rules
    规则脚本可以使用的字段和函数。
mashang calendar {last}
    查看某年的节假日安排。
mashang --help
    全部命令；每个命令加 --help 可看说明和示例。
",
        version = crate::VERSION,
    )
}
