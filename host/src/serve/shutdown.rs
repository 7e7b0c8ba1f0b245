//! The signals that stop the server: Ctrl-C (SIGINT) and SIGTERM.

/// Resolves at the first SIGINT or SIGTERM.
pub async fn signal() {
    let terminate = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            match signal(SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                // No SIGTERM handler: only Ctrl-C stops the server.
                Err(_) => std::future::pending::<()>().await,
            }
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
