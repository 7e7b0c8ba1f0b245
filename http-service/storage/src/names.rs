//! The naming rule for buckets and keys: what keeps every name inside its
//! bucket directory.

use crate::StorageError;

/// Longest bucket or key, in bytes.
pub const MAX_NAME: usize = 128;

/// A bucket or key is 1 ..= 128 characters from `a-z 0-9 . _ -`, not
/// starting with `.`: no separators, no `..`, no hidden files, no case
/// folding surprises on case-insensitive filesystems.
///
/// # Errors
///
/// [`StorageError::InvalidName`] quoting the name.
pub fn check_name(name: &str) -> Result<(), StorageError> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b);
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.starts_with('.')
        && name.bytes().all(allowed);
    if ok {
        Ok(())
    } else {
        Err(StorageError::InvalidName(format!(
            "{name:?}: names are 1 to {MAX_NAME} characters from a-z, 0-9, '.', '_', '-', not starting with '.'"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_names() {
        for name in ["tasks", "0123abcd.json", "a-b_c.d", &"x".repeat(MAX_NAME)] {
            assert_eq!(check_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn rejects_anything_that_could_leave_the_bucket() {
        for name in [
            "",
            ".",
            "..",
            ".hidden",
            "a/b",
            "../x",
            "A",
            "a b",
            "é",
            &"x".repeat(MAX_NAME + 1),
        ] {
            assert!(
                matches!(check_name(name), Err(StorageError::InvalidName(_))),
                "{name}"
            );
        }
    }
}
