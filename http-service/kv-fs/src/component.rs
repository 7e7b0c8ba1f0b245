//! The exports: `wasi:keyvalue/store` (the `bucket` resource), `atomics`
//! and `batch`, on [`Dir`].

use std::cell::OnceCell;
use std::sync::OnceLock;

use crate::bindings::exports::wasi::keyvalue::store::{self, BucketBorrow, Error, KeyResponse};
use crate::bindings::exports::wasi::keyvalue::{atomics, batch};
use crate::bindings::wasi::cli::environment;
use crate::bindings::wasi::filesystem::preopens;
use crate::bindings::wasi::filesystem::types::{
    Descriptor, DescriptorFlags, ErrorCode, OpenFlags, PathFlags,
};
use crate::dir::{io, Dir};

/// The guest path of the data directory when `DATA_DIR` is not set: what
/// `wasmtime serve --dir HOST::/data` and `image-pipeline serve --data`
/// mount.
const DEFAULT_DATA_DIR: &str = "/data";

fn data_dir() -> &'static str {
    static DIR: OnceLock<String> = OnceLock::new();
    DIR.get_or_init(|| {
        environment::get_environment()
            .into_iter()
            .find(|(k, v)| k == "DATA_DIR" && !v.trim().is_empty())
            .map_or_else(
                || DEFAULT_DATA_DIR.to_string(),
                |(_, v)| v.trim().to_string(),
            )
    })
}

thread_local! {
    // Found once per instance among the preopens.
    static ROOT: OnceCell<Descriptor> = const { OnceCell::new() };
}

/// The directory of bucket `identifier`, created on first use: `kv` for the
/// empty name (the storage component's default), `kv-<name>` otherwise.
fn open_bucket(identifier: &str) -> Result<Dir, Error> {
    let valid = identifier.len() <= 64
        && identifier
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !valid {
        return Err(Error::NoSuchStore);
    }
    let name = if identifier.is_empty() {
        "kv".to_string()
    } else {
        format!("kv-{identifier}")
    };
    ROOT.with(|root| {
        if root.get().is_none() {
            let found = preopens::get_directories()
                .into_iter()
                .find(|(_, path)| path.trim_end_matches('/') == data_dir().trim_end_matches('/'));
            let Some((dir, _)) = found else {
                return Err(Error::Other(format!(
                    "no preopened directory is mounted at {:?} (DATA_DIR); run with e.g. `wasmtime serve --dir HOST_DIR::{}`",
                    data_dir(),
                    data_dir()
                )));
            };
            let _ = root.set(dir);
        }
        let Some(root) = root.get() else {
            return Err(Error::Other("the data directory is not open".into()));
        };
        let flags = DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY;
        let open = || root.open_at(PathFlags::empty(), &name, OpenFlags::DIRECTORY, flags);
        match open() {
            Ok(dir) => Ok(Dir(dir)),
            Err(ErrorCode::NoEntry) => {
                match root.create_directory_at(&name) {
                    // Another instance made it first: as good.
                    Ok(()) | Err(ErrorCode::Exist) => {}
                    Err(e) => return Err(Error::Other(io("mkdir", &name, e))),
                }
                open().map(Dir).map_err(|e| Error::Other(io("open", &name, e)))
            }
            Err(e) => Err(Error::Other(io("open", &name, e))),
        }
    })
}

struct KvFs;

impl store::Guest for KvFs {
    type Bucket = Dir;

    fn open(identifier: String) -> Result<store::Bucket, Error> {
        open_bucket(&identifier).map(store::Bucket::new)
    }
}

impl store::GuestBucket for Dir {
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, Error> {
        Dir::get(self, &key).map_err(Error::Other)
    }

    fn set(&self, key: String, value: Vec<u8>) -> Result<(), Error> {
        Dir::set(self, &key, &value).map_err(Error::Other)
    }

    fn delete(&self, key: String) -> Result<(), Error> {
        Dir::delete(self, &key).map_err(Error::Other)
    }

    fn exists(&self, key: String) -> Result<bool, Error> {
        Dir::exists(self, &key).map_err(Error::Other)
    }

    /// Every key in one page: a directory listing has no stable position to
    /// resume from, so any cursor is past the end.
    fn list_keys(&self, cursor: Option<u64>) -> Result<KeyResponse, Error> {
        let keys = match cursor {
            None => self.keys().map_err(Error::Other)?,
            Some(_) => Vec::new(),
        };
        Ok(KeyResponse { keys, cursor: None })
    }
}

impl atomics::Guest for KvFs {
    fn increment(bucket: BucketBorrow<'_>, key: String, delta: u64) -> Result<u64, Error> {
        bucket
            .get::<Dir>()
            .increment(&key, delta)
            .map_err(Error::Other)
    }
}

impl batch::Guest for KvFs {
    fn get_many(
        bucket: BucketBorrow<'_>,
        keys: Vec<String>,
    ) -> Result<Vec<Option<(String, Vec<u8>)>>, Error> {
        let dir = bucket.get::<Dir>();
        keys.into_iter()
            .map(|key| {
                Ok(dir
                    .get(&key)
                    .map_err(Error::Other)?
                    .map(|value| (key, value)))
            })
            .collect()
    }

    fn set_many(bucket: BucketBorrow<'_>, key_values: Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let dir = bucket.get::<Dir>();
        key_values
            .iter()
            .try_for_each(|(key, value)| dir.set(key, value).map_err(Error::Other))
    }

    fn delete_many(bucket: BucketBorrow<'_>, keys: Vec<String>) -> Result<(), Error> {
        let dir = bucket.get::<Dir>();
        keys.iter()
            .try_for_each(|key| dir.delete(key).map_err(Error::Other))
    }
}

crate::bindings::export!(KvFs with_types_in crate::bindings);
