//! Properties of the normaliser on arbitrary text: it never panics, it is idempotent,
//! and its offset map is monotone and stays inside the original.

use chitieu::{normalize::normalize, RuleSet};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

/// Text made of what Vietnamese documents contain, combining marks, invisible and
/// typographic characters among them, plus anything at all.
fn vietnamese_ish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Đến năm 2025".to_string()),
        Just("hoà uỷ thuở ".to_string()),
        Just("Tho\u{302}\u{301}ng".to_string()),
        Just("\u{200B}\u{00A0}\u{FEFF}–—•“”\r\n".to_string()),
        Just(" 80%) (".to_string()),
        Just("\n12\n".to_string()),
        Just("Đen năm 2030 ".to_string()),
        "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ0-9 .,;:%()\n-]{0,30}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn the_offset_map_is_monotone_and_in_bounds(s in vietnamese_ish()) {
        let n = normalize(&s, rules());
        let orig = s.chars().count();
        let len = n.text.chars().count();
        prop_assert_eq!(len, n.fold.chars().count());
        let mut last = 0;
        for i in 0..=len {
            let o = n.map.to_orig(i);
            prop_assert!(o <= orig, "char {} maps to {} of {}", i, o, orig);
            prop_assert!(o >= last, "map goes back at {}", i);
            last = o;
        }
    }

    #[test]
    fn normalising_twice_changes_nothing(s in vietnamese_ish()) {
        let once = normalize(&s, rules()).text;
        let twice = normalize(&once, rules()).text;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn any_string_is_accepted(s in any::<String>()) {
        let n = normalize(&s, rules());
        prop_assert!(n.map.to_orig(n.text.chars().count()) <= s.chars().count());
    }
}
