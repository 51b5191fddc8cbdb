//! Ingest: bytes to the decoded original text. Spans point into this text; for a web
//! page or a Word file, "the original" is the text read out of it, one paragraph, heading
//! or table row per line.
//!
//! For a PDF it is the text layer in reading order, see `pdf`.
//!
//! The format is decided by content first (a zip with `word/document.xml`, `%PDF`, an
//! OLE2 `.doc`, markup that opens with `<html` or a doctype) and by extension second.

use crate::error::Error;
use crate::model::Format;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Source {
    /// File name without its extension.
    pub id: String,
    pub path: String,
    /// SHA-256 of the file's bytes, hex; empty when read with `Hashing::Skip`.
    pub sha256: String,
    pub format: Format,
    pub encoding: String,
    pub text: String,
    /// What reading the file noticed (an encoding guessed with low confidence), for the
    /// document's warnings.
    pub notes: Vec<String>,
}

/// Whether reading takes the SHA-256 of a file's bytes: documents show it, the rows of
/// JSON Lines and CSV do not, and it costs a pass over every byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hashing {
    Sha256,
    Skip,
}

/// The encodings `--encoding` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Tcvn3,
    Vni,
}

impl Encoding {
    /// The name `document.encoding` gives it, as detection names it too.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" => Encoding::Utf16Le,
            "utf-16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" => Encoding::Windows1258,
            "tcvn3" | "abc" => Encoding::Tcvn3,
            "vni" | "vni-windows" => Encoding::Vni,
            other => {
                return Err(format!(
                "unknown encoding '{other}' (utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni)"
            ))
            }
        })
    }
}

impl Source {
    /// A source from text already in memory (tests, stdin).
    pub fn from_text(id: &str, text: &str) -> Source {
        Source {
            id: id.to_string(),
            path: id.to_string(),
            sha256: crate::rules::hex(&Sha256::digest(text.as_bytes())),
            format: Format::Txt,
            encoding: "utf-8".into(),
            text: text.to_string(),
            notes: Vec::new(),
        }
    }

    /// Decodes `bytes` read from `path`, detecting the format and the encoding.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, Error> {
        Source::from_bytes_as(path, bytes, None)
    }

    /// As `from_bytes`, with the text encoding forced when `encoding` is given.
    pub fn from_bytes_as(
        path: &Path,
        bytes: &[u8],
        encoding: Option<Encoding>,
    ) -> Result<Source, Error> {
        Source::from_bytes_hashing(path, bytes, encoding, Hashing::Sha256)
    }

    /// As `from_bytes_as`; with `Hashing::Skip`, `sha256` is left empty.
    pub fn from_bytes_hashing(
        path: &Path,
        bytes: &[u8],
        encoding: Option<Encoding>,
        hashing: Hashing,
    ) -> Result<Source, Error> {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "stdin".into());
        if bytes.is_empty() {
            return Err(Error::input(path, "empty file: nothing to read"));
        }
        let fail = |m: String| Error::input(path, m);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let mut notes = Vec::new();
        let forced = encoding;
        let (format, text, encoding) = if bytes.starts_with(b"PK\x03\x04") {
            (
                Format::Docx,
                docx_text(bytes).map_err(fail)?,
                String::from("utf-8"),
            )
        } else if bytes.starts_with(b"%PDF-") {
            (
                Format::Pdf,
                crate::pdf::pdf_text(bytes).map_err(fail)?,
                String::from("utf-8"),
            )
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(fail(
                "a legacy Word .doc (binary): save it as .docx or as UTF-8 text".into(),
            ));
        } else {
            let (text, encoding) = decode(bytes, forced, &mut notes).map_err(fail)?;
            if ext == "html" || ext == "htm" || looks_like_html(&text) {
                (Format::Html, html_text(&text), encoding)
            } else {
                (Format::Txt, text, encoding)
            }
        };
        // Legacy-font text read as Unicode ("quyeát ñònh"): re-read it, unless an
        // encoding was forced.
        let (text, encoding) = match forced {
            Some(Encoding::Vni) if format != Format::Txt => {
                (crate::legacy::from_vni(&text), "vni".into())
            }
            Some(Encoding::Tcvn3) if format != Format::Txt => {
                (crate::legacy::from_tcvn3(&text), "tcvn3".into())
            }
            Some(_) => (text, encoding),
            None => match crate::legacy::reread(&text) {
                Some((t, name)) => (t, format!("{name} (in {encoding} text)")),
                None => (text, encoding),
            },
        };
        if text.trim().is_empty() {
            return Err(fail(format!(
                "no text in this {} file",
                serde_json::to_value(format)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )));
        }
        Ok(Source {
            id,
            path: path.display().to_string(),
            sha256: match hashing {
                Hashing::Sha256 => crate::rules::hex(&Sha256::digest(bytes)),
                Hashing::Skip => String::new(),
            },
            format,
            encoding,
            text,
            notes,
        })
    }
}

/// Below this share of Vietnamese-looking words, a guessed encoding is reported.
const CONFIDENT: f64 = 0.9;

fn decode(
    bytes: &[u8],
    forced: Option<Encoding>,
    notes: &mut Vec<String>,
) -> Result<(String, String), String> {
    use crate::legacy;
    let latin = |b: &[u8], enc: &'static encoding_rs::Encoding| {
        enc.decode_without_bom_handling(b).0.into_owned()
    };
    if let Some(e) = forced {
        let body = bytes
            .strip_prefix(&[0xEF, 0xBB, 0xBF])
            .or_else(|| bytes.strip_prefix(&[0xFF, 0xFE]))
            .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]))
            .unwrap_or(bytes);
        let text = match e {
            Encoding::Utf8 => std::str::from_utf8(body)
                .map_err(|e| format!("not valid UTF-8 (first bad byte at offset {}), though --encoding utf-8 was given", e.valid_up_to()))?
                .to_string(),
            Encoding::Utf16Le => utf16(body, u16::from_le_bytes)?,
            Encoding::Utf16Be => utf16(body, u16::from_be_bytes)?,
            Encoding::Windows1258 => latin(body, encoding_rs::WINDOWS_1258),
            Encoding::Tcvn3 => legacy::from_tcvn3(&latin(body, encoding_rs::WINDOWS_1252)),
            Encoding::Vni => legacy::from_vni(&latin(body, encoding_rs::WINDOWS_1252)),
        };
        let name = e.name().to_string();
        return Ok((text, name));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map(|s| (s, "utf-8".into()))
            .map_err(|e| {
                format!(
                    "invalid UTF-8 after a UTF-8 byte order mark at byte {}",
                    e.utf8_error().valid_up_to() + 3
                )
            });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(|s| (s, "utf-16le".into()));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(|s| (s, "utf-16be".into()));
    }
    if memchr::memchr(0, bytes).is_some() {
        // UTF-16 without a byte order mark: the high byte of most chars (ASCII, spaces,
        // digits) is zero, on the odd bytes for little-endian, the even for big-endian.
        if let Some((text, name)) = bomless_utf16(bytes) {
            return Ok((text, name.into()));
        }
        return Err("binary file (it contains NUL bytes): not a text document".into());
    }
    // Most inputs are UTF-8: checked with SIMD, several times faster than `std` on
    // Vietnamese, where the ASCII runs that `std` speeds through are short.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok((s.to_string(), "utf-8".into()));
    }
    // Not UTF-8: the legacy reading whose words look most Vietnamese.
    let cands = [
        ("windows-1258", latin(bytes, encoding_rs::WINDOWS_1258)),
        (
            "tcvn3",
            legacy::from_tcvn3(&latin(bytes, encoding_rs::WINDOWS_1252)),
        ),
        (
            "vni",
            legacy::from_vni(&latin(bytes, encoding_rs::WINDOWS_1252)),
        ),
    ];
    let mut scored: Vec<(f64, &str, String)> = cands
        .into_iter()
        .map(|(n, t)| {
            let nfc: String =
                unicode_normalization::UnicodeNormalization::nfc(t.chars().take(20_000)).collect();
            (legacy::vietnamese_score(&nfc).unwrap_or(0.0), n, t)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (score, name, text) = scored.swap_remove(0);
    if score < 0.5 {
        return Err(format!(
            "not valid UTF-8, and no Vietnamese legacy encoding reads it (best: {name}, {:.0}% of words Vietnamese): save the file as UTF-8, or name its encoding with --encoding",
            score * 100.0
        ));
    }
    if score < CONFIDENT {
        notes.push(format!(
            "encoding guessed as {name} with low confidence ({:.0}% of words read as Vietnamese); check the text or give --encoding",
            score * 100.0
        ));
    }
    Ok((text, name.into()))
}

fn bomless_utf16(bytes: &[u8]) -> Option<(String, &'static str)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count() as f64
            / (bytes.len() / 2) as f64
    };
    let (even, odd) = (zeros(0), zeros(1));
    let (f, name): (fn([u8; 2]) -> u16, &str) = if odd > 0.3 && even < 0.05 {
        (u16::from_le_bytes, "utf-16le")
    } else if even > 0.3 && odd < 0.05 {
        (u16::from_be_bytes, "utf-16be")
    } else {
        return None;
    };
    let text = utf16(bytes, f).ok()?;
    (!text.contains('\0')).then_some((text, name))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Limits for Word files: a zip bomb stops at these, with a message.
const DOCX_XML_MAX: u64 = 64 << 20;

/// The text of a .docx: its paragraphs, one per line; a table row's cells joined by
/// " | "; list paragraphs start with "- " (Word's automatic numbers are not in the text).
fn docx_text(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("a zip file that cannot be opened ({e}): not a readable .docx"))?;
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| "a zip file without word/document.xml: not a Word document".to_string())?;
    let mut xml = Vec::new();
    (&mut entry)
        .take(DOCX_XML_MAX + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("a damaged .docx ({e})"))?;
    if xml.len() as u64 > DOCX_XML_MAX {
        return Err(format!(
            "a .docx whose text unpacks to over {} MB (a zip bomb?): not read",
            DOCX_XML_MAX >> 20
        ));
    }
    docx_xml_text(&xml)
}

fn docx_xml_text(xml: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut in_text = false;
    let mut depth_row = 0usize;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| {
            format!(
                "a .docx with broken XML at byte {}: {e}",
                r.buffer_position()
            )
        })?;
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tr" => depth_row += 1,
                // A paragraph of a numbered or bulleted list: Word keeps its number in
                // numbering.xml, so the item is marked as a bullet to keep it an item.
                b"numPr" if para.is_empty() => para.push_str("- "),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"numPr" if para.is_empty() => para.push_str("- "),
                b"tab" => para.push('\t'),
                b"br" | b"cr" => para.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let t = t
                    .unescape()
                    .map_err(|e| format!("a .docx with a broken text run: {e}"))?;
                para.push_str(&t);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let p = std::mem::take(&mut para);
                    if depth_row > 0 {
                        if !p.trim().is_empty() {
                            row.push(p.trim().to_string());
                        }
                    } else {
                        out.push_str(p.trim_end());
                        out.push('\n');
                    }
                }
                b"tr" => {
                    depth_row = depth_row.saturating_sub(1);
                    out.push_str(&row.join(" | "));
                    out.push('\n');
                    row.clear();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The article text of a web page: scripts, styles, menus, headers, footers, forms and
/// asides dropped; each heading, paragraph, list item and table row on its own line.
fn html_text(html: &str) -> String {
    use scraper::{Html, Node};
    let doc = Html::parse_document(html);
    let skip = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
        "iframe", "svg", "select", "template", "head",
    ];
    let block = [
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "dd",
        "dt",
    ];
    let mut out = String::new();
    // Depth-first, by hand: a page nests deep enough to overflow a recursive walk.
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            if let Node::Element(e) = node.value() {
                if block.contains(&e.name()) && !out.ends_with('\n') {
                    out.push('\n');
                }
                if matches!(e.name(), "td" | "th") {
                    out.push_str(" | ");
                }
            }
            continue;
        }
        match node.value() {
            Node::Text(t) => {
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    if !out.is_empty() && !out.ends_with(['\n', ' ']) {
                        out.push(' ');
                    }
                    out.push_str(&t);
                }
            }
            Node::Element(e) => {
                if skip.contains(&e.name()) || is_chrome(e) {
                    continue;
                }
                stack.push((node, true));
                // A list item stays an item: it starts a line with a bullet.
                if e.name() == "li" {
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str("- ");
                }
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ => {
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
        }
    }
    out.lines()
        .map(|l| l.trim().trim_end_matches('|').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Page furniture marked by its class or id: menus, share buttons, view counters,
/// breadcrumbs, font-size pickers, related links, comments.
fn is_chrome(e: &scraper::node::Element) -> bool {
    const WORDS: [&str; 14] = [
        "menu",
        "nav",
        "share",
        "social",
        "breadcrumb",
        "footer",
        "header",
        "sidebar",
        "comment",
        "related",
        "font-size",
        "fontsize",
        "view-count",
        "banner",
    ];
    let attrs = [e.attr("class"), e.attr("id")];
    attrs.iter().flatten().any(|v| {
        let v = v.to_ascii_lowercase();
        WORDS.iter().any(|w| v.contains(w))
    })
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("UTF-16 text with an odd number of bytes: the file is truncated".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 (an unpaired surrogate)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_a_byte_order_mark_is_recognised() {
        let text = "Đến năm 2025, 80% hộ gia đình có Internet cáp quang.";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, name) in [(le, "utf-16le"), (be, "utf-16be")] {
            let src = Source::from_bytes(Path::new("x.txt"), &bytes).expect("decodes");
            assert_eq!((src.text.as_str(), src.encoding.as_str()), (text, name));
        }
        assert!(Source::from_bytes(Path::new("x.bin"), &[0, 1, 2, 0xff, 0xfe, 0]).is_err());
    }

    #[test]
    fn word_lists_and_tables_keep_their_shape() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Tỷ lệ A đạt 80%</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Đoạn </w:t></w:r><w:r><w:t>văn</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Chỉ tiêu</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>90%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let t = docx_xml_text(xml.as_bytes()).expect("reads");
        let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, ["- Tỷ lệ A đạt 80%", "Đoạn văn", "Chỉ tiêu | 90%"]);
    }

    #[test]
    fn web_page_chrome_goes_and_items_stay_items() {
        let html = r#"<html><body><nav class="menu">Trang chủ 30%</nav><h2>Mục tiêu</h2>
            <ul><li>Tỷ lệ A đạt <b>80%</b></li><li>Tỷ lệ B</li></ul>
            <div class="social-share">Chia sẻ</div><script>x="5%"</script></body></html>"#;
        assert_eq!(html_text(html), "Mục tiêu\n- Tỷ lệ A đạt 80%\n- Tỷ lệ B");
    }
}
