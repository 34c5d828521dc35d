//! The header matcher on arbitrary text ([`checks::header`]).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "checks.rs"]
mod checks;
#[path = "input.rs"]
#[allow(dead_code)]
mod input;

fuzz_target!(|text: &str| checks::header(text));
