//! Text → the document as a JSON value, before anything types it, and whether it is a version
//! this generator reads.
//!
//! YAML is read straight into a `serde_json::Value` in one pass: the value the overlays address
//! (by JSONPath) and the typed model is made from. The pass does what the typed parse cannot:
//! it rejects a key that appears twice in a mapping (serde would keep the last), with its line
//! and column. YAML keys that JSON lacks become text (`200:` for a status code); a key that is a
//! mapping or a sequence is an error. Integers beyond 64 bits do not fail the document: they are
//! read at the nearest 64-bit bound (JavaScript prints `i64::MIN` as `-9223372036854776000`, and
//! vendors' bounds of 64-bit fields come out like that).
//!
//! A JSON text (one that starts with `{`) is read as JSON: YAML is a superset of JSON except for
//! escapes, and a JSON description with an emoji written as a surrogate pair
//! (`"\ud83d\udc4d"`, which Twilio's have) is not valid YAML.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::Diagnostic;
use crate::spec::{Pointer, Version};
use crate::Error;

/// Parses `text`, YAML or JSON; syntax errors say where, by line and column.
pub(super) fn parse(text: &str, display: &Path) -> Result<Value, Error> {
    let syntax = |location: String, message: String| Error::Syntax {
        path: display.to_owned(),
        location,
        message,
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|error| {
            let location = format!(":{}:{}", error.line(), error.column());
            syntax(location, without_location(&error))
        });
    }
    // A large document is read in parts on several threads; where that cannot be done, or
    // fails, it is read whole, and a failure is located in the whole.
    if let Some(value) = super::yaml_parts::read_in_parts(text, |part| yaml(part).ok()) {
        return Ok(value);
    }
    yaml(text).map_err(|error| {
        let location = error
            .location()
            .map(|at| format!(":{}:{}", at.line(), at.column()))
            .unwrap_or_default();
        syntax(location, without_location(&error))
    })
}

/// YAML text read into the document's value.
fn yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<FromYaml>(text).map(|FromYaml(value)| value)
}

/// The document must be a mapping that declares a version this generator reads (`swagger:
/// "2.0"`, `openapi: 3.0.x`, `3.1.x` or `3.2.x`), with `info` and (before 3.1) `paths`; say
/// which is wrong. Checked first, before anything else reads the document, so a description
/// of another version is refused as such even when its body would not read as one of these.
pub(super) fn check_top_level(document: &Value, display: &Path) -> Result<Version, Error> {
    let unsupported = |pointer: &str, found: String| Error::UnsupportedVersion {
        path: display.to_owned(),
        pointer: pointer.to_owned(),
        found,
    };
    let Some(object) = document.as_object() else {
        return Err(unsupported(
            "#",
            format!("a {} instead of a mapping", kind_of(document)),
        ));
    };
    let text = |key: &str| {
        object.get(key).map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    };
    let (openapi, swagger) = (text("openapi"), text("swagger"));
    let version = match Version::of(openapi.as_deref(), swagger.as_deref()) {
        Some(version) => version,
        None => {
            return Err(match (openapi, swagger, text("swaggerVersion")) {
                (Some(version), _, _) => unsupported("#/openapi", format!("openapi: {version}")),
                (None, Some(version), _) => unsupported("#/swagger", format!("swagger: {version}")),
                // Swagger 1.x names its version so.
                (None, None, Some(version)) => {
                    unsupported("#/swaggerVersion", format!("swaggerVersion: {version}"))
                }
                (None, None, None) => unsupported("#", "no `openapi` or `swagger` field".into()),
            });
        }
    };
    let required: &[&str] = if version >= Version::V31 {
        &["info"]
    } else {
        &["info", "paths"]
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| !object.contains_key(*key))
        .collect();
    if missing.is_empty() {
        return Ok(version);
    }
    Err(Error::Spec {
        path: display.to_owned(),
        problems: missing
            .into_iter()
            .map(|key| Diagnostic {
                pointer: Pointer::root().to_string(),
                message: format!("the required top-level field `{key}` is missing"),
            })
            .collect(),
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "mapping",
    }
}

/// A parser's message without the " at line L column C" it ends with (the location is said
/// first, as `file:line:column`).
fn without_location(error: &impl fmt::Display) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

/// A YAML value read as JSON (see the module docs).
struct FromYaml(Value);

impl<'de> Deserialize<'de> for FromYaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(FromYaml)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(value) => Value::from(value),
            Err(_) if value < 0 => Value::from(i64::MIN),
            Err(_) => Value::from(u64::try_from(value).unwrap_or(u64::MAX)),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Value::from(u64::try_from(value).unwrap_or(u64::MAX)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // `.nan` and `.inf` have no JSON form: null, as serde_json writes them.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        FromYaml::deserialize(deserializer).map(|FromYaml(value)| value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(FromYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(key)) = map.next_key()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {key:?}"
                )));
            }
            let FromYaml(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    /// A tagged value (`!tag value`): the value; tags mean nothing in OpenAPI.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        contents
            .newtype_variant::<FromYaml>()
            .map(|FromYaml(value)| value)
    }
}

/// A mapping key as JSON has it: text. A number, boolean or null key (`200:` for a status code)
/// becomes its text; a mapping or a sequence as a key is an error.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key that is a string, number, boolean or null")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i128<E>(self, value: i128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u128<E>(self, value: u128) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        Key::deserialize(deserializer).map(|Key(key)| key)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        contents.newtype_variant::<Key>().map(|Key(key)| key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest vendored description, read in parts on several threads, is the document
    /// read whole.
    #[test]
    fn the_largest_vendored_description_reads_the_same_in_parts() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/intercom-2.16.yaml");
        let text = std::fs::read_to_string(path).expect("vendored");
        let whole = yaml(&text).expect("reads");
        // Two threads, as on the smallest machine that cuts.
        let threads = rayon::ThreadPoolBuilder::new().num_threads(2).build();
        let parts = threads
            .expect("a pool")
            .install(|| super::super::yaml_parts::read_in_parts(&text, |part| yaml(part).ok()));
        assert!(
            parts.as_ref() == Some(&whole),
            "the parts differ from the whole"
        );
    }
}
