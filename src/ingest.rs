//! Ingest: bytes to the decoded original text. Spans point into this text.

use crate::error::Error;
use crate::model::Format;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Source {
    /// File name without its extension.
    pub id: String,
    pub path: String,
    pub sha256: String,
    pub format: Format,
    pub encoding: String,
    pub text: String,
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
        }
    }

    /// Decodes `bytes` read from `path`.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, Error> {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "stdin".into());
        if bytes.is_empty() {
            return Err(Error::input(path, "empty file: nothing to read"));
        }
        let (text, encoding) = decode(bytes).map_err(|m| Error::input(path, m))?;
        Ok(Source {
            id,
            path: path.display().to_string(),
            sha256: crate::rules::hex(&Sha256::digest(bytes)),
            format: Format::Txt,
            encoding: encoding.into(),
            text,
        })
    }
}

fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map(|s| (s, "utf-8"))
            .map_err(|e| {
                format!(
                    "invalid UTF-8 after a UTF-8 byte order mark at byte {}",
                    e.utf8_error().valid_up_to() + 3
                )
            });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(|s| (s, "utf-16le"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(|s| (s, "utf-16be"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if s.contains('\0') {
                return Err("binary file (it contains NUL bytes): not a text document".into());
            }
            Ok((s.to_string(), "utf-8"))
        }
        Err(e) => Err(format!(
            "not valid UTF-8 (first bad byte at offset {}); legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are not decoded yet: save the file as UTF-8",
            e.valid_up_to()
        )),
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("UTF-16 text with an odd number of bytes: the file is truncated".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 (an unpaired surrogate)".into())
}
