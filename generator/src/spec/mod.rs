//! The OpenAPI document itself: reading it from disk ([`load`]), naming places in it
//! ([`Pointer`]) and following its `$ref`s (`resolve`). Every stage and every side tool reads the
//! spec through here, so a reference is followed, and a bad one reported, the same way
//! everywhere.

mod document;
mod load;
mod locate;
mod node;
mod normalize;
mod pointer;
pub(crate) mod resolve;
mod schema_parts;
mod yaml_parts;

pub use load::{load, parse, Source, Spec, EVENT_STREAM_EXTENSION, WEBHOOKS_EXTENSION};
pub use normalize::{
    Version, COOKIE_STYLE_EXTENSION, OPERATIONS_EXTENSION, SEQUENTIAL_EXTENSION,
    SERVER_NAME_EXTENSION, TAB_DELIMITED_EXTENSION, TUPLE_EXTENSION,
};
pub use pointer::Pointer;

/// A sequential media type the client reads item by item, when a response describes its items
/// (`itemSchema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sequence {
    /// Server-Sent Events (`text/event-stream`).
    Events,
    /// JSON Lines (`application/jsonl`, NDJSON): a value per line.
    Lines,
    /// JSON text sequences (`application/json-seq`): a value after each record separator.
    Records,
}

impl Sequence {
    /// The sequence `media_type` is, if the client reads it item by item.
    pub(crate) fn of(media_type: &str) -> Option<Sequence> {
        let essence = media_type_essence(media_type).to_ascii_lowercase();
        match essence.as_str() {
            "text/event-stream" => Some(Sequence::Events),
            "application/jsonl" | "application/x-jsonlines" | "application/x-ndjson" => {
                Some(Sequence::Lines)
            }
            "application/json-seq" => Some(Sequence::Records),
            _ => None,
        }
    }
}

/// Header parameters OpenAPI says to ignore that the client does: a request's body sets
/// `Content-Type`, its security scheme `Authorization`. (`Accept` is one too, but descriptions
/// use it to ask for a media type their responses do not declare, like Intercom's report
/// download, so it stays a parameter.)
pub(crate) const IGNORED_HEADERS: &[&str] = &["Content-Type", "Authorization"];

/// Whether a header parameter named `name` is one of [`IGNORED_HEADERS`].
pub(crate) fn is_ignored_header(name: &str) -> bool {
    IGNORED_HEADERS
        .iter()
        .any(|ignored| ignored.eq_ignore_ascii_case(name))
}

/// A media type without its parameters (`; charset=utf-8`) and the space around it: what to
/// compare, case-insensitively.
pub(crate) fn media_type_essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}
