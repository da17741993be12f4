//! Contract tests against Stoplight Prism, an OpenAPI mock server that validates each request
//! against a vendored spec and answers with the spec's examples. Every operation of the
//! Custom Channel Events and Fin Agent crates is called with its spec example and must be accepted; a request missing a
//! required field, sent as raw JSON, must be rejected, which shows the check can fail. Every
//! list of the whole-API crate that pages sends its first page and a resumed one, which Prism
//! must accept too. And `cargo xtask probe` calls every operation of the corpus's Petstore
//! descriptions, each parameter set and each body sampled from its schema, against Prism
//! mocking each description (the whole corpus is its own run, `tests/corpus/PROBE.md`).
//!
//! Prism is pinned in `tests/prism/package-lock.json` and installed with `npm ci` on first use.
//! Without Node.js the test fails and says what to install. Where Node cannot be had, set
//! `CODEGEN_TESTS_SKIP_PRISM=1` to skip it (the skip is printed); under `CI=true` that variable
//! is ignored, so CI always runs it.

use std::ffi::OsStr;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use codegen_tests::{cargo, client_builder, fin_client_builder, project_root};
use intercom_custom_channels::types;
use serde_json::Value;

const CUSTOM_CHANNELS_SPEC: &str = "openapi/intercom-2.14.yaml";
const FIN_AGENT_SPEC: &str = "openapi/intercom-2.16.yaml";

/// A Prism process, stopped when dropped.
struct Prism {
    child: Child,
    address: SocketAddr,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The variable that lets a local run skip this test where Node.js cannot be installed.
const SKIP: &str = "CODEGEN_TESTS_SKIP_PRISM";

/// `tests/prism/node_modules/.bin/prism`, installed if missing; `None` when the user skips the
/// test with [`SKIP`] (never under `CI=true`). Fails, saying what to install, without Node.js.
fn prism_binary() -> Option<PathBuf> {
    if std::env::var_os(SKIP).is_some() && std::env::var_os("CI").is_none() {
        eprintln!("skipping the Prism contract test: {SKIP} is set");
        return None;
    }
    // Both contract tests want Prism; one installs it while the other waits, since two
    // concurrent `npm ci` runs in one directory remove each other's files.
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let installed = INSTALLED.get_or_init(|| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        install_prism(&project_root().join("tests/prism"), &path)
    });
    Some(installed.clone().unwrap_or_else(|why| panic!("{why}")))
}

/// The Prism of the npm project in `dir`, installed with the `npm` found on `path` if missing;
/// what to do about it when it cannot be installed.
fn install_prism(dir: &Path, path: &OsStr) -> Result<PathBuf, String> {
    let binary = dir.join("node_modules/.bin/prism");
    if binary.exists() {
        return Ok(binary);
    }
    let installed = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .env("PATH", path)
        .status();
    match installed {
        Ok(status) if status.success() && binary.exists() => Ok(binary),
        outcome => Err(format!(
            "cannot install Prism with `npm ci` in {} ({outcome:?}): install Node.js 18 or newer with npm (https://nodejs.org, or your system's `nodejs` and `npm` packages), or set {SKIP}=1 to skip this test locally",
            dir.display()
        )),
    }
}

#[test]
fn a_missing_node_is_a_failure_that_says_what_to_install() {
    let dir = std::env::temp_dir().join(format!("prism-without-node-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let why = install_prism(&dir, OsStr::new("")).expect_err("no npm on an empty PATH");
    assert!(why.contains("install Node.js 18 or newer"), "{why}");
    assert!(why.contains(SKIP), "{why}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// A free port below the kernels' ephemeral ranges (Linux hands out 32768 and up, others 49152
/// and up). Prism takes seconds to start listening, and a port asked of the kernel with
/// `bind(0)` and released would meanwhile be free to give to a concurrent test's wiremock
/// server, which would then answer Prism's requests.
fn free_port() -> u16 {
    const FIRST: u32 = 20_000;
    const COUNT: u32 = 12_000;
    static TAKEN: AtomicU32 = AtomicU32::new(0);
    loop {
        let offset = std::process::id() + TAKEN.fetch_add(1, Ordering::Relaxed);
        assert!(
            TAKEN.load(Ordering::Relaxed) < COUNT,
            "no free port in {FIRST}..{}",
            FIRST + COUNT
        );
        let port = u16::try_from(FIRST + offset % COUNT).expect("below 32000");
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Prism mocking `spec` (relative to the project root) on a free port.
fn start_prism(binary: PathBuf, spec: &str) -> Prism {
    let port = free_port();
    let child = Command::new(binary)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(project_root().join(spec))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Prism");
    let mut prism = Prism {
        child,
        address: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let started = Instant::now();
    while TcpStream::connect(prism.address).is_err() {
        if let Ok(Some(status)) = prism.child.try_wait() {
            panic!(
                "Prism exited before it listened on {}: {status}",
                prism.address
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Prism did not start in 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

/// The first request example of the `POST` operation at `path` of `spec`.
fn request_example(spec: &str, path: &str) -> Value {
    let text = std::fs::read_to_string(project_root().join(spec)).expect("read the spec");
    let spec: Value =
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&text).expect("parse"))
            .expect("json");
    let examples =
        &spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"];
    let (_, example) = examples
        .as_object()
        .and_then(|map| map.iter().next())
        .expect("an example");
    example["value"].clone()
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the spec example decodes")
}

#[tokio::test]
async fn prism_accepts_every_generated_operation_and_rejects_an_invalid_request() {
    let Some(binary) = prism_binary() else {
        return;
    };
    let prism = start_prism(binary, CUSTOM_CHANNELS_SPEC);
    let base_url = format!("http://{}", prism.address);
    let client = client_builder()
        .token("prism-token")
        .base_url(&base_url)
        .max_retries(0)
        .build()
        .expect("client builds");

    let conversation: types::CustomChannelBaseEvent = decode(request_example(
        CUSTOM_CHANNELS_SPEC,
        "/custom_channel_events/notify_new_conversation",
    ));
    let message: types::NotifyNewMessageRequest = decode(request_example(
        CUSTOM_CHANNELS_SPEC,
        "/custom_channel_events/notify_new_message",
    ));
    let quick_reply: types::NotifyQuickReplySelectedRequest = decode(request_example(
        CUSTOM_CHANNELS_SPEC,
        "/custom_channel_events/notify_quick_reply_selected",
    ));
    let attribute: types::NotifyAttributeCollectedRequest = decode(request_example(
        CUSTOM_CHANNELS_SPEC,
        "/custom_channel_events/notify_attribute_collected",
    ));
    let responses = [
        client
            .notify_new_conversation(&conversation)
            .send_with_response()
            .await,
        client
            .notify_new_message(&message)
            .send_with_response()
            .await,
        client
            .notify_quick_reply_selected(&quick_reply)
            .send_with_response()
            .await,
        client
            .notify_attribute_collected(&attribute)
            .send_with_response()
            .await,
    ];
    for (operation, response) in [
        "notifyNewConversation",
        "notifyNewMessage",
        "notifyQuickReplySelected",
        "notifyAttributeCollected",
    ]
    .iter()
    .zip(responses)
    {
        let response = response
            .unwrap_or_else(|error| panic!("{operation}: Prism rejected the request: {error:?}"));
        assert_eq!(response.status().as_u16(), 200, "{operation}");
        assert!(
            response.headers().get("sl-violations").is_none(),
            "{operation}: {:?}",
            response.headers()
        );
        // Prism answers with the spec's success example, decoded into the typed response.
        assert_eq!(
            response.value().conversation_id,
            "intercom_conversation_id_34",
            "{operation}"
        );
    }

    // The same message without its required `body`, bypassing the typed client.
    let mut invalid = request_example(
        CUSTOM_CHANNELS_SPEC,
        "/custom_channel_events/notify_new_message",
    );
    invalid.as_object_mut().expect("an object").remove("body");
    let rejected = codegen_tests::http_client()
        .post(format!(
            "{base_url}/custom_channel_events/notify_new_message"
        ))
        .bearer_auth("prism-token")
        .header("content-type", "application/json")
        .body(invalid.to_string())
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(rejected.status().as_u16(), 422);
    let violations = rejected
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        violations.contains("must have required property 'body'"),
        "{violations}"
    );
}

#[tokio::test]
async fn prism_accepts_every_fin_agent_operation() {
    use intercom_fin_agent::types as fin;
    let Some(binary) = prism_binary() else {
        return;
    };
    let prism = start_prism(binary, FIN_AGENT_SPEC);
    let client = fin_client_builder()
        .token("prism-token")
        .base_url(format!("http://{}", prism.address))
        .max_retries(0)
        .build()
        .expect("client builds");

    let start: fin::StartFinConversationRequest =
        decode(request_example(FIN_AGENT_SPEC, "/fin/start"));
    let reply: fin::ReplyToFinRequest = decode(request_example(FIN_AGENT_SPEC, "/fin/reply"));
    let csat: fin::SubmitFinCsatRequest = decode(request_example(FIN_AGENT_SPEC, "/fin/csat"));

    let started = client
        .start_fin_conversation(&start)
        .send_with_response()
        .await
        .unwrap_or_else(|error| panic!("startFinConversation: Prism rejected it: {error:?}"));
    let replied = client
        .reply_to_fin(&reply)
        .send_with_response()
        .await
        .unwrap_or_else(|error| panic!("replyToFin: Prism rejected it: {error:?}"));
    let rated = client
        .submit_fin_csat(&csat)
        .send_with_response()
        .await
        .unwrap_or_else(|error| panic!("submitFinCsat: Prism rejected it: {error:?}"));
    for (operation, status, headers) in [
        ("startFinConversation", started.status(), started.headers()),
        ("replyToFin", replied.status(), replied.headers()),
        ("submitFinCsat", rated.status(), rated.headers()),
    ] {
        assert_eq!(status.as_u16(), 200, "{operation}");
        assert!(
            headers.get("sl-violations").is_none(),
            "{operation}: {headers:?}"
        );
    }
    // Prism answers with the spec's success examples, decoded into the typed responses.
    assert_eq!(started.value().conversation_id.as_deref(), Some("ext-123"));
    assert_eq!(replied.value().user_id.as_deref(), Some("user-456"));
    assert_eq!(
        rated.value().status,
        Some(fin::SubmitFinCsatResponseStatus::Rated)
    );
}

/// Up to the first two pages of `pages`, each of which Prism must accept (status 200, no
/// violation of the request in `sl-violations`); how many it accepted. Prism answers every
/// page with the same example, so a list that pages by cursor repeats its cursor on the second
/// page and ends with `Error::Pagination`, which is the stream doing its job.
async fn accepted_pages<T: std::fmt::Debug>(
    operation: &str,
    mut pages: intercom::Pages<'_, T>,
) -> usize {
    use futures_util::StreamExt;
    let mut accepted = 0;
    while accepted < 2 {
        match pages.next().await {
            None => break,
            Some(Ok(page)) => {
                let response = page.response();
                assert_eq!(response.status().as_u16(), 200, "{operation}");
                let violations = request_violations(response.headers().get("sl-violations"));
                assert!(
                    violations.is_empty(),
                    "{operation}, page {}: {violations:?}",
                    accepted + 1,
                );
                accepted += 1;
            }
            Some(Err(intercom::Error::Pagination(_))) if accepted > 0 => break,
            // Prism accepted the request, but answered with a spec example that contradicts
            // the response schema (listed in openapi/example-mismatches-2.16.toml): there is
            // no cursor to read on from.
            Some(Err(intercom::Error::Decode(error))) if error.status().as_u16() == 200 => {
                return accepted + 1;
            }
            Some(Err(error)) => {
                panic!(
                    "{operation}, page {}: Prism rejected it: {error:?}",
                    accepted + 1
                )
            }
        }
    }
    accepted
}

/// What Prism found wrong with the request, from its `sl-violations` header. The header also
/// lists what is wrong with Prism's own answer (a spec example that contradicts its schema,
/// which the client may still decode, mending a number written for a string): those are left
/// out. A header that is not Prism's JSON list counts as a violation, as it came.
fn request_violations(header: Option<&intercom::reqwest::header::HeaderValue>) -> Vec<Value> {
    let Some(header) = header else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(header.as_bytes());
    match serde_json::from_str::<Vec<Value>>(&text) {
        Ok(violations) => violations
            .into_iter()
            .filter(|violation| violation["location"][0] != "response")
            .collect(),
        Err(_) => vec![Value::String(text.into_owned())],
    }
}

/// Every list of the whole-API crate that pages, asked for its first pages against Prism
/// mocking 2.16: the first request as the user builds it, and the next with the cursor, page
/// number or scroll the first response gave.
#[tokio::test]
async fn prism_accepts_the_page_requests_of_every_paginated_operation() {
    use intercom::{types, Cursor};
    let Some(binary) = prism_binary() else {
        return;
    };
    let prism = start_prism(binary, FIN_AGENT_SPEC);
    let client = codegen_tests::whole_client_builder()
        .token("prism-token")
        .base_url(format!("http://{}", prism.address))
        .max_retries(0)
        .build()
        .expect("client builds");
    let contacts: types::ContactSearchRequest =
        decode(request_example(FIN_AGENT_SPEC, "/contacts/search"));
    let conversations: types::SearchRequest =
        decode(request_example(FIN_AGENT_SPEC, "/conversations/search"));
    let tickets: types::SearchRequest = decode(request_example(FIN_AGENT_SPEC, "/tickets/search"));

    // Each list twice: from the start, and resumed from a cursor as a saved one would be (a
    // page number for the lists that count pages), which is the request a next page sends.
    macro_rules! pages {
        ($operation:literal, $request:expr, $cursor:literal) => {
            (
                $operation,
                accepted_pages($operation, $request.pages()).await,
                accepted_pages($operation, $request.pages_from(Cursor::new($cursor))).await,
            )
        };
    }
    let merged = "63a07ddf05a32042dffac965";
    let results = [
        pages!(
            "listMacros",
            client.list_macros().per_page(5),
            "WzE3MTk0OTM3NTcuMCwgIjEyIl0="
        ),
        pages!("listArticles", client.list_articles().per_page(5), "2"),
        pages!("listAudiences", client.list_audiences(), "2"),
        pages!("listAllCollections", client.list_all_collections(), "2"),
        pages!(
            "listAllCompanies",
            client.list_all_companies().per_page(5),
            "2"
        ),
        pages!(
            "scrollOverAllCompanies",
            client.scroll_over_all_companies(),
            "25b649f7-4d33"
        ),
        pages!(
            "SearchContacts",
            client.search_contacts().body(&contacts),
            "WzE3MTk0OTM3"
        ),
        pages!(
            "ListContacts",
            client.list_contacts().per_page(5),
            "WzE3MTk0OTM3"
        ),
        pages!(
            "ListContactMergeHistory",
            client.list_contact_merge_history(merged),
            "abc123"
        ),
        pages!("listContentSnippets", client.list_content_snippets(), "2"),
        pages!(
            "listConversations",
            client.list_conversations(),
            "WzE3MTk0OTM3"
        ),
        pages!(
            "searchConversations",
            client.search_conversations().body(&conversations),
            "WzE3MTk0OTM3"
        ),
        pages!(
            "listDataConnectors",
            client.list_data_connectors(),
            "abc123"
        ),
        pages!(
            "listDataConnectorExecutionResults",
            client.list_data_connector_execution_results("12345"),
            "abc123"
        ),
        pages!(
            "getWhatsAppMessageStatus",
            client.get_whats_app_message_status("12345"),
            "abc123"
        ),
        pages!(
            "searchTickets",
            client.search_tickets().body(&tickets),
            "WzE3MTk0OTM3"
        ),
    ];
    // Whether a list went on to a second page is up to the example Prism answers with.
    println!("pages accepted (from the start, resumed): {results:?}");
    for (operation, fresh, resumed) in results {
        assert!(
            fresh >= 1 && resumed >= 1,
            "{operation}: {fresh}, {resumed}"
        );
    }
}

/// The four Petstore descriptions of the corpus (3.0 and Swagger 2.0; the Swagger Petstore's
/// API key and OAuth operations, its form and binary bodies, array query parameters), every
/// operation called through its generated client by `cargo xtask probe`: Prism must accept
/// every request and the client decode every answer.
#[test]
fn prism_accepts_every_call_of_the_petstore_probes() {
    if prism_binary().is_none() {
        return;
    }
    let output = cargo()
        .args(["run", "--quiet", "--package", "xtask", "--"])
        .args(["probe", "--only", "petstore"])
        .current_dir(project_root())
        .output()
        .expect("run cargo xtask probe");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for row in [
        "| `oai/petstore.yaml` | 3 | 3 | 0 |",
        "| `oai/petstore-expanded.yaml` | 4 | 4 | 0 |",
        "| `oai-learn/petstore.yaml` | 3 | 3 | 0 |",
        "| `swagger-petstore/openapi.yaml` | 19 | 19 | 0 |",
    ] {
        assert!(stdout.contains(row), "no row {row}:\n{stdout}");
    }
}
