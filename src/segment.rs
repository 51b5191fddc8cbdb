//! Segmentation of the folded text into blocks (headings with their level, bullets,
//! paragraphs), sentences and clauses. All offsets are byte offsets into `fold`.

use crate::pattern::Pattern;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A numbered heading: "I-" (1), "2." (2), "2.2." (3), "2.2.1." (4), "a)" (6).
    Heading(u8),
    /// "–", "-", "•", "+" items.
    Bullet,
    Paragraph,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole line, marker included.
    pub start: usize,
    pub end: usize,
    /// Where the content starts, after the marker.
    pub body: usize,
    pub sentences: Sentences,
}

/// A block's sentences, and a sentence's clauses: most have one (or two), which are
/// kept inline instead of in an allocation of their own.
pub type Sentences = smallvec::SmallVec<[Sentence; 1]>;
pub type Clauses = smallvec::SmallVec<[Clause; 2]>;

#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub clauses: Clauses,
}

#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    /// The clause follows a ":" (a lead-in ended there).
    pub after_colon: bool,
}

/// A heading marker: its pattern, its level, and the bytes a match can begin with (asked
/// first: most lines are no heading, and a regex call costs more than a look at a byte).
type Marker = (Pattern, u8, [bool; 256]);

/// Compiles this stage's fixed patterns, which are otherwise compiled by the first
/// document that needs them.
pub(crate) fn warm_up() {
    let _ = (markers(), bullet());
}

fn markers() -> &'static [Marker] {
    static M: OnceLock<Vec<Marker>> = OnceLock::new();
    M.get_or_init(|| {
        [
            // Roman numerals: "I-", "II.", "IV –".
            (r"^(?:[ivx]{1,4})\s*[-.–)]\s+", 1),
            // "2.2.1." / "2.2.1 " / "1.2)"
            (r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+", 4),
            (r"^\d{1,2}\.\d{1,2}\.?\s+", 3),
            (r"^\d{1,2}[.)]\s+", 2),
            // "a)" "b." "đ)"
            (r"^[a-zđ][).]\s+", 6),
        ]
        .into_iter()
        .map(|(p, level)| {
            let re = Pattern::new(p).expect("static heading pattern");
            let first = re.first_bytes();
            (re, level, first)
        })
        .collect()
    })
}

fn bullet() -> &'static Pattern {
    static B: OnceLock<Pattern> = OnceLock::new();
    B.get_or_init(|| Pattern::new(r"^[-–•+*]+\s*").expect("static bullet pattern"))
}

/// Splits `fold` into blocks, one per non-empty line.
pub fn segment(fold: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut pos = 0;
    // Lines with their breaks, as `split_inclusive('\n')` gives them (by the memchr
    // crate's vectors where the standard library's search goes by words).
    let ends = memchr::memchr_iter(b'\n', fold.as_bytes())
        .map(|i| i + 1)
        .chain(std::iter::once(fold.len()));
    for end in ends {
        // The text's end right after a break: no line there.
        if end == pos {
            continue;
        }
        let line = &fold[pos..end];
        let start = pos;
        pos = end;
        let trimmed_start = start + (line.len() - line.trim_start().len());
        let end = start + line.trim_end().len();
        if end <= trimmed_start {
            continue;
        }
        let body_text = &fold[trimmed_start..end];
        let (kind, marker_len) = classify(body_text);
        let body = trimmed_start + marker_len;
        let sentences = sentences(fold, body, end);
        if end - body <= MAX_BLOCK {
            blocks.push(Block {
                kind,
                start: trimmed_start,
                end,
                body,
                sentences,
            });
            continue;
        }
        // A giant line (a text with no line breaks) becomes paragraphs of whole
        // sentences, so that what is looked up per number within its block stays bounded.
        let mut piece = Sentences::new();
        let (mut kind, mut start, mut body) = (kind, trimmed_start, body);
        for s in sentences {
            if !piece.is_empty() && s.end - body > MAX_BLOCK {
                let piece_end = piece.last().map_or(s.start, |p| p.end);
                blocks.push(Block {
                    kind,
                    start,
                    end: piece_end,
                    body,
                    sentences: std::mem::take(&mut piece),
                });
                (kind, start, body) = (BlockKind::Paragraph, s.start, s.start);
            }
            piece.push(s);
        }
        blocks.push(Block {
            kind,
            start,
            end,
            body,
            sentences: piece,
        });
    }
    blocks
}

/// Bytes: far above any real paragraph.
const MAX_BLOCK: usize = 20_000;

fn classify(line: &str) -> (BlockKind, usize) {
    let first = line.chars().next();
    for (re, level, first_bytes) in markers() {
        if !line
            .as_bytes()
            .first()
            .is_some_and(|&b| first_bytes[usize::from(b)])
        {
            continue;
        }
        if let Some(m) = re.find(line) {
            // A heading needs words after its number; "1.079 dịch vụ" is no heading
            // (the patterns ask for a space after the marker).
            if line[m.end()..]
                .chars()
                .next()
                .is_some_and(crate::fold::is_letter)
            {
                return (BlockKind::Heading(*level), m.end());
            }
        }
    }
    let bullet_start = |c: char| matches!(c, '-' | '–' | '•' | '+' | '*');
    if let Some(m) = first
        .filter(|&c| bullet_start(c))
        .and_then(|_| bullet().find(line))
    {
        // "-5%" is a negative number, not a bullet: a bullet has a space after its dash.
        let glued_number = m.as_str() == "-" && line[1..].starts_with(|c: char| c.is_ascii_digit());
        if !glued_number {
            return (BlockKind::Bullet, m.end());
        }
    }
    (BlockKind::Paragraph, 0)
}

/// Bytes; the longest sentence of the seed corpus is under a third of this.
const MAX_SENTENCE: usize = 2000;

const ABBREVIATIONS: [&str; 10] = ["tp", "tt", "ths", "ts", "pgs", "gs", "v.v", "q", "p", "tx"];

/// Splits `fold[start..end]` into sentences and clauses.
fn sentences(fold: &str, start: usize, end: usize) -> Sentences {
    let text = &fold[start..end];
    let mut out = Sentences::new();
    let mut s0 = 0;
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    // The sentence's ";" and ":" outside brackets, found in the same walk: where its
    // clauses end. Its brackets are counted from its own start.
    let mut cuts: Vec<usize> = Vec::new();
    let mut clause_depth = 0i32;
    // Every char that matters is ASCII but '…' (led by 0xE2): bytes are walked, not
    // chars, and those between the ones that matter are skipped.
    let mut stops = Stops::new(bytes);
    let mut i = 0;
    while i < bytes.len() {
        let p = stops.next_from(i);
        // A run-on "sentence" (a text with no stops, or a bracket never closed) is cut
        // at its first space past the limit, so that the work per number stays bounded.
        let long_from = (s0 + MAX_SENTENCE).max(i);
        if let Some(k) = bytes
            .get(long_from..p)
            .and_then(|r| r.iter().position(|&b| b == b' '))
        {
            let q = long_from + k;
            out.push(sentence(text, start, s0, q, &cuts));
            (s0, clause_depth) = (q, 0);
            cuts.clear();
            i = q + 1;
            continue;
        }
        let Some(&b) = bytes.get(p) else {
            break;
        };
        i = p + 1;
        let stop_len = match b {
            b'(' => {
                depth += 1;
                clause_depth += 1;
                continue;
            }
            b')' => {
                depth = (depth - 1).max(0);
                clause_depth = (clause_depth - 1).max(0);
                continue;
            }
            b';' | b':' => {
                if clause_depth == 0 {
                    cuts.push(p);
                }
                continue;
            }
            0xE2 if text[p..].starts_with('…') => '…'.len_utf8(),
            0xE2 => continue,
            _ => 1,
        };
        let after = p + stop_len;
        let next_ws = bytes.get(after).is_some_and(|b| b.is_ascii_whitespace());
        if next_ws && depth == 0 && !is_abbreviation(&text[s0..p]) {
            // Swallow a run of dots ("...") by ending here.
            out.push(sentence(text, start, s0, after, &cuts));
            (s0, clause_depth) = (after, 0);
            cuts.clear();
        }
    }
    if s0 < text.len() {
        out.push(sentence(text, start, s0, text.len(), &cuts));
    }
    out.retain(|s| s.end > s.start);
    out
}

/// A table of the bytes in `set`: one load per byte where a `match` on several bytes
/// branches (and mispredicts) on most of them.
/// A search for a few bytes, as memchr's.
type Find = fn(&[u8]) -> Option<usize>;

const STOP_FINDS: [Find; 3] = [
    |r| memchr::memchr3(b'.', b'(', b')', r),
    |r| memchr::memchr3(b';', b':', 0xE2, r),
    |r| memchr::memchr2(b'!', b'?', r),
];

/// The bytes the sentence walk stops at, ".!?();:" and 0xE2, found by memchr's vector
/// searches, three bytes at most each; each search remembers its next find, so that
/// each scans the text once.
struct Stops<'a> {
    bytes: &'a [u8],
    /// Each search's next find at or after the last place asked, or the text's end.
    next: [Option<usize>; 3],
}

impl<'a> Stops<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Stops {
            bytes,
            next: [None; 3],
        }
    }

    /// The first byte that matters at or after `i` (the places asked do not go back), or
    /// the text's end.
    fn next_from(&mut self, i: usize) -> usize {
        let rest = self.bytes.get(i..).unwrap_or_default();
        let mut first = self.bytes.len();
        for (next, find) in self.next.iter_mut().zip(STOP_FINDS) {
            let at = match *next {
                Some(at) if at >= i => at,
                _ => find(rest).map_or(self.bytes.len(), |k| i + k),
            };
            *next = Some(at);
            first = first.min(at);
        }
        first
    }
}

fn is_abbreviation(before: &str) -> bool {
    let w = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    ABBREVIATIONS.contains(&w)
}

/// The sentence `text[s..e]`, its clauses ending at `cuts` (each a ";" or ":" there).
fn sentence(text: &str, base: usize, s: usize, e: usize, cuts: &[usize]) -> Sentence {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let (s, piece) = (s + lead, piece.trim_start());
    // Each clause trimmed of surrounding blanks, and left out if nothing else.
    let mut clauses = Clauses::new();
    let mut push = |c0: usize, c1: usize, after_colon: bool| {
        let t = &text[c0..c1];
        let ls = t.len() - t.trim_start().len();
        let te = t.trim_end().len();
        if te > ls {
            clauses.push(Clause {
                start: base + c0 + ls,
                end: base + c0 + te,
                after_colon,
            });
        }
    };
    let mut c0 = s;
    let mut after_colon = false;
    for &cut in cuts {
        push(c0, cut, after_colon);
        after_colon = text.as_bytes().get(cut) == Some(&b':');
        c0 = cut + 1;
    }
    push(c0, s + piece.len(), after_colon);
    Sentence {
        start: base + s,
        end: base + s + piece.trim_end().len(),
        clauses,
    }
}

/// The index of the first block past the text's body: a line that is only a web page's
/// "Tin khác:" or "Tin liên quan" heads links to other articles. `blocks.len()` when
/// there is none.
pub fn body_end(fold: &str, blocks: &[Block], ends: &crate::rules::Lexicon) -> usize {
    blocks
        .iter()
        .position(|b| {
            let t = fold[b.body..b.end]
                .trim()
                .trim_end_matches([':', '.'])
                .trim_end();
            !t.is_empty()
                && t.len() <= 40
                && ends.find_iter(t).any(|(s, e, _)| s == 0 && e == t.len())
        })
        .unwrap_or(blocks.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    fn kinds(s: &str) -> Vec<BlockKind> {
        segment(&fold(s)).iter().map(|b| b.kind).collect()
    }

    #[test]
    fn headings_bullets_paragraphs() {
        let k = kinds("I- TÌNH HÌNH\n2. Mục tiêu\n2.2.1. Mục tiêu đến năm 2025\na) Phát triển\n– 100% xã;\nVăn bản thường.\n1.079 dịch vụ");
        use BlockKind::*;
        assert_eq!(
            k,
            vec![
                Heading(1),
                Heading(2),
                Heading(4),
                Heading(6),
                Bullet,
                Paragraph,
                Paragraph
            ]
        );
    }

    #[test]
    fn headings_numbered_with_other_digits() {
        // Fullwidth digits are `\d` too.
        assert_eq!(kinds("２. Mục tiêu"), vec![BlockKind::Heading(2)]);
    }

    #[test]
    fn run_on_text_is_cut_at_the_first_space_past_the_limit() {
        // Spaces at 4, 9, 14, ...: the first at or past 2000 bytes from a cut is 2004.
        let text = "word ".repeat(1000) + "(open. still open. end";
        let b = &segment(&text)[0];
        let spans: Vec<(usize, usize)> = b.sentences.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans[..2], [(0, 2004), (2005, 4004)]);
        // The bracket never closes: its stops end nothing, and the tail is one sentence.
        assert_eq!(spans[2..], [(4005, text.len())]);
        let text = "a… b (c. d) e. f…g. h";
        let ends: Vec<&str> = segment(text)[0]
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(ends, ["a…", "b (c. d) e.", "f…g.", "h"]);
    }

    #[test]
    fn sentences_and_clauses() {
        let f = fold("Đến năm 2025: 90% A; 80% B (x; y). Đến năm 2030… 100% C tại TP. Lào Cai.");
        let b = &segment(&f)[0];
        assert_eq!(b.sentences.len(), 3);
        let s0 = &b.sentences[0];
        assert_eq!(s0.clauses.len(), 3);
        assert!(s0.clauses[1].after_colon);
        assert_eq!(&f[s0.clauses[2].start..s0.clauses[2].end], "80% b (x; y).");
    }

    #[test]
    fn a_block_for_each_line_with_words() {
        let spans = |t: &str| -> Vec<(usize, usize)> {
            segment(t).iter().map(|b| (b.start, b.end)).collect()
        };
        assert_eq!(spans("a\nb"), [(0, 1), (2, 3)]);
        assert_eq!(spans("a\n\n b \r\n"), [(0, 1), (4, 5)]);
        assert_eq!(spans("\nđ\n"), [(1, 3)]);
        assert!(spans("").is_empty() && spans("\n \n").is_empty());
    }

    /// Clauses are cut where the sentence walk finds ";" and ":", their brackets counted
    /// from each sentence's own start: a bracket a run-on sentence left open does not
    /// hold the next one's cuts.
    #[test]
    fn each_sentence_counts_its_own_brackets() {
        let text = "(".to_string() + &"word ".repeat(500) + "x; y: z. (u; v) w; t";
        let b = &segment(&text)[0];
        let clauses: Vec<Vec<(&str, bool)>> = b
            .sentences
            .iter()
            .map(|s| {
                s.clauses
                    .iter()
                    .map(|c| (&text[c.start..c.end], c.after_colon))
                    .collect()
            })
            .collect();
        assert_eq!(clauses.len(), 2, "{clauses:?}");
        // The first is cut at a space past its limit, its bracket still open.
        assert_eq!(clauses[0].len(), 1);
        // The second: the stops after "z" and in "(u; v)" are inside the first one's
        // bracket, which the line still counts, so it runs to the end.
        assert!(clauses[1][0].0.ends_with("word word x"), "{clauses:?}");
        assert_eq!(
            clauses[1][1..],
            [("y", false), ("z. (u; v) w", true), ("t", false)],
            "{clauses:?}"
        );
    }

    proptest::proptest! {
        /// Asked at places that only go forward, the stops are the first byte of the
        /// set from each place on.
        #[test]
        fn stops_are_the_first_byte_that_matters(
            text in "[a.!?();:…“ ]{0,80}",
            steps in proptest::collection::vec(0usize..12, 0..20),
        ) {
            let bytes = text.as_bytes();
            let mut stops = Stops::new(bytes);
            let mut i = 0;
            for step in steps {
                let want = bytes[i..]
                    .iter()
                    .position(|b| b".!?();:\xE2".contains(b))
                    .map_or(bytes.len(), |k| i + k);
                proptest::prop_assert_eq!(stops.next_from(i), want);
                i = (i + step).min(bytes.len());
            }
        }
    }
}
