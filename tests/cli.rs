//! The real binary on temporary inputs: output, messages and exit codes.

mod common;

use assert_cmd::Command;
use sha2::Digest;
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
    // Rows skip the hash; documents must still carry their file's.
    for d in v["documents"].as_array().unwrap() {
        let bytes = fs::read(common::root().join(d["path"].as_str().unwrap())).unwrap();
        let hex: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(d["sha256"], hex.as_str(), "{}", d["path"]);
    }
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

/// The bundled rule files as (name, contents), in the order `from_sources` takes them.
fn rule_sources() -> Vec<(String, String)> {
    chitieu::rules::FILES
        .iter()
        .map(|f| {
            (
                f.to_string(),
                fs::read_to_string(common::root().join("rules").join(f)).unwrap(),
            )
        })
        .collect()
}

/// The lead-ins compile beside the other rules; of several mistakes, the one met first
/// reading the files in order is still the one reported.
#[test]
fn the_first_rule_mistake_in_the_files_order_is_reported() {
    use chitieu::RuleSet;
    let base = rule_sources();
    let leadin = ("extract.toml", "'^\\s*(?:và|hoặc", "'^\\s*((?:và|hoặc");
    let tail = ("extract.toml", "'\\s*[,;(]?\\s*năm", "'\\s*[,;(]?(\\s*năm");
    let deadline = (
        "deadlines.toml",
        "pattern = '\\bnăm\\s+{{year}}\\b'",
        "pattern = '\\bnăm(\\s+{{year}}\\b'",
    );
    let indicator = ("indicators.toml", "'\\bpci\\b'", "'\\bpci(\\b'");
    // An unknown pillar after pci's pattern, and a bad pattern after the pillar: the
    // indicators' patterns compile before their loop reads the rest of each.
    let pillar = (
        "indicators.toml",
        "pillar = \"digital_government\"",
        "pillar = \"digital_governance\"",
    );
    let late = ("indicators.toml", "'du lịch'", "'du (lịch'");
    let line_of = |file: &str, text: &str| {
        let src = &base.iter().find(|e| e.0 == file).unwrap().1;
        src.lines().position(|l| l.contains(text)).unwrap() + 1
    };
    let with = |edits: &[(&str, &str, &str)]| {
        let mut b = base.clone();
        for (file, from, to) in edits {
            let e = b.iter_mut().find(|e| e.0 == *file).unwrap();
            assert!(e.1.contains(from), "{from}");
            e.1 = e.1.replacen(from, to, 1);
        }
        RuleSet::from_sources("test", &b)
            .expect_err("must fail")
            .to_string()
    };
    let at_leadin = format!("extract.toml:{}:", line_of("extract.toml", leadin.1));
    let at_tail = format!("extract.toml:{}:", line_of("extract.toml", tail.1));
    let at_deadline = format!("deadlines.toml:{}:", line_of("deadlines.toml", deadline.1));
    let at_indicator = format!(
        "indicators.toml:{}:",
        line_of("indicators.toml", indicator.1)
    );
    let at_pillar = format!("indicators.toml:{}:", line_of("indicators.toml", pillar.1));
    for (edits, at) in [
        (vec![leadin], &at_leadin),
        (vec![tail], &at_tail),
        (vec![leadin, tail], &at_leadin),
        (vec![leadin, indicator], &at_leadin),
        (vec![leadin, deadline], &at_deadline),
        (vec![deadline, leadin], &at_deadline),
        (vec![indicator, pillar], &at_indicator),
        (vec![late, pillar], &at_pillar),
    ] {
        let err = with(&edits);
        assert!(err.starts_with(at.as_str()), "{edits:?}: {err}");
        let what = if at == &at_pillar {
            "unknown pillar"
        } else {
            "invalid regex"
        };
        assert!(err.contains(what), "{err}");
    }
}

#[test]
fn rule_mistakes_are_located() {
    use chitieu::RuleSet;
    let base = rule_sources();
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

/// Workers take documents in runs and put them through the stages together, as much
/// text at a time as their share of a budget: over several runs, with unreadable files
/// among them (one at a run's start, one at its end) and a document larger than eight
/// workers' share, every good document comes out once, in input order, each bad one is
/// reported, and one thread, whose batches are cut elsewhere, writes the same.
#[test]
fn documents_run_together_keep_their_order_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::root().join("corpus");
    let mut texts: Vec<_> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| fs::read(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    let bad = [0, 127, 128, 255, 270];
    let mut good = Vec::new();
    for i in 0..280 {
        let name = format!("d{i:03}");
        let path = dir.path().join(format!("{name}.txt"));
        if bad.contains(&i) {
            fs::write(&path, "").unwrap();
        } else if i == 100 {
            // About 1.5 MB: more than a worker's share of the text in flight.
            fs::write(&path, texts[0].repeat(1_500_000 / texts[0].len() + 1)).unwrap();
            good.push(name);
        } else {
            fs::write(&path, &texts[i % texts.len()]).unwrap();
            good.push(name);
        }
    }
    let path = dir.path().to_str().unwrap();
    let a = chitieu()
        .args(["--threads", "8", "extract", path, "--format", "jsonl"])
        .assert()
        .code(1);
    let out = a.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let err = String::from_utf8_lossy(&out.stderr);
    let mut ids: Vec<String> = Vec::new();
    for l in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let id = v["doc_id"].as_str().unwrap().to_string();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }
    assert_eq!(ids, good, "documents missing, repeated or out of order");
    for i in bad {
        assert!(
            err.contains(&format!("d{i:03}.txt: empty file")),
            "d{i:03} not reported:\n{err}"
        );
    }
    let one = chitieu()
        .args(["--threads", "1", "extract", path, "--format", "jsonl"])
        .assert()
        .code(1);
    assert!(one.get_output().stdout == out.stdout, "--threads 1 differs");
}

const GOOD: &str = "Đến năm 2025, 80% hộ gia đình có đường truyền Internet băng rộng cáp quang.";

/// Every kind of unreadable input, each beside a good file: each is named on stderr and
/// in `errors` with what happened, the good file's target is still there, exit code 1.
#[test]
fn each_unreadable_input_is_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), GOOD).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("nul.txt"), b"abc\0def").unwrap();
    fs::write(d.join("latin1.txt"), b"\x80\x81\x8d \x9f\x9e\x8f\x90 80%").unwrap();
    fs::write(d.join("notzip.docx"), b"PK\x03\x04 not really a zip").unwrap();
    fs::write(
        d.join("old.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .unwrap();
    fs::write(d.join("big.txt"), GOOD.repeat(20_000)).unwrap();
    let fixtures = common::root().join("tests/fixtures");
    fs::copy(fixtures.join("bomb.docx"), d.join("bomb.docx")).unwrap();
    fs::copy(fixtures.join("broken.pdf"), d.join("broken.pdf")).unwrap();
    fs::copy(fixtures.join("scan.pdf"), d.join("scan.pdf")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    let missing = d.join("missing.txt");

    let a = chitieu()
        .args(["--max-size", "1", "extract"])
        .arg(d)
        .arg(&missing)
        .assert()
        .code(1);
    let out = a.get_output();
    let err = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let mut expected = vec![
        ("empty.txt", "empty file"),
        ("nul.txt", "binary file"),
        ("latin1.txt", "no Vietnamese legacy encoding reads it"),
        ("notzip.docx", "cannot be opened"),
        ("old.doc", "legacy Word .doc"),
        ("big.txt", "over the --max-size of 1 MB"),
        ("bomb.docx", "zip bomb"),
        ("broken.pdf", "a PDF that cannot be read"),
        ("scan.pdf", "no text layer (a scan?): OCR it first"),
        ("missing.txt", "no such file or directory"),
    ];
    if cfg!(unix) {
        expected.push(("loop", "directory loop"));
    }
    for (file, what) in expected {
        let line = err
            .lines()
            .find(|l| l.starts_with("chitieu: ") && l.contains(file))
            .unwrap_or_else(|| panic!("{file} not reported on stderr:\n{err}"));
        assert!(line.contains(&format!("{file}: ")), "{line}");
        assert!(line.contains(what), "{file}: expected '{what}' in: {line}");
        assert!(
            errors
                .iter()
                .any(|e| e["path"].as_str().unwrap().ends_with(file)
                    && e["message"].as_str().unwrap().contains(what)),
            "{file} not in errors"
        );
    }
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "only good.txt is readable");
    assert_eq!(docs[0]["id"], "good");
    assert_eq!(docs[0]["targets"][0]["value"], 80.0);
}

#[test]
fn an_unreadable_file_is_reported_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, GOOD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        // Root reads anything: nothing to test here.
        return;
    }
    let a = chitieu().arg("extract").arg(&locked).assert().code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("locked.txt: permission denied"), "{err}");
}

/// A web page: its chrome (scripts, menus, share buttons, footers) is dropped, broken
/// markup is read anyway, and spans point into the text read out of it.
#[test]
fn a_web_page_with_chrome_and_broken_markup_is_read() {
    let page = common::root().join("tests/fixtures/page.html");
    let out = stdout_of(&["extract", page.to_str().unwrap()], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["format"], "html");
    let values: Vec<f64> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_f64().unwrap())
        .collect();
    assert_eq!(
        values,
        vec![80.0, 90.0],
        "chrome numbers must not be targets"
    );
}

#[test]
fn a_word_file_is_read_with_its_table_rows() {
    let docx = common::root().join("tests/fixtures/plan.docx");
    let out = stdout_of(&["extract", docx.to_str().unwrap()], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["format"], "docx");
    let t = &doc["targets"][1];
    assert_eq!(t["value"], 90.0);
    assert_eq!(t["deadline"], 2025);
    assert!(t["text"].as_str().unwrap().contains(" | "), "{t}");
}

/// A text with no line breaks at all is processed, not refused or stuck.
#[test]
fn a_giant_line_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("oneline.txt");
    let sentence = format!("{} ", GOOD);
    fs::write(&f, sentence.repeat(30_000).replace('\n', " ")).unwrap();
    let out = stdout_of(&["extract", f.to_str().unwrap(), "--format", "jsonl"], 0);
    assert!(out.lines().count() >= 1);
}

/// Killed mid-run, at several moments, a run leaves `-o` as it was or complete: never a
/// half-written file.
#[test]
fn a_killed_run_leaves_the_old_output_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::root().join("corpus");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).unwrap();
    for copy in 0..60 {
        for e in fs::read_dir(&corpus).unwrap() {
            let p = e.unwrap().path();
            let name = format!("{copy:02}_{}", p.file_name().unwrap().to_string_lossy());
            fs::copy(&p, inputs.join(name)).unwrap();
        }
    }
    let out = dir.path().join("out.json");
    let bin = assert_cmd::cargo::cargo_bin("chitieu");
    let mut saw_old = false;
    let mut saw_new = false;
    for wait_ms in [5u64, 30, 80, 150, 300, 600, 1200, 2500] {
        fs::write(&out, "previous output\n").unwrap();
        let mut child = std::process::Command::new(&bin)
            .args(["--quiet", "extract"])
            .arg(&inputs)
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = fs::read_to_string(&out).unwrap();
        if now == "previous output\n" {
            saw_old = true;
        } else {
            let v: serde_json::Value = serde_json::from_str(&now)
                .unwrap_or_else(|e| panic!("half-written output after {wait_ms} ms: {e}"));
            assert_eq!(v["documents"].as_array().unwrap().len(), 300);
            saw_new = true;
        }
    }
    assert!(
        saw_old,
        "no run was killed before it finished: the test proves nothing"
    );
    let _ = saw_new;
}

/// Lai Châu's and Lào Cai's targets for the indicators they share land in the same rows.
#[test]
fn compare_puts_provinces_side_by_side() {
    let out = stdout_of(&["compare", "corpus", "--format", "json"], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["indicators"].as_array().unwrap();
    for id in [
        "online_public_services",
        "work_records_online",
        "adults_using_e_payment",
        "electronic_health_records",
        "household_fibre_broadband",
        "commune_fibre_broadband",
    ] {
        let row = rows
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no row {id}"));
        let provinces: std::collections::BTreeSet<&str> = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["province"].as_str())
            .collect();
        assert!(
            provinces.contains("Lai Châu") && provinces.contains("Lào Cai"),
            "{id}: {provinces:?}"
        );
        for key in ["label_vi", "label_en", "pillar"] {
            assert!(row.get(key).is_some(), "{id} has no {key}");
        }
        let cell = &row["cells"][0];
        for key in [
            "province",
            "deadline",
            "value",
            "value_max",
            "comparator",
            "kind",
            "actual",
            "doc_id",
            "target_id",
        ] {
            assert!(cell.get(key).is_some(), "{id}: cell has no {key}");
        }
    }
    let table = stdout_of(&["compare", "corpus"], 0);
    assert!(table.contains("Lào Cai") && table.contains("Digital government"));
    assert!(
        table.lines().all(|l| l.chars().count() <= 120),
        "table wider than 120"
    );
    let csv = stdout_of(&["compare", "corpus", "--format", "csv"], 0);
    assert!(csv.starts_with("indicator_id,label_vi,label_en,pillar,province,deadline"));
    let html = stdout_of(&["compare", "corpus", "--format", "html"], 0);
    assert!(html.contains("<table class=\"matrix\">"));
}

#[test]
fn csv_can_start_with_a_byte_order_mark_for_spreadsheets() {
    let plain = stdout_of(&["extract", "corpus", "--format", "csv"], 0);
    let bom = stdout_of(&["extract", "corpus", "--format", "csv", "--bom"], 0);
    assert!(!plain.starts_with('\u{FEFF}'));
    assert_eq!(bom.strip_prefix('\u{FEFF}'), Some(plain.as_str()));
    let cmp = stdout_of(&["compare", "corpus", "--format", "csv", "--bom"], 0);
    assert!(cmp.starts_with("\u{FEFF}indicator_id,"));
}
