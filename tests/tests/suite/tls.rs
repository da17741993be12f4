//! The generated crates' default TLS stack (rustls with the *ring* provider, the `rustls-ring`
//! feature) really speaks HTTPS: a loopback server presents a certificate that a test
//! authority made with rcgen signed; the client gets its answer when it trusts that authority,
//! and refuses the server, with a connect error and no request sent, when it does not. The
//! other TLS choices, and none, compile.

use std::sync::Arc;

use codegen_tests::{cargo, client_builder, project_root, sample_message};
use intercom_custom_channels::{reqwest, Error};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// A test authority and a certificate for `localhost` it signed, with the certificate's key.
struct Pki {
    authority: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: PrivateKeyDer<'static>,
}

fn pki() -> Pki {
    let mut authority = CertificateParams::new(Vec::<String>::new()).expect("params");
    authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let authority =
        CertifiedIssuer::self_signed(authority, KeyPair::generate().expect("a key")).expect("CA");
    let server_key = KeyPair::generate().expect("a key");
    let server = CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&server_key, &authority)
        .expect("a server certificate");
    Pki {
        authority: authority.pem(),
        server_chain: vec![server.der().clone()],
        server_key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
    }
}

/// Serves one HTTPS connection on 127.0.0.1, answering its request with `response`; how many
/// requests it read (0 or 1) comes back when the task is awaited.
async fn serve(pki: &Pki, response: String) -> (u16, tokio::task::JoinHandle<usize>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(pki.server_chain.clone(), pki.server_key.clone_key())
        .expect("a server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let task = tokio::spawn(async move {
        let Ok((socket, _)) = listener.accept().await else {
            return 0;
        };
        let Ok(mut stream) = acceptor.accept(socket).await else {
            // The client refused the certificate: the handshake fails, nothing is read.
            return 0;
        };
        let mut buffer = vec![0u8; 8192];
        let mut received = Vec::new();
        while !received.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.expect("read");
            if read == 0 {
                return 0;
            }
            received.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(response.as_bytes()).await.expect("write");
        stream.shutdown().await.expect("shutdown");
        1
    });
    (port, task)
}

/// A notify_new_message answer.
fn answer() -> String {
    let body = r#"{"external_conversation_id":"c1","conversation_id":"ic1","external_contact_id":"u1","contact_id":"iu1"}"#;
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn the_default_tls_stack_speaks_https_to_a_server_it_trusts() {
    let pki = pki();
    let (port, server) = serve(&pki, answer()).await;
    let authority =
        reqwest::Certificate::from_pem(pki.authority.as_bytes()).expect("the authority");
    let client = client_builder()
        .token("t")
        .base_url(format!("https://localhost:{port}"))
        .root_certificate(authority)
        .max_retries(0)
        .build()
        .expect("client builds");
    let reply = client
        .notify_new_message(&sample_message())
        .await
        .expect("an answer over TLS");
    assert_eq!(reply.conversation_id, "ic1");
    assert_eq!(server.await.expect("the server"), 1);
}

#[tokio::test]
async fn a_server_signed_by_an_unknown_authority_is_refused() {
    let pki = pki();
    let (port, server) = serve(&pki, answer()).await;
    let client = client_builder()
        .token("t")
        .base_url(format!("https://localhost:{port}"))
        .max_retries(0)
        .build()
        .expect("client builds");
    let error = client
        .notify_new_message(&sample_message())
        .await
        .expect_err("an untrusted certificate");
    let Error::Transport(transport) = &error else {
        panic!("a transport error: {error:?}");
    };
    assert!(transport.is_connect(), "{error:?}");
    assert_eq!(server.await.expect("the server"), 0, "no request was sent");
}

/// Every other TLS choice of the generated crate compiles without warnings, and so does none
/// (plain HTTP: behind a TLS-terminating proxy, or with a client given to `http_client`).
#[test]
fn every_tls_choice_and_none_compiles_without_warnings() {
    let manifest = project_root().join("generated-client/intercom-custom-channels/Cargo.toml");
    for features in [&[][..], &["rustls-aws-lc"], &["native-tls"]] {
        let output = cargo()
            .args(["check", "--quiet", "--lib", "--no-default-features"])
            .args(features.iter().flat_map(|feature| ["--features", feature]))
            .arg("--manifest-path")
            .arg(&manifest)
            .env(
                "CARGO_TARGET_DIR",
                project_root().join("target/tls-choices"),
            )
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "--no-default-features {features:?} does not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
