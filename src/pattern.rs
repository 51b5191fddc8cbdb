//! Regular expressions that stay on the fast engines for Vietnamese text.
//!
//! The regex crate runs a lazy DFA only while the haystack is ASCII when a pattern has a
//! Unicode word boundary (`\b`); on Vietnamese text it falls back to the PikeVM, which is
//! ten to fifty times slower. Almost every rule needs `\b`. So each pattern is compiled
//! twice: the *relaxed* form, with its word-boundary assertions removed, is a superset
//! that the DFA can scan for; at each of its match starts the *exact* form is tried,
//! anchored, and decides. The leftmost relaxed start is never after the leftmost exact
//! start, so the results are exactly the exact pattern's, leftmost-first.

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{
    literal, Capture, Class, ClassUnicode, ClassUnicodeRange, Dot, Hir, HirKind, Look, Repetition,
};

#[derive(Debug, Clone)]
pub struct Pattern {
    src: String,
    /// The syntax it was compiled from, for the questions asked about its matches.
    hir: Hir,
    exact: Regex,
    /// None when the pattern has no word boundary: the exact form is fast already.
    relaxed: Option<Regex>,
    /// Some((leading, trailing)) when the pattern's only word boundaries are a `\b` at
    /// its very start and/or end: a relaxed match that has them is the exact match.
    outer: Option<(bool, bool)>,
    /// Every match starts at a line start (`(?m)^`): a search tries only those. The
    /// regex engines would run their automaton over every byte of every line.
    line_start: bool,
    /// The bytes a match of a line-start pattern can begin with, when it cannot be empty:
    /// lines that begin otherwise are not searched.
    first: Option<Box<[bool; 256]>>,
}

/// A match: byte offsets into the haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct M<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> M<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Debug, Clone)]
pub struct Caps<'h> {
    hay: &'h str,
    caps: Captures,
}

impl<'h> Caps<'h> {
    pub fn get(&self, i: usize) -> Option<M<'h>> {
        self.caps.get_group(i).map(|s| M {
            hay: self.hay,
            start: s.start,
            end: s.end,
        })
    }
    pub fn name(&self, n: &str) -> Option<M<'h>> {
        self.caps.get_group_by_name(n).map(|s| M {
            hay: self.hay,
            start: s.start,
            end: s.end,
        })
    }
    /// Appends `replacement` with `$1` / `${name}` filled in.
    pub fn expand(&self, replacement: &str, dst: &mut String) {
        self.caps
            .interpolate_string_into(self.hay, replacement, dst);
    }
}

/// A match found by a search, and the regex whose top-priority match it is: asked for
/// its groups only when they are wanted.
#[derive(Debug, Clone, Copy)]
pub struct Found<'h, 'p> {
    pub m: M<'h>,
    re: &'p Regex,
}

impl<'h> Found<'h, '_> {
    pub fn captures(&self) -> Option<Caps<'h>> {
        groups(self.m.hay, self.m.start, self.m.end, self.re)
    }
}

impl Pattern {
    /// Compiles `pat` (regex crate syntax). The error message is the parser's, which
    /// points at the faulty part of the pattern.
    pub fn new(pat: &str) -> Result<Pattern, String> {
        Pattern::from_hir(pat, parse(pat)?)
    }

    /// Compiles `pat` for haystacks made only of the chars `only` accepts, e.g. folded
    /// text, which has no capitals. Its small classes (a case-insensitive letter is a
    /// class of its cases) keep only those chars: on such text it matches the same, and
    /// the literals its matches start with are fewer, which a prefilter can skip to.
    pub fn new_within(pat: &str, only: fn(char) -> bool) -> Result<Pattern, String> {
        Pattern::from_hir(pat, narrow(parse(pat)?, only))
    }

    fn from_hir(pat: &str, hir: Hir) -> Result<Pattern, String> {
        let exact = Regex::builder()
            .build_from_hir(&hir)
            .map_err(|e| e.to_string())?;
        let outer = outer_bounds(&hir);
        let line_start = match hir.kind() {
            HirKind::Concat(parts) => parts
                .first()
                .is_some_and(|h| matches!(h.kind(), HirKind::Look(Look::StartLF))),
            _ => false,
        };
        let first = line_start
            .then(|| first_bytes(&hir))
            .and_then(|(set, empty)| (!empty).then(|| Box::new(set)));
        let (loose, changed) = relax(hir.clone());
        let relaxed = if changed {
            Some(
                Regex::builder()
                    .build_from_hir(&loose)
                    .map_err(|e| e.to_string())?,
            )
        } else {
            None
        };
        Ok(Pattern {
            src: pat.to_string(),
            hir,
            exact,
            relaxed,
            outer,
            line_start,
            first,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.src
    }

    pub(crate) fn hir(&self) -> &Hir {
        &self.hir
    }

    /// For each byte, whether a match can begin with it: every byte when a match can be
    /// empty.
    pub fn first_bytes(&self) -> [bool; 256] {
        match first_bytes(&self.hir) {
            (set, false) => set,
            (_, true) => [true; 256],
        }
    }

    /// The index of the group named `name`, for `Caps::get`.
    pub fn group(&self, name: &str) -> Option<usize> {
        self.exact
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, name)
    }

    /// The leftmost exact match at or after `from`, found as the module comment says.
    fn leftmost(&self, hay: &str, from: usize) -> Option<(usize, usize)> {
        self.leftmost_by(hay, from, hay.len())
            .map(|(s, e, _)| (s, e))
    }

    /// Whether the relaxed form's match `s..e` is the exact one: the relaxed match is
    /// the top-priority way to match at its start, so when the pattern's only `\b`s are
    /// at its ends and hold there, the exact pattern matches there just so.
    fn outer_holds(&self, hay: &str, s: usize, e: usize) -> bool {
        self.outer.is_some_and(|(lead, trail)| {
            (!lead || boundary(hay, s)) && (!trail || boundary(hay, e))
        })
    }

    /// The leftmost exact match within `from..end` (look-arounds see all of `hay`), and
    /// the regex whose top-priority match it is (the relaxed one when its match had the
    /// outer boundaries): the one to ask for groups.
    fn leftmost_by(&self, hay: &str, from: usize, end: usize) -> Option<(usize, usize, &Regex)> {
        if self.line_start {
            return self.leftmost_line(hay, from, end);
        }
        let Some(relaxed) = &self.relaxed else {
            let m = self.exact.search(&Input::new(hay).range(from..end))?;
            return Some((m.start(), m.end(), &self.exact));
        };
        let mut pos = from;
        while pos <= end {
            let m = relaxed.search(&Input::new(hay).range(pos..end))?;
            let s = m.start();
            if self.outer_holds(hay, s, m.end()) {
                return Some((s, m.end(), relaxed));
            }
            let anchored = Input::new(hay).range(s..end).anchored(Anchored::Yes);
            if let Some(m) = self.exact.search(&anchored) {
                return Some((m.start(), m.end(), &self.exact));
            }
            pos = next_boundary(hay, s);
        }
        None
    }

    pub fn find_at<'h>(&self, hay: &'h str, from: usize) -> Option<M<'h>> {
        let (start, end) = self.leftmost(hay, from)?;
        Some(M { hay, start, end })
    }

    /// The match that starts exactly at `at`, if any (look-arounds see the whole `hay`).
    pub fn find_anchored<'h>(&self, hay: &'h str, at: usize) -> Option<M<'h>> {
        let (start, end, _) = self.anchored_by(hay, at, hay.len())?;
        Some(M { hay, start, end })
    }

    /// The match within `at..end` that starts at `at`, and the regex to ask for its
    /// groups (as `leftmost_by`).
    fn anchored_by(&self, hay: &str, at: usize, end: usize) -> Option<(usize, usize, &Regex)> {
        let input = Input::new(hay).range(at..end).anchored(Anchored::Yes);
        // Most anchored questions get "no": the relaxed form, on the fast engines, says
        // so for the exact one, which can only match where it does.
        if let Some(relaxed) = &self.relaxed {
            let m = relaxed.search(&input)?;
            if self.outer_holds(hay, m.start(), m.end()) {
                return Some((m.start(), m.end(), relaxed));
            }
        }
        let m = self.exact.search(&input)?;
        Some((m.start(), m.end(), &self.exact))
    }

    /// The leftmost match within `from..end` of a pattern that matches only at line
    /// starts: an anchored search at each of them.
    fn leftmost_line(&self, hay: &str, from: usize, end: usize) -> Option<(usize, usize, &Regex)> {
        let mut at = from;
        while at <= end {
            let can_start = match (&self.first, hay.as_bytes().get(at)) {
                (Some(first), Some(&b)) => at < end && first[b as usize],
                (Some(_), None) => false,
                (None, _) => true,
            };
            if can_start && (at == 0 || hay.as_bytes().get(at - 1) == Some(&b'\n')) {
                if let Some(m) = self.anchored_by(hay, at, end) {
                    return Some(m);
                }
            }
            at += memchr::memchr(b'\n', hay.as_bytes().get(at..end)?)? + 1;
        }
        None
    }

    pub fn find<'h>(&self, hay: &'h str) -> Option<M<'h>> {
        self.find_at(hay, 0)
    }

    pub fn is_match(&self, hay: &str) -> bool {
        match &self.relaxed {
            // Whether it matches, not where: the search may stop at the earliest end.
            None => self.exact.is_match(Input::new(hay)),
            Some(_) => self.leftmost(hay, 0).is_some(),
        }
    }

    pub fn captures_at<'h>(&self, hay: &'h str, from: usize) -> Option<Caps<'h>> {
        let (s, e, re) = self.leftmost_by(hay, from, hay.len())?;
        groups(hay, s, e, re)
    }

    pub fn captures<'h>(&self, hay: &'h str) -> Option<Caps<'h>> {
        self.captures_at(hay, 0)
    }

    pub fn find_iter<'p, 'h>(&'p self, hay: &'h str) -> impl Iterator<Item = M<'h>> + 'p
    where
        'h: 'p,
    {
        self.find_iter_in(hay, 0, hay.len())
    }

    /// The successive matches that lie within `start..end` (look-arounds see all of
    /// `hay`).
    pub fn find_iter_in<'p, 'h>(
        &'p self,
        hay: &'h str,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = M<'h>> + 'p
    where
        'h: 'p,
    {
        self.found_in(hay, start, end).map(|f| f.m)
    }

    /// The successive matches within `start..end`, each able to give its groups.
    pub fn found_in<'p, 'h>(
        &'p self,
        hay: &'h str,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = Found<'h, 'p>> + 'p
    where
        'h: 'p,
    {
        let mut pos = Some(start);
        std::iter::from_fn(move || {
            let (s, e, re) = self.leftmost_by(hay, pos.filter(|&p| p <= end)?, end)?;
            pos = after(hay, s, e);
            Some(Found {
                m: M {
                    hay,
                    start: s,
                    end: e,
                },
                re,
            })
        })
    }

    pub fn captures_iter<'p, 'h>(&'p self, hay: &'h str) -> impl Iterator<Item = Caps<'h>> + 'p
    where
        'h: 'p,
    {
        self.captures_iter_in(hay, 0, hay.len())
    }

    /// The successive matches within `start..end`, with their groups.
    pub fn captures_iter_in<'p, 'h>(
        &'p self,
        hay: &'h str,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = Caps<'h>> + 'p
    where
        'h: 'p,
    {
        self.found_in(hay, start, end).map_while(|f| f.captures())
    }
}

/// Many patterns asked at once which of them match.
///
/// One pass over the haystack finds which of the literals the patterns' matches begin
/// with (a few bytes of each) occur; only the patterns that can match are asked, in
/// order, until one does. A pattern whose beginnings are unknown is always asked.
///
/// Most patterns that name a measure are literals, or literals joined by `.*`
/// ("dịch vụ công.*trực tuyến"). Such a *chain* matches a line exactly when each of its
/// literal sets occurs, in order, each from where the earliest-ending occurrence of the
/// one before has ended (a later-ending one leaves less room for the rest). So a chain
/// is answered by a few substring searches, not by its regex, whose automaton is seldom
/// in the CPU cache when asked; except on a haystack of more than one line, where `.*`
/// stops at each line's end.
#[derive(Debug, Clone)]
pub struct PatternSet {
    starts: Option<Occurrences>,
    /// The patterns each literal of `starts` begins.
    starts_of: Vec<Vec<usize>>,
    /// Patterns without a known beginning.
    always: Vec<usize>,
    /// For each pattern that is a chain, its literal sets in order.
    chains: Vec<Option<Vec<Vec<Finder<'static>>>>>,
    exact: Vec<Pattern>,
}

impl PatternSet {
    pub fn new(patterns: Vec<Pattern>) -> Result<PatternSet, String> {
        let mut lits: Vec<Vec<u8>> = Vec::new();
        let mut starts_of: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match start_literals(p.hir(), 256) {
                Some(ls) => {
                    for l in ls {
                        match lits.iter().position(|x| *x == l) {
                            Some(k) => starts_of[k].push(i),
                            None => {
                                lits.push(l);
                                starts_of.push(vec![i]);
                            }
                        }
                    }
                }
                None => always.push(i),
            }
        }
        let starts = Occurrences::new(&lits)?;
        let finders = |set: Vec<Vec<u8>>| set.iter().map(|l| Finder::new(l).into_owned()).collect();
        let chains = patterns
            .iter()
            .map(|p| Some(chain(p.hir())?.into_iter().map(finders).collect()))
            .collect();
        Ok(PatternSet {
            starts,
            starts_of,
            always,
            chains,
            exact: patterns,
        })
    }

    /// For each pattern, whether it may match in `hay`: false only when none of the
    /// literals its matches begin with occurs there.
    fn candidates(&self, hay: &str) -> Vec<bool> {
        let mut can = vec![false; self.exact.len()];
        for &i in &self.always {
            can[i] = true;
        }
        if let Some(starts) = &self.starts {
            starts.each(hay, |k| {
                for &i in self.starts_of.get(k).into_iter().flatten() {
                    can[i] = true;
                }
            });
        }
        can
    }

    /// For each haystack, the first pattern, by index, that matches somewhere in it.
    /// Asked pattern by pattern: each automaton is used
    /// for all the haystacks in a row, while it is in the CPU cache. Run between other
    /// work, the candidates' pass over an indicator took 1.2–1.5 µs; in a row, 0.4.
    pub fn first_matches(&self, hays: &[&str]) -> Vec<Option<usize>> {
        let can: Vec<Vec<bool>> = hays.iter().map(|h| self.candidates(h)).collect();
        let one_line: Vec<bool> = hays.iter().map(|h| !h.contains('\n')).collect();
        let mut out = vec![None; hays.len()];
        let mut open: Vec<usize> = (0..hays.len()).collect();
        for (i, (p, chain)) in self.exact.iter().zip(&self.chains).enumerate() {
            if open.is_empty() {
                break;
            }
            open.retain(|&k| {
                let hit = can[k][i]
                    && match chain {
                        Some(sets) if one_line[k] => chain_holds(sets, hays[k].as_bytes()),
                        _ => p.is_match(hays[k]),
                    };
                if hit {
                    out[k] = Some(i);
                }
                !hit
            });
        }
        out
    }
}

/// Whether each literal set of a chain occurs after the one before: the earliest end of
/// each, among its occurrences that start at or after the previous set's end.
fn chain_holds(sets: &[Vec<Finder<'static>>], hay: &[u8]) -> bool {
    let mut at = 0;
    sets.iter().all(|set| {
        let end = set
            .iter()
            .filter_map(|f| Some(at + f.find(&hay[at..])? + f.needle().len()))
            .min();
        end.map(|e| at = e).is_some()
    })
}

/// A pattern as a chain: the literal sets that, joined by `.*` (any chars but a line
/// break), make up the whole of it, when it is only that. Each set is exact and finite:
/// no class too large to list, no repetition without bound, no look-around.
fn chain(h: &Hir) -> Option<Vec<Vec<Vec<u8>>>> {
    let parts = match h.kind() {
        HirKind::Concat(v) => v.as_slice(),
        _ => std::slice::from_ref(h),
    };
    let mut sets = Vec::new();
    for run in parts.split(is_dot_star) {
        if run.is_empty() {
            continue;
        }
        let run = Hir::concat(run.to_vec());
        if has_look(&run) {
            return None;
        }
        let seq = literal::Extractor::new().extract(&run);
        let lits = seq.literals()?;
        let bad = |l: &literal::Literal| l.as_bytes().is_empty() || l.as_bytes().contains(&b'\n');
        if !seq.is_exact() || lits.is_empty() || lits.iter().any(bad) {
            return None;
        }
        sets.push(lits.iter().map(|l| l.as_bytes().to_vec()).collect());
    }
    (!sets.is_empty()).then_some(sets)
}

/// `.*` or `.*?`: any run of chars but a line break.
fn is_dot_star(h: &Hir) -> bool {
    matches!(h.kind(), HirKind::Repetition(r)
        if r.min == 0 && r.max.is_none() && *r.sub == Hir::dot(Dot::AnyCharExceptLF))
}

fn has_look(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Look(_) => true,
        HirKind::Repetition(r) => has_look(&r.sub),
        HirKind::Capture(c) => has_look(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(has_look),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}

/// Whether any of a few patterns may match a text, and where: one search of the union
/// of their relaxed forms, which match wherever the patterns do. Asked before searching
/// each pattern of a list that seldom matches.
#[derive(Debug, Clone)]
pub struct Gate(Regex);

impl Gate {
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> Result<Gate, String> {
        let relaxed: Vec<Hir> = patterns
            .into_iter()
            .map(|p| relax(p.hir.clone()).0)
            .collect();
        Regex::builder()
            .build_many_from_hir(&relaxed)
            .map(Gate)
            .map_err(|e| e.to_string())
    }

    /// False only when none of the patterns matches anywhere in `hay`.
    pub fn may_match(&self, hay: &str) -> bool {
        self.0.is_match(Input::new(hay))
    }

    /// The first pattern, in order, whose relaxed form matches at `at`: none before it
    /// matches there.
    fn first_from(&self, hay: &str, at: usize) -> Option<usize> {
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        Some(self.0.search(&input)?.pattern().as_usize())
    }
}

/// Patterns tried in order at one point, the first that matches there winning.
///
/// A gate, anchored, names the first pattern that can match at the point, and only
/// from it on are the exact forms asked: one search instead of one per pattern, most of
/// them answering "no".
#[derive(Debug, Clone)]
pub struct AnchoredSet {
    gate: Gate,
    exact: Vec<Pattern>,
}

impl AnchoredSet {
    pub fn new(patterns: Vec<Pattern>) -> Result<AnchoredSet, String> {
        Ok(AnchoredSet {
            gate: Gate::new(&patterns)?,
            exact: patterns,
        })
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.exact
    }

    /// The first pattern with a match that starts at `at` and is not empty, and that
    /// match.
    pub fn first_at<'h>(&self, hay: &'h str, at: usize) -> Option<(usize, M<'h>)> {
        let first = self.gate.first_from(hay, at)?;
        self.exact
            .iter()
            .enumerate()
            .skip(first)
            .find_map(|(i, p)| Some((i, p.find_anchored(hay, at).filter(|m| m.end() > at)?)))
    }
}

/// The literals (cut at 8 bytes) every match of `h` starts with, when there are at most
/// `total` of them and none is empty.
pub(crate) fn start_literals(h: &Hir, total: usize) -> Option<Vec<Vec<u8>>> {
    let seq = literal::Extractor::new()
        .kind(literal::ExtractKind::Prefix)
        .limit_literal_len(8)
        .limit_total(total)
        .extract(h);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Which of some literals occur in a text.
///
/// An automaton that reports every occurrence steps through every byte (2.4 ns a byte
/// on indicators). Where the literals are few enough for Teddy (SIMD), it finds the
/// longest literal at each point where one starts, a search per point, and the
/// literals that are its prefixes: every literal that starts at a point is a prefix of
/// the longest one there. The same set, found in a fraction of the time.
#[derive(Debug, Clone)]
enum Occurrences {
    Packed {
        searcher: aho_corasick::packed::Searcher,
        /// For each literal, the others that are its proper prefixes.
        prefixes: Vec<Vec<usize>>,
    },
    Every(AhoCorasick),
}

impl Occurrences {
    fn new(lits: &[Vec<u8>]) -> Result<Option<Occurrences>, String> {
        if lits.is_empty() {
            return Ok(None);
        }
        if let Some(searcher) = leftmost_longest_teddy(lits) {
            let prefixes = proper_prefixes(lits);
            return Ok(Some(Occurrences::Packed { searcher, prefixes }));
        }
        Ok(overlapping_automaton(lits)?.map(Occurrences::Every))
    }

    /// Calls `f` with each literal that occurs in `hay` (once or more).
    fn each(&self, hay: &str, mut f: impl FnMut(usize)) {
        match self {
            Occurrences::Packed { searcher, prefixes } => {
                let mut at = 0;
                while let Some(m) = searcher.find_in(hay, aho_corasick::Span::from(at..hay.len())) {
                    let k = m.pattern().as_usize();
                    f(k);
                    prefixes.get(k).into_iter().flatten().for_each(|&j| f(j));
                    at = m.start() + 1;
                }
            }
            Occurrences::Every(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    f(m.pattern().as_usize());
                }
            }
        }
    }
}

/// A search for any of a few literals from a point on.
#[derive(Debug, Clone)]
pub(crate) enum Scan {
    /// Teddy (SIMD), where the CPU and the literals allow: gigabytes a second.
    Packed(aho_corasick::packed::Searcher),
    /// Otherwise an Aho-Corasick automaton.
    Automaton(AhoCorasick),
}

impl Scan {
    /// The leftmost-longest occurrence. The automaton has no prefilter: the bytes one
    /// would skip to are too common in Vietnamese for it to pay.
    pub(crate) fn leftmost_longest(words: &[&str]) -> Result<Scan, String> {
        if let Some(p) = leftmost_longest_teddy(words) {
            return Ok(Scan::Packed(p));
        }
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .prefilter(false)
            .build(words)
            .map(Scan::Automaton)
            .map_err(|e| e.to_string())
    }

    /// An occurrence that holds no other one that starts at or after it: Teddy's
    /// shortest literal at the leftmost place one starts, or the automaton's occurrence
    /// that ends first.
    pub(crate) fn innermost(lits: &[Vec<u8>]) -> Result<Scan, String> {
        let mut shortest_first: Vec<&[u8]> = lits.iter().map(Vec::as_slice).collect();
        shortest_first.sort_by_key(|n| n.len());
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&shortest_first)
            .build();
        if let Some(p) = packed {
            return Ok(Scan::Packed(p));
        }
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(lits)
            .map(Scan::Automaton)
            .map_err(|e| e.to_string())
    }

    /// The occurrence, as the constructor says, starting at or after `from`.
    pub(crate) fn find(&self, hay: &str, from: usize) -> Option<aho_corasick::Match> {
        match self {
            Scan::Packed(p) => p.find_in(hay, aho_corasick::Span::from(from..hay.len())),
            Scan::Automaton(a) => a.find(aho_corasick::Input::new(hay).span(from..hay.len())),
        }
    }
}

/// A Teddy (SIMD) searcher for the leftmost-longest of `lits`, where the CPU and their
/// number allow one.
pub(crate) fn leftmost_longest_teddy<P: AsRef<[u8]>>(
    lits: &[P],
) -> Option<aho_corasick::packed::Searcher> {
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
        .builder()
        .extend(lits)
        .build()
}

/// For each of `lits`, the others that are its proper prefixes, longest first.
pub(crate) fn proper_prefixes<P: AsRef<[u8]>>(lits: &[P]) -> Vec<Vec<usize>> {
    lits.iter()
        .map(|l| {
            let l = l.as_ref();
            let mut v: Vec<usize> = (0..lits.len())
                .filter(|&k| lits[k].as_ref().len() < l.len() && l.starts_with(lits[k].as_ref()))
                .collect();
            v.sort_by_key(|&k| std::cmp::Reverse(lits[k].as_ref().len()));
            v
        })
        .collect()
}

/// An Aho-Corasick automaton that reports every occurrence of every literal, or None
/// for no literals. A DFA without prefilter: on Vietnamese text the bytes a prefilter
/// would skip to are too common for it to pay.
fn overlapping_automaton<P: AsRef<[u8]>>(lits: &[P]) -> Result<Option<AhoCorasick>, String> {
    if lits.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .prefilter(false)
        .build(lits)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The bytes a match of `h` can begin with, and whether it can be empty (then it can
/// begin with anything). Look-arounds take no byte; a char beyond ASCII may begin with
/// any byte that leads one.
fn first_bytes(h: &Hir) -> ([bool; 256], bool) {
    let mut set = [false; 256];
    let empty = match h.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(l) => match l.0.first() {
            Some(&b) => {
                set[b as usize] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                for b in (r.start() as u32)..=(r.end() as u32).min(0x7F) {
                    set[b as usize] = true;
                }
                // The lead byte grows with the code point within each encoded length.
                for (lo, hi, mark, shift) in [
                    (0x80, 0x7FF, 0xC0, 6),
                    (0x800, 0xFFFF, 0xE0, 12),
                    (0x10000, 0x10FFFF, 0xF0, 18),
                ] {
                    let (a, b) = ((r.start() as u32).max(lo), (r.end() as u32).min(hi));
                    if a <= b {
                        for lead in (mark | a >> shift)..=(mark | b >> shift) {
                            set[lead as usize] = true;
                        }
                    }
                }
            }
            false
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                set[r.start() as usize..=r.end() as usize]
                    .iter_mut()
                    .for_each(|x| *x = true);
            }
            false
        }
        HirKind::Repetition(r) => {
            let (sub, empty) = first_bytes(&r.sub);
            set = sub;
            empty || r.min == 0
        }
        HirKind::Capture(c) => {
            let (sub, empty) = first_bytes(&c.sub);
            set = sub;
            empty
        }
        HirKind::Concat(v) => {
            let mut empty = true;
            for x in v {
                let (sub, e) = first_bytes(x);
                set.iter_mut().zip(sub).for_each(|(a, b)| *a |= b);
                if !e {
                    empty = false;
                    break;
                }
            }
            empty
        }
        HirKind::Alternation(v) => {
            let mut empty = false;
            for x in v {
                let (sub, e) = first_bytes(x);
                set.iter_mut().zip(sub).for_each(|(a, b)| *a |= b);
                empty |= e;
            }
            empty
        }
    };
    (set, empty)
}

fn parse(pat: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pat)
        .map_err(|e| e.to_string())
}

/// Classes of at most this many chars are narrowed; a larger one (a negated class, a
/// Unicode category) matches the same either way, and listing it would be slow.
const NARROW_MAX: u32 = 64;

/// `h` with each small class reduced to the chars `only` accepts.
fn narrow(h: Hir, only: fn(char) -> bool) -> Hir {
    match h.into_kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let size: u32 = c
                .ranges()
                .iter()
                .map(|r| r.end() as u32 - r.start() as u32 + 1)
                .sum();
            if size > NARROW_MAX {
                return Hir::class(Class::Unicode(c));
            }
            let kept = c
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .filter(|&ch| only(ch))
                .map(|ch| ClassUnicodeRange::new(ch, ch));
            Hir::class(Class::Unicode(ClassUnicode::new(kept)))
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(narrow(*r.sub, only)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(narrow(*c.sub, only)),
            ..c
        }),
        HirKind::Concat(v) => Hir::concat(v.into_iter().map(|x| narrow(x, only)).collect()),
        HirKind::Alternation(v) => {
            Hir::alternation(v.into_iter().map(|x| narrow(x, only)).collect())
        }
        HirKind::Class(c) => Hir::class(c),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Look(l) => Hir::look(l),
    }
}

/// The groups of the match `s..e` of `re`. The match is known: the captures engine runs
/// on its span only. Both forms of a pattern have the same groups; the relaxed one,
/// without `\b`, runs on faster engines.
fn groups<'h>(hay: &'h str, s: usize, e: usize, re: &Regex) -> Option<Caps<'h>> {
    let mut caps = re.create_captures();
    let input = Input::new(hay).range(s..e).anchored(Anchored::Yes);
    re.search_captures(&input, &mut caps);
    caps.is_match().then_some(Caps { hay, caps })
}

/// Where the next search starts: past the match, and past one char for an empty match.
fn after(hay: &str, start: usize, end: usize) -> Option<usize> {
    if end > start {
        Some(end)
    } else if end < hay.len() {
        Some(next_boundary(hay, end))
    } else {
        None
    }
}

fn next_boundary(hay: &str, at: usize) -> usize {
    hay[at..]
        .chars()
        .next()
        .map_or(hay.len() + 1, |c| at + c.len_utf8())
}

/// A `\b` at `at` in `hay`, as the regex crate's Unicode word boundary.
pub(crate) fn boundary(hay: &str, at: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(crate::fold::is_word_char);
    word(hay[..at].chars().next_back()) != word(hay[at..].chars().next())
}

/// Whether a pattern is `\b`? R `\b`? with no other word boundary in R: (leading,
/// trailing).
fn outer_bounds(hir: &Hir) -> Option<(bool, bool)> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let is_b = |h: &Hir| matches!(h.kind(), HirKind::Look(Look::WordUnicode));
    let lead = parts.first().is_some_and(is_b);
    let trail = parts.len() > 1 && parts.last().is_some_and(is_b);
    let inner = &parts[usize::from(lead)..parts.len() - usize::from(trail)];
    let bounded_inside = inner.iter().any(|h| relax(h.clone()).1);
    (!bounded_inside && (lead || trail)).then_some((lead, trail))
}

/// The pattern with every Unicode word-boundary assertion replaced by "always true".
fn relax(h: Hir) -> (Hir, bool) {
    match h.into_kind() {
        HirKind::Look(l) => match l {
            Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode => (Hir::empty(), true),
            other => (Hir::look(other), false),
        },
        HirKind::Empty => (Hir::empty(), false),
        HirKind::Literal(l) => (Hir::literal(l.0), false),
        HirKind::Class(c) => (Hir::class(c), false),
        HirKind::Repetition(r) => {
            let (sub, changed) = relax(*r.sub);
            (
                Hir::repetition(Repetition {
                    sub: Box::new(sub),
                    ..r
                }),
                changed,
            )
        }
        HirKind::Capture(c) => {
            let (sub, changed) = relax(*c.sub);
            (
                Hir::capture(Capture {
                    sub: Box::new(sub),
                    ..c
                }),
                changed,
            )
        }
        HirKind::Concat(v) => {
            let (v, changed) = relax_all(v);
            (Hir::concat(v), changed)
        }
        HirKind::Alternation(v) => {
            let (v, changed) = relax_all(v);
            (Hir::alternation(v), changed)
        }
    }
}

fn relax_all(v: Vec<Hir>) -> (Vec<Hir>, bool) {
    let mut any = false;
    let v = v
        .into_iter()
        .map(|h| {
            let (h, c) = relax(h);
            any |= c;
            h
        })
        .collect();
    (v, any)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-step search must agree with the regex crate on every match.
    fn same(pat: &str, hay: &str) {
        let p = Pattern::new(pat).expect("pattern compiles");
        let r = regex::Regex::new(pat).expect("pattern compiles");
        let ours: Vec<(usize, usize)> = p.find_iter(hay).map(|m| (m.start(), m.end())).collect();
        let theirs: Vec<(usize, usize)> = r.find_iter(hay).map(|m| (m.start(), m.end())).collect();
        assert_eq!(ours, theirs, "{pat} on {hay:?}");
        let ours: Vec<Option<&str>> = p
            .captures_iter(hay)
            .map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        let theirs: Vec<Option<&str>> = r
            .captures_iter(hay)
            .map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        assert_eq!(ours, theirs, "{pat} on {hay:?}");
        let anchored = Regex::new(pat).expect("pattern compiles");
        for at in (0..=hay.len()).filter(|&i| hay.is_char_boundary(i)) {
            let ours = p.find_anchored(hay, at).map(|m| (m.start(), m.end()));
            let theirs = anchored
                .search(&Input::new(hay).range(at..).anchored(Anchored::Yes))
                .map(|m| (m.start(), m.end()));
            assert_eq!(ours, theirs, "{pat} anchored at {at} on {hay:?}");
        }
    }

    #[test]
    fn agrees_with_the_regex_crate() {
        let hay = "đến năm 2025, trênnăm 2030 về năm 2026;\n vềnăm 1999\n12 \nnăm 20251 năm\n";
        for pat in [
            r"\b(?:nă|năm)\b",
            r"\b(?:\d|\d\d)\b\s*(\d+)\b",
            r"(\d+)\b",
            r"\b\w+",
            r"\bnăm\s+(20\d\d)\b",
            r"(?i)\b(về|năm)\b",
            r"\b(\d+)",
            r"(\d)\b",
            r"\Bnăm",
            r"x?",
            r"(?i)NĂM\b",
            r"^đến\b",
            r"(?m)^\s*(\d+)\b",
            r"(?m)^[ \t]*\d{1,3}[ \t]*$",
            r"(?m)^(?:năm|\d)",
        ] {
            same(pat, hay);
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_on_any_text(hay in "[nămă2015 ,.xéế%\n-]{0,24}") {
            for pat in [
                r"\bnăm\s*(20\d\d)\b",
                r"\b(?:nă|năm|n)\b",
                r"\b(\d+(?:[.,]\d+)*)\s*%",
                r"(?:x|xé)\b",
                r"\b\d{1,2}\b\s*-\s*\b\d+",
                r"(?i)\bNĂM\b",
                r"(?m)^[ \t]*\d{1,3}[ \t]*$",
                r"(?m)^(\d{1,2}) \.(\d)",
                r"(?m)^\bnăm\b",
                r"(?m)^(?:ă|é|ế)+\s*\d?",
                r"(?m)^(?:\s*|x)\d",
                r"(?m)^[ăéế]\s*\d",
            ] {
                same(pat, &hay);
            }
        }

        #[test]
        fn matches_begin_with_their_first_bytes(hay in "[đa1٣５ⅷ.) –ứi\n]{0,12}") {
            for pat in [
                r"^\d{1,2}[.)]\s+",
                r"^[a-zđ][).]\s+",
                r"(?:[ivx]{1,4})\s*[-.–)]",
                r"\d|ứ",
                r"x?\d",
            ] {
                let first = Pattern::new(pat).expect("compiles").first_bytes();
                let re = regex::Regex::new(pat).expect("compiles");
                for m in re.find_iter(&hay).filter(|m| !m.is_empty()) {
                    let b = hay.as_bytes()[m.start()];
                    proptest::prop_assert!(first[usize::from(b)], "{} at {} of {:?}", pat, m.start(), hay);
                }
            }
        }
    }

    proptest::proptest! {
        /// On folded text, a rule narrowed to the chars folding leaves finds what the
        /// rule itself finds, however odd the text's letters.
        #[test]
        fn narrowed_rules_agree_on_folded_text(
            text in "[kKKsSſẞßİIıΣσςĐđỂểÁá 2019%,-]{0,30}",
        ) {
            let folded = crate::fold::fold(&text);
            for pat in [
                r"(?i)\bkinh tế\b",
                r"(?i)s[sß]?\s*(\d+)",
                r"(?i)(?:ı|i|σ)+",
                r"(?i)\b(?:để|đá|kı)\s*\d*%?",
            ] {
                let narrow = Pattern::new_within(pat, crate::fold::is_folded)
                    .expect("compiles");
                let plain = Pattern::new(pat).expect("compiles");
                let a: Vec<_> = narrow.find_iter(&folded).map(|m| (m.start(), m.end())).collect();
                let b: Vec<_> = plain.find_iter(&folded).map(|m| (m.start(), m.end())).collect();
                proptest::prop_assert_eq!(a, b, "{} on {:?}", pat, folded);
            }
        }
    }

    #[test]
    fn narrowing_keeps_only_the_chars_asked_for() {
        let p = Pattern::new_within(r"(?i)k", |c| c.is_lowercase()).expect("compiles");
        assert!(p.is_match("k"));
        assert!(!p.is_match("K") && !p.is_match("\u{212A}"));
    }

    #[test]
    fn a_set_answers_like_its_members() {
        let pats = [r"\bnăm\b", r"\d+%", r"(?i)\bvề\b", r"xyz", r"(?i)x[yz]"];
        let set = PatternSet::new(
            pats.iter()
                .map(|p| Pattern::new(p).expect("compiles"))
                .collect(),
        )
        .expect("set compiles");
        for hay in ["trênnăm 50%", "về năm", "vềx", "", "xyz", "50% xy"] {
            let matching = |i: usize| regex::Regex::new(pats[i]).expect("compiles").is_match(hay);
            let want = (0..pats.len()).find(|&i| matching(i));
            assert_eq!(set.first_matches(&[hay]), [want], "{hay}");
        }
        // Asked together, each haystack gets its own answer.
        let hays = ["xyz", "trênnăm 50%", "", "về năm", "50% xy", "xyz năm"];
        let one: Vec<_> = hays.iter().map(|h| set.first_matches(&[h])[0]).collect();
        assert_eq!(set.first_matches(&hays), one);
        assert_eq!(one, [Some(3), Some(1), None, Some(0), Some(1), Some(0)]);
    }

    proptest::proptest! {
        /// Chains (literal sets joined by `.*`) are answered without their regex, and
        /// answer as it does: where the earliest occurrence of a set is not the one
        /// that ends first ("xabcy" holds "bc"), across lines, next to patterns that
        /// are not chains.
        #[test]
        fn chains_answer_like_their_regexes(hay in "(xabcy|bc|y|a|b|c|x|\n| ){0,12}") {
            let pats = [
                r"(xabcy|bc).*y",
                r"b.*c.*?a",
                r"(ab|a)(c|bc)",
                r"\bab",
                r"c.*(.*x)?",
                r"a\nb",
                r"y.*y",
                r"(?i)X.*b",
            ];
            let set = PatternSet::new(
                pats.iter().map(|p| Pattern::new(p).expect("compiles")).collect(),
            )
            .expect("set compiles");
            let want = pats
                .iter()
                .position(|p| regex::Regex::new(p).expect("compiles").is_match(&hay));
            proptest::prop_assert_eq!(set.first_matches(&[&hay]), [want], "{:?}", hay);
        }
    }

    #[test]
    fn chains_are_literal_sets_joined_by_dot_star() {
        let sets = |p: &str| chain(Pattern::new(p).expect("compiles").hir());
        let b = |l: &[&str]| l.iter().map(|x| x.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(sets("ab"), Some(vec![b(&["ab"])]));
        assert_eq!(
            sets(".*a.*?(b|cd).*"),
            Some(vec![b(&["a"]), b(&["b", "cd"])])
        );
        assert_eq!(sets("x[- ]?y"), Some(vec![b(&["x y", "x-y", "xy"])]));
        // Not chains: a word boundary, an optional part holding `.*`, a repetition
        // without bound, a class too large to list, a `.` that crosses lines, a gap
        // of bounded length.
        for p in [
            r"\ba.*b", "a(.*b)?", "a+", "[a-z]x", "(?s)a.*b", "a.b", "a.{0,2}b",
        ] {
            assert_eq!(sets(p), None, "{p}");
        }
        let set =
            PatternSet::new(vec![Pattern::new("a.*b").expect("compiles")]).expect("set compiles");
        assert_eq!(
            set.first_matches(&["xaxbx", "a\nb", "ba"]),
            [Some(0), None, None]
        );
    }

    proptest::proptest! {
        /// Found point by point, the literals that occur are those an automaton that
        /// reports every occurrence finds, however they overlap or nest.
        #[test]
        fn literals_found_point_by_point_are_all_that_occur(hay in "(tỷ|tỷ lệ|lệ| |a|ab|b|bab|x){0,12}") {
            let lits: Vec<Vec<u8>> = ["tỷ lệ", "tỷ", "lệ", "ab", "b", "bab", "a", "aba", "ệ"]
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect();
            let found = |o: &Occurrences| {
                let mut v = Vec::new();
                o.each(&hay, |k| v.push(k));
                v.sort_unstable();
                v.dedup();
                v
            };
            let packed = Occurrences::new(&lits).expect("builds").expect("some");
            // Where the CPU has no Teddy, both are the automaton.
            let every = Occurrences::Every(
                overlapping_automaton(&lits).expect("builds").expect("some"),
            );
            proptest::prop_assert_eq!(found(&packed), found(&every), "{:?}", hay);
        }
    }

    proptest::proptest! {
        /// A gate says "no" only when none of its patterns matches.
        #[test]
        fn a_gate_never_hides_a_match(hay in "(vị trí|xếp hạng|nhóm| |1|2|/|63|x){0,8}") {
            let pats: Vec<Pattern> = [
                r"\b(?:vị trí|xếp hạng)\s+(?P<n>\d{1,2})\b",
                r"\bnhóm\s+(?P<n>\d)(?:/(?P<of>\d\d))?\b",
                r"\b\d/\d\b",
            ]
            .iter()
            .map(|p| Pattern::new(p).expect("compiles"))
            .collect();
            let gate = Gate::new(&pats).expect("gate compiles");
            let any = pats.iter().any(|p| p.is_match(&hay));
            proptest::prop_assert!(gate.may_match(&hay) || !any, "{:?}", hay);
            proptest::prop_assert!(!gate.may_match("xếp nhóm"));
        }
    }

    proptest::proptest! {
        /// The gate of an anchored set never hides a pattern: the answer is the first
        /// member, in order, with a non-empty match at the point.
        #[test]
        fn an_anchored_set_answers_like_its_members_in_order(
            hay in "[vàvăvề ,:đạt12x]{0,16}",
            at in 0usize..8,
        ) {
            let pats = [
                r"^\s*(?:và|về)\b\s*",
                r"\s*về\s[^,]{1,6}?,\s*",
                r"[^,]{0,8},\s*đạt\b",
                r"\s*\d+\s*:?",
                r"\bx",
                r"(?:và|v)",
            ];
            let set = AnchoredSet::new(
                pats.iter().map(|p| Pattern::new(p).expect("compiles")).collect(),
            )
            .expect("set compiles");
            // At the start, as the regex crate finds it.
            let want = pats.iter().enumerate().find_map(|(i, p)| {
                let re = regex::Regex::new(&format!(r"\A(?:{p})")).expect("compiles");
                let m = re.find(&hay)?;
                (m.end() > 0).then_some((i, m.end()))
            });
            let got = set.first_at(&hay, 0).map(|(i, m)| (i, m.end()));
            proptest::prop_assert_eq!(got, want, "{:?}", hay);
            // Further in, where look-behinds see the text before: as the members asked
            // one by one.
            if hay.is_char_boundary(at) {
                let want = set.patterns().iter().enumerate().find_map(|(i, p)| {
                    Some((i, p.find_anchored(&hay, at).filter(|m| m.end() > at)?))
                });
                proptest::prop_assert_eq!(set.first_at(&hay, at), want, "{:?} at {}", hay, at);
            }
        }
    }

    #[test]
    fn relaxes_only_word_boundaries() {
        assert!(Pattern::new(r"\bx").expect("compiles").relaxed.is_some());
        assert!(Pattern::new(r"^x$").expect("compiles").relaxed.is_none());
        assert!(Pattern::new(r"(").is_err());
    }
}
