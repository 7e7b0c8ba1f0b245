//! [`Blobs`] on `wasi:filesystem`: one directory per bucket under the
//! preopened data directory, one file per key, writes through a temporary
//! file and a rename.

use std::cell::OnceCell;

use crate::bindings::wasi::clocks::wall_clock::Datetime;
use crate::bindings::wasi::filesystem::preopens;
use crate::bindings::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, ErrorCode, NewTimestamp, OpenFlags, PathFlags,
};
use crate::bindings::wasi::random::random;
use crate::tasks::TMP;
use crate::{check_name, BlobInfo, Blobs, StorageError};

/// Bytes per `read` call: large enough that a result image takes a few
/// calls, small enough not to over-allocate for small records.
const READ_CHUNK: u64 = 1 << 20;

/// The data directory of this instance, found once among the preopens.
pub struct FsBlobs {
    data_dir: String,
    root: OnceCell<Descriptor>,
}

fn io(op: &str, path: &str, e: ErrorCode) -> StorageError {
    StorageError::Io(format!("{op} {path}: {}", e.name()))
}

fn millis(t: Option<Datetime>) -> u64 {
    t.map_or(0, |t| {
        t.seconds
            .saturating_mul(1000)
            .saturating_add(u64::from(t.nanoseconds / 1_000_000))
    })
}

impl FsBlobs {
    /// The blobs under the preopen whose guest path is `data_dir`.
    pub fn new(data_dir: &str) -> Self {
        Self {
            data_dir: data_dir.to_string(),
            root: OnceCell::new(),
        }
    }

    fn root(&self) -> Result<&Descriptor, StorageError> {
        if let Some(root) = self.root.get() {
            return Ok(root);
        }
        let found = preopens::get_directories()
            .into_iter()
            .find(|(_, path)| path.trim_end_matches('/') == self.data_dir.trim_end_matches('/'));
        let Some((dir, _)) = found else {
            return Err(StorageError::NoDataDir(format!(
                "no preopened directory is mounted at {:?} (DATA_DIR); run with e.g. `wasmtime serve --dir HOST_DIR::{}`",
                self.data_dir, self.data_dir
            )));
        };
        Ok(self.root.get_or_init(|| dir))
    }

    /// The bucket's directory; `None` if it does not exist and `create` is
    /// false.
    fn bucket(&self, bucket: &str, create: bool) -> Result<Option<Descriptor>, StorageError> {
        check_name(bucket)?;
        let root = self.root()?;
        let flags = DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY;
        let open = || root.open_at(PathFlags::empty(), bucket, OpenFlags::DIRECTORY, flags);
        match open() {
            Ok(dir) => Ok(Some(dir)),
            Err(ErrorCode::NoEntry) if create => {
                match root.create_directory_at(bucket) {
                    // Another instance made it first: as good.
                    Ok(()) | Err(ErrorCode::Exist) => {}
                    Err(e) => return Err(io("mkdir", bucket, e)),
                }
                open().map(Some).map_err(|e| io("open", bucket, e))
            }
            Err(ErrorCode::NoEntry) => Ok(None),
            Err(e) => Err(io("open", bucket, e)),
        }
    }

    fn temp_name() -> String {
        format!(
            "{:016x}{:016x}.tmp",
            random::get_random_u64(),
            random::get_random_u64()
        )
    }
}

/// Writes all of `data` at offset 0: `write` may write less than asked.
fn write_all(file: &Descriptor, data: &[u8], path: &str) -> Result<(), StorageError> {
    let mut done = 0usize;
    while let Some(rest) = data.get(done..).filter(|r| !r.is_empty()) {
        let n = file
            .write(rest, done as u64)
            .map_err(|e| io("write", path, e))?;
        if n == 0 {
            return Err(StorageError::Io(format!("write {path}: no progress")));
        }
        done = done.saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
    }
    Ok(())
}

fn read_all(file: &Descriptor, path: &str) -> Result<Vec<u8>, StorageError> {
    let mut data = Vec::new();
    loop {
        let (chunk, eof) = file
            .read(READ_CHUNK, data.len() as u64)
            .map_err(|e| io("read", path, e))?;
        data.extend_from_slice(&chunk);
        if eof || chunk.is_empty() {
            return Ok(data);
        }
    }
}

/// The names of the regular files in `dir` that are valid keys.
fn read_names(dir: &Descriptor, bucket: &str) -> Result<Vec<String>, StorageError> {
    let entries = dir.read_directory().map_err(|e| io("list", bucket, e))?;
    let mut names = Vec::new();
    loop {
        match entries.read_directory_entry() {
            Ok(Some(entry)) => {
                if entry.type_ == DescriptorType::RegularFile && check_name(&entry.name).is_ok() {
                    names.push(entry.name);
                }
            }
            Ok(None) => return Ok(names),
            // Another instance removed or renamed the file between the
            // directory read and the host's look at it: it is not there.
            // The stream goes on with the next entry.
            Err(ErrorCode::NoEntry) => {}
            Err(e) => return Err(io("list", bucket, e)),
        }
    }
}

impl Blobs for FsBlobs {
    fn put(&self, bucket: &str, key: &str, data: &[u8]) -> Result<(), StorageError> {
        check_name(key)?;
        let Some(dir) = self.bucket(bucket, true)? else {
            return Err(StorageError::Io(format!(
                "open {bucket}: missing after creation"
            )));
        };
        let Some(tmp_dir) = self.bucket(TMP, true)? else {
            return Err(StorageError::Io(format!(
                "open {TMP}: missing after creation"
            )));
        };
        let temp = Self::temp_name();
        let temp_path = format!("{TMP}/{temp}");
        let file = tmp_dir
            .open_at(
                PathFlags::empty(),
                &temp,
                OpenFlags::CREATE | OpenFlags::EXCLUSIVE,
                DescriptorFlags::WRITE,
            )
            .map_err(|e| io("create", &temp_path, e))?;
        let written = write_all(&file, data, &temp_path)
            // The data must be on disk before the rename makes it visible,
            // or a crash could leave the key naming an empty file.
            .and_then(|()| file.sync_data().map_err(|e| io("sync", &temp_path, e)));
        drop(file);
        let renamed = written.and_then(|()| {
            tmp_dir
                .rename_at(&temp, &dir, key)
                .map_err(|e| io("rename", &format!("{temp_path} → {bucket}/{key}"), e))
        });
        if renamed.is_err() {
            // Best effort: the sweep removes what this leaves.
            let _ = tmp_dir.unlink_file_at(&temp);
        }
        renamed
    }

    fn get(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        check_name(key)?;
        let Some(dir) = self.bucket(bucket, false)? else {
            return Ok(None);
        };
        let path = format!("{bucket}/{key}");
        match dir.open_at(
            PathFlags::empty(),
            key,
            OpenFlags::empty(),
            DescriptorFlags::READ,
        ) {
            Ok(file) => read_all(&file, &path).map(Some),
            Err(ErrorCode::NoEntry) => Ok(None),
            Err(e) => Err(io("open", &path, e)),
        }
    }

    fn remove(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
        check_name(key)?;
        let Some(dir) = self.bucket(bucket, false)? else {
            return Ok(false);
        };
        match dir.unlink_file_at(key) {
            Ok(()) => Ok(true),
            Err(ErrorCode::NoEntry) => Ok(false),
            Err(e) => Err(io("unlink", &format!("{bucket}/{key}"), e)),
        }
    }

    fn list(&self, bucket: &str) -> Result<Vec<BlobInfo>, StorageError> {
        let Some(dir) = self.bucket(bucket, false)? else {
            return Ok(Vec::new());
        };
        let mut blobs = Vec::new();
        for key in read_names(&dir, bucket)? {
            match dir.stat_at(PathFlags::empty(), &key) {
                Ok(stat) => blobs.push(BlobInfo {
                    key,
                    size: stat.size,
                    touched_ms: millis(stat.data_modification_timestamp),
                }),
                // Removed by another instance since the listing: skip it.
                Err(ErrorCode::NoEntry) => {}
                Err(e) => return Err(io("stat", &format!("{bucket}/{key}"), e)),
            }
        }
        Ok(blobs)
    }

    fn keys(&self, bucket: &str) -> Result<Vec<String>, StorageError> {
        match self.bucket(bucket, false)? {
            Some(dir) => read_names(&dir, bucket),
            None => Ok(Vec::new()),
        }
    }
}

impl FsBlobs {
    /// `blob-store.touch`: the modification time becomes now.
    pub fn touch(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
        check_name(key)?;
        let Some(dir) = self.bucket(bucket, false)? else {
            return Ok(false);
        };
        match dir.set_times_at(
            PathFlags::empty(),
            key,
            NewTimestamp::NoChange,
            NewTimestamp::Now,
        ) {
            Ok(()) => Ok(true),
            Err(ErrorCode::NoEntry) => Ok(false),
            Err(e) => Err(io("touch", &format!("{bucket}/{key}"), e)),
        }
    }
}
