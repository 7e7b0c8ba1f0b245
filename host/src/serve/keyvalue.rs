//! `wasi:keyvalue` (store, atomics, batch) from a Redis server: what
//! `image-pipeline serve --store redis://HOST:PORT` gives the service, so
//! that several servers on one Redis share their tasks, results and cache.
//!
//! The interfaces are generated here from the WIT that `wasmtime-wasi-keyvalue`
//! 48 implements (`wit/deps/keyvalue`, `wasi:keyvalue@0.2.0-draft`, vendored
//! from that crate), because that crate's own provider is in-memory only and
//! its traits are private. Each operation is one Redis command:
//! `get`/`set`/`del`/`exists`, `SCAN` for `list-keys` (its cursor is the
//! interface's), `INCRBY` for `increment` (atomic in Redis: of concurrent
//! increments each sees its own result), `MGET`/`MSET`/`DEL` for the batch.
//!
//! A bucket is a key prefix: `open("")` is the whole keyspace, `open(name)`
//! the keys under `name:`. A failed command (Redis down, a timeout) is the
//! interface's `other` error, never a trap, and the connection manager
//! reconnects in the background, so the service answers 503 while Redis is
//! away and works again once it is back.
//!
//! The manager learns that its connection died only from the next command,
//! which fails although Redis may be up again (restarted while this server
//! was idle). So a command that fails on a dropped connection runs once more,
//! on the connection the manager is re-opening: the first request after a
//! Redis restart is served, not refused. All commands but `INCRBY` are
//! idempotent, so running one twice is harmless; `INCRBY` is not retried
//! (see `increment`).

use std::time::Duration;

use anyhow::{Context, Result};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Cmd, FromRedisValue, RedisResult};
use wasmtime::component::{HasData, Linker, Resource, ResourceTable};

mod generated {
    wasmtime::component::bindgen!({
        path: "../wit/deps/keyvalue",
        world: "wasi:keyvalue/imports",
        imports: { default: async | trappable },
        with: {
            "wasi:keyvalue/store.bucket": super::Bucket,
        },
    });
}

use generated::wasi::keyvalue::store::{Error, KeyResponse};
use generated::wasi::keyvalue::{atomics, batch, store};

/// How long a command may wait for Redis before it is an error (and the
/// service's answer a 503): far beyond a loopback round trip, short enough
/// that a dead server does not hold requests.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(2);
/// Keys per `SCAN` step: a page of `list-keys`.
const SCAN_COUNT: usize = 1000;

/// A connection to one Redis server, shared by every request (the manager
/// multiplexes commands over it).
#[derive(Clone)]
pub struct Redis {
    connection: ConnectionManager,
}

impl Redis {
    /// Connects to `url` (`redis://HOST:PORT[/DB]`).
    ///
    /// # Errors
    ///
    /// A malformed URL, or no Redis answering there.
    pub async fn connect(url: &str) -> Result<Self> {
        let client = redis::Client::open(url).with_context(|| format!("bad Redis URL {url:?}"))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(CONNECTION_TIMEOUT))
            // A request fails fast while Redis is away; the manager keeps
            // reconnecting for the next one.
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .with_context(|| format!("cannot connect to Redis at {url}"))?;
        Ok(Self { connection })
    }
}

/// An open bucket: the prefix of its keys.
pub struct Bucket {
    prefix: String,
}

impl Bucket {
    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

/// What the generated host traits are implemented on: the connection and
/// the request's resource table.
pub struct KeyValue<'a> {
    redis: &'a Redis,
    table: &'a mut ResourceTable,
}

impl<'a> KeyValue<'a> {
    /// The view of one request's store.
    pub fn new(redis: &'a Redis, table: &'a mut ResourceTable) -> Self {
        Self { redis, table }
    }

    fn bucket(&self, bucket: &Resource<Bucket>) -> wasmtime::Result<&Bucket> {
        Ok(self.table.get(bucket)?)
    }

    fn conn(&self) -> ConnectionManager {
        self.redis.connection.clone()
    }
}

/// Runs an idempotent `cmd` on `conn`, and once more if the connection had
/// dropped (see the module's comment). A refused connection is not retried:
/// Redis is down, and the manager has just tried to reach it.
async fn idempotent<T: FromRedisValue>(mut conn: ConnectionManager, cmd: &Cmd) -> RedisResult<T> {
    match cmd.query_async(&mut conn).await {
        Err(e) if e.is_connection_dropped() && !e.is_connection_refusal() => {
            cmd.query_async(&mut conn).await
        }
        result => result,
    }
}

fn other(op: &str, e: &redis::RedisError) -> Error {
    Error::Other(format!("redis {op}: {e}"))
}

impl store::Host for KeyValue<'_> {
    async fn open(
        &mut self,
        identifier: String,
    ) -> wasmtime::Result<Result<Resource<Bucket>, Error>> {
        let prefix = if identifier.is_empty() {
            String::new()
        } else {
            format!("{identifier}:")
        };
        Ok(Ok(self.table.push(Bucket { prefix })?))
    }
}

impl store::HostBucket for KeyValue<'_> {
    async fn get(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
    ) -> wasmtime::Result<Result<Option<Vec<u8>>, Error>> {
        let key = self.bucket(&bucket)?.key(&key);
        Ok(idempotent(self.conn(), &Cmd::get(key))
            .await
            .map_err(|e| other("GET", &e)))
    }

    async fn set(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        value: Vec<u8>,
    ) -> wasmtime::Result<Result<(), Error>> {
        let key = self.bucket(&bucket)?.key(&key);
        Ok(idempotent(self.conn(), &Cmd::set(key, value))
            .await
            .map_err(|e| other("SET", &e)))
    }

    async fn delete(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
    ) -> wasmtime::Result<Result<(), Error>> {
        let key = self.bucket(&bucket)?.key(&key);
        Ok(idempotent(self.conn(), &Cmd::del(key))
            .await
            .map_err(|e| other("DEL", &e)))
    }

    async fn exists(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
    ) -> wasmtime::Result<Result<bool, Error>> {
        let key = self.bucket(&bucket)?.key(&key);
        Ok(idempotent(self.conn(), &Cmd::exists(key))
            .await
            .map_err(|e| other("EXISTS", &e)))
    }

    async fn list_keys(
        &mut self,
        bucket: Resource<Bucket>,
        cursor: Option<u64>,
    ) -> wasmtime::Result<Result<KeyResponse, Error>> {
        let prefix = self.bucket(&bucket)?.prefix.clone();
        let mut scan = redis::cmd("SCAN");
        scan.arg(cursor.unwrap_or(0))
            .arg("MATCH")
            .arg(format!("{prefix}*"))
            .arg("COUNT")
            .arg(SCAN_COUNT);
        let step: RedisResult<(u64, Vec<String>)> = idempotent(self.conn(), &scan).await;
        Ok(step
            .map_err(|e| other("SCAN", &e))
            .map(|(next, keys)| KeyResponse {
                keys: keys
                    .into_iter()
                    .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
                    .collect(),
                // SCAN's cursor 0: the iteration is complete.
                cursor: (next != 0).then_some(next),
            }))
    }

    async fn drop(&mut self, bucket: Resource<Bucket>) -> wasmtime::Result<()> {
        self.table.delete(bucket)?;
        Ok(())
    }
}

impl atomics::Host for KeyValue<'_> {
    async fn increment(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        delta: u64,
    ) -> wasmtime::Result<Result<u64, Error>> {
        let key = self.bucket(&bucket)?.key(&key);
        let Ok(delta) = i64::try_from(delta) else {
            return Ok(Err(Error::Other(format!(
                "increment by {delta}: beyond Redis's 64-bit signed range"
            ))));
        };
        // Not retried: if the first INCRBY reached Redis before the
        // connection dropped, a second would count twice (a claim that
        // won would read 2 and give up its lease window).
        let n: RedisResult<i64> = self.conn().incr(key, delta).await;
        Ok(n.map_err(|e| other("INCRBY", &e)).and_then(|n| {
            u64::try_from(n).map_err(|_| Error::Other(format!("INCRBY: negative counter {n}")))
        }))
    }
}

impl batch::Host for KeyValue<'_> {
    async fn get_many(
        &mut self,
        bucket: Resource<Bucket>,
        keys: Vec<String>,
    ) -> wasmtime::Result<Result<Vec<Option<(String, Vec<u8>)>>, Error>> {
        if keys.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        let full: Vec<String> = {
            let b = self.bucket(&bucket)?;
            keys.iter().map(|k| b.key(k)).collect()
        };
        let mut mget = redis::cmd("MGET");
        mget.arg(full);
        let values: RedisResult<Vec<Option<Vec<u8>>>> = idempotent(self.conn(), &mget).await;
        Ok(values.map_err(|e| other("MGET", &e)).map(|values| {
            keys.into_iter()
                .zip(values)
                .map(|(k, v)| v.map(|v| (k, v)))
                .collect()
        }))
    }

    async fn set_many(
        &mut self,
        bucket: Resource<Bucket>,
        key_values: Vec<(String, Vec<u8>)>,
    ) -> wasmtime::Result<Result<(), Error>> {
        if key_values.is_empty() {
            return Ok(Ok(()));
        }
        let full: Vec<(String, Vec<u8>)> = {
            let b = self.bucket(&bucket)?;
            key_values
                .into_iter()
                .map(|(k, v)| (b.key(&k), v))
                .collect()
        };
        Ok(idempotent(self.conn(), &Cmd::mset(&full))
            .await
            .map_err(|e| other("MSET", &e)))
    }

    async fn delete_many(
        &mut self,
        bucket: Resource<Bucket>,
        keys: Vec<String>,
    ) -> wasmtime::Result<Result<(), Error>> {
        if keys.is_empty() {
            return Ok(Ok(()));
        }
        let full: Vec<String> = {
            let b = self.bucket(&bucket)?;
            keys.iter().map(|k| b.key(k)).collect()
        };
        Ok(idempotent(self.conn(), &Cmd::del(full))
            .await
            .map_err(|e| other("DEL", &e)))
    }
}

struct HasKeyValue;

impl HasData for HasKeyValue {
    type Data<'a> = KeyValue<'a>;
}

/// Adds `wasi:keyvalue` store, atomics and batch to `linker`, `view`
/// giving each call its request's connection and table.
///
/// # Errors
///
/// An interface is already defined in `linker`.
pub fn add_to_linker<T: Send + 'static>(
    linker: &mut Linker<T>,
    view: fn(&mut T) -> KeyValue<'_>,
) -> Result<()> {
    store::add_to_linker::<_, HasKeyValue>(linker, view)?;
    atomics::add_to_linker::<_, HasKeyValue>(linker, view)?;
    batch::add_to_linker::<_, HasKeyValue>(linker, view)?;
    Ok(())
}
