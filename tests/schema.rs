//! The output validates against the schema generated from the Rust types and against the
//! project's copy of the shared contract (`tests/reference/output.schema.json`).

mod common;

use chitieu::model::{Generator, InputError, Output};
use serde_json::Value;

fn output() -> Value {
    let docs = common::run_corpus().into_iter().map(|d| d.0).collect();
    let o = Output {
        schema_version: "1".into(),
        generator: Generator {
            name: "chitieu".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            rules: "embedded".into(),
        },
        documents: docs,
        errors: vec![InputError {
            path: "missing.txt".into(),
            message: "no such file or directory".into(),
        }],
    };
    serde_json::to_value(o).expect("serialises")
}

fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    // The shared schema's "$id" is a relative name, which the validator will not take as
    // a base URI; the id plays no part in validation.
    let mut schema = schema.clone();
    if let Some(o) = schema.as_object_mut() {
        o.remove("$id");
    }
    let schema = &schema;
    let compiled = jsonschema::JSONSchema::compile(schema).expect("schema compiles");
    let errs: Vec<String> = match compiled.validate(instance) {
        Ok(()) => vec![],
        Err(e) => e.map(|e| format!("{} at {}", e, e.instance_path)).collect(),
    };
    errs
}

fn shared_schema() -> Value {
    let text = std::fs::read_to_string(common::root().join("tests/reference/output.schema.json"))
        .expect("schema copy");
    serde_json::from_str(&text).expect("schema json")
}

#[test]
fn validates_against_generated_schema() {
    let schema = serde_json::to_value(schemars::schema_for!(Output)).expect("schema");
    let errs = validate(&schema, &output());
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn validates_against_shared_schema() {
    let schema = shared_schema();
    let errs = validate(&schema, &output());
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn a_broken_document_fails_the_shared_schema() {
    let schema = shared_schema();
    let mut o = output();
    o["documents"][0]["targets"][0]["unit"] = Value::String("percentage".into());
    assert!(!validate(&schema, &o).is_empty());
}

/// `chitieu schema` documents every field, for those who load the output elsewhere.
#[test]
fn every_field_of_the_schema_is_described() {
    let schema = serde_json::to_value(schemars::schema_for!(Output)).expect("schema");
    let mut missing = Vec::new();
    let mut check = |name: &str, s: &Value| {
        for (k, v) in s["properties"].as_object().into_iter().flatten() {
            if v.get("description").is_none() {
                missing.push(format!("{name}.{k}"));
            }
        }
    };
    check("Output", &schema);
    for (name, def) in schema["definitions"].as_object().into_iter().flatten() {
        check(name, def);
    }
    assert!(missing.is_empty(), "undocumented fields: {missing:?}");
}
