//! The crate's side of the WIT `storage-error`.

use std::fmt;

/// Why a storage operation failed (`blob-store.storage-error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The store is not configured: no such bucket, or no access.
    NoDataDir(String),
    /// A bucket or key that breaks the naming rule.
    InvalidName(String),
    /// The store refused, or holds something unreadable.
    Io(String),
    /// The store did not answer; the same call may work later.
    Unavailable(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoDataDir(m) => write!(f, "no-data-dir: {m}"),
            Self::InvalidName(m) => write!(f, "invalid-name: {m}"),
            Self::Io(m) => write!(f, "io: {m}"),
            Self::Unavailable(m) => write!(f, "unavailable: {m}"),
        }
    }
}
