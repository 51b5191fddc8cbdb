//! One benchmark per pipeline stage, on the bundled corpus, and one for the whole run.
//! `cargo bench --bench stages`; throughput is in bytes of original text.

use chitieu::{extract, metadata, normalize, resolve, segment, Pipeline, RuleSet, Source};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn corpus() -> Vec<Source> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("corpus file is readable");
            Source::from_bytes(p, &bytes).expect("corpus file decodes")
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let rules = RuleSet::embedded().expect("embedded rules compile");
    let srcs = corpus();
    let bytes: u64 = srcs.iter().map(|s| s.text.len() as u64).sum();
    let norm: Vec<_> = srcs
        .iter()
        .map(|s| normalize::normalize(&s.text, &rules))
        .collect();
    let blocks: Vec<_> = norm.iter().map(|n| segment::segment(&n.fold)).collect();
    let phrases: Vec<_> = norm
        .iter()
        .map(|n| resolve::find_phrases(&n.fold, &rules))
        .collect();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("ingest", |b| {
        b.iter(|| {
            for s in &srcs {
                std::hint::black_box(
                    Source::from_bytes(Path::new(&s.path), s.text.as_bytes()).ok(),
                );
            }
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for s in &srcs {
                std::hint::black_box(normalize::normalize(&s.text, &rules));
            }
        })
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            for n in &norm {
                std::hint::black_box(segment::segment(&n.fold));
            }
        })
    });
    g.bench_function("phrases", |b| {
        b.iter(|| {
            for n in &norm {
                std::hint::black_box(resolve::find_phrases(&n.fold, &rules));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for (n, bl) in norm.iter().zip(&blocks) {
                for bi in 0..bl.len() {
                    std::hint::black_box(extract::extract_block(n, bl, bi, &rules));
                }
            }
        })
    });
    g.bench_function("resolve", |b| {
        b.iter(|| {
            for ((n, bl), ph) in norm.iter().zip(&blocks).zip(&phrases) {
                let st = resolve::structure(n, bl, ph, &rules);
                let mentions: Vec<_> = (0..bl.len())
                    .flat_map(|bi| extract::extract_block(n, bl, bi, &rules).mentions)
                    .collect();
                let ids = resolve::indicator_ids(&[&mentions], &rules).swap_remove(0);
                let doc = resolve::ToResolve {
                    n,
                    blocks: bl,
                    st: &st,
                    phrases: ph,
                    mentions,
                    ids,
                    facts: resolve::DocFacts::default(),
                };
                std::hint::black_box(resolve::resolve_all(vec![doc], &rules));
            }
        })
    });
    g.bench_function("metadata", |b| {
        b.iter(|| {
            for (n, ph) in norm.iter().zip(&phrases) {
                std::hint::black_box(metadata::metadata(n, ph, &rules));
            }
        })
    });
    g.finish();

    let p = Pipeline::new(rules);
    let mut g = c.benchmark_group("whole");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            for s in &srcs {
                std::hint::black_box(p.run(s));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
