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

/// What becomes of a run's large values (records, the workbook's cells)
/// once they are no longer needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Freed: the process goes on (`watch`, tests, the library).
    Free,
    /// Left to the operating system: the process exits right after. Freeing
    /// a million cases' records and the report's cells one by one cost about
    /// a quarter of a second there, for nothing.
    AtExit,
}

impl Release {
    /// Drops `value`, or leaves it for the exit to reclaim.
    pub fn release<T>(self, value: T) {
        match self {
            Release::Free => drop(value),
            Release::AtExit => std::mem::forget(value),
        }
    }
}

/// Lower-case hex of a byte string (SHA-256 digests in 数据说明).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sets how the process takes and returns memory; call it first thing in
/// `main` (the binary's allocator is mimalloc).
///
/// Transparent huge pages are turned off (Linux; a prctl): the allocator
/// returns freed memory to the system and takes it back as rows are read and
/// dropped, and with huge pages each return cost the kernel clearing a whole
/// 2 MiB page — a quarter of a report's CPU time on 100,000 cases.
///
/// mimalloc keeps freed memory for its default second before returning it.
/// Returning it after 100 ms instead kept a million cases' peak ~120 MiB
/// lower (1.52 against 1.63–1.68 GiB, well under the 2 GiB target either way)
/// but cost 3–5% of the time there and 2% on 100,000 cases.
pub fn tune_memory() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and changes only
    // how the kernel backs this process's memory; a failure changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}
