//! The TLS identity: a throw-away CA and a server certificate it signs, made at start.

use std::io;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::ServerConfig;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// Names the server certificate is valid for.
pub(crate) const SERVER_NAMES: [&str; 5] = ["localhost", "*.test", "*.bench.test", "127.0.0.1", "::1"];

/// A server TLS configuration and the PEM of the CA that signed its certificate.
pub(crate) struct TlsSetup {
    /// Ready for `tokio_rustls::TlsAcceptor`; ALPN `http/1.1`.
    pub config: Arc<ServerConfig>,
    /// The CA certificate, for clients that want to verify instead of accepting anything.
    pub ca_pem: String,
}

fn other<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> io::Error {
    move |e| io::Error::other(format!("{what}: {e}"))
}

/// Generate a CA and a server certificate for [`SERVER_NAMES`].
pub(crate) fn setup() -> io::Result<TlsSetup> {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(other("CA parameters"))?;
    ca_params.distinguished_name.push(DnType::CommonName, "fixture-server test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().map_err(other("CA key"))?;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(other("CA certificate"))?;
    let issuer = Issuer::new(ca_params, ca_key);

    let names: Vec<String> = SERVER_NAMES.iter().map(std::string::ToString::to_string).collect();
    let mut params = CertificateParams::new(names).map_err(other("server certificate parameters"))?;
    params.distinguished_name.push(DnType::CommonName, "fixture-server");
    let key = KeyPair::generate().map_err(other("server key"))?;
    let cert = params.signed_by(&key, &issuer).map_err(other("server certificate"))?;

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(other("TLS versions"))?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone(), ca_cert.der().clone()], key_der)
        .map_err(other("TLS certificate"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsSetup { config: Arc::new(config), ca_pem: ca_cert.pem() })
}
