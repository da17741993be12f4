//! Spec examples as values of the generated types, so docs can show a typed value that compiles
//! (`types::NotifyNewMessageRequest { event_id: "evt_54321".to_owned(), .. }`) rather than a
//! JSON string. Lowering decides how each JSON value maps onto the types (which field, which
//! variant, where `Some` and `Box` go) once the types are final; emit only spells it out.

use super::TypeId;

/// A value of a generated type (or of a type built from them).
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleValue {
    /// A `String`.
    String(String),
    /// A `bool`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// An `f64`.
    Float(f64),
    /// A `Vec` of the values.
    List(Vec<ExampleValue>),
    /// `None`.
    None,
    /// `Some(value)`.
    Some(Box<ExampleValue>),
    /// `Box::new(value)`.
    Boxed(Box<ExampleValue>),
    /// An empty default value (`Default::default()`), for the extra-properties map.
    Default,
    /// A struct: one value per field, in the struct's field order.
    Struct {
        /// The struct, or an alias of it that names it where the value is built.
        ty: TypeId,
        /// The fields' values.
        fields: Vec<ExampleValue>,
    },
    /// A known variant of a string enum.
    Variant {
        /// The enum.
        ty: TypeId,
        /// The index of the variant.
        variant: usize,
    },
    /// A value of a string enum that its variants do not name (its catch-all variant).
    Unknown {
        /// The enum.
        ty: TypeId,
        /// The value.
        value: String,
    },
    /// Any JSON value (`serde_json::Value`), built with `serde_json::json!`.
    Json(serde_json::Value),
    /// A map from names: a `BTreeMap` of the values, or with `json_object` a
    /// `serde_json::Map` (whose values are [`ExampleValue::Json`]).
    Map {
        /// The entries, in the example's order.
        entries: Vec<(String, ExampleValue)>,
        /// Whether the map is a `serde_json::Map`.
        json_object: bool,
    },
    /// One alternative of a union.
    Alternative {
        /// The union.
        ty: TypeId,
        /// The index of the alternative.
        variant: usize,
        /// Its payload.
        value: Box<ExampleValue>,
    },
}
