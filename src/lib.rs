//! chitieu: extracts quantified targets (chỉ tiêu) with their deadline, pillar and level
//! from Vietnamese digital-transformation resolutions, plans and reports.
//!
//! ```text
//! bytes ─ingest─▶ Source ─normalize─▶ Normalized ─segment─▶ Blocks
//!       ─extract─▶ Mentions ─resolve─▶ Targets ─output─▶ json | jsonl | csv
//! ```
//!
//! The library never prints and never exits; the binary decides what people see.
//!
//! ```
//! use chitieu::{Pipeline, RuleSet, Source};
//!
//! let pipeline = Pipeline::new(RuleSet::embedded().expect("the embedded rules compile"));
//! let src = Source::from_text("plan", "Đến năm 2025, 80% hộ gia đình có Internet cáp quang.");
//! let doc = pipeline.run(&src);
//! let t = &doc.targets[0];
//! assert_eq!((t.value, t.deadline), (80.0, Some(2025)));
//! assert_eq!(t.pillar, Some(chitieu::model::Pillar::DigitalSociety));
//! // The span points into the original text and holds the number as written.
//! let clause: String = src.text.chars().skip(t.span.start).take(t.span.end - t.span.start).collect();
//! assert!(clause.contains("80%"));
//! ```

#[macro_use]
mod avx2;

pub mod compare;
pub mod error;
pub mod eval;
pub mod extract;
pub mod fold;
pub mod ingest;
pub mod legacy;
pub mod metadata;
pub mod model;
pub mod normalize;
pub mod numbers;
pub mod ordered;
pub mod output;
pub mod pattern;
pub mod pdf;
pub mod reach;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod segment;

pub use error::{Error, RuleError};
pub use ingest::Source;
pub use model::{Document, Output, Target};
pub use rules::RuleSet;

use model::{Span, Warning};

/// A percentage or count that was not made a target, and why.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub span: Span,
    pub line: usize,
    pub number: String,
    pub text: String,
    pub reason: String,
}

/// A document with what `explain` shows beside it.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub document: Document,
    pub rejected: Vec<Rejection>,
}

/// Compiles the stages' fixed patterns, which the first documents would otherwise
/// compile, a few milliseconds of one core. Run beside the rules' compiling, it takes
/// time from a core that would wait part of it.
pub fn warm_up() {
    metadata::warm_up();
    segment::warm_up();
    extract::warm_up();
}

/// The pipeline: one compiled rule set, run on many sources (also in parallel).
pub struct Pipeline {
    rules: RuleSet,
}

impl Pipeline {
    pub fn new(rules: RuleSet) -> Self {
        Pipeline { rules }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn run(&self, src: &Source) -> Document {
        self.stages(&[src], false).swap_remove(0).document
    }

    /// `run` on each source, stage by stage over all of them (see `stages`); the same
    /// documents, in the same order.
    pub fn run_batch(&self, srcs: &[&Source]) -> Vec<Document> {
        self.stages(srcs, false)
            .into_iter()
            .map(|a| a.document)
            .collect()
    }

    /// Runs every stage on one source, and says why each number that is no target
    /// was left out.
    pub fn analyse(&self, src: &Source) -> Analysis {
        self.stages(&[src], true).swap_remove(0)
    }

    /// Runs every stage on each source, one analysis per source. Each stage goes over
    /// all the sources before the next, and so does each step of extraction and
    /// resolution over all their numbers: run document after document through all the
    /// stages, the dozens of automata they ask found their tables pushed out of the CPU
    /// caches by the others' (the lead-ins' took 184 ns a question alone, 589 ns in
    /// the pipeline). With 64 documents at a time, bench100 took a quarter less CPU.
    /// The reasons for left-out numbers are kept only when asked for: each carries its
    /// clause, and a long text has many.
    fn stages(&self, srcs: &[&Source], explain: bool) -> Vec<Analysis> {
        let rules = &self.rules;
        let ns: Vec<_> = srcs
            .iter()
            .map(|src| normalize::normalize(&src.text, rules))
            .collect();
        let blocks: Vec<_> = ns.iter().map(|n| segment::segment(&n.fold)).collect();
        let phrases: Vec<_> = ns
            .iter()
            .map(|n| resolve::find_phrases(&n.fold, rules))
            .collect();
        let structures: Vec<_> = (0..ns.len())
            .map(|i| resolve::structure(&ns[i], &blocks[i], &phrases[i], rules))
            .collect();
        let bodies: Vec<_> = ns
            .iter()
            .zip(&blocks)
            .map(|(n, blocks)| extract::Body {
                n,
                blocks,
                range: 0..segment::body_end(&n.fold, blocks, &rules.body_ends),
            })
            .collect();
        let extracted = extract::extract_bodies(&bodies, rules);
        let mentions: Vec<&[extract::Mention]> =
            extracted.iter().map(|b| b.mentions.as_slice()).collect();
        let ids = resolve::indicator_ids(&mentions, rules);
        let metas: Vec<_> = (0..ns.len())
            .map(|i| metadata::metadata(&ns[i], &phrases[i], rules))
            .collect();
        let mut rejected: Vec<Vec<extract::Rejected>> = Vec::with_capacity(ns.len());
        let mut to_resolve = Vec::with_capacity(ns.len());
        for (i, (e, ids)) in extracted.into_iter().zip(ids).enumerate() {
            rejected.push(e.rejected);
            to_resolve.push(resolve::ToResolve {
                n: &ns[i],
                blocks: &blocks[i],
                st: &structures[i],
                phrases: &phrases[i],
                mentions: e.mentions,
                ids,
                facts: facts(&metas[i], &ns[i].fold, &blocks[i], &phrases[i]),
            });
        }
        let resolved = resolve::resolve_all(to_resolve, rules);
        let docs = ns
            .into_iter()
            .zip(structures)
            .zip(metas)
            .map(|((n, st), meta)| Stages { n, st, meta });
        srcs.iter()
            .zip(docs)
            .zip(resolved.into_iter().zip(rejected))
            .map(|((src, doc), ((resolved, left_out), mut rejected))| {
                // The extraction's left-out numbers, then the resolution's.
                rejected.extend(left_out);
                self.finish(src, doc, resolved, rejected, explain)
            })
            .collect()
    }

    /// A document's targets, warnings and rejections, from its stages.
    fn finish(
        &self,
        src: &Source,
        doc: Stages,
        resolved: Vec<resolve::Resolved>,
        mut rejected: Vec<extract::Rejected>,
        explain: bool,
    ) -> Analysis {
        let rules = &self.rules;
        let Stages { n, st, meta } = doc;

        let orig = OrigText::new(&src.text, &n);
        let mut targets: Vec<Target> = Vec::with_capacity(resolved.len());
        // How many targets each clause start has given so far (ordered, not hashed: a
        // document has a few dozen, and SipHash took more than the look-ups).
        let mut from_clause: std::collections::BTreeMap<usize, usize> = Default::default();
        for r in resolved {
            let m = r.mention;
            let (s, e) = n.orig_range(m.clause.0, m.clause.1);
            // "<doc>#<start>", then "<doc>#<start>.1", ".2" for more from one clause.
            let before = from_clause.entry(s).or_insert(0);
            // Not format!: ten times the instructions, once a target.
            let mut id = String::with_capacity(src.id.len() + 16);
            let mut number = itoa::Buffer::new();
            id.push_str(&src.id);
            id.push('#');
            id.push_str(number.format(s));
            if *before > 0 {
                id.push('.');
                id.push_str(number.format(*before));
            }
            *before += 1;
            targets.push(Target {
                id,
                kind: r.kind,
                value: m.value,
                value_max: m.value_max,
                unit: m.unit,
                rank_of: m.rank_of,
                comparator: m.comparator,
                deadline: r.deadline,
                annual: m.annual,
                relative: m.relative,
                pillar: r.pillar,
                scope: m.scope,
                indicator: m.indicator,
                indicator_id: r.indicator_id,
                actual: m.actual,
                span: Span { start: s, end: e },
                line: orig.line(s),
                text: orig.slice(s, e),
                section: st.paths[m.block].to_vec(),
                rules: m.rules,
            });
        }
        targets.sort_by(|a, b| (a.span.start, &a.id).cmp(&(b.span.start, &b.id)));

        let mut warnings: Vec<Warning> = n
            .repairs
            .iter()
            .map(|r| Warning {
                code: "repair".into(),
                message: format!("{}: '{}' read as '{}'", r.rule, r.from.trim(), r.to.trim()),
                line: Some(orig.line(r.at)),
            })
            .collect();
        for note in &src.notes {
            warnings.push(Warning {
                code: "encoding".into(),
                message: note.clone(),
                line: None,
            });
        }
        if meta.province.is_none() {
            warnings.push(Warning {
                code: "no_province".into(),
                message: "no province named in the text".into(),
                line: None,
            });
        }
        if !explain {
            rejected.clear();
        }
        let rejected = rejected
            .into_iter()
            .map(|rj| {
                let (s, e) = n.orig_range(rj.clause.0, rj.clause.1);
                Rejection {
                    span: Span { start: s, end: e },
                    line: orig.line(s),
                    number: n.text_of(rj.num.0, rj.num.1).to_string(),
                    text: orig.slice(s, e),
                    reason: rj.reason,
                }
            })
            .collect();

        let province_merged_into = meta.province.as_deref().and_then(|p| {
            rules
                .provinces
                .iter()
                .find(|x| x.name == p)
                .and_then(|x| x.merged_into.clone())
        });
        Analysis {
            document: Document {
                id: src.id.clone(),
                path: src.path.clone(),
                sha256: src.sha256.clone(),
                format: src.format,
                encoding: src.encoding.clone(),
                title: meta.title,
                province: meta.province,
                province_merged_into,
                provinces_mentioned: meta.provinces_mentioned,
                doc_type: meta.doc_type,
                doc_number: meta.doc_number,
                issued: meta.issued,
                period: meta.period,
                targets,
                warnings,
            },
            rejected,
        }
    }
}

/// What the whole document says about each of its mentions.
fn facts(
    meta: &metadata::Metadata,
    fold: &str,
    blocks: &[segment::Block],
    phrases: &[resolve::Phrase],
) -> resolve::DocFacts {
    resolve::DocFacts {
        provincial: meta.province.is_some(),
        written: meta.written.or_else(|| {
            let official = !matches!(
                meta.doc_type,
                model::DocType::News | model::DocType::Unknown
            );
            official
                .then(|| resolve::title_year(fold, blocks, phrases))
                .flatten()
        }),
        reporting: matches!(meta.doc_type, model::DocType::News | model::DocType::Report),
    }
}

/// What a document's targets are made from, of the stages that run over a batch.
struct Stages {
    n: normalize::Normalized,
    st: resolve::Structure,
    meta: metadata::Metadata,
}

/// Char-offset slicing of the original text.
struct OrigText<'a> {
    text: &'a str,
    idx: std::borrow::Cow<'a, normalize::CharIndex>,
    /// The byte offsets of its line breaks.
    breaks: Vec<usize>,
}

impl<'a> OrigText<'a> {
    /// Most texts come out of normalising unchanged: they share its char index.
    fn new(text: &'a str, n: &'a normalize::Normalized) -> Self {
        let idx = if n.text == text {
            std::borrow::Cow::Borrowed(n.text_index())
        } else {
            std::borrow::Cow::Owned(normalize::CharIndex::new(text))
        };
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        OrigText { text, idx, breaks }
    }

    /// The 1-based line of char offset `ci`: one more than the breaks before it.
    fn line(&self, ci: usize) -> usize {
        let b = self.idx.byte_of(self.text, ci);
        1 + self.breaks.partition_point(|&nl| nl < b)
    }

    fn slice(&self, s: usize, e: usize) -> String {
        let bs = self.idx.byte_of(self.text, s);
        let be = self.idx.byte_of(self.text, e);
        self.text[bs..be.max(bs)].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line is found from the breaks' bytes; it must be the line the chars count.
    #[test]
    fn lines_of_char_offsets() {
        let rules = RuleSet::embedded().expect("embedded rules load");
        for text in [
            "ạb\nc\n\nđ",
            "\n\nỦy ban\r\nđạt 50%\n",
            "không xuống dòng",
            "",
        ] {
            let n = normalize::normalize(text, &rules);
            let orig = OrigText::new(text, &n);
            let starts = normalize::line_starts_of(text);
            for ci in 0..=text.chars().count() + 1 {
                assert_eq!(
                    orig.line(ci),
                    normalize::line_of(&starts, ci),
                    "{text:?} at {ci}"
                );
            }
        }
    }
}
