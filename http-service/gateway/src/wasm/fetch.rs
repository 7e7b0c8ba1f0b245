//! `process-from-url`'s download: one GET through `wasi:http/outgoing-handler`.
//!
//! The allow-list is checked before this is called (the component's own
//! check, which works on any host); a host may refuse the request too
//! (`image-pipeline serve` enforces its own list), which arrives here as
//! `HTTP-request-denied`.

use super::bindings::wasi::http::outgoing_handler;
use super::bindings::wasi::http::types::{
    ErrorCode, Fields, IncomingResponse, Method, OutgoingBody, OutgoingRequest, RequestOptions,
    Scheme as WitScheme,
};
use super::formats::formats;
use super::http::{header, read_limited, ReadOutcome};
use crate::api::ApiError;
use crate::url::{Scheme, Url};

/// Downloads `url`'s body, at most `limit` bytes, with `timeout_ms` for
/// connecting, for the first byte and between bytes.
///
/// # Errors
///
/// 403 when the host refuses the request, 413 over the limit, 504 on a
/// timeout, 502 for every other failure, the upstream's status included.
pub fn fetch(url: &Url, limit: u64, timeout_ms: u64) -> Result<Vec<u8>, ApiError> {
    let shown = format!("{}{}", url.authority(), url.path_with_query);
    let bad = |what: &str| ApiError::bad_gateway(format!("cannot request {shown}: {what}"));
    // Asks for what the codec reads.
    let accept: Vec<&str> = formats().iter().map(|f| f.media_type.as_str()).collect();
    let headers = Fields::from_list(&[("accept".into(), accept.join(", ").into_bytes())])
        .map_err(|e| bad(&format!("{e:?}")))?;
    let request = OutgoingRequest::new(headers);
    request
        .set_method(&Method::Get)
        .map_err(|()| bad("method"))?;
    let scheme = match url.scheme {
        Scheme::Http => WitScheme::Http,
        Scheme::Https => WitScheme::Https,
    };
    request
        .set_scheme(Some(&scheme))
        .map_err(|()| bad("scheme"))?;
    request
        .set_authority(Some(&url.authority()))
        .map_err(|()| bad("authority"))?;
    request
        .set_path_with_query(Some(&url.path_with_query))
        .map_err(|()| bad("path"))?;
    let body = request.body().map_err(|()| bad("body"))?;
    OutgoingBody::finish(body, None).map_err(|e| upstream(&shown, &e))?;

    let options = RequestOptions::new();
    let ns = timeout_ms.saturating_mul(1_000_000);
    // A host that does not support a timeout refuses to set it: the request
    // goes ahead with the host's own.
    let _ = options.set_connect_timeout(Some(ns));
    let _ = options.set_first_byte_timeout(Some(ns));
    let _ = options.set_between_bytes_timeout(Some(ns));

    let pending =
        outgoing_handler::handle(request, Some(options)).map_err(|e| upstream(&shown, &e))?;
    pending.subscribe().block();
    let response = match pending.get() {
        Some(Ok(Ok(response))) => response,
        Some(Ok(Err(e))) => return Err(upstream(&shown, &e)),
        Some(Err(())) | None => return Err(bad("the response was lost")),
    };
    read(&response, &shown, limit)
}

fn read(response: &IncomingResponse, shown: &str, limit: u64) -> Result<Vec<u8>, ApiError> {
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(ApiError::bad_gateway(format!(
            "{shown} answered HTTP {status}"
        )));
    }
    let declared =
        header(&response.headers(), "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(&format!("the image at {shown}"), limit));
    }
    let body = response.consume().map_err(|()| {
        ApiError::bad_gateway(format!("{shown}: the response body was already taken"))
    })?;
    let outcome = {
        let stream = body
            .stream()
            .map_err(|()| ApiError::bad_gateway(format!("{shown}: no body stream")))?;
        read_limited(&stream, limit)
            .map_err(|e| ApiError::bad_gateway(format!("reading {shown} failed: {e}")))?
    };
    drop(body);
    match outcome {
        ReadOutcome::Complete(data) => Ok(data),
        ReadOutcome::TooLarge => Err(ApiError::too_large(&format!("the image at {shown}"), limit)),
    }
}

/// A failure of the request itself: the host's refusal is 403, a timeout
/// 504, anything else 502.
fn upstream(shown: &str, e: &ErrorCode) -> ApiError {
    match e {
        ErrorCode::HttpRequestDenied => ApiError::forbidden(format!(
            "the host running this service refused the request to {shown} (HTTP-request-denied): \
             it is not on the server's allow-list"
        )),
        ErrorCode::ConnectionTimeout
        | ErrorCode::ConnectionReadTimeout
        | ErrorCode::ConnectionWriteTimeout
        | ErrorCode::HttpResponseTimeout
        | ErrorCode::DnsTimeout => {
            ApiError::gateway_timeout(format!("{shown} did not answer in time ({e:?})"))
        }
        _ => ApiError::bad_gateway(format!("fetching {shown} failed: {e:?}")),
    }
}
