//! Fuzz target `roundtrip`: commands built with `arbitrary`; see `simcom_fuzz::roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| simcom_fuzz::roundtrip_bytes(data));
