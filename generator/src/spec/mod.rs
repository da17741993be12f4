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
