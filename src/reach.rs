//! Where a pattern's matches can lie, so that a search over a whole text skips the
//! stretches that cannot hold one.
//!
//! Many whole-text rules (year phrases, year repairs) start with something too common
//! for a prefilter (a digit, "ngày", an optional word) but can only match around a
//! rarer literal (a year's "19" or "20"), and are a few dozen bytes long. From a
//! pattern's syntax two facts are proved:
//! - every match holds one of a few literals, its *needles*;
//! - no match holds more than `fixed` bytes of chars other than whitespace (the only
//!   unbounded parts allowed are runs of whitespace).
//!
//! So every match lies inside the window around an occurrence of a needle that reaches
//! `fixed` such bytes to each side, and the matches found window by window are exactly
//! those found on the whole text.

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::normalize::{is_cont, whitespace_len};
use crate::pattern::{Caps, Found, Pattern, Scan};

/// What a pattern's syntax says about where its matches can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Every match holds one of these.
    pub needles: Vec<Vec<u8>>,
    /// A match holds at most this many bytes of chars other than whitespace.
    fixed: usize,
}

impl Reach {
    /// The reach of a pattern, when it pays: its needles are rarer than the literals its
    /// matches start with, if any (else the regex engine's own prefilter does as well),
    /// and rare enough to skip to (each two bytes or more, and then holds a digit or
    /// punctuation, or is three bytes or more), and its length is bounded.
    pub fn of(pattern: &Pattern) -> Option<Reach> {
        let hir = pattern.hir();
        let fixed = bound(hir)?;
        let needles = needles(hir)?;
        let rare = |l: &Vec<u8>| {
            l.len() >= 3
                || l.len() == 2
                    && l.iter()
                        .any(|b| b.is_ascii_digit() || b.is_ascii_punctuation())
        };
        if !needles.iter().all(rare) || prefix(hir).is_some_and(|p| rarity(&p) >= rarity(&needles))
        {
            return None;
        }
        Some(Reach { needles, fixed })
    }
}

/// An upper bound on the bytes a match holds outside its unbounded runs of whitespace;
/// None when some unbounded repetition is not of whitespace.
fn bound(h: &Hir) -> Option<usize> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(l) => l.0.len(),
        HirKind::Class(_) => h.properties().maximum_len()?,
        HirKind::Repetition(r) => match r.max {
            None if is_space(&r.sub) => 0,
            None => return None,
            Some(k) => bound(&r.sub)?.checked_mul(k as usize)?,
        },
        HirKind::Capture(c) => bound(&c.sub)?,
        HirKind::Concat(v) => v.iter().try_fold(0usize, |f, x| f.checked_add(bound(x)?))?,
        HirKind::Alternation(v) => v.iter().try_fold(0usize, |f, x| Some(f.max(bound(x)?)))?,
    })
}

/// A class of whitespace chars only.
fn is_space(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| {
            let n = r.end() as u32 - r.start() as u32;
            n < 64 && (r.start()..=r.end()).all(char::is_whitespace)
        }),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| char::from(b).is_whitespace())),
        _ => false,
    }
}

/// Literals every match of `h` holds one of, the rarest such set found.
fn needles(h: &Hir) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Capture(c) => needles(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => needles(&r.sub),
        HirKind::Alternation(v) => {
            let mut all = Vec::new();
            for x in v {
                for l in needles(x)? {
                    if !all.contains(&l) {
                        all.push(l);
                    }
                }
            }
            Some(all)
        }
        HirKind::Concat(v) => {
            // A match holds a match of each part, and of each run of parts.
            let mut best: Option<Vec<Vec<u8>>> = None;
            for i in 0..v.len() {
                let tail = Hir::concat(v[i..].to_vec());
                for cand in [inner(&tail), needles(&v[i])].into_iter().flatten() {
                    if best.as_ref().is_none_or(|b| rarity(&cand) > rarity(b)) {
                        best = Some(cand);
                    }
                }
            }
            best
        }
        _ => inner(h),
    }
}

/// The literals every match of `h` starts with, without the whitespace at their ends:
/// what is left of them is in the match all the same, and a scan for a literal that
/// begins with a space stops at every word.
fn inner(h: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for l in prefix(h)? {
        let t = l.trim_ascii().to_vec();
        if t.is_empty() {
            return None;
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Some(out)
}

/// The literals every match of `h` starts with, when there are a few.
fn prefix(h: &Hir) -> Option<Vec<Vec<u8>>> {
    crate::pattern::start_literals(h, 64)
}

/// How rare a set of literals is in prose, higher for rarer: its least rare literal,
/// where lowercase letters, spaces and accented letters count 1 a char and digits,
/// capitals and punctuation 4; fewer literals break ties. Only a literal's first four
/// bytes count: a search for several literals skips by those alone (Teddy's
/// fingerprints), and stops to check the rest wherever they occur.
fn rarity(lits: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let weight = |l: &Vec<u8>| {
        l.iter()
            .take(4)
            .map(|&b| match b {
                b'a'..=b'z' | b' ' | b'\n' | 0xC0.. => 1,
                // The rest of a multi-byte char.
                0x80..=0xBF => 0,
                _ => 4,
            })
            .sum::<usize>()
    };
    (
        lits.iter().map(weight).min().unwrap_or(0),
        std::cmp::Reverse(lits.len()),
    )
}

/// Where a match that ends at or after `at` can start: walking left, whitespace is free
/// and other chars spend `budget` bytes. (Byte by byte: most are ASCII.)
fn reach_left(hay: &str, at: usize, budget: usize) -> usize {
    let b = hay.as_bytes();
    let mut left = budget;
    let mut end = at;
    while end > 0 {
        let x = b[end - 1];
        if x < 0x80 {
            if !matches!(x, b'\t'..=b'\r' | b' ') {
                if left == 0 {
                    return end;
                }
                left -= 1;
            }
            end -= 1;
            continue;
        }
        let mut start = end - 1;
        while start > 0 && is_cont(b[start]) {
            start -= 1;
        }
        let len = end - start;
        if whitespace_len(b, start) == 0 {
            if len > left {
                return end;
            }
            left -= len;
        }
        end = start;
    }
    0
}

/// Where a match that starts at or before `at` can end, as `reach_left` rightwards.
fn reach_right(hay: &str, at: usize, budget: usize) -> usize {
    let b = hay.as_bytes();
    let mut left = budget;
    let mut start = at;
    while let Some(&x) = b.get(start) {
        if x < 0x80 {
            if !matches!(x, b'\t'..=b'\r' | b' ') {
                if left == 0 {
                    return start;
                }
                left -= 1;
            }
            start += 1;
            continue;
        }
        let len = match x {
            0..0xE0 => 1 + usize::from(x >= 0xC0),
            0xE0..0xF0 => 3,
            _ => 4,
        };
        if whitespace_len(b, start) == 0 {
            if len > left {
                return start;
            }
            left -= len;
        }
        start += len;
    }
    hay.len()
}

/// A replacement: the bytes `old` of a text became the bytes `new` of the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub old: (usize, usize),
    pub new: (usize, usize),
}

impl Edit {
    /// How far it moves the bytes after it.
    fn delta(&self) -> isize {
        (self.new.1 - self.new.0) as isize - (self.old.1 - self.old.0) as isize
    }
}

/// A text's edits, left to right and apart, asked where old bytes went: by binary
/// searches, so that a text with many edits and windows costs no more than their
/// number times its logarithm.
struct Moves<'e> {
    edits: &'e [Edit],
    /// How far the edits before each one moved the text after them.
    before: Vec<isize>,
}

impl<'e> Moves<'e> {
    fn new(edits: &'e [Edit]) -> Self {
        let before = std::iter::once(0)
            .chain(edits.iter().scan(0, |d, e| {
                *d += e.delta();
                Some(*d)
            }))
            .collect();
        Moves { edits, before }
    }

    /// Where old byte `x` is in the edited text, as the start of a range or (`end`) its
    /// end: inside an edit, at that edit's new start or end; at an insertion, before or
    /// after what it inserted.
    fn to_new(&self, x: usize, end: bool) -> usize {
        // The edits that end before `x` (or at it, but for an insertion there when `x`
        // starts a range).
        let k = self
            .edits
            .partition_point(|e| e.old.1 < x || (e.old.1 == x && (end || e.old.0 < x)));
        match self.edits.get(k) {
            Some(e) if e.old.0 < x && x < e.old.1 => {
                if end {
                    e.new.1
                } else {
                    e.new.0
                }
            }
            _ => x.saturating_add_signed(self.before[k]),
        }
    }

    /// Whether an edit comes within four bytes of `lo..hi`.
    fn near(&self, lo: usize, hi: usize) -> bool {
        let k = self.edits.partition_point(|e| e.old.1 + 4 < lo);
        self.edits.get(k).is_some_and(|e| e.old.0 <= hi + 4)
    }
}

/// One needle set of a `Near`.
#[derive(Debug, Clone)]
struct NeedleSet {
    needles: Vec<Vec<u8>>,
    /// Reports every occurrence of the needles.
    scan: Scan,
    /// How many bytes other than whitespace the longest match of its patterns holds.
    fixed: usize,
    /// Bytes of its longest needle.
    longest: usize,
}

impl NeedleSet {
    /// The windows around the needles that start in `hay[from..to]`, sorted.
    fn windows_from(&self, hay: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut around: Vec<(usize, usize)> = Vec::new();
        // Each search gives an occurrence that no other both starts and ends within
        // (see `Scan::innermost`), and the next starts one byte after it: an occurrence
        // it skips holds one found, and so does every match that holds the skipped one.
        let mut from = from;
        // The last end of an occurrence so far.
        let mut last_end = 0;
        // Occurrences that start before `to` end within the longest needle's length of
        // it: the search need not go further.
        let mut end = to.saturating_add(self.longest).min(hay.len());
        while !hay.is_char_boundary(end) {
            end += 1;
        }
        let upto = &hay[..end];
        while let Some(m) = self.scan.find(upto, from).filter(|m| m.start() < to) {
            from = m.start() + 1;
            // A match holding the needle holds at most `fixed` bytes outside whitespace,
            // the needle's among them.
            let hi = reach_right(hay, m.start(), self.fixed);
            match around.last_mut() {
                // An occurrence that starts in the last window, and ends no earlier than
                // those before it, reaches no further left than they did: the last
                // window takes it in, and where it reaches is not needed.
                Some(last) if m.start() <= last.1 && m.end() >= last_end => {
                    last.1 = last.1.max(hi);
                }
                _ => around.push((reach_left(hay, m.end(), self.fixed), hi)),
            }
            last_end = last_end.max(m.end());
        }
        // Needles of different lengths may end out of order.
        if !around.is_sorted() {
            around.sort_unstable();
        }
        around
    }
}

/// Sorted ranges, those that meet or overlap joined.
fn merged(sorted: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (lo, hi) in sorted {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// Patterns searched on one text together: each distinct needle set is looked for once,
/// and its windows are made once, wide enough for the longest of its patterns.
#[derive(Debug, Clone, Default)]
pub struct Near {
    /// Distinct needle sets.
    sets: Vec<NeedleSet>,
    /// For each pattern: its needle set, if windows pay for it.
    of: Vec<Option<usize>>,
}

impl Near {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Pattern>) -> Result<Near, String> {
        let mut near = Near::default();
        for p in patterns {
            let Some(reach) = Reach::of(p) else {
                near.of.push(None);
                continue;
            };
            let k = match near.sets.iter().position(|s| s.needles == reach.needles) {
                Some(k) => k,
                None => {
                    near.sets.push(NeedleSet {
                        scan: Scan::innermost(&reach.needles)?,
                        longest: reach.needles.iter().map(Vec::len).max().unwrap_or(0),
                        needles: reach.needles.clone(),
                        fixed: 0,
                    });
                    near.sets.len() - 1
                }
            };
            near.sets[k].fixed = near.sets[k].fixed.max(reach.fixed);
            near.of.push(Some(k));
        }
        Ok(near)
    }

    /// The searches of these patterns on one text: every question to it must be about
    /// the same text (make a new one when the text changes).
    pub fn on(&self) -> NearText<'_> {
        NearText {
            near: self,
            windows: vec![None; self.sets.len()],
        }
    }
}

/// One text's windows for each needle set, made when first needed.
pub struct NearText<'n> {
    near: &'n Near,
    windows: Vec<Option<Vec<(usize, usize)>>>,
}

impl NearText<'_> {
    /// The windows of `hay` where pattern `k` (of those `Near` was built from) can
    /// match, or None for the whole text.
    fn windows(&mut self, hay: &str, k: usize) -> Option<&[(usize, usize)]> {
        let set = (*self.near.of.get(k)?)?;
        let needles = &self.near.sets[set];
        let w = self.windows[set]
            .get_or_insert_with(|| merged(needles.windows_from(hay, 0, hay.len())));
        Some(w)
    }

    /// After `edits` made the text these windows were made on into `hay`. A window
    /// depends only on the bytes it spans and the four on each side (the char a reach
    /// stopped at): one that no edit comes near is moved past the edits before it; the
    /// others, and needles an edit may have made, are looked for again around them. The
    /// windows are those made anew on `hay`, a test holds. (Teddy's occurrences are the
    /// shortest needle at each place one starts, each found on its own; an automaton's
    /// depend on those around them, and its windows are made again when next asked.)
    pub fn edited(&mut self, hay: &str, edits: &[Edit], after: usize) {
        for (set, (needles, w)) in self.near.sets.iter().zip(&mut self.windows).enumerate() {
            let Some(old) = w.take() else { continue };
            // Only the sets of patterns still to be asked.
            let asked = self.near.of.iter().skip(after + 1).any(|&s| s == Some(set));
            if !asked || !matches!(needles.scan, Scan::Packed(_)) {
                continue;
            }
            let moves = Moves::new(edits);
            let mut kept = Vec::with_capacity(old.len());
            // Old ranges to look in again: the edits', and the windows near them.
            let mut again: Vec<(usize, usize)> = edits.iter().map(|e| e.old).collect();
            for &(lo, hi) in &old {
                if moves.near(lo, hi) {
                    again.push((lo, hi));
                } else {
                    kept.push((moves.to_new(lo, false), moves.to_new(hi, true)));
                }
            }
            again.sort_unstable();
            for (lo, hi) in merged(again) {
                // A needle that an edit touches starts less than the longest's length
                // before it.
                let from = moves.to_new(lo.saturating_sub(needles.longest), false);
                let to = moves.to_new(hi, true).min(hay.len());
                kept.extend(needles.windows_from(hay, from, to));
            }
            kept.sort_unstable();
            *w = Some(merged(kept));
        }
    }

    /// Pattern `k`'s matches (`p` is pattern `k`), left to right, as `p.find_iter`,
    /// each able to give its groups.
    pub fn found<'h: 'p, 'p>(
        &mut self,
        hay: &'h str,
        k: usize,
        p: &'p Pattern,
    ) -> Vec<Found<'h, 'p>> {
        self.search(hay, k, |s, e| p.found_in(hay, s, e))
    }

    /// Pattern `k`'s matches with their groups, as `p.captures_iter`.
    pub fn captures_iter<'h>(&mut self, hay: &'h str, k: usize, p: &Pattern) -> Vec<Caps<'h>> {
        self.search(hay, k, |s, e| p.captures_iter_in(hay, s, e))
    }

    /// `within(start, end)` on each of pattern `k`'s windows, or on the whole text.
    fn search<T, I: Iterator<Item = T>>(
        &mut self,
        hay: &str,
        k: usize,
        within: impl Fn(usize, usize) -> I,
    ) -> Vec<T> {
        match self.windows(hay, k) {
            Some(w) => w.iter().flat_map(|&(s, e)| within(s, e)).collect(),
            None => within(0, hay.len()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(p: &str) -> Option<Reach> {
        Reach::of(&Pattern::new(p).expect("compiles"))
    }

    #[test]
    fn years_are_the_needles_of_year_phrases() {
        let r = reach(r"\b(?:ngày\s+)?\d{1,2}\s*[/.-]\s*(?P<year>(?:19|20)\d\d)\b")
            .expect("a date has a reach");
        assert_eq!(r.needles, vec![b"19".to_vec(), b"20".to_vec()]);
        // "ngày" (5 bytes), two digits and 19/20 and two digits (a digit may take 4
        // bytes), a separator; not the whitespace runs.
        assert_eq!(r.fixed, 5 + 8 + 1 + 2 + 8);
    }

    #[test]
    fn needles_lose_the_spaces_at_their_ends() {
        let r = reach(r"(?i)\b(?:\d{1,3}|kinh tế) sổ\b").expect("a word has a reach");
        assert!(
            r.needles.contains(&"sổ".as_bytes().to_vec()),
            "{:?}",
            r.needles
        );
        assert!(r.needles.iter().all(|n| !n.starts_with(b" ")));
    }

    #[test]
    fn no_reach_without_a_bound_or_a_rarer_needle() {
        // Unbounded letters.
        assert_eq!(reach(r"năm\s+\w+ (20\d\d)"), None);
        // It starts with a literal: the regex engine's prefilter does better.
        assert_eq!(reach(r"%\)"), None);
        assert_eq!(reach(r"\b20\d\d năm"), None);
        // Its start is a common word, its year is rarer.
        assert!(reach(r"(?i)\b(?:đến|tới)\s+(?P<year>(?:19|20)\d\d)").is_some());
        // One letter, one digit: too common for a scan for them to pay.
        assert_eq!(reach(r"\b(?:\d|đến) a\b"), None);
        assert_eq!(reach(r"\b(?:\d|đến) 2\b"), None);
        // Optional: no match need hold it.
        assert_eq!(reach(r"\d\d(?:20)?"), None);
    }

    #[test]
    fn literals_are_as_rare_as_their_first_four_bytes() {
        // Its matches begin "năm20..": a search for those stops at every "năm", which is
        // as far as a search for several literals tells them apart.
        let r = reach(r"\b([Nn])ăm((?:19|20)\d\d)\b").expect("a glued year has a reach");
        assert_eq!(r.needles, vec![b"19".to_vec(), b"20".to_vec()]);
    }

    #[test]
    fn windows_spend_bytes_on_all_but_whitespace() {
        let hay = "ab \u{3000}\n cđ  ế";
        assert_eq!(reach_left(hay, hay.len(), 3), hay.len() - "  ế".len());
        assert_eq!(reach_left(hay, hay.len(), 7), 1);
        assert_eq!(reach_left(hay, hay.len(), 8), 0);
        assert_eq!(reach_right(hay, 0, 3), "ab \u{3000}\n c".len());
        assert_eq!(reach_right(hay, 1, 99), hay.len());
    }

    /// Patterns with a reach, and others, searched through one `Near`.
    const PATTERNS: [&str; 5] = [
        r"(?i)\b(?:đến|tới)?\s*(?:năm\s+)?(?P<year>(?:19|20)\d\d)\b",
        r"\b(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?P<year>(?:19|20)\d\d)\b",
        r"\b(?P<start>(?:19|20)\d\d)\s*(?:-|–|—)\s*(?P<year>(?:19|20)\d\d)\b",
        r"(?i)\b(?:đến|tới)\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)\b",
        r"\b(\d{1,2}) (20)",
    ];

    /// Window by window, the same matches and groups as on the whole text.
    fn same_as_whole(hay: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let ps: Vec<Pattern> = PATTERNS
            .iter()
            .map(|p| Pattern::new(p).expect("compiles"))
            .collect();
        let check = |on: &mut NearText, k: usize, p: &Pattern| {
            let whole: Vec<_> = p.find_iter(hay).map(|m| (m.start(), m.end())).collect();
            let near: Vec<_> = on
                .found(hay, k, p)
                .iter()
                .map(|f| (f.m.start(), f.m.end()))
                .collect();
            proptest::prop_assert_eq!(whole, near, "{} on {:?}", p.as_str(), hay);
            let group = |c: &Caps| c.get(1).map(|m| (m.start(), m.end()));
            let whole: Vec<_> = p.captures_iter(hay).map(|c| group(&c)).collect();
            let near: Vec<_> = on.captures_iter(hay, k, p).iter().map(group).collect();
            proptest::prop_assert_eq!(whole, near, "{} on {:?}", p.as_str(), hay);
            Ok(())
        };
        // All together (windows as wide as the longest needs), and each on its own
        // (windows just as wide as it needs).
        let together = Near::new(&ps).expect("builds");
        let mut all = together.on();
        for (k, p) in ps.iter().enumerate() {
            check(&mut all, k, p)?;
            let alone = Near::new([p]).expect("builds");
            check(&mut alone.on(), 0, p)?;
        }
        Ok(())
    }

    /// Words of year phrases, years, and what may lie between them.
    fn word() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "đến", "tới", "năm", "ngày", "2019", "2020", "1999", "12", "/", ".", "-", "–", " ",
            "  ", "\n", "\u{3000}", "x", "ế", "1", "0", "9",
        ])
    }

    #[test]
    fn the_first_two_patterns_have_a_reach() {
        assert!(reach(PATTERNS[0]).is_some() && reach(PATTERNS[1]).is_some());
    }

    #[test]
    fn windows_reach_the_whole_phrase() {
        for hay in [
            "đến năm 2019",
            "x tới \u{3000}\n năm  2020, ngày 12 / 11 - 2019",
            "ngày 1/2/2019 đến 2020 – 2025",
        ] {
            same_as_whole(hay).expect("same matches");
        }
    }

    proptest::proptest! {
        #[test]
        fn windows_find_what_the_whole_text_has_in_any_chars(
            hay in "[nămđếtới 2019\n\u{3000},/.-]{0,60}",
        ) {
            same_as_whole(&hay)?;
        }

        /// Windows moved past a text's edits and made again near them are the windows
        /// made anew on the edited text.
        #[test]
        fn edited_windows_are_those_made_anew(
            words in proptest::collection::vec(word(), 0..24),
            edits in proptest::collection::vec(
                (0usize..24, 0usize..3, proptest::collection::vec(word(), 0..3)),
                0..4,
            ),
        ) {
            let hay = words.concat();
            // Each edit replaces some words by others, left to right, without overlaps.
            let starts: Vec<usize> = (0..=words.len())
                .map(|i| words[..i].iter().map(|w| w.len()).sum())
                .collect();
            let mut picked: Vec<(usize, usize, String)> = Vec::new();
            let mut next = 0;
            let mut spans = edits;
            spans.sort();
            for (at, len, with) in spans {
                let (a, b) = (at.max(next).min(words.len()), (at.max(next) + len).min(words.len()));
                if a < next || (a == b && with.is_empty()) {
                    continue;
                }
                picked.push((starts[a], starts[b], with.concat()));
                next = b + 1;
            }
            let mut new = String::new();
            let mut list = Vec::new();
            let mut last = 0;
            for (a, b, with) in &picked {
                new.push_str(&hay[last..*a]);
                let s = new.len();
                new.push_str(with);
                list.push(Edit { old: (*a, *b), new: (s, new.len()) });
                last = *b;
            }
            new.push_str(&hay[last..]);
            let ps: Vec<Pattern> = PATTERNS
                .iter()
                .map(|p| Pattern::new(p).expect("compiles"))
                .collect();
            let near = Near::new(&ps).expect("builds");
            let mut on = near.on();
            for k in 0..ps.len() {
                let _ = on.windows(&hay, k);
            }
            on.edited(&new, &list, 0);
            let mut fresh = near.on();
            for k in 1..ps.len() {
                let got = on.windows(&new, k).map(<[_]>::to_vec);
                let want = fresh.windows(&new, k).map(<[_]>::to_vec);
                proptest::prop_assert_eq!(got, want, "{:?} -> {:?}", hay, new);
            }
        }

        #[test]
        fn windows_find_what_the_whole_text_has_in_any_words(
            words in proptest::collection::vec(word(), 0..24),
        ) {
            same_as_whole(&words.concat())?;
        }
    }
}
