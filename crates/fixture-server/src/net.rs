//! Accepting connections on the HTTP and HTTPS listeners and serving HTTP/1.1 on them.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::log::Scheme;
use crate::service::{self, State};

/// How long a client may take to finish the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Accept connections forever, serving each on its own task (TLS when `tls` is set).
pub(crate) async fn accept_loop(listener: TcpListener, tls: Option<TlsAcceptor>, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // E.g. out of file descriptors: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        match tls.clone() {
            None => tokio::spawn(serve_connection(stream, Scheme::Http, state)),
            Some(acceptor) => tokio::spawn(async move {
                if let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                    serve_connection(stream, Scheme::Https, state).await;
                }
            }),
        };
    }
}

/// Serve HTTP/1.1 (keep-alive on) on one connection until either side closes it.
async fn serve_connection<S>(stream: S, scheme: Scheme, state: Arc<State>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req| service::handle(Arc::clone(&state), scheme, req));
    let _ = http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), service).await;
}
