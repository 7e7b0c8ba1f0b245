//! One bucket: a directory of files named by [`crate::names`], with atomic
//! writes (temporary file, sync, rename) and locked read-modify-writes.

use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::bindings::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, ErrorCode, OpenFlags, PathFlags,
};
use crate::bindings::wasi::random::random;
use crate::names::{decode, encode};

/// Bytes per `read` call: a chunk of the storage component (1 MiB by
/// default) in one or two calls.
const READ_CHUNK: u64 = 1 << 20;
/// How long `increment` waits for another instance's lock.
const LOCK_WAIT_NS: u64 = 5_000_000_000;
/// Between two tries for a lock.
const LOCK_POLL_NS: u64 = 1_000_000;
/// A lock older than this was left by an instance that died holding it
/// (a server killed mid-increment): it is broken. An increment takes
/// microseconds.
const LOCK_STALE_MS: u64 = 10_000;

/// A filesystem failure, as the message of `wasi:keyvalue`'s `other`.
pub fn io(op: &str, name: &str, e: ErrorCode) -> String {
    format!("{op} {name}: {}", e.name())
}

fn file_name(key: &str) -> Result<String, String> {
    encode(key).ok_or_else(|| format!("key {key:?}: empty, or too long for a file name"))
}

/// The bucket's directory.
pub struct Dir(pub Descriptor);

/// Writes all of `data` at offset 0: `write` may write less than asked.
fn write_all(file: &Descriptor, data: &[u8], name: &str) -> Result<(), String> {
    let mut done = 0usize;
    while let Some(rest) = data.get(done..).filter(|r| !r.is_empty()) {
        let n = file
            .write(rest, done as u64)
            .map_err(|e| io("write", name, e))?;
        if n == 0 {
            return Err(format!("write {name}: no progress"));
        }
        done = done.saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
    }
    Ok(())
}

fn read_all(file: &Descriptor, name: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    loop {
        let (chunk, eof) = file
            .read(READ_CHUNK, data.len() as u64)
            .map_err(|e| io("read", name, e))?;
        data.extend_from_slice(&chunk);
        if eof || chunk.is_empty() {
            return Ok(data);
        }
    }
}

fn millis(t: Option<wall_clock::Datetime>) -> u64 {
    t.map_or(0, |t| {
        t.seconds
            .saturating_mul(1000)
            .saturating_add(u64::from(t.nanoseconds / 1_000_000))
    })
}

impl Dir {
    /// The value of `key`; `None` if absent.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        let name = file_name(key)?;
        match self.0.open_at(
            PathFlags::empty(),
            &name,
            OpenFlags::empty(),
            DescriptorFlags::READ,
        ) {
            Ok(file) => read_all(&file, &name).map(Some),
            Err(ErrorCode::NoEntry) => Ok(None),
            Err(e) => Err(io("open", &name, e)),
        }
    }

    /// Replaces the value of `key`, atomically.
    pub fn set(&self, key: &str, value: &[u8]) -> Result<(), String> {
        let name = file_name(key)?;
        let temp = format!(
            "~{:016x}{:016x}.tmp",
            random::get_random_u64(),
            random::get_random_u64()
        );
        let file = self
            .0
            .open_at(
                PathFlags::empty(),
                &temp,
                OpenFlags::CREATE | OpenFlags::EXCLUSIVE,
                DescriptorFlags::WRITE,
            )
            .map_err(|e| io("create", &temp, e))?;
        let written = write_all(&file, value, &temp)
            // On disk before the rename makes it visible, or a crash could
            // leave the key naming an empty file.
            .and_then(|()| file.sync_data().map_err(|e| io("sync", &temp, e)));
        drop(file);
        let renamed = written.and_then(|()| {
            self.0
                .rename_at(&temp, &self.0, &name)
                .map_err(|e| io("rename", &format!("{temp} → {name}"), e))
        });
        if renamed.is_err() {
            // Best effort: a stray temporary file is never read as a key.
            let _ = self.0.unlink_file_at(&temp);
        }
        renamed
    }

    /// Removes `key`; absent is no error.
    pub fn delete(&self, key: &str) -> Result<(), String> {
        let name = file_name(key)?;
        match self.0.unlink_file_at(&name) {
            Ok(()) | Err(ErrorCode::NoEntry) => Ok(()),
            Err(e) => Err(io("unlink", &name, e)),
        }
    }

    /// Whether `key` has a value.
    pub fn exists(&self, key: &str) -> Result<bool, String> {
        let name = file_name(key)?;
        match self.0.stat_at(PathFlags::empty(), &name) {
            Ok(_) => Ok(true),
            Err(ErrorCode::NoEntry) => Ok(false),
            Err(e) => Err(io("stat", &name, e)),
        }
    }

    /// Every key, from the file names.
    pub fn keys(&self) -> Result<Vec<String>, String> {
        let entries = self.0.read_directory().map_err(|e| io("list", ".", e))?;
        let mut keys = Vec::new();
        loop {
            match entries.read_directory_entry() {
                Ok(Some(entry)) => {
                    if entry.type_ == DescriptorType::RegularFile {
                        keys.extend(decode(&entry.name));
                    }
                }
                Ok(None) => return Ok(keys),
                // Removed by another instance between the directory read and
                // the host's look at it: not there. The stream goes on.
                Err(ErrorCode::NoEntry) => {}
                Err(e) => return Err(io("list", ".", e)),
            }
        }
    }

    /// Adds `delta` to the decimal number at `key` (absent: 0) under the
    /// key's lock.
    pub fn increment(&self, key: &str, delta: u64) -> Result<u64, String> {
        let lock = format!("~{}.lock", file_name(key)?);
        self.lock(&lock)?;
        let result = self.get(key).and_then(|old| {
            let old = old.unwrap_or_else(|| b"0".to_vec());
            let n = std::str::from_utf8(&old)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .ok_or_else(|| format!("increment {key:?}: the value is not a decimal number"))?
                .checked_add(delta)
                .ok_or_else(|| format!("increment {key:?}: overflow"))?;
            self.set(key, n.to_string().as_bytes()).map(|()| n)
        });
        let unlocked = self
            .0
            .unlink_file_at(&lock)
            .map_err(|e| io("unlock", &lock, e));
        let n = result?;
        unlocked.map(|()| n)
    }

    /// Creates `lock` exclusively, waiting while another instance holds it,
    /// breaking it if its holder died.
    fn lock(&self, lock: &str) -> Result<(), String> {
        let start = monotonic_clock::now();
        loop {
            match self.0.open_at(
                PathFlags::empty(),
                lock,
                OpenFlags::CREATE | OpenFlags::EXCLUSIVE,
                DescriptorFlags::WRITE,
            ) {
                Ok(_) => return Ok(()),
                Err(ErrorCode::Exist) => {}
                Err(e) => return Err(io("lock", lock, e)),
            }
            if let Ok(stat) = self.0.stat_at(PathFlags::empty(), lock) {
                let age = millis(Some(wall_clock::now()))
                    .saturating_sub(millis(stat.data_modification_timestamp));
                if age > LOCK_STALE_MS {
                    let _ = self.0.unlink_file_at(lock);
                    continue;
                }
            }
            if monotonic_clock::now().saturating_sub(start) > LOCK_WAIT_NS {
                return Err(format!(
                    "lock {lock}: held by another instance for over 5 s"
                ));
            }
            monotonic_clock::subscribe_duration(LOCK_POLL_NS).block();
        }
    }
}
