//! Building the sandboxed engine and loading the rules files.
//!
//! The engine has no file, module or network access: `import` and `eval` are
//! disabled symbols (a script using them does not compile), there is no module
//! resolver, and every call is bounded (`limits.rs`). Loading compiles every
//! script, checks each hook's name and arity and runs the scripts' top-level
//! statements once, so a broken rules folder fails before any spreadsheet is read.

use super::api::{self, HOOKS};
use super::error::{describe, describe_parse, unwrap_calls, Failure, Location, RuleError};
use super::limits::{self, CallGuard, MAX_FILE_SIZE};
use super::Hook;
use crate::calendar::Calendar;
use rhai::debugger::DebuggerEvent;
use rhai::packages::{Package, StandardPackage};
use rhai::{Engine, Position, Scope, AST};
use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

thread_local! {
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
    limits::apply(&mut e);
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
        message: crate::error::io_reason(&e),
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

/// Script text from file bytes: see [`crate::text::decode_edited`].
fn decode(bytes: &[u8]) -> String {
    crate::text::decode_edited(bytes)
}

/// `text` with its comments and string literals blanked (each character
/// but line breaks a space), so lines and columns stay where they were.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut depth) = (0, 0usize);
    let mut quote: Option<char> = None;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1).copied());
        if depth > 0 {
            if c == '*' && next == Some('/') {
                depth -= 1;
                out.push_str("  ");
                i += 2;
            } else if c == '/' && next == Some('*') {
                depth += 1;
                out.push_str("  ");
                i += 2;
            } else {
                out.push(blank(c));
                i += 1;
            }
            continue;
        }
        if let Some(q) = quote {
            if c == '\\' && q != '`' && next.is_some() {
                out.push(' ');
                out.push(blank(chars[i + 1]));
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            out.push(blank(c));
            i += 1;
            continue;
        }
        // A raw string: `#"…"#`, with as many `#` at both ends, no escapes.
        if c == '#' {
            let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + hashes) == Some(&'"') {
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body = i + hashes + 1;
                let end = (body..chars.len())
                    .find(|&k| chars[k..].starts_with(&close))
                    .map_or(chars.len(), |k| k + close.len());
                out.extend(chars[i..end].iter().map(|&c| blank(c)));
                i = end;
                continue;
            }
        }
        match (c, next) {
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                depth = 1;
                out.push_str("  ");
                i += 2;
            }
            ('"' | '`' | '\'', _) => {
                quote = Some(c);
                out.push(' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Where `fn name(` is declared (1:1 when not found) in a script's
/// [`code_only`] text, so that comments and strings are passed over.
fn fn_position(code_text: &str, name: &str) -> Position {
    for (i, code) in code_text.lines().enumerate() {
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
    let code = code_only(&text);
    let mut hooks = Vec::new();
    for f in ast.iter_functions() {
        let Some(spec) = HOOKS.iter().find(|h| h.name == f.name) else {
            continue;
        };
        let pos = fn_position(&code, spec.name);
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
        let _guard = CallGuard::start();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hook_is_found_where_it_is_declared_not_in_comments_or_strings() {
        let text = "/* 旧规则：\n fn deadline(task) {\n   /* nested */ task.交办时间\n }\n*/\n\
                    // fn deadline(task) { }\n\
                    let note = \"fn deadline(x)\";\n\
                    fn  deadline(task) {\n    task.交办时间\n}\n";
        assert_eq!(
            fn_position(&code_only(text), "deadline"),
            Position::new(8, 1)
        );
        let quoted = "let s = \"a \\\" fn deadline(t) \";\n  fn deadline(t) { t }\n";
        assert_eq!(
            fn_position(&code_only(quoted), "deadline"),
            Position::new(2, 3)
        );
        assert_eq!(code_only("a /* b\nc */ d").lines().count(), 2);
        let raw = "let p = #\"C:\\dir\\\"#;\nlet q = ##\"say \"fn deadline(t)\" \"# here\"##;\nfn deadline(t) { t }\n";
        assert_eq!(
            fn_position(&code_only(raw), "deadline"),
            Position::new(3, 1)
        );
    }
}
