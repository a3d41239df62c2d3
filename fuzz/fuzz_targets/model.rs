//! Fuzz target `model`: see fuzz/README.md and `simcom_fuzz::model`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| simcom_fuzz::model(data));
