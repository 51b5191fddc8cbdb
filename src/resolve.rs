//! Resolution: each mention gets its deadline, pillar, kind and canonical indicator from
//! its context, by the precedence of TARGETS.md, and restated targets are merged.

use crate::extract::{Mention, Range};
use crate::model::{Kind, Pillar, Unit};
use crate::normalize::Normalized;
use crate::rules::{PhraseKind, RuleSet, SectionKind};
use crate::segment::{Block, BlockKind};
use std::rc::Rc;

/// A year phrase found in the text.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub start: usize,
    pub end: usize,
    pub year: i32,
    pub start_year: Option<i32>,
    pub kind: PhraseKind,
    pub rule: String,
}

impl Phrase {
    /// Deadlines and period ends are due years; visions, bases and dates are not.
    fn due(&self) -> bool {
        matches!(self.kind, PhraseKind::Deadline | PhraseKind::Period)
    }
}

/// Every year phrase, left to right; where two overlap, the earlier rule wins.
pub fn find_phrases(fold: &str, rules: &RuleSet) -> Vec<Phrase> {
    let mut out: Vec<Phrase> = Vec::new();
    let mut near = rules.phrases_near.on();
    for (k, r) in rules.phrases.iter().enumerate() {
        for f in near.found(fold, k, &r.re) {
            // An earlier rule's phrase here wins: its groups are not even read.
            if out
                .iter()
                .any(|p| f.m.start() < p.end && p.start < f.m.end())
            {
                continue;
            }
            let Some(c) = f.captures() else {
                continue;
            };
            let (Some(m), Some(y)) = (c.get(0), c.get(r.year)) else {
                continue;
            };
            let Ok(year) = y.as_str().parse() else {
                continue;
            };
            out.push(Phrase {
                start: m.start(),
                end: m.end(),
                year,
                start_year: r
                    .start
                    .and_then(|i| c.get(i))
                    .and_then(|s| s.as_str().parse().ok()),
                kind: r.kind,
                rule: r.id.clone(),
            });
        }
    }
    out.sort_by_key(|p| p.start);
    out
}

/// What a heading or lead-in paragraph passes on to what it governs, with the ids of
/// the rules that found it. Every block under it gets a copy: the ids are shared.
#[derive(Debug, Clone, Default)]
struct Context {
    deadline: Option<(i32, Rc<str>)>,
    pillar: Option<(Pillar, Rc<str>)>,
    section: Option<(SectionKind, Rc<str>)>,
}

/// The section path and inherited context of every block. Blocks under the same
/// headings share one path.
pub struct Structure {
    pub paths: Vec<Rc<Vec<String>>>,
    contexts: Vec<Context>,
}

fn single_pillar(fold: &str, r: Range, rules: &RuleSet) -> Option<(Pillar, String)> {
    let mut found: Option<usize> = None;
    for (_, _, i) in rules.pillar_names.find_iter(&fold[r.0..r.1]) {
        let p = rules.pillar_names_info[i];
        match found {
            None => found = Some(p),
            Some(q) if q == p => {}
            Some(_) => return None,
        }
    }
    found.map(|p| (rules.pillars[p].1, rules.pillars[p].0.clone()))
}

fn first_due(phrases: &[Phrase], r: Range) -> Option<(i32, String)> {
    phrases
        .iter()
        .find(|p| p.start >= r.0 && p.end <= r.1 && p.due())
        .map(|p| (p.year, p.rule.clone()))
}

fn first_vision(phrases: &[Phrase], r: Range) -> Option<(i32, String)> {
    phrases
        .iter()
        .find(|p| p.start >= r.0 && p.end <= r.1 && p.kind == PhraseKind::Vision)
        .map(|p| (p.year, [&p.rule, ".heading"].concat()))
}

fn last_due(phrases: &[Phrase], r: Range) -> Option<(i32, String)> {
    phrases
        .iter()
        .rev()
        .find(|p| p.start >= r.0 && p.end <= r.1 && p.due())
        .map(|p| (p.year, p.rule.clone()))
}

/// The longest line without a full stop that titles the bullets under it.
const LEAD_LINE_MAX: usize = 120;

/// Long numbered lines are numbered paragraphs: they name no section kind.
const HEADING_MAX: usize = 160;

pub fn structure(
    n: &Normalized,
    blocks: &[Block],
    phrases: &[Phrase],
    rules: &RuleSet,
) -> Structure {
    let fold = n.fold.as_str();
    let mut stack: Vec<(u8, String, Context)> = Vec::new();
    let mut lead: Option<Context> = None;
    let mut lead_paragraphs = false;
    let mut paths = Vec::with_capacity(blocks.len());
    // The path of the blocks under the current headings, made for the first of them.
    let mut path: Option<Rc<Vec<String>>> = None;
    let mut contexts = Vec::with_capacity(blocks.len());
    for (bi, b) in blocks.iter().enumerate() {
        let r = (b.body, b.end);
        // A numbered line with a percentage is a list item, not a section title.
        let holds_value = memchr::memchr(b'%', &fold.as_bytes()[r.0..r.1]).is_some();
        match b.kind {
            BlockKind::Heading(level) => {
                while stack.last().is_some_and(|h| h.0 >= level) {
                    stack.pop();
                }
                let short = b.end - b.start <= HEADING_MAX && !holds_value;
                // "2. Tầm nhìn đến năm 2030" heads the targets of 2030: a vision in a
                // heading with no due year of its own is their deadline.
                let ctx = Context {
                    deadline: shared(first_due(phrases, r).or_else(|| first_vision(phrases, r))),
                    pillar: shared(single_pillar(fold, r, rules)),
                    section: if short {
                        shared(section_kind(&fold[r.0..r.1], rules))
                    } else {
                        None
                    },
                };
                let label = n.text_of(b.start, b.end).trim().to_string();
                let label = shorten(&label);
                stack.push((level, label, ctx));
                path = None;
                // A numbered line with a percentage is an item of the list a lead-in
                // opened ("Mục tiêu đến năm 2030:" then "a) Tỷ lệ ... đạt 100%;").
                if short {
                    lead = None;
                    lead_paragraphs = false;
                }
            }
            BlockKind::Paragraph => {
                // A paragraph ending in ":" leads the bullets under it; so does a short
                // line without a full stop right above them ("Mục tiêu năm 2023").
                let t = fold[b.body..b.end].trim_end();
                let titles_bullets = t.len() <= LEAD_LINE_MAX
                    && !t.ends_with(['.', ';', '!', '?'])
                    && blocks
                        .get(bi + 1)
                        .is_some_and(|next| next.kind == BlockKind::Bullet);
                let ctx = || Context {
                    deadline: shared(last_due(phrases, r)),
                    pillar: shared(single_pillar(fold, r, rules)),
                    section: shared(section_kind(t, rules)),
                };
                if t.ends_with(':') {
                    // A colon lead also governs plain lines under it (lists whose
                    // bullets were lost), until the next lead or heading.
                    lead = Some(ctx());
                    lead_paragraphs = true;
                } else if titles_bullets {
                    lead = Some(ctx());
                    lead_paragraphs = false;
                } else if !lead_paragraphs {
                    lead = None;
                }
            }
            BlockKind::Bullet => {}
        }
        let labels = || Rc::new(stack.iter().map(|h| h.1.clone()).collect());
        paths.push(Rc::clone(path.get_or_insert_with(labels)));
        // Inherit: the nearest source of each attribute wins.
        let mut ctx = Context::default();
        let mut sources: Vec<&Context> = stack.iter().map(|h| &h.2).collect();
        let under_lead = match b.kind {
            BlockKind::Bullet => true,
            BlockKind::Paragraph => lead_paragraphs,
            BlockKind::Heading(_) => holds_value,
        };
        if under_lead {
            if let Some(l) = &lead {
                sources.push(l);
            }
        }
        for c in sources.iter().rev() {
            if ctx.deadline.is_none() {
                ctx.deadline = c.deadline.clone();
            }
            if ctx.pillar.is_none() {
                ctx.pillar = c.pillar.clone();
            }
            if ctx.section.is_none() {
                ctx.section = c.section.clone();
            }
        }
        contexts.push(ctx);
    }
    Structure { paths, contexts }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 120 {
        return s.to_string();
    }
    let cut: String = s.chars().take(119).collect();
    format!("{}…", cut.trim_end())
}

/// A found value with its rule id, the id made shareable.
fn shared<T>(found: Option<(T, String)>) -> Option<(T, Rc<str>)> {
    found.map(|(v, id)| (v, Rc::from(id)))
}

fn section_kind(t: &str, rules: &RuleSet) -> Option<(SectionKind, String)> {
    rules
        .sections
        .iter()
        .find(|(_, _, words)| words.contains(t))
        .map(|(id, k, _)| (*k, id.clone()))
}

/// How many lines before the first heading make the title block.
const TITLE_BLOCK_LINES: usize = 6;

/// Where the title block ends: at the first numbered heading, or after its first lines.
fn title_end(fold: &str, blocks: &[Block]) -> usize {
    let by_lines = fold
        .match_indices('\n')
        .filter(|(i, _)| !fold[..*i].trim_end().is_empty())
        .nth(TITLE_BLOCK_LINES - 1)
        .map_or(fold.len(), |(i, _)| i);
    let by_heading = blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Heading(_)))
        .map_or(fold.len(), |b| b.start);
    by_lines.min(by_heading)
}

/// The year a plan was written, as its title says: a period's first year ("giai đoạn
/// 2021 – 2025"), or the year it is for ("Kế hoạch ... năm 2024").
/// A deadline in a title ("phấn đấu đến năm 2025") says nothing of when it was written.
pub fn title_year(fold: &str, blocks: &[Block], phrases: &[Phrase]) -> Option<i32> {
    let end = title_end(fold, blocks);
    phrases
        .iter()
        .filter(|p| p.end <= end && p.due())
        .find_map(|p| match p.start_year {
            Some(start) => Some(start),
            None => fold[p.start..p.end].starts_with("năm").then_some(p.year),
        })
}

/// The document's own horizon: the year its title names ("Kế hoạch ... năm 2024"),
/// else its first period's end, else the latest year it names.
pub fn horizon(phrases: &[Phrase], title_end: usize) -> Option<(i32, String)> {
    if let Some(p) = phrases.iter().find(|p| p.end <= title_end && p.due()) {
        return Some((p.year, [&p.rule, ".title"].concat()));
    }
    if let Some(p) = phrases.iter().find(|p| p.kind == PhraseKind::Period) {
        return Some((p.year, p.rule.clone()));
    }
    phrases
        .iter()
        .filter(|p| p.kind == PhraseKind::Deadline)
        .max_by_key(|p| p.year)
        .map(|p| (p.year, p.rule.clone()))
}

pub struct Resolved {
    pub mention: Mention,
    pub kind: Kind,
    pub deadline: Option<i32>,
    pub pillar: Option<Pillar>,
    pub indicator_id: Option<String>,
}

/// Deadline by precedence: same clause, the governing phrase before it in the block,
/// the heading or lead-in, the document's horizon.
fn deadline(
    m: &Mention,
    all: &[Mention],
    phrases: &[Phrase],
    block: &Block,
    ctx: &Context,
    horizon: &Option<(i32, String)>,
    fold: &str,
) -> (Option<i32>, Option<String>) {
    // Phrases are sorted by start: take the block's stretch, not a scan of the document.
    let lo = phrases.partition_point(|p| p.start < block.start);
    let hi = phrases.partition_point(|p| p.start < block.end);
    let due = || {
        phrases[lo..hi]
            .iter()
            .filter(|p| p.due() && p.end <= block.end)
    };
    // 1. Its own clause: the nearest before it, else the nearest after it that no
    //    other number stands in front of ("15% và 25% vào năm 2030": only 25%).
    let in_clause = || due().filter(|p| p.start >= m.clause.0 && p.end <= m.clause.1);
    let after = in_clause().find(|p| p.start >= m.num.1).filter(|p| {
        !all.iter()
            .any(|o| o.num.0 >= m.num.1 && o.num.1 <= p.start && o.num != m.num)
    });
    if let Some(p) = in_clause().rev().find(|p| p.end <= m.num.0) {
        // A phrase that follows an earlier value's words with no delimiter between
        // closes that value ("10% GRDP vào năm 2025 và 20% vào năm 2030", "50% vào
        // cuối năm 2024, 80% vào năm 2025"), and this value takes its own phrase after
        // it; after a delimiter a phrase leads what follows ("15% và đến năm 2030 đạt
        // 25%").
        let closes_earlier = all.iter().any(|o| {
            let between = &fold[o.num.1.min(p.start)..p.start];
            o.num.0 >= m.clause.0
                && o.num.1 <= p.start
                && !between
                    .bytes()
                    .any(|b| b.is_ascii_digit() || b == b',' || b == b';')
                && !between.contains(" và ")
                && !between.contains(" hoặc ")
        });
        match after {
            Some(a) if closes_earlier => return (Some(a.year), Some(a.rule.clone())),
            _ => return (Some(p.year), Some(p.rule.clone())),
        }
    }
    if let Some(p) = after {
        return (Some(p.year), Some(p.rule.clone()));
    }
    // 2. The governing phrase: the nearest before it in its sentence, else a phrase
    //    that leads an earlier sentence or clause of the block.
    if let Some(p) = due()
        .rev()
        .find(|p| p.end <= m.num.0 && p.start >= m.sentence.0)
    {
        return (Some(p.year), Some(p.rule.clone()));
    }
    if let Some(p) = due()
        .rev()
        .find(|p| p.end <= m.sentence.0 && leads(fold, block, p))
    {
        return (Some(p.year), Some(p.rule.clone()));
    }
    // 3. The heading or lead-in paragraph.
    if let Some((y, r)) = &ctx.deadline {
        return (Some(*y), Some(String::from(&**r)));
    }
    // 4. The document's horizon.
    if let Some((y, r)) = horizon {
        return (Some(*y), Some([r, ".horizon"].concat()));
    }
    (None, None)
}

/// A phrase leads when little but lead-in words stand before it in its sentence or
/// after a ":" ("Mục tiêu đến năm 2025, ...", "cụ thể: Đến năm 2030, ...").
fn leads(fold: &str, block: &Block, p: &Phrase) -> bool {
    let Some(s) = block
        .sentences
        .iter()
        .find(|s| p.start >= s.start && p.start < s.end)
    else {
        return false;
    };
    let c = s
        .clauses
        .iter()
        .find(|c| p.start >= c.start && p.start < c.end.max(c.start + 1))
        .map_or(s.start, |c| if c.after_colon { c.start } else { s.start });
    let before = &fold[c..p.start];
    before.len() <= 60 && !before.bytes().any(|b| b.is_ascii_digit())
}

/// Pillar by precedence: a lead-in in the block before it, the heading or lead-in
/// paragraph, then the indicator's own words (first keyword wins).
fn pillar(
    m: &Mention,
    block: &Block,
    ctx: &Context,
    rules: &RuleSet,
    fold: &str,
    on_topic: bool,
) -> (Option<Pillar>, Option<String>) {
    let span = &fold[block.body..m.num.0];
    let mut lead: Option<(Pillar, String)> = None;
    for (s, _, i) in rules.pillar_names.find_iter(span) {
        if rules.pillar_leadin.is_match(&span[..s]) {
            let p = rules.pillar_names_info[i];
            lead = Some((rules.pillars[p].1, rules.pillars[p].0.clone()));
        }
    }
    let inherited = || ctx.pillar.as_ref().map(|(p, id)| (*p, String::from(&**id)));
    if let Some((p, id)) = lead.or_else(inherited) {
        return (Some(p), Some(id));
    }
    if m.unit == Unit::Rank {
        return (None, None);
    }
    // Another sector's indicator ("bảo hiểm y tế") in another sector's plan has none.
    if !on_topic && !rules.digital_words.contains(&m.indicator_fold) {
        return (None, None);
    }
    match rules.pillar_keywords.find(&m.indicator_fold) {
        Some((_, _, i)) => {
            let p = rules.pillar_keywords_info[i];
            (
                Some(rules.pillars[p].1),
                Some([&rules.pillars[p].0, ".keyword"].concat()),
            )
        }
        None => (None, None),
    }
}

fn kind(m: &Mention, ctx: &Context, rules: &RuleSet, fold: &str) -> (Kind, Option<String>) {
    if m.actual.is_some() {
        return (Kind::Progress, Some("kind.progress".into()));
    }
    if m.progress_sentence {
        return (Kind::Achieved, Some("kind.beside_progress".into()));
    }
    let before = own_before(m, fold);
    // Markers in brackets are asides: "(đạt chỉ tiêu Chính phủ giao)" reports a result.
    // Most sentences hold no marker: the depths are counted only for one.
    let depth = std::cell::OnceCell::new();
    let outside = |x: &(usize, usize, usize)| {
        let depth = depth.get_or_init(|| paren_depths(before));
        depth.get(x.0).is_none_or(|d| *d == 0)
    };
    let last_result = rules
        .result_markers
        .find_iter(before)
        .filter(outside)
        .map(|x| x.1)
        .last();
    let last_target = rules
        .target_markers
        .find_iter(before)
        .filter(outside)
        .map(|x| x.1)
        .last();
    // A rank's own verb ("xếp thứ 12/63") reports a position unless the sentence looks
    // forward before it ("Phấn đấu ...", "Đến năm 2030, ... đứng thứ 10/34").
    if m.unit == Unit::Rank
        && last_target.is_none()
        && rules.result_markers.contains(&fold[m.num.0..m.num.1])
        && !rules.forward_words.contains(before)
    {
        return (Kind::Achieved, Some("kind.rank_reached".into()));
    }
    match (last_result, last_target) {
        (Some(r), Some(t)) if r > t => return (Kind::Achieved, Some("kind.result_marker".into())),
        (Some(_), None) => return (Kind::Achieved, Some("kind.result_marker".into())),
        _ => {}
    }
    if let Some((SectionKind::Situation, id)) = &ctx.section {
        if last_target.is_none() {
            return (Kind::Achieved, Some(String::from(&**id)));
        }
    }
    (Kind::Target, None)
}

/// The words before a number in its sentence; for a number inside brackets, the
/// bracket's words only ("80% ... (hiện nay là 38%)": "phấn đấu" outside does not
/// govern the aside).
fn own_before<'a>(m: &Mention, fold: &'a str) -> &'a str {
    let start = crate::extract::open_bracket(fold, m.sentence.0, m.num.0).unwrap_or(m.sentence.0);
    &fold[start..m.num.0]
}

/// The bracket depth at each byte of `s`.
fn paren_depths(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut d = 0u8;
    let mut out = Vec::with_capacity(b.len());
    // A bracket is at the depth inside it; the bytes between brackets are filled whole.
    for i in memchr::memchr2_iter(b'(', b')', b) {
        out.resize(i, d);
        if b[i] == b'(' {
            d = d.saturating_add(1);
            out.push(d);
        } else {
            out.push(d);
            d = d.saturating_sub(1);
        }
    }
    out.resize(b.len(), d);
    out
}

/// True where counts may be targets: forward-looking text.
fn forward_looking(m: &Mention, ctx: &Context, rules: &RuleSet, fold: &str, has_due: bool) -> bool {
    matches!(ctx.section, Some((SectionKind::Objectives, _)))
        || rules
            .target_markers
            .contains(&fold[m.sentence.0..m.sentence.1])
        || has_due
}

/// The canonical indicator of each mention of each document: the first indicator, in
/// file order, with a matching pattern and the same unit. Asked for all the mentions of
/// a batch of documents at once (see `PatternSet::first_matches`).
pub fn indicator_ids(docs: &[&[Mention]], rules: &RuleSet) -> Vec<Vec<Option<String>>> {
    let mut ids: Vec<Vec<Option<String>>> = docs.iter().map(|ms| vec![None; ms.len()]).collect();
    for (unit, set, of) in &rules.indicator_sets {
        let (at, hays): (Vec<(usize, usize)>, Vec<&str>) = docs
            .iter()
            .enumerate()
            .flat_map(|(d, ms)| ms.iter().enumerate().map(move |(k, m)| (d, k, m)))
            .filter(|(_, _, m)| m.unit == *unit)
            .map(|(d, k, m)| ((d, k), m.indicator_fold.as_str()))
            .unzip();
        for ((d, k), p) in at.into_iter().zip(set.first_matches(&hays)) {
            if let Some(slot) = ids.get_mut(d).and_then(|v| v.get_mut(k)) {
                *slot = p
                    .and_then(|p| rules.indicators.get(*of.get(p)?))
                    .map(|ind| ind.id.clone());
            }
        }
    }
    ids
}

/// What the whole document says about each of its mentions.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocFacts {
    /// The text is about a province: a target it attributes to national bodies is a
    /// quote, not one of its own.
    pub provincial: bool,
    /// The year the text was issued or dated: a year before it is past.
    pub written: Option<i32>,
    /// A news article or a report: it states results unless it says it looks forward.
    pub reporting: bool,
}

/// How far into a paragraph a target word still opens it.
const GOAL_HEAD: usize = 24;

/// Whether a mention's text looks forward (a year after the text's date aside): a target
/// word or a forward word ("phấn đấu", "đến năm", "sẽ") before it in its paragraph, a
/// deadline after it in its clause, a paragraph before that opens with a target word,
/// or a heading or lead-in that gives a deadline or opens the objectives.
fn looks_forward(
    m: &Mention,
    block: &Block,
    previous: Option<&Block>,
    ctx: &Context,
    rules: &RuleSet,
    fold: &str,
) -> bool {
    let before = &fold[block.start.min(m.num.0)..m.num.0];
    let after = &fold[m.num.1..m.clause.1.max(m.num.1)];
    // A paragraph that opens with a target word ("Mục tiêu ... là ...") goes on in the
    // next one.
    let after_goal = previous.is_some_and(|p| {
        let mut end = p.end.min(p.body + GOAL_HEAD);
        while !fold.is_char_boundary(end) {
            end -= 1;
        }
        let head = &fold[p.body..end.max(p.body)];
        rules
            .target_markers
            .find(head)
            .is_some_and(|(s, _, _)| head[..s].trim().is_empty())
    });
    after_goal
        || ctx.deadline.is_some()
        || matches!(ctx.section, Some((SectionKind::Objectives, _)))
        || rules.target_markers.contains(before)
        || rules.forward_words.contains(before)
        || rules.forward_after.contains(after)
}

/// A number its sentence attributes to national bodies ("Chính phủ đặt mục tiêu ...",
/// "... 20% GDP") rather than to the province.
fn national(m: &Mention, rules: &RuleSet, fold: &str) -> bool {
    // Its own clause, outside brackets: "(đạt chỉ tiêu Chính phủ giao tối thiểu 30%)"
    // quotes only what is in the brackets.
    let before = &fold[m.clause.0.min(m.num.0)..m.num.0];
    let depth = std::cell::OnceCell::new();
    let last = |lex: &crate::rules::Lexicon| {
        lex.find_iter(before)
            .filter(|x| {
                let depth = depth.get_or_init(|| paren_depths(before));
                depth.get(x.0).is_none_or(|d| *d == 0) || depth.last() == depth.get(x.0)
            })
            .map(|x| x.0)
            .last()
    };
    let source = match (last(&rules.national), last(&rules.local)) {
        (Some(n), Some(l)) => n > l,
        (Some(_), None) => true,
        _ => false,
    };
    let after = &fold[m.num.1..m.clause.1.max(m.num.1)];
    source
        || rules
            .national_after
            .find(after)
            .is_some_and(|(s, _, _)| !after[..s].contains([',', ';', '(']))
}

/// A result reported as a part of a total ("trong đó người dân trong tỉnh chiếm 60,2%")
/// with no year due in its sentence.
fn breakdown(m: &Mention, phrases: &[Phrase], rules: &RuleSet, fold: &str) -> bool {
    let before = fold[m.sentence.0..m.num.0].trim_end();
    let due = phrases
        .iter()
        .any(|p| p.due() && p.start >= m.sentence.0 && p.end <= m.sentence.1);
    !due && before.ends_with("chiếm") && rules.breakdown.contains(before)
}

/// A year of the mention's own paragraph that was past when the text was written, with
/// no target word before the number in its sentence: a result ("Năm 2022, kinh tế số chiếm 7,1% GRDP").
fn past(
    m: &Mention,
    deadline: Option<i32>,
    block: &Block,
    facts: DocFacts,
    phrases: &[Phrase],
    rules: &RuleSet,
    fold: &str,
) -> bool {
    let (Some(y), Some(w)) = (deadline, facts.written) else {
        return false;
    };
    y < w
        && phrases.iter().any(|p| {
            p.due() && p.year == y && p.start >= block.start && p.end <= m.sentence.1.max(m.num.1)
        })
        && !rules.target_markers.contains(own_before(m, fold))
}

/// Resolves every mention of a document.
/// A document's part in `resolve_all`: its stages' results, its mentions with their
/// canonical indicators, and what the whole of it says.
pub struct ToResolve<'a> {
    pub n: &'a Normalized,
    pub blocks: &'a [Block],
    pub st: &'a Structure,
    pub phrases: &'a [Phrase],
    pub mentions: Vec<Mention>,
    pub ids: Vec<Option<String>>,
    pub facts: DocFacts,
}

/// A mention being judged: where it is, and what the steps so far said.
struct Judging {
    doc: usize,
    at: usize,
    left_out: Option<&'static str>,
    kind: (Kind, Option<String>),
    deadline: (Option<i32>, Option<String>),
    pillar: (Option<Pillar>, Option<String>),
}

/// The document a mention being judged is in, and the mention.
fn of<'d, 'a>(docs: &'d [ToResolve<'a>], j: &Judging) -> (&'d ToResolve<'a>, &'d Mention) {
    let d = &docs[j.doc];
    (d, &d.mentions[j.at])
}

/// Each document's resolved mentions, and the mentions it leaves out with why, in
/// mention order. Each step (national quotes, kind, deadline, past years, reports,
/// counts, pillar) is taken for all the documents' mentions before the next, while
/// its word lists are in the CPU cache (see `Pipeline::stages`); a mention's steps
/// are the same, in the same order, as taken one mention at a time.
pub fn resolve_all(
    docs: Vec<ToResolve>,
    rules: &RuleSet,
) -> Vec<(Vec<Resolved>, Vec<crate::extract::Rejected>)> {
    // What each document says about all its mentions.
    let whole: Vec<(Option<(i32, String)>, bool)> = docs
        .iter()
        .map(|d| {
            let fold = d.n.fold.as_str();
            let hz = horizon(d.phrases, title_end(fold, d.blocks));
            (hz, rules.topic_words.contains(fold))
        })
        .collect();
    let mut jobs: Vec<Judging> = docs
        .iter()
        .enumerate()
        .flat_map(|(doc, d)| {
            (0..d.mentions.len()).map(move |at| Judging {
                doc,
                at,
                left_out: None,
                kind: (Kind::Target, None),
                deadline: (None, None),
                pillar: (None, None),
            })
        })
        .collect();
    let open = |j: &&mut Judging| j.left_out.is_none();
    for j in jobs.iter_mut() {
        let (d, m) = of(&docs, j);
        if d.facts.provincial && m.unit != Unit::Rank && national(m, rules, &d.n.fold) {
            j.left_out = Some("a national target quoted in a provincial text");
        }
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        j.kind = kind(m, &d.st.contexts[m.block], rules, &d.n.fold);
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        if j.kind.0 == Kind::Target && breakdown(m, d.phrases, rules, &d.n.fold) {
            j.kind = (Kind::Achieved, Some("kind.breakdown".into()));
        }
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        let (block, ctx, fold) = (&d.blocks[m.block], &d.st.contexts[m.block], &d.n.fold);
        // A result is dated by its own text only, never by the plan's heading or horizon.
        j.deadline = if j.kind.0 == Kind::Achieved {
            let own = deadline(
                m,
                &d.mentions,
                d.phrases,
                block,
                &Context::default(),
                &None,
                fold,
            );
            if own.1.is_some() {
                own
            } else {
                (None, None)
            }
        } else {
            deadline(m, &d.mentions, d.phrases, block, ctx, &whole[j.doc].0, fold)
        };
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        let block = &d.blocks[m.block];
        if j.kind.0 == Kind::Target
            && past(m, j.deadline.0, block, d.facts, d.phrases, rules, &d.n.fold)
        {
            j.kind = (Kind::Achieved, Some("kind.past_year".into()));
        }
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        if j.kind.0 == Kind::Target
            && d.facts.reporting
            && !matches!((j.deadline.0, d.facts.written), (Some(y), Some(w)) if y > w)
            && !looks_forward(
                m,
                &d.blocks[m.block],
                m.block.checked_sub(1).and_then(|i| d.blocks.get(i)),
                &d.st.contexts[m.block],
                rules,
                &d.n.fold,
            )
        {
            j.kind = (Kind::Achieved, Some("kind.reported".into()));
        }
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        if m.unit == Unit::Count {
            let own_year = d
                .phrases
                .iter()
                .any(|p| p.due() && p.start >= m.clause.0 && p.end <= m.clause.1);
            let ctx = &d.st.contexts[m.block];
            if j.kind.0 != Kind::Target || !forward_looking(m, ctx, rules, &d.n.fold, own_year) {
                j.left_out = Some("a count outside forward-looking text");
            }
        }
    }
    for j in jobs.iter_mut().filter(open) {
        let (d, m) = of(&docs, j);
        let (block, ctx) = (&d.blocks[m.block], &d.st.contexts[m.block]);
        j.pillar = pillar(m, block, ctx, rules, &d.n.fold, whole[j.doc].1);
    }

    // The jobs are in the documents' and their mentions' order: each mention is moved
    // into what it became.
    let mut jobs = jobs.into_iter();
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        let (mut resolved, mut left_out) = (Vec::new(), Vec::new());
        let mut ids = d.ids;
        for (mut mention, j) in d.mentions.into_iter().zip(jobs.by_ref()) {
            if let Some(reason) = j.left_out {
                left_out.push(crate::extract::Rejected {
                    num: mention.num,
                    clause: mention.clause,
                    reason: reason.into(),
                });
                continue;
            }
            let id = ids.get_mut(j.at).and_then(Option::take);
            let (p, p_rule) = j.pillar;
            let p = p.or_else(|| {
                id.as_ref()
                    .and_then(|id| rules.indicators.iter().find(|i| &i.id == id))
                    .and_then(|i| i.pillar)
            });
            for r in [j.deadline.1, j.kind.1, p_rule].into_iter().flatten() {
                mention.rules.push(r);
            }
            if let Some(id) = &id {
                // Not format!: its machinery costs more than the copy (once a target).
                mention.rules.push(["indicator.", id].concat());
            }
            resolved.push(Resolved {
                mention,
                kind: j.kind.0,
                deadline: j.deadline.0,
                pillar: p,
                indicator_id: id,
            });
        }
        out.push((dedupe(resolved), left_out));
    }
    out
}

/// A target restated in the title, the lead and the body is one target, grounded on its
/// most complete clause. Within one sentence, equal values are different targets.
fn dedupe(items: Vec<Resolved>) -> Vec<Resolved> {
    let mut keep: Vec<Resolved> = Vec::with_capacity(items.len());
    for r in items {
        let same = keep.iter().position(|k| {
            k.kind == r.kind
                && k.mention.unit == r.mention.unit
                && k.mention.value == r.mention.value
                && k.mention.value_max == r.mention.value_max
                && k.mention.actual == r.mention.actual
                && k.deadline == r.deadline
                && k.mention.scope == r.mention.scope
                && k.mention.sentence != r.mention.sentence
                && match (&k.indicator_id, &r.indicator_id) {
                    (Some(a), Some(b)) => a == b,
                    (None, None) => k.mention.indicator_fold == r.mention.indicator_fold,
                    _ => false,
                }
        });
        match same {
            Some(i) => {
                // The most complete clause: a body's over a title's, then the longer.
                let title = |x: &Resolved| x.mention.block == 0;
                let better = match (title(&keep[i]), title(&r)) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => r.mention.indicator.len() > keep[i].mention.indicator.len(),
                };
                if better {
                    let mut r = r;
                    r.mention.rules.push("dedupe.restated".into());
                    keep[i] = r;
                } else {
                    keep[i].mention.rules.push("dedupe.restated".into());
                }
            }
            None => keep.push(r),
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Filled between brackets, as counted byte by byte.
        #[test]
        fn bracket_depths_by_runs(s in "[()đạ x]{0,40}") {
            let mut d = 0u8;
            let mut by_bytes = Vec::new();
            for b in s.bytes() {
                if b == b'(' {
                    d = d.saturating_add(1);
                }
                by_bytes.push(d);
                if b == b')' {
                    d = d.saturating_sub(1);
                }
            }
            proptest::prop_assert_eq!(paren_depths(&s), by_bytes);
        }
    }
}
