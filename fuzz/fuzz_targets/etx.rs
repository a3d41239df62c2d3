//! Fuzz target `etx`: see fuzz/README.md and `simcom_fuzz::etx`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| simcom_fuzz::etx(data));
