//! Fuzz target `decode`: see fuzz/README.md and `simcom_fuzz::decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| simcom_fuzz::decode(data));
