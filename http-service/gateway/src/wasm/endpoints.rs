//! The endpoints: each returns the response to send now and, for work that
//! must happen after it, a [`Work`].

use serde_json::json;

use super::bindings::example::image_processing::task_store::TaskState;
use super::bindings::example::image_processing::types::Step as WitStep;
use super::bindings::example::image_processing::{codec, result_cache, task_store};
use super::bindings::wasi::clocks::wall_clock;
use super::bindings::wasi::http::types::{Fields, IncomingRequest};
use super::convert::{describe, storage_error, wit_steps};
use super::fetch::fetch;
use super::formats::formats;
use super::http::{header, read_body};
use super::log;
use super::work::{Work, STORED_FORMAT};
use crate::api::{ApiError, Failure, Response};
use crate::config::Config;
use crate::negotiate::{self, FileFormat};
use crate::query::Query;
use crate::request::{parse_job, parse_url_job, Job};
use crate::route::{route, Route};
use crate::url::allowed;

/// What a request gets: a response now, maybe work after it.
pub struct Reply {
    pub response: Response,
    pub work: Option<Work>,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Self {
        Self {
            response: e.into_response(),
            work: None,
        }
    }
}

/// Routes and runs the request.
pub fn dispatch(
    config: &Config,
    method: &str,
    path: &str,
    query: &Query,
    request: &IncomingRequest,
) -> Reply {
    let headers = request.headers();
    let result = route(method, path).and_then(|r| match r {
        Route::Health => health(config),
        Route::Process => {
            let body = read_body(request, &headers, config.max_body_bytes)?;
            let content_type = header(&headers, "content-type");
            let job = parse_job(content_type.as_deref(), body, query, formats())?;
            accept(config, job, &headers)
        }
        Route::ProcessFromUrl => process_from_url(config, request, &headers),
        Route::Status(id) => status(config, &id, query, &headers),
    });
    result.unwrap_or_else(Reply::from)
}

/// `GET /health`: 200 when the task store answers, 503 when it cannot
/// (no data directory). It looks up an id of the current millisecond that
/// no task has, which touches the data directory without changing it.
fn health(config: &Config) -> Result<Reply, ApiError> {
    let now = wall_clock::now();
    let probe = format!(
        "{:012x}{}",
        now.seconds.saturating_mul(1000) & 0xffff_ffff_ffff,
        "0".repeat(20)
    );
    task_store::get(&probe).map_err(storage_error)?;
    let body = json!({
        "status": "ok",
        "formats": negotiate::names(formats()),
        "max_body_bytes": config.max_body_bytes,
        "allowed_hosts": config.allowed_hosts.len(),
    });
    Ok(Reply {
        response: Response::json(200, &body),
        work: None,
    })
}

/// `Cache-Control: no-cache` (or `no-store`) in the request: compute even if
/// the cache has the result.
fn bypass_cache(headers: &Fields) -> bool {
    header(headers, "cache-control").is_some_and(|v| {
        v.split(',').any(|d| {
            matches!(
                d.trim().to_ascii_lowercase().as_str(),
                "no-cache" | "no-store"
            )
        })
    })
}

/// Accepts a valid job: from the cache, a task that is already completed;
/// otherwise a pending task, processed after the 202.
fn accept(config: &Config, job: Job, headers: &Fields) -> Result<Reply, ApiError> {
    let steps = wit_steps(&job.steps);
    let key = result_cache::key(&job.image, &steps);
    let bypass = bypass_cache(headers);
    if !bypass {
        match result_cache::get(&key) {
            Ok(Some(png)) => {
                let id = task_store::create_completed(&steps, &png).map_err(storage_error)?;
                log::info(&format!(
                    "task {id}: {} served from the cache",
                    step_text::to_text(&job.steps)
                ));
                return Ok(Reply {
                    response: accepted(&id, "completed", "hit"),
                    work: None,
                });
            }
            Ok(None) => {}
            // The cache only saves work: without it the request is computed.
            Err(e) => log::warn(&format!("cache unavailable ({}): computing", describe(&e))),
        }
    }
    let pending = task_store::pending().map_err(storage_error)?;
    if pending >= config.max_pending {
        return Err(ApiError::busy(pending, config.max_pending));
    }
    let id = task_store::create(&job.image, &steps, config.lease_ms).map_err(storage_error)?;
    Ok(Reply {
        response: accepted(&id, "pending", if bypass { "bypass" } else { "miss" }),
        work: Some(Work {
            id,
            input: job.image,
            steps: job.steps,
            cache_key: Some(key),
        }),
    })
}

fn accepted(id: &str, status: &str, cache: &str) -> Response {
    Response::json(202, &json!({"task_id": id, "status": status}))
        .with_header("location", &format!("/status/{id}"))
        .with_header("x-cache", cache)
}

/// `POST /process-from-url`: checks the URL against `ALLOWED_HOSTS`, fetches
/// it (before answering, so that a denied or failed fetch is this request's
/// error), then accepts the job like `/process`.
fn process_from_url(
    config: &Config,
    request: &IncomingRequest,
    headers: &Fields,
) -> Result<Reply, ApiError> {
    let body = read_body(request, headers, config.max_body_bytes)?;
    let job = parse_url_job(&body)?;
    if !allowed(&config.allowed_hosts, &job.url) {
        return Err(ApiError::forbidden(format!(
            "{} is not on the allow-list (ALLOWED_HOSTS): this service fetches only from the hosts it is configured for",
            job.url.authority()
        )));
    }
    let image = fetch(&job.url, config.max_body_bytes, config.fetch_timeout_ms)?;
    if image.is_empty() {
        return Err(ApiError::bad_gateway(format!(
            "{} returned an empty body",
            job.url.authority()
        )));
    }
    log::info(&format!(
        "fetched {} bytes from {}",
        image.len(),
        job.url.authority()
    ));
    accept(
        config,
        Job {
            image,
            steps: job.steps,
        },
        headers,
    )
}

/// `GET /status/{id}`.
fn status(config: &Config, id: &str, query: &Query, headers: &Fields) -> Result<Reply, ApiError> {
    let task = task_store::get(id)
        .map_err(storage_error)?
        .ok_or_else(|| ApiError::not_found(format!("no task {id:?} (unknown, or expired)")))?;
    match task.state {
        TaskState::Pending => Ok(Reply {
            response: Response::json(200, &json!({"status": "processing"})),
            work: recover(config, id, task.steps)?,
        }),
        TaskState::Failed(e) => Err(ApiError::task_failed(&Failure::from(e))),
        TaskState::Completed => {
            let accept = header(headers, "accept");
            let format = negotiate::choose(formats(), query.get("format"), accept.as_deref())?;
            let stored = task_store::output(id)
                .map_err(storage_error)?
                .ok_or_else(|| {
                    ApiError::internal(format!("task {id} is completed but its result is missing"))
                })?;
            let body = if format.name == STORED_FORMAT {
                stored
            } else {
                transcode(&stored, format)?
            };
            Ok(Reply {
                response: Response::bytes(200, &format.media_type, body)
                    .with_header("x-cache", if task.from_cache { "hit" } else { "miss" }),
                work: None,
            })
        }
    }
}

/// A pending task whose lease has run out lost its worker (a server killed
/// mid-task): this request claims it and runs it after answering.
fn recover(config: &Config, id: &str, steps: Vec<WitStep>) -> Result<Option<Work>, ApiError> {
    if !task_store::claim(id, config.lease_ms).map_err(storage_error)? {
        return Ok(None);
    }
    let Some(input) = task_store::input(id).map_err(storage_error)? else {
        return Ok(None);
    };
    log::warn(&format!(
        "task {id}: its worker's lease ran out; running it again"
    ));
    Ok(Some(Work {
        id: id.to_string(),
        input,
        steps: steps.into_iter().map(Into::into).collect(),
        cache_key: None,
    }))
}

/// The stored result in another of the codec's formats, made on request.
/// The codec refuses what the format cannot carry (JPEG: an alpha
/// channel); its message says why.
fn transcode(stored: &[u8], format: &FileFormat) -> Result<Vec<u8>, ApiError> {
    let image = codec::decode(stored).map_err(|e| {
        ApiError::internal(format!(
            "decoding the stored result: {:?}",
            Failure::from(e)
        ))
    })?;
    codec::encode(&image, &format.name).map_err(|e| match Failure::from(e) {
        Failure::InvalidFormat(m) => ApiError::not_acceptable(format!(
            "the result cannot be sent as {}: {m}",
            format.media_type
        )),
        other => ApiError::internal(format!("encoding {}: {}", format.name, other.message())),
    })
}
