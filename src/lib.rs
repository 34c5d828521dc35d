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

/// Turns transparent huge pages off for this process (Linux; elsewhere a
/// no-op). The allocator returns freed memory to the system and takes it back
/// as rows are read and dropped; with huge pages every such return costs the
/// kernel clearing a whole 2 MiB page, which was a quarter of a report's CPU
/// time on 100,000 cases. Call it first thing in `main`.
pub fn disable_huge_pages() {
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
