//! Text → the document as a value, before anything types it: what it is written in, whether it
//! is a version this generator reads, and the JSON form the overlays and the fallback typing use.
//!
//! A JSON text (one that starts with `{`) is read as JSON: YAML is a superset of JSON except for
//! escapes, and a JSON description with an emoji written as a surrogate pair (`"\ud83d\udc4d"`,
//! which Twilio's have) is not valid YAML. Everything else is YAML. Integers beyond 64 bits, valid
//! in both, do not fail the document: YAML reads them at the nearest 64-bit bound, JSON as floats
//! (JavaScript prints `i64::MIN` as `-9223372036854776000`, and vendors' bounds of 64-bit fields
//! come out like that).

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::Diagnostic;
use crate::spec::Pointer;
use crate::Error;

/// A parsed description, not yet typed.
pub(super) enum Document {
    Yaml(serde_yaml::Value),
    Json(serde_json::Value),
}

impl Document {
    /// Parses `text`; syntax errors say where, by line and column.
    pub(super) fn parse(text: &str, display: &Path) -> Result<Self, Error> {
        let syntax = |line: usize, column: usize, message: String| Error::Syntax {
            path: display.to_owned(),
            location: format!(":{line}:{column}"),
            message,
        };
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            return serde_json::from_str(text.trim_start_matches('\u{feff}'))
                .map(Document::Json)
                .map_err(|error| syntax(error.line(), error.column(), without_location(&error)));
        }
        serde_yaml::from_str::<Lenient>(text)
            .map(|Lenient(value)| Document::Yaml(value))
            .map_err(|error| match error.location() {
                Some(at) => syntax(at.line(), at.column(), without_location(&error)),
                None => Error::Syntax {
                    path: display.to_owned(),
                    location: String::new(),
                    message: without_location(&error),
                },
            })
    }

    /// The document must be a mapping with `openapi: 3.0.x`, `info` and `paths`; say which is
    /// wrong. Checked before the document is typed, so a 3.1 document is refused as 3.1 even
    /// when its body would not type as 3.0.
    pub(super) fn check_top_level(&self, display: &Path) -> Result<(), Error> {
        let unsupported = |found: String| Error::UnsupportedVersion {
            path: display.to_owned(),
            found,
        };
        let top = self.top_level().map_err(unsupported)?;
        match (top.openapi, top.swagger) {
            (Some(version), _) if version.starts_with("3.0.") => {}
            (Some(version), _) => return Err(unsupported(format!("openapi: {version}"))),
            (None, Some(version)) => return Err(unsupported(format!("swagger: {version}"))),
            (None, None) => return Err(unsupported("no `openapi` field".into())),
        }
        let missing: Vec<&str> = [("info", top.has_info), ("paths", top.has_paths)]
            .into_iter()
            .filter(|(_, present)| !present)
            .map(|(key, _)| key)
            .collect();
        if missing.is_empty() {
            return Ok(());
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

    /// The top-level fields that say what the document is; what it is instead of a mapping.
    fn top_level(&self) -> Result<TopLevel, String> {
        match self {
            Document::Yaml(document) => {
                let Some(mapping) = document.as_mapping() else {
                    return Err(format!(
                        "a YAML {} instead of a mapping",
                        yaml_kind(document)
                    ));
                };
                let text = |key: &str| {
                    mapping.get(key).map(|value| match value {
                        serde_yaml::Value::String(text) => text.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    })
                };
                Ok(TopLevel {
                    openapi: text("openapi"),
                    swagger: text("swagger"),
                    has_info: mapping.contains_key("info"),
                    has_paths: mapping.contains_key("paths"),
                })
            }
            Document::Json(document) => {
                let Some(object) = document.as_object() else {
                    return Err("a JSON value that is not an object".into());
                };
                let text = |key: &str| {
                    object.get(key).map(|value| match value {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                };
                Ok(TopLevel {
                    openapi: text("openapi"),
                    swagger: text("swagger"),
                    has_info: object.contains_key("info"),
                    has_paths: object.contains_key("paths"),
                })
            }
        }
    }

    /// The document as JSON, for the overlays' JSONPath and the fallback typing. YAML allows
    /// keys JSON does not: a number, boolean or null key (`200:` for a status code) becomes its
    /// text; any other key (a mapping, a sequence, a tagged value) is an error, located by the
    /// pointer of the mapping that holds it.
    pub(super) fn into_json(self) -> Result<serde_json::Value, Pointer> {
        match self {
            Document::Json(value) => Ok(value),
            Document::Yaml(value) => yaml_into_json(value),
        }
    }
}

struct TopLevel {
    openapi: Option<String>,
    swagger: Option<String>,
    has_info: bool,
    has_paths: bool,
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

fn yaml_kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Bool(_) => "boolean",
        serde_yaml::Value::Number(_) => "number",
        serde_yaml::Value::String(_) => "string",
        serde_yaml::Value::Sequence(_) => "sequence",
        serde_yaml::Value::Mapping(_) => "mapping",
        serde_yaml::Value::Tagged(_) => "tagged value",
    }
}

fn yaml_into_json(value: serde_yaml::Value) -> Result<serde_json::Value, Pointer> {
    use serde_json::Value as Json;
    use serde_yaml::Value as Yaml;
    // The location is built only on the way out of an error, so the common case allocates none.
    fn convert(value: Yaml, segments: &mut Vec<String>) -> Result<Json, ()> {
        Ok(match value {
            Yaml::Null => Json::Null,
            Yaml::Bool(value) => Json::Bool(value),
            Yaml::Number(number) => {
                if let Some(value) = number.as_u64() {
                    Json::from(value)
                } else if let Some(value) = number.as_i64() {
                    Json::from(value)
                } else {
                    // A float; one that is not finite (`.nan`, `.inf`) has no JSON form and
                    // becomes null, as serde_json writes it.
                    number
                        .as_f64()
                        .and_then(serde_json::Number::from_f64)
                        .map_or(Json::Null, Json::Number)
                }
            }
            Yaml::String(text) => Json::String(text),
            Yaml::Sequence(items) => {
                let mut converted = Vec::with_capacity(items.len());
                for (index, item) in items.into_iter().enumerate() {
                    let item = convert(item, segments).inspect_err(|()| {
                        segments.push(index.to_string());
                    })?;
                    converted.push(item);
                }
                Json::Array(converted)
            }
            Yaml::Mapping(mapping) => {
                let mut object = serde_json::Map::with_capacity(mapping.len());
                for (key, value) in mapping {
                    let key = match key {
                        Yaml::String(key) => key,
                        Yaml::Number(number) => number.to_string(),
                        Yaml::Bool(value) => value.to_string(),
                        Yaml::Null => "null".to_owned(),
                        Yaml::Tagged(_) | Yaml::Sequence(_) | Yaml::Mapping(_) => return Err(()),
                    };
                    let value = convert(value, segments).inspect_err(|()| {
                        segments.push(key.clone());
                    })?;
                    object.insert(key, value);
                }
                Json::Object(object)
            }
            Yaml::Tagged(tagged) => convert(tagged.value, segments)?,
        })
    }
    let mut segments = Vec::new();
    convert(value, &mut segments).map_err(|()| {
        segments
            .iter()
            .rev()
            .fold(Pointer::root(), |pointer, segment| pointer.join(segment))
    })
}

/// A YAML value read as `serde_yaml::Value` reads it, except that integers beyond 64 bits are
/// read at the nearest 64-bit bound instead of failing the whole document.
struct Lenient(serde_yaml::Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Self::Value, E> {
        let number = match i64::try_from(value) {
            Ok(value) => value.into(),
            Err(_) if value < 0 => i64::MIN.into(),
            Err(_) => u64::try_from(value).unwrap_or(u64::MAX).into(),
        };
        Ok(serde_yaml::Value::Number(number))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Self::Value, E> {
        let value = u64::try_from(value).unwrap_or(u64::MAX);
        Ok(serde_yaml::Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Lenient::deserialize(deserializer).map(|Lenient(value)| value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_yaml::Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut mapping = serde_yaml::Mapping::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Lenient(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
            let Lenient(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(serde_yaml::Value::Mapping(mapping))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents): (String, _) = data.variant()?;
        let Lenient(value) = contents.newtype_variant()?;
        Ok(serde_yaml::Value::Tagged(Box::new(
            serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag),
                value,
            },
        )))
    }
}

/// serde_yaml's own words for a key that appears twice in a mapping.
fn duplicate_key(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::Null => "duplicate entry with null key".to_owned(),
        serde_yaml::Value::Bool(value) => format!("duplicate entry with key `{value}`"),
        serde_yaml::Value::Number(number) => format!("duplicate entry with key {number}"),
        serde_yaml::Value::String(text) => format!("duplicate entry with key {text:?}"),
        _ => "duplicate entry in YAML map".to_owned(),
    }
}
