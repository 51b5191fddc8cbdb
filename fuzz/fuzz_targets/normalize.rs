//! Any string: normalising never panics, the offset map stays in bounds and monotone.
#![no_main]
use chitieu::{normalize, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::embedded().expect("embedded rules compile"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let n = normalize::normalize(s, rules());
    let orig_len = s.chars().count();
    let len = n.text.chars().count();
    assert_eq!(len, n.fold.chars().count());
    let mut last = 0;
    for i in 0..=len {
        let o = n.map.to_orig(i);
        assert!(o <= orig_len);
        assert!(o >= last, "map not monotone at {i}");
        last = o;
    }
});
