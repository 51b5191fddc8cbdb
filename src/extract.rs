//! Extraction: numbers in each sentence become mentions with a unit, comparator and an
//! indicator phrase, in both word orders and distributed over coordination.
//!
//! Between two numbers of one clause, the text up to the last top-level delimiter
//! ("," "và" "hoặc") belongs to the first number (its noun phrase, value-first order)
//! and the rest to the second (its subject, indicator-first order). Items without a
//! predicate borrow the next item's ("90% A; 80% B và 60% C được xử lý ..."), items
//! without a subject borrow the clause's head ("cáp quang phủ trên 80% hộ gia đình,
//! 100% xã"), and a list of levels ("cấp tỉnh, cấp huyện") gives one mention each.

use crate::model::{Comparator, Scope, Unit};
use crate::normalize::Normalized;
use crate::numbers::{Kind, Numbers};
use crate::pattern::Pattern;
use crate::rules::RuleSet;
use crate::segment::{Block, Sentence};
use std::sync::OnceLock;

pub type Range = (usize, usize);

#[derive(Debug, Clone)]
pub struct Mention {
    pub unit: Unit,
    pub value: f64,
    pub value_max: Option<f64>,
    pub actual: Option<f64>,
    pub rank_of: Option<u32>,
    /// The number as written (fold bytes), "%" and rank words included.
    pub num: Range,
    pub comparator: Comparator,
    pub relative: bool,
    pub annual: bool,
    pub indicator: String,
    /// Folded indicator, for keyword and canonical-indicator matching.
    pub indicator_fold: String,
    pub scope: Option<Scope>,
    pub block: usize,
    pub sentence: Range,
    pub clause: Range,
    /// The sentence pairs results with plans ("97%/95%").
    pub progress_sentence: bool,
    pub rules: Vec<String>,
}

/// A number that was not made a mention, and why: for `explain`.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub num: Range,
    pub clause: Range,
    pub reason: String,
}

/// "38,3" -> 38.3; "1.168" -> 1168; "1.168,5" -> 1168.5; "4.5" -> 4.5.
pub fn parse_number(s: &str) -> Option<f64> {
    let comma = s.contains(',');
    // "1.168": dots between groups of three are thousands.
    let thousands = !comma && s.contains('.') && s.split('.').skip(1).all(|g| g.len() == 3);
    let v = if comma || thousands {
        // Without the dots, the comma as the decimal point; on the stack, as numbers
        // are short.
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in s.bytes().filter(|&b| b != b'.') {
            match buf.get_mut(n) {
                Some(slot) => *slot = if b == b',' { b'.' } else { b },
                None => return parse_number_long(s),
            }
            n += 1;
        }
        std::str::from_utf8(&buf[..n]).ok()?.parse::<f64>()
    } else {
        s.parse::<f64>()
    };
    v.ok().filter(|v| v.is_finite())
}

/// `parse_number` of a number too long for its buffer.
fn parse_number_long(s: &str) -> Option<f64> {
    let t = s.replace('.', "").replace(',', ".");
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

struct Raw {
    unit: Unit,
    value: f64,
    value_max: Option<f64>,
    actual: Option<f64>,
    rank_of: Option<u32>,
    num: Range,
    rule: String,
}

fn overlaps(taken: &[Range], r: Range) -> bool {
    taken.iter().any(|t| r.0 < t.1 && t.0 < r.1)
}

/// Finds the raw numbers of one sentence.
fn raw_numbers(fold: &str, s: &Sentence, rules: &RuleSet) -> Vec<Raw> {
    let text = &fold[s.start..s.end];
    let mut out: Vec<Raw> = Vec::new();
    let mut taken: Vec<Range> = Vec::new();
    let abs = |a: usize, b: usize| (s.start + a, s.start + b);
    // Every percentage pattern needs a '%' or the words for it: without them, they
    // search nothing. The two-value ones need their "/" or dash or "đến"/"tới" too.
    let has = |b: u8| memchr::memchr(b, text.as_bytes()).is_some();
    let pct = has(b'%') || text.contains("phần trăm");
    let progress = pct && has(b'/');
    let range = pct
        && ["-", "–", "—", "đến", "tới"]
            .iter()
            .any(|w| text.contains(w));
    let numbers = Numbers::new(text);
    let find = |on: bool, kind: Kind| if on { numbers.find(kind) } else { Vec::new() };
    let number = |r: (usize, usize)| parse_number(&text[r.0..r.1]);

    for f in find(progress, Kind::Progress) {
        let (Some(actual), Some(plan)) = (number(f.first), f.second.and_then(number)) else {
            continue;
        };
        taken.push(abs(f.span.0, f.span.1));
        out.push(Raw {
            unit: Unit::Percent,
            value: plan,
            value_max: None,
            actual: Some(actual),
            rank_of: None,
            num: abs(f.span.0, f.span.1),
            rule: "extract.progress".into(),
        });
    }
    for f in find(range, Kind::Range) {
        let r = abs(f.span.0, f.span.1);
        if overlaps(&taken, r) {
            continue;
        }
        let (Some(lo), Some(hi)) = (number(f.first), f.second.and_then(number)) else {
            continue;
        };
        // "2021 – 2025%" or "80 - 50%" are no ranges.
        if lo >= hi || lo > 1000.0 {
            continue;
        }
        taken.push(r);
        out.push(Raw {
            unit: Unit::Percent,
            value: lo,
            value_max: Some(hi),
            actual: None,
            rank_of: None,
            num: r,
            rule: "extract.range".into(),
        });
    }
    for f in find(pct, Kind::Percent) {
        let r = abs(f.span.0, f.span.1);
        if overlaps(&taken, r) {
            continue;
        }
        let Some(v) = number(f.first) else {
            continue;
        };
        taken.push(r);
        out.push(Raw {
            unit: Unit::Percent,
            value: v,
            value_max: None,
            actual: None,
            rank_of: None,
            num: r,
            rule: "extract.percent".into(),
        });
    }
    let ranks = if rules.rank_gate.may_match(text) {
        &rules.ranks[..]
    } else {
        &[]
    };
    for rr in ranks {
        for c in rr.re.captures_iter(text) {
            let (Some(m), Some(n)) = (c.get(0), c.name("n")) else {
                continue;
            };
            let r = abs(m.start(), n.end().max(c.name("of").map_or(0, |o| o.end())));
            if overlaps(&taken, r) {
                continue;
            }
            let Ok(v) = n.as_str().parse::<u32>() else {
                continue;
            };
            if v == 0 {
                continue;
            }
            taken.push(abs(m.start(), m.end()));
            out.push(Raw {
                unit: Unit::Rank,
                value: v as f64,
                value_max: None,
                actual: None,
                rank_of: c.name("of").and_then(|o| o.as_str().parse().ok()),
                num: r,
                rule: rr.id.clone(),
            });
        }
    }
    for f in find(true, Kind::Count) {
        let n = &text[f.first.0..f.first.1];
        let r = abs(f.first.0, f.first.1);
        if overlaps(&taken, r) || is_year(n) {
            continue;
        }
        // Not part of "45/63", "4G", "1.5" etc.: the pattern asks for a space after it;
        // before it there must be no "/" or digit.
        let before = text[..f.first.0].chars().next_back();
        if before.is_some_and(|b| b == '/' || b == '.' || b == ',' || b.is_ascii_digit()) {
            continue;
        }
        let Some(v) = parse_number(n) else {
            continue;
        };
        if v == 0.0 {
            continue;
        }
        taken.push(r);
        out.push(Raw {
            unit: Unit::Count,
            value: v,
            value_max: None,
            actual: None,
            rank_of: None,
            num: r,
            rule: "extract.count".into(),
        });
    }
    out.sort_by_key(|r| r.num.0);
    out
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && (s.starts_with("19") || s.starts_with("20"))
}

/// The last top-level delimiter in `fold[a..b]`, as (start, end) of the delimiter.
fn last_delimiter(fold: &str, a: usize, b: usize) -> Option<Range> {
    let t = &fold[a..b];
    let mut depth = 0i32;
    let mut best = None;
    for (i, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ',' if depth == 0 => best = Some((a + i, a + i + 1)),
            _ => {
                if depth == 0 && (i == 0 || t[..i].ends_with(' ')) {
                    for w in ["và ", "hoặc "] {
                        if t[i..].starts_with(w) {
                            best = Some((a + i, a + i + w.len()));
                        }
                    }
                }
            }
        }
    }
    best
}

/// The item stands in a bracket opened after the value before it.
fn in_bracket_after(fold: &str, items: &[Item], i: usize) -> bool {
    open_bracket(fold, items[i - 1].raw.num.1, items[i].raw.num.0).is_some()
}

/// Just past the last "(" of `fold[a..b]` still open at `b`, if any.
pub(crate) fn open_bracket(fold: &str, a: usize, b: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    // Brackets are ASCII: bytes, not chars, need looking at, and few of them.
    let bytes = fold.as_bytes().get(a..b)?;
    for i in memchr::memchr2_iter(b'(', b')', bytes) {
        if bytes[i] == b'(' {
            open.push(a + i + 1);
        } else {
            open.pop();
        }
    }
    open.last().copied()
}

/// True when `r` holds nothing but one entry of `lex`.
fn is_only(fold: &str, r: Range, lex: &crate::rules::Lexicon) -> bool {
    let t = fold[r.0..r.1].trim();
    !t.is_empty() && lex.find_iter(t).any(|(s, e, _)| s == 0 && e == t.len())
}

fn is_trim(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | ':' | '.' | '…' | '-' | '–' | '•' | '"' | '\'' | '*' | '+'
        )
}

fn trim(fold: &str, r: Range) -> Range {
    let t = &fold[r.0..r.1];
    let s = r.0 + (t.len() - t.trim_start_matches(is_trim).len());
    let t2 = &fold[s..r.1];
    let e = s + t2.trim_end_matches(is_trim).len();
    // A "(" left open at the end goes with what follows it. (Brackets are ASCII: the
    // bytes are searched, by memchr's vector searches.)
    let inner = &fold.as_bytes()[s..e];
    let mut e = e;
    if let Some(i) = memchr::memrchr(b'(', inner) {
        if memchr::memchr(b')', &inner[i..]).is_none() {
            e = s + fold[s..s + i].trim_end_matches(is_trim).len();
        }
    }
    // A ")" closing a bracket opened before the range belongs to what came before.
    let inner = &fold.as_bytes()[s..e];
    let count = |b: u8| memchr::memchr_iter(b, inner).count();
    if inner.ends_with(b")") && count(b')') > count(b'(') {
        return trim(fold, (s, e - 1));
    }
    if inner.starts_with(b")") && memchr::memchr(b'(', inner).is_none() {
        return trim(fold, (s + 1, e));
    }
    (s, e.max(s))
}

/// Strips lead-in phrases from the start of `r`, repeatedly.
fn strip_leadins(fold: &str, mut r: Range, rules: &RuleSet) -> Range {
    loop {
        r = trim(fold, r);
        let t = &fold[r.0..r.1];
        // Only a lead-in at the very start counts: the search is anchored there.
        let Some((_, m)) = rules.leadins.first_at(t, 0) else {
            return r;
        };
        r.0 += m.end();
    }
}

/// A lexicon match ending exactly at the (trimmed) end of `r`, longest first.
fn suffix_match(fold: &str, r: Range, lex: &crate::rules::Lexicon) -> Option<(usize, usize)> {
    let t = &fold[r.0..r.1];
    let end = t.trim_end().len();
    lex.suffix_at(&t[..end], end).map(|(s, i)| (r.0 + s, i))
}

fn prefix_match(fold: &str, r: Range, lex: &crate::rules::Lexicon) -> Option<(usize, usize)> {
    let t = &fold[r.0..r.1];
    let start = t.len() - t.trim_start().len();
    lex.prefix_at(t, start).map(|(e, i)| (r.0 + e, i))
}

fn strip_trailing(fold: &str, mut r: Range, rules: &RuleSet) -> Range {
    loop {
        r = trim(fold, r);
        match suffix_match(fold, r, &rules.trailing) {
            Some((s, _)) if s >= r.0 => r.1 = s,
            _ => return r,
        }
    }
}

fn first_word(fold: &str, r: Range, rules: &RuleSet) -> String {
    let mut t = fold[r.0..r.1].trim_start();
    loop {
        let before = t;
        if let Some((e, _)) = prefix_match(t, (0, t.len()), &rules.determiners) {
            t = t[e..].trim_start();
        }
        if before == t {
            break;
        }
    }
    t.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_string()
}

fn words(fold: &str, r: Range) -> usize {
    fold[r.0..r.1].split_whitespace().count()
}

/// One number with the text that belongs to it.
struct Item {
    raw: Raw,
    clause: usize,
    pre: Range,
    post: Range,
    comparator: Comparator,
    relative: bool,
    annual: bool,
    rules: Vec<String>,
    rejected: Option<String>,
    /// Fold ranges whose text makes the indicator, in order.
    parts: Vec<Range>,
    /// (k, n): the k-th of n values given "respectively" ("lần lượt đạt 95%, 85% và
    /// 70%") for a list of n levels.
    respective: Option<(usize, usize)>,
    /// Where the words that may make the value a hypothesis start: the sentence's
    /// start for its first value, the value's own words for the others.
    hypothesis_from: usize,
}

pub struct BlockMentions {
    pub mentions: Vec<Mention>,
    pub rejected: Vec<Rejected>,
}

/// Extracts the mentions of one block.
pub fn extract_block(
    n: &Normalized,
    blocks: &[Block],
    bi: usize,
    rules: &RuleSet,
) -> BlockMentions {
    extract_bodies(
        &[Body {
            n,
            blocks,
            range: bi..bi + 1,
        }],
        rules,
    )
    .swap_remove(0)
}

/// A document's blocks to extract from: its body.
pub struct Body<'a> {
    pub n: &'a Normalized,
    pub blocks: &'a [Block],
    pub range: std::ops::Range<usize>,
}

/// One sentence's values between the phases of `extract_bodies`.
struct SentenceItems<'b> {
    /// Which body, and its folded text.
    doc: usize,
    fold: &'b str,
    block: usize,
    s: &'b Sentence,
    items: Vec<Item>,
    progress_sentence: bool,
    /// Counts left out before the text is shared out.
    rejected: Vec<Rejected>,
}

/// Extracts the mentions of each body, in three phases: each sentence's values and the
/// text between them; every value's shape, step by step over all the bodies' values;
/// each sentence's sharing-out and mentions. A step asks one word list or pattern of
/// every value in a row, while its automaton is in the CPU cache (see
/// `Pipeline::stages`).
pub fn extract_bodies(bodies: &[Body], rules: &RuleSet) -> Vec<BlockMentions> {
    let mut work: Vec<SentenceItems> = Vec::new();
    for (doc, body) in bodies.iter().enumerate() {
        let fold = body.n.fold.as_str();
        for bi in body.range.clone() {
            let Some(block) = body.blocks.get(bi) else {
                break;
            };
            for s in &block.sentences {
                if let Some(w) = sentence_items(fold, doc, bi, s, rules) {
                    work.push(w);
                }
            }
        }
    }
    shape_items(&mut work, rules);
    let mut out: Vec<BlockMentions> = bodies
        .iter()
        .map(|_| BlockMentions {
            mentions: Vec::new(),
            rejected: Vec::new(),
        })
        .collect();
    for w in work {
        let SentenceItems {
            doc,
            fold,
            block: bi,
            s,
            mut items,
            progress_sentence,
            rejected,
        } = w;
        let (Some(body), Some(out)) = (bodies.get(doc), out.get_mut(doc)) else {
            continue;
        };
        out.rejected.extend(rejected);
        let progress_sentence = pair_progress(fold, &mut items, rules) || progress_sentence;
        distribute(fold, &mut items, rules);
        respectively(fold, s, &mut items, rules);
        for it in items {
            let c = s.clauses[it.clause];
            if let Some(reason) = it.rejected {
                out.rejected.push(Rejected {
                    num: it.raw.num,
                    clause: (c.start, c.end),
                    reason,
                });
                continue;
            }
            for m in finish(
                body.n,
                it,
                bi,
                s,
                (c.start, c.end),
                progress_sentence,
                rules,
            ) {
                out.mentions.push(m);
            }
        }
    }
    out
}

/// A sentence's values, with the text between them assigned; None when it has none.
fn sentence_items<'b>(
    fold: &'b str,
    doc: usize,
    bi: usize,
    s: &'b Sentence,
    rules: &RuleSet,
) -> Option<SentenceItems<'b>> {
    // The hot path: most sentences hold no number at all.
    if !crate::numbers::has_ascii_digit(&fold.as_bytes()[s.start..s.end]) {
        return None;
    }
    let raws = raw_numbers(fold, s, rules);
    if raws.is_empty() {
        return None;
    }
    let progress_sentence = raws.iter().any(|r| r.actual.is_some());
    let mut rejected = Vec::new();
    let mut items: Vec<Item> = Vec::with_capacity(raws.len());
    for raw in raws {
        let Some(ci) = s
            .clauses
            .iter()
            .position(|c| raw.num.0 >= c.start && raw.num.0 < c.end.max(c.start + 1))
        else {
            continue;
        };
        items.push(Item {
            raw,
            clause: ci,
            pre: (0, 0),
            post: (0, 0),
            comparator: Comparator::Eq,
            relative: false,
            annual: false,
            rules: Vec::new(),
            rejected: None,
            parts: Vec::new(),
            respective: None,
            hypothesis_from: s.start,
        });
    }
    // Counts that are labels, quotas or qualifiers go before the text is shared out.
    let has_percent: Vec<bool> = (0..s.clauses.len())
        .map(|ci| {
            items
                .iter()
                .any(|it| it.clause == ci && it.raw.unit == Unit::Percent)
        })
        .collect();
    items.retain(|it| {
        if it.raw.unit != Unit::Count {
            return true;
        }
        let c = s.clauses[it.clause];
        match count_rejection(
            fold,
            &it.raw,
            (c.start, c.end),
            has_percent[it.clause],
            rules,
        ) {
            Some(reason) => {
                rejected.push(Rejected {
                    num: it.raw.num,
                    clause: (c.start, c.end),
                    reason,
                });
                false
            }
            None => true,
        }
    });
    // Assign the text between numbers.
    for i in 0..items.len() {
        let c = s.clauses[items[i].clause];
        let pre_start = if i > 0 && items[i - 1].clause == items[i].clause {
            let a = items[i - 1].raw.num.1;
            let b = items[i].raw.num.0;
            match last_delimiter(fold, a, b) {
                // "…, cung cấp 753 dịch vụ, đạt 37%": a lone verb takes the stretch
                // before its comma as its subject.
                Some(d) if is_only(fold, (d.1, b), &rules.value_verbs) => {
                    last_delimiter(fold, a, d.0).map_or(d.1, |e| e.1)
                }
                Some(d) => d.1,
                // "80% hộ gia đình ... (năm 2020 đạt 45%)": inside a bracket opened
                // after the first value, the bracket's words are the second's.
                None => open_bracket(fold, a, b).unwrap_or(b),
            }
        } else if label_value(fold, s, &items, i, rules) {
            // "Tỷ lệ X: 90%": the label before the colon is the subject.
            s.clauses[items[i].clause - 1].start
        } else {
            c.start
        };
        let post_end = if i + 1 < items.len() && items[i + 1].clause == items[i].clause {
            let a = items[i].raw.num.1;
            let b = items[i + 1].raw.num.0;
            match last_delimiter(fold, a, b) {
                Some(d) if is_only(fold, (d.1, b), &rules.value_verbs) => {
                    last_delimiter(fold, a, d.0).map_or(d.0, |e| e.0)
                }
                Some(d) => d.0,
                None => open_bracket(fold, a, b).map_or(a, |p| p - 1),
            }
        } else {
            c.end
        };
        items[i].pre = (pre_start, items[i].raw.num.0);
        // The first value's hypothesis may open the sentence ("Nếu ..., ... 30%");
        // a later value's is among its own words.
        if i > 0 {
            items[i].hypothesis_from = pre_start;
        }
        items[i].post = (items[i].raw.num.1, post_end.max(items[i].raw.num.1));
    }
    Some(SentenceItems {
        doc,
        fold,
        block: bi,
        s,
        items,
        progress_sentence,
        rejected,
    })
}

/// Shapes every value: its comparator, relative and annual flags, rejections, and the
/// cleaned text before and after it (`pre`, `post`, `parts`). Each step is taken for
/// all the values before the next (see `extract_bodies`); a value's steps are the same,
/// in the same order, as taken one value at a time.
fn shape_items(work: &mut [SentenceItems], rules: &RuleSet) {
    // Each value, its text, its sentence's start, and the text before it as first
    // assigned.
    let mut all: Vec<(&mut Item, &str, usize, Range)> = work
        .iter_mut()
        .flat_map(|w| {
            let (fold, start) = (w.fold, w.s.start);
            w.items.iter_mut().map(move |it| {
                let own = it.pre;
                (it, fold, start, own)
            })
        })
        .collect();
    let steps: [Step; 14] = [
        begin,
        comparator_before,
        comparator_after,
        annual_after,
        relative_before,
        relative_after,
        annual_before,
        plan_word_after,
        plan_statistic,
        hypothetical,
        share_of_national,
        leadins,
        trailing,
        tails,
    ];
    for step in steps {
        for (it, fold, start, own) in all.iter_mut() {
            step(fold, it, *start, *own, rules);
        }
    }
}

/// A step of shaping a value: the text, the value, its sentence's start, the text
/// before it as first assigned.
type Step = fn(&str, &mut Item, usize, Range, &RuleSet);

fn begin(fold: &str, it: &mut Item, _: usize, _: Range, _: &RuleSet) {
    it.rules.push(it.raw.rule.clone());
    it.pre = trim(fold, it.pre);
}

fn comparator_before(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if let Some((s, i)) = suffix_match(fold, it.pre, &rules.cmp_before) {
        let (id, cmp) = &rules.cmp_before_info[i];
        // "từ 25 đến 35%" is a range, not "at least 25".
        if !(it.raw.value_max.is_some() && *cmp == Comparator::Gte) {
            it.comparator = *cmp;
            it.rules.push(id.clone());
        }
        it.pre.1 = s;
    }
}

fn comparator_after(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if let Some((e, i)) = prefix_match(fold, it.post, &rules.cmp_after) {
        let (id, cmp) = &rules.cmp_after_info[i];
        it.comparator = *cmp;
        it.rules.push(id.clone());
        it.post.0 = e;
    }
}

fn annual_after(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if let Some((e, _)) = prefix_match(fold, it.post, &rules.annual) {
        it.annual = true;
        it.rules.push("flag.annual".into());
        it.post.0 = e;
    }
}

fn relative_before(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    let pre = trim(fold, it.pre);
    if suffix_match(fold, pre, &rules.relative_before).is_some()
        && suffix_match(fold, pre, &rules.relative_not).is_none()
    {
        it.relative = true;
        it.rules.push("flag.relative".into());
    }
}

fn relative_after(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if prefix_match(fold, it.post, &rules.relative_after).is_some() {
        it.relative = true;
        it.rules.push("flag.relative".into());
    }
}

fn annual_before(fold: &str, it: &mut Item, _: usize, own: Range, rules: &RuleSet) {
    let own = trim(fold, own);
    if !it.annual && rules.annual.contains(&fold[own.0..own.1]) {
        it.annual = true;
        it.rules.push("flag.annual".into());
    }
}

/// Whether a percentage is still a candidate for the rejections below (the first that
/// applies wins).
fn open_percent(it: &Item) -> bool {
    it.raw.unit == Unit::Percent && it.rejected.is_none()
}

const PLAN_STATISTIC: &str = "a statistic about a plan (followed by a plan word), not a target";

fn plan_word_after(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if open_percent(it) && prefix_match(fold, it.post, &rules.meta_after).is_some() {
        it.rejected = Some(PLAN_STATISTIC.into());
    }
}

fn plan_statistic(fold: &str, it: &mut Item, start: usize, _: Range, rules: &RuleSet) {
    let before = &fold[start..it.raw.num.0];
    if open_percent(it) && rules.meta_subject.iter().any(|re| re.is_match(before)) {
        it.rejected = Some(PLAN_STATISTIC.into());
    }
}

fn hypothetical(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    if open_percent(it)
        && rules
            .hypothetical
            .contains(&fold[it.hypothesis_from..it.raw.num.0])
    {
        it.rejected = Some("a possibility, not a commitment".into());
    }
}

fn share_of_national(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    let post = it.post;
    if open_percent(it)
        && rules.share_of_national.iter().any(|re| {
            re.find_anchored(&fold[..post.1], trim(fold, post).0)
                .is_some()
        })
    {
        it.rejected = Some("a share of a national total, not a target".into());
    }
}

fn leadins(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    it.pre = strip_leadins(fold, it.pre, rules);
}

fn trailing(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    it.pre = strip_trailing(fold, it.pre, rules);
}

/// "Tỷ lệ X: năm 2024 đạt 70%": the year closing the subject is no part of it; nor is
/// one after the value. Then the parts the indicator is made of.
fn tails(fold: &str, it: &mut Item, _: usize, _: Range, rules: &RuleSet) {
    let mut pre = it.pre;
    for re in &rules.tails {
        if let Some(m) = re.find(&fold[pre.0..pre.1]) {
            pre = strip_trailing(fold, (pre.0, pre.0 + m.start()), rules);
        }
    }
    let mut post = trim(fold, it.post);
    for re in &rules.tails {
        if let Some(m) = re.find(&fold[post.0..post.1]) {
            post = trim(fold, (post.0, post.0 + m.start()));
        }
    }
    it.pre = pre;
    it.post = post;
    it.parts = [pre, post].into_iter().filter(|r| r.1 > r.0).collect();
}

/// "Label: value": the item opens a clause that follows a ":" with nothing of its own
/// but a year or a value word before it and nothing after it, and the clause before
/// the colon holds no number of its own.
fn label_value(fold: &str, s: &Sentence, items: &[Item], i: usize, rules: &RuleSet) -> bool {
    let ci = items[i].clause;
    let c = s.clauses[ci];
    if ci == 0 || !c.after_colon || items.iter().any(|x| x.clause == ci - 1) {
        return false;
    }
    // Nothing of its own after the value, up to the next value or the clause's end...
    let next = items
        .get(i + 1)
        .filter(|x| x.clause == ci)
        .map_or(c.end, |x| x.raw.num.0);
    let after = &fold[items[i].raw.num.1..next];
    let after = after.split([',', ';']).next().unwrap_or("");
    // ...and before it at most a year and a word that introduces a value ("thực hiện
    // 45,2%", "năm 2024 đạt 70%").
    let before = strip_leadins(fold, (c.start, items[i].raw.num.0), rules);
    after.trim_matches(is_trim).is_empty()
        && (before.1 <= before.0 || is_only(fold, before, &rules.value_verbs))
}

/// A result followed by its target ("đạt 78%, so với mục tiêu 90%") becomes one
/// progress item: the target's value, the result as `actual`, the result's indicator.
/// Returns whether any pair was made.
fn pair_progress(fold: &str, items: &mut [Item], rules: &RuleSet) -> bool {
    let mut paired = false;
    for i in 1..items.len() {
        let (a, b) = (&items[i - 1], &items[i]);
        let eligible = |x: &Item| {
            x.raw.unit == Unit::Percent
                && x.raw.actual.is_none()
                && x.raw.value_max.is_none()
                && x.rejected.is_none()
        };
        if !eligible(a)
            || !eligible(b)
            || !rules
                .progress_link
                .is_match(&fold[a.raw.num.1..b.raw.num.0])
        {
            continue;
        }
        // Not `trim`: the link's open "(" would take the whole link with it.
        let link = (
            a.raw.num.1,
            a.raw.num.1 + fold[a.raw.num.1..b.raw.num.0].trim_end().len(),
        );
        let cmp =
            suffix_match(fold, link, &rules.cmp_before).map(|(_, k)| &rules.cmp_before_info[k]);
        let (actual, pre, parts) = (a.raw.value, a.pre, a.parts.clone());
        items[i - 1].rejected = Some("the result of a progress pair (its target follows)".into());
        let b = &mut items[i];
        b.raw.actual = Some(actual);
        // The result's words are the indicator; the target's own words are only the link.
        b.pre = pre;
        b.parts = parts;
        if let Some((id, c)) = cmp {
            b.comparator = *c;
            b.rules.push(id.clone());
        }
        b.rules.push("extract.progress_pair".into());
        paired = true;
    }
    paired
}

/// Why a number followed by a word is no count target, if it is not.
fn count_rejection(
    fold: &str,
    raw: &Raw,
    clause: Range,
    clause_has_percent: bool,
    rules: &RuleSet,
) -> Option<String> {
    let before = (clause.0, raw.num.0);
    let after = trim(fold, (raw.num.1, clause.1));
    if clause_has_percent {
        Some("a count inside a clause with a percentage qualifies it".into())
    } else if prefix_match(fold, after, &rules.count_not_nouns).is_some() {
        Some("a count of plan parts, time or money, not a count target".into())
    } else if suffix_match(fold, trim(fold, before), &rules.count_labels).is_some() {
        Some("a label or level number, not a count".into())
    } else if rules.count_per_unit.contains(&fold[before.0..before.1]) {
        Some("a quota per unit ('mỗi ...'), not a count target".into())
    } else {
        None
    }
}

fn is_scope_only(fold: &str, r: Range, rules: &RuleSet) -> bool {
    let t = fold[r.0..r.1].trim();
    !t.is_empty()
        && rules
            .scopes
            .find_iter(t)
            .any(|(s, e, _)| s == 0 && e == t.len())
}

fn predicate_at(fold: &str, r: Range, rules: &RuleSet) -> Option<usize> {
    rules
        .predicates
        .find(&fold[r.0..r.1])
        .map(|(s, _, _)| r.0 + s)
}

fn distribute(fold: &str, items: &mut [Item], rules: &RuleSet) {
    // Heads: an item with no subject of its own takes the first item's subject.
    for i in 1..items.len() {
        let own_pre_empty = items[i].pre.1 <= items[i].pre.0;
        let scope_only = is_scope_only(fold, items[i].pre, rules);
        if !(own_pre_empty || scope_only) || items[i].raw.unit != items[0].raw.unit {
            continue;
        }
        // "..., 95% người dân có danh tính số": a value-first item with a predicate of
        // its own is a whole target, not a second object of the first item's head.
        if own_pre_empty && predicate_at(fold, items[i].post, rules).is_some() {
            continue;
        }
        let Some(first) = items.iter().position(|x| x.clause == items[i].clause) else {
            continue;
        };
        if first == i {
            continue;
        }
        let head = items[first].pre;
        if head.1 <= head.0 || is_scope_only(fold, head, rules) {
            continue;
        }
        // The head without its own level, when this item names one.
        let head = if scope_only {
            match rules.scopes.find(&fold[head.0..head.1]) {
                Some((s, _, _)) if s > 0 => trim(fold, (head.0, head.0 + s)),
                _ => head,
            }
        } else {
            head
        };
        let mut parts = vec![head];
        parts.extend(items[i].parts.iter().copied());
        items[i].parts = parts;
        items[i].rules.push("distribute.head".into());
    }
    // A bracketed change with no noun of its own ("đạt 50% (tăng 15% so với năm
    // 2023)") is a change of what the value before it measures.
    for i in 1..items.len() {
        let only_change = items[i].parts.iter().all(|&p| {
            fold[p.0..p.1].trim().is_empty()
                || is_only(fold, p, &rules.relative_before)
                || is_only(fold, p, &rules.relative_after)
        });
        if items[i].relative
            && only_change
            && !items[i].parts.is_empty()
            && in_bracket_after(fold, items, i)
        {
            items[i].parts = items[i - 1].parts.clone();
            items[i].rules.push("distribute.bracket".into());
        }
    }
    // Objects: an item with no words at all ("đạt 15% và ... đạt 25% tỷ trọng kinh tế
    // số") shares the words after the next value of its sentence.
    for i in 0..items.len() {
        if !items[i].parts.is_empty() || items[i].raw.unit == Unit::Rank {
            continue;
        }
        let donor = items[i + 1..]
            .iter()
            .find(|x| x.raw.unit == items[i].raw.unit && x.post.1 > x.post.0)
            .filter(|x| x.pre.1 <= x.pre.0)
            .map(|x| x.post);
        if let Some(post) = donor {
            items[i].parts.push(post);
            items[i].rules.push("distribute.object".into());
        } else if i > 0 && in_bracket_after(fold, items, i) {
            // "80% hộ gia đình có cáp quang (năm 2020 đạt 45%)": a bracketed value
            // with no words of its own measures what the value before it measures.
            items[i].parts = items[i - 1].parts.clone();
            items[i].rules.push("distribute.bracket".into());
        }
    }
    // Parts of a whole: "70% dân số ..., trong đó khu vực nông thôn đạt 50%" measures
    // the same thing for a part, so the part's words follow the whole's.
    for i in 1..items.len() {
        let own = trim(fold, (items[i].hypothesis_from, items[i].raw.num.0));
        if items[i].raw.unit != items[i - 1].raw.unit
            || prefix_match(fold, own, &rules.breakdown).is_none()
            || items[i - 1].parts.is_empty()
        {
            continue;
        }
        let mut parts = items[i - 1].parts.clone();
        parts.extend(items[i].parts.iter().copied());
        items[i].parts = parts;
        items[i].rules.push("distribute.part".into());
    }
    // Predicates: a value-first item with none borrows the next one's.
    for i in 0..items.len() {
        let value_first = items[i].pre.1 <= items[i].pre.0
            || items[i].rules.iter().any(|r| r == "distribute.head");
        if !value_first
            || items[i].raw.unit == Unit::Rank
            || predicate_at(fold, items[i].post, rules).is_some()
        {
            continue;
        }
        let mut donor = None;
        for (j, item) in items.iter().enumerate().skip(i + 1) {
            if item.pre.1 > item.pre.0 && !is_scope_only(fold, item.pre, rules) {
                break;
            }
            if let Some(p) = predicate_at(fold, item.post, rules) {
                donor = Some((j, p));
                break;
            }
        }
        let Some((j, p)) = donor else { continue };
        let short = words(fold, items[i].post) <= 8;
        let same_head =
            first_word(fold, items[i].post, rules) == first_word(fold, items[j].post, rules);
        if !(short || same_head) {
            continue;
        }
        let pred = (p, items[j].post.1);
        items[i].parts.push(pred);
        items[i].rules.push("distribute.predicate".into());
    }
}

/// Values given "respectively" for a list: every value of the clause after a
/// "lần lượt" / "tương ứng" that stands before its first value.
fn respectively(fold: &str, s: &Sentence, items: &mut [Item], rules: &RuleSet) {
    for (ci, c) in s.clauses.iter().enumerate() {
        let group: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].clause == ci && items[i].rejected.is_none())
            .collect();
        let Some(&first) = group.first() else {
            continue;
        };
        if group.len() < 2
            || !rules
                .respectively
                .contains(&fold[c.start..items[first].raw.num.0])
        {
            continue;
        }
        let n = group.len();
        for (k, &i) in group.iter().enumerate() {
            items[i].respective = Some((k, n));
        }
    }
}

/// Scopes named in the subject; a list ("cấp tỉnh, cấp huyện") gives each with the
/// list's range and the level word's range.
fn scopes(fold: &str, subject: Range, rules: &RuleSet) -> (Vec<(Scope, Range)>, Option<Range>) {
    let t = &fold[subject.0..subject.1];
    let Some((s, e, i)) = rules.scopes.find(t) else {
        return (vec![], None);
    };
    let mut found = vec![(rules.scopes_info[i].1, (subject.0 + s, subject.0 + e))];
    let mut end = e;
    loop {
        let rest = &t[end..];
        let Some(m) = list_link().find(rest) else {
            break;
        };
        let word_start = end + m.end();
        let word_end = t[word_start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(t.len(), |k| word_start + k);
        let word = &t[word_start..word_end];
        let as_scope = format!("cấp {word}");
        let Some((_, _, k)) = rules
            .scopes
            .find(&as_scope)
            .filter(|&(a, b, _)| a == 0 && b == as_scope.len())
        else {
            break;
        };
        found.push((
            rules.scopes_info[k].1,
            (subject.0 + word_start, subject.0 + word_end),
        ));
        end = word_end;
    }
    let list = (found.len() > 1).then_some((subject.0 + s, subject.0 + end));
    (found, list)
}

/// Compiles this stage's fixed patterns, which are otherwise compiled by the first
/// document that needs them.
pub(crate) fn warm_up() {
    let _ = list_link();
}

fn list_link() -> &'static Pattern {
    static L: OnceLock<Pattern> = OnceLock::new();
    L.get_or_init(|| Pattern::new(r"^\s*(?:,|và|hoặc)\s*(?:cấp\s+)?").expect("static pattern"))
}

#[allow(clippy::too_many_arguments)]
fn finish(
    n: &Normalized,
    it: Item,
    block: usize,
    s: &Sentence,
    clause: Range,
    progress_sentence: bool,
    rules: &RuleSet,
) -> Vec<Mention> {
    let fold = n.fold.as_str();
    // The subject: the item's own words before its predicate.
    let subject = {
        let own_end = predicate_at(fold, it.post, rules).unwrap_or(it.post.1);
        let start = if it.pre.1 > it.pre.0 {
            it.pre.0
        } else {
            it.post.0
        };
        let start = it.parts.first().map_or(start, |p| p.0.min(start));
        (start, own_end.max(start))
    };
    // A level in the item's own words ("cấp huyện đạt 85%", "90% (cấp huyện)") beats
    // one in a borrowed head.
    let own_post = (
        it.post.0,
        subject.1.clamp(it.post.0, it.post.1.max(it.post.0)),
    );
    let (found, list) = if it.raw.unit == Unit::Rank {
        (vec![], None)
    } else if rules.scopes.contains(&fold[it.pre.0..it.pre.1]) {
        scopes(fold, it.pre, rules)
    } else if rules.scopes.contains(&fold[own_post.0..own_post.1]) {
        scopes(fold, own_post, rules)
    } else {
        scopes(fold, subject, rules)
    };
    let text_parts: Vec<&str> = it
        .parts
        .iter()
        .map(|&(a, b)| n.text_of(a, b).trim())
        .collect();
    let indicator = join(&text_parts);
    // Folding the indicator again would give the parts' own fold, unless a part cuts
    // a word, whose tone may then sit elsewhere.
    let fold_parts: Vec<Range> = it
        .parts
        .iter()
        .map(|&(a, b)| {
            let t = &fold[a..b];
            let a = a + (t.len() - t.trim_start().len());
            (a, a + t.trim().len())
        })
        .collect();
    let indicator_fold = if fold_parts
        .iter()
        .all(|&(a, b)| crate::fold::folds_alone(fold, a, b))
    {
        join(
            &fold_parts
                .iter()
                .map(|&(a, b)| &fold[a..b])
                .collect::<Vec<_>>(),
        )
    } else {
        crate::fold::fold(&indicator)
    };
    let base = Mention {
        unit: it.raw.unit,
        value: it.raw.value,
        value_max: it.raw.value_max,
        actual: it.raw.actual,
        rank_of: it.raw.rank_of,
        num: it.raw.num,
        comparator: it.comparator,
        relative: it.relative,
        annual: it.annual,
        indicator_fold,
        indicator,
        scope: found.first().map(|f| f.0),
        block,
        sentence: (s.start, s.end),
        clause,
        progress_sentence,
        rules: it.rules,
    };
    let Some(list) = list else {
        let mut m = base;
        if m.scope.is_some() {
            m.rules.push("scope.named".into());
        }
        return vec![m];
    };
    // One mention per listed level, the list replaced by that level; values given
    // "respectively" take theirs only.
    let list_text = n.text_of(list.0, list.1).to_string();
    let found = match it.respective {
        Some((k, count)) if count == found.len() => vec![found[k]],
        _ => found,
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (scope, r) in found {
        if seen.contains(&scope) {
            continue;
        }
        seen.push(scope);
        let word = n.text_of(r.0, r.1);
        let word = if crate::fold::fold(word).starts_with("cấp") {
            word.to_string()
        } else {
            format!("cấp {word}")
        };
        let mut m = base.clone();
        m.indicator = m.indicator.replacen(&list_text, &word, 1);
        m.indicator_fold = crate::fold::fold(&m.indicator);
        m.scope = Some(scope);
        m.rules.push("distribute.scope".into());
        out.push(m);
    }
    out
}

/// The words of `parts`, in order, with one space between them.
fn join(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    let mut push = |w: &str| {
        if !w.is_empty() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(w);
        }
    };
    // As `split_whitespace`, which decodes every char; whitespace is told by its bytes.
    for p in parts {
        if single_spaced(p) {
            push(p);
            continue;
        }
        let b = p.as_bytes();
        let (mut i, mut word) = (0, 0);
        while i < b.len() {
            let n = crate::normalize::whitespace_len(b, i);
            if n == 0 {
                i += 1;
                continue;
            }
            push(&p[word..i]);
            i += n;
            word = i;
        }
        push(&p[word..]);
    }
    s
}

/// Whether `p` is words with one ' ' between each two and none at its ends, which
/// `join` keeps as they are. Most are: asked of all bytes without early exits, which
/// runs on vectors.
fn single_spaced(p: &str) -> bool {
    let b = p.as_bytes();
    let ends = |x: Option<&u8>| x.is_some_and(|&x| x == b' ');
    // Each byte that may start whitespace other than a ' ' (`whitespace_len`), and two
    // spaces in a row.
    let odd = |(&x, &y): (&u8, &u8)| {
        (x < b' ')
            | (x == 0xC2)
            | (x == 0xE2)
            | (x == 0xE3)
            | ((x == 0xE1) & (y == 0x9A))
            | ((x == b' ') & (y == b' '))
    };
    // The pairs look at each byte but the last; a whole text's last byte is ASCII or a
    // continuation byte.
    let last = b.last().is_some_and(|&x| x < b' ');
    let pairs = b.iter().zip(b.iter().skip(1));
    !ends(b.first()) && !ends(b.last()) && !last && !pairs.fold(false, |acc, w| acc | odd(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_splits_words_as_split_whitespace() {
        let words = [
            "a", " ", "\u{a0}", "\u{2009}", "\u{3000}", "ạ", "\n", "–", "  x y ", "x  y", "x y",
            "x\ty", "\u{1680}", "ạ ạ", "x ", " x", "x\u{85}",
        ];
        for x in words {
            for y in words {
                let want = [x, y]
                    .iter()
                    .flat_map(|p| p.split_whitespace())
                    .collect::<Vec<_>>();
                assert_eq!(join(&[x, y]), want.join(" "), "{x:?} {y:?}");
            }
        }
    }

    proptest::proptest! {
        /// Found among the bytes, as among the chars.
        #[test]
        fn open_brackets_by_bytes(s in "[()đạ x]{0,30}", a in 0usize..40, b in 0usize..40) {
            let (a, b) = (a.min(s.len()), b.min(s.len()));
            proptest::prop_assume!(a <= b && s.is_char_boundary(a) && s.is_char_boundary(b));
            let mut open = Vec::new();
            for (i, c) in s[a..b].char_indices() {
                match c {
                    '(' => open.push(a + i + 1),
                    ')' => {
                        open.pop();
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(open_bracket(&s, a, b), open.last().copied());
        }
    }

    proptest::proptest! {
        /// Without a String, as with one.
        #[test]
        fn numbers_parse_as_their_cleaned_strings(s in "[0-9.,]{0,80}") {
            let t = if s.contains(',') {
                s.replace('.', "").replace(',', ".")
            } else if s.split('.').skip(1).all(|g| g.len() == 3) {
                s.replace('.', "")
            } else {
                s.clone()
            };
            let by_string = t.parse::<f64>().ok().filter(|v| v.is_finite());
            proptest::prop_assert_eq!(parse_number(&s), by_string);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("38,3"), Some(38.3));
        assert_eq!(parse_number("1.168"), Some(1168.0));
        assert_eq!(parse_number("1.168,5"), Some(1168.5));
        assert_eq!(parse_number("4.5"), Some(4.5));
        assert_eq!(parse_number("100"), Some(100.0));
        // Longer than the buffer.
        assert_eq!(parse_number(&format!("1{}", ".000".repeat(30))), Some(1e90));
    }

    #[test]
    fn joined_parts_have_single_spaces() {
        assert_eq!(join(&["  a  b", "", "c\n d ", " "]), "a b c d");
        assert_eq!(join(&["", " "]), "");
    }
}
