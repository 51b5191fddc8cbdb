//! Normalisation: from the decoded original to the text rules match on, keeping a map
//! back to the original characters.
//!
//! Three views of one text share char offsets except where normalisation changed it:
//! - the original (decoded) text, which spans point into;
//! - `text`: NFC, typographic variants unified, repairs applied, diacritics kept (what
//!   indicator phrases are cut from);
//! - `fold`: `text` lowercased with tone marks dropped, char for char (what rules match).
//!
//! The map is built as the text is changed, never recomputed by searching.

use crate::reach::Edit;
use crate::rules::RuleSet;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Byte and char offsets of one string: how many chars start before each block of
/// `STEP` bytes, so memory stays small on large inputs.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Chars that start before byte `k * STEP`, for each block `k`.
    before: Vec<u32>,
    chars: usize,
}

const STEP: usize = 64;

/// The eight bytes of `b` from `i` on, as a little-endian word, if there are eight.
pub(crate) fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each byte of `w` that lies in `lo..=hi`, an ASCII range (`lo` > 0).
/// Each byte's low seven bits plus `0x80 - lo` reach the high bit from `lo` on, plus
/// `0x7F - hi` from past `hi`, and no sum carries into the next byte.
pub(crate) fn ascii_in(w: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let t = w & (ONES * 0x7F);
    let from_lo = t + ONES * u64::from(0x80 - lo);
    let past_hi = t + ONES * u64::from(0x7F - hi);
    from_lo & !past_hi & !w & (ONES * 0x80)
}

/// The high bit of each byte of `w` (UTF-8) where a char starts: every byte that is
/// not a continuation byte (10xxxxxx).
pub(crate) fn char_starts(w: u64) -> u64 {
    !(w & !(w << 1)) & 0x8080_8080_8080_8080
}

/// How many bytes `char_starts` marked: its high bits, each moved down to its byte's
/// low bit, are summed into the top byte by one multiplication. (`count_ones` is some
/// dozen instructions on x86-64 CPUs not known to have POPCNT, which builds target.)
pub(crate) fn count_starts(starts: u64) -> usize {
    ((starts >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

with_avx2! {
    /// The chars before each block of `STEP` bytes of `bytes`, and all of them.
    fn chars_before_blocks(bytes: &[u8]) -> (Vec<u32>, usize) = chars_before_blocks_any
}

#[inline(always)]
fn chars_before_blocks_any(bytes: &[u8]) -> (Vec<u32>, usize) {
    let mut before = Vec::with_capacity(bytes.len() / STEP + 1);
    let mut n = 0;
    for block in bytes.chunks(STEP) {
        before.push(n as u32);
        n += starts_in(block);
    }
    (before, n)
}

impl CharIndex {
    pub fn new(s: &str) -> Self {
        let (before, chars) = chars_before_blocks(s.as_bytes());
        CharIndex { before, chars }
    }

    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of char `ci` in `s` (the string this index was built from).
    pub fn byte_of(&self, s: &str, ci: usize) -> usize {
        if ci >= self.chars {
            return s.len();
        }
        // The last block that starts before char `ci` does: the char starts in it.
        let k = self.before.partition_point(|&c| c as usize <= ci) - 1;
        let mut rest = ci - self.before[k] as usize;
        // Eight bytes at a time to the word it starts in, then its start among the word's.
        let bytes = &s.as_bytes()[k * STEP..];
        let mut i = 0;
        while let Some(w) = word_at(bytes, i) {
            let mut starts = char_starts(w);
            let n = count_starts(starts);
            if n > rest {
                for _ in 0..rest {
                    starts &= starts - 1;
                }
                return k * STEP + i + starts.trailing_zeros() as usize / 8;
            }
            rest -= n;
            i += 8;
        }
        for (j, &x) in bytes[i..].iter().enumerate() {
            if !is_cont(x) {
                if rest == 0 {
                    return k * STEP + i + j;
                }
                rest -= 1;
            }
        }
        s.len()
    }

    /// Char index of byte `b` (a char boundary) in `s`.
    pub fn char_of(&self, s: &str, b: usize) -> usize {
        if b >= s.len() {
            return self.chars;
        }
        let k = b / STEP;
        self.before[k] as usize + starts_in(&s.as_bytes()[k * STEP..b])
    }
}

/// How many chars start in `bytes`: its bytes that are no continuation bytes, eight at
/// once.
#[inline(always)]
fn starts_in(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let whole: usize = words
        .by_ref()
        .map(|w| count_starts(char_starts(word_at(w, 0).unwrap_or(0))))
        .sum();
    whole + words.remainder().iter().filter(|&&x| !is_cont(x)).count()
}

/// Normalised char index -> original char index, stored as runs of constant shift.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// (first normalised char of the run, original - normalised within the run)
    runs: Vec<(u32, i64)>,
    len: usize,
    orig_len: usize,
}

impl OffsetMap {
    /// The run holding normalised char `i`.
    fn run_of(&self, i: usize) -> usize {
        match self.runs.binary_search_by_key(&(i as u32), |r| r.0) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        }
    }

    /// The original char of normalised char `i`; `len` maps to the original's end.
    pub fn to_orig(&self, i: usize) -> usize {
        if i >= self.len {
            return self.orig_len;
        }
        let d = self.runs.get(self.run_of(i)).map_or(0, |r| r.1);
        (i as i64 + d).clamp(0, self.orig_len as i64) as usize
    }

    /// A normalised char range as the original char range that produced it.
    pub fn range_to_orig(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_orig(start);
        let e = if end > start {
            self.to_orig(end - 1) + 1
        } else {
            s
        };
        (s, e.max(s).min(self.orig_len))
    }
}

#[derive(Debug, Clone)]
pub struct AppliedRepair {
    pub rule: String,
    /// Where the repaired text starts, as a char offset into the original text. Its
    /// line is found by whoever reports it: counting the lines here cost a pass over
    /// every repaired text.
    pub at: usize,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    pub fold: String,
    /// Where in `fold` folding lowercased a char (`fold::fold_and_capitals`).
    pub capitals: Vec<usize>,
    pub map: OffsetMap,
    text_idx: CharIndex,
    /// The fold's own char index, only where its chars do not start at the bytes the
    /// text's do; else `text_idx` serves both, and a fold range is the text range of
    /// the same bytes.
    fold_idx: Option<CharIndex>,
    pub repairs: Vec<AppliedRepair>,
}

impl Normalized {
    /// The char index of `text`.
    pub fn text_index(&self) -> &CharIndex {
        &self.text_idx
    }

    fn fold_index(&self) -> &CharIndex {
        self.fold_idx.as_ref().unwrap_or(&self.text_idx)
    }

    /// The chars of `text` and `fold` start at the same bytes.
    fn aligned(&self) -> bool {
        self.fold_idx.is_none()
    }

    /// Fold byte offset -> char index (shared by `text` and `fold`).
    pub fn char_of_fold(&self, b: usize) -> usize {
        self.fold_index().char_of(&self.fold, b)
    }

    pub fn fold_byte(&self, ci: usize) -> usize {
        self.fold_index().byte_of(&self.fold, ci)
    }

    /// The normalised text (with diacritics) for a fold byte range.
    pub fn text_of(&self, fs: usize, fe: usize) -> &str {
        let (bs, be) = (fs.min(self.text.len()), fe.min(self.text.len()));
        if self.aligned() && self.text.is_char_boundary(bs) && self.text.is_char_boundary(be) {
            return &self.text[bs..be.max(bs)];
        }
        self.text_of_by_chars(fs, fe)
    }

    /// `text_of` through the chars' indexes, which holds however folding changed them.
    fn text_of_by_chars(&self, fs: usize, fe: usize) -> &str {
        let (cs, ce) = (self.char_of_fold(fs), self.char_of_fold(fe));
        let bs = self.text_idx.byte_of(&self.text, cs);
        let be = self.text_idx.byte_of(&self.text, ce);
        &self.text[bs..be.max(bs)]
    }

    /// The original char range of a fold byte range.
    pub fn orig_range(&self, fs: usize, fe: usize) -> (usize, usize) {
        self.map
            .range_to_orig(self.char_of_fold(fs), self.char_of_fold(fe))
    }
}

fn clean_char(c: char) -> Option<char> {
    Some(match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => ' ',
        // Icelandic eth typed for the Vietnamese Đ ("Ðến năm 2025").
        '\u{00D0}' => '\u{0110}',
        '\u{00F0}' => '\u{0111}',
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2012}'..='\u{2015}' | '\u{2212}' => '–',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}'..='\u{201F}' | '\u{2033}' => '"',
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' | '\u{25A0}' | '\u{2023}' | '\u{2043}'
        | '\u{25E6}' | '\u{F0B7}' | '\u{F0A7}' => '•',
        '\n' => '\n',
        c if c.is_control() => ' ',
        c => c,
    })
}

/// Builds an `OffsetMap` left to right.
#[derive(Default)]
struct MapBuilder {
    runs: Vec<(u32, i64)>,
    len: usize,
}

impl MapBuilder {
    /// `count` normalised chars whose originals are consecutive from `orig`.
    #[inline]
    fn push_span(&mut self, orig: u32, count: usize) {
        if count == 0 {
            return;
        }
        let d = orig as i64 - self.len as i64;
        if self.runs.last().is_none_or(|&(_, ld)| ld != d) {
            self.runs.push((self.len as u32, d));
        }
        self.len += count;
    }

    /// Copies the map of `old`'s chars `a..b`.
    fn copy(&mut self, old: &OffsetMap, a: usize, b: usize) {
        let mut i = a;
        let mut k = old.run_of(a);
        while i < b {
            let Some(&(_, d)) = old.runs.get(k) else {
                break;
            };
            let end = old.runs.get(k + 1).map_or(old.len, |r| r.0 as usize).min(b);
            self.push_span((i as i64 + d) as u32, end.saturating_sub(i));
            i = end;
            k += 1;
        }
    }

    fn finish(self, orig_len: usize) -> OffsetMap {
        OffsetMap {
            runs: self.runs,
            len: self.len,
            orig_len,
        }
    }
}

/// Chars in `s` (the standard library counts them a word of bytes at a time).
fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Plain chars need neither cleaning nor composing.
#[inline]
fn plain(b: u8) -> bool {
    (b' '..=b'~').contains(&b) || b == b'\n'
}

with_avx2! {
    /// The plain chars that start `bytes` but the last, as (bytes, chars). Plain are the
    /// ASCII ones, and the precomposed letters of Vietnamese (U+00C0–U+02FF but Ð and ð,
    /// U+1E80–U+1EFF), which cleaning keeps and which are no combining marks.
    fn plain_run_but_last(bytes: &[u8]) -> (usize, usize) = plain_run_but_last_any
}

#[inline(always)]
fn plain_run_but_last_any(bytes: &[u8]) -> (usize, usize) {
    let (mut b, mut n) = (0usize, 0usize);
    // Plain runs are long (hundreds of bytes): whole blocks are checked at once, without
    // a branch per char, and their chars counted by their first bytes.
    while let Some(block) = bytes.get(b..b + BLOCK + 1) {
        if !block_plain(block) {
            break;
        }
        n += starts_in(&block[..BLOCK]);
        b += BLOCK;
    }
    // The char-by-char loop below goes on from the last char the blocks counted (which
    // the last block may have cut), counting it again: so it knows where that one starts.
    if b > 0 {
        b -= 1;
        while is_cont(bytes[b]) {
            b -= 1;
        }
        n -= 1;
    }
    let mut last = 0usize;
    loop {
        let len = match bytes.get(b..) {
            Some([x, ..]) if plain(*x) => 1,
            Some([0xC3, y, ..]) if *y != 0x90 && *y != 0xB0 => 2,
            Some([0xC4..=0xCB, _, ..]) => 2,
            Some([0xE1, 0xBA | 0xBB, _, ..]) => 3,
            _ => break,
        };
        last = b;
        b += len;
        n += 1;
    }
    (last, n.saturating_sub(1))
}

/// Bytes a block of `block_plain` spans.
const BLOCK: usize = 64;

/// The length of the whitespace char (`char::is_whitespace`) that starts at byte `i` of
/// `b`, UTF-8, or 0 if none does.
#[inline]
pub(crate) fn whitespace_len(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match at(0) {
        b'\t'..=b'\r' | b' ' => 1,
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        0xE1 if (at(1), at(2)) == (0x9A, 0x80) => 3,
        0xE2 if matches!(
            (at(1), at(2)),
            (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)
        ) =>
        {
            3
        }
        0xE3 if (at(1), at(2)) == (0x80, 0x80) => 3,
        _ => 0,
    }
}

/// A UTF-8 continuation byte (10xxxxxx): no char starts there.
pub(crate) fn is_cont(x: u8) -> bool {
    x & 0xC0 == 0x80
}

/// Whether the chars that start in `block[..BLOCK]` are all plain, as
/// `plain_run_but_last` takes them; `block[BLOCK]` is there to be looked at after the
/// last one. Continuation bytes are not looked at: the text is UTF-8, so they follow
/// the first byte of their char, which is.
#[inline(always)]
fn block_plain(block: &[u8]) -> bool {
    // A fold without early exit, of comparisons only: it runs on whole vectors.
    !block.windows(2).take(BLOCK).fold(false, |bad, w| {
        let (x, y) = (w[0], w[1]);
        let ascii = (x < 0x20 && x != b'\n') || x == 0x7F;
        let lead = (0xC0..=0xC2).contains(&x) || (0xCC..=0xE0).contains(&x) || x >= 0xE2;
        let eth = x == 0xC3 && (y == 0x90 || y == 0xB0);
        let not_viet = x == 0xE1 && y & 0xFE != 0xBA;
        bad | ascii | lead | eth | not_viet
    })
}

/// Combining marks, with the Latin letter blocks answered without a table lookup.
#[inline]
fn is_mark(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 || (0x1E00..0x1F00).contains(&u) {
        return false;
    }
    is_combining_mark(c)
}

/// Normalises `orig` with the rule set's repairs.
pub fn normalize(orig: &str, rules: &RuleSet) -> Normalized {
    let mut text = String::with_capacity(orig.len());
    let mut mb = MapBuilder::default();
    // A base char waiting for the combining marks that may follow it.
    let mut cluster: Vec<(char, u32)> = Vec::new();
    let bytes = orig.as_bytes();
    let mut b = 0usize;
    let mut ci = 0u32;
    while b < bytes.len() {
        // A stretch of plain chars is copied whole, but for its last char, which may
        // carry combining marks.
        let (run, chars) = plain_run_but_last(&bytes[b..]);
        if chars > 0 {
            flush_cluster(&mut text, &mut mb, &mut cluster);
            text.push_str(&orig[b..b + run]);
            mb.push_span(ci, chars);
            ci += chars as u32;
            b += run;
        }
        let Some(c) = orig[b..].chars().next() else {
            break;
        };
        let i = ci;
        ci += 1;
        b += c.len_utf8();
        if c == '\r' {
            if bytes.get(b) == Some(&b'\n') {
                continue;
            }
            flush_cluster(&mut text, &mut mb, &mut cluster);
            cluster.push(('\n', i));
            continue;
        }
        let Some(c) = clean_char(c) else { continue };
        if !is_mark(c) || cluster.is_empty() {
            flush_cluster(&mut text, &mut mb, &mut cluster);
        }
        cluster.push((c, i));
    }
    flush_cluster(&mut text, &mut mb, &mut cluster);
    let n_orig = ci as usize;
    let mut map = mb.finish(n_orig);

    let mut repairs = Vec::new();
    let mut near = rules.repairs_near.on();
    for (k, r) in rules.repairs.iter().enumerate() {
        let mut parens = ParenDepth::default();
        let hits: Vec<_> = near
            .captures_iter(&text, k, &r.find)
            .into_iter()
            .filter(|c| {
                c.get(0)
                    .is_some_and(|m| !(r.only_if_unbalanced && parens.open_at(&text, m.start())))
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        // The map is rebuilt run by run: untouched stretches keep theirs, each
        // replacement char takes the matched char at its position (or the last one).
        let mut mb = MapBuilder::default();
        let mut out = String::with_capacity(text.len() + 16);
        let mut edits = Vec::with_capacity(hits.len());
        let mut last_b = 0usize;
        let mut old_c = 0usize;
        for caps in hits {
            let Some(m) = caps.get(0) else { continue };
            let c0 = old_c + char_count(&text[last_b..m.start()]);
            mb.copy(&map, old_c, c0);
            out.push_str(&text[last_b..m.start()]);
            let new_start = out.len();
            let c1 = c0 + char_count(m.as_str());
            let mut rep = String::new();
            caps.expand(&r.replace, &mut rep);
            for k in 0..char_count(&rep) {
                let o = if c1 > c0 {
                    map.to_orig((c0 + k).min(c1 - 1))
                } else {
                    map.to_orig(c1)
                };
                mb.push_span(o as u32, 1);
            }
            out.push_str(&rep);
            edits.push(Edit {
                old: (m.start(), m.end()),
                new: (new_start, out.len()),
            });
            repairs.push(AppliedRepair {
                rule: r.id.clone(),
                at: map.to_orig(c0),
                from: m.as_str().to_string(),
                to: rep,
            });
            last_b = m.end();
            old_c = c1;
        }
        mb.copy(&map, old_c, map.len);
        out.push_str(&text[last_b..]);
        map = mb.finish(n_orig);
        text = out;
        near.edited(&text, &edits, k);
    }

    let (fold, capitals) = crate::fold::fold_and_capitals(&text);
    let text_idx = CharIndex::new(&text);
    // Folding mostly keeps each char's length in bytes: then its chars start where the
    // text's do, and so does the index.
    let fold_idx = (!same_char_starts(&text, &fold)).then(|| CharIndex::new(&fold));
    Normalized {
        map,
        text_idx,
        fold_idx,
        text,
        fold,
        capitals,
        repairs,
    }
}

with_avx2! {
    /// Whether the chars of `a` and `b` start at the same bytes.
    fn same_char_starts(a: &str, b: &str) -> bool = same_char_starts_any
}

#[inline(always)]
fn same_char_starts_any(a: &str, b: &str) -> bool {
    // A fold without early exit: it runs on whole vectors of bytes.
    let differ = |(&x, &y): (&u8, &u8)| is_cont(x) != is_cont(y);
    a.len() == b.len()
        && !a
            .as_bytes()
            .iter()
            .zip(b.as_bytes())
            .fold(false, |any, xy| any | differ(xy))
}

fn flush_cluster(text: &mut String, mb: &mut MapBuilder, cluster: &mut Vec<(char, u32)>) {
    match cluster.len() {
        0 => {}
        1 => {
            text.push(cluster[0].0);
            mb.push_span(cluster[0].1, 1);
        }
        _ => {
            // A base letter with combining marks (decomposed input): compose it. Every
            // composed char maps to the cluster's first original char.
            let o = cluster[0].1;
            let s: String = cluster.iter().map(|p| p.0).collect();
            for c in s.nfc() {
                text.push(c);
                mb.push_span(o, 1);
            }
        }
    }
    cluster.clear();
}

/// Whether a bracket is open on the line at a point, for points asked left to right:
/// the scan resumes where the last question left it, so a long line costs one pass.
#[derive(Default)]
struct ParenDepth {
    at: usize,
    depth: i32,
}

impl ParenDepth {
    fn open_at(&mut self, text: &str, at: usize) -> bool {
        if at < self.at {
            *self = ParenDepth::default();
        }
        // Brackets and newlines are ASCII: bytes, not chars, need looking at, and the
        // others are skipped.
        let bytes = text.as_bytes().get(self.at..at).unwrap_or_default();
        for b in memchr::memchr3_iter(b'\n', b'(', b')', bytes).map(|i| bytes[i]) {
            match b {
                b'\n' => self.depth = 0,
                b'(' => self.depth += 1,
                b')' => self.depth = (self.depth - 1).max(0),
                _ => {}
            }
        }
        self.at = at;
        self.depth > 0
    }
}

/// Char offsets where each line of `s` starts: lines counted by chars, which the
/// tests hold faster ways of finding a line to.
#[cfg(test)]
pub(crate) fn line_starts_of(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    let (mut prev, mut ci) = (0usize, 0usize);
    for (b, _) in s.match_indices('\n') {
        ci += char_count(&s[prev..b]) + 1;
        v.push(ci);
        prev = b + 1;
    }
    v
}

/// 1-based line of char offset `ci`.
#[cfg(test)]
pub(crate) fn line_of(starts: &[usize], ci: usize) -> usize {
    match starts.binary_search(&ci) {
        Ok(k) => k + 1,
        Err(k) => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::embedded().unwrap()
    }

    /// The fold shares the text's char index only where its chars start at the same
    /// bytes: a char that folds to another length (the Kelvin sign to "k"), or a tone
    /// moved across two letters of different lengths ("hoà" to "hòa"), must not shift
    /// the offsets beyond it. Checkpoints fall every 64 chars: the change sits before
    /// one.
    #[test]
    fn fold_offsets_survive_chars_that_change_length() {
        let r = rules();
        for text in [
            format!("\u{212A}{} 80%", "a".repeat(100)),
            format!("{} hoà {}", "x".repeat(61), "y".repeat(80)),
            format!("{} 80%", "ă".repeat(100)),
        ] {
            let n = normalize(&text, &r);
            for (ci, (b, _)) in n.fold.char_indices().enumerate() {
                assert_eq!(n.fold_byte(ci), b, "char {ci} of {:?}", n.fold);
                assert_eq!(n.char_of_fold(b), ci, "byte {b} of {:?}", n.fold);
            }
        }
    }

    /// Where folding kept every char's length, a fold range is read off the text
    /// directly; it must be the range the char indexes give, and only there.
    #[test]
    fn text_of_a_fold_range_is_the_same_chars() {
        let r = rules();
        for (text, aligned) in [
            ("Chuyển đổi số: 80% hồ sơ", true),
            ("Tỷ lệ hoà mạng \u{212A}hách 95%", false),
            ("thuỷ lợi, hoà bình đạt 50%", false),
        ] {
            let n = normalize(text, &r);
            assert_eq!(n.aligned(), aligned, "{text}");
            let ends: Vec<usize> = (0..=n.fold.len() + 2)
                .filter(|&b| b > n.fold.len() || n.fold.is_char_boundary(b))
                .collect();
            for &fs in &ends {
                for &fe in &ends {
                    assert_eq!(
                        n.text_of(fs, fe),
                        n.text_of_by_chars(fs, fe),
                        "{fs}..{fe} of {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn nfd_input_composes_and_maps_back() {
        let orig = "Đe\u{0302}\u{0301}n năm 2025"; // "Đến" decomposed
        let n = normalize(orig, &rules());
        assert!(n.text.starts_with("Đến năm 2025"));
        let fb = n.fold.find("2025").unwrap();
        let (s, e) = n.orig_range(fb, fb + 4);
        let o: String = orig.chars().skip(s).take(e - s).collect();
        assert_eq!(o, "2025");
    }

    #[test]
    fn repairs_fire_and_keep_offsets() {
        let orig = "Đen năm 2025, trên 50%) người dân\n7\n– tiếp (đạt 50%)";
        let n = normalize(orig, &rules());
        assert!(n.text.starts_with("Đến năm 2025, trên 50% người"));
        assert!(
            n.text.contains("(đạt 50%)"),
            "balanced bracket kept: {}",
            n.text
        );
        assert!(!n.text.contains("\n7\n"));
        let fb = n.fold.find("người").unwrap();
        let (s, _) = n.orig_range(fb, fb + 1);
        assert_eq!(orig.chars().nth(s), Some('n'));
        let lines = line_starts_of(orig);
        let line = |rule: &str| {
            let r = n.repairs.iter().find(|r| r.rule == rule);
            r.map(|r| line_of(&lines, r.at))
        };
        assert_eq!(line("repair.den_nam"), Some(1));
        assert_eq!(line("repair.lone_page_number"), Some(2));
        // Each repair is placed where its text starts in the original.
        for r in &n.repairs {
            let there: String = orig.chars().skip(r.at).collect();
            assert!(there.starts_with(&r.from), "{r:?}");
        }
    }

    #[test]
    fn plain_runs_hold_only_chars_that_go_through_unchanged() {
        let mut plain = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}a");
            if plain_run_but_last(s.as_bytes()) == (c.len_utf8(), 1) {
                plain += 1;
                assert_eq!(clean_char(c), Some(c), "{c:?}");
                assert!(!is_mark(c), "{c:?}");
            }
        }
        // ASCII, and the Latin letters Vietnamese is written with.
        assert!(plain > 600, "{plain}");
        assert_eq!(plain_run_but_last("ầ\u{301}b".as_bytes()), (0, 0));
        assert_eq!(plain_run_but_last("Đổi số\u{300}".as_bytes()), (8, 5));
    }

    /// `plain_run_but_last` char by char, as it was before it took blocks.
    fn plain_run_by_chars(bytes: &[u8]) -> (usize, usize) {
        let (mut b, mut n, mut last) = (0usize, 0usize, 0usize);
        while let Some(c) = std::str::from_utf8(&bytes[b..])
            .ok()
            .and_then(|s| s.chars().next())
        {
            let plain = c == '\n'
                || (' '..='~').contains(&c)
                || (('\u{C0}'..='\u{2FF}').contains(&c) && c != 'Ð' && c != 'ð')
                || ('\u{1E80}'..='\u{1EFF}').contains(&c);
            if !plain {
                break;
            }
            last = b;
            b += c.len_utf8();
            n += 1;
        }
        (last, n.saturating_sub(1))
    }

    const PLAIN: [&str; 12] = [
        "a",
        "ab ",
        "\n",
        "ế",
        "ạ",
        "Đ",
        "ư",
        "ơ",
        "À",
        "ɏ",
        "ỹ",
        "ẀẁỸ",
    ];
    /// Neighbours of the plain chars among others: the first byte or the first two
    /// are a plain one's.
    const NOT_PLAIN: [&str; 15] = [
        "Ð", "ð", "ḁ", "Ꭰ", "\t", "\r", "\u{7f}", "\u{a0}", "–", "\u{301}", "ℤ", "𝟙", "Ⅻ",
        "\u{300}", "अ",
    ];

    proptest::proptest! {
        /// Asked at points left to right (and back), as counted from the line's start.
        #[test]
        fn open_brackets_are_those_of_the_line(
            text in "[()\nab ]{0,40}",
            points in proptest::collection::vec(0usize..41, 0..8),
        ) {
            let mut parens = ParenDepth::default();
            for at in points.into_iter().filter(|&p| p <= text.len()) {
                let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
                let depth = line.bytes().fold(0i32, |d, b| match b {
                    b'(' => d + 1,
                    b')' => (d - 1).max(0),
                    _ => d,
                });
                proptest::prop_assert_eq!(parens.open_at(&text, at), depth > 0, "{:?} {}", text, at);
            }
        }

        #[test]
        fn starts_are_counted_as_their_bits(w in proptest::num::u64::ANY) {
            let starts = char_starts(w);
            proptest::prop_assert_eq!(count_starts(starts), starts.count_ones() as usize);
        }

        /// Long runs, with what ends them anywhere: at a block's end, inside its last
        /// char, or just after it.
        #[test]
        fn plain_runs_by_blocks_are_runs_by_chars(
            run in proptest::collection::vec(proptest::sample::select(PLAIN.to_vec()), 0..120),
            end in proptest::sample::select([&PLAIN[..], &NOT_PLAIN[..]].concat()),
            more in proptest::collection::vec(proptest::sample::select(PLAIN.to_vec()), 0..40),
        ) {
            let s = [run.concat(), end.to_string(), more.concat()].concat();
            // The blocks must not only agree, but be taken.
            let whole = [run.concat(), "!".into()].concat();
            proptest::prop_assert!(
                whole.len() <= BLOCK || block_plain(&whole.as_bytes()[..=BLOCK])
            );
            for k in 0..s.len().min(8) {
                if s.is_char_boundary(k) {
                    let b = &s.as_bytes()[k..];
                    proptest::prop_assert_eq!(plain_run_but_last(b), plain_run_by_chars(b));
                }
            }
        }
    }

    /// Each byte value in each of a word's places, among bytes of every kind.
    #[test]
    fn ascii_ranges_are_found_in_words() {
        for (lo, hi) in [(b'A', b'Z'), (b'0', b'9'), (1, 0x7F)] {
            for x in 0..=255u8 {
                for place in 0..8 {
                    for fill in [b'a', b'Z', b'9', 0x80, 0xFF, b'@', b'[', b'/', b':', 0] {
                        let mut bytes = [fill; 8];
                        bytes[place] = x;
                        let want = bytes.iter().enumerate().fold(0u64, |m, (i, b)| {
                            m | (u64::from((lo..=hi).contains(b)) << (8 * i + 7))
                        });
                        let got = ascii_in(u64::from_le_bytes(bytes), lo, hi);
                        assert_eq!(got, want, "{lo} {hi} {bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn lines_start_after_each_newline_in_chars() {
        assert_eq!(line_starts_of("ạb\nc\n\nđ"), vec![0, 3, 5, 6]);
        assert_eq!(line_starts_of(""), vec![0]);
        assert_eq!(line_of(&line_starts_of("ạb\nc\n\nđ"), 4), 2);
    }

    /// The build for every CPU and the one for AVX2 (where this one has it) agree.
    #[test]
    fn both_builds_answer_alike() {
        let texts = [
            "Chuyển đổi số \u{a0}hoà\r\n".repeat(30),
            "ế".repeat(130) + "a\u{301}" + &"ab".repeat(70),
            "x".repeat(63) + "Ð" + &"y".repeat(64) + "𝟙",
        ];
        for t in &texts {
            for k in (0..t.len()).filter(|&k| t.is_char_boundary(k)) {
                let b = &t.as_bytes()[k..];
                assert_eq!(plain_run_but_last(b), plain_run_but_last_any(b), "{k}");
                assert_eq!(chars_before_blocks(b), chars_before_blocks_any(b), "{k}");
                let (x, y) = (&t[k..], crate::fold::fold(&t[k..]));
                assert_eq!(same_char_starts(x, &y), same_char_starts_any(x, &y), "{k}");
            }
        }
    }

    #[test]
    fn whitespace_is_told_by_its_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_len(s.as_bytes(), 0), want, "{c:?}");
        }
    }

    #[test]
    fn char_index_round_trips() {
        for s in [
            "Chuyển đổi số ".repeat(40),
            "a".repeat(300),
            "ế".repeat(130) + &"ab".repeat(70),
            "𝟙ạb".repeat(90),
            "x".repeat(63) + "ế" + &"y".repeat(64) + "đ",
        ] {
            let ix = CharIndex::new(&s);
            assert_eq!(ix.chars(), s.chars().count());
            for (ci, (b, _)) in s.char_indices().enumerate() {
                assert_eq!(ix.byte_of(&s, ci), b);
                assert_eq!(ix.char_of(&s, b), ci);
            }
        }
    }
}
