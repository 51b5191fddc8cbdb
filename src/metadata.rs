//! Document metadata: the province a text is about, its type, number, issue date and
//! period.

use crate::model::{DocType, Period};
use crate::normalize::Normalized;
use crate::pattern::{Pattern, Scan};
use crate::resolve::Phrase;
use crate::rules::{Lexicon, PhraseKind, RuleSet};
use std::sync::OnceLock;

pub struct Metadata {
    pub title: Option<String>,
    pub province: Option<String>,
    pub provinces_mentioned: Vec<String>,
    pub doc_type: DocType,
    pub doc_number: Option<String>,
    pub issued: Option<String>,
    pub period: Option<Period>,
    /// The year the text was issued or dated (a dateline), when it says.
    pub written: Option<i32>,
}

/// How far from the start a date is the text's dateline.
const DATELINE_BYTES: usize = 400;

/// How many leading lines make the title block (type, number and date live there).
const TITLE_LINES: usize = 3;

pub fn metadata(n: &Normalized, phrases: &[Phrase], rules: &RuleSet) -> Metadata {
    let lines: Vec<&str> = n
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .collect();
    let title = lines
        .first()
        .map(|l| l.chars().take(300).collect::<String>());
    let head = lines.join("\n");
    let doc_type = doc_type(&head, n, rules);
    let official = !matches!(doc_type, DocType::News | DocType::Unknown);
    let (province, provinces_mentioned) = provinces(n, rules);
    let issued = if official { issued(&head) } else { None };
    // A news dateline ("Thứ Tư, 29/06/2022") near the top dates the text too.
    let written = issued
        .as_deref()
        .and_then(|d| d.get(..4)?.parse().ok())
        .or_else(|| {
            phrases
                .iter()
                .find(|p| p.kind == PhraseKind::Date && p.start < DATELINE_BYTES)
                .map(|p| p.year)
        });
    // A text of no official type with a dateline at its top is a dated article.
    let doc_type = if doc_type == DocType::Unknown && issued.is_none() && written.is_some() {
        DocType::News
    } else {
        doc_type
    };
    Metadata {
        written,
        title,
        province,
        provinces_mentioned,
        doc_type,
        doc_number: if official { doc_number(&head) } else { None },
        issued,
        period: period(phrases),
    }
}

fn doc_type(head: &str, n: &Normalized, rules: &RuleSet) -> DocType {
    let fhead = crate::fold::fold(head);
    // An official text opens with its type; news mentions types in passing.
    for line in fhead.lines() {
        for (t, words) in &rules.doctypes {
            if *t == DocType::News {
                continue;
            }
            if let Some((s, _, _)) = words.find(line) {
                if line[..s].trim().is_empty() {
                    return *t;
                }
            }
        }
    }
    let start = &n.fold[..n.fold_byte(2000)];
    for (t, words) in &rules.doctypes {
        if *t == DocType::News && words.contains(start) {
            return DocType::News;
        }
    }
    DocType::Unknown
}

/// Compiles this stage's fixed patterns, which are otherwise compiled by the first
/// document that needs them.
pub(crate) fn warm_up() {
    let _ = (doc_number(""), issued(""), titles());
}

fn doc_number(head: &str) -> Option<String> {
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Pattern::new(r"(?i)\bsố\s*:?\s*(\d{1,5}(?:/\d{4})?[-/][\p{L}\d/.-]*\p{L}[\p{L}\d/-]*)")
            .expect("static pattern")
    });
    re.captures(head)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim_end_matches(['.', '-', '/']).to_string())
}

fn issued(head: &str) -> Option<String> {
    static RE: OnceLock<[Pattern; 2]> = OnceLock::new();
    let res = RE.get_or_init(|| {
        [
            Pattern::new(r"(?i)\bngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)")
                .expect("static pattern"),
            Pattern::new(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)")
                .expect("static pattern"),
        ]
    });
    for re in res {
        if let Some(c) = re.captures(head) {
            let d: u32 = c.get(1)?.as_str().parse().ok()?;
            let m: u32 = c.get(2)?.as_str().parse().ok()?;
            let y: u32 = c.get(3)?.as_str().parse().ok()?;
            if (1..=31).contains(&d) && (1..=12).contains(&m) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

fn period(phrases: &[Phrase]) -> Option<Period> {
    let p = phrases.iter().find(|p| p.kind == PhraseKind::Period);
    let v = phrases.iter().find(|p| p.kind == PhraseKind::Vision);
    if p.is_none() && v.is_none() {
        return None;
    }
    Some(Period {
        start: p.and_then(|p| p.start_year),
        end: p.map(|p| p.year),
        horizon: v.map(|v| v.year),
    })
}

/// The province a text is about: names after "tỉnh"/"thành phố", and in the title,
/// weigh most; bare names count only when capitalised (not "hòa bình", peace).
///
/// Only a word that can count is looked up: one capitalised in the text, or after a
/// title. Names are matched without diacritics on the ascii fold of the few chars at
/// that word alone, so the text needs neither an ascii copy nor a scan for every name.
fn provinces(n: &Normalized, rules: &RuleSet) -> (Option<String>, Vec<String>) {
    let fold = n.fold.as_str();
    let title_end = fold.find('\n').unwrap_or(fold.len());
    let mut scores: Vec<(usize, f64, usize)> = Vec::new(); // (province, score, first position)
    let mut mentioned: Vec<usize> = Vec::new();
    // A name counted is one match of the names: none starts inside it.
    let mut next = 0usize;
    for w in candidates(n) {
        if w.at < next {
            continue;
        }
        let Some((len, i)) = rules.province_lex.prefix_mapped(&fold[w.at..], ascii) else {
            continue;
        };
        let end = w.at + len;
        let Some(&idx) = rules.province_of.get(i) else {
            continue;
        };
        next = end;
        let mut weight = if w.titled { 3.0 } else { 1.0 };
        if w.at < title_end {
            weight *= 2.0;
        }
        match scores.iter_mut().find(|s| s.0 == idx) {
            Some(s) => s.1 += weight,
            None => scores.push((idx, weight, w.at)),
        }
        if !mentioned.contains(&idx) {
            mentioned.push(idx);
        }
    }
    let best = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|s| rules.provinces[s.0].name.clone());
    let mentioned = mentioned
        .into_iter()
        .map(|i| rules.provinces[i].name.clone())
        .collect();
    (best, mentioned)
}

/// A word a province's name may start: capitalised, or after a title, or both.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    at: usize,
    titled: bool,
}

/// The words of `n.fold` that start capitalised or follow one of `TITLES`, in order.
fn candidates(n: &Normalized) -> Vec<Candidate> {
    let fold = n.fold.as_str();
    let capitals = n
        .capitals
        .iter()
        .copied()
        .filter(|&at| fold.is_char_boundary(at) && after_non_word(fold, at))
        .map(|at| Candidate { at, titled: false });
    let mut titled = Vec::new();
    let (scan, lex) = titles();
    let mut from = 0;
    // Each find is a title's form at its place, or the shortest of those there.
    while let Some(m) = scan.find(fold, from) {
        let k = m.start();
        from = k + 1;
        if !after_non_word(fold, k) {
            continue;
        }
        let Some((len, _)) = lex.prefix_mapped(&fold[k..], ascii) else {
            continue;
        };
        // A title ends at a boundary: the word after it is past the whitespace.
        let at = fold.len() - fold[k + len..].trim_start().len();
        if fold[at..]
            .chars()
            .next()
            .is_some_and(crate::fold::is_word_char)
        {
            titled.push(Candidate { at, titled: true });
        }
    }
    // Both lists are in order: merged, a word both capitalised and titled is titled.
    let mut out: Vec<Candidate> = Vec::with_capacity(titled.len() + n.capitals.len());
    let mut push = |c: Candidate| {
        if out.last().is_none_or(|last| last.at != c.at) {
            out.push(c);
        }
    };
    let mut titled = titled.into_iter().peekable();
    for c in capitals {
        while let Some(t) = titled.next_if(|t| t.at <= c.at) {
            push(t);
        }
        push(c);
    }
    titled.for_each(push);
    out
}

/// The ascii fold, as names are matched.
fn ascii(c: char) -> char {
    crate::fold::ascii_fold_char(c).to_ascii_lowercase()
}

/// Whether no word char (as `\b` takes them) comes right before byte `at` of `s`.
fn after_non_word(s: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|k| s.as_bytes()[k]) {
        None => true,
        Some(b) if b < 0x80 => !(b.is_ascii_alphanumeric() || b == b'_'),
        Some(_) => !s[..at]
            .chars()
            .next_back()
            .is_some_and(crate::fold::is_word_char),
    }
}

/// The words after which a name is a province's.
const TITLES: [&str; 5] = ["tỉnh", "thành phố", "TP", "TP.", "TP.HCM"];

/// The titles as written, folded, with their diacritics and without (the forms a
/// search for them stops at), and a word list of them without (which tells which one,
/// at its word's end).
fn titles() -> &'static (Scan, Lexicon) {
    static T: OnceLock<(Scan, Lexicon)> = OnceLock::new();
    T.get_or_init(|| {
        let mut forms: Vec<Vec<u8>> = Vec::new();
        let mut bare: Vec<String> = Vec::new();
        for t in TITLES {
            let f = crate::fold::fold(t);
            let a = crate::fold::ascii_fold(&f);
            for form in [f.into_bytes(), a.clone().into_bytes()] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
            bare.push(a);
        }
        (
            Scan::innermost(&forms).expect("static word list"),
            Lexicon::new(&bare).expect("static word list"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(
            doc_number("Nghị quyết số 09-NQ/TU, ngày 25/02/2022").as_deref(),
            Some("09-NQ/TU")
        );
        assert_eq!(
            doc_number("Quyết định số 749/QĐ-TTg ngày 3/6/2020").as_deref(),
            Some("749/QĐ-TTg")
        );
        assert_eq!(
            issued("ban hành ngày 25/02/2022").as_deref(),
            Some("2022-02-25")
        );
        assert_eq!(
            issued("Lai Châu, ngày 5 tháng 3 năm 2023").as_deref(),
            Some("2023-03-05")
        );
    }
}
