//! The integration tests: one test binary, one module per area.

mod calendar;
mod cli;
mod commands;
mod common;
mod dates;
mod hostile;
mod ingest;
mod judging;
mod report;
mod rules;
