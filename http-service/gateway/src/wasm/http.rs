//! Request bodies in, responses out, over `wasi:http` streams.

use super::bindings::wasi::http::types::{
    ErrorCode, Fields, IncomingBody, IncomingRequest, OutgoingBody, OutgoingResponse,
    ResponseOutparam,
};
use super::bindings::wasi::io::streams::{InputStream, OutputStream, StreamError};
use crate::api::{ApiError, Response};

/// Bytes asked for per read.
const READ_CHUNK: u64 = 64 * 1024;

/// A body over the limit is still read, and thrown away, up to this many
/// bytes: the client then gets its 413 on a healthy connection instead of a
/// reset while it is still sending. Beyond this the gateway stops reading.
const DRAIN_CAP: u64 = 64 << 20;

/// The first value of header `name`, if it is UTF-8.
pub fn header(fields: &Fields, name: &str) -> Option<String> {
    fields
        .get(name)
        .into_iter()
        .next()
        .and_then(|v| String::from_utf8(v).ok())
}

/// What reading a stream to its end found.
pub enum ReadOutcome {
    /// The whole body.
    Complete(Vec<u8>),
    /// More than the limit.
    TooLarge,
}

/// Reads `stream` to its end, keeping at most `limit` bytes; past the limit
/// it drains up to [`DRAIN_CAP`] (see there) and reports `TooLarge`.
///
/// # Errors
///
/// The stream's own failure, as text.
pub fn read_limited(stream: &InputStream, limit: u64) -> Result<ReadOutcome, String> {
    let mut data = Vec::new();
    let mut total: u64 = 0;
    loop {
        match stream.blocking_read(READ_CHUNK) {
            Ok(chunk) => {
                total = total.saturating_add(chunk.len() as u64);
                if total <= limit {
                    data.extend_from_slice(&chunk);
                } else if total > DRAIN_CAP.max(limit) {
                    return Ok(ReadOutcome::TooLarge);
                }
            }
            Err(StreamError::Closed) => break,
            Err(StreamError::LastOperationFailed(e)) => return Err(e.to_debug_string()),
        }
    }
    Ok(if total > limit {
        ReadOutcome::TooLarge
    } else {
        ReadOutcome::Complete(data)
    })
}

/// The request's body, at most `limit` bytes.
///
/// # Errors
///
/// 413 over the limit (by `content-length` or by counting), 400 when the
/// body cannot be read.
pub fn read_body(
    request: &IncomingRequest,
    headers: &Fields,
    limit: u64,
) -> Result<Vec<u8>, ApiError> {
    let declared = header(headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_CAP.max(limit)) {
        return Err(ApiError::too_large("the request body", limit));
    }
    let body = request
        .consume()
        .map_err(|()| ApiError::internal("the request body was already taken"))?;
    let outcome = {
        let stream = body
            .stream()
            .map_err(|()| ApiError::internal("the request body stream was already taken"))?;
        read_limited(&stream, limit)
            .map_err(|e| ApiError::bad_request(format!("reading the request body failed: {e}")))?
        // The stream must go before the body is finished.
    };
    drop(IncomingBody::finish(body));
    match outcome {
        ReadOutcome::Complete(data) => Ok(data),
        ReadOutcome::TooLarge => Err(ApiError::too_large("the request body", limit)),
    }
}

/// Sends `response` through `out`: status and headers first
/// (`response-outparam.set`), then the body, then `finish`, after which the
/// client has the whole response.
///
/// # Errors
///
/// Why it could not be sent (the outparam is always set, with an error if
/// need be).
pub fn send(out: ResponseOutparam, response: &Response) -> Result<(), String> {
    let mut entries: Vec<(String, Vec<u8>)> = response
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), v.clone().into_bytes()))
        .collect();
    entries.push((
        "content-length".into(),
        response.body.len().to_string().into_bytes(),
    ));
    let built = Fields::from_list(&entries)
        .map_err(|e| format!("headers: {e:?}"))
        .and_then(|headers| {
            let r = OutgoingResponse::new(headers);
            r.set_status_code(response.status)
                .map_err(|()| format!("status {}", response.status))?;
            let body = r.body().map_err(|()| "body already taken".to_string())?;
            Ok((r, body))
        });
    let (r, body) = match built {
        Ok(parts) => parts,
        Err(e) => {
            ResponseOutparam::set(out, Err(ErrorCode::InternalError(Some(e.clone()))));
            return Err(e);
        }
    };
    ResponseOutparam::set(out, Ok(r));
    {
        let stream = body
            .write()
            .map_err(|()| "body stream already taken".to_string())?;
        write_all(&stream, &response.body)?;
    }
    OutgoingBody::finish(body, None).map_err(|e| format!("finish: {e:?}"))
}

/// Writes all of `data`, as fast as the stream takes it, then flushes.
/// Used for response bodies, which always carry a `content-length`.
///
/// # Errors
///
/// The stream's failure, as text.
pub fn write_all(stream: &OutputStream, mut data: &[u8]) -> Result<(), String> {
    let failed = |e: StreamError| match e {
        StreamError::Closed => "the stream was closed".to_string(),
        StreamError::LastOperationFailed(e) => e.to_debug_string(),
    };
    while !data.is_empty() {
        let ready = stream.check_write().map_err(failed)?;
        if ready == 0 {
            stream.subscribe().block();
            continue;
        }
        let n = usize::try_from(ready).unwrap_or(usize::MAX).min(data.len());
        let (now, rest) = data.split_at(n);
        stream.write(now).map_err(failed)?;
        data = rest;
    }
    match stream.blocking_flush() {
        // The host closes the stream as soon as it has the bytes the
        // content-length announced: everything was written, the body is
        // complete.
        Ok(()) | Err(StreamError::Closed) => Ok(()),
        Err(e) => Err(failed(e)),
    }
}
