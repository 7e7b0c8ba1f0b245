//! Sizes and durations as people write them (`256MiB`, `30s`) and as the
//! host prints them.

use std::time::Duration;

/// `256 MiB`, `1.5 GiB`, `512 KiB`, `100 B`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

/// `30s`, `250ms`, `1.5s`.
pub fn human_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{}s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.3}s", d.as_secs_f64())
    }
}

/// Parses a size: a number of bytes, or a number with a unit `B`, `KiB`,
/// `MiB`, `GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all powers of 1024),
/// with or without a space: `256MiB`, `1.5 GiB`, `65536`.
///
/// # Errors
///
/// Not a size, zero, or over 16 EiB.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("{s:?} is not a size like \"256MiB\", \"1GiB\" or a number of bytes");
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    let bytes = value * multiplier as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("{s:?}: the size must be at least 1 byte"));
    }
    Ok(bytes as u64)
}

/// Parses a duration: a number with a unit `ms`, `s`, `m` (`250ms`, `30s`,
/// `1.5s`, `2m`), or a plain number of seconds.
///
/// # Errors
///
/// Not a duration, zero, or over a day.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not a duration like \"30s\", \"250ms\", \"2m\"");
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let seconds_per_unit = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        _ => return Err(bad()),
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    seconds(value * seconds_per_unit).map_err(|e| format!("{s:?}: {e}"))
}

/// A duration of `secs` seconds, between 1 ms and a day.
pub fn seconds(secs: f64) -> Result<Duration, String> {
    if !secs.is_finite() || secs < 0.001 {
        return Err("the duration must be at least 1ms".into());
    }
    if secs > 86_400.0 {
        return Err("the duration must be at most a day".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_bytes_or_binary_units() {
        assert_eq!(parse_size("256MiB").unwrap(), 256 << 20);
        assert_eq!(parse_size("1.5 GiB").unwrap(), 3 << 29);
        assert_eq!(parse_size("64k").unwrap(), 65536);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        for bad in ["", "MiB", "12 parsecs", "-1MiB", "0", "1e3"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
    }

    #[test]
    fn durations_with_units_or_seconds() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_mins(2));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        for bad in ["", "s", "0s", "3h", "-1s", "2 days"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(human_duration(Duration::from_secs(30)), "30s");
        assert_eq!(human_duration(Duration::from_millis(250)), "250ms");
    }
}
