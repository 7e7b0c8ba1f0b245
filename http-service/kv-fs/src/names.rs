//! Keys as file names. A key is any string; a file name may not hold `/`,
//! must not be `.` or `..`, and should not depend on the filesystem's case
//! rules. So every byte outside `a-z 0-9 _ -`, and a `.` only at the start,
//! becomes `%xx` (lower-case hex): `h/tasks/0a.json` → `h%2ftasks%2f0a.json`.
//! Files whose names start with `~` (which the encoding never produces) are
//! the store's own: temporary files and locks.

use std::fmt::Write;

/// Longest file name most filesystems accept.
pub const MAX_FILE_NAME: usize = 255;

/// The file name of `key`, or `None` if it would be too long.
#[must_use]
pub fn encode(key: &str) -> Option<String> {
    let mut out = String::with_capacity(key.len());
    for (i, b) in key.bytes().enumerate() {
        let plain = b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || b == b'_'
            || b == b'-'
            || (b == b'.' && i > 0);
        if plain {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02x}");
        }
    }
    (!out.is_empty() && out.len() <= MAX_FILE_NAME).then_some(out)
}

/// The key a file name holds, or `None` for a file that is not a key's.
#[must_use]
pub fn decode(name: &str) -> Option<String> {
    if name.starts_with('~') {
        return None;
    }
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = tail.get(2..)?;
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    let key = String::from_utf8(bytes).ok()?;
    (encode(&key).as_deref() == Some(name)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for key in [
            "h/tasks/0a.json",
            "c/cache/ab/00ff/3",
            ".hidden",
            "A B%é",
            "x",
        ] {
            let name = encode(key).unwrap();
            assert!(
                !name.contains('/') && !name.starts_with('.') && !name.starts_with('~'),
                "{name}"
            );
            assert_eq!(decode(&name).as_deref(), Some(key));
        }
        assert_eq!(encode("h/tasks/0a.json").unwrap(), "h%2ftasks%2f0a.json");
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        assert_eq!(encode(""), None);
        assert_eq!(encode(&"x".repeat(MAX_FILE_NAME + 1)), None);
        for name in ["~lock", "%zz", "%2", "A", "a%2F", ".x"] {
            assert_eq!(decode(name), None, "{name}");
        }
    }
}
