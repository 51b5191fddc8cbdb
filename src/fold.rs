//! The matching form of Vietnamese text: lowercase, with tone marks in one canonical
//! place.
//!
//! Old and new tone placement ("hoà"/"hòa", "uỷ"/"ủy", "khoẻ"/"khỏe") differ only in
//! which vowel of an open "oa", "oe" or "uy" carries the tone, so the matching form
//! always puts it on the first. Tones themselves stay: dropping them would merge
//! "từ" (from) with "tử" (in "điện tử"). Folding maps each char to exactly one char,
//! so char offsets are shared with the unfolded text.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
/// Latin letters with diacritics live below this.
const TABLE_END: u32 = 0x1F00;

/// Per char below TABLE_END: (lowercase without tone, tone 0 = none, 1..=5).
fn table() -> &'static [(char, u8)] {
    static TABLE: OnceLock<Vec<(char, u8)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|u| match char::from_u32(u) {
                Some(c) => split_slow(c),
                None => ('\u{FFFD}', 0),
            })
            .collect()
    })
}

fn lower1(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn split_slow(c: char) -> (char, u8) {
    let l = lower1(c);
    if l.is_ascii() {
        return (l, 0);
    }
    let mut tone = 0u8;
    let s: String = l
        .nfd()
        .filter(|m| match TONES.iter().position(|t| t == m) {
            Some(i) => {
                tone = i as u8 + 1;
                false
            }
            None => true,
        })
        .nfc()
        .collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(f), None) => (f, tone),
        _ => (l, 0),
    }
}

/// Lowercase without tone, and the tone.
#[inline]
fn split(c: char) -> (char, u8) {
    if c.is_ascii() {
        (c.to_ascii_lowercase(), 0)
    } else if (c as u32) < TABLE_END {
        table()[c as usize]
    } else {
        (lower1(c), 0)
    }
}

fn with_tone(base: char, tone: u8) -> char {
    if tone == 0 {
        return base;
    }
    let s: String = [base, TONES[tone as usize - 1]]
        .iter()
        .collect::<String>()
        .nfc()
        .collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => base,
    }
}

/// Lowercases one char, keeping its tone.
#[inline]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        lower1(c)
    }
}

/// The matching form of `s`.
pub fn fold(s: &str) -> String {
    let mut out: Vec<char> = s.chars().map(lower_char).collect();
    canonical_tones(&mut out);
    out.into_iter().collect()
}

/// Moves the tone of a word-final open "oa", "oe", "uy" onto its first vowel.
fn canonical_tones(cs: &mut [char]) {
    let n = cs.len();
    let mut i = 0;
    while i < n {
        if !cs[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && cs[i].is_alphabetic() {
            i += 1;
        }
        // The word is cs[start..i]; only its last two letters matter.
        if i - start < 2 {
            continue;
        }
        let (a, ta) = split(cs[i - 2]);
        let (b, tb) = split(cs[i - 1]);
        let pair = matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y'));
        let after_q = a == 'u' && i - 2 > start && split(cs[i - 3]).0 == 'q';
        if pair && !after_q && ta == 0 && tb != 0 {
            cs[i - 2] = with_tone(a, tb);
            cs[i - 1] = b;
        }
    }
}

/// Folds the literal Vietnamese in a regex pattern without touching its syntax: ASCII
/// stays as written (the regex is case-insensitive), so escapes like `\D` survive.
pub fn fold_pattern(p: &str) -> String {
    let mut out: Vec<char> = p
        .chars()
        .map(|c| if c.is_ascii() { c } else { lower1(c) })
        .collect();
    canonical_tones(&mut out);
    out.into_iter().collect()
}

/// Lowercase with every tone mark dropped (vowel marks and đ stay): how the reference
/// scorer compares gold keys with indicators.
pub fn toneless(s: &str) -> String {
    s.chars().map(|c| split(c).0).collect()
}

/// Removes every mark and maps đ to d: for names typed without diacritics ("Lao Cai").
pub fn ascii_fold_char(c: char) -> char {
    let f = split(c).0;
    if f.is_ascii() {
        return f;
    }
    if f == 'đ' {
        return 'd';
    }
    f.to_string()
        .nfd()
        .next()
        .filter(|b| b.is_ascii())
        .unwrap_or(f)
}

pub fn ascii_fold(s: &str) -> String {
    s.chars().map(ascii_fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_unified_tones_kept() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Uỷ ban"), fold("ủy ban"));
        assert_eq!(fold("thuỷ"), fold("thủy"));
        assert_eq!(fold("khoẻ"), fold("khỏe"));
        assert_eq!(fold("quý"), "quý");
        assert_eq!(fold("hoàng"), "hoàng");
        assert_ne!(fold("từ"), fold("tử"));
        assert_ne!(fold("đen"), fold("đến"));
        assert_eq!(fold("ĐIỂM"), "điểm");
    }

    #[test]
    fn one_char_per_char() {
        let s = "Chuyển đổi số – 100% ẞ İ hoà";
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn toneless_and_ascii() {
        assert_eq!(toneless("Hòa"), toneless("hoà"));
        assert_eq!(toneless("Sổ"), "sô");
        assert_eq!(ascii_fold("Lào Cai"), "lao cai");
        assert_eq!(ascii_fold("Đắk Lắk"), "dak lak");
    }

    #[test]
    fn patterns_keep_syntax() {
        assert_eq!(fold_pattern(r"\bĐến\D"), r"\bđến\D");
    }
}
