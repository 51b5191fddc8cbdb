//! Shared by the integration tests: run the pipeline on the bundled corpus.
#![allow(dead_code)]

use chitieu::{Document, Pipeline, RuleSet, Source};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/ is bundled")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

pub fn pipeline() -> Pipeline {
    Pipeline::new(RuleSet::embedded().expect("embedded rules compile"))
}

/// A corpus file, named as `corpus/NAME` whatever the checkout's location, so that
/// snapshots do not depend on where the tests run.
pub fn source(path: &Path) -> Source {
    let bytes = std::fs::read(path).expect("corpus file readable");
    let name = Path::new("corpus").join(path.file_name().expect("a file name"));
    Source::from_bytes(&name, &bytes).expect("corpus file decodes")
}

/// Every corpus document with its source text.
pub fn run_corpus() -> Vec<(Document, String)> {
    let p = pipeline();
    corpus_files()
        .iter()
        .map(|f| {
            let s = source(f);
            (p.run(&s), s.text)
        })
        .collect()
}
