//! Rule errors, and the translation of Rhai's English errors into messages
//! an analyst can act on. Every error raised while a hook runs names the
//! script, line and column, the hook, and what was being evaluated (the
//! 事项编号 and unit, or the unit for `score`/`rating`).

use super::limits;
use crate::calendar::CalendarError;
use rhai::{EvalAltResult, ParseErrorType, Position};
use std::fmt;

/// A place in a rules script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The script's name: `内置:deadline.rhai` or a path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// A location from a Rhai position (line 1, column 1 when it has none).
    pub fn new(file: &str, pos: Position) -> Self {
        Location {
            file: file.to_owned(),
            line: pos.line().unwrap_or(1),
            column: pos.position().unwrap_or(1),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "规则脚本 {} 第 {} 行第 {} 列",
            self.file, self.line, self.column
        )
    }
}

/// A rule error. All messages are in Chinese for the analyst.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The rules folder or a file in it could not be read.
    #[error("无法读取规则 {path}：{message}")]
    Io { path: String, message: String },
    /// A script does not compile (including a forbidden `import` or `eval`).
    #[error("{at}：语法错误：{message}")]
    Syntax { at: Location, message: String },
    /// A hook is defined with the wrong number of parameters.
    #[error("{at}：钩子 {hook} 定义不正确：{message}")]
    BadHook {
        at: Location,
        hook: String,
        message: String,
    },
    /// Two files of the rules folder define the same hook.
    #[error("钩子 {hook} 在 {first} 和 {second} 中都有定义：每个钩子只能由一个规则文件定义")]
    DuplicateHook {
        hook: String,
        first: String,
        second: String,
    },
    /// A rules file defines none of the hooks (usually a misspelt name).
    #[error(
        "规则文件 {file} 没有定义任何钩子（deadline、escalation、score、rating）：\
         请检查函数名和参数个数是否与 `mashang rules` 所列一致"
    )]
    NoHook { file: String },
    /// A script failed while running: an unknown function, a wrong type, `throw`…
    #[error("{at}（钩子 {hook}，{subject}）：运行错误：{message}")]
    Runtime {
        at: Location,
        hook: String,
        subject: String,
        message: String,
    },
    /// A script hit a sandbox limit: operations, call depth, string/array/map size.
    #[error("{at}（钩子 {hook}，{subject}）：超出沙箱限制：{message}")]
    Limit {
        at: Location,
        hook: String,
        subject: String,
        message: String,
    },
    /// A hook returned a value of the wrong type or outside the allowed words.
    #[error("{at}（钩子 {hook}，{subject}）：返回值不符合要求：{message}")]
    ReturnValue {
        at: Location,
        hook: String,
        subject: String,
        message: String,
    },
    /// A calendar function called by a script failed (e.g. a year without data).
    #[error("{at}（钩子 {hook}，{subject}）：{source}")]
    CalendarInScript {
        at: Location,
        hook: String,
        subject: String,
        #[source]
        source: Box<CalendarError>,
    },
    /// The calendar failed outside any script.
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

impl RuleError {
    /// Where in which script the error is, when it is about a script.
    pub fn location(&self) -> Option<&Location> {
        match self {
            RuleError::Syntax { at, .. }
            | RuleError::BadHook { at, .. }
            | RuleError::Runtime { at, .. }
            | RuleError::Limit { at, .. }
            | RuleError::ReturnValue { at, .. }
            | RuleError::CalendarInScript { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// An error raised by a function of the script API (not by a script's `throw`).
#[derive(Clone, Debug)]
pub(crate) struct NativeError(pub String);

/// A Rhai error raised by an API function, carrying a Chinese message.
pub(crate) fn native(message: impl Into<String>) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(
        rhai::Dynamic::from(NativeError(message.into())),
        Position::NONE,
    )
    .into()
}

/// A Rhai error carrying a calendar error, surfaced as the calendar's own message.
pub(crate) fn calendar(err: CalendarError) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(rhai::Dynamic::from(err), Position::NONE).into()
}

/// What kind of failure a runtime error is.
pub(crate) enum Failure {
    Runtime(String),
    Limit(String),
    Calendar(Box<CalendarError>),
}

/// The innermost error of a chain of nested function calls, the functions
/// it passed through (innermost last), and its best-known position.
pub(crate) fn unwrap_calls(err: &EvalAltResult) -> (&EvalAltResult, Vec<&str>, Position) {
    let mut names = Vec::new();
    let mut pos = Position::NONE;
    let mut cur = err;
    loop {
        match cur {
            EvalAltResult::ErrorInFunctionCall(name, _, inner, call_pos) => {
                names.push(name.as_str());
                if !call_pos.is_none() {
                    pos = *call_pos;
                }
                cur = inner;
            }
            EvalAltResult::ErrorInModule(_, inner, _) => cur = inner,
            _ => break,
        }
    }
    if !cur.position().is_none() {
        pos = cur.position();
    }
    (cur, names, pos)
}

/// Rhai's type names as the API reference writes them.
pub(crate) fn type_name(name: &str) -> &str {
    match name {
        "i64" | "i32" | "u32" | "usize" => "int",
        "f64" | "f32" => "float",
        "ImmutableString" | "&str" | "String" | "str" => "string",
        "rhai::Map" | "Map" => "map",
        "rhai::Array" | "Array" => "array",
        other => other,
    }
}

fn types_in(sig: &str) -> String {
    [
        "i64",
        "f64",
        "ImmutableString",
        "&str",
        "rhai::Map",
        "rhai::Array",
    ]
    .iter()
    .fold(sig.to_owned(), |s, t| s.replace(t, type_name(t)))
}

/// Describes a runtime error (already unwrapped) in Chinese.
pub(crate) fn describe(err: &EvalAltResult) -> Failure {
    use EvalAltResult as E;
    let text = match err {
        E::ErrorRuntime(value, _) => {
            if let Some(e) = value.clone().try_cast::<CalendarError>() {
                return Failure::Calendar(Box::new(e));
            }
            if let Some(NativeError(m)) = value.clone().try_cast::<NativeError>() {
                return Failure::Runtime(m);
            }
            format!("脚本抛出错误（throw）：{value}")
        }
        E::ErrorTooManyOperations(_) => {
            return Failure::Limit(format!(
                "一次调用的运算次数超过上限 {}（可能是死循环）",
                limits::MAX_OPERATIONS
            ))
        }
        E::ErrorStackOverflow(_) => {
            return Failure::Limit(format!(
                "函数调用层数超过上限 {}（可能是无限递归）",
                limits::MAX_CALL_LEVELS
            ))
        }
        E::ErrorDataTooLarge(what, _) => {
            let what = match what.as_str() {
                w if w.contains("string") => {
                    format!("文本长度超过上限 {} 字节", limits::MAX_STRING_SIZE)
                }
                w if w.contains("array") => {
                    format!("数组元素个数超过上限 {}", limits::MAX_ARRAY_SIZE)
                }
                w if w.contains("map") => format!(
                    "映射（map）元素个数超过上限 {}",
                    limits::MAX_MAP_SIZE
                ),
                w => format!("数据过大（{w}）"),
            };
            return Failure::Limit(what);
        }
        E::ErrorTooManyVariables(_) => return Failure::Limit("变量个数超过上限".into()),
        E::ErrorTooManyModules(_) => return Failure::Limit("不允许加载模块".into()),
        E::ErrorTerminated(token, _) if token.as_int() == Ok(limits::STOPPED_BY_STACK) => {
            return Failure::Limit(format!(
                "函数调用或表达式嵌套过深，占用栈空间超过 {} KB（可能是无限递归）",
                limits::MAX_STACK / 1024
            ))
        }
        E::ErrorTerminated(..) => {
            return Failure::Limit(format!(
                "一次调用的运行时间超过上限 {} 秒（可能是死循环，或在循环里反复复制很长的文本、很大的数组）",
                limits::MAX_CALL_TIME.as_secs_f64()
            ))
        }
        E::ErrorVariableNotFound(v, _) => format!("变量 {v} 未定义"),
        E::ErrorPropertyNotFound(p, _) => format!("没有属性 {p}"),
        E::ErrorIndexNotFound(k, _) => format!("没有字段 {k}"),
        E::ErrorFunctionNotFound(sig, _) if sig.contains("()") => format!(
            "找不到函数 {}：有参数是空值 ()（如没有填写的办理时限、应反馈为 0 时的比率），请先判断 != ()",
            types_in(sig)
        ),
        E::ErrorFunctionNotFound(sig, _) => format!(
            "找不到函数 {}（函数名或参数类型不对？可用函数见 `mashang rules`）",
            types_in(sig)
        ),
        E::ErrorModuleNotFound(m, _) => format!("不允许加载模块 {m}（规则脚本不能读取文件）"),
        E::ErrorMismatchDataType(want, got, _) => {
            format!(
                "数据类型不符：需要 {}，实际是 {}",
                type_name(want),
                type_name(got)
            )
        }
        E::ErrorMismatchOutputType(want, got, _) => {
            format!(
                "返回类型不符：需要 {}，实际是 {}",
                type_name(want),
                type_name(got)
            )
        }
        E::ErrorIndexingType(t, _) => format!("类型 {} 不能用下标或属性访问", types_in(t)),
        E::ErrorArrayBounds(len, i, _) => format!("数组下标 {i} 越界（长度 {len}）"),
        E::ErrorStringBounds(len, i, _) => format!("文本下标 {i} 越界（长度 {len}）"),
        E::ErrorBitFieldBounds(len, i, _) => format!("位下标 {i} 越界（共 {len} 位）"),
        E::ErrorFor(_) => "for 循环的对象不能遍历".into(),
        E::ErrorAssignmentToConstant(v, _) => format!("不能给常量 {v} 赋值"),
        E::ErrorNonPureMethodCallOnConstant(f, _) => format!("不能对常量调用会修改它的方法 {f}"),
        E::ErrorDotExpr(m, _) => describe_dot(m),
        E::ErrorArithmetic(m, _) => {
            if m.contains("Division by zero") {
                "算术错误：除以零".into()
            } else if m.contains("overflow") {
                format!("算术错误：数值溢出（{m}）")
            } else {
                format!("算术错误：{m}")
            }
        }
        E::ErrorUnboundThis(_) => "this 未绑定".into(),
        E::ErrorParsing(p, _) => describe_parse(p),
        E::LoopBreak(..) => "break/continue 不在循环中".into(),
        other => format!("{other}"),
    };
    Failure::Runtime(text)
}

/// Describes a property-access error (Rhai words it as "… 'prop' … type 'T' …").
fn describe_dot(message: &str) -> String {
    let quoted: Vec<&str> = message.split('\'').skip(1).step_by(2).collect();
    match (quoted.as_slice(), message) {
        ([prop, ty, ..], m) if m.starts_with("No writable property") => {
            format!(
                "{} 的字段 {prop} 是只读的，不能赋值（请用 let 定义新变量）",
                type_name(ty)
            )
        }
        ([prop, ty, ..], m) if m.starts_with("Unknown property") && *ty == "()" => {
            format!("空值 () 没有属性 {prop}（前面取到的值不存在？）")
        }
        ([prop, ty, ..], m) if m.starts_with("Unknown property") => {
            format!("{} 没有属性 {prop}", type_name(ty))
        }
        _ => format!("属性访问错误：{message}"),
    }
}

/// Describes a syntax error in Chinese.
pub(crate) fn describe_parse(err: &ParseErrorType) -> String {
    use rhai::LexError as L;
    use ParseErrorType as P;
    match err {
        P::Reserved(word) if word == "import" => {
            "不允许使用 import：规则脚本不能加载其他文件（沙箱限制）；请把要用的函数写在同一个文件里".into()
        }
        P::BadInput(L::ImproperSymbol(word, _)) if word == "eval" => {
            "不允许使用 eval（沙箱限制）".into()
        }
        P::Reserved(word) => format!("{word} 是保留字，不能用作名称"),
        P::UnexpectedEOF => "脚本意外结束（括号或引号没有配对？）".into(),
        P::BadInput(L::UnexpectedInput(s)) => format!("这里不应出现 {s}"),
        P::BadInput(L::UnterminatedString) => "字符串缺少结束引号".into(),
        P::BadInput(L::StringTooLong(n)) => format!("字符串过长（上限 {n}）"),
        P::BadInput(L::MalformedNumber(s)) => format!("数字格式不对：{s}"),
        P::BadInput(L::MalformedIdentifier(s)) => format!("名称不合法：{s}"),
        P::BadInput(L::ImproperSymbol(s, m)) if m.is_empty() => format!("不合法的符号：{s}"),
        P::BadInput(other) => format!("{other}"),
        P::MissingToken(token, what) => format!("缺少 {token}（{what}）"),
        P::MissingSymbol(s) => format!("缺少 {s}"),
        P::VariableUndefined(v) => format!("变量 {v} 未定义（函数里只能用参数和函数内定义的变量）"),
        P::ModuleUndefined(m) => format!("模块 {m} 未定义"),
        P::FnDuplicatedDefinition(f, n) => format!("函数 {f}（{n} 个参数）重复定义"),
        P::FnDuplicatedParam(f, p) => format!("函数 {f} 的参数 {p} 重复"),
        P::FnMissingBody(f) => format!("函数 {f} 缺少函数体"),
        P::FnMissingParams(f) => format!("函数 {f} 缺少参数列表"),
        P::ExprTooDeep => "表达式嵌套过深".into(),
        P::LiteralTooLarge(what, max) => format!("{what} 过大（上限 {max}）"),
        P::AssignmentToConstant(v) => format!("不能给常量 {v} 赋值"),
        P::ExprExpected(what) => format!("这里需要一个{what}表达式"),
        other => format!("{other}"),
    }
}
