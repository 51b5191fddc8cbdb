//! The fixed number patterns of extraction, read by hand at the digits of a sentence.
//!
//! Every sentence that holds a digit is asked for its progress figures ("45% / 50%"),
//! ranges ("từ 25 đến 35%"), percentages and counts ("03 sàn"). As regexes (below) each
//! is a scan of the whole sentence, with Unicode's `\b`, `\s` and `\p{L}`: together
//! about 3% of a run. Yet each match starts at a digit that starts a word, and from
//! there the regexes have no choice to make:
//! - a number (`\d+(?:[.,]\d+)*`) is taken whole, since what follows a shorter one is a
//!   digit, "." or ",", which nothing after a number in these patterns accepts;
//! - a run of spaces is taken whole, since the next thing asked for is no space;
//! - the alternatives after a number start with different chars.
//!
//! So the patterns are tried by hand at those digits only, making the regexes' choices,
//! and the results are the matches `find_iter` would give, in order, without overlap.
//! This holds while the digits are ASCII: a sentence with a char of a script that has
//! digits of its own (`\d` is Unicode's) is left to the regexes (`plain`). The tests
//! hold the two to each other.

use std::sync::OnceLock;

use regex_syntax::hir::{Class, HirKind};

use crate::fold::fold_pattern;
use crate::pattern::{Pattern, M};

/// `\d+(?:[.,]\d+)*`: a number as Vietnamese writes it ("1.168", "38,3", "4.5").
const NUM: &str = r"\d+(?:[.,]\d+)*";

/// The patterns read by hand here, as regexes (before folding their words): asked of
/// sentences that are not `plain`.
fn progress_pattern() -> String {
    format!(r"\b({NUM})\s*%\s*/\s*({NUM})\s*%")
}

fn range_pattern() -> String {
    format!(r"\b({NUM})\s*%?\s*(?:-|–|—|đến|tới)\s*({NUM})\s*(?:%|phần trăm)")
}

fn percent_pattern() -> String {
    format!(r"\b({NUM})\s*(?:%|phần trăm)")
}

const COUNT: &str = r"\b(\d{1,3}(?:\.\d{3})+|\d{1,4})\s+\p{L}";

/// The four patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "45% / 50%": a result and its plan.
    Progress,
    /// "từ 25 đến 35%".
    Range,
    Percent,
    /// A number before a word: "03 sàn".
    Count,
}

impl Kind {
    fn pattern(self) -> &'static Pattern {
        static P: OnceLock<[Pattern; 4]> = OnceLock::new();
        let all = P.get_or_init(|| {
            [
                progress_pattern(),
                range_pattern(),
                percent_pattern(),
                COUNT.to_string(),
            ]
            .map(|p| Pattern::new(&fold_pattern(&p)).expect("static number pattern"))
        });
        &all[self as usize]
    }

    fn at(self, text: &str, i: usize) -> Option<Found> {
        match self {
            Kind::Progress => progress_at(text, i),
            Kind::Range => range_at(text, i),
            Kind::Percent => percent_at(text, i),
            Kind::Count => count_at(text, i),
        }
    }
}

/// One sentence, asked for the matches of the patterns.
pub struct Numbers<'t> {
    text: &'t str,
    /// The digits where a word starts, when the text is `plain`; else the regexes are
    /// asked.
    starts: Option<Vec<usize>>,
}

impl<'t> Numbers<'t> {
    pub fn new(text: &'t str) -> Self {
        Numbers {
            text,
            starts: plain(text).then(|| starts(text)),
        }
    }

    /// The matches of one pattern, as `find_iter` gives them.
    pub fn find(&self, kind: Kind) -> Vec<Found> {
        match &self.starts {
            Some(starts) => scan(starts, |i| kind.at(self.text, i)),
            None => by_regex(kind.pattern(), self.text),
        }
    }
}

/// A pattern's matches found by its regex, with its numbers (groups 1 and 2).
fn by_regex(p: &Pattern, text: &str) -> Vec<Found> {
    let span = |m: Option<M>| m.map(|m| (m.start(), m.end()));
    p.captures_iter(text)
        .filter_map(|c| {
            Some(Found {
                span: span(c.get(0))?,
                first: span(c.get(1))?,
                second: span(c.get(2)),
            })
        })
        .collect()
}

/// One match: its span and the spans of the numbers it holds (the second only in the
/// two-value patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub span: (usize, usize),
    pub first: (usize, usize),
    pub second: Option<(usize, usize)>,
}

/// The words of the patterns, folded as the text is.
struct Words {
    percent: String,
    to: [String; 2],
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| Words {
        percent: fold_pattern("phần trăm"),
        to: [fold_pattern("đến"), fold_pattern("tới")],
    })
}

/// Whether every digit of `text` is an ASCII one: no char of it comes from a block
/// where Unicode has other decimal digits. Those all lie at U+0660 and above, outside
/// the blocks Vietnamese is written with (Latin to U+024F, marks, U+1D00–U+1EFF, the
/// punctuation of U+2000–U+2FFF), so the UTF-8 lead bytes tell.
fn plain(text: &str) -> bool {
    let b = text.as_bytes();
    // Branch-free, so that it runs many bytes at a time, in one pass over each byte
    // beside the next: lead bytes of other blocks, and the U+1000–U+1FFF ones (E1)
    // outside U+1D00–U+1EFF.
    let Some(after) = b.get(1..) else {
        return true;
    };
    let last = b
        .last()
        .is_some_and(|&x| (0xD9..=0xE0).contains(&x) | (x >= 0xE3));
    !(last
        || b.iter().zip(after).fold(false, |o, (&x, &y)| {
            o | (0xD9..=0xE0).contains(&x)
                | (x >= 0xE3)
                | ((x == 0xE1) & !(0xB4..=0xBB).contains(&y))
        }))
}

/// Whether `b` holds an ASCII digit. Most sentences hold none: 32 bytes at a time are
/// asked without a branch per byte, which the compiler runs on vectors.
pub fn has_ascii_digit(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(32);
    chunks
        .by_ref()
        .any(|c| c.iter().fold(false, |d, x| d | x.is_ascii_digit()))
        || chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// The digits of `text` where a word starts: where a pattern beginning `\b\d` can
/// match. Found once per sentence, for all four patterns.
fn starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // A digit after a digit starts no word: only each run's first digit is asked.
    let mut take = |i: usize| {
        let word_before = text
            .get(..i)
            .and_then(|t| t.chars().next_back())
            .is_some_and(crate::fold::is_word_char);
        if !word_before {
            out.push(i);
        }
    };
    // Eight bytes at a time, the digits marked by their bytes' high bits; the last
    // byte's mark carried to the next word as its first byte's "digit before".
    let mut i = 0;
    let mut digit_before = 0u64;
    while let Some(w) = crate::normalize::word_at(b, i) {
        let digits = crate::normalize::ascii_in(w, b'0', b'9');
        let mut first = digits & !((digits << 8) | digit_before);
        digit_before = digits >> 56;
        while first != 0 {
            take(i + first.trailing_zeros() as usize / 8);
            first &= first - 1;
        }
        i += 8;
    }
    for k in i..b.len() {
        if b[k].is_ascii_digit() && !(k > 0 && b[k - 1].is_ascii_digit()) {
            take(k);
        }
    }
    out
}

/// The matches found at successive starts, each search going on from the end of the
/// last match, as `find_iter` does.
fn scan(starts: &[usize], at: impl Fn(usize) -> Option<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for &i in starts {
        if out.last().is_some_and(|f| i < f.span.1) {
            continue;
        }
        if let Some(f) = at(i) {
            out.push(f);
        }
    }
    out
}

fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// The end of the number `NUM` that starts at `i`, taken whole.
fn num_end(b: &[u8], i: usize) -> usize {
    let mut e = digits_end(b, i);
    while matches!(b.get(e), Some(b'.' | b',')) && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        e = digits_end(b, e + 1);
    }
    e
}

/// A number starting at `i`, if a digit is there.
fn num_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    b.get(i)
        .is_some_and(u8::is_ascii_digit)
        .then(|| (i, num_end(b, i)))
}

/// The end of the run of spaces (`\s*`) at `i`.
fn spaces_end(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    i + rest.len() - rest.trim_start().len()
}

/// The end of `word` if it is at `i`.
fn word_at(text: &str, i: usize, word: &str) -> Option<usize> {
    text[i..].starts_with(word).then(|| i + word.len())
}

/// `(?:%|phần trăm)` at `i`.
fn percent_sign_at(text: &str, i: usize) -> Option<usize> {
    word_at(text, i, "%").or_else(|| word_at(text, i, &words().percent))
}

fn progress_at(text: &str, i: usize) -> Option<Found> {
    let b = text.as_bytes();
    let first = num_at(b, i)?;
    let e = word_at(text, spaces_end(text, first.1), "%")?;
    let e = word_at(text, spaces_end(text, e), "/")?;
    let second = num_at(b, spaces_end(text, e))?;
    let e = word_at(text, spaces_end(text, second.1), "%")?;
    Some(Found {
        span: (i, e),
        first,
        second: Some(second),
    })
}

fn range_at(text: &str, i: usize) -> Option<Found> {
    let b = text.as_bytes();
    let first = num_at(b, i)?;
    let mut e = spaces_end(text, first.1);
    if let Some(after) = word_at(text, e, "%") {
        e = spaces_end(text, after);
    }
    let e = ["-", "–", "—"]
        .into_iter()
        .chain(words().to.iter().map(String::as_str))
        .find_map(|w| word_at(text, e, w))?;
    let second = num_at(b, spaces_end(text, e))?;
    let e = percent_sign_at(text, spaces_end(text, second.1))?;
    Some(Found {
        span: (i, e),
        first,
        second: Some(second),
    })
}

fn percent_at(text: &str, i: usize) -> Option<Found> {
    let first = num_at(text.as_bytes(), i)?;
    let e = percent_sign_at(text, spaces_end(text, first.1))?;
    Some(Found {
        span: (i, e),
        first,
        second: None,
    })
}

/// `(\d{1,3}(?:\.\d{3})+|\d{1,4})\s+\p{L}`: a grouped number ("1.168") or one of up to
/// four digits, then spaces and a letter. Either alternative must end where a space
/// follows, and a digit or "." does after every shorter take.
fn count_at(text: &str, i: usize) -> Option<Found> {
    let b = text.as_bytes();
    let run = digits_end(b, i);
    let grouped = (run - i <= 3)
        .then(|| {
            let mut e = run;
            while b.get(e) == Some(&b'.')
                && b.get(e + 1..e + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            {
                e += 4;
            }
            (e > run).then_some(e)
        })
        .flatten();
    let end = match grouped {
        Some(e) => e,
        None if run - i <= 4 => run,
        None => return None,
    };
    let letter = spaces_end(text, end);
    if letter == end {
        return None;
    }
    let c = text[letter..].chars().next().filter(|&c| is_letter(c))?;
    Some(Found {
        span: (i, letter + c.len_utf8()),
        first: (i, end),
        second: None,
    })
}

/// `\p{L}`: Unicode's letters, from the regex engine's own table.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    static L: OnceLock<Vec<(char, char)>> = OnceLock::new();
    let ranges = L.get_or_init(
        || match regex_syntax::parse(r"\p{L}").map(|h| h.into_kind()) {
            Ok(HirKind::Class(Class::Unicode(c))) => {
                c.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            _ => unreachable!("\\p{{L}} is a class of chars"),
        },
    );
    ranges
        .binary_search_by(|&(a, z)| {
            if z < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the regex crate finds, the reference for both readings.
    fn regex_crate(kind: Kind, text: &str) -> Vec<Found> {
        let re = regex::Regex::new(kind.pattern().as_str()).expect("pattern compiles");
        let spans = |c: regex::Captures| [0, 1, 2].map(|i| c.get(i).map(|m| (m.start(), m.end())));
        re.captures_iter(text)
            .map(spans)
            .map(|[m, a, b]| Found {
                span: m.unwrap_or_default(),
                first: a.unwrap_or_default(),
                second: b,
            })
            .collect()
    }

    fn same_as_regexes(text: &str) {
        let n = Numbers::new(text);
        for kind in [Kind::Progress, Kind::Range, Kind::Percent, Kind::Count] {
            assert_eq!(n.find(kind), regex_crate(kind, text), "{kind:?} {text:?}");
        }
    }

    #[test]
    fn the_patterns_hard_cases() {
        for text in [
            "đạt 45% / 50% kế hoạch, từ 25 đến 35%, 80 - 90 phần trăm",
            "1.5 / 20%, v1.5%, 1,5.x%, 2021 – 2025%, 30%-40%",
            "03 sàn, 1.168 doanh nghiệp, 1.2345 người, 1.234.56 người, 12345 hộ",
            "1.234.567 dân, 10  \u{a0}xã, 4G, 45/63 tỉnh, 5 %, 7 phần trăm, 8phần trăm",
            "x9 người, _7 người, é3 người, ố 4 ấp, 12 Ấp, 5 ×, 6 ª",
            "từ 10%  đến  20 %, 10 tới 12%, 3 — 4%, 1.000,5 – 2.000,5%",
            "99",
            "",
            "%",
            "1 ",
            "1 a",
            "a1 b",
        ] {
            assert!(plain(text), "{text:?}");
            same_as_regexes(text);
        }
        // Digits of another script: the regexes read it, and take them for digits.
        let other = "đạt ٣5% và ٣ người";
        assert!(!plain(other));
        same_as_regexes(other);
        assert_eq!(Numbers::new(other).find(Kind::Count).len(), 1);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0",
            "1",
            "2",
            "12",
            "345",
            "2025",
            "12345",
            ".",
            ",",
            "%",
            " ",
            "  ",
            "\u{a0}",
            "\n",
            "/",
            "-",
            "–",
            "—",
            "đến",
            "tới",
            "phần trăm",
            "phần",
            "a",
            "x",
            "ố",
            "Ấ",
            "_",
            "\u{301}",
            "×",
            "(",
            "người",
            "năm",
            // Arabic-Indic three: the text is left to the regexes.
            "٣",
        ])
    }

    #[test]
    fn a_digit_is_seen_wherever_it_stands() {
        for len in [0, 1, 31, 32, 33, 64, 70] {
            let plain = "x".repeat(len);
            assert!(!has_ascii_digit(plain.as_bytes()));
            for at in 0..len {
                for d in b'0'..=b'9' {
                    let mut b = plain.clone().into_bytes();
                    b[at] = d;
                    assert!(has_ascii_digit(&b), "{len} {at} {d}");
                }
            }
        }
        assert!(!has_ascii_digit("năm ٣ /:".as_bytes()));
    }

    proptest! {
        #[test]
        fn reads_as_the_regexes_do(parts in prop::collection::vec(piece(), 0..24)) {
            same_as_regexes(&parts.concat());
        }
    }

    #[test]
    fn classes_are_the_regex_engines() {
        let space = regex::Regex::new(r"^\s$").expect("compiles");
        let letter = regex::Regex::new(r"^\p{L}$").expect("compiles");
        let digit = regex::Regex::new(r"^\d$").expect("compiles");
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(c.is_whitespace(), space.is_match(s), "{c:?}");
            assert_eq!(is_letter(c), letter.is_match(s), "{c:?}");
            // A text with a digit of another script is left to the regexes.
            if digit.is_match(s) && !c.is_ascii_digit() {
                assert!(!plain(&format!("năm {c}")), "{c:?}");
            }
        }
        assert!(plain("Tỷ lệ hồ sơ đạt 80% – “Chính quyền số” ở cấp xã…"));
    }
}
