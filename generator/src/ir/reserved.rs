//! The names the runtime's own types already use, which generated names never take: the methods
//! of `Client`, `ClientBuilder`, `Request` and `Webhooks` that the templates define, and the
//! locals of the emitted method bodies. One list per owner, in one place, so that lowering, the
//! config's overrides and the test that holds the lists to the templates (`emit::runtime`) read
//! the same names.

/// Methods every generated struct has beside its fields' `with_` setters.
pub const STRUCT_METHODS: &[&str] = &["new"];

/// Methods `Client` already has (the runtime's, which a test holds this list to); operations
/// never take these names.
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "from_token_var",
    "base_url",
    "api_version",
    "open_event_stream",
    "request",
];

/// Names a parameter never takes: the locals of the emitted method bodies (`body` is the request
/// body), and the methods of `Request` (the runtime's, which a test holds this list to, and the
/// page streams of a paginated operation), on which optional parameters become setters. Names
/// whose methods moved to the request's untyped `Outgoing` stay, so that no setter is renamed.
pub const RESERVED_PARAMETER_NAMES: &[&str] = &[
    "body",
    "item",
    "request",
    "value",
    "new",
    "streamed",
    "with_output",
    "json_body",
    "text_body",
    "bytes_body",
    "form_body",
    "multipart_body",
    "with_body",
    "with_built_body",
    "query_param",
    "path_param",
    "header_param",
    "cookie_param",
    "json_value",
    "on_server",
    "answering_redirects",
    "is_answer",
    "secured_by",
    "header",
    "timeout",
    "max_retries",
    "send",
    "send_with_response",
    "send_with_retries",
    "send_instrumented",
    "send_decoded",
    "send_received",
    "url",
    "attempt",
    "invalidate",
    "into_future",
    "send_page",
    "operation_name",
    "set_query_text",
    "remove_query",
    "query_text",
    "set_body_field",
    "set_url",
    "resolve",
    "pages",
    "pages_from",
    "items",
];

/// Methods `ClientBuilder` already has (the runtime's, which a test holds this list to);
/// variable setters never take these names.
pub const BUILDER_METHODS: &[&str] = &[
    "token",
    "basic_auth",
    "with_credential",
    "credential_setters",
    "region",
    "base_url",
    "api_version",
    "timeout",
    "max_retries",
    "retry_policy",
    "user_agent_suffix",
    "http_client",
    "root_certificate",
    "hook",
    "build",
    "default_http_client",
    "server_variable",
];

/// Methods `Webhooks` has whatever the spec (the runtime's, which a test holds this list to);
/// webhooks never take these names.
pub const WEBHOOKS_METHODS: &[&str] = &["new", "sign", "verify", "decode"];

/// The Cargo features of the runtime (its TLS choices, and `all-tags` of a crate with a feature
/// per tag; a test holds this list to the manifest's); a tag's feature never takes these names.
pub const RUNTIME_FEATURES: &[&str] = &[
    "all-tags",
    "default",
    "native-tls",
    "rustls-aws-lc",
    "rustls-ring",
];
