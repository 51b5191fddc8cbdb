//! The real binary on temporary inputs: output, messages and exit codes.

mod common;

use assert_cmd::Command;
use std::fs;

/// Runs chitieu with `args`, asserts the exit code, returns stdout.
fn stdout_of(args: &[&str], code: i32) -> String {
    let out = chitieu()
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn chitieu() -> Command {
    let mut c = Command::cargo_bin("chitieu").expect("binary built");
    c.current_dir(common::root());
    c
}

#[test]
fn extract_corpus_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    chitieu()
        .args(["extract", "corpus", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["schema_version"], "1");
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn no_path_means_the_bundled_corpus() {
    let out = chitieu()
        .args(["extract", "--format", "jsonl"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().count() > 80);
    assert!(text
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}

#[test]
fn a_missing_file_is_reported_and_the_others_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(
        &good,
        "Đến năm 2025, 80% hộ gia đình có đường truyền Internet băng rộng cáp quang.",
    )
    .unwrap();
    let missing = dir.path().join("missing.txt");
    let a = chitieu()
        .arg("extract")
        .arg(&good)
        .arg(&missing)
        .assert()
        .code(1);
    let out = a.get_output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing.txt: no such file or directory"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["targets"][0]["value"], 80.0);
    assert_eq!(v["documents"][0]["targets"][0]["deadline"], 2025);
    assert!(v["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("missing.txt"));
}

#[test]
fn an_empty_or_binary_file_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("bin.txt"), [0u8, 1, 2, 0xff, 0xfe, 0]).unwrap();
    let a = chitieu().arg("extract").arg(dir.path()).assert().code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("bin.txt: "), "{err}");
}

#[test]
fn a_bad_rule_file_stops_the_run_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    for f in chitieu::rules::FILES {
        fs::copy(common::root().join("rules").join(f), dir.path().join(f)).unwrap();
    }
    let cmp = dir.path().join("comparators.toml");
    let text = fs::read_to_string(&cmp).unwrap();
    fs::write(
        &cmp,
        text.replacen("comparator = \"gt\"", "comparator = \"greater\"", 1),
    )
    .unwrap();
    let a = chitieu()
        .arg("--rules")
        .arg(dir.path())
        .args(["extract", "corpus"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("comparators.toml:"), "{err}");
    assert!(err.contains("unknown comparator 'greater'"), "{err}");
    let line = text
        .lines()
        .position(|l| l.contains("comparator = \"gt\""))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("comparators.toml:{line}:")), "{err}");
}

#[test]
fn rule_mistakes_are_located() {
    use chitieu::RuleSet;
    let base: Vec<(String, String)> = chitieu::rules::FILES
        .iter()
        .map(|f| {
            (
                f.to_string(),
                fs::read_to_string(common::root().join("rules").join(f)).unwrap(),
            )
        })
        .collect();
    let with = |file: &str, from: &str, to: &str| {
        let mut b = base.clone();
        let e = b.iter_mut().find(|e| e.0 == file).unwrap();
        assert!(e.1.contains(from), "{from}");
        e.1 = e.1.replacen(from, to, 1);
        RuleSet::from_sources("test", &b)
            .expect_err("must fail")
            .to_string()
    };
    let bad_regex = with(
        "deadlines.toml",
        "pattern = '\\bnăm\\s+{{year}}\\b'",
        "pattern = '\\bnăm(\\s+{{year}}\\b'",
    );
    assert!(
        bad_regex.starts_with("deadlines.toml:") && bad_regex.contains("invalid regex"),
        "{bad_regex}"
    );
    let empty = with(
        "deadlines.toml",
        "pattern = '\\bnăm\\s+{{year}}\\b'",
        "pattern = '(?P<year>x)?'",
    );
    assert!(empty.contains("matches the empty string"), "{empty}");
    let unknown_key = with(
        "comparators.toml",
        "id = \"cmp.gt\"",
        "id = \"cmp.gt\"\ncolour = \"red\"",
    );
    assert!(unknown_key.contains("unknown field"), "{unknown_key}");
    let dup = with("comparators.toml", "id = \"cmp.gt\"", "id = \"cmp.gte\"");
    assert!(dup.contains("duplicate id 'cmp.gte'"), "{dup}");
    let pillar = with(
        "indicators.toml",
        "pillar = \"digital_government\"",
        "pillar = \"digital_governance\"",
    );
    assert!(pillar.contains("unknown pillar"), "{pillar}");
}

#[test]
fn eval_exits_1_under_min_f1() {
    // The whole corpus passes 0.95; one document alone misses most of the gold.
    for (path, code) in [("corpus", 0), ("corpus/000_3e0695ef231f7ec0.txt", 1)] {
        chitieu()
            .args([
                "eval",
                "--gold",
                "tests/gold_seeds.jsonl",
                path,
                "--min-f1",
                "0.95",
            ])
            .assert()
            .code(code);
    }
}

#[test]
fn schema_and_normalize_commands() {
    let out = chitieu()
        .arg("schema")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["definitions"]["Target"].is_object() || v["$defs"]["Target"].is_object());
    let text = stdout_of(&["normalize", "corpus/002_d77e8e98e996866d.txt"], 0);
    assert!(text.contains("Đến năm 2025, cơ bản hoàn thành"));
    assert!(!text.contains("50%)"));
}

#[test]
fn explain_shows_rules_and_rejections() {
    let text = stdout_of(&["explain", "corpus/003_1c44dbd1a6aa8bad.txt"], 0);
    assert!(text.contains("[progress]"));
    assert!(text.contains("rules:"));
    assert!(text.contains("a statistic about a plan"));
}

#[test]
fn usage_errors_exit_2() {
    chitieu().arg("frobnicate").assert().code(2);
    chitieu()
        .args(["extract", "--format", "xml"])
        .assert()
        .code(2);
}

/// A folder of many documents: the corpus copied under several names.
fn many_documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::root().join("corpus");
    let mut names: Vec<_> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for copy in 0..8 {
        for p in &names {
            let name = format!("{copy}_{}", p.file_name().unwrap().to_string_lossy());
            fs::copy(p, dir.path().join(name)).unwrap();
        }
    }
    dir
}

#[test]
fn threads_do_not_change_a_byte_of_the_output() {
    let dir = many_documents();
    let path = dir.path().to_str().unwrap();
    for format in ["json", "jsonl", "csv"] {
        let one = stdout_of(&["--threads", "1", "extract", path, "--format", format], 0);
        let many = stdout_of(&["--threads", "4", "extract", path, "--format", format], 0);
        assert!(one.len() > 1000, "{format}: output too small");
        assert!(one == many, "{format}: --threads 1 and 4 differ");
    }
}

#[test]
fn jsonl_rows_come_in_input_order() {
    let dir = many_documents();
    let out = stdout_of(
        &["extract", dir.path().to_str().unwrap(), "--format", "jsonl"],
        0,
    );
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc_id"].as_str().unwrap().to_string()
        })
        .collect();
    let mut firsts: Vec<&String> = Vec::new();
    for id in &ids {
        if firsts.last() != Some(&id) {
            firsts.push(id);
        }
    }
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted, "documents interleaved or out of order");
    assert_eq!(firsts.len(), 40);
}
