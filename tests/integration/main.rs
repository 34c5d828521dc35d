//! The integration tests: one test binary, one module per area.

mod calendar;
mod cli;
mod common;
mod dates;
mod hostile;
mod ingest;
mod report;
mod rules;
