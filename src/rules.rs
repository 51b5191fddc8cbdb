//! Rule files: loading, validation with `FILE:LINE:COL` errors, and compilation.
//!
//! Vocabulary lives in `rules/*.toml` and is embedded in the binary as the defaults;
//! `--rules DIR` replaces them. Everything is validated and compiled once into a
//! [`RuleSet`], which is then shared read-only by all workers.

use crate::error::RuleError;
use crate::fold::{fold, fold_pattern};
use crate::model::{Comparator, Pillar, Scope};
use crate::pattern::{boundary, AnchoredSet, Pattern, PatternSet, Scan};
use crate::reach::Near;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use toml::Spanned;

/// The rule files, in load order. Each is required.
pub const FILES: [&str; 8] = [
    "repairs.toml",
    "deadlines.toml",
    "comparators.toml",
    "sections.toml",
    "pillars.toml",
    "extract.toml",
    "provinces.toml",
    "indicators.toml",
];

const EMBEDDED: [(&str, &str); 8] = [
    ("repairs.toml", include_str!("../rules/repairs.toml")),
    ("deadlines.toml", include_str!("../rules/deadlines.toml")),
    (
        "comparators.toml",
        include_str!("../rules/comparators.toml"),
    ),
    ("sections.toml", include_str!("../rules/sections.toml")),
    ("pillars.toml", include_str!("../rules/pillars.toml")),
    ("extract.toml", include_str!("../rules/extract.toml")),
    ("provinces.toml", include_str!("../rules/provinces.toml")),
    ("indicators.toml", include_str!("../rules/indicators.toml")),
];

// ---------------------------------------------------------------- file shapes

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepairsFile {
    #[serde(default)]
    defs: BTreeMap<String, S>,
    #[serde(default)]
    repair: Vec<RepairDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepairDef {
    id: S,
    find: S,
    replace: String,
    #[serde(default)]
    only_if_unbalanced: bool,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlinesFile {
    #[serde(default)]
    defs: BTreeMap<String, S>,
    phrase: Vec<PhraseDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseDef {
    id: S,
    kind: S,
    pattern: S,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparatorsFile {
    comparator: Vec<ComparatorDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparatorDef {
    id: S,
    comparator: S,
    #[serde(default)]
    before: Vec<S>,
    #[serde(default)]
    after: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsFile {
    section: Vec<SectionDef>,
    furniture: FurnitureDef,
    kind: KindDef,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureDef {
    body_ends: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionDef {
    id: S,
    kind: S,
    words: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindDef {
    result_markers: Vec<S>,
    target_markers: Vec<S>,
    meta_after: Vec<S>,
    hypothetical: Vec<S>,
    national: Vec<S>,
    forward_words: Vec<S>,
    forward_after: Vec<S>,
    meta_subject: Vec<S>,
    local: Vec<S>,
    national_after: Vec<S>,
    breakdown: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PillarsFile {
    leadin: S,
    digital: Vec<S>,
    topic: Vec<S>,
    pillar: Vec<PillarDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PillarDef {
    id: S,
    pillar: S,
    names: Vec<S>,
    keywords: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractFile {
    leadins: Vec<S>,
    respectively: Vec<S>,
    share_of_national: Vec<S>,
    progress_link: S,
    tails: Vec<S>,
    trailing: Vec<S>,
    value_verbs: Vec<S>,
    predicates: Vec<S>,
    determiners: Vec<S>,
    relative_before: Vec<S>,
    relative_not: Vec<S>,
    relative_after: Vec<S>,
    annual: Vec<S>,
    scope: Vec<ScopeDef>,
    rank: Vec<RankDef>,
    count: CountDef,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeDef {
    id: S,
    scope: S,
    words: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RankDef {
    id: S,
    pattern: S,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountDef {
    not_nouns: Vec<S>,
    per_unit: Vec<S>,
    labels: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvincesFile {
    province: Vec<ProvinceDef>,
    doctype: Vec<DocTypeDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceDef {
    name: S,
    #[serde(default)]
    merged_into: Option<S>,
    #[serde(default)]
    aliases: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocTypeDef {
    doc_type: S,
    words: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorsFile {
    indicator: Vec<IndicatorDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorDef {
    id: S,
    label_vi: String,
    label_en: String,
    pillar: Option<S>,
    unit: S,
    patterns: Vec<S>,
    #[serde(default)]
    scope: bool,
}

// ---------------------------------------------------------------- compiled rules

/// A compiled list of words or phrases, matched on folded text at word boundaries.
///
/// It answers like the regex `\b(?:longest|...|shortest)\b` (a `\b` only on an edge
/// that is a letter or digit): the leftmost match, the longest entry there. Lexicons are
/// asked about short spans thousands of times per document, so the search is one
/// Aho-Corasick pass with the boundaries checked by hand, not a regex.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The longest entry that starts at a given point (an anchored search), as a DFA
    /// that can also be walked a byte at a time.
    anchored: Option<aho_corasick::dfa::DFA>,
    /// For each Aho-Corasick pattern: the patterns that are its proper prefixes, longest
    /// first, with their lengths. Where entries start, all are prefixes of the longest.
    shorter: Vec<Vec<(usize, usize)>>,
    /// The leftmost-longest occurrence: a fast scan to the next point worth a look.
    ll: Option<Scan>,
    /// For each Aho-Corasick pattern: its entry index and whether its first and last
    /// characters need a word boundary.
    entries: Vec<(usize, bool, bool)>,
    /// Bytes of the longest entry: how far back a match ending at a point can start.
    max_len: usize,
    /// The entries' bytes, reversed.
    reversed: Vec<Vec<u8>>,
    /// The reversed entries as an anchored automaton, walked back from a point to tell
    /// whether any entry ends there; made when first asked (few lists are).
    ends: OnceLock<Option<aho_corasick::nfa::contiguous::NFA>>,
}

impl Lexicon {
    pub(crate) fn new(words: &[String]) -> Result<Self, String> {
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        // The same word listed twice is one entry, its last index (as a map would keep).
        let mut last: HashMap<&str, usize> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            last.insert(w.as_str(), i);
        }
        let mut pats: Vec<&str> = Vec::new();
        let mut entries = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if last.get(w.as_str()) == Some(&i) && !w.is_empty() {
                pats.push(w);
                entries.push((i, edge(w.chars().next()), edge(w.chars().next_back())));
            }
        }
        let max_len = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let reversed = pats.iter().map(|p| p.bytes().rev().collect()).collect();
        if pats.is_empty() {
            return Ok(Lexicon {
                anchored: None,
                shorter: Vec::new(),
                ll: None,
                entries,
                max_len,
                reversed,
                ends: OnceLock::new(),
            });
        }
        let anchored = aho_corasick::dfa::DFA::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&pats)
            .map_err(|e| e.to_string())?;
        let shorter = crate::pattern::proper_prefixes(&pats)
            .into_iter()
            .map(|v| v.into_iter().map(|k| (k, pats[k].len())).collect())
            .collect();
        Ok(Lexicon {
            anchored: Some(anchored),
            shorter,
            ll: Some(Scan::leftmost_longest(&pats)?),
            entries,
            max_len,
            reversed,
            ends: OnceLock::new(),
        })
    }

    /// The leftmost, then longest, entry that starts at or after `from` and ends by
    /// `hay.len()`, its boundaries checked against the whole of `hay`.
    fn first_from(&self, hay: &str, from: usize) -> Option<(usize, usize, usize)> {
        let ll = self.ll.as_ref()?;
        let mut pos = from;
        while pos <= hay.len() {
            // The leftmost point where any entry occurs, bounded or not.
            // The leftmost point where any entry occurs, and the longest entry there.
            let m = ll.find(hay, pos)?;
            let s = m.start();
            if let Some((e, i)) = self.bounded_at(hay, s, m.pattern().as_usize(), m.len()) {
                return Some((s, e, i));
            }
            pos = s + hay[s..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// The entry that starts exactly at `at`, longest first, as (end, entry index).
    pub fn prefix_at(&self, hay: &str, at: usize) -> Option<(usize, usize)> {
        use aho_corasick::automaton::Automaton;
        let ac = self.anchored.as_ref()?;
        let input = aho_corasick::Input::new(hay)
            .span(at..hay.len())
            .anchored(aho_corasick::Anchored::Yes);
        let m = ac.try_find(&input).ok()??;
        self.bounded_at(hay, at, m.pattern().as_usize(), m.len())
    }

    /// `prefix_at(map(s), 0)` where `map` maps each char of `s` on its own, and a word
    /// may start at `s`'s start: the entry, longest first, as (where it ends in `s`,
    /// entry index). Only as many chars are mapped as the entries can still match.
    pub fn prefix_mapped(&self, s: &str, map: impl Fn(char) -> char) -> Option<(usize, usize)> {
        use aho_corasick::automaton::Automaton;
        let dfa = self.anchored.as_ref()?;
        let anchored = aho_corasick::Anchored::Yes;
        let mut sid = dfa.start_state(anchored).ok()?;
        // The last entry matched, and how many bytes of the mapped chars it spans.
        let mut longest = None;
        let mut len = 0;
        let mut buf = [0u8; 4];
        let bytes = s.as_bytes();
        let mut at = 0;
        // Mostly it dies in a few bytes: ASCII is taken without decoding.
        'walk: while let Some(&x) = bytes.get(at) {
            let c = if x < 0x80 {
                char::from(x)
            } else {
                match s.get(at..).and_then(|r| r.chars().next()) {
                    Some(c) => c,
                    None => break,
                }
            };
            at += c.len_utf8();
            for &b in map(c).encode_utf8(&mut buf).as_bytes() {
                sid = dfa.next_state(anchored, sid, b);
                len += 1;
                if dfa.is_dead(sid) {
                    break 'walk;
                }
                if dfa.is_match(sid) {
                    longest = Some((dfa.match_pattern(sid, 0).as_usize(), len));
                }
            }
        }
        let (k, klen) = longest?;
        // Where `len` bytes of mapped chars end in `s`, and the mapped char after them.
        let end_of = |len: usize| {
            let mut mapped = 0;
            let mut chars = s.char_indices().map(|(i, c)| (i, map(c)));
            while mapped < len {
                mapped += chars.next()?.1.len_utf8();
            }
            let next = chars.next();
            Some((next.map_or(s.len(), |n| n.0), next.map(|n| n.1)))
        };
        std::iter::once((k, klen))
            .chain(self.shorter.get(k)?.iter().copied())
            .find_map(|(j, len)| {
                let &(i, _, right) = self.entries.get(j)?;
                let (end, next) = end_of(len)?;
                let bounded = !right || !next.is_some_and(crate::fold::is_word_char);
                bounded.then_some((end, i))
            })
    }

    /// Given pattern `k`, `len` bytes, as the longest entry starting at `at`: that
    /// entry, or else the longest of its prefixes that are entries, whose boundaries
    /// hold, as (end, entry index).
    fn bounded_at(&self, hay: &str, at: usize, k: usize, len: usize) -> Option<(usize, usize)> {
        std::iter::once((k, len))
            .chain(self.shorter.get(k)?.iter().copied())
            .find_map(|(j, len)| {
                let &(i, left, right) = self.entries.get(j)?;
                let end = at + len;
                ((!left || boundary(hay, at)) && (!right || boundary(hay, end))).then_some((end, i))
            })
    }

    /// The entry that ends exactly at `end`, earliest start first, as (start, index).
    /// Like the regex on `hay[..end]` searched from `max_len` bytes back: the matches
    /// found one after another there, the first that ends at `end`.
    pub fn suffix_at(&self, hay: &str, end: usize) -> Option<(usize, usize)> {
        // Mostly no entry ends there at all, which a few bytes walked back tell.
        if !self.may_end_at(hay.as_bytes().get(..end)?) {
            return None;
        }
        let mut from = end.saturating_sub(self.max_len);
        while !hay.is_char_boundary(from) {
            from -= 1;
        }
        let hay = &hay[..end];
        while let Some((s, e, i)) = self.first_from(hay, from) {
            if e == end {
                return Some((s, i));
            }
            from = e;
        }
        None
    }

    /// Whether an entry ends `hay` (boundaries aside).
    fn may_end_at(&self, hay: &[u8]) -> bool {
        use aho_corasick::automaton::Automaton;
        let ends = self.ends.get_or_init(|| {
            aho_corasick::nfa::contiguous::NFA::builder()
                .build(&self.reversed)
                .ok()
        });
        // Without the automaton (it could not be built), the full search decides.
        let Some(nfa) = ends else { return true };
        let anchored = aho_corasick::Anchored::Yes;
        let Ok(mut sid) = nfa.start_state(anchored) else {
            return true;
        };
        for &b in hay.iter().rev() {
            sid = nfa.next_state(anchored, sid, b);
            if nfa.is_match(sid) {
                return true;
            }
            if nfa.is_dead(sid) {
                return false;
            }
        }
        false
    }

    /// All matches in `hay` (folded), one after another, as (start, end, entry index).
    pub fn find_iter<'a>(
        &'a self,
        hay: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let mut from = Some(0);
        std::iter::from_fn(move || {
            let m = self.first_from(hay, from?)?;
            from = Some(m.1);
            Some(m)
        })
    }

    pub fn find(&self, hay: &str) -> Option<(usize, usize, usize)> {
        self.first_from(hay, 0)
    }

    pub fn contains(&self, hay: &str) -> bool {
        self.find(hay).is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Repair {
    pub id: String,
    pub find: Pattern,
    pub replace: String,
    pub only_if_unbalanced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// "đến năm 2025": the year a target is due.
    Deadline,
    /// "giai đoạn 2021 – 2025": a period; its end is a deadline.
    Period,
    /// "định hướng đến năm 2030": the horizon of a programme, not a deadline.
    Vision,
    /// "so với năm 2020": a base year.
    Base,
    /// "ngày 25/02/2022": a date, never a deadline.
    Date,
}

#[derive(Debug, Clone)]
pub struct PhraseRule {
    pub id: String,
    pub kind: PhraseKind,
    pub re: Pattern,
    /// Its groups `year` and `start`, by index: asked of every phrase found.
    pub year: usize,
    pub start: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Situation,
    Objectives,
    Tasks,
    Organization,
    Viewpoint,
}

#[derive(Debug, Clone)]
pub struct RankRule {
    pub id: String,
    pub re: Pattern,
}

#[derive(Debug, Clone)]
pub struct Province {
    pub name: String,
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    pub pillar: Option<Pillar>,
    pub unit: crate::model::Unit,
    pub patterns: Vec<Pattern>,
    pub scoped: bool,
}

/// Everything the pipeline knows, compiled once.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub source: String,
    pub hash: String,
    pub repairs: Vec<Repair>,
    /// Where each repair can match: those that start with something common are looked
    /// for only near a rarer literal their matches hold (a year, "sổ").
    pub repairs_near: Near,
    pub phrases: Vec<PhraseRule>,
    /// Where each year phrase can match: around years only.
    pub phrases_near: Near,
    /// Comparator words before the number; the payload is (rule id, comparator).
    pub cmp_before: Lexicon,
    pub cmp_before_info: Vec<(String, Comparator)>,
    pub cmp_after: Lexicon,
    pub cmp_after_info: Vec<(String, Comparator)>,
    pub sections: Vec<(String, SectionKind, Lexicon)>,
    pub result_markers: Lexicon,
    pub target_markers: Lexicon,
    pub meta_after: Lexicon,
    pub hypothetical: Lexicon,
    pub national: Lexicon,
    /// A line that is only one of these ends the body of a web page ("Tin khác:").
    pub body_ends: Lexicon,
    /// Words that look forward: a rank after them is a target, not a position reached.
    pub forward_words: Lexicon,
    /// After a value in its clause: a deadline that makes it look forward.
    pub forward_after: Lexicon,
    pub local: Lexicon,
    /// Before a number in its sentence: a count of the plan's own targets or tasks.
    pub meta_subject: Vec<Pattern>,
    pub national_after: Lexicon,
    pub breakdown: Lexicon,
    pub pillar_leadin: Pattern,
    /// (rule id, pillar)
    pub pillars: Vec<(String, Pillar)>,
    pub pillar_names: Lexicon,
    pub pillar_names_info: Vec<usize>,
    pub pillar_keywords: Lexicon,
    pub pillar_keywords_info: Vec<usize>,
    /// Words that make an indicator digital ("điện tử", "trực tuyến", "cáp quang").
    pub digital_words: Lexicon,
    /// Words that make a document one about digital transformation.
    pub topic_words: Lexicon,
    pub leadins: crate::pattern::AnchoredSet,
    pub tails: Vec<Pattern>,
    pub trailing: Lexicon,
    pub value_verbs: Lexicon,
    /// "lần lượt", "tương ứng": the values that follow go one to each listed level.
    pub respectively: Lexicon,
    /// The words between a result and its target ("(vượt mục tiêu ít nhất").
    pub progress_link: Pattern,
    /// Right after a percentage: a national total it is a share of ("tổng ... cả nước").
    pub share_of_national: Vec<Pattern>,
    pub predicates: Lexicon,
    pub determiners: Lexicon,
    pub relative_before: Lexicon,
    pub relative_not: Lexicon,
    pub relative_after: Lexicon,
    pub annual: Lexicon,
    pub scopes: Lexicon,
    pub scopes_info: Vec<(String, Scope)>,
    pub ranks: Vec<RankRule>,
    /// Whether any rank pattern may match a sentence.
    pub rank_gate: crate::pattern::Gate,
    pub count_not_nouns: Lexicon,
    pub count_per_unit: Lexicon,
    pub count_labels: Lexicon,
    pub provinces: Vec<Province>,
    /// Folded and ascii-folded forms of every province name and alias, to province index.
    pub province_names: Vec<(String, usize)>,
    /// Finds any of `province_names` in ascii-folded text; `province_of` gives the
    /// province of each of its entries.
    pub province_lex: Lexicon,
    pub province_of: Vec<usize>,
    pub doctypes: Vec<(crate::model::DocType, Lexicon)>,
    pub indicators: Vec<Indicator>,
    /// The indicator patterns of each unit, one set per unit (a smaller set is a
    /// smaller automaton), with the indicator of each pattern.
    pub indicator_sets: Vec<(crate::model::Unit, PatternSet, Vec<usize>)>,
}

// ---------------------------------------------------------------- loading

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> RuleError {
        let (line, col) = line_col(self.src, span.start);
        RuleError {
            file: self.file.to_string(),
            line,
            col,
            message: msg.into(),
        }
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, RuleError> {
        toml::from_str(self.src).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            self.err(span, e.message().trim().to_string())
        })
    }

    fn words(&self, list: &[S], what: &str) -> Result<Lexicon, RuleError> {
        let mut out = Vec::new();
        for w in list {
            let f = fold(w.get_ref().trim());
            if f.is_empty() {
                return Err(self.err(w.span(), format!("empty {what}: it would match everywhere")));
            }
            out.push(f);
        }
        Lexicon::new(&out).map_err(|e| self.err(0..0, format!("{what}s do not compile: {e}")))
    }

    fn regex(&self, p: &S, defs: &BTreeMap<String, String>) -> Result<Pattern, RuleError> {
        let expanded = expand_defs(p.get_ref(), defs).map_err(|m| self.err(p.span(), m))?;
        // Rules match folded text: its capitals are the only cases they need not see.
        let re = Pattern::new_within(
            &format!("(?i){}", fold_pattern(&expanded)),
            crate::fold::is_folded,
        )
        .map_err(|e| {
            self.err(
                p.span(),
                format!("invalid regex: {}", one_line(&e.to_string())),
            )
        })?;
        if re.is_match("") {
            return Err(self.err(p.span(), "pattern matches the empty string"));
        }
        Ok(re)
    }

    /// Each pattern of a list, compiled as `regex` does (no `[defs]`).
    fn regexes(&self, ps: &[S]) -> Result<Vec<Pattern>, RuleError> {
        ps.iter().map(|p| self.regex(p, &BTreeMap::new())).collect()
    }

    fn ids(&self, seen: &mut HashSet<String>, id: &S) -> Result<String, RuleError> {
        let v = id.get_ref().trim().to_string();
        if v.is_empty() {
            return Err(self.err(id.span(), "empty id"));
        }
        if !seen.insert(v.clone()) {
            return Err(self.err(id.span(), format!("duplicate id '{v}'")));
        }
        Ok(v)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(src.len());
    let before = &src[..src.floor_char_boundary_compat(byte)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Replaces `{{name}}` with the named sub-pattern from `[defs]`.
fn expand_defs(p: &str, defs: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let j = after
            .find("}}")
            .ok_or_else(|| "unclosed '{{' in pattern".to_string())?;
        let name = after[..j].trim();
        let def = defs.get(name).ok_or_else(|| {
            format!("unknown sub-pattern '{{{{{name}}}}}' (define it under [defs])")
        })?;
        out.push_str(def);
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn parse_comparator(s: &str) -> Option<Comparator> {
    Some(match s {
        "eq" => Comparator::Eq,
        "gte" => Comparator::Gte,
        "gt" => Comparator::Gt,
        "lte" => Comparator::Lte,
        "lt" => Comparator::Lt,
        "approx" => Comparator::Approx,
        _ => return None,
    })
}

pub fn parse_pillar(s: &str) -> Option<Pillar> {
    Some(match s {
        "digital_government" => Pillar::DigitalGovernment,
        "digital_economy" => Pillar::DigitalEconomy,
        "digital_society" => Pillar::DigitalSociety,
        _ => return None,
    })
}

impl RuleSet {
    /// The rules compiled into the binary.
    pub fn embedded() -> Result<RuleSet, RuleError> {
        let files: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        Self::from_sources("embedded", &files)
    }

    /// Loads every rule file from `dir`; all of [`FILES`] must be there.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let mut files = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            let src = std::fs::read_to_string(&path).map_err(|e| RuleError {
                file: path.display().to_string(),
                line: 0,
                col: 0,
                message: format!("cannot read rule file: {e}"),
            })?;
            files.push((path.display().to_string(), src));
        }
        Self::from_sources(&dir.display().to_string(), &files)
    }

    /// Compiles rule files given as (file name, contents), in the order of [`FILES`].
    pub fn from_sources(origin: &str, files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        // Start-up runs on one core before the documents can, and the lead-ins are a
        // third of it: another worker compiles them meanwhile. The rest, the larger
        // part, goes first, on this worker: the other may be busy (`warm_up`) and takes
        // the lead-ins when it is free.
        let (rules, leadins) = rayon::join(
            || Self::all_but_leadins(origin, files),
            || Self::leadins(files),
        );
        match (rules, leadins) {
            (Ok(mut rules), Ok(leadins)) => {
                rules.leadins = leadins;
                Ok(rules)
            }
            // Of two errors, the one a reader of the files meets first.
            (Err(a), Err(b)) => {
                let at = |e: &RuleError| {
                    let file = files.iter().position(|(name, _)| *name == e.file);
                    (file, e.line, e.col)
                };
                Err(if at(&b) < at(&a) { b } else { a })
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }

    /// The lead-ins of the extraction rules (the sixth file), tried at a subject's start.
    fn leadins(files: &[(String, String)]) -> Result<AnchoredSet, RuleError> {
        let c = Ctx {
            file: &files[5].0,
            src: &files[5].1,
        };
        let f: ExtractFile = c.parse()?;
        AnchoredSet::new(c.regexes(&f.leadins)?)
            .map_err(|e| c.err(0..0, format!("lead-ins do not compile together: {e}")))
    }

    /// Every rule but the lead-ins, which are left empty.
    fn all_but_leadins(origin: &str, files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let get = |i: usize| Ctx {
            file: &files[i].0,
            src: &files[i].1,
        };
        let mut h = Sha256::new();
        for (_, src) in files {
            h.update(src.as_bytes());
            h.update([0]);
        }
        let hash = hex(&h.finalize());
        let mut seen = HashSet::new();

        // repairs
        let c = get(0);
        let f: RepairsFile = c.parse()?;
        let defs = plain_defs(&f.defs);
        let mut repairs = Vec::new();
        for r in &f.repair {
            let _ = &r.description;
            let id = c.ids(&mut seen, &r.id)?;
            // Repairs work on the text with its diacritics, not the folded form.
            let expanded =
                expand_defs(r.find.get_ref(), &defs).map_err(|m| c.err(r.find.span(), m))?;
            let find = Pattern::new(&expanded).map_err(|e| {
                c.err(
                    r.find.span(),
                    format!("invalid regex: {}", one_line(&e.to_string())),
                )
            })?;
            if find.is_match("") {
                return Err(c.err(r.find.span(), "pattern matches the empty string"));
            }
            repairs.push(Repair {
                id,
                find,
                replace: r.replace.clone(),
                only_if_unbalanced: r.only_if_unbalanced,
            });
        }
        let repairs_near = Near::new(repairs.iter().map(|r| &r.find)).map_err(|e| {
            c.err(
                0..0,
                format!("repair patterns do not compile together: {e}"),
            )
        })?;

        // deadlines
        let c = get(1);
        let f: DeadlinesFile = c.parse()?;
        let defs = plain_defs(&f.defs);
        let mut phrases = Vec::new();
        for p in &f.phrase {
            let _ = &p.description;
            let id = c.ids(&mut seen, &p.id)?;
            let kind = match p.kind.get_ref().as_str() {
                "deadline" => PhraseKind::Deadline,
                "period" => PhraseKind::Period,
                "vision" => PhraseKind::Vision,
                "base" => PhraseKind::Base,
                "date" => PhraseKind::Date,
                other => {
                    return Err(c.err(
                        p.kind.span(),
                        format!("unknown kind '{other}' (deadline, period, vision, base, date)"),
                    ))
                }
            };
            let re = c.regex(&p.pattern, &defs)?;
            let Some(year) = re.group("year") else {
                return Err(c.err(p.pattern.span(), "pattern needs a named group 'year'"));
            };
            let start = re.group("start");
            phrases.push(PhraseRule {
                id,
                kind,
                re,
                year,
                start,
            });
        }
        let phrases_near = Near::new(phrases.iter().map(|r| &r.re))
            .map_err(|e| c.err(0..0, format!("year phrases do not compile together: {e}")))?;

        // comparators
        let c = get(2);
        let f: ComparatorsFile = c.parse()?;
        let (mut bw, mut bi, mut aw, mut ai) = (vec![], vec![], vec![], vec![]);
        for d in &f.comparator {
            let id = c.ids(&mut seen, &d.id)?;
            let cmp = parse_comparator(d.comparator.get_ref()).ok_or_else(|| {
                c.err(
                    d.comparator.span(),
                    format!(
                        "unknown comparator '{}' (eq, gte, gt, lte, lt, approx)",
                        d.comparator.get_ref()
                    ),
                )
            })?;
            for w in &d.before {
                bw.push(w.clone());
                bi.push((id.clone(), cmp));
            }
            for w in &d.after {
                aw.push(w.clone());
                ai.push((id.clone(), cmp));
            }
        }
        let cmp_before = c.words(&bw, "comparator word")?;
        let cmp_after = c.words(&aw, "comparator word")?;

        // sections and kinds
        let c = get(3);
        let f: SectionsFile = c.parse()?;
        let mut sections = Vec::new();
        for s in &f.section {
            let id = c.ids(&mut seen, &s.id)?;
            let kind = match s.kind.get_ref().as_str() {
                "situation" => SectionKind::Situation,
                "objectives" => SectionKind::Objectives,
                "tasks" => SectionKind::Tasks,
                "organization" => SectionKind::Organization,
                "viewpoint" => SectionKind::Viewpoint,
                other => {
                    return Err(c.err(
                        s.kind.span(),
                        format!("unknown section kind '{other}' (situation, objectives, tasks, organization, viewpoint)"),
                    ))
                }
            };
            sections.push((id, kind, c.words(&s.words, "section word")?));
        }
        let k = &f.kind;
        let result_markers = c.words(&k.result_markers, "marker")?;
        let target_markers = c.words(&k.target_markers, "marker")?;
        let meta_after = c.words(&k.meta_after, "marker")?;
        let hypothetical = c.words(&k.hypothetical, "marker")?;
        let national = c.words(&k.national, "marker")?;
        let body_ends = c.words(&f.furniture.body_ends, "marker")?;
        let forward_words = c.words(&k.forward_words, "marker")?;
        let forward_after = c.words(&k.forward_after, "marker")?;
        let local = c.words(&k.local, "marker")?;
        let meta_subject = c.regexes(&k.meta_subject)?;
        let national_after = c.words(&k.national_after, "marker")?;
        let breakdown = c.words(&k.breakdown, "marker")?;

        // pillars
        let c = get(4);
        let f: PillarsFile = c.parse()?;
        let mut pillars = Vec::new();
        let (mut names, mut names_info, mut kws, mut kws_info) = (vec![], vec![], vec![], vec![]);
        for (i, p) in f.pillar.iter().enumerate() {
            let id = c.ids(&mut seen, &p.id)?;
            let pillar = parse_pillar(p.pillar.get_ref()).ok_or_else(|| {
                c.err(
                    p.pillar.span(),
                    format!(
                        "unknown pillar '{}' (digital_government, digital_economy, digital_society)",
                        p.pillar.get_ref()
                    ),
                )
            })?;
            for n in &p.names {
                names.push(n.clone());
                names_info.push(i);
            }
            for n in &p.keywords {
                kws.push(n.clone());
                kws_info.push(i);
            }
            pillars.push((id, pillar));
        }
        let pillar_names = c.words(&names, "pillar name")?;
        let pillar_keywords = c.words(&kws, "keyword")?;
        let pillar_leadin = c.regex(&f.leadin, &BTreeMap::new())?;
        let digital_words = c.words(&f.digital, "digital word")?;
        let topic_words = c.words(&f.topic, "topic word")?;

        // extraction vocabulary
        let c = get(5);
        let f: ExtractFile = c.parse()?;
        // Compiled beside the rest (`from_sources`): none yet.
        let leadins = AnchoredSet::new(Vec::new())
            .map_err(|e| c.err(0..0, format!("lead-ins do not compile together: {e}")))?;
        let tails = c.regexes(&f.tails)?;
        let mut scope_words = vec![];
        let mut scopes_info = vec![];
        for s in &f.scope {
            let id = c.ids(&mut seen, &s.id)?;
            let scope = match s.scope.get_ref().as_str() {
                "province" => Scope::Province,
                "district" => Scope::District,
                "commune" => Scope::Commune,
                other => {
                    return Err(c.err(
                        s.scope.span(),
                        format!("unknown scope '{other}' (province, district, commune)"),
                    ))
                }
            };
            for w in &s.words {
                scope_words.push(w.clone());
                scopes_info.push((id.clone(), scope));
            }
        }
        let mut ranks = Vec::new();
        for r in &f.rank {
            let id = c.ids(&mut seen, &r.id)?;
            let re = c.regex(&r.pattern, &BTreeMap::new())?;
            if re.group("n").is_none() {
                return Err(c.err(r.pattern.span(), "rank pattern needs a named group 'n'"));
            }
            ranks.push(RankRule { id, re });
        }
        let rank_gate = crate::pattern::Gate::new(ranks.iter().map(|r| &r.re))
            .map_err(|e| c.err(0..0, format!("rank patterns do not compile together: {e}")))?;

        let value_verbs = c.words(&f.value_verbs, "word")?;
        let respectively = c.words(&f.respectively, "word")?;
        let progress_link = c.regex(&f.progress_link, &BTreeMap::new())?;
        let share_of_national = c.regexes(&f.share_of_national)?;
        let extract = (
            c.words(&f.trailing, "word")?,
            c.words(&f.predicates, "word")?,
            c.words(&f.determiners, "word")?,
            c.words(&f.relative_before, "word")?,
            c.words(&f.relative_not, "word")?,
            c.words(&f.relative_after, "word")?,
            c.words(&f.annual, "word")?,
            c.words(&scope_words, "word")?,
            c.words(&f.count.not_nouns, "word")?,
            c.words(&f.count.per_unit, "word")?,
            c.words(&f.count.labels, "word")?,
        );

        // provinces and document types
        let c = get(6);
        let f: ProvincesFile = c.parse()?;
        let mut provinces = Vec::new();
        let mut province_names = Vec::new();
        let mut pseen = HashSet::new();
        for p in &f.province {
            let name = p.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(c.err(p.name.span(), "empty province name"));
            }
            if !pseen.insert(name.clone()) {
                return Err(c.err(p.name.span(), format!("duplicate province '{name}'")));
            }
            let idx = provinces.len();
            for n in std::iter::once(&p.name).chain(p.aliases.iter()) {
                let s = n.get_ref().trim();
                if s.is_empty() {
                    return Err(c.err(n.span(), "empty province alias"));
                }
                province_names.push((crate::fold::ascii_fold(s), idx));
            }
            provinces.push(Province {
                name,
                merged_into: p
                    .merged_into
                    .as_ref()
                    .map(|m| m.get_ref().trim().to_string()),
            });
        }
        for p in &f.province {
            if let Some(m) = &p.merged_into {
                if !pseen.contains(m.get_ref().trim()) {
                    return Err(c.err(
                        m.span(),
                        format!("merged_into names an unknown province '{}'", m.get_ref()),
                    ));
                }
            }
        }
        // A name listed twice answers for the province that listed it first.
        let (mut names, mut province_of): (Vec<String>, Vec<usize>) = (Vec::new(), Vec::new());
        for (n, idx) in &province_names {
            if !names.contains(n) {
                names.push(n.clone());
                province_of.push(*idx);
            }
        }
        let province_lex = Lexicon::new(&names)
            .map_err(|e| c.err(0..0, format!("province names do not compile: {e}")))?;
        let mut doctypes = Vec::new();
        for d in &f.doctype {
            use crate::model::DocType::*;
            let t = match d.doc_type.get_ref().as_str() {
                "resolution" => Resolution,
                "decision" => Decision,
                "plan" => Plan,
                "scheme" => Scheme,
                "report" => Report,
                "news" => News,
                other => {
                    return Err(c.err(
                        d.doc_type.span(),
                        format!("unknown doc_type '{other}' (resolution, decision, plan, scheme, report, news)"),
                    ))
                }
            };
            doctypes.push((t, c.words(&d.words, "word")?));
        }

        // canonical indicators
        let c = get(7);
        let f: IndicatorsFile = c.parse()?;
        // Their patterns, most of this file's work, compile on any worker that is free
        // (the other may have finished its part of start-up); an error is reported
        // where the loop below meets it.
        let mut compiled = {
            use rayon::prelude::*;
            let each: Vec<_> = f
                .indicator
                .par_iter()
                .map(|d| c.regexes(&d.patterns))
                .collect();
            each.into_iter()
        };
        let mut indicators = Vec::new();
        for d in &f.indicator {
            let id = c.ids(&mut seen, &d.id)?;
            if !id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            {
                return Err(c.err(
                    d.id.span(),
                    format!("indicator id '{id}' must be snake_case ASCII"),
                ));
            }
            let pillar =
                match &d.pillar {
                    None => None,
                    Some(p) => Some(parse_pillar(p.get_ref()).ok_or_else(|| {
                        c.err(p.span(), format!("unknown pillar '{}'", p.get_ref()))
                    })?),
                };
            let unit = match d.unit.get_ref().as_str() {
                "percent" => crate::model::Unit::Percent,
                "rank" => crate::model::Unit::Rank,
                "count" => crate::model::Unit::Count,
                other => {
                    return Err(c.err(
                        d.unit.span(),
                        format!("unknown unit '{other}' (percent, rank, count)"),
                    ))
                }
            };
            let patterns = compiled.next().unwrap_or_else(|| c.regexes(&d.patterns))?;
            indicators.push(Indicator {
                id,
                label_vi: d.label_vi.clone(),
                label_en: d.label_en.clone(),
                pillar,
                unit,
                patterns,
                scoped: d.scope,
            });
        }

        let mut indicator_sets = Vec::new();
        let mut units = Vec::new();
        for i in &indicators {
            if !units.contains(&i.unit) {
                units.push(i.unit);
            }
        }
        for unit in units {
            let mut of = Vec::new();
            let mut all = Vec::new();
            for (k, ind) in indicators
                .iter()
                .enumerate()
                .filter(|(_, i)| i.unit == unit)
            {
                for p in &ind.patterns {
                    of.push(k);
                    all.push(p.clone());
                }
            }
            let set = PatternSet::new(all).map_err(|e| {
                c.err(
                    0..0,
                    format!("indicator patterns do not compile together: {e}"),
                )
            })?;
            indicator_sets.push((unit, set, of));
        }

        let (
            trailing,
            predicates,
            determiners,
            relative_before,
            relative_not,
            relative_after,
            annual,
            scopes,
            count_not_nouns,
            count_per_unit,
            count_labels,
        ) = extract;
        Ok(RuleSet {
            source: origin.to_string(),
            hash,
            repairs_near,
            repairs,
            phrases_near,
            phrases,
            cmp_before,
            cmp_before_info: bi,
            cmp_after,
            cmp_after_info: ai,
            sections,
            result_markers,
            target_markers,
            meta_after,
            hypothetical,
            national,
            body_ends,
            forward_words,
            forward_after,
            local,
            meta_subject,
            national_after,
            breakdown,
            pillar_leadin,
            pillars,
            pillar_names,
            pillar_names_info: names_info,
            pillar_keywords,
            pillar_keywords_info: kws_info,
            digital_words,
            topic_words,
            leadins,
            tails,
            trailing,
            value_verbs,
            respectively,
            progress_link,
            share_of_national,
            predicates,
            determiners,
            relative_before,
            relative_not,
            relative_after,
            annual,
            scopes,
            scopes_info,
            rank_gate,
            ranks,
            count_not_nouns,
            count_per_unit,
            count_labels,
            provinces,
            province_names,
            province_lex,
            province_of,
            doctypes,
            indicators,
            indicator_sets,
        })
    }

    /// "embedded sha256:…" or "DIR sha256:…", for the output's generator block.
    pub fn describe(&self) -> String {
        format!("{} sha256:{}", self.source, &self.hash[..16])
    }
}

fn plain_defs(d: &BTreeMap<String, S>) -> BTreeMap<String, String> {
    d.iter()
        .map(|(k, v)| (k.clone(), v.get_ref().clone()))
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_compile() {
        let r = RuleSet::embedded().unwrap();
        assert!(!r.phrases.is_empty());
        assert!(r.provinces.len() >= 63);
    }

    #[test]
    fn lexicon_longest_first_and_word_bounded() {
        let l = Lexicon::new(&[fold("vượt"), fold("không vượt quá")]).expect("compiles");
        let (s, e, i) = l.find(&fold("tỷ lệ không vượt quá 5%")).unwrap();
        assert_eq!(i, 1);
        assert_eq!(
            &fold("tỷ lệ không vượt quá 5%")[s..e],
            fold("không vượt quá")
        );
        assert!(!Lexicon::new(&[fold("xã")])
            .expect("compiles")
            .contains(&fold("xãhội")));
    }

    /// The regex a lexicon stands for, as it was first written: an alternation,
    /// longest entry first, with `\b` on each letter or digit edge.
    fn lexicon_regex(words: &[String]) -> regex::Regex {
        let mut sorted: Vec<&String> = words.iter().collect();
        sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let alt: Vec<String> = sorted
            .iter()
            .map(|w| {
                let b = |c| if edge(c) { r"\b" } else { "" };
                format!(
                    "{}{}{}",
                    b(w.chars().next()),
                    regex::escape(w),
                    b(w.chars().next_back())
                )
            })
            .collect();
        regex::Regex::new(&alt.join("|")).expect("escaped alternation compiles")
    }

    #[test]
    fn a_longer_entry_without_its_boundary_gives_way_to_a_shorter_one() {
        let lex = Lexicon::new(&["đạt".into(), "đạt mức".into(), "đạt mức cao".into()])
            .expect("compiles");
        assert_eq!(lex.prefix_at("đạt mứcx", 0), Some(("đạt".len(), 0)));
        assert_eq!(lex.prefix_at("đạt mức caob", 0), Some(("đạt mức".len(), 1)));
        assert_eq!(lex.prefix_at("x đạt mức", 2), Some(("x đạt mức".len(), 1)));
        assert_eq!(lex.prefix_at("đạtx", 0), None);
    }

    proptest::proptest! {
        #[test]
        fn lexicon_answers_like_its_regex(
            picks in proptest::collection::vec(0usize..9, 1..5),
            hay in "[xãă ,1(%-]{0,6}(xã|xã hội|hội|ă ,|1%|-1|\\(x){0,6}[xãă ,1(%-]{0,6}",
            at in 0usize..30,
        ) {
            let pool = ["xã", "xã hội", "hội", "ă ,", "1%", "-1", "(x", "x", "ã"];
            let words: Vec<String> = picks.iter().map(|&i| pool[i].to_string()).collect();
            let lex = Lexicon::new(&words).expect("compiles");
            let re = lexicon_regex(&words);
            let index = |m: regex::Match| words.iter().rposition(|w| w == m.as_str());
            let ours: Vec<(usize, usize, usize)> = lex.find_iter(&hay).collect();
            let theirs: Vec<(usize, usize, usize)> = re
                .find_iter(&hay)
                .filter_map(|m| Some((m.start(), m.end(), index(m)?)))
                .collect();
            proptest::prop_assert_eq!(ours, theirs);
            let mut at = at.min(hay.len());
            while !hay.is_char_boundary(at) {
                at -= 1;
            }
            // The longest entry that matches, bounded, exactly at `at`.
            let longest = words
                .iter()
                .filter(|w| {
                    lexicon_regex(std::slice::from_ref(w))
                        .find_at(&hay, at)
                        .is_some_and(|m| m.start() == at)
                })
                .max_by_key(|w| w.len())
                .and_then(|w| Some((at + w.len(), words.iter().rposition(|x| x == w)?)));
            proptest::prop_assert_eq!(lex.prefix_at(&hay, at), longest);
            // The regex's matches on the text up to `at`, one after another from the
            // longest entry's length back: the first that ends at `at`.
            let before = &hay[..at];
            let mut pos = at.saturating_sub(words.iter().map(String::len).max().unwrap_or(0));
            while !before.is_char_boundary(pos) {
                pos -= 1;
            }
            let mut ending = None;
            while let Some(m) = re.find_at(before, pos) {
                if m.end() == at {
                    ending = index(m).map(|i| (m.start(), i));
                    break;
                }
                pos = m.end();
            }
            proptest::prop_assert_eq!(lex.suffix_at(&hay, at), ending);
        }
    }

    proptest::proptest! {
        /// Walking the chars mapped one by one finds what an anchored search finds on
        /// the mapped text, at the same chars.
        #[test]
        fn prefix_mapped_is_prefix_at_on_the_mapped_text(
            picks in proptest::collection::vec(0usize..8, 1..5),
            hay in "(Lai|LÀO|lao|Lào|Hà|HA|ha|nội|Nội|Châu|chau|cai|TP|x|\\.|-| |\u{212A}|\u{1C5}){0,8}",
        ) {
            let pool = ["lai chau", "lai", "lao cai", "ha", "ha noi", "tp.", "ba - x", "x"];
            let words: Vec<String> = picks.iter().map(|&i| pool[i].to_string()).collect();
            let lex = Lexicon::new(&words).expect("compiles");
            let map = |c: char| crate::fold::ascii_fold_char(c).to_ascii_lowercase();
            let mapped: String = hay.chars().map(map).collect();
            let want = lex.prefix_at(&mapped, 0).map(|(end, i)| {
                let chars = mapped[..end].chars().count();
                (hay.char_indices().nth(chars).map_or(hay.len(), |(b, _)| b), i)
            });
            proptest::prop_assert_eq!(lex.prefix_mapped(&hay, map), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn both_scans_find_the_same(
            hay in "[xãă ,1(%-]{0,8}(xã|xã hội|hội|ă ,){0,4}[xãă ,1(%-]{0,8}",
            from in 0usize..20,
        ) {
            let words = ["xã", "xã hội", "hội", "ă ,", "x"];
            let packed = Scan::leftmost_longest(&words).expect("compiles");
            let dfa = Scan::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(words)
                    .expect("compiles"),
            );
            let from = from.min(hay.len());
            let key = |m: Option<aho_corasick::Match>| m.map(|m| (m.start(), m.end(), m.pattern()));
            proptest::prop_assert_eq!(key(packed.find(&hay, from)), key(dfa.find(&hay, from)));
        }
    }

    #[test]
    fn line_and_col() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
