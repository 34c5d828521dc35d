//! Calling the hooks and validating what they return.
//!
//! Each call runs on the calling thread's own engine and scripts (`local.rs`)
//! with the thread's scope, emptied after every call. A failed call is explained with the
//! script, line and column, hook and subject; when Rhai has dropped the
//! position (limit errors lose it at the hook's boundary) the call is re-run
//! once on the diagnostic engine, which records where the script was.

use super::api::HOOKS;
use super::datetime::DateTime;
use super::engine::{last_position, reset_last_position, Script};
use super::error::{describe, type_name, unwrap_calls, Failure, Location, RuleError};
use super::limits::{CallGuard, MAX_CALL_TIME};
use super::local::with_local;
use super::{Deadline, Escalation, Hook, Rating, RuleSet, Task};
use rayon::prelude::*;
use rhai::{Dynamic, FuncArgs, ImmutableString, Position, Scope};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a hook was evaluating, for error messages.
pub(crate) fn task_subject(task: &Task) -> String {
    format!("事项编号 {}，承办单位 {}", task.case_id, task.unit)
}

/// The subject of a `score`/`rating` call.
pub(crate) fn unit_subject(unit: &str) -> String {
    format!("承办单位 {unit}")
}

impl RuleSet {
    fn script(&self, hook: Hook) -> &Script {
        &self.loaded.scripts[self.loaded.hook_script[hook.index()]]
    }

    /// Where `hook` is declared in its script.
    fn hook_location(&self, hook: Hook) -> Location {
        let script = self.script(hook);
        let pos = script
            .hooks
            .iter()
            .find(|(h, _)| *h == hook)
            .map_or(Position::NONE, |(_, p)| *p);
        Location::new(&script.name, pos)
    }

    /// Calls `hook` with the arguments `args` makes (again, should the call
    /// have to be re-run to locate an error); `subject` names what is evaluated.
    pub(crate) fn call<A: FuncArgs>(
        &self,
        hook: Hook,
        args: impl Fn() -> A,
        subject: &dyn Fn() -> String,
    ) -> Result<Dynamic, RuleError> {
        let index = self.loaded.hook_script[hook.index()];
        let scripts = &self.loaded.scripts;
        let guard = CallGuard::start();
        let result = with_local(self.id, &self.calendar, scripts, |local| {
            let (engine, ast) = (&local.engine, &local.asts[index]);
            match local.scope.try_borrow_mut() {
                Ok(mut scope) => {
                    let result = engine.call_fn::<Dynamic>(&mut scope, ast, hook.name(), args());
                    scope.clear();
                    result
                }
                Err(_) => engine.call_fn(&mut Scope::new(), ast, hook.name(), args()),
            }
        });
        drop(guard);
        result.map_err(|err| self.explain(hook, &scripts[index], &err, args, subject))
    }

    fn explain<A: FuncArgs>(
        &self,
        hook: Hook,
        script: &Script,
        err: &rhai::EvalAltResult,
        args: impl Fn() -> A,
        subject: &dyn Fn() -> String,
    ) -> RuleError {
        let (inner, inside, mut pos) = unwrap_calls(err);
        if pos.is_none() {
            // Scripts are deterministic: the re-run fails at the same place. A
            // run stopped by the clock is re-run briefly: any step of it is in
            // the runaway part, and the whole error stays well under a second.
            reset_last_position();
            let _guard = CallGuard::start_with(MAX_CALL_TIME / 4);
            let _ = self.diagnostic.call_fn::<Dynamic>(
                &mut Scope::new(),
                &script.ast,
                hook.name(),
                args(),
            );
            pos = last_position();
        }
        let at = if pos.is_none() {
            self.hook_location(hook)
        } else {
            Location::new(&script.name, pos)
        };
        let (hook, subject) = (hook.name().to_owned(), subject());
        let within = match inside.as_slice() {
            [] => String::new(),
            names => format!("（出错处在函数 {} 内）", names.join(" → ")),
        };
        match describe(inner) {
            Failure::Runtime(m) => RuleError::Runtime {
                at,
                hook,
                subject,
                message: format!("{m}{within}"),
            },
            Failure::Limit(m) => RuleError::Limit {
                at,
                hook,
                subject,
                message: format!("{m}{within}"),
            },
            Failure::Calendar(source) => RuleError::CalendarInScript {
                at,
                hook,
                subject,
                source,
            },
        }
    }

    fn bad_return(&self, hook: Hook, subject: String, message: String) -> RuleError {
        RuleError::ReturnValue {
            at: self.hook_location(hook),
            hook: hook.name().into(),
            subject,
            message,
        }
    }

    /// Runs `deadline(task)` on the task `make` builds, and validates the
    /// result. The task is built once; again only to explain an error.
    pub(crate) fn run_deadline(&self, make: &dyn Fn() -> Task) -> Result<Deadline, RuleError> {
        let task = make();
        let assigned_at = task.assigned_at;
        let first = Cell::new(Some(task));
        let args = || (Dynamic::from(first.take().unwrap_or_else(make)),);
        let subject = || task_subject(&make());
        let value = self.call(Hook::Deadline, args, &subject)?;
        let script = self.script(Hook::Deadline);
        let deadline = to_deadline(value, || format!("规则 {}", script.name))
            .map_err(|m| self.bad_return(Hook::Deadline, subject(), m))?;
        if deadline.due < assigned_at {
            let message = format!(
                "应反馈时间 {} 早于交办时间 {}",
                DateTime(deadline.due),
                DateTime(assigned_at)
            );
            return Err(self.bad_return(Hook::Deadline, subject(), message));
        }
        Ok(deadline)
    }

    /// Runs `escalation(task, overdue_workdays)` on the task `make` builds
    /// (once; again only to explain an error), and validates the result.
    pub(crate) fn run_escalation(
        &self,
        make: &dyn Fn() -> Task,
        overdue_workdays: u32,
    ) -> Result<Escalation, RuleError> {
        let first = Cell::new(Some(make()));
        let args = || {
            let w = Dynamic::from_int(overdue_workdays.into());
            (Dynamic::from(first.take().unwrap_or_else(make)), w)
        };
        let subject = || task_subject(&make());
        let value = self.call(Hook::Escalation, args, &subject)?;
        let word = value.read_lock::<ImmutableString>();
        match word.and_then(|s| Escalation::from_label(s.trim())) {
            Some(e) => Ok(e),
            None => Err(self.bad_return(
                Hook::Escalation,
                subject(),
                expected(HOOKS[1].returns, &value),
            )),
        }
    }

    /// Runs `score(stats)` and validates its result.
    pub(crate) fn run_score(&self, stats: &super::UnitStats) -> Result<f64, RuleError> {
        let subject = || unit_subject(&stats.unit);
        let value = self.call(Hook::Score, || (Dynamic::from(stats.clone()),), &subject)?;
        let number = match value.as_int() {
            Ok(i) => Some(i as f64),
            Err(_) => value.as_float().ok(),
        };
        match number {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(self.bad_return(
                Hook::Score,
                subject(),
                expected("有限的数（int 或 float）", &value),
            )),
        }
    }

    /// Runs `rating(stats)` and validates its result.
    pub(crate) fn run_rating(&self, stats: &super::UnitStats) -> Result<Rating, RuleError> {
        let subject = || unit_subject(&stats.unit);
        let value = self.call(Hook::Rating, || (Dynamic::from(stats.clone()),), &subject)?;
        let word = value.read_lock::<ImmutableString>();
        match word.and_then(|s| Rating::from_label(s.trim())) {
            Some(r) => Ok(r),
            None => {
                Err(self.bad_return(Hook::Rating, subject(), expected(HOOKS[3].returns, &value)))
            }
        }
    }
}

/// "expected X, got Y" for a returned value.
fn expected(what: &str, value: &Dynamic) -> String {
    let mut shown = super::api::show(value);
    if shown.chars().count() > 60 {
        shown = shown.chars().take(60).collect::<String>() + "…";
    }
    let hint = if value.is_unit() {
        "（是否有分支没有 return？）"
    } else {
        ""
    };
    format!(
        "应返回 {what}，实际返回了 {} {shown}{hint}",
        type_name(value.type_name())
    )
}

/// A deadline from what the hook returned: a `DateTime` or `#{ due, basis }`.
fn to_deadline(value: Dynamic, default_basis: impl Fn() -> String) -> Result<Deadline, String> {
    if value.is::<DateTime>() {
        let due = value.cast::<DateTime>().0;
        return Ok(Deadline {
            due,
            basis: default_basis(),
        });
    }
    if !value.is_map() {
        return Err(expected(HOOKS[0].returns, &value));
    }
    let mut map = value.cast::<rhai::Map>();
    if let Some(key) = map.keys().find(|k| !matches!(k.as_str(), "due" | "basis")) {
        return Err(format!("返回的 map 只能有 due 和 basis 两个键，多了 {key}"));
    }
    let due = match map.remove("due") {
        Some(v) if v.is::<DateTime>() => v.cast::<DateTime>().0,
        Some(v) => return Err(format!("due {}", expected("DateTime", &v))),
        None => return Err("返回的 map 缺少 due（应反馈时间）".into()),
    };
    let basis = match map.remove("basis") {
        None => default_basis(),
        Some(v) if v.is_unit() => default_basis(),
        Some(v) if v.is_string() => v.cast::<ImmutableString>().into(),
        Some(v) => return Err(format!("basis {}", expected("string", &v))),
    };
    Ok(Deadline { due, basis })
}

/// Runs `f` over `items` in parallel and returns the results in order, or the
/// error of the first failing item in input order. Once an item has failed,
/// items after it are skipped (a broken rule does not run a million times).
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, RuleError> + Sync,
) -> Result<Vec<R>, RuleError> {
    let first_error = AtomicUsize::new(usize::MAX);
    let results: Vec<Option<Result<R, Box<RuleError>>>> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| {
            if i > first_error.load(Ordering::Relaxed) {
                return None;
            }
            let result = f(item).map_err(Box::new);
            if result.is_err() {
                first_error.fetch_min(i, Ordering::Relaxed);
            }
            Some(result)
        })
        .collect();
    // An item is skipped only after an earlier one failed, so the first error
    // in order comes before every skipped item.
    results
        .into_iter()
        .flatten()
        .collect::<Result<Vec<R>, Box<RuleError>>>()
        .map_err(|e| *e)
}
