//! What the structs' `Deserialize` impls share: the visitor that reads an object, the key it
//! reads, and the slot each field's value waits in until the object is read.
//!
//! A struct's `Deserialize` is not derived. serde's derive keeps the undeclared properties
//! (`#[serde(flatten)]`) by buffering every key into its `Content` through a visitor of its own
//! with a method per kind of key, and decodes a struct from a JSON array too: code that every
//! struct of a crate repeats, and that was two thirds of what `cargo check` walked for a
//! whole-API crate. Here a struct says only what differs, in its [`Object`] impl: how it reads
//! each key, once, as a borrowed string where it can. What it does is what the derive did, with
//! the same errors: a duplicate key is one, a missing required key is one unless its value may
//! be `null` (serde's rule for `Option`), an optional key may be absent or `null`, and an
//! undeclared key is kept in the struct's map of additional properties, or skipped where the
//! schema allows none.

// Only where the crate has `decode::Key<`.
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

// Only where the crate has `decode::Key<` or `decode::Slot::new(`.
use serde::de::Deserialize;
// Only where the crate has `decode::Slot::new(` or `decode::Key<`.
use serde::de::Error;
use serde::de::{Deserializer, MapAccess, Visitor};

/// A struct read from an object key by key; its `Deserialize` is [`deserialize!`]'s.
pub(crate) trait Object: Sized {
    /// What a value of another kind is reported as: not the `struct Name` expected.
    const EXPECTED: &'static str;

    /// Reads the object's entries from `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` for the struct `$name`, which implements [`Object`].
macro_rules! deserialize {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::decode::object(deserializer)
            }
        }
    };
}

pub(crate) use deserialize;

/// An `Object` read from `deserializer`.
pub(crate) fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Fields(PhantomData))
}

/// The visitor of an `Object` `T`.
struct Fields<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for Fields<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTED)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

// Only where the crate has `decode::Slot::new(`.
/// A field's value while its object is read.
pub(crate) struct Slot<T> {
    key: &'static str,
    value: Option<T>,
}

// Only where the crate has `decode::Slot::new(`.
impl<T> Slot<T> {
    /// The slot of the field whose key is `key`, empty.
    pub(crate) fn new(key: &'static str) -> Self {
        Slot { key, value: None }
    }

    /// Reads the field's value from `map`, whose next value it is; an object that had the key
    /// already is an error.
    pub(crate) fn read<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        if self.value.is_some() {
            return Err(A::Error::duplicate_field(self.key));
        }
        self.value = Some(map.next_value()?);
        Ok(())
    }

    // Only where the crate has `.required()?`.
    /// The value of a field that must be there, or the error that it is missing.
    pub(crate) fn required<E: Error>(self) -> Result<T, E> {
        self.value.ok_or_else(|| E::missing_field(self.key))
    }
}

// Only where the crate has `.optional()`.
impl<T> Slot<Option<T>> {
    /// The value of a field that may be absent or `null`: `None` for either.
    pub(crate) fn optional(self) -> Option<T> {
        self.value.flatten()
    }
}

// Only where the crate has `decode::Key<`.
/// A key of an object, borrowed from the input where it can be (it has no escapes).
pub(crate) struct Key<'de>(Cow<'de, str>);

// Only where the crate has `decode::Key<`.
impl<'de> Key<'de> {
    // Only where the crate has `key.as_str()`.
    /// The key as text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    // Only where the crate has `.into_string()`.
    /// The key as an owned string, for a map of the undeclared properties.
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

// Only where the crate has `decode::Key<`.
impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

// Only where the crate has `decode::Key<`.
/// Reads a [`Key`].
struct KeyVisitor;

// Only where the crate has `decode::Key<`.
impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}
