//! mashang (马上就办): reads a folder of intake and reply exports, applies the
//! office's rules, and writes the weekly 通报 workbook.
//!
//! The data flows one way: [`ingest`] reads files and sheets into raw rows,
//! [`normalise`] turns them into cases, assignments, replies and units (with
//! every anomaly and a per-sheet reconciliation), [`rules`] decides deadlines,
//! escalation and scores through Rhai scripts over the [`calendar`], [`judge`]
//! rates and ranks every unit for a [`period`], and [`report`] writes the workbook.

pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod ingest;
pub mod judge;
pub mod model;
pub mod normalise;
pub mod period;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod rules;
pub mod text;

/// The program version shown in 数据说明.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Lower-case hex of a byte string (SHA-256 digests in 数据说明).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sets how the process takes and returns memory; call it first thing in
/// `main` (the binary's allocator is mimalloc).
///
/// - Transparent huge pages off (Linux; a prctl): the allocator returns freed
///   memory to the system and takes it back as rows are read and dropped, and
///   with huge pages each return cost the kernel clearing a whole 2 MiB page —
///   a quarter of a report's CPU time on 100,000 cases.
/// - Freed memory returned after 100 ms instead of mimalloc's 1 s: a million
///   cases' raw rows are freed just before the records and the judgement grow,
///   and held for a second they raised the peak by about 150 MiB (1.88–1.98 →
///   1.74–1.79 GiB, for some 2% more time).
pub fn tune_memory() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and changes only
    // how the kernel backs this process's memory; a failure changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // The mimalloc crate (and the C library with it) is linked through this.
    let _ = mimalloc::MiMalloc;
    // SAFETY: mi_option_set takes an option number and a value, and is called
    // before any other thread exists.
    unsafe { allocator::mi_option_set(allocator::PURGE_DELAY, 100) }
}

/// The mimalloc options set by [`tune_memory`] (the C library's own calls;
/// the crate exposes them only with a feature that predates the option).
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in mimalloc 3's `mi_option_e`.
    pub const PURGE_DELAY: c_int = 15;

    extern "C" {
        pub fn mi_option_set(option: c_int, value: c_long);
        #[cfg(test)]
        pub fn mi_option_get(option: c_int) -> c_long;
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_option_number_is_the_purge_delay() {
            // Unset, it reads as mimalloc 3's default delay of 1000 ms (unless
            // the environment says otherwise); no other option defaults to that.
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                // SAFETY: reading an option.
                assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
            }
        }
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}
