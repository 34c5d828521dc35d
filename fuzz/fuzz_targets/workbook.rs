//! Whole-file ingest from bytes: the input becomes a file ([`input::file_of`]:
//! a workbook of any format, a CSV, a TSV, or one sheet's XML inside a valid
//! xlsx or ods), written to a temporary file that `ingest::read_file` reads,
//! and the result is normalised. Nothing may panic outside the reader's own
//! containment, hang, or exhaust memory, and every sheet's reconciliation
//! must balance.
//!
//! A panic inside a reader is caught by `read_file` (the file becomes an
//! unreadable-file anomaly), as in the product; it is logged on stderr here
//! (`contained panic …`) instead of stopping the run. Set
//! `MASHANG_FUZZ_STRICT=1` to stop at those too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::{Mutex, Once, OnceLock};

#[path = "checks.rs"]
mod checks;
#[path = "input.rs"]
mod input;

fn quiet_contained_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        if std::env::var_os("MASHANG_FUZZ_STRICT").is_some() {
            return;
        }
        static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
        std::panic::set_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
            if !seen.contains(&place) {
                eprintln!("contained panic at {place}: {info}");
                seen.push(place);
            }
        }));
    });
}

/// One temporary folder per process (`-fork`/`-jobs` run several).
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("mashang-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    quiet_contained_panics();
    checks::workbook(data, folder());
});
