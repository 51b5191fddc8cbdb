//! Writers, one per format. JSON holds the whole output; JSON Lines and CSV write one
//! row per target, a document at a time, so they can stream.

use crate::model::{Document, Output, Target};
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
/// The head is serialised once per document; each target is written by hand
/// (`write_target`), which a test holds to serde's serialisation of `Target`.
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
    // Room for a long row from the start (rows are about 1.3 KB): no regrowing.
    let mut row: Vec<u8> = Vec::with_capacity(4 << 10);
    for t in &d.targets {
        row.clear();
        row.extend_from_slice(open);
        row.push(b',');
        write_target(&mut row, t)?;
        row.push(b'\n');
        w.write_all(&row)?;
    }
    Ok(())
}

/// A target's fields as `serde_json::to_writer(out, t)` writes them, without the
/// opening brace. Strings without a char to escape, nearly all of them, are copied
/// whole: serde's escaping looks at them a byte at a time.
fn write_target(out: &mut Vec<u8>, t: &Target) -> io::Result<()> {
    // `,"name":` before each field but the first, put together when compiled.
    macro_rules! key {
        ($name:literal) => {
            out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
        };
    }
    out.extend_from_slice(b"\"id\":");
    string(out, &t.id)?;
    // Fields with no string, or a short one: serde writes them.
    macro_rules! by_serde {
        ($($name:literal: $v:expr),* $(,)?) => {$(
            key!($name);
            serde_json::to_writer(&mut *out, $v)?;
        )*};
    }
    by_serde!(
        "kind": &t.kind,
        "value": &t.value,
        "value_max": &t.value_max,
        "unit": &t.unit,
        "rank_of": &t.rank_of,
        "comparator": &t.comparator,
        "deadline": &t.deadline,
        "annual": &t.annual,
        "relative": &t.relative,
        "pillar": &t.pillar,
        "scope": &t.scope,
    );
    key!("indicator");
    string(out, &t.indicator)?;
    by_serde!(
        "indicator_id": &t.indicator_id,
        "actual": &t.actual,
    );
    // By hand: serde's struct machinery took ten times the instructions.
    let mut n = itoa::Buffer::new();
    key!("span");
    out.extend_from_slice(b"{\"start\":");
    out.extend_from_slice(n.format(t.span.start).as_bytes());
    out.extend_from_slice(b",\"end\":");
    out.extend_from_slice(n.format(t.span.end).as_bytes());
    out.push(b'}');
    key!("line");
    out.extend_from_slice(n.format(t.line).as_bytes());
    key!("text");
    string(out, &t.text)?;
    for (key, list) in [
        (&b",\"section\":["[..], &t.section),
        (&b",\"rules\":["[..], &t.rules),
    ] {
        out.extend_from_slice(key);
        for (i, s) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, s)?;
        }
        out.push(b']');
    }
    out.push(b'}');
    Ok(())
}

/// A JSON string: copied whole when no byte needs escaping, else by serde.
fn string(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    // A fold without early exit: it runs on whole vectors of bytes.
    let plain = !s.bytes().fold(false, |esc, b| {
        esc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        Ok(serde_json::to_writer(out, s)?)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pipeline, RuleSet, Source};

    /// Every target of the corpus, and one whose strings need every kind of escape, as
    /// serde writes them: a field added to `Target` and not to `write_target` fails it.
    #[test]
    fn targets_are_written_as_serde_writes_them() {
        let p = Pipeline::new(RuleSet::embedded().expect("embedded rules"));
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut targets: Vec<Target> = Vec::new();
        for e in std::fs::read_dir(dir).expect("corpus/ is bundled") {
            let path = e.expect("a corpus entry").path();
            let bytes = std::fs::read(&path).expect("corpus file readable");
            let src = Source::from_bytes(&path, &bytes).expect("corpus file decodes");
            targets.extend(p.run(&src).targets);
        }
        assert!(targets.len() > 80);
        let mut odd = targets[0].clone();
        odd.text = "\"trích\" \\ a\tb\nc\u{1}\u{7f} – đạt".into();
        odd.indicator = "\u{0}".into();
        odd.indicator_id = Some("x\"".into());
        odd.section = vec!["a\\".into(), String::new()];
        odd.rules = Vec::new();
        odd.value_max = Some(1e21);
        odd.actual = Some(-0.5);
        targets.push(odd);
        for t in &targets {
            let mut by_hand = b"{".to_vec();
            write_target(&mut by_hand, t).expect("writes to memory");
            let by_serde = serde_json::to_vec(t).expect("serialises");
            assert_eq!(
                String::from_utf8_lossy(&by_hand),
                String::from_utf8_lossy(&by_serde)
            );
        }
    }
}
