//! Building the sandboxed engine and loading the rules files.
//!
//! The engine has no file, module or network access: `import` and `eval` are
//! disabled symbols (a script using them does not compile), there is no module
//! resolver, and every call is bounded in operations, time, call depth,
//! expression depth and string, array and map sizes. Loading compiles every script, checks
//! each hook's name and arity and runs the scripts' top-level statements once,
//! so a broken rules folder fails before any spreadsheet is read.

use super::api::{self, HOOKS};
use super::error::{describe, describe_parse, unwrap_calls, Failure, Location, RuleError};
use super::Hook;
use crate::calendar::Calendar;
use rhai::debugger::DebuggerEvent;
use rhai::packages::{Package, StandardPackage};
use rhai::{Engine, Position, Scope, AST};
use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Operations one hook call may perform (an infinite loop stops here).
pub const MAX_OPERATIONS: u64 = 1_000_000;
/// Longest string a script may build, in bytes.
pub const MAX_STRING_SIZE: usize = 64 * 1024;
/// Largest array (or BLOB) a script may build. Rhai re-measures a collection
/// after each change, so filling one costs time quadratic in this size.
pub const MAX_ARRAY_SIZE: usize = 1_000;
/// Largest map a script may build.
pub const MAX_MAP_SIZE: usize = 1_000;
/// Longest one hook call may run. The operation limit alone does not bound
/// time: an operation may copy a 64 KiB string or a 2,000-element array.
/// Debug builds run scripts about ten times slower.
pub const MAX_CALL_TIME: Duration =
    Duration::from_millis(if cfg!(debug_assertions) { 1000 } else { 250 });
/// Most stack one hook call may use, in bytes. Threads may have only 2 MiB
/// (rayon's workers, test threads), and a stack overflow aborts the process,
/// so deep recursion with large frames stops here even below the call-level limit.
pub const MAX_STACK: usize = 1024 * 1024;

/// Why `on_progress` stopped a call (the token of `ErrorTerminated`).
pub(crate) const STOPPED_BY_CLOCK: rhai::INT = 1;
/// See [`STOPPED_BY_CLOCK`].
pub(crate) const STOPPED_BY_STACK: rhai::INT = 2;
/// Largest rules file accepted, in bytes.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Deepest nesting of script function calls.
pub const MAX_CALL_LEVELS: usize = 64;
/// Deepest expression nesting at top level and inside functions.
pub const MAX_EXPR_DEPTHS: (usize, usize) = (64, 32);

/// The limits section of the API reference.
pub(crate) fn limits_reference() -> String {
    let (expr, fn_expr) = MAX_EXPR_DEPTHS;
    format!(
        "\n沙箱与限制 Sandbox and limits\n  \
         不能读写文件、访问网络：不允许 import 和 eval；辅助函数请写在使用它的同一个文件里。\n  \
         每次调用最多运行 {} 秒、{MAX_OPERATIONS} 次运算、占用栈空间 {} KB，函数调用最多 {} 层，\n  \
         表达式嵌套最多 {expr} 层（函数内 {fn_expr} 层），文本最长 {MAX_STRING_SIZE} 字节，数组最多 {MAX_ARRAY_SIZE} 个元素，map 最多 {MAX_MAP_SIZE} 个元素，规则文件最大 {} KB。\n  \
         变量必须先定义后使用；函数内只能使用参数、函数内定义的变量和 global::常量。\n  \
         print(x) 输出到标准错误。Rhai 标准库（文本、数组、map、数学函数）可用。\n",
        MAX_CALL_TIME.as_secs_f64(),
        MAX_STACK / 1024,
        MAX_CALL_LEVELS,
        MAX_FILE_SIZE / 1024,
    )
}

/// Arms the per-call time limit on this thread until dropped.
pub(crate) struct Clock;

impl Clock {
    /// Starts the clock of one call, limited to [`MAX_CALL_TIME`].
    pub(crate) fn start() -> Self {
        Self::start_with(MAX_CALL_TIME)
    }

    /// Starts a clock with another limit. The time is checked every 1,024
    /// operations, so a call of fewer operations is never stopped by it.
    /// The stack in use now is the base for [`MAX_STACK`].
    pub(crate) fn start_with(limit: Duration) -> Self {
        STOP_AT.with(|t| t.set(Some(Instant::now() + limit)));
        STACK_BASE.with(|b| b.set(stack_address()));
        Clock
    }
}

impl Drop for Clock {
    fn drop(&mut self) {
        STOP_AT.with(|t| t.set(None));
        STACK_BASE.with(|b| b.set(0));
    }
}

/// An address in the current stack frame (the stack grows down on every
/// target this runs on; were it to grow up, the stack check would never fire).
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Called by Rhai at every operation: stops a call that is over its time or stack.
fn check_progress(ops: u64) -> Option<rhai::Dynamic> {
    let base = STACK_BASE.with(Cell::get);
    if base != 0 && base.saturating_sub(stack_address()) > MAX_STACK {
        return Some(rhai::Dynamic::from_int(STOPPED_BY_STACK));
    }
    let late =
        ops.is_multiple_of(1024) && STOP_AT.with(Cell::get).is_some_and(|t| Instant::now() > t);
    late.then_some(rhai::Dynamic::from_int(STOPPED_BY_CLOCK))
}

thread_local! {
    /// When the current call must stop (see [`MAX_CALL_TIME`]).
    static STOP_AT: Cell<Option<Instant>> = const { Cell::new(None) };
    /// The stack address where the current call started (0: no call).
    static STACK_BASE: Cell<usize> = const { Cell::new(0) };
    /// The position of the last statement or expression the diagnostic engine reached.
    static LAST_POSITION: Cell<Position> = const { Cell::new(Position::NONE) };
}

/// Builds the sandboxed engine with the script API. A `diagnostic` engine
/// additionally records the position of every step (see [`last_position`]);
/// it is used only to locate limit errors, whose position Rhai drops at the
/// boundary of the hook function.
pub(crate) fn build(cal: &Arc<Calendar>, diagnostic: bool) -> Engine {
    // `new_raw`, not `new`: no file module resolver, no print to stdout, and
    // no string interner (it takes a write lock whenever a script stores a
    // string, which serialises threads).
    let mut e = Engine::new_raw();
    e.register_global_module(StandardPackage::new().as_shared_module());
    e.disable_symbol("eval");
    e.disable_symbol("import");
    e.set_strict_variables(true);
    e.set_max_modules(0);
    e.set_max_operations(MAX_OPERATIONS);
    e.set_max_call_levels(MAX_CALL_LEVELS);
    let (expr, fn_expr) = MAX_EXPR_DEPTHS;
    e.set_max_expr_depths(expr, fn_expr);
    e.set_max_string_size(MAX_STRING_SIZE);
    e.set_max_array_size(MAX_ARRAY_SIZE);
    e.set_max_map_size(MAX_MAP_SIZE);
    e.on_progress(check_progress);
    api::register(&mut e, cal);
    if diagnostic {
        e.on_print(|_| {});
        e.on_debug(|_, _, _| {});
        #[allow(deprecated)] // "volatile", not deprecated
        e.register_debugger(
            |_, debugger| debugger,
            |_, event, _, _, pos| {
                let step = matches!(event, DebuggerEvent::Step | DebuggerEvent::Start);
                if step && !pos.is_none() {
                    LAST_POSITION.with(|p| p.set(pos));
                }
                Ok(rhai::debugger::DebuggerCommand::StepInto)
            },
        );
    } else {
        e.on_print(|s| eprintln!("规则输出：{s}"));
        e.on_debug(|s, src, pos| eprintln!("规则输出（{} {pos}）：{s}", src.unwrap_or("")));
    }
    e
}

/// Clears the recorded position before a diagnostic run.
pub(crate) fn reset_last_position() {
    LAST_POSITION.with(|p| p.set(Position::NONE));
}

/// The last position the diagnostic engine reached on this thread.
pub(crate) fn last_position() -> Position {
    LAST_POSITION.with(Cell::get)
}

/// The built-in rules, from the repository's `rules/`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("deadline.rhai", include_str!("../../rules/deadline.rhai")),
    (
        "escalation.rhai",
        include_str!("../../rules/escalation.rhai"),
    ),
    ("score.rhai", include_str!("../../rules/score.rhai")),
];

/// One compiled rules file.
pub(crate) struct Script {
    pub name: String,
    pub sha256: String,
    pub ast: AST,
    /// The decoded text, for compiling per-thread copies (see `local.rs`).
    pub text: String,
    pub builtin: bool,
    /// Where each hook this file defines is declared.
    pub hooks: Vec<(Hook, Position)>,
}

/// Reads the `*.rhai` files of a rules folder, sorted by name (hidden and
/// lock files skipped), as `(display name, bytes)`.
fn read_folder(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, RuleError> {
    let io = |path: &Path, e: std::io::Error| RuleError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    if !dir.is_dir() {
        return Err(RuleError::Io {
            path: dir.display().to_string(),
            message: "目录不存在".into(),
        });
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("rhai"))
        })
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !name.starts_with('.') && !name.starts_with("~$")
        })
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let len = std::fs::metadata(&path).map_err(|e| io(&path, e))?.len();
        if len > MAX_FILE_SIZE {
            return Err(RuleError::Io {
                path: path.display().to_string(),
                message: format!("文件过大（{len} 字节，上限 {MAX_FILE_SIZE} 字节）"),
            });
        }
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        files.push((path.display().to_string(), bytes));
    }
    Ok(files)
}

/// Script text from file bytes: UTF-8 (BOM stripped), else GB18030 as Windows editors save it.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Where `fn name(` is declared in `text` (1:1 when not found).
fn fn_position(text: &str, name: &str) -> Position {
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut from = 0;
        while let Some(k) = code[from..].find("fn") {
            let at = from + k;
            let after = &code[at + 2..];
            let rest = after.trim_start();
            let starts_word =
                at == 0 || !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            let spaced = after.starts_with(char::is_whitespace);
            if starts_word
                && spaced
                && rest.starts_with(name)
                && rest[name.len()..].trim_start().starts_with('(')
            {
                let col = code[..at].chars().count() + 1;
                return Position::new(
                    (i + 1).min(usize::from(u16::MAX)) as u16,
                    col.min(usize::from(u16::MAX)) as u16,
                );
            }
            from = at + 2;
        }
    }
    Position::new(1, 1)
}

/// Compiles one file, checks its hooks and runs its top-level statements once.
fn compile(engine: &Engine, name: &str, bytes: &[u8], builtin: bool) -> Result<Script, RuleError> {
    let text = decode(bytes);
    let mut ast = engine.compile(&text).map_err(|e| RuleError::Syntax {
        at: Location::new(name, e.position()),
        message: describe_parse(e.err_type()),
    })?;
    ast.set_source(name);
    let mut hooks = Vec::new();
    for f in ast.iter_functions() {
        let Some(spec) = HOOKS.iter().find(|h| h.name == f.name) else {
            continue;
        };
        let pos = fn_position(&text, spec.name);
        if f.params.len() != spec.params.len() {
            return Err(RuleError::BadHook {
                at: Location::new(name, pos),
                hook: spec.name.into(),
                message: format!(
                    "应有 {} 个参数（{}），实际为 {} 个（{}）",
                    spec.params.len(),
                    spec.params.join(", "),
                    f.params.len(),
                    f.params.join(", ")
                ),
            });
        }
        hooks.push((spec.hook, pos));
    }
    if hooks.is_empty() {
        return Err(RuleError::NoHook { file: name.into() });
    }
    let run = {
        let _clock = Clock::start();
        engine.run_ast_with_scope(&mut Scope::new(), &ast)
    };
    run.map_err(|err| {
        let (inner, _, pos) = unwrap_calls(&err);
        let at = Location::new(name, pos);
        let (hook, subject) = ("（顶层语句）".to_owned(), "加载规则时".to_owned());
        match describe(inner) {
            Failure::Runtime(message) => RuleError::Runtime {
                at,
                hook,
                subject,
                message,
            },
            Failure::Limit(message) => RuleError::Limit {
                at,
                hook,
                subject,
                message,
            },
            Failure::Calendar(source) => RuleError::CalendarInScript {
                at,
                hook,
                subject,
                source,
            },
        }
    })?;
    Ok(Script {
        name: name.into(),
        sha256: crate::sha256_hex(bytes),
        ast,
        text,
        builtin,
        hooks,
    })
}

/// The loaded rules: every script, and which script supplies each hook.
pub(crate) struct Loaded {
    pub scripts: Vec<Script>,
    /// Index into `scripts` per hook, in the order of [`Hook::ALL`].
    pub hook_script: [usize; 4],
}

/// Compiles the built-in rules and the `*.rhai` files of `dir`; a hook a user
/// file defines replaces the built-in one.
pub(crate) fn load(engine: &Engine, dir: Option<&Path>) -> Result<Loaded, RuleError> {
    let mut scripts = Vec::new();
    for (name, text) in BUILTIN_FILES {
        scripts.push(compile(
            engine,
            &format!("内置:{name}"),
            text.as_bytes(),
            true,
        )?);
    }
    let mut hook_script = [usize::MAX; 4];
    for (i, s) in scripts.iter().enumerate() {
        for (hook, _) in &s.hooks {
            hook_script[hook.index()] = i;
        }
    }
    if let Some(dir) = dir {
        let mut user_hook: [Option<usize>; 4] = [None; 4];
        for (name, bytes) in read_folder(dir)? {
            let script = compile(engine, &name, &bytes, false)?;
            let i = scripts.len();
            for (hook, _) in &script.hooks {
                if let Some(j) = user_hook[hook.index()] {
                    return Err(RuleError::DuplicateHook {
                        hook: hook.name().into(),
                        first: scripts[j].name.clone(),
                        second: script.name.clone(),
                    });
                }
                user_hook[hook.index()] = Some(i);
                hook_script[hook.index()] = i;
            }
            scripts.push(script);
        }
    }
    debug_assert!(
        hook_script.iter().all(|&i| i != usize::MAX),
        "built-in rules define every hook"
    );
    Ok(Loaded {
        scripts,
        hook_script,
    })
}
