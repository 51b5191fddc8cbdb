//! The report in a real browser: headless Chromium (Debian's `chromium`, installed by
//! .ci/run) renders it; the DOM it builds has, per document, as many highlighted
//! targets as the JSON output, and the comparison matrix; a screenshot goes under
//! target/.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn the_report_renders_its_matrix_and_every_highlight() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CHITIEU_SKIP_BROWSER").is_some() {
            eprintln!("chromium not installed: browser test skipped (CHITIEU_SKIP_BROWSER)");
            return;
        }
        panic!("chromium is not installed: .ci/run installs it (apt-get install chromium); set CHITIEU_SKIP_BROWSER=1 to skip this test");
    };
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&out_dir).unwrap();
    let report = out_dir.join("report.html");
    let bin = assert_cmd::cargo::cargo_bin("chitieu");
    let root = common::root();
    let ok = Command::new(&bin)
        .current_dir(&root)
        .args(["report", "corpus", "-o"])
        .arg(&report)
        .status()
        .unwrap();
    assert!(ok.success());
    let json = Command::new(&bin)
        .current_dir(&root)
        .args(["extract", "corpus"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let want: BTreeMap<String, usize> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["targets"].as_array().unwrap().len(),
            )
        })
        .collect();

    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", report.display());
    let dom = headless(&browser, profile.path())
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).unwrap();
    let page = scraper::Html::parse_document(&dom);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let mut got = BTreeMap::new();
    for section in page.select(&sel("section.doc")) {
        let id = section.value().attr("data-doc").unwrap().to_string();
        let n: usize = section
            .select(&sel("mark.target"))
            .map(|m| {
                m.value()
                    .attr("data-ids")
                    .unwrap_or("")
                    .split_whitespace()
                    .count()
            })
            .sum();
        got.insert(id, n);
    }
    assert_eq!(
        got, want,
        "highlighted targets per document (DOM) vs the JSON"
    );
    let rows = page.select(&sel("table.matrix tr[data-indicator]")).count();
    assert!(rows >= 10, "the matrix has {rows} indicator rows");
    assert!(
        page.select(&sel("svg.chart rect")).next().is_some(),
        "no chart"
    );

    let shot = out_dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let s = headless(&browser, profile.path())
        .arg("--window-size=1280,1600")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(s.status.success());
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "no screenshot"
    );
}
