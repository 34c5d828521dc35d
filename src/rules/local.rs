//! Per-thread engines. Rhai shares reference counts between everything that
//! uses one engine and one compiled script: each call clones the script's
//! function library, its source name, the parameter names and every string
//! literal it evaluates, and caches clones of every native function it
//! resolves. On several threads those atomic counters bounce between cores
//! on every call. So each thread evaluates hooks on its own engine and its
//! own compilation of the (already validated) scripts, and reuses one scope.

use super::engine::{self, Script};
use crate::calendar::Calendar;
use rhai::{Engine, Scope, AST};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How many rule sets a thread keeps compiled (older ones are dropped).
const CACHED_RULE_SETS: usize = 4;

/// One thread's engine and compiled scripts for one rule set.
pub(crate) struct Local {
    pub engine: Engine,
    /// The scripts, in the order of the rule set's scripts.
    pub asts: Vec<AST>,
    /// A scope reused from call to call (cleared after each).
    pub scope: RefCell<Scope<'static>>,
}

thread_local! {
    static LOCAL: RefCell<Vec<(u64, Rc<Local>)>> = const { RefCell::new(Vec::new()) };
}

/// A process-unique id for a new rule set.
pub(crate) fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Builds this thread's engine and compiles its copy of `scripts`.
fn build(calendar: &Arc<Calendar>, scripts: &[Script]) -> Local {
    let engine = engine::build(calendar, false);
    let asts = scripts
        .iter()
        .map(|s| match engine.compile(&s.text) {
            Ok(mut ast) => {
                ast.set_source(s.name.as_str());
                ast
            }
            // Cannot happen: the same text compiled on an identical engine at load.
            Err(_) => s.ast.clone(),
        })
        .collect();
    Local {
        engine,
        asts,
        scope: RefCell::new(Scope::new()),
    }
}

/// Runs `f` with this thread's engine and scripts for rule set `id`.
pub(crate) fn with_local<R>(
    id: u64,
    calendar: &Arc<Calendar>,
    scripts: &[Script],
    f: impl FnOnce(&Local) -> R,
) -> R {
    let local = LOCAL.with(|cell| {
        let mut cache = cell.borrow_mut();
        match cache.iter().position(|(i, _)| *i == id) {
            Some(0) => cache[0].1.clone(),
            Some(k) => {
                let entry = cache.remove(k);
                cache.insert(0, entry);
                cache[0].1.clone()
            }
            None => {
                let local = Rc::new(build(calendar, scripts));
                cache.insert(0, (id, local.clone()));
                cache.truncate(CACHED_RULE_SETS);
                local
            }
        }
    });
    f(&local)
}
