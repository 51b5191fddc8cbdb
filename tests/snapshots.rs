//! One insta snapshot per corpus document: any change in what is extracted shows as a
//! reviewable diff (`cargo insta review`).

mod common;

#[test]
fn corpus_documents() {
    for (doc, _) in common::run_corpus() {
        let name = doc.id.clone();
        insta::assert_json_snapshot!(name, doc);
    }
}
