//! The `mashang` binary: parses the command line, runs the library, prints an
//! error once in Chinese. Exit codes: 0 ok (and `--help`, `--version`),
//! 1 error (or anomalies for `check`), 2 usage.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;
use mashang::cli::Cli;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    mashang::tune_memory();
    restore_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    mashang::progress::set_bars(true);
    match mashang::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mashang: 错误：{err}");
            if err.exit_code() == 2 {
                eprintln!("{}", help_hint());
            }
            ExitCode::from(err.exit_code())
        }
    }
}

/// Output piped into a command that stops reading (`mashang check | head`)
/// ends the program quietly, as it does other command-line tools; Rust's
/// runtime ignores SIGPIPE, so printing would panic instead.
fn restore_sigpipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: setting a signal's disposition to its default, before any
    // thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Help and version go to stdout with exit code 0; a usage error gets a
/// Chinese line saying what is wrong, the spelling clap suggests if any, and
/// where to read more — never clap's English — and exit code 2.
fn usage_error(err: &clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `mashang` alone: the help, but as a usage error.
            let _ = err.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("mashang: 命令用法有误：{}", explain(err));
    if let Some(hint) = suggestion(err) {
        eprintln!("{hint}");
    }
    eprintln!("{}", help_hint());
    ExitCode::from(2)
}

/// What clap suggests: a similar option or command, or the values allowed.
fn suggestion(err: &clap::Error) -> Option<String> {
    let list = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let similar = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(list)
    .collect::<Vec<_>>();
    if !similar.is_empty() {
        return Some(format!("是不是要写 {}？", similar.join(" 或 ")));
    }
    let valid = list(ContextKind::ValidValue);
    (!valid.is_empty()).then(|| format!("可用的取值：{}", valid.join("、")))
}

/// Where to read about the command that was run.
fn help_hint() -> String {
    let command = invoked_command()
        .map(|c| format!("{c} "))
        .unwrap_or_default();
    format!("请运行 mashang {command}--help 查看用法和示例。")
}

/// The subcommand named on the command line, if any.
fn invoked_command() -> Option<String> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .filter(|a| cmd.find_subcommand(a).is_some_and(|c| !c.is_hide_set()))
}

/// The error in Chinese, from clap's error kind and context.
fn explain(err: &clap::Error) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    match err.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的选项或参数 {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "没有命令“{}”；可用的命令：report、check、explain、watch、init、calendar、rules",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand => {
            "缺少命令（如 report、check、init），请写在 mashang 后面".into()
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {arg}"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // A validator of ours says why, in Chinese; clap's own parsers do not.
            let why = match std::error::Error::source(err) {
                Some(e) if !e.to_string().is_ascii() => format!("：{e}"),
                _ => String::new(),
            };
            if value.is_empty() {
                format!("{arg} 后面缺少取值")
            } else {
                format!("{arg} 的取值“{value}”无效{why}")
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("选项 {arg} 不能重复使用或与其他选项同时使用")
            } else {
                format!("{arg} 不能与 {prior} 同时使用")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("多余的参数 {value}{arg}")
        }
        ErrorKind::TooFewValues => format!("{arg} 的取值个数不够"),
        ErrorKind::NoEquals => format!("{arg} 的取值须用 = 连接"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是有效的 UTF-8）".into(),
        _ => "命令行参数有误".into(),
    }
}
