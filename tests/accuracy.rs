//! Seed accuracy, measured with `chitieu eval`'s code against the project's copy of the
//! gold. The thresholds are the pipeline issue's; a change that drops under them fails.

mod common;

use chitieu::eval::{parse_gold, score, Report};

fn report() -> Report {
    let gold =
        std::fs::read_to_string(common::root().join("tests/gold_seeds.jsonl")).expect("gold copy");
    let gold = parse_gold(&gold).expect("gold parses");
    score(&common::run_corpus(), &gold)
}

#[test]
fn detection_and_strict_f1() {
    let r = report();
    assert!(
        r.detection.f1 >= 0.95,
        "detection F1 {:.3} < 0.95\n{:#?}",
        r.detection.f1,
        r.misses
    );
    assert!(
        r.strict.f1 >= 0.90,
        "strict F1 {:.3} < 0.90\n{:#?}",
        r.strict.f1,
        r.wrong
    );
}

#[test]
fn province_and_grounding_are_perfect() {
    let r = report();
    assert_eq!(r.province_accuracy, Some(1.0));
    assert_eq!(r.grounding, Some(1.0));
}

#[test]
fn rank_and_count_targets() {
    let r = report();
    let get = |k: &str| r.non_percent.get(k).copied().unwrap_or(0);
    let found = get("rank_tp") + get("count_tp");
    let false_ones = get("rank_fp") + get("count_fp");
    assert!(
        found >= 6,
        "only {found} of 8 rank/count targets found: {:?}",
        r.misses
    );
    assert!(
        false_ones <= 2,
        "{false_ones} false rank/count targets: {:?}",
        r.extras
    );
}

#[test]
fn official_document_metadata() {
    let docs = common::run_corpus();
    let d = &docs
        .iter()
        .find(|d| d.0.id == "002_d77e8e98e996866d")
        .expect("seed 002")
        .0;
    assert_eq!(d.doc_number.as_deref(), Some("09-NQ/TU"));
    assert_eq!(d.issued.as_deref(), Some("2022-02-25"));
    assert_eq!(d.doc_type, chitieu::model::DocType::Resolution);
    let p = d.period.expect("a period");
    assert_eq!(
        (p.start, p.end, p.horizon),
        (Some(2021), Some(2025), Some(2030))
    );
}

/// `chitieu eval` must agree with the reference scorer to the digit.
#[test]
fn eval_agrees_with_reference_scorer() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if python.is_err() {
        eprintln!("python3 not found: reference comparison skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.json");
    let docs = common::run_corpus();
    let o = chitieu::model::Output {
        schema_version: "1".into(),
        generator: chitieu::model::Generator {
            name: "chitieu".into(),
            version: "test".into(),
            rules: "embedded".into(),
        },
        documents: docs.iter().map(|d| d.0.clone()).collect(),
        errors: vec![],
    };
    std::fs::write(&out, serde_json::to_vec(&o).expect("serialises")).expect("write");
    let root = common::root();
    let res = std::process::Command::new("python3")
        .arg(root.join("tests/reference/score.py"))
        .arg(&out)
        .arg(root.join("tests/gold_seeds.jsonl"))
        .arg("--corpus")
        .arg(root.join("corpus"))
        .arg("--json")
        .output()
        .expect("score.py runs");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let py: serde_json::Value = serde_json::from_slice(&res.stdout).expect("score.py json");
    let r = report();
    let close = |a: f64, b: &serde_json::Value| (a - b.as_f64().unwrap_or(-1.0)).abs() < 1e-3;
    assert!(
        close(r.detection.f1, &py["detection"]["f1"]),
        "detection {} vs {}",
        r.detection.f1,
        py["detection"]
    );
    assert!(
        close(r.strict.f1, &py["strict"]["f1"]),
        "strict {} vs {}",
        r.strict.f1,
        py["strict"]
    );
    assert!(close(r.grounding.unwrap_or(-1.0), &py["grounding"]));
    for (k, v) in py["non_percent"].as_object().expect("non_percent") {
        assert_eq!(
            r.non_percent.get(k).copied().unwrap_or(0) as u64,
            v.as_u64().unwrap_or(99),
            "{k}"
        );
    }
}
