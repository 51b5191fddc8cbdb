//! Comparison: documents' targets put side by side by canonical indicator, for
//! `chitieu compare`. Rows are indicators grouped by pillar; cells are one province's
//! value for one deadline, with the document it comes from.

use crate::model::{Comparator, Document, Kind, Pillar, Scope, Unit};
use crate::RuleSet;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub indicators: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    pub pillar: Option<Pillar>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub province: Option<String>,
    pub deadline: Option<i32>,
    pub value: f64,
    pub value_max: Option<f64>,
    pub comparator: Comparator,
    pub unit: Unit,
    /// The level an indicator "with scope" is counted at (province, district, commune).
    pub scope: Option<Scope>,
    pub kind: Kind,
    pub actual: Option<f64>,
    pub doc_id: String,
    pub target_id: String,
    /// Another document of the same province gives this indicator another value for
    /// the same deadline (a draft and the adopted text, say): both are shown, marked.
    pub disagrees: bool,
}

impl Cell {
    /// "≥ 50%", "> 40%", "~30%", "45/40%" (actual/plan), "4,5–5%", "top 20".
    pub fn label(&self) -> String {
        let num = |v: f64| {
            let s = format!("{v}");
            s.replace('.', ",")
        };
        let value = match (self.actual, self.value_max) {
            (Some(a), _) => format!("{}/{}", num(a), num(self.value)),
            (_, Some(m)) => format!("{}–{}", num(self.value), num(m)),
            _ => num(self.value),
        };
        let value = match self.unit {
            Unit::Percent => format!("{value}%"),
            Unit::Rank => format!("top {value}"),
            Unit::Count => value,
        };
        let cmp = match self.comparator {
            Comparator::Eq => "",
            Comparator::Gte => "≥ ",
            Comparator::Gt => "> ",
            Comparator::Lte => "≤ ",
            Comparator::Lt => "< ",
            Comparator::Approx => "~",
        };
        let level = match self.scope {
            Some(Scope::Province) => "province ",
            Some(Scope::District) => "district ",
            Some(Scope::Commune) => "commune ",
            None => "",
        };
        format!(
            "{level}{cmp}{value}{}",
            if self.disagrees { " !" } else { "" }
        )
    }
}

/// The comparison of `docs`: every target with a canonical indicator, in the order of
/// the pillars and then of `rules/indicators.toml`.
pub fn compare(docs: &[Document], rules: &RuleSet) -> Comparison {
    let pillar_rank = |p: Option<Pillar>| match p {
        Some(Pillar::DigitalGovernment) => 0,
        Some(Pillar::DigitalEconomy) => 1,
        Some(Pillar::DigitalSociety) => 2,
        None => 3,
    };
    let mut rows: Vec<(usize, Row)> = rules
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            (
                k,
                Row {
                    id: ind.id.clone(),
                    label_vi: ind.label_vi.clone(),
                    label_en: ind.label_en.clone(),
                    pillar: ind.pillar,
                    cells: Vec::new(),
                },
            )
        })
        .collect();
    for d in docs {
        for t in &d.targets {
            let Some(id) = &t.indicator_id else { continue };
            let Some((_, row)) = rows.iter_mut().find(|(_, r)| &r.id == id) else {
                continue;
            };
            if row.pillar.is_none() {
                row.pillar = t.pillar;
            }
            row.cells.push(Cell {
                province: d.province.clone(),
                deadline: t.deadline,
                value: t.value,
                value_max: t.value_max,
                comparator: t.comparator,
                unit: t.unit,
                scope: t.scope,
                kind: t.kind,
                actual: t.actual,
                doc_id: d.id.clone(),
                target_id: t.id.clone(),
                disagrees: false,
            });
        }
    }
    for (_, row) in &mut rows {
        row.cells.sort_by(|a, b| {
            (&a.province, a.deadline, &a.doc_id, &a.target_id).cmp(&(
                &b.province,
                b.deadline,
                &b.doc_id,
                &b.target_id,
            ))
        });
        let cells = row.cells.clone();
        for c in &mut row.cells {
            c.disagrees = cells.iter().any(|o| {
                o.province == c.province
                    && o.deadline == c.deadline
                    && o.doc_id != c.doc_id
                    && o.kind == c.kind
                    && o.scope == c.scope
                    && (o.value, o.value_max, o.comparator) != (c.value, c.value_max, c.comparator)
            });
        }
    }
    rows.retain(|(_, r)| !r.cells.is_empty());
    rows.sort_by_key(|(k, r)| (pillar_rank(r.pillar), *k));
    Comparison {
        indicators: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// The columns of the matrix: (province, deadline) pairs, sorted.
pub fn columns(c: &Comparison) -> Vec<(Option<String>, Option<i32>)> {
    let mut cols: Vec<(Option<String>, Option<i32>)> = c
        .indicators
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| (c.province.clone(), c.deadline)))
        .collect();
    cols.sort();
    cols.dedup();
    cols
}

/// The text of one matrix cell: every value of the row for that province and deadline,
/// each with the number of its source document in `docs` ("90% [2]").
pub fn cell_text(row: &Row, col: &(Option<String>, Option<i32>), docs: &[String]) -> String {
    row.cells
        .iter()
        .filter(|c| (&c.province, c.deadline) == (&col.0, col.1))
        .map(|c| {
            let n = docs
                .iter()
                .position(|d| *d == c.doc_id)
                .map_or(0, |k| k + 1);
            format!("{} [{n}]", c.label())
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The documents the cells come from, numbered in this order from 1.
pub fn sources(c: &Comparison) -> Vec<String> {
    let mut docs: Vec<String> = c
        .indicators
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.doc_id.clone()))
        .collect();
    docs.sort();
    docs.dedup();
    docs
}

pub fn pillar_name(p: Option<Pillar>) -> &'static str {
    match p {
        Some(Pillar::DigitalGovernment) => "Digital government",
        Some(Pillar::DigitalEconomy) => "Digital economy",
        Some(Pillar::DigitalSociety) => "Digital society",
        None => "Other sectors",
    }
}

/// The matrix as aligned text no wider than `width`: the columns that do not fit go to
/// further tables below, each repeating the indicator column; long labels are cut.
pub fn table(c: &Comparison, width: usize) -> String {
    let cols = columns(c);
    let docs = sources(c);
    let label_w = 34usize;
    let col_w = |col: &(Option<String>, Option<i32>)| {
        let head = head(col);
        c.indicators
            .iter()
            .map(|r| cell_text(r, col, &docs).chars().count())
            .chain([head.0.chars().count(), head.1.chars().count()])
            .max()
            .unwrap_or(4)
            .min(24)
    };
    let widths: Vec<usize> = cols.iter().map(col_w).collect();
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    let mut used = label_w;
    for (k, w) in widths.iter().enumerate() {
        if chunks.is_empty() || used + 3 + w > width {
            chunks.push(Vec::new());
            used = label_w;
        }
        used += 3 + w;
        if let Some(last) = chunks.last_mut() {
            last.push(k);
        }
    }
    let fit = |s: &str, w: usize| {
        let n = s.chars().count();
        if n <= w {
            format!("{s}{}", " ".repeat(w - n))
        } else {
            let cut: String = s.chars().take(w.saturating_sub(1)).collect();
            format!("{cut}…")
        }
    };
    let mut out = String::new();
    for chunk in chunks {
        let line = |a: String, cells: Vec<String>| {
            let mut l = fit(&a, label_w);
            for (k, s) in chunk.iter().zip(cells) {
                l.push_str(" │ ");
                l.push_str(&fit(&s, widths[*k]));
            }
            l.trim_end().to_string() + "\n"
        };
        out += &line(
            String::new(),
            chunk.iter().map(|&k| head(&cols[k]).0).collect(),
        );
        out += &line(
            "indicator".into(),
            chunk.iter().map(|&k| head(&cols[k]).1).collect(),
        );
        let mut last_pillar = None;
        for r in &c.indicators {
            if last_pillar != Some(r.pillar) {
                out += &format!("── {} ", pillar_name(r.pillar));
                out += &"─".repeat(20);
                out.push('\n');
                last_pillar = Some(r.pillar);
            }
            out += &line(
                r.label_en.clone(),
                chunk
                    .iter()
                    .map(|&k| cell_text(r, &cols[k], &docs))
                    .collect(),
            );
        }
        out.push('\n');
    }
    out.push_str("documents:\n");
    for (k, d) in docs.iter().enumerate() {
        out.push_str(&format!("  [{}] {d}\n", k + 1));
    }
    out
}

fn head(col: &(Option<String>, Option<i32>)) -> (String, String) {
    (
        col.0.clone().unwrap_or_else(|| "(no province)".into()),
        col.1.map_or("no deadline".into(), |y| y.to_string()),
    )
}

/// A standalone HTML page with the matrix.
pub fn html(c: &Comparison) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>chitieu compare</title>\
         <style>{MATRIX_CSS}</style></head><body>{}</body></html>\n",
        matrix_table(c)
    )
}

pub const MATRIX_CSS: &str = "body{font-family:sans-serif}table.matrix{border-collapse:collapse}\
    table.matrix td,table.matrix th{border:1px solid #ccc;padding:3px 6px}\
    th.pillar{background:#eef;text-align:left}td.disagree{background:#fee}";

/// The matrix as an HTML table.
pub fn matrix_table(c: &Comparison) -> String {
    let cols = columns(c);
    let mut h = String::from("<table class=\"matrix\"><thead><tr><th>indicator</th>");
    for col in &cols {
        let (p, d) = head(col);
        h += &format!("<th>{}<br>{}</th>", esc(&p), esc(&d));
    }
    h += "</tr></thead><tbody>";
    let mut last = None;
    for r in &c.indicators {
        if last != Some(r.pillar) {
            h += &format!(
                "<tr><th class=\"pillar\" colspan=\"{}\">{}</th></tr>",
                cols.len() + 1,
                pillar_name(r.pillar)
            );
            last = Some(r.pillar);
        }
        h += &format!(
            "<tr data-indicator=\"{}\"><td title=\"{}\">{}</td>",
            esc(&r.id),
            esc(&r.label_vi),
            esc(&r.label_en)
        );
        for col in &cols {
            let cells: Vec<&Cell> = r
                .cells
                .iter()
                .filter(|c| (&c.province, c.deadline) == (&col.0, col.1))
                .collect();
            let class = if cells.iter().any(|c| c.disagrees) {
                " class=\"disagree\""
            } else {
                ""
            };
            let body: Vec<String> = cells
                .iter()
                .map(|c| {
                    format!(
                        "<span title=\"{} ({})\">{}</span>",
                        esc(&c.doc_id),
                        esc(&c.target_id),
                        esc(&c.label())
                    )
                })
                .collect();
            h += &format!("<td{class}>{}</td>", body.join("<br>"));
        }
        h += "</tr>";
    }
    h += "</tbody></table>";
    h
}

/// Text for HTML content and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
