//! Fuzz target `command_parse`: see fuzz/README.md and `simcom_fuzz::command_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| simcom_fuzz::command_parse(data));
