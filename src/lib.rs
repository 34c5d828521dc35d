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

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}
