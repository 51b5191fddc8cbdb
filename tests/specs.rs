//! Spec sentences: `tests/specs/*.toml` hold Vietnamese sentences written for the
//! project, each with the targets it must give (only the fields named are checked) or
//! `none = true` for no target. One harness runs them all and prints every difference.

mod common;

use chitieu::model::Target;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Which pattern of the issue or TARGETS.md the case shows (counted per pattern).
    pattern: String,
    text: String,
    /// The province the document is about, or "null".
    #[serde(default)]
    province: Option<String>,
    /// The province it became part of in the 2025 merger, or "null".
    #[serde(default)]
    merged_into: Option<String>,
    #[serde(default)]
    none: bool,
    #[serde(default)]
    expect: Vec<toml::Table>,
}

/// Checks one expected target against the found one; returns the differences.
fn differences(want: &toml::Table, got: &Target) -> Vec<String> {
    let g = serde_json::to_value(got).expect("target serialises");
    let mut out = Vec::new();
    for (k, v) in want {
        // `indicator_starts`: the indicator begins with these words (no lead-in left).
        let gv = &g[k.strip_suffix("_starts").unwrap_or(k.as_str())];
        let ok = match (k.as_str(), v) {
            ("indicator_starts", toml::Value::String(s)) => {
                chitieu::fold::toneless(&gv.as_str().unwrap_or("").to_lowercase())
                    .starts_with(&chitieu::fold::toneless(&s.to_lowercase()))
            }
            ("indicator", toml::Value::String(s)) => {
                chitieu::fold::toneless(gv.as_str().unwrap_or(""))
                    .contains(&chitieu::fold::toneless(s))
            }
            ("deadline" | "pillar" | "scope" | "value_max" | "actual", toml::Value::String(s))
                if s == "null" =>
            {
                gv.is_null()
            }
            (_, toml::Value::Integer(i)) => gv.as_f64() == Some(*i as f64),
            (_, toml::Value::Float(f)) => gv.as_f64().is_some_and(|x| (x - f).abs() < 1e-9),
            (_, toml::Value::Boolean(b)) => gv.as_bool() == Some(*b),
            (_, toml::Value::String(s)) => gv.as_str() == Some(s.as_str()),
            _ => false,
        };
        if !ok {
            out.push(format!("{k}: want {v}, got {}", compact(gv)));
        }
    }
    out
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// Every pattern the generalisation issue and TARGETS.md name, with the fewest cases
/// (positive and negative together) that each must have.
const PATTERNS: &[(&str, usize)] = &[
    ("indicator_first", 6),
    ("value_before_subject", 5),
    ("distribution", 5),
    ("levels", 5),
    ("deadline_inherited", 6),
    ("deadline_absent", 4),
    ("deadline_forms", 6),
    ("several_deadlines", 4),
    ("deadline_typos", 4),
    ("national_quoted", 4),
    ("results", 8),
    ("progress", 5),
    ("ranges", 6),
    ("annual", 4),
    ("comparators", 8),
    ("relative", 4),
    ("share_of_national", 3),
    ("hypothetical", 3),
    ("meta", 3),
    ("restated", 4),
    ("ranks", 6),
    ("counts", 5),
    ("other_sectors", 5),
    ("pillar", 5),
    ("web_furniture", 4),
    ("old_tones", 3),
    ("noise", 4),
    ("province", 8),
];

const MIN_POSITIVE: usize = 150;
const MIN_NEGATIVE: usize = 50;

struct Loaded {
    file: String,
    case: Case,
}

fn load() -> Vec<Loaded> {
    let dir = common::root().join("tests/specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/specs")
        .map(|e| e.expect("entry").path())
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("spec file");
        let spec: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let file = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.extend(spec.case.into_iter().map(|case| Loaded {
            file: file.clone(),
            case,
        }));
    }
    out
}

/// What is wrong with one case's output, if anything.
fn check(c: &Case, doc: &chitieu::model::Document) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(want) = &c.province {
        let got = doc.province.as_deref().unwrap_or("null");
        if got != want {
            problems.push(format!("province: want {want}, got {got}"));
        }
    }
    if let Some(want) = &c.merged_into {
        let got = doc.province_merged_into.as_deref().unwrap_or("null");
        if got != want {
            problems.push(format!("merged_into: want {want}, got {got}"));
        }
    }
    // Achieved rows are checked only when a case asks for them.
    let wants_achieved = c
        .expect
        .iter()
        .any(|e| e.get("kind").and_then(|k| k.as_str()) == Some("achieved"));
    let got: Vec<&Target> = doc
        .targets
        .iter()
        .filter(|t| wants_achieved || t.kind != chitieu::model::Kind::Achieved)
        .collect();
    if c.none {
        for t in &got {
            problems.push(format!(
                "unexpected {:?} {} '{}'",
                t.kind, t.value, t.indicator
            ));
        }
    } else if (c.province.is_some() || c.merged_into.is_some()) && c.expect.is_empty() {
        // A metadata case: the targets are not its point.
    } else if got.len() != c.expect.len() {
        problems.push(format!(
            "want {} targets, got {}:",
            c.expect.len(),
            got.len()
        ));
        for t in &got {
            problems.push(format!(
                "  got {:?} {} {:?} deadline={:?} '{}'",
                t.kind, t.value, t.comparator, t.deadline, t.indicator
            ));
        }
    } else {
        for (i, (w, t)) in c.expect.iter().zip(&got).enumerate() {
            for d in differences(w, t) {
                problems.push(format!("target {i} ({} '{}'): {d}", t.value, t.indicator));
            }
        }
    }
    problems
}

#[test]
fn spec_sentences() {
    let p = common::pipeline();
    let cases = load();
    let mut failures = Vec::new();
    for l in &cases {
        let c = &l.case;
        let doc = p.run(&chitieu::Source::from_text("spec", &c.text));
        let problems = check(c, &doc);
        if !problems.is_empty() {
            failures.push(format!(
                "{} :: {} [{}]\n    {}\n    {}",
                l.file,
                c.name,
                c.pattern,
                c.text.trim(),
                problems.join("\n    ")
            ));
        }
    }
    assert!(!cases.is_empty(), "no spec cases found");
    assert!(
        failures.is_empty(),
        "{} of {} spec cases fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The suite covers every pattern, with enough positive and negative cases; run with
/// `--nocapture` to see the counts.
#[test]
fn spec_coverage() {
    let cases = load();
    let mut problems = Vec::new();
    for l in &cases {
        if !PATTERNS.iter().any(|(p, _)| *p == l.case.pattern) {
            problems.push(format!(
                "{} :: {}: unknown pattern '{}'",
                l.file, l.case.name, l.case.pattern
            ));
        }
    }
    println!("{:<22} {:>8} {:>8}", "pattern", "positive", "negative");
    for (pattern, min) in PATTERNS {
        let of: Vec<_> = cases
            .iter()
            .filter(|l| l.case.pattern == *pattern)
            .collect();
        let neg = of.iter().filter(|l| l.case.none).count();
        println!("{pattern:<22} {:>8} {neg:>8}", of.len() - neg);
        if of.len() < *min {
            problems.push(format!(
                "{pattern}: {} cases, want at least {min}",
                of.len()
            ));
        }
    }
    let neg = cases.iter().filter(|l| l.case.none).count();
    let pos = cases.len() - neg;
    println!("{:<22} {pos:>8} {neg:>8}", "total");
    if pos < MIN_POSITIVE {
        problems.push(format!(
            "{pos} positive cases, want at least {MIN_POSITIVE}"
        ));
    }
    if neg < MIN_NEGATIVE {
        problems.push(format!(
            "{neg} negative cases, want at least {MIN_NEGATIVE}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The 63 provinces before the 2025 merger are all known, 34 of them remain, and each
/// is found when a text names it only mid-sentence, with or without diacritics.
#[test]
fn every_province_is_found_mid_text() {
    let p = common::pipeline();
    let provinces = &p.rules().provinces;
    assert_eq!(provinces.len(), 63, "provinces before the 2025 merger");
    let remaining = provinces.iter().filter(|x| x.merged_into.is_none()).count();
    assert_eq!(remaining, 34, "provinces after the 2025 merger");
    let mut problems = Vec::new();
    for prov in provinces {
        let toneless = chitieu::fold::toneless(&prov.name);
        let ascii: String = prov
            .name
            .chars()
            .map(chitieu::fold::ascii_fold_char)
            .collect();
        for name in [prov.name.as_str(), toneless.as_str(), ascii.as_str()] {
            let text = format!(
                "Sáng nay, đoàn công tác làm việc với tỉnh {name} về chuyển đổi số. \
                 Đến năm 2025, 80% hồ sơ được số hóa."
            );
            let doc = p.run(&chitieu::Source::from_text("spec", &text));
            if doc.province.as_deref() != Some(prov.name.as_str()) {
                problems.push(format!("'{name}': got {:?}", doc.province));
            }
            if doc.province_merged_into != prov.merged_into {
                problems.push(format!(
                    "'{name}': merged_into {:?}, want {:?}",
                    doc.province_merged_into, prov.merged_into
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
