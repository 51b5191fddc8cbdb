//! Any bytes through the whole pipeline: no panic, every span inside the text and
//! holding its clause.
#![no_main]
use chitieu::{Pipeline, RuleSet, Source};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(RuleSet::embedded().expect("embedded rules compile")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = Source::from_bytes(Path::new("fuzz.txt"), data) else {
        return;
    };
    let doc = pipeline().run(&src);
    let chars: Vec<char> = src.text.chars().collect();
    for t in &doc.targets {
        assert!(t.span.start <= t.span.end && t.span.end <= chars.len());
        let slice: String = chars[t.span.start..t.span.end].iter().collect();
        assert_eq!(slice, t.text);
    }
});
