//! The sandbox limits, and the per-call guard that enforces the two Rhai
//! lacks: wall-clock time and stack use, both checked from Rhai's progress
//! callback, which runs at every operation.

use rhai::Engine;
use std::cell::Cell;
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
/// time: an operation may copy a 64 KiB string or a 1,000-element array.
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

/// Arms the time and stack limits of one hook call on this thread, until dropped.
pub(crate) struct CallGuard;

impl CallGuard {
    /// Starts guarding one call, limited to [`MAX_CALL_TIME`].
    pub(crate) fn start() -> Self {
        Self::start_with(MAX_CALL_TIME)
    }

    /// Starts guarding one call with another time limit. The time is checked every 1,024
    /// operations, so a call of fewer operations is never stopped by it.
    /// The stack in use now is the base for [`MAX_STACK`].
    pub(crate) fn start_with(limit: Duration) -> Self {
        STOP_AT.with(|t| t.set(Some(Instant::now() + limit)));
        STACK_BASE.with(|b| b.set(stack_address()));
        CallGuard
    }
}

impl Drop for CallGuard {
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
pub(crate) fn check_progress(ops: u64) -> Option<rhai::Dynamic> {
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
}

/// Sets every limit on `engine`.
pub(crate) fn apply(e: &mut Engine) {
    e.set_max_modules(0);
    e.set_max_operations(MAX_OPERATIONS);
    e.set_max_call_levels(MAX_CALL_LEVELS);
    let (expr, fn_expr) = MAX_EXPR_DEPTHS;
    e.set_max_expr_depths(expr, fn_expr);
    e.set_max_string_size(MAX_STRING_SIZE);
    e.set_max_array_size(MAX_ARRAY_SIZE);
    e.set_max_map_size(MAX_MAP_SIZE);
    e.on_progress(check_progress);
}
