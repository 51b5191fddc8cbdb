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
    text: String,
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
        let gv = &g[k.as_str()];
        let ok = match (k.as_str(), v) {
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

#[test]
fn spec_sentences() {
    let p = common::pipeline();
    let dir = common::root().join("tests/specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/specs")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let (mut n, mut failures) = (0, Vec::new());
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
    {
        let text = std::fs::read_to_string(f).expect("spec file");
        let spec: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for c in spec.case {
            n += 1;
            let doc = p.run(&chitieu::Source::from_text("spec", &c.text));
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
            let mut problems = Vec::new();
            if c.none {
                for t in &got {
                    problems.push(format!(
                        "unexpected {:?} {} '{}'",
                        t.kind, t.value, t.indicator
                    ));
                }
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
            if !problems.is_empty() {
                failures.push(format!(
                    "{} :: {}\n    {}\n    {}",
                    f.file_name().unwrap_or_default().to_string_lossy(),
                    c.name,
                    c.text,
                    problems.join("\n    ")
                ));
            }
        }
    }
    assert!(n > 0, "no spec cases found");
    assert!(
        failures.is_empty(),
        "{} of {n} spec cases fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
