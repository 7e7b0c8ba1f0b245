//! The HTTP server: accept loop, one wasmtime store and instance per
//! request, bounded concurrency, graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, Semaphore};
use tokio::task::JoinSet;
use wasmtime::Store;
use wasmtime_wasi_http::io::TokioIo;
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;
use wasmtime_wasi_http::WasiHttpView;

use super::allow::AllowList;
use super::keyvalue::Redis;
use super::runtime::{Allocator, ServiceRuntime};
use super::shutdown;
use super::state::RequestState;
use crate::limits::{self, classify, Fault, Limits};

/// What `image-pipeline serve` was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where to listen; port 0 picks a free one (printed at start).
    pub addr: SocketAddr,
    /// The composed service, `build/image-service.wasm`.
    pub component: PathBuf,
    /// Where the service's state lives.
    pub store: StoreKind,
    /// The host's allow-list for outgoing requests.
    pub allow: AllowList,
    /// The guest's environment.
    pub env: Vec<(String, String)>,
    /// Pooling or on-demand instance allocation.
    pub allocator: Allocator,
    /// Requests handled at once (each one instance); more wait their turn.
    pub max_concurrent: u32,
    /// Each request's memory and time.
    pub limits: Limits,
}

/// Where the service keeps its state.
#[derive(Clone, Debug)]
pub enum StoreKind {
    /// A host directory preopened at `/data` (created if missing), for the
    /// service with its store composed in (`build/image-service-fs.wasm`).
    Dir(PathBuf),
    /// A Redis server's URL, behind wasi:keyvalue
    /// (`build/image-service.wasm`).
    Redis(String),
}

/// Runs the server until SIGINT or SIGTERM, then shuts down gracefully.
///
/// # Errors
///
/// The component does not load, the data directory or the address is
/// unusable.
pub fn run(options: Options) -> Result<()> {
    if let StoreKind::Dir(dir) = &options.store {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    }
    let runtime = ServiceRuntime::load(
        &options.component,
        matches!(options.store, StoreKind::Redis(_)),
        options.allocator,
        options.max_concurrent,
        options.limits.max_memory,
    )?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let redis = match &options.store {
                StoreKind::Redis(url) => Some(Redis::connect(url).await?),
                StoreKind::Dir(_) => None,
            };
            serve(runtime, options, redis, shutdown::signal()).await
        })
}

struct Server {
    runtime: ServiceRuntime,
    options: Options,
    redis: Option<Redis>,
    /// One permit per request in flight, held until its guest returns.
    permits: Arc<Semaphore>,
}

/// Serves until `stop` resolves; then stops accepting, lets every
/// connection finish its current request, and waits for every guest to
/// return (a second signal cuts that short).
///
/// # Errors
///
/// The address cannot be bound.
pub async fn serve(
    runtime: ServiceRuntime,
    options: Options,
    redis: Option<Redis>,
    stop: impl Future<Output = ()>,
) -> Result<()> {
    let listener = TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("cannot listen on {}", options.addr))?;
    // Tests and scripts read the port from this line.
    eprintln!("[serve] listening on http://{}/", listener.local_addr()?);
    // The epoch advances on a thread of its own, not on a tokio timer: a
    // guest yields only at an epoch tick, and tokio fires timers only from a
    // worker parked on its driver. When the guest's worker was the one
    // parked there (its last wake-up was I/O, a Redis reply), the other
    // worker sleeps on a condvar, nobody drives the timers, the tick never
    // comes and the guest never yields: the response it already set, and
    // every other request, wait for the whole computation.
    limits::start_ticker(&runtime.engine);
    let max = options.max_concurrent.max(1);
    let server = Arc::new(Server {
        runtime,
        options,
        redis,
        permits: Arc::new(Semaphore::new(max as usize)),
    });
    let (stopping_tx, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(Arc::clone(&server).connection(stream, stopping.clone()));
                    // Reap the connections that have closed, so that the set
                    // holds only open ones.
                    while connections.try_join_next().is_some() {}
                }
                // E.g. out of file descriptors: this connection is lost, the
                // server is not.
                Err(e) => eprintln!("[serve] accept failed: {e}"),
            },
        }
    }
    drop(listener);
    eprintln!(
        "[serve] shutting down: no new connections; finishing {} open connection(s) and the requests in flight",
        connections.len()
    );
    let _ = stopping_tx.send(true);
    let drain = async {
        while connections.join_next().await.is_some() {}
        // Every guest holds a permit until it returns: all permits back
        // means all work done, the work after a response included.
        let _ = server.permits.acquire_many(max).await;
    };
    tokio::select! {
        () = drain => eprintln!("[serve] stopped"),
        () = shutdown::signal() => eprintln!("[serve] second signal: stopping without waiting"),
    }
    Ok(())
}

impl Server {
    async fn connection(self: Arc<Self>, stream: TcpStream, mut stopping: watch::Receiver<bool>) {
        let service = service_fn(move |req| Arc::clone(&self).handle(req));
        let conn = http1::Builder::new()
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        tokio::pin!(conn);
        let result = tokio::select! {
            r = conn.as_mut() => r,
            () = async { let _ = stopping.wait_for(|s| *s).await; } => {
                // Finishes the request in progress, then closes; an idle
                // keep-alive connection closes at once.
                conn.as_mut().graceful_shutdown();
                conn.await
            }
        };
        if let Err(e) = result {
            if !e.is_incomplete_message() {
                eprintln!("[serve] connection error: {e}");
            }
        }
    }

    async fn handle(
        self: Arc<Self>,
        req: hyper::Request<Incoming>,
    ) -> Result<hyper::Response<HyperOutgoingBody>, Infallible> {
        Ok(match self.dispatch(req).await {
            Ok(response) => response,
            Err(e) => {
                eprintln!("[serve] {e:#}");
                error_response(500, &format!("{e:#}"))
            }
        })
    }

    /// A fresh store and instance for `req`. The guest runs in a task of
    /// its own: the response goes out as soon as the guest sets it, while
    /// the guest may carry on (the image service processes after its 202).
    /// `max_cpu_time` bounds the whole: waiting for a permit (503 past it),
    /// the response (504 past it), and the work after the response (the
    /// guest is stopped).
    async fn dispatch(
        &self,
        req: hyper::Request<Incoming>,
    ) -> Result<hyper::Response<HyperOutgoingBody>> {
        let limits = self.options.limits;
        let budget = limits.max_cpu_time;
        let permit = Arc::clone(&self.permits).acquire_owned();
        let Ok(permit) = tokio::time::timeout(budget, permit).await else {
            return Ok(error_response(
                503,
                &format!(
                    "overloaded: no capacity within {}",
                    limits::human_duration(budget)
                ),
            ));
        };
        let permit = permit?;
        let data_dir = match &self.options.store {
            StoreKind::Dir(dir) => Some(dir.as_path()),
            StoreKind::Redis(_) => None,
        };
        let state = RequestState::new(
            data_dir,
            self.redis.as_ref(),
            &self.options.env,
            &self.options.allow,
            limits.max_memory,
        )?;
        let mut store = Store::new(&self.runtime.engine, state);
        store.limiter(|s| &mut s.memory);
        let deadline = Instant::now() + budget;
        store.epoch_deadline_callback(limits::deadline_callback(
            move |_: &RequestState| (deadline, budget),
            true,
        ));
        store.set_epoch_deadline(1);
        let (tx, rx) = oneshot::channel();
        let req = store
            .data_mut()
            .http()
            .new_incoming_request(Scheme::Http, req)?;
        let out = store.data_mut().http().new_response_outparam(tx)?;
        let pre = self.runtime.pre.clone();
        let deadline = tokio::time::Instant::from_std(deadline);
        let guest = tokio::spawn(async move {
            let _permit = permit;
            let run = async {
                let proxy = pre.instantiate_async(&mut store).await?;
                proxy
                    .wasi_http_incoming_handler()
                    .call_handle(&mut store, req, out)
                    .await
            };
            // The epoch callback stops a guest that computes past its
            // deadline; this stops one that waits past it (a slow fetch).
            let result = match tokio::time::timeout_at(deadline, run).await {
                Ok(result) => result.map_err(anyhow::Error::from),
                Err(_) => Err(anyhow::Error::new(Fault::DeadlineExceeded(budget))),
            };
            // The store goes with this task: a trap poisons nothing else.
            result.map_err(|e| {
                let fault = classify(&e, store.data().memory.refused() > 0, &limits);
                eprintln!("[serve] the component failed: {fault}");
                fault
            })
        });
        match tokio::time::timeout_at(deadline, rx).await {
            Ok(Ok(Ok(response))) => Ok(response),
            Ok(Ok(Err(code))) => Ok(error_response(
                500,
                &format!("the component answered with an error: {code:?}"),
            )),
            Err(_) => Ok(fault_response(&Fault::DeadlineExceeded(budget))),
            // The guest returned or trapped without setting a response.
            Ok(Err(_)) => match guest.await {
                Ok(Ok(())) => Err(anyhow!("the component returned without a response")),
                Ok(Err(fault)) => Ok(fault_response(&fault)),
                Err(e) => Err(anyhow!(e).context("the component's task failed")),
            },
        }
    }
}

/// The answer for a guest that failed before responding: 504 for its
/// deadline, 503 for the memory limit, 500 for any other trap.
fn fault_response(fault: &Fault) -> hyper::Response<HyperOutgoingBody> {
    error_response(fault.http_status(), &fault.to_string())
}

/// A JSON error from the host itself, shaped like the service's own.
fn error_response(status: u16, message: &str) -> hyper::Response<HyperOutgoingBody> {
    let body = format!("{{\"error\":{}}}", json_string(message));
    let body = Full::new(Bytes::from(body))
        .map_err(|never| match never {})
        .boxed_unsync();
    let mut response = hyper::Response::new(body);
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    if status == 503 {
        response.headers_mut().insert(
            hyper::header::RETRY_AFTER,
            hyper::header::HeaderValue::from_static("1"),
        );
    }
    response
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd"), r#""a\"b\\c\u000ad""#);
    }
}
