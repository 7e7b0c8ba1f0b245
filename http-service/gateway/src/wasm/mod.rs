//! The I/O half of the gateway (wasm32 only): the `incoming-handler` export,
//! HTTP bodies, outgoing fetches, and the calls to the task store, the
//! cache, the codec and the scheduler.

mod bindings;
mod convert;
mod endpoints;
mod fetch;
mod formats;
mod http;
mod log;
mod work;

use std::sync::OnceLock;

use bindings::exports::wasi::http::incoming_handler::Guest;
use bindings::wasi::cli::environment;
use bindings::wasi::http::types::{IncomingRequest, Method, ResponseOutparam};

use crate::config::Config;
use crate::query;

/// The environment does not change while an instance lives: read it once.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::from_vars(&environment::get_environment()))
}

fn method_name(method: &Method) -> String {
    match method {
        Method::Get => "GET".into(),
        Method::Head => "HEAD".into(),
        Method::Post => "POST".into(),
        Method::Put => "PUT".into(),
        Method::Delete => "DELETE".into(),
        Method::Connect => "CONNECT".into(),
        Method::Options => "OPTIONS".into(),
        Method::Trace => "TRACE".into(),
        Method::Patch => "PATCH".into(),
        Method::Other(other) => other.clone(),
    }
}

struct Gateway;

impl Guest for Gateway {
    /// Answers, then does the work the answer promised: the response is
    /// complete (headers and body sent, body finished) before any image is
    /// processed, and the host keeps the instance running until this
    /// returns.
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let config = config();
        let method = method_name(&request.method());
        let target = request.path_with_query().unwrap_or_else(|| "/".into());
        let (path, query) = query::split(&target);
        let reply = endpoints::dispatch(config, &method, path, &query, &request);
        drop(request);
        let status = reply.response.status;
        if let Err(e) = http::send(out, &reply.response) {
            log::warn(&format!(
                "{method} {path}: the response could not be sent: {e}"
            ));
        }
        log::info(&format!("{method} {path} → {status}"));
        if let Some(work) = reply.work {
            work.run();
        }
    }
}

bindings::export!(Gateway with_types_in bindings);
