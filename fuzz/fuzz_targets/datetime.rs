//! The date-time parser on arbitrary text ([`checks::datetime`]).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "checks.rs"]
mod checks;
#[path = "input.rs"]
#[allow(dead_code)]
mod input;

fuzz_target!(|text: &str| checks::datetime(text));
