//! Which endpoint a request is for.

use crate::api::ApiError;

/// The endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `GET /health`.
    Health,
    /// `POST /process`.
    Process,
    /// `POST /process-from-url`.
    ProcessFromUrl,
    /// `GET /status/{id}`.
    Status(String),
}

/// The route for `method` on `path` (no query).
///
/// # Errors
///
/// 404 for a path that is no endpoint, 405 for a wrong method.
pub fn route(method: &str, path: &str) -> Result<Route, ApiError> {
    let (route, allow) = match path {
        "/health" => (Route::Health, "GET"),
        "/process" => (Route::Process, "POST"),
        "/process-from-url" => (Route::ProcessFromUrl, "POST"),
        _ => match path.strip_prefix("/status/") {
            Some(id) if !id.is_empty() && !id.contains('/') => {
                (Route::Status(id.to_string()), "GET")
            }
            _ => return Err(ApiError::not_found(format!("no endpoint at {path}"))),
        },
    };
    if method == allow {
        Ok(route)
    } else {
        Err(ApiError::method_not_allowed(method, path, allow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(route("GET", "/health"), Ok(Route::Health));
        assert_eq!(route("POST", "/process"), Ok(Route::Process));
        assert_eq!(
            route("POST", "/process-from-url"),
            Ok(Route::ProcessFromUrl)
        );
        assert_eq!(route("GET", "/status/abc"), Ok(Route::Status("abc".into())));
    }

    #[test]
    fn wrong_method_is_405_unknown_path_404() {
        for (method, path, allow) in [
            ("GET", "/process", "POST"),
            ("DELETE", "/status/abc", "GET"),
            ("POST", "/health", "GET"),
        ] {
            let e = route(method, path).unwrap_err();
            assert_eq!(
                (e.status, e.header),
                (405, Some(("allow", allow.to_string()))),
                "{method} {path}"
            );
        }
        for path in ["/", "/status/", "/status/a/b", "/processes", "/health/"] {
            assert_eq!(route("GET", path).unwrap_err().status, 404, "{path}");
        }
    }
}
