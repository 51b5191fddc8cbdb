//! Every corpus text, in every encoding and format chitieu reads (text-layer PDF included) (made by
//! scripts/make_fixtures.py into tests/fixtures/equiv/), yields the same targets as the
//! UTF-8 original, and every span's slice of the decoded text holds its number.

mod common;

use chitieu::{Pipeline, RuleSet, Source, Target};
use std::fs;

const VARIANTS: [&str; 9] = [
    "utf16.txt",
    "cp1258.txt",
    "tcvn3.txt",
    "vni.txt",
    "nfd.txt",
    "oldtone.txt",
    "html",
    "docx",
    "pdf",
];

/// The fields that must not depend on how the text was stored. The indicator is the
/// document's own words, so it is compared in the matching form (NFC, lowercase: TCVN3
/// has no capitals with tone marks; one tone placement: "hoá" is "hóa").
fn key(t: &Target) -> String {
    use unicode_normalization::UnicodeNormalization;
    let j = |v: serde_json::Result<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
    format!(
        "{} {:?} {} {} {:?} {} {} {} {} {:?} {}",
        t.value,
        t.value_max,
        j(serde_json::to_value(t.unit)),
        j(serde_json::to_value(t.comparator)),
        t.deadline,
        j(serde_json::to_value(t.pillar)),
        j(serde_json::to_value(t.scope)),
        j(serde_json::to_value(t.kind)),
        t.indicator_id.as_deref().unwrap_or("-"),
        t.actual,
        chitieu::fold::fold(&t.indicator.nfc().collect::<String>()),
    )
}

#[test]
fn every_encoding_and_format_yields_the_same_targets() {
    let p = Pipeline::new(RuleSet::embedded().expect("embedded rules"));
    let root = common::root();
    let dir = root.join("tests/fixtures/equiv");
    let mut corpus: Vec<_> = fs::read_dir(root.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for orig in &corpus {
        let name = orig.file_stem().unwrap().to_string_lossy().to_string();
        let want: Vec<String> = p
            .run(&Source::from_bytes(orig, &fs::read(orig).unwrap()).unwrap())
            .targets
            .iter()
            .map(key)
            .collect();
        assert!(!want.is_empty());
        for v in VARIANTS {
            let path = dir.join(format!("{name}.{v}"));
            let bytes = fs::read(&path).unwrap_or_else(|_| {
                panic!("{} missing: run scripts/make_fixtures.py", path.display())
            });
            let src = match Source::from_bytes(&path, &bytes) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{name}.{v}: {e}"));
                    continue;
                }
            };
            let doc = p.run(&src);
            let got: Vec<String> = doc.targets.iter().map(key).collect();
            if got != want {
                let missing: Vec<_> = want.iter().filter(|k| !got.contains(k)).collect();
                let extra: Vec<_> = got.iter().filter(|k| !want.contains(k)).collect();
                failures.push(format!(
                    "{name}.{v} ({}): missing {missing:#?}\nextra {extra:#?}",
                    doc.encoding
                ));
            }
            let chars: Vec<char> = src.text.chars().collect();
            for t in &doc.targets {
                let slice: String = chars[t.span.start..t.span.end].iter().collect();
                let whole = format!("{}", t.value.trunc());
                if !slice.contains(&whole) {
                    failures.push(format!("{name}.{v}: span of {} is '{slice}'", t.id));
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, corpus.len() * VARIANTS.len());
}

/// Run together through the stages (`run_batch`), each document comes out as it does
/// alone, whatever its neighbours: every corpus text and every stored variant of it, in
/// one batch and in the reverse order.
#[test]
fn a_batch_gives_each_document_as_alone() {
    let p = Pipeline::new(RuleSet::embedded().expect("embedded rules"));
    let root = common::root();
    let mut paths: Vec<_> = fs::read_dir(root.join("corpus"))
        .unwrap()
        .chain(fs::read_dir(root.join("tests/fixtures/equiv")).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let srcs: Vec<Source> = paths
        .iter()
        .filter_map(|p| Source::from_bytes(p, &fs::read(p).unwrap()).ok())
        .collect();
    assert!(srcs.len() > 40, "{} sources", srcs.len());
    let json = |d: &chitieu::Document| serde_json::to_string(d).unwrap();
    let alone: Vec<String> = srcs.iter().map(|s| json(&p.run(s))).collect();
    let refs: Vec<&Source> = srcs.iter().collect();
    let together: Vec<String> = p.run_batch(&refs).iter().map(json).collect();
    assert!(together == alone, "a batch changed a document");
    let reversed: Vec<&Source> = srcs.iter().rev().collect();
    let mut back: Vec<String> = p.run_batch(&reversed).iter().map(json).collect();
    back.reverse();
    assert!(back == alone, "a batch in another order changed a document");
}
