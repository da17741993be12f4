//! The Fin Agent crate's event stream against a Server-Sent Events server on 127.0.0.1 that
//! writes raw HTTP/1.1: a realistic conversation (heartbeats, cumulative reply chunks, the final
//! reply, status updates, a CSAT request, an event added later, events split across writes),
//! then a clean close; one that drops the connection in the middle of an event; and refusals.

use std::time::Duration;

use codegen_tests::fin_client_builder;
use futures_util::StreamExt;
use intercom_fin_agent::{types, Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The token in the stream's URL: it must never appear in requests' headers, errors or logs.
const STREAM_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.stream-token";
/// The client's own token: it must never be sent to the stream's host.
const API_TOKEN: &str = "api-token-never-sent";

fn event(json: &str) -> String {
    format!("data: {json}\n\n")
}

fn chunk(index: u32, text: &str) -> String {
    event(&format!(
        r#"{{"event_name":"fin_reply_chunk","conversation_id":"ext-123","stream_id":"s-1","chunk_index":{index},"chunk_text":"{text}","status":"replying","created_at_ms":"2025-01-24T10:00:0{index}.000Z"}}"#
    ))
}

fn status(status: &str) -> String {
    event(&format!(
        r#"{{"event_name":"fin_status_updated","conversation_id":"ext-123","user_id":"user-456","status":"{status}","created_at_ms":"2025-01-24T10:00:05.000Z"}}"#
    ))
}

/// The pieces a server writes, one HTTP chunk each, as Fin's stream of one response cycle as
/// API version 2.16 describes it: cumulative chunks, the reply part that supersedes them, then
/// (with a CSAT survey) `complete` only once `csat_requested` is delivered.
fn conversation() -> Vec<String> {
    let replied =
        r#"{"event_name":"fin_replied","conversation_id":"ext-123","user_id":"user-456","#;
    let replied_rest = r#""message":{"id":"98765","author":"fin","body":"<p>You can see your account details by clicking <em>Account</em>.</p>","timestamp_ms":"2025-01-24T10:00:04.456Z"},"status":"replying","stream_id":"s-1","created_at_ms":"2025-01-24T10:00:04.500Z"}"#;
    let csat = event(
        r#"{"event_name":"csat_requested","conversation_id":"ext-123","user_id":"user-456","csat":{"options":[{"key":"good","emoji":"😃","label":"Great"},{"key":"amazing","emoji":"🤩","label":"Amazing"}]},"created_at_ms":"2025-01-24T10:00:06.000Z"}"#,
    );
    let full_csat = csat.clone();
    let (csat_start, csat_end) = full_csat.split_at(40);
    vec![
        ": connected\n\n".to_owned(),
        chunk(0, "You can"),
        chunk(1, "You can see your account"),
        ": heartbeat\n\n".to_owned(),
        chunk(2, "You can see your account details by clicking"),
        // One event in two `data` lines (joined with a newline, which JSON allows).
        format!("data: {replied}\ndata: {replied_rest}\n\n"),
        status("resolved"),
        // One event in two writes.
        csat_start.to_owned(),
        csat_end.to_owned(),
        event(r#"{"event_name":"fin_handed_over","conversation_id":"ext-123","team":"billing"}"#),
        ": heartbeat\n\n".to_owned(),
        status("complete"),
    ]
}

/// What the server saw of the request, and how it answered.
struct Served {
    request: JoinHandle<String>,
    url: String,
}

/// Serves one connection: answers `head` then writes `pieces` as HTTP chunks, and ends the
/// body cleanly when `close_cleanly`, else drops the connection without the final chunk.
async fn serve(head: &'static str, pieces: Vec<String>, close_cleanly: bool) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let request = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await.expect("read");
            assert!(read > 0, "the client closed before sending a request");
            request.extend_from_slice(&buffer[..read]);
        }
        socket.write_all(head.as_bytes()).await.expect("write");
        for piece in pieces {
            let framed = format!("{:x}\r\n{piece}\r\n", piece.len());
            socket.write_all(framed.as_bytes()).await.expect("write");
            socket.flush().await.expect("flush");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if close_cleanly {
            socket.write_all(b"0\r\n\r\n").await.expect("write");
        }
        drop(socket);
        String::from_utf8_lossy(&request).into_owned()
    });
    let url = format!(
        "http://{address}/event-stream?channels=fin_agent_api:app123:ext-123&accessToken={STREAM_TOKEN}&rewind=2m"
    );
    Served { request, url }
}

const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n";

fn client() -> Client {
    fin_client_builder()
        .token(API_TOKEN)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_conversation_streams_as_typed_events_and_ends_when_the_server_closes() {
    let served = serve(STREAM_HEAD, conversation(), true).await;
    let mut stream = client()
        .event_stream(&served.url)
        .await
        .expect("the stream opens");
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        events.push(event.expect("every event decodes"));
    }
    // Ended, and stays ended.
    assert!(stream.next().await.is_none());

    let kinds: Vec<&str> = events
        .iter()
        .map(|event| match event {
            types::Event::ReplyChunk(_) => "chunk",
            types::Event::Replied(_) => "replied",
            types::Event::StatusUpdated(_) => "status",
            types::Event::CsatRequested(_) => "csat",
            types::Event::Unknown(_) => "unknown",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["chunk", "chunk", "chunk", "replied", "status", "csat", "unknown", "status"]
    );
    // Chunks are cumulative: each holds the whole answer so far.
    let texts: Vec<&str> = events
        .iter()
        .filter_map(|event| match event {
            types::Event::ReplyChunk(chunk) => Some(chunk.chunk_text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        texts,
        [
            "You can",
            "You can see your account",
            "You can see your account details by clicking"
        ]
    );
    let types::Event::Replied(replied) = &events[3] else {
        panic!("the final reply: {:?}", events[3]);
    };
    assert_eq!(replied.stream_id.as_deref(), Some("s-1"));
    assert_eq!(replied.message.id.as_deref(), Some("98765"));
    assert_eq!(replied.status, types::FinAgentRepliedEventStatus::Replying);
    let types::Event::CsatRequested(csat) = &events[5] else {
        panic!("the CSAT request: {:?}", events[5]);
    };
    assert_eq!(csat.csat.options.len(), 2);
    let types::Event::Unknown(unknown) = &events[6] else {
        panic!("the catch-all: {:?}", events[6]);
    };
    assert_eq!(unknown["event_name"], "fin_handed_over");
    let types::Event::StatusUpdated(last) = &events[7] else {
        panic!("the last status: {:?}", events[7]);
    };
    assert_eq!(
        last.status,
        types::FinAgentStatusUpdatedEventStatus::Complete
    );

    let request = served
        .request
        .await
        .expect("the server ran")
        .to_ascii_lowercase();
    assert!(
        request.starts_with("get /event-stream?channels=fin_agent_api:app123:ext-123&accesstoken=")
    );
    assert!(request.contains("accept: text/event-stream"), "{request}");
    assert!(!request.contains("authorization"), "{request}");
    assert!(
        !request.contains(&API_TOKEN.to_ascii_lowercase()),
        "{request}"
    );
}

#[tokio::test]
async fn a_connection_dropped_mid_event_is_a_transport_error_that_ends_the_stream() {
    let mut pieces = conversation()[..3].to_vec();
    pieces.push(r#"data: {"event_name":"fin_reply_chunk","conversation_id":"ext-1"#.to_owned());
    let served = serve(STREAM_HEAD, pieces, false).await;
    let mut stream = client()
        .event_stream(&served.url)
        .await
        .expect("the stream opens");
    let mut received = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(_)) => received += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without reporting the broken connection"),
        }
    };
    // The two complete chunks arrived; the half event did not.
    assert_eq!(received, 2);
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(STREAM_TOKEN), "{shown}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let pieces = vec!["data: not json\n\n".to_owned(), status("resolved")];
    let served = serve(STREAM_HEAD, pieces, true).await;
    let mut stream = client()
        .event_stream(&served.url)
        .await
        .expect("the stream opens");
    let Some(Err(Error::Decode(error))) = stream.next().await else {
        panic!("the first event does not decode");
    };
    assert_eq!(error.raw_body(), b"not json");
    assert!(matches!(
        stream.next().await,
        Some(Ok(types::Event::StatusUpdated(_)))
    ));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_expired_token_and_a_page_that_is_not_a_stream_are_refused() {
    let expired = serve(
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        vec![r#"{"message":"token expired"}"#.to_owned()],
        true,
    )
    .await;
    let error = client()
        .event_stream(&expired.url)
        .await
        .expect_err("a 401");
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains(STREAM_TOKEN));

    let page = serve(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n",
        vec!["<html></html>".to_owned()],
        true,
    )
    .await;
    let error = client().event_stream(&page.url).await.expect_err("HTML");
    assert_eq!(
        error.to_string(),
        "invalid event stream: the server answered with content type \"text/html\", not text/event-stream"
    );
}

/// Media types are case-insensitive and may carry parameters: a stream sent as
/// `Text/Event-Stream; charset=utf-8` is a stream.
#[tokio::test]
async fn the_content_type_is_compared_as_a_media_type() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: Text/Event-Stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n";
    let served = serve(head, conversation(), true).await;
    let mut stream = client()
        .event_stream(&served.url)
        .await
        .expect("the stream opens");
    let first = stream.next().await.expect("an event").expect("it decodes");
    assert!(matches!(first, types::Event::ReplyChunk(_)), "{first:?}");
}
