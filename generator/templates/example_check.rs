//! Checks that spec examples round-trip through the generated types: each decodes into its type
//! and encodes back to equivalent JSON. `null` and an absent key are equivalent (optional fields
//! are omitted when `None`), and numbers compare by value (`1` and `1.0`). A failure says where
//! the JSON first differs.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` as a `T` and encodes it back; `Err` says what differs.
pub(crate) type Check = fn(&str) -> Result<(), String>;

/// Runs every check; fails listing each example that does not round-trip and is not a known
/// mismatch, and each known mismatch that is not one (the list is stale).
pub(crate) fn run(examples: &[(&str, &str, Check)], known_mismatches: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (pointer, json, check) in examples {
        let known = known_mismatches.iter().any(|(known, _)| known == pointer);
        match (check(json), known) {
            (Err(error), false) => failures.push(format!("{pointer}: {error}")),
            (Ok(()), true) => failures.push(format!(
                "{pointer} round-trips now; remove it from the known mismatches"
            )),
            _ => {}
        }
    }
    for (known, _) in known_mismatches {
        if !examples.iter().any(|(pointer, _, _)| pointer == known) {
            failures.push(format!(
                "{known} is a known mismatch but no such example exists"
            ));
        }
    }
    println!(
        "{} spec examples round-trip; {} known mismatches",
        examples.len() - known_mismatches.len().min(examples.len()),
        known_mismatches.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The [`Check`] for type `T`.
pub(crate) fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Result<(), String> {
    let original: Value = serde_json::from_str(json).map_err(|error| error.to_string())?;
    let typed: T = serde_json::from_value(original.clone())
        .map_err(|error| format!("does not decode: {error}"))?;
    let encoded =
        serde_json::to_value(&typed).map_err(|error| format!("does not encode: {error}"))?;
    match difference(&original, &encoded, "$") {
        None => Ok(()),
        Some(difference) => Err(difference),
    }
}

/// Where `encoded` first differs from `original`, in words; `None` when they are equivalent.
fn difference(original: &Value, encoded: &Value, at: &str) -> Option<String> {
    match (original, encoded) {
        (Value::Object(original), Value::Object(encoded)) => {
            let present = |map: &serde_json::Map<String, Value>| {
                map.iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect::<Vec<_>>()
            };
            for (key, value) in present(original) {
                let here = format!("{at}.{key}");
                match encoded.get(&key).filter(|value| !value.is_null()) {
                    None => return Some(format!("{here} is lost: the type has no such field")),
                    Some(other) => {
                        if let Some(found) = difference(&value, other, &here) {
                            return Some(found);
                        }
                    }
                }
            }
            present(encoded)
                .into_iter()
                .find(|(key, _)| original.get(key).is_none_or(Value::is_null))
                .map(|(key, value)| format!("{at}.{key} appears as {value}"))
        }
        (Value::Array(original), Value::Array(encoded)) if original.len() == encoded.len() => {
            original
                .iter()
                .zip(encoded)
                .enumerate()
                .find_map(|(index, (a, b))| difference(a, b, &format!("{at}[{index}]")))
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("{at} was {a}, encodes as {b}")),
    }
}

#[test]
fn null_and_absent_are_equivalent_and_numbers_compare_by_value() {
    let a = serde_json::json!({"a": 1, "b": null, "c": [1.0]});
    let found = |b: Value| difference(&a, &b, "$");
    assert_eq!(found(serde_json::json!({"a": 1.0, "c": [1]})), None);
    assert_eq!(
        found(serde_json::json!({"a": 2, "c": [1]})).as_deref(),
        Some("$.a was 1, encodes as 2")
    );
    assert_eq!(
        found(serde_json::json!({"a": 1})).as_deref(),
        Some("$.c is lost: the type has no such field")
    );
    assert_eq!(
        found(serde_json::json!({"a": 1, "c": [1], "d": 0})).as_deref(),
        Some("$.d appears as 0")
    );
}
