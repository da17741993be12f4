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

pub use load::{load, parse, Source, Spec, EVENT_STREAM_EXTENSION, WEBHOOKS_EXTENSION};
pub use normalize::{
    Version, COOKIE_STYLE_EXTENSION, OPERATIONS_EXTENSION, SEQUENTIAL_EXTENSION,
    SERVER_NAME_EXTENSION, TAB_DELIMITED_EXTENSION, TUPLE_EXTENSION,
};
pub use pointer::Pointer;

/// A media type without its parameters (`; charset=utf-8`) and the space around it: what to
/// compare, case-insensitively.
pub(crate) fn media_type_essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}
