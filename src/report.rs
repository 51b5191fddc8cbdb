//! The report: one self-contained HTML file (no network) with each document's text and
//! its targets highlighted (hover or click shows a target's fields), the comparison
//! matrix, and a chart of targets by pillar and deadline per province (inline SVG).

use crate::compare::{self, esc, Comparison};
use crate::model::{Document, Pillar, Target};
use std::collections::BTreeMap;

const CSS: &str = "body{font-family:sans-serif;margin:1.5em;max-width:1200px}\
    pre.text{font-family:sans-serif;white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.8em;max-height:28em;overflow:auto}\
    mark.target{background:#ffe28a;cursor:pointer}mark.target:hover,mark.target.on{background:#ffb340}\
    #fields{position:fixed;right:1em;top:1em;width:22em;background:#fff;border:1px solid #999;padding:.6em;font-size:13px;display:none;white-space:pre-wrap}\
    .legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}";

const JS: &str = "document.addEventListener('click',function(e){var m=e.target.closest('mark.target');\
    var f=document.getElementById('fields');document.querySelectorAll('mark.on').forEach(function(x){x.classList.remove('on')});\
    if(!m){f.style.display='none';return}m.classList.add('on');f.textContent=m.getAttribute('title');f.style.display='block'});";

const COLOURS: [(Option<Pillar>, &str); 4] = [
    (Some(Pillar::DigitalGovernment), "#4e79a7"),
    (Some(Pillar::DigitalEconomy), "#f28e2b"),
    (Some(Pillar::DigitalSociety), "#59a14f"),
    (None, "#bab0ac"),
];

/// The report of `docs`, each with the original text its spans point into.
pub fn report(docs: &[(Document, String)], comparison: &Comparison) -> String {
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>chitieu report</title>\
         <style>{CSS}{}</style></head><body><div id=\"fields\"></div><h1>chitieu report</h1>",
        compare::MATRIX_CSS
    );
    h += "<h2>Targets by pillar and deadline</h2>";
    h += &chart(docs);
    h += "<h2>Comparison</h2>";
    h += &compare::matrix_table(comparison);
    h += "<h2>Documents</h2>";
    for (d, text) in docs {
        h += &format!(
            "<section class=\"doc\" data-doc=\"{}\" data-targets=\"{}\"><h3>{}</h3><p>{} · {} · {} targets</p><pre class=\"text\">{}</pre></section>",
            esc(&d.id),
            d.targets.len(),
            esc(d.title.as_deref().unwrap_or(&d.id)),
            esc(&d.path),
            esc(d.province.as_deref().unwrap_or("no province")),
            d.targets.len(),
            highlighted(text, &d.targets)
        );
    }
    h += &format!("<script>{JS}</script></body></html>\n");
    h
}

/// `text` with every target's span in a `<mark>`; targets whose spans overlap share one
/// mark, which lists all their ids in `data-ids`.
fn highlighted(text: &str, targets: &[Target]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, Vec<&Target>)> = Vec::new();
    let mut sorted: Vec<&Target> = targets.iter().collect();
    sorted.sort_by_key(|t| (t.span.start, t.span.end));
    for t in sorted {
        let (s, e) = (t.span.start.min(chars.len()), t.span.end.min(chars.len()));
        match spans.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(e);
                last.2.push(t);
            }
            _ => spans.push((s, e, vec![t])),
        }
    }
    let slice = |a: usize, b: usize| esc(&chars[a..b].iter().collect::<String>());
    let mut out = String::new();
    let mut at = 0;
    for (s, e, ts) in spans {
        out += &slice(at, s);
        let ids: Vec<&str> = ts.iter().map(|t| t.id.as_str()).collect();
        let fields: Vec<String> = ts.iter().map(|t| describe(t)).collect();
        out += &format!(
            "<mark class=\"target\" data-ids=\"{}\" title=\"{}\">{}</mark>",
            esc(&ids.join(" ")),
            esc(&fields.join("\n\n")),
            slice(s, e)
        );
        at = e;
    }
    out += &slice(at, chars.len());
    out
}

fn describe(t: &Target) -> String {
    let j = |v: serde_json::Result<serde_json::Value>| match v {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => "-".into(),
        Ok(other) => other.to_string(),
    };
    format!(
        "{}\nindicator: {}\nid: {}\nvalue: {} {}{}\ncomparator: {}\ndeadline: {}\npillar: {}\nscope: {}\nkind: {}{}",
        t.id,
        t.indicator,
        t.indicator_id.as_deref().unwrap_or("-"),
        t.value,
        j(serde_json::to_value(t.unit)),
        t.value_max.map(|m| format!(" to {m}")).unwrap_or_default(),
        j(serde_json::to_value(t.comparator)),
        t.deadline.map_or("-".into(), |y| y.to_string()),
        j(serde_json::to_value(t.pillar)),
        j(serde_json::to_value(t.scope)),
        j(serde_json::to_value(t.kind)),
        t.actual.map(|a| format!("\nactual: {a}")).unwrap_or_default(),
    )
}

/// Horizontal stacked bars: one per province and deadline, its length the number of
/// targets, coloured by pillar.
fn chart(docs: &[(Document, String)]) -> String {
    let mut counts: BTreeMap<(String, String), [usize; 4]> = BTreeMap::new();
    for (d, _) in docs {
        let province = d.province.clone().unwrap_or_else(|| "(no province)".into());
        for t in &d.targets {
            let deadline = t.deadline.map_or("no deadline".into(), |y| y.to_string());
            let k = COLOURS
                .iter()
                .position(|(p, _)| *p == t.pillar)
                .unwrap_or(3);
            counts.entry((province.clone(), deadline)).or_default()[k] += 1;
        }
    }
    let max = counts
        .values()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (bar_h, label_w, width) = (18usize, 220usize, 900usize);
    let scale = (width - label_w - 40) as f64 / max as f64;
    let height = counts.len() * (bar_h + 6) + 10;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"12\">"
    );
    for (row, ((province, deadline), c)) in counts.iter().enumerate() {
        let y = 5 + row * (bar_h + 6);
        svg += &format!(
            "<text x=\"0\" y=\"{}\">{} · {}</text>",
            y + bar_h - 5,
            esc(province),
            esc(deadline)
        );
        let mut x = label_w as f64;
        for (k, n) in c.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let w = *n as f64 * scale;
            svg += &format!(
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{}: {n}</title></rect>",
                COLOURS[k].1,
                compare::pillar_name(COLOURS[k].0)
            );
            x += w;
        }
        svg += &format!(
            "<text x=\"{:.1}\" y=\"{}\">{}</text>",
            x + 4.0,
            y + bar_h - 5,
            c.iter().sum::<usize>()
        );
    }
    svg += "</svg>";
    let legend: String = COLOURS
        .iter()
        .map(|(p, colour)| {
            format!(
                "<span style=\"background:{colour}\"></span>{}",
                compare::pillar_name(*p)
            )
        })
        .collect();
    format!("<div class=\"legend\">{legend}</div>{svg}")
}
