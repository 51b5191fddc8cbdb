//! Writers, one per format. JSON holds the whole output; JSON Lines and CSV write one
//! row per target, a document at a time, so they can stream.

use crate::model::{Document, Output};
use serde::Serialize;
use std::io::{self, Write};

/// The document's fields that open each of its JSON Lines rows, before the target's.
#[derive(Debug, Serialize)]
struct RowHead<'a> {
    doc_id: &'a str,
    doc_path: &'a str,
    province: Option<&'a str>,
    doc_type: crate::model::DocType,
    doc_number: Option<&'a str>,
    issued: Option<&'a str>,
}

pub fn write_json<W: Write + ?Sized>(w: &mut W, out: &Output) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, out)?;
    w.write_all(b"\n")
}

/// One line per target: one JSON object with the document's fields, then the target's.
/// The two objects are serialised apart and joined (`{head…}` + `{target…}` becomes
/// `{head…,target…}`): the head once per document, and no `#[serde(flatten)]`, which
/// sends every field of every target through serde's buffering map serializer.
pub fn write_jsonl_doc<W: Write + ?Sized>(w: &mut W, d: &Document) -> io::Result<()> {
    let head = serde_json::to_vec(&RowHead {
        doc_id: &d.id,
        doc_path: &d.path,
        province: d.province.as_deref(),
        doc_type: d.doc_type,
        doc_number: d.doc_number.as_deref(),
        issued: d.issued.as_deref(),
    })?;
    let open = head.strip_suffix(b"}").unwrap_or(&head);
    let mut body: Vec<u8> = Vec::new();
    for t in &d.targets {
        body.clear();
        serde_json::to_writer(&mut body, t)?;
        w.write_all(open)?;
        w.write_all(b",")?;
        w.write_all(body.strip_prefix(b"{").unwrap_or(&body))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

pub const CSV_HEADER: [&str; 27] = [
    "doc_id",
    "doc_path",
    "province",
    "doc_type",
    "doc_number",
    "issued",
    "id",
    "kind",
    "value",
    "value_max",
    "unit",
    "rank_of",
    "comparator",
    "deadline",
    "annual",
    "relative",
    "pillar",
    "scope",
    "indicator",
    "indicator_id",
    "actual",
    "span_start",
    "span_end",
    "line",
    "text",
    "section",
    "rules",
];

fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(w)
}

pub fn write_csv_header<W: Write>(w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record(CSV_HEADER)
}

pub fn write_csv_doc<W: Write>(w: &mut csv::Writer<W>, d: &Document) -> csv::Result<()> {
    for t in &d.targets {
        w.write_record([
            d.id.clone(),
            d.path.clone(),
            opt(&d.province),
            enum_str(&d.doc_type),
            opt(&d.doc_number),
            opt(&d.issued),
            t.id.clone(),
            enum_str(&t.kind),
            t.value.to_string(),
            opt(&t.value_max),
            enum_str(&t.unit),
            opt(&t.rank_of),
            enum_str(&t.comparator),
            opt(&t.deadline),
            t.annual.to_string(),
            t.relative.to_string(),
            t.pillar.as_ref().map(enum_str).unwrap_or_default(),
            t.scope.as_ref().map(enum_str).unwrap_or_default(),
            t.indicator.clone(),
            opt(&t.indicator_id),
            opt(&t.actual),
            t.span.start.to_string(),
            t.span.end.to_string(),
            t.line.to_string(),
            t.text.clone(),
            t.section.join(" > "),
            t.rules.join(" "),
        ])?;
    }
    Ok(())
}
