//! Pre-Unicode Vietnamese: TCVN3 (ABC) and VNI-Windows, as bytes or as the Latin-1
//! look-alike characters they become when a Word or PDF file's runs are read without
//! their font ("QuyÕt ®Þnh", "quyeát ñònh"), and which of the readings of a text is
//! Vietnamese.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// TCVN3 bytes 0xA1..=0xFE; '\0' where TCVN3 keeps the Latin-1 char.
const TCVN3_HIGH: [char; 94] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', // A1..AE
    '\0', '\0', '\0', '\0', '\0', '\0', // AF..B4
    'à', 'ả', 'ã', 'á', 'ạ', '\0', // B5..BA
    'ằ', 'ẳ', 'ẵ', 'ắ', // BB..BE
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', // BF..C5
    'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', // C6..CB
    'è', '\0', 'ẻ', 'ẽ', 'é', 'ẹ', // CC..D1
    'ề', 'ể', 'ễ', 'ế', 'ệ', // D2..D6
    'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', // D7..DE
    'ò', '\0', 'ỏ', 'õ', 'ó', 'ọ', // DF..E4
    'ồ', 'ổ', 'ỗ', 'ố', 'ộ', // E5..E9
    'ờ', 'ở', 'ỡ', 'ớ', 'ợ', // EA..EE
    'ù', '\0', 'ủ', 'ũ', 'ú', 'ụ', // EF..F4
    'ừ', 'ử', 'ữ', 'ứ', 'ự', // F5..F9
    'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', // FA..FE
];

/// One TCVN3 char, given as the Latin-1 char of its byte (or as the PDF look-alikes of
/// ư and ã that fonts produce).
pub fn tcvn3_char(c: char) -> char {
    match c {
        '\u{2212}' => 'ư',
        '\u{2219}' => 'ã',
        c if ('\u{A1}'..='\u{FE}').contains(&c) => {
            let m = TCVN3_HIGH[c as usize - 0xA1];
            if m == '\0' {
                c
            } else {
                m
            }
        }
        c => c,
    }
}

pub fn from_tcvn3(s: &str) -> String {
    s.chars().map(tcvn3_char).collect()
}

/// Combining marks by VNI modifier char (lowercase and uppercase forms are one entry):
/// shape mark, tone mark, and whether it only follows an "a" (the breve series).
fn vni_modifier(c: char) -> Option<(Option<char>, Option<char>, bool)> {
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    const DOT: char = '\u{323}';
    const CIRC: char = '\u{302}';
    const BREVE: char = '\u{306}';
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (None, Some(ACUTE), false),
        'ø' => (None, Some(GRAVE), false),
        'û' => (None, Some(HOOK), false),
        'õ' => (None, Some(TILDE), false),
        'ï' => (None, Some(DOT), false),
        'â' => (Some(CIRC), None, false),
        'á' => (Some(CIRC), Some(ACUTE), false),
        'à' => (Some(CIRC), Some(GRAVE), false),
        'å' => (Some(CIRC), Some(HOOK), false),
        'ã' => (Some(CIRC), Some(TILDE), false),
        'ä' => (Some(CIRC), Some(DOT), false),
        'ê' => (Some(BREVE), None, true),
        'é' => (Some(BREVE), Some(ACUTE), true),
        'è' => (Some(BREVE), Some(GRAVE), true),
        'ú' => (Some(BREVE), Some(HOOK), true),
        'ü' => (Some(BREVE), Some(TILDE), true),
        'ë' => (Some(BREVE), Some(DOT), true),
        _ => return None,
    })
}

/// VNI chars that stand alone for a Vietnamese letter.
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// VNI text (as the Latin-1 chars of its bytes) to Unicode, in one left-to-right pass.
pub fn from_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        let base = vni_single(c).unwrap_or(c);
        let vowel = matches!(
            base.to_lowercase().next().unwrap_or(base),
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ơ' | 'ư'
        );
        let modifier = it.peek().and_then(|&n| vni_modifier(n));
        match modifier {
            Some((shape, tone, a_only)) if vowel => {
                let lower = base.to_lowercase().next().unwrap_or(base);
                let shape_ok = match shape {
                    None => true,
                    Some(_) if a_only => lower == 'a',
                    Some(_) => matches!(lower, 'a' | 'e' | 'o'),
                };
                if !shape_ok {
                    out.push(base);
                    continue;
                }
                it.next();
                let mut cluster = String::new();
                cluster.push(base);
                cluster.extend(shape);
                cluster.extend(tone);
                out.extend(cluster.nfc());
            }
            _ => out.push(base),
        }
    }
    out
}

/// How Vietnamese a text reads: the share of its words (runs of letters) spelt with
/// the Vietnamese alphabet and at most one tone, among words with a non-ASCII letter or
/// more than one letter; None for a text with no word.
pub fn vietnamese_score(s: &str) -> Option<f64> {
    let mut words = 0usize;
    let mut good = 0usize;
    for w in s.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        if vietnamese_word(w) {
            good += 1;
        }
    }
    (words > 0).then(|| good as f64 / words as f64)
}

/// Latin-1 letters and signs that Vietnamese does not use, and the PDF look-alikes of
/// TCVN3: where they abound, the text is TCVN3 or VNI read as Latin-1.
fn foreign_latin1(c: char) -> bool {
    match c {
        '\u{2212}' | '\u{2219}' => true,
        '\u{A1}'..='\u{FF}' => !matches!(
            c,
            'à' | 'á'
                | 'â'
                | 'ã'
                | 'è'
                | 'é'
                | 'ê'
                | 'ì'
                | 'í'
                | 'ò'
                | 'ó'
                | 'ô'
                | 'õ'
                | 'ù'
                | 'ú'
                | 'ý'
                | 'À'
                | 'Á'
                | 'Â'
                | 'Ã'
                | 'È'
                | 'É'
                | 'Ê'
                | 'Ì'
                | 'Í'
                | 'Ò'
                | 'Ó'
                | 'Ô'
                | 'Õ'
                | 'Ù'
                | 'Ú'
                | 'Ý'
                | '°'
                | '·'
                | '«'
                | '»'
                | '×'
                | '§'
                | '©'
        ),
        _ => false,
    }
}

fn vietnamese_word(w: &str) -> bool {
    let mut tones = 0;
    for c in w.nfd() {
        match c {
            'a'..='z' | 'A'..='Z' | 'đ' | 'Đ' => {}
            '\u{302}' | '\u{306}' | '\u{31B}' => {}
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones += 1,
            _ => return false,
        }
    }
    tones <= 1 && !w.contains(['f', 'j', 'w', 'z', 'F', 'J', 'W', 'Z'])
}

/// How many chars the first look reads.
const LOOK: usize = 20_000;

/// The first look's count of chars, up to `LOOK`, how many of them are foreign
/// Latin-1 ones, and the byte where it stopped. Every text is looked at, so it goes
/// eight bytes at a time: a char starts at every byte that is not a UTF-8 continuation
/// byte, and only chars led by C2, C3 or E2 (U+0080–U+00FF, U+2000–U+2FFF) can be
/// foreign.
fn first_look(text: &str) -> (usize, usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `w` equal to `x`, exactly (no borrow between bytes).
    let equal = |w: u64, x: u8| {
        let v = w ^ (ONES * u64::from(x));
        !(((v & !HIGH) + !HIGH) | v) & HIGH
    };
    let b = text.as_bytes();
    let masks = latin1_masks();
    // Vietnamese text is full of chars led by C3 (à, é, ô...): those, and the ones led
    // by C2, are answered by their second byte's bit, without decoding them.
    let foreign = |i: usize| match (b.get(i), b.get(i + 1)) {
        (Some(&x @ (0xC2 | 0xC3)), Some(&y)) => masks[usize::from(x & 1)] >> (y & 0x3F) & 1 == 1,
        _ => text
            .get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(foreign_latin1),
    };
    let (mut chars, mut odd, mut i) = look_blocks(b);
    while let Some(w) = crate::normalize::word_at(b, i) {
        let starts = crate::normalize::count_starts(crate::normalize::char_starts(w));
        // The last chars before the limit are taken one by one, below.
        if chars + starts >= LOOK {
            break;
        }
        chars += starts;
        let mut leads = equal(w, 0xC2) | equal(w, 0xC3) | equal(w, 0xE2);
        while leads != 0 {
            odd += usize::from(foreign(i + leads.trailing_zeros() as usize / 8));
            leads &= leads - 1;
        }
        i += 8;
    }
    for (k, &x) in b[i..].iter().enumerate() {
        if crate::normalize::is_cont(x) {
            continue;
        }
        if chars == LOOK {
            return (chars, odd, i + k);
        }
        chars += 1;
        if matches!(x, 0xC2 | 0xC3 | 0xE2) {
            odd += usize::from(foreign(i + k));
        }
    }
    (chars, odd, b.len())
}

/// Bytes `look_block` answers for at once.
const BLK: usize = 64;

with_avx2! {
    /// `first_look`'s counts over whole blocks of `BLK` bytes from the start of `b`, as
    /// long as they stay below `LOOK` chars: (chars, foreign chars, where they stopped).
    fn look_blocks(b: &[u8]) -> (usize, usize, usize) = look_blocks_any
}

#[inline(always)]
fn look_blocks_any(b: &[u8]) -> (usize, usize, usize) {
    let (mut chars, mut odd, mut i) = (0, 0, 0);
    while chars + BLK < LOOK {
        let Some(Ok(w)) = b.get(i..i + BLK + 2).map(<&[u8; BLK + 2]>::try_from) else {
            break;
        };
        let (c, o) = look_block(w);
        chars += usize::from(c);
        odd += usize::from(o);
        i += BLK;
    }
    (chars, odd, i)
}

/// The chars that start in `w[..BLK]` and how many of them are foreign (the two bytes
/// after are looked at for the rest of a char). `foreign_latin1` as comparisons only,
/// joined without early exits, so that the loop runs on vectors: led by C2, U+00A1–
/// U+00BF but for ° · « » § ©; led by C3, U+00C0–U+00FF but for Vietnamese's vowels,
/// which lie where their lowercase does once 0x20 is set, and ×; U+2212 and U+2219.
#[inline(always)]
fn look_block(w: &[u8; BLK + 2]) -> (u8, u8) {
    let (mut chars, mut odd) = (0u8, 0u8);
    for i in 0..BLK {
        let (x, y, z) = (w[i], w[i + 1], w[i + 2]);
        let ly = y | 0x20;
        let vowel = (0xA0..=0xA3).contains(&ly)
            | (0xA8..=0xAA).contains(&ly)
            | (0xAC..=0xAD).contains(&ly)
            | (0xB2..=0xB5).contains(&ly)
            | (0xB9..=0xBA).contains(&ly)
            | (ly == 0xBD);
        let sign =
            (y == 0xA7) | (y == 0xA9) | (y == 0xAB) | (y == 0xB0) | (y == 0xB7) | (y == 0xBB);
        let c2 = (x == 0xC2) & (y >= 0xA1) & !sign;
        let c3 = (x == 0xC3) & !vowel & (y != 0x97);
        let e2 = (x == 0xE2) & (y == 0x88) & ((z == 0x92) | (z == 0x99));
        odd += u8::from(c2 | c3 | e2);
        chars += u8::from(x & 0xC0 != 0x80);
    }
    (chars, odd)
}

/// `foreign_latin1` of U+0080-U+00BF (led by C2) and U+00C0-U+00FF (led by C3), a bit
/// for each char's second byte.
fn latin1_masks() -> &'static [u64; 2] {
    static M: OnceLock<[u64; 2]> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = [0u64; 2];
        for c in (0x80..0x100u32).filter_map(char::from_u32) {
            if foreign_latin1(c) {
                m[usize::from(c as u32 >= 0xC0)] |= 1 << (c as u32 & 0x3F);
            }
        }
        m
    })
}

/// If `text` is TCVN3 or VNI in Unicode clothing (its words read as Vietnamese only once
/// re-read), the re-read text and the encoding's name.
pub fn reread(text: &str) -> Option<(String, &'static str)> {
    // Cheap first look: legacy text is full of Latin-1 chars that no Vietnamese word
    // has (one in twenty of its chars and more; Unicode Vietnamese has next to none).
    let (chars, odd, end) = first_look(text);
    if odd * 60 < chars.max(1) {
        return None;
    }
    let sample = text[..end].to_string();
    let now = vietnamese_score(&sample).unwrap_or(1.0);
    if now > 0.97 {
        return None;
    }
    let mut best: Option<(f64, &'static str)> = None;
    for (name, f) in [
        ("vni", from_vni as fn(&str) -> String),
        ("tcvn3", from_tcvn3),
    ] {
        let s = vietnamese_score(&f(&sample)).unwrap_or(0.0);
        if s > now + 0.15 && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, name));
        }
    }
    let (_, name) = best?;
    Some(match name {
        "vni" => (from_vni(text), "vni"),
        _ => (from_tcvn3(text), "tcvn3"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vni_and_tcvn3_read_back() {
        assert_eq!(
            from_vni("quyeát ñònh cuûa boä tröôûng, chiùnh, Vieät Nam, Ñoäc laäp-Töï do"),
            "quyết định của bộ trưởng, chính, Việt Nam, Độc lập-Tự do"
        );
        assert_eq!(from_vni("naêm, aên, AÊN"), "năm, ăn, ĂN");
        assert_eq!(from_tcvn3("QuyÕt ®Þnh"), "Quyết định");
    }

    /// The first look char by char, as it was written first.
    fn first_look_by_chars(text: &str) -> (usize, usize, usize) {
        let (mut chars, mut odd) = (0, 0);
        for (i, c) in text.char_indices() {
            if chars == LOOK {
                return (chars, odd, i);
            }
            chars += 1;
            odd += usize::from(foreign_latin1(c));
        }
        (chars, odd, text.len())
    }

    #[test]
    fn the_first_look_counts_as_char_by_char() {
        let legacy = "quyeát ñònh cuûa boä tröôûng QuyÕt ®Þnh \u{2212}\u{2219}© ";
        let unicode = "Quyết định của Ủy ban nhân dân tỉnh về chuyển đổi số “năm” – ";
        for n in [0, 1, 7, 100, 2_000, 3_000] {
            for text in [
                legacy.repeat(n),
                unicode.repeat(n),
                (legacy.to_string() + unicode).repeat(n),
            ] {
                // Shifted by 0–8 bytes against the 8-byte steps, and cut anywhere.
                for pad in 0..9 {
                    let t = format!("{}{text}", "a".repeat(pad));
                    assert_eq!(first_look(&t), first_look_by_chars(&t), "{n} {pad}");
                }
            }
        }
    }

    /// Every char of U+0080-U+00FF and U+2000-U+22FF, at every place in a word.
    #[test]
    fn the_first_look_knows_each_char_as_char_by_char() {
        let chars = (0x80..0x100)
            .chain(0x2000..0x2300)
            .filter_map(char::from_u32);
        for c in chars {
            // In the 64-byte blocks, at their ends and after them, and in the eight-
            // byte words.
            for k in (0..9).chain(60..70).chain(120..130) {
                let t = format!("{}{c}{}", "a".repeat(k), "b".repeat(20));
                assert_eq!(first_look(&t), first_look_by_chars(&t), "{c:?} at {k}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_first_look_counts_any_text_as_char_by_char(
            text in "[a ố©Õ®Þ\u{2212}\u{2219}\u{2019}\u{a0}\u{c0}-\u{ff}]{0,64}",
            times in 0usize..800,
        ) {
            let t = text.repeat(times);
            proptest::prop_assert_eq!(first_look(&t), first_look_by_chars(&t));
        }
    }

    #[test]
    fn unicode_vietnamese_is_left_alone() {
        assert!(reread("Quyết định của Ủy ban nhân dân tỉnh về chuyển đổi số").is_none());
        let (t, enc) = reread("quyeát ñònh cuûa boä tröôûng").expect("VNI");
        assert_eq!((t.as_str(), enc), ("quyết định của bộ trưởng", "vni"));
    }
}
