//! Responses and the errors that become them: every error is a JSON body
//! `{"error": message}`, plus `"variant"` for a failed task.

use serde_json::{json, Value};

/// A response about to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON body.
    #[must_use]
    pub fn json(status: u16, value: &Value) -> Self {
        Self::bytes(status, "application/json", value.to_string().into_bytes())
    }

    /// A body of the given media type.
    #[must_use]
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body,
        }
    }

    /// The same response with one more header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Why a task failed: `types.error`, as the task store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The input is not acceptable (an undecodable image, an out-of-range
    /// option, an image the operation refuses).
    InvalidFormat(String),
    /// The work failed.
    ProcessingFailed(String),
    /// The image exceeds the pipeline's limits.
    OutOfMemory,
}

impl Failure {
    /// The WIT case name.
    #[must_use]
    pub fn variant(&self) -> &'static str {
        match self {
            Self::InvalidFormat(_) => "invalid-format",
            Self::ProcessingFailed(_) => "processing-failed",
            Self::OutOfMemory => "out-of-memory",
        }
    }

    /// A message for people.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::InvalidFormat(m) | Self::ProcessingFailed(m) => m.clone(),
            Self::OutOfMemory => {
                "the image exceeds the pipeline's size limits, or memory ran out".into()
            }
        }
    }
}

/// An error response: status, message, and what the JSON body adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// `"error"` in the body.
    pub message: String,
    /// `"variant"` in the body: the WIT error case of a failed task.
    pub variant: Option<&'static str>,
    /// A header the error needs: `allow` on a 405, `retry-after` on a 503.
    pub header: Option<(&'static str, String)>,
}

impl ApiError {
    fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            variant: None,
            header: None,
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    /// 403: the URL's host is not allowed.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, message)
    }

    /// 404: no such route or task.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }

    /// 405, with the methods the route takes.
    #[must_use]
    pub fn method_not_allowed(method: &str, path: &str, allow: &'static str) -> Self {
        Self {
            header: Some(("allow", allow.to_string())),
            ..Self::new(
                405,
                format!("{method} is not allowed on {path}: use {allow}"),
            )
        }
    }

    /// 406: the result cannot be given in any format the client accepts.
    pub fn not_acceptable(message: impl Into<String>) -> Self {
        Self::new(406, message)
    }

    /// 413: the body (or a fetched image) is over the limit.
    #[must_use]
    pub fn too_large(what: &str, limit: u64) -> Self {
        Self::new(
            413,
            format!("{what} is larger than the limit of {limit} bytes (MAX_BODY_BYTES)"),
        )
    }

    /// 415: a raw body labelled with a media type the codec does not read.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(415, message)
    }

    /// 500: the service failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, message)
    }

    /// 502: the server behind a URL failed.
    pub fn bad_gateway(message: impl Into<String>) -> Self {
        Self::new(502, message)
    }

    /// 503: the service cannot work (e.g. no data directory).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(503, message)
    }

    /// 503 with `retry-after: 1`: a dependency (the key-value store) did
    /// not answer; the client should come back shortly.
    pub fn retry_later(message: impl Into<String>) -> Self {
        Self {
            header: Some(("retry-after", "1".into())),
            ..Self::new(503, message)
        }
    }

    /// 503 with `retry-after: 1`: too much work is pending; the client
    /// should come back shortly.
    #[must_use]
    pub fn busy(pending: u32, max: u32) -> Self {
        Self {
            header: Some(("retry-after", "1".into())),
            ..Self::new(
                503,
                format!("busy: {pending} tasks are pending (MAX_PENDING is {max}); retry shortly"),
            )
        }
    }

    /// 504: the server behind a URL did not answer in time.
    pub fn gateway_timeout(message: impl Into<String>) -> Self {
        Self::new(504, message)
    }

    /// A failed task: 422 for `invalid-format` (the client sent something
    /// the pipeline cannot process; sending it again will not help), 500
    /// for `processing-failed` and `out-of-memory` (the service could not do
    /// it).
    #[must_use]
    pub fn task_failed(failure: &Failure) -> Self {
        let status = match failure {
            Failure::InvalidFormat(_) => 422,
            Failure::ProcessingFailed(_) | Failure::OutOfMemory => 500,
        };
        Self {
            variant: Some(failure.variant()),
            ..Self::new(status, failure.message())
        }
    }

    /// The response: JSON body, plus the error's header.
    #[must_use]
    pub fn into_response(self) -> Response {
        let body = match self.variant {
            Some(variant) => json!({"error": self.message, "variant": variant}),
            None => json!({"error": self.message}),
        };
        let response = Response::json(self.status, &body);
        match self.header {
            Some((name, value)) => response.with_header(name, &value),
            None => response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: &Response) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn errors_are_json_with_a_message() {
        let r = ApiError::bad_request("bad \"json\"").into_response();
        assert_eq!(r.status, 400);
        assert_eq!(
            r.headers,
            [("content-type".to_string(), "application/json".to_string())]
        );
        assert_eq!(body(&r), json!({"error": "bad \"json\""}));
    }

    #[test]
    fn method_not_allowed_says_what_is() {
        let r = ApiError::method_not_allowed("PUT", "/process", "POST").into_response();
        assert_eq!(r.status, 405);
        assert!(r.headers.contains(&("allow".into(), "POST".into())));
        assert!(body(&r)["error"].as_str().unwrap().contains("use POST"));
    }

    #[test]
    fn busy_says_when_to_come_back() {
        let r = ApiError::busy(64, 64).into_response();
        assert_eq!(r.status, 503);
        assert!(r.headers.contains(&("retry-after".into(), "1".into())));
        assert!(body(&r)["error"].as_str().unwrap().contains("MAX_PENDING"));
    }

    #[test]
    fn failed_tasks_422_or_500_with_the_variant() {
        let cases = [
            (
                Failure::InvalidFormat("corrupt".into()),
                422,
                "invalid-format",
            ),
            (
                Failure::ProcessingFailed("oops".into()),
                500,
                "processing-failed",
            ),
            (Failure::OutOfMemory, 500, "out-of-memory"),
        ];
        for (failure, status, variant) in cases {
            let r = ApiError::task_failed(&failure).into_response();
            assert_eq!(r.status, status);
            let b = body(&r);
            assert_eq!(b["variant"], variant);
            assert!(!b["error"].as_str().unwrap().is_empty());
        }
    }
}
