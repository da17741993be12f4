//! Request overhead of the generated client against a hand-written reqwest call doing the same
//! POST, both against one minimal keep-alive HTTP server on 127.0.0.1, so the difference is the
//! client's own plumbing. Like for like: the two share one `reqwest::Client` (one connection
//! pool), send the same bytes (the same headers, the generated client's `User-Agent` included,
//! the same JSON body) and decode the same type; and each is measured twice, in the order
//! generated, hand-written, hand-written, generated, so neither always runs second.
//!
//! `cargo bench -p codegen-tests --bench request_overhead`; results in BENCHMARKS.md.

use std::hint::black_box;
use std::net::SocketAddr;

use codegen_tests::sample_message;
use criterion::{criterion_group, criterion_main, Criterion};
use intercom_custom_channels::{types, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const REPLY: &str = r#"{"external_conversation_id":"a","conversation_id":"b","external_contact_id":"c","contact_id":"d"}"#;

/// A server that answers every request on a connection with the same 200 JSON reply.
async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{REPLY}",
                    REPLY.len()
                );
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(read) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    // One request is complete when its headers and `content-length` bytes arrived.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let headers = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length = headers
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if buffer.len() < end + 4 + length {
                            break;
                        }
                        buffer.drain(..end + 4 + length);
                        if stream.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    address
}

fn overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let address = runtime.block_on(serve());
    let base = format!("http://{address}");
    let body = sample_message();
    let http = codegen_tests::http_client();

    let client = Client::builder()
        .token("bench-token")
        .base_url(&base)
        .max_retries(0)
        .http_client(http.clone())
        .build()
        .expect("client");
    let user_agent = format!(
        "intercom-custom-channels/{}",
        intercom_custom_channels_version()
    );
    let url = format!("{base}/custom_channel_events/notify_new_message");
    let generated = |c: &mut Criterion, round: &str| {
        c.bench_function(&format!("generated client ({round})"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(client.notify_new_message(&body).await.expect("200"));
            })
        });
    };
    let hand_written = |c: &mut Criterion, round: &str| {
        c.bench_function(&format!("hand-written reqwest ({round})"), |b| {
            b.to_async(&runtime).iter(|| async {
                let response = http
                    .post(&url)
                    .header("authorization", "Bearer bench-token")
                    .header("accept", "application/json")
                    .header("user-agent", &user_agent)
                    .header("intercom-version", "2.14")
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(&body).expect("serialises"))
                    .send()
                    .await
                    .expect("sent");
                let bytes = response.bytes().await.expect("body");
                black_box(
                    serde_json::from_slice::<types::CustomChannelNotificationResponse>(&bytes)
                        .expect("decodes"),
                );
            })
        });
    };
    generated(c, "1st");
    hand_written(c, "1st");
    hand_written(c, "2nd");
    generated(c, "2nd");
}

/// The generated crate's package version, which its `User-Agent` carries.
fn intercom_custom_channels_version() -> &'static str {
    // The manifest the generator wrote: `version = "0.1.0+api.2.14"`.
    const MANIFEST: &str =
        include_str!("../../generated-client/intercom-custom-channels/Cargo.toml");
    MANIFEST
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_default()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = overhead
}
criterion_main!(benches);
