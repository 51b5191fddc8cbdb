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
    pub generator: Generator,
    pub documents: Vec<Document>,
    /// Inputs that could not be read or decoded; the other inputs are still processed.
    pub errors: Vec<InputError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Generator {
    pub name: String,
    pub version: String,
    /// Where the rule files came from, and their combined hash.
    pub rules: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InputError {
    pub path: String,
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
    pub start: Option<i32>,
    pub end: Option<i32>,
    /// The "định hướng đến năm" / "tầm nhìn đến năm" year, when the text gives one.
    pub horizon: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// File name without its extension.
    pub id: String,
    pub path: String,
    pub sha256: String,
    pub format: Format,
    /// utf-8, utf-16le, utf-16be, ...
    pub encoding: String,
    pub title: Option<String>,
    /// Canonical name with diacritics of the province the document is about.
    pub province: Option<String>,
    pub provinces_mentioned: Vec<String>,
    pub doc_type: DocType,
    /// e.g. "09-NQ/TU"
    pub doc_number: Option<String>,
    /// ISO date (YYYY-MM-DD).
    pub issued: Option<String>,
    pub period: Option<Period>,
    pub targets: Vec<Target>,
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
    pub kind: Kind,
    pub value: f64,
    pub value_max: Option<f64>,
    pub unit: Unit,
    pub rank_of: Option<u32>,
    pub comparator: Comparator,
    pub deadline: Option<i32>,
    pub annual: bool,
    pub relative: bool,
    pub pillar: Option<Pillar>,
    pub scope: Option<Scope>,
    /// What is measured, in the document's words, without the number and comparator.
    pub indicator: String,
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
