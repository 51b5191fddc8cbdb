//! Scoring against a gold file, with exactly the matching of `shared/tools/score.py`:
//! per document and unit, a gold target matches a prediction of the same value whose
//! indicator contains every gold key (lowercased, tones dropped); greedy one-to-one,
//! scarcest gold first, best-agreeing prediction first.

use crate::fold::toneless;
use crate::model::{Comparator, Document, Kind, Unit};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct GoldTarget {
    pub doc: String,
    pub value: f64,
    pub unit: String,
    pub cmp: String,
    pub deadline: Option<i64>,
    pub pillar: Option<String>,
    pub scope: Option<String>,
    pub keys: Vec<String>,
    pub kind: String,
    pub actual: Option<f64>,
    pub optional: bool,
    pub line: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Gold {
    pub docs: BTreeMap<String, serde_json::Map<String, Value>>,
    pub rows: BTreeMap<String, Vec<GoldTarget>>,
}

/// Parses gold JSON Lines; errors name the line.
pub fn parse_gold(src: &str) -> Result<Gold, String> {
    let mut g = Gold::default();
    for (i, line) in src.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        let doc = v
            .get("doc")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("line {}: no \"doc\"", i + 1))?
            .to_string();
        if let Some(d) = v.get("document").and_then(Value::as_object) {
            g.docs.insert(doc, d.clone());
            continue;
        }
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        g.rows.entry(doc.clone()).or_default().push(GoldTarget {
            doc,
            value: v
                .get("value")
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("line {}: no numeric \"value\"", i + 1))?,
            unit: s("unit").unwrap_or_else(|| "percent".into()),
            cmp: s("cmp").unwrap_or_else(|| "eq".into()),
            deadline: v.get("deadline").and_then(Value::as_i64),
            pillar: s("pillar"),
            scope: s("scope"),
            keys: v
                .get("keys")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            kind: s("kind").unwrap_or_else(|| "target".into()),
            actual: v.get("actual").and_then(Value::as_f64),
            optional: v.get("optional").and_then(Value::as_bool).unwrap_or(false),
            line: v.get("line").and_then(Value::as_i64),
        });
    }
    Ok(g)
}

/// The fields of a prediction the scorer reads, as strings like the JSON output's.
#[derive(Debug, Clone)]
struct Pred {
    value: f64,
    unit: &'static str,
    cmp: &'static str,
    deadline: Option<i64>,
    pillar: Option<&'static str>,
    scope: Option<&'static str>,
    kind: &'static str,
    actual: Option<f64>,
    indicator: String,
}

fn unit_str(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "percent",
        Unit::Rank => "rank",
        Unit::Count => "count",
    }
}

fn cmp_str(c: Comparator) -> &'static str {
    match c {
        Comparator::Eq => "eq",
        Comparator::Gte => "gte",
        Comparator::Gt => "gt",
        Comparator::Lte => "lte",
        Comparator::Lt => "lt",
        Comparator::Approx => "approx",
    }
}

fn kind_str(k: Kind) -> &'static str {
    match k {
        Kind::Target => "target",
        Kind::Progress => "progress",
        Kind::Achieved => "achieved",
    }
}

fn preds(d: &Document) -> Vec<Pred> {
    use crate::model::{Pillar, Scope};
    d.targets
        .iter()
        .map(|t| Pred {
            value: t.value,
            unit: unit_str(t.unit),
            cmp: cmp_str(t.comparator),
            deadline: t.deadline.map(i64::from),
            pillar: t.pillar.map(|p| match p {
                Pillar::DigitalGovernment => "digital_government",
                Pillar::DigitalEconomy => "digital_economy",
                Pillar::DigitalSociety => "digital_society",
            }),
            scope: t.scope.map(|s| match s {
                Scope::Province => "province",
                Scope::District => "district",
                Scope::Commune => "commune",
            }),
            kind: kind_str(t.kind),
            actual: t.actual,
            indicator: toneless(&t.indicator),
        })
        .collect()
}

fn fields_agree(g: &GoldTarget, p: &Pred) -> Vec<&'static str> {
    let mut bad = Vec::new();
    if g.deadline != p.deadline {
        bad.push("deadline");
    }
    if g.pillar.is_some() && g.pillar.as_deref() != p.pillar {
        bad.push("pillar");
    }
    if g.cmp != p.cmp {
        bad.push("comparator");
    }
    if g.kind != p.kind {
        bad.push("kind");
    }
    if g.scope.is_some() && g.scope.as_deref() != p.scope {
        bad.push("scope");
    }
    if g.kind == "progress" && g.actual != p.actual {
        bad.push("actual");
    }
    bad
}

fn candidates(g: &GoldTarget, preds: &[Option<&Pred>]) -> Vec<usize> {
    let keys: Vec<String> = g.keys.iter().map(|k| toneless(k)).collect();
    preds
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let p = (*p)?;
            let same = (p.value - g.value).abs() < 1e-9 && p.unit == g.unit;
            (same && keys.iter().all(|k| p.indicator.contains(k.as_str()))).then_some(i)
        })
        .collect()
}

fn match_greedy<'g>(
    golds: &[&'g GoldTarget],
    preds: &[Option<&Pred>],
) -> (Vec<(&'g GoldTarget, Option<usize>)>, BTreeSet<usize>) {
    let mut cand: Vec<(&GoldTarget, Vec<usize>)> =
        golds.iter().map(|g| (*g, candidates(g, preds))).collect();
    cand.sort_by_key(|gc| gc.1.len());
    let mut used = BTreeSet::new();
    let mut pairs = Vec::new();
    for (g, cs) in cand {
        let best = cs
            .into_iter()
            .filter(|i| !used.contains(i))
            .filter_map(|i| preds[i].map(|p| (fields_agree(g, p).len(), i)))
            .min();
        match best {
            Some((_, i)) => {
                used.insert(i);
                pairs.push((g, Some(i)));
            }
            None => pairs.push((g, None)),
        }
    }
    (pairs, used)
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else if fn_ == 0 {
        1.0
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        1.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf {
        precision: p,
        recall: r,
        f1: f,
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocScore {
    pub gold: usize,
    pub pred: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub strict: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub detection: Prf,
    pub strict: Prf,
    pub field_errors: BTreeMap<String, usize>,
    pub per_doc: BTreeMap<String, DocScore>,
    pub province_accuracy: Option<f64>,
    pub grounding: Option<f64>,
    /// "rank_tp", "rank_fp", "rank_fn", "count_tp", ...
    pub non_percent: BTreeMap<String, usize>,
    pub misses: Vec<String>,
    pub extras: Vec<String>,
    pub wrong: Vec<String>,
}

fn num_forms(v: f64) -> Vec<String> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        vec![format!("{}", v as i64)]
    } else {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        vec![s.clone(), s.replace('.', ",")]
    }
}

/// Scores documents (with their source texts, for grounding) against the gold.
pub fn score(docs: &[(Document, String)], gold: &Gold) -> Report {
    let by_id: BTreeMap<&str, &(Document, String)> =
        docs.iter().map(|d| (d.0.id.as_str(), d)).collect();
    let mut rep = Report::default();
    let (mut tp, mut fp, mut fn_, mut strict) = (0, 0, 0, 0);
    let (mut prov_ok, mut prov_n, mut ground_ok, mut ground_n) = (0, 0, 0, 0);
    let all: BTreeSet<&String> = gold.docs.keys().chain(gold.rows.keys()).collect();
    for doc in all {
        let entry = by_id.get(doc.as_str());
        let allp: Vec<Pred> = entry.map(|e| preds(&e.0)).unwrap_or_default();
        if let Some(gd) = gold.docs.get(doc) {
            if let Some(want) = gd.get("province") {
                prov_n += 1;
                let got = entry.and_then(|e| e.0.province.clone());
                if want.as_str() == got.as_deref() && !want.is_null()
                    || (want.is_null() && got.is_none())
                {
                    prov_ok += 1;
                }
            }
        }
        if let Some((d, src)) = entry {
            let chars: Vec<char> = src.chars().collect();
            for t in &d.targets {
                ground_n += 1;
                let (s, e) = (t.span.start.min(chars.len()), t.span.end.min(chars.len()));
                let piece: String = chars[s..e.max(s)].iter().collect();
                if num_forms(t.value)
                    .iter()
                    .any(|f| piece.contains(f.as_str()))
                {
                    ground_ok += 1;
                }
            }
        }
        let rows: Vec<&GoldTarget> = gold
            .rows
            .get(doc)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        for unit in ["percent", "rank", "count"] {
            let gs: Vec<&GoldTarget> = rows.iter().copied().filter(|g| g.unit == unit).collect();
            let ps: Vec<&Pred> = allp
                .iter()
                .filter(|p| p.unit == unit && (p.kind == "target" || p.kind == "progress"))
                .collect();
            let main_g: Vec<&GoldTarget> = gs.iter().copied().filter(|g| !g.optional).collect();
            let opt_g: Vec<&GoldTarget> = gs.iter().copied().filter(|g| g.optional).collect();
            let pv: Vec<Option<&Pred>> = ps.iter().map(|p| Some(*p)).collect();
            let (pairs, used) = match_greedy(&main_g, &pv);
            let rest: Vec<Option<&Pred>> = ps
                .iter()
                .enumerate()
                .map(|(i, p)| (!used.contains(&i)).then_some(*p))
                .collect();
            let (_, opt_used) = match_greedy(&opt_g, &rest);
            let u_tp = pairs.iter().filter(|p| p.1.is_some()).count();
            let u_fn = pairs.len() - u_tp;
            let u_fp = ps.len() - used.len() - opt_used.len();
            let mut u_strict = 0;
            for (g, i) in &pairs {
                let Some(i) = i else {
                    rep.misses.push(format!(
                        "MISS  {doc} {unit} {} {:?} keys={:?} line={:?}",
                        g.value, g.deadline, g.keys, g.line
                    ));
                    continue;
                };
                let bad = fields_agree(g, ps[*i]);
                if unit == "percent" {
                    for b in &bad {
                        *rep.field_errors.entry(b.to_string()).or_default() += 1;
                    }
                }
                if bad.is_empty() {
                    u_strict += 1;
                } else {
                    rep.wrong.push(format!(
                        "WRONG {doc} {} keys={:?} {:?} got deadline={:?} pillar={:?} cmp={} kind={} scope={:?} actual={:?}",
                        g.value, g.keys, bad, ps[*i].deadline, ps[*i].pillar, ps[*i].cmp, ps[*i].kind, ps[*i].scope, ps[*i].actual
                    ));
                }
            }
            for (i, p) in ps.iter().enumerate() {
                if !used.contains(&i) && !opt_used.contains(&i) {
                    rep.extras.push(format!(
                        "EXTRA {doc} {unit} {} {:?} {:?}",
                        p.value, p.deadline, p.indicator
                    ));
                }
            }
            if unit == "percent" {
                tp += u_tp;
                fp += u_fp;
                fn_ += u_fn;
                strict += u_strict;
                rep.per_doc.insert(
                    doc.clone(),
                    DocScore {
                        gold: main_g.len(),
                        pred: ps.len(),
                        tp: u_tp,
                        fp: u_fp,
                        fn_: u_fn,
                        strict: u_strict,
                    },
                );
            } else {
                *rep.non_percent.entry(format!("{unit}_tp")).or_default() += u_tp;
                *rep.non_percent.entry(format!("{unit}_fp")).or_default() += u_fp;
                *rep.non_percent.entry(format!("{unit}_fn")).or_default() += u_fn;
            }
        }
    }
    rep.detection = prf(tp, fp, fn_);
    rep.strict = prf(strict, fp + tp - strict, fn_ + tp - strict);
    rep.province_accuracy = (prov_n > 0).then(|| prov_ok as f64 / prov_n as f64);
    rep.grounding = (ground_n > 0).then(|| ground_ok as f64 / ground_n as f64);
    rep
}
