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
#[inline(always)]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if (c as u32) < TABLE_END {
        lowers()[c as usize]
    } else {
        lower1(c)
    }
}

/// A word char as the regex crate's `\b` takes it (`regex_syntax::is_word_character`),
/// with ASCII and the Latin letters answered without its binary search: word
/// boundaries are checked by hand at every word-list match.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else if (c as u32) < TABLE_END {
        word_chars()[c as usize]
    } else {
        regex_syntax::is_word_character(c)
    }
}

fn word_chars() -> &'static [bool] {
    static W: OnceLock<Vec<bool>> = OnceLock::new();
    latin_table(&W, regex_syntax::is_word_character)
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

/// Whether `fold[a..b]`, a range of a text's fold, is the fold of that range of the
/// text on its own: so when no letter comes right before or after it, as folding looks
/// past a char only within its word.
pub fn folds_alone(fold: &str, a: usize, b: usize) -> bool {
    let letter = |c: Option<char>| c.is_some_and(is_letter);
    let (Some(before), Some(after)) = (fold.get(..a), fold.get(b..)) else {
        return false;
    };
    !letter(before.chars().next_back()) && !letter(after.chars().next())
}

/// The matching form of `s`.
pub fn fold(s: &str) -> String {
    fold_into(s, None)
}

/// `fold(s)`, and where it lowercased a char: the byte offsets, before tones move, of
/// the chars `lower_char` changes (a word's first char stays where it is when a tone
/// moves). Capitals are few, and finding them here spares a pass over the text.
pub fn fold_and_capitals(s: &str) -> (String, Vec<usize>) {
    let mut capitals = Vec::new();
    let fold = fold_into(s, Some(&mut capitals));
    (fold, capitals)
}

fn fold_into(s: &str, mut capitals: Option<&mut Vec<usize>>) -> String {
    let mut out = String::with_capacity(s.len());
    // Where a tone may have to move: a toned "a", "e" or "y" that ends its word right
    // after a plain "o" or "u" (see `tone_fix`), as byte offsets into `out`. Only such a
    // vowel is followed to the next char; words in general are not tracked.
    let mut moves: Vec<usize> = Vec::new();
    let mut last_may_move: Option<usize> = None;
    let bytes = s.as_bytes();
    let mut b = 0;
    while b < bytes.len() {
        let end = block_end(bytes, b);
        // Most blocks fold to themselves: lowercase, and no tone to move.
        let after_o_u = matches!(out.as_bytes().last(), Some(b'o' | b'u')) && bytes[b] >= 0xC0;
        if last_may_move.is_none() && !after_o_u && folds_to_itself(bytes, b) {
            let at = out.len();
            let block = &bytes[b..end];
            // The only capitals a block holds are ASCII ones.
            if let Some(caps) = capitals.as_deref_mut() {
                push_ascii_capitals(caps, block, at);
            }
            out.push_str(&s[b..end]);
            if let Some(new) = out.get_mut(at..) {
                new.make_ascii_lowercase();
            }
            b = end;
            continue;
        }
        for c in s[b..end].chars() {
            let l = lower_char(c);
            if let Some(at) = last_may_move.take() {
                if !is_letter(l) {
                    moves.push(at);
                }
            }
            if !l.is_ascii() && matches!(out.as_bytes().last(), Some(b'o' | b'u')) && may_move(l) {
                last_may_move = Some(out.len());
            }
            if l != c {
                if let Some(caps) = capitals.as_deref_mut() {
                    caps.push(out.len());
                }
            }
            out.push(l);
        }
        b = end;
    }
    moves.extend(last_may_move);
    if moves.is_empty() {
        out
    } else {
        retone(out, &moves)
    }
}

/// Bytes of text `folds_to_itself` answers for at once.
const BLOCK: usize = 64;
/// Bytes it looks at after a block: a char of three, and the first byte after it.
const AFTER: usize = 4;

/// The end of the block of chars that starts at `b`: the first char boundary from
/// `BLOCK` bytes on, or the end of the text.
fn block_end(bytes: &[u8], b: usize) -> usize {
    let mut end = (b + BLOCK).min(bytes.len());
    while bytes
        .get(end)
        .is_some_and(|&x| crate::normalize::is_cont(x))
    {
        end += 1;
    }
    end
}

with_avx2! {
    /// Whether each char that starts in `bytes[b..b + BLOCK]` is its own lowercase or an
    /// ASCII capital, and no tone can move there: no "o" followed by a toned "a" or "e",
    /// nor a "u" (not after a "q") by a toned "y", that a letter does not follow. Answered
    /// in ways that may say no to a block that does fold so, never the reverse: those take
    /// the char by char way, as do the first block, which has no byte before it to look at
    /// for a "q", and the last, which has none after it.
    fn folds_to_itself(bytes: &[u8], b: usize) -> bool = folds_to_itself_any
}

#[inline(always)]
fn folds_to_itself_any(bytes: &[u8], b: usize) -> bool {
    let Some(w) = b
        .checked_sub(1)
        .and_then(|a| bytes.get(a..b + BLOCK + AFTER))
    else {
        return false;
    };
    let Ok(w): Result<&[u8; BLOCK + AFTER + 1], _> = w.try_into() else {
        return false;
    };
    let not_letter = |c: u8| !c.is_ascii_alphabetic();
    // Comparisons only, joined without early exits, so that the loop runs on vectors.
    let mut bad = false;
    for i in 0..BLOCK {
        let (q, x, y1, y2, y3, y4) = (w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4], w[i + 5]);
        let odd = y1 & 1 == 1;
        // First bytes of the lowercase chars Vietnamese text is made of, and of chars
        // that have no case: U+0080-U+00BF, U+00E0-U+00FF, the lowercase of U+0100-
        // U+0137 and U+014B-U+0177, ơ and ư, the lowercase of U+1E80-U+1EFF (the odd
        // ones), and U+2000-U+203F. Continuation bytes are not looked at.
        let known = (x < 0xC0)
            | (x == 0xC2)
            | ((x == 0xC3) & (y1 >= 0xA0))
            | ((x == 0xC4) & odd & (y1 <= 0xB7))
            | ((x == 0xC5) & odd & (0x8B..=0xB7).contains(&y1))
            | ((x == 0xC6) & ((y1 == 0xA1) | (y1 == 0xB0)))
            | ((x == 0xE1) & ((y1 == 0xBA) | (y1 == 0xBB)) & (y2 & 1 == 1))
            | ((x == 0xE2) & (y1 == 0x80));
        // á à ã é è, ả ạ ẻ ẽ ẹ; ý, ỳ ỵ ỷ ỹ: lowercase, as the block has no other.
        let two = (y1 == 0xC3) & not_letter(y3);
        let three = (y1 == 0xE1) & not_letter(y4);
        let toned_a_e = (two & ((y2 | 0x01 == 0xA1) | (y2 == 0xA3) | (y2 | 0x01 == 0xA9)))
            | (three
                & (y2 == 0xBA)
                & ((y3 == 0xA1) | (y3 == 0xA3) | (y3 == 0xB9) | (y3 == 0xBB) | (y3 == 0xBD)));
        let toned_y = (two & (y2 == 0xBD))
            | (three & (y2 == 0xBB) & ((y3 == 0xB3) | (y3 == 0xB5) | (y3 == 0xB7) | (y3 == 0xB9)));
        let lx = x | 0x20;
        let moves = ((lx == b'o') & toned_a_e) | ((lx == b'u') & (q | 0x20 != b'q') & toned_y);
        bad |= !known | moves;
    }
    !bad
}

/// Appends `at + i` for each byte `i` of `block` that is an ASCII capital.
fn push_ascii_capitals(caps: &mut Vec<usize>, block: &[u8], at: usize) {
    let mut words = block.chunks_exact(8);
    let mut base = at;
    for w in words.by_ref() {
        let word = crate::normalize::word_at(w, 0).unwrap_or(0);
        let mut found = crate::normalize::ascii_in(word, b'A', b'Z');
        while found != 0 {
            caps.push(base + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        base += 8;
    }
    let rest = words.remainder();
    caps.extend(
        (0..rest.len())
            .filter(|&i| rest[i].is_ascii_uppercase())
            .map(|i| base + i),
    );
}

/// A toned "a", "e" or "y": a tone that may move onto the vowel before.
fn may_move(c: char) -> bool {
    let (base, tone) = split(c);
    tone != 0 && matches!(base, 'a' | 'e' | 'y')
}

/// `out` with `tone_fix` applied at each of `moves`: the offsets of word-final toned
/// vowels after a plain "o" or "u".
fn retone(out: String, moves: &[usize]) -> String {
    let mut fixed = String::with_capacity(out.len());
    let mut copied = 0;
    for &at in moves {
        let (Some(y), Some(x_at)) = (out[at..].chars().next(), at.checked_sub(1)) else {
            continue;
        };
        let x = char::from(out.as_bytes()[x_at]);
        let before = out[..x_at].chars().next_back().filter(|&c| is_letter(c));
        if let Some((nx, ny)) = tone_fix(before, x, y) {
            fixed.push_str(&out[copied..x_at]);
            fixed.push(nx);
            fixed.push(ny);
            copied = at + y.len_utf8();
        }
    }
    if copied == 0 {
        return out;
    }
    fixed.push_str(&out[copied..]);
    fixed
}

/// Letters, decided without Unicode table lookups for the Latin range.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
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

    proptest::proptest! {
        /// Folding follows only the vowels whose tone may move; it must fold like
        /// lowercasing every char and then fixing every word, as patterns are folded.
        #[test]
        fn folds_like_fixing_every_word(
            s in "[oOuUqQyYaAeEàÀảẢạãáéèẺẹỳỲỷỶýỵ ,.1\u{301}\u{212A}ıİ]{0,12}",
        ) {
            let mut cs: Vec<char> = s.chars().map(lower_char).collect();
            canonical_tones(&mut cs);
            proptest::prop_assert_eq!(fold(&s), cs.into_iter().collect::<String>());
        }
    }

    proptest::proptest! {
        #[test]
        fn folds_and_finds_capitals_in_one_pass(
            s in "[oOuUyYaAeEàÀảẢỳỲỷẻẺĐđ ,.1\u{301}\u{212A}ıİ]{0,12}",
        ) {
            proptest::prop_assert_eq!(fold_and_capitals(&s), fold_by_chars(&s));
        }
    }

    /// What blocks are taken on, what they are not, and their near neighbours: capitals
    /// that share a first byte with small letters, vowels whose tone moves after "o"
    /// or "u" and those after "qu", chars of every length.
    const PIECES: [&str; 52] = [
        "Chuyển đổi số ",
        "hoạt động ",
        "toàn ",
        "ABC ",
        "x",
        "1",
        " ",
        ",",
        "\n",
        "–",
        "\u{a0}",
        "Hoà ",
        "hoá,",
        "thuý.",
        "quý ",
        "Quỷ",
        "khoẻ",
        "Uỷ",
        "UỶ",
        "OÀ",
        "o",
        "u",
        "O",
        "U",
        "q",
        "Q",
        "ả",
        "ạ",
        "ẻ",
        "ẽ",
        "ẹ",
        "ỳ",
        "ỵ",
        "ỷ",
        "ỹ",
        "ý",
        "á",
        "à",
        "ã",
        "é",
        "è",
        "ß",
        "Ā",
        "ı",
        "İ",
        "Ŋ",
        "Ŀ",
        "Ơ",
        "Ư",
        "Ẁ",
        "\u{212A}",
        "\u{301}",
    ];

    /// `fold_and_capitals`, char by char: the lowercase of each char, then every word's
    /// tone put in place; and where each char that changed went before that.
    fn fold_by_chars(s: &str) -> (String, Vec<usize>) {
        let mut capitals = Vec::new();
        let mut at = 0;
        let mut cs = Vec::new();
        for c in s.chars() {
            let l = lower_char(c);
            if l != c {
                capitals.push(at);
            }
            at += l.len_utf8();
            cs.push(l);
        }
        canonical_tones(&mut cs);
        (cs.into_iter().collect(), capitals)
    }

    /// Vowels whose tone moves, and those whose tone stays, among plain words.
    const MOVES: [&str; 16] = [
        "hoà ", "hoá,", "khoẻ.", "oẽ ", "oẹ\n", "thuý ", "thuỳ,", "uỵ ", "uỷ–", "uỹ ", "quý ",
        "quỷ,", "oạt ", "uyển", "o", "u",
    ];

    proptest::proptest! {
        #[test]
        fn tones_move_in_blocks_as_by_chars(
            words in proptest::collection::vec(
                proptest::sample::select([&PIECES[..11], &MOVES[..]].concat()),
                0..90,
            ),
        ) {
            let s = words.concat();
            proptest::prop_assert_eq!(fold_and_capitals(&s), fold_by_chars(&s));
        }

        #[test]
        fn blocks_fold_as_chars_do(
            plain in proptest::collection::vec(proptest::sample::select(&PIECES[..11]), 0..40),
            any in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..30),
            more in proptest::collection::vec(proptest::sample::select(&PIECES[..11]), 0..40),
        ) {
            let s = [plain.concat(), any.concat(), more.concat()].concat();
            proptest::prop_assert_eq!(fold_and_capitals(&s), fold_by_chars(&s));
        }
    }

    /// Every char up to the ones blocks take, at each place in a block, after an ASCII
    /// letter and after a char of each length.
    #[test]
    fn every_char_folds_in_blocks_as_by_chars() {
        for c in (0..0x2100).filter_map(char::from_u32) {
            for before in ["a", "ă", "ẳ"] {
                for k in [0, 1, 30, 62, 63, 64, 65] {
                    let s = format!("{}{before}{c} {c}{}", "x".repeat(k), "y z".repeat(40));
                    assert_eq!(
                        fold_and_capitals(&s),
                        fold_by_chars(&s),
                        "{c:?} after {before:?} at {k}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// A range of the fold that no letter touches is the fold of the same chars
        /// of the text, folded on their own.
        #[test]
        fn ranges_fold_alone_as_folded_in_place(
            words in proptest::collection::vec(
                proptest::sample::select([&PIECES[..], &MOVES[..]].concat()),
                0..12,
            ),
            a in proptest::sample::select(&[0usize, 1, 2, 3][..]),
            b in proptest::sample::select(&[0usize, 1, 2, 3][..]),
            pick in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let s = words.concat();
            let f = fold(&s);
            let n = s.chars().count();
            // Near a word's end, where tones move.
            let ca = pick.index(n + 1).saturating_sub(a);
            let cb = (ca + b).min(n);
            let byte = |t: &str, ci: usize| t.char_indices().nth(ci).map_or(t.len(), |(b, _)| b);
            let (fa, fb) = (byte(&f, ca), byte(&f, cb));
            if folds_alone(&f, fa, fb) {
                proptest::prop_assert_eq!(fold(&s[byte(&s, ca)..byte(&s, cb)]), &f[fa..fb]);
            }
        }
    }

    #[test]
    fn word_chars_are_the_regex_crates() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), regex_syntax::is_word_character(c), "{c:?}");
        }
    }

    #[test]
    fn letters_are_the_standard_librarys() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn plain_vietnamese_blocks_are_taken() {
        let s = "Chuyển đổi số hoạt động toàn diện – quý ABC ".repeat(4);
        for b in 1..40 {
            if s.is_char_boundary(b) {
                assert!(folds_to_itself(s.as_bytes(), b), "{b}");
            }
        }
        assert!(!folds_to_itself(s.as_bytes(), 0));
        assert!(!folds_to_itself(
            ("x".to_string() + &s.replace("ABC", "Ơ")).as_bytes(),
            1
        ));
        assert!(!folds_to_itself(
            ("x".to_string() + &s.replace("ABC", "hoà")).as_bytes(),
            1
        ));
    }

    /// The build for every CPU and the one for AVX2 (where this one has it) agree.
    #[test]
    fn blocks_are_taken_alike_by_both_builds() {
        let s: String = PIECES
            .iter()
            .chain(MOVES.iter())
            .cycle()
            .take(400)
            .copied()
            .collect();
        let bytes = s.as_bytes();
        for b in 0..bytes.len() {
            assert_eq!(
                folds_to_itself(bytes, b),
                folds_to_itself_any(bytes, b),
                "{b}"
            );
        }
    }

    #[test]
    fn tones_move_only_at_word_ends() {
        assert_eq!(fold("Hoà hoàn Uỷ quỷ thuỳ"), "hòa hoàn ủy quỷ thùy");
        assert_eq!(fold("khoẺ,hoẠ"), "khỏe,họa");
    }

    #[test]
    fn patterns_keep_syntax() {
        assert_eq!(fold_pattern(r"\bĐến\D"), r"\bđến\D");
    }
}
