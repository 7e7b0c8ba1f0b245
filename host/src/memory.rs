//! Measuring a store's linear memory from the host.
//!
//! A component does not export its core modules' memories, so the host
//! cannot ask for their size. Every memory a store creates or grows goes
//! through its `ResourceLimiter`, though: counting what the limiter allows
//! gives the total size of the store's linear memories, which is how the
//! tests check that the scheduler's memory stays bounded. With a limit, the
//! same count enforces `max_memory` over all of a store's memories together
//! (a composition has several): a growth past it is refused, so the guest's
//! `memory.grow` returns -1 (no trap), and the guest decides what that means.

use wasmtime::{ResourceLimiter, Result};

/// A `ResourceLimiter` that counts linear memory, and refuses growth beyond
/// an optional total.
#[derive(Debug, Default)]
pub struct MemoryMeter {
    bytes: usize,
    grows: u64,
    limit: Option<usize>,
    refused: u64,
}

impl MemoryMeter {
    /// A meter that refuses any growth that would take the total beyond
    /// `limit` bytes.
    pub fn with_limit(limit: u64) -> Self {
        Self {
            limit: Some(usize::try_from(limit).unwrap_or(usize::MAX)),
            ..Self::default()
        }
    }

    /// How many growths were refused so far.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Total bytes of every linear memory in the store.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// How many times a memory was created or grown.
    pub fn grows(&self) -> u64 {
        self.grows
    }
}

impl ResourceLimiter for MemoryMeter {
    // Called with current = 0 when a memory is created, then for every
    // `memory.grow`. Sizes are in bytes.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        // Allowing a growth beyond the memory's own maximum still fails it,
        // so only growths that will happen are counted.
        if maximum.is_none_or(|max| desired <= max) {
            let total = self.bytes.saturating_add(desired - current);
            if self.limit.is_some_and(|limit| total > limit) {
                self.refused += 1;
                return Ok(false);
            }
            self.bytes = total;
            self.grows += 1;
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_creation_and_growth_but_not_failed_growth() {
        let mut meter = MemoryMeter::default();
        assert!(meter.memory_growing(0, 65536, None).unwrap());
        assert!(meter
            .memory_growing(65536, 3 * 65536, Some(4 * 65536))
            .unwrap());
        assert!(meter
            .memory_growing(3 * 65536, 8 * 65536, Some(4 * 65536))
            .unwrap());
        assert_eq!(meter.bytes(), 3 * 65536);
        assert_eq!(meter.grows(), 2);
    }

    #[test]
    fn a_limit_refuses_growth_beyond_the_total() {
        let mut meter = MemoryMeter::with_limit(4 * 65536);
        assert!(meter.memory_growing(0, 3 * 65536, None).unwrap());
        assert!(!meter.memory_growing(0, 2 * 65536, None).unwrap());
        assert!(meter.memory_growing(0, 65536, None).unwrap());
        assert_eq!((meter.bytes(), meter.refused()), (4 * 65536, 1));
    }
}
