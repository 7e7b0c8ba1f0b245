//! The crate's side of the WIT `storage-error`.

use std::fmt;

/// Why a storage operation failed (`blob-store.storage-error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No preopened directory has the configured guest path.
    NoDataDir(String),
    /// A bucket or key that breaks the naming rule.
    InvalidName(String),
    /// The filesystem refused: operation, path, WASI error code.
    Io(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoDataDir(m) => write!(f, "no-data-dir: {m}"),
            Self::InvalidName(m) => write!(f, "invalid-name: {m}"),
            Self::Io(m) => write!(f, "io: {m}"),
        }
    }
}
