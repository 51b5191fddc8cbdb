//! Bytes of any file: decoding never panics, and what it accepts is text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = chitieu::Source::from_bytes(Path::new("fuzz.txt"), data) {
        assert!(!src.text.is_empty() || data.len() <= 4);
    }
});
