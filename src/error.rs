//! Typed errors of the library. The binary turns them into messages for people.

use std::path::PathBuf;
use thiserror::Error;

/// A mistake in a rule file, located so an author can jump to it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{file}:{line}:{col}: {message}")]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

#[derive(Debug, Error)]
pub enum Error {
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }
}
