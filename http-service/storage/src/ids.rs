//! Task ids: the creation time, then random bits.
//!
//! Putting the time first lets the sweep find expired and excess tasks from
//! the file names alone, without reading a record, and makes ids sort by
//! age. The 80 random bits keep them unique across instances that create
//! tasks in the same millisecond, and unguessable.

/// Hex digits of the time part: 48 bits of milliseconds, until the year
/// 10889.
const TIME_DIGITS: usize = 12;
/// The whole id: 32 hex digits.
pub const ID_LEN: usize = 32;
const RANDOM_MASK: u128 = (1 << 80) - 1;

/// A new id: `now_ms` as 12 hex digits, then 80 bits of `random`.
#[must_use]
pub fn new_task_id(now_ms: u64, random: u128) -> String {
    format!(
        "{:012x}{:020x}",
        now_ms & 0xffff_ffff_ffff,
        random & RANDOM_MASK
    )
}

/// The creation time an id carries, or `None` if `id` is not one (32
/// lower-case hex digits).
#[must_use]
pub fn created_ms(id: &str) -> Option<u64> {
    let well_formed = id.len() == ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return None;
    }
    u64::from_str_radix(id.get(..TIME_DIGITS)?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_order() {
        let a = new_task_id(1_700_000_000_000, u128::MAX);
        let b = new_task_id(1_700_000_000_001, 0);
        assert_eq!(a.len(), ID_LEN);
        assert_eq!(created_ms(&a), Some(1_700_000_000_000));
        assert_eq!(created_ms(&b), Some(1_700_000_000_001));
        assert!(a < b, "ids sort by creation time");
        assert_eq!(&b[12..], "00000000000000000000");
    }

    #[test]
    fn rejects_non_ids() {
        for id in [
            "",
            "abc",
            &"g".repeat(32),
            &"A".repeat(32),
            &"0".repeat(33),
            "../../etc/passwd",
        ] {
            assert_eq!(created_ms(id), None, "{id}");
        }
    }
}
