//! The output contract: what `extract` writes and other tools consume.
//! Field names and enums follow `shared/spec/output.schema.json`; `chitieu schema`
//! generates the JSON Schema from these types, so the two cannot drift silently.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Output {
    /// Always "1".
    pub schema_version: String,
    /// The program and the rules that made this output.
    pub generator: Generator,
    /// One entry per input that was read, in input order.
    pub documents: Vec<Document>,
    /// Inputs that could not be read or decoded; the other inputs are still processed.
    pub errors: Vec<InputError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Generator {
    /// "chitieu".
    pub name: String,
    /// The program's version.
    pub version: String,
    /// Where the rule files came from, and their combined hash.
    pub rules: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InputError {
    /// The input as given.
    pub path: String,
    /// What happened, for people ("permission denied", "a PDF with no text layer ...").
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Html,
    Docx,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    Resolution,
    Decision,
    Plan,
    Scheme,
    Report,
    News,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Period {
    /// First year of the plan's period ("giai đoạn 2021-2025": 2021).
    pub start: Option<i32>,
    /// Last year of the plan's period (2025).
    pub end: Option<i32>,
    /// The "định hướng đến năm" / "tầm nhìn đến năm" year, when the text gives one.
    pub horizon: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// What kind of notice: "repair" (a rule repaired the text), "encoding" (guessed with low confidence), "no_province".
    pub code: String,
    /// For people: what was noticed.
    pub message: String,
    /// 1-based line of the original text it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// File name without its extension.
    pub id: String,
    /// The path as given on the command line.
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// txt, html, docx or pdf: how the text was read out of the file.
    pub format: Format,
    /// utf-8, utf-16le, utf-16be, ...
    pub encoding: String,
    /// The document's first line.
    pub title: Option<String>,
    /// Canonical name with diacritics of the province the document is about.
    pub province: Option<String>,
    /// The province that `province` became part of in the 2025 merger (34 provinces),
    /// or null when it kept its name.
    #[serde(default)]
    pub province_merged_into: Option<String>,
    /// Every province the text names, canonical names.
    pub provinces_mentioned: Vec<String>,
    /// resolution, decision, plan, report, news or unknown.
    pub doc_type: DocType,
    /// e.g. "09-NQ/TU"
    pub doc_number: Option<String>,
    /// ISO date (YYYY-MM-DD).
    pub issued: Option<String>,
    /// The plan's period and horizon.
    pub period: Option<Period>,
    /// Every quantified target, in text order.
    pub targets: Vec<Target>,
    /// What reading the document noticed: repairs made, guessed encodings, no province.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Target,
    Progress,
    Achieved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Percent,
    Rank,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Comparator {
    Eq,
    Gte,
    Gt,
    Lte,
    Lt,
    Approx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pillar {
    DigitalGovernment,
    DigitalEconomy,
    DigitalSociety,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Province,
    District,
    Commune,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// Unicode character offset into the decoded original text (inclusive).
    pub start: usize,
    /// Unicode character offset into the decoded original text (exclusive).
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    /// Stable: "<doc id>#<span.start>" plus ".n" when one clause yields several.
    pub id: String,
    /// target (a plan), progress (a result beside its plan) or achieved (a result).
    pub kind: Kind,
    /// The value (the plan's, for progress rows; the lower bound of a range).
    pub value: f64,
    /// The upper bound of a range ("70 – 100%").
    pub value_max: Option<f64>,
    /// percent, rank or count.
    pub unit: Unit,
    /// For ranks: out of how many ("20/63": 63).
    pub rank_of: Option<u32>,
    /// eq, gte, gt, lte, lt or approx.
    pub comparator: Comparator,
    /// The year the value is due (or was reached, for results); null when the text gives none.
    pub deadline: Option<i32>,
    /// A yearly rate ("/năm", "hằng năm").
    pub annual: bool,
    /// A change against a base ("tăng 40% so với năm 2020"), not a level.
    pub relative: bool,
    /// digital_government, digital_economy, digital_society, or null (other sectors).
    pub pillar: Option<Pillar>,
    /// The administrative level it is counted at: province, district, commune.
    pub scope: Option<Scope>,
    /// What is measured, in the document's words, without the number and comparator.
    pub indicator: String,
    /// The canonical indicator (rules/indicators.toml), the same across documents.
    pub indicator_id: Option<String>,
    /// Progress rows: the achieved value.
    pub actual: Option<f64>,
    /// Unicode character offsets of the number's clause in the original text.
    pub span: Span,
    /// 1-based line of the original text where the span starts.
    pub line: usize,
    /// The original clause.
    pub text: String,
    /// The heading path that encloses it.
    pub section: Vec<String>,
    /// Ids of the rules that produced or modified it.
    pub rules: Vec<String>,
}
