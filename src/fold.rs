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
    } else if (c as u32) < TABLE_END {
        lowers()[c as usize]
    } else {
        lower1(c)
    }
}

/// Whether folding leaves `c` as it is: folded text holds no other chars.
pub fn is_folded(c: char) -> bool {
    lower_char(c) == c
}

fn lowers() -> &'static [char] {
    static L: OnceLock<Vec<char>> = OnceLock::new();
    latin_table(&L, lower1)
}

/// `f` of every char below TABLE_END, computed once: the Unicode tables are slow for
/// the Latin letters that make up most of a Vietnamese text.
fn latin_table<T: Copy + Default>(
    cell: &'static OnceLock<Vec<T>>,
    f: fn(char) -> T,
) -> &'static [T] {
    cell.get_or_init(|| {
        (0..TABLE_END)
            .map(|u| char::from_u32(u).map_or_else(T::default, f))
            .collect()
    })
}

/// The matching form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The current word's letter count and the byte offsets of its last two letters.
    let mut word = 0usize;
    let mut last = [0usize; 3];
    for c in s.chars() {
        let l = lower_char(c);
        if is_letter(l) {
            last = [last[1], last[2], out.len()];
            word += 1;
        } else {
            if word >= 2 {
                retone_tail(&mut out, last, word);
            }
            word = 0;
        }
        out.push(l);
    }
    if word >= 2 {
        retone_tail(&mut out, last, word);
    }
    out
}

/// Letters, decided without Unicode table lookups for the Latin range.
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if (c as u32) < TABLE_END {
        letters()[c as usize]
    } else {
        c.is_alphabetic()
    }
}

fn letters() -> &'static [bool] {
    static L: OnceLock<Vec<bool>> = OnceLock::new();
    latin_table(&L, char::is_alphabetic)
}

/// `tone_fix` on the word that ends `out`: `last` holds the byte offsets of its last
/// three letters (the first only meaningful when the word has three).
fn retone_tail(out: &mut String, last: [usize; 3], word: usize) {
    // Only a tone on the last letter moves, and an ASCII letter has none.
    if out.as_bytes().get(last[2]).is_none_or(u8::is_ascii) {
        return;
    }
    let mut it = out[last[1]..].chars();
    let (Some(x), Some(y)) = (it.next(), it.next()) else {
        return;
    };
    let before = (word >= 3).then(|| out[last[0]..].chars().next()).flatten();
    if let Some((nx, ny)) = tone_fix(before, x, y) {
        out.truncate(last[1]);
        out.push(nx);
        out.push(ny);
    }
}

/// For a word ending in letters `x`, `y` (after `before`, if any): the new pair when the
/// tone must move from `y` onto `x`.
fn tone_fix(before: Option<char>, x: char, y: char) -> Option<(char, char)> {
    let (a, ta) = split(x);
    let (b, tb) = split(y);
    let pair = matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    let after_q = a == 'u' && before.is_some_and(|c| split(c).0 == 'q');
    (pair && !after_q && ta == 0 && tb != 0).then(|| (with_tone(a, tb), b))
}

/// Moves the tone of a word-final open "oa", "oe", "uy" onto its first vowel.
fn canonical_tones(cs: &mut [char]) {
    let n = cs.len();
    let mut i = 0;
    while i < n {
        if !is_letter(cs[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_letter(cs[i]) {
            i += 1;
        }
        // The word is cs[start..i]; only its last two letters matter.
        if i - start < 2 {
            continue;
        }
        let before = (i - 2 > start).then(|| cs[i - 3]);
        if let Some((x, y)) = tone_fix(before, cs[i - 2], cs[i - 1]) {
            cs[i - 2] = x;
            cs[i - 1] = y;
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
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if (c as u32) < TABLE_END {
        ascii_table()[c as usize]
    } else {
        ascii_fold_slow(c)
    }
}

fn ascii_table() -> &'static [char] {
    static T: OnceLock<Vec<char>> = OnceLock::new();
    latin_table(&T, ascii_fold_slow)
}

fn ascii_fold_slow(c: char) -> char {
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
    // Mostly ASCII text: runs of it are copied whole.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        if let Some(c) = rest.chars().next() {
            out.push(ascii_fold_char(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out.make_ascii_lowercase();
    out
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

    /// Rules are compiled for text that `lower_char` leaves as it is
    /// (`Pattern::new_within`): every char `fold` writes must be such a char.
    #[test]
    fn folded_chars_are_their_own_lowercase() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let l = lower_char(c);
            assert!(
                is_folded(l),
                "{c:?} lowercases to {l:?}, which lowercases further"
            );
            // What moving a tone writes: the toneless letter and the letter with it.
            let (base, tone) = split(c);
            assert!(is_folded(base), "{c:?} without its tone: {base:?}");
            let toned = with_tone(base, tone);
            assert!(is_folded(toned), "{c:?} toned again: {toned:?}");
        }
    }

    #[test]
    fn patterns_keep_syntax() {
        assert_eq!(fold_pattern(r"\bĐến\D"), r"\bđến\D");
    }
}
