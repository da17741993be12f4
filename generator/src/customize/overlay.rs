//! OpenAPI Overlay 1.0: reviewed patches to the vendored spec, kept beside it instead of in it.
//!
//! Each overlay's actions are applied in order to the document before anything reads it: the
//! `target` is a JSONPath (RFC 9535); `update` is deep-merged into every node it selects
//! (objects merge key by key, arrays are appended to, anything else is replaced) and `remove`
//! deletes them. An action whose target selects nothing is an error naming the overlay and the
//! action: after a version bump that is how a customization that no longer applies is noticed.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::Error;

/// One overlay document, read and checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file, as the config names it.
    pub path: PathBuf,
    actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
struct Document {
    overlay: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
struct Action {
    target: String,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// Reads every overlay the config lists, relative to `root`.
pub fn read_all(root: &Path, files: &[PathBuf]) -> Result<Vec<Overlay>, Error> {
    files.iter().map(|file| read(root, file)).collect()
}

fn read(root: &Path, file: &Path) -> Result<Overlay, Error> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|reason| Error::Io {
        path: file.to_owned(),
        action: "cannot read the overlay",
        reason,
    })?;
    let document: Document = serde_yaml::from_str(&text).map_err(|error| Error::Customization {
        path: file.to_owned(),
        message: format!("not an OpenAPI Overlay document: {error}"),
    })?;
    if !document.overlay.starts_with("1.") {
        return Err(Error::Customization {
            path: file.to_owned(),
            message: format!(
                "`overlay: {}` is not a version this generator applies; expected 1.x",
                document.overlay
            ),
        });
    }
    Ok(Overlay {
        path: file.to_owned(),
        actions: document.actions,
    })
}

/// Applies `overlays`, in order, to `document`. Actions whose target matches nothing are
/// skipped and returned, each named by its overlay file, number and target: the caller reports
/// them all once it knows the selection is otherwise sound, so that, say, a spec without the
/// selected tag says that first.
pub fn apply(document: &mut Value, overlays: &[Overlay]) -> Result<Vec<String>, Error> {
    let mut stale = Vec::new();
    for overlay in overlays {
        for (index, action) in overlay.actions.iter().enumerate() {
            let fail = |message: String| Error::Customization {
                path: overlay.path.clone(),
                message: format!(
                    "action {} (target `{}`): {message}",
                    index + 1,
                    action.target
                ),
            };
            let path = JsonPath::parse(&action.target)
                .map_err(|error| fail(format!("not a JSONPath: {error}")))?;
            let pointers: Vec<String> = path
                .query_located(document)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                stale.push(format!(
                    "{}: action {} (target `{}`)",
                    overlay.path.display(),
                    index + 1,
                    action.target
                ));
                continue;
            }
            // Removing back to front keeps the earlier array indices valid.
            for pointer in pointers.iter().rev() {
                if action.remove {
                    remove(document, pointer);
                } else if let (Some(update), Some(node)) =
                    (&action.update, document.pointer_mut(pointer))
                {
                    merge(node, update);
                }
            }
        }
    }
    Ok(stale)
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Overlay 1.0 merge: objects key by key, arrays appended, other values replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        Overlay {
            path: PathBuf::from("fix.yaml"),
            actions: serde_json::from_value(actions).expect("actions"),
        }
    }

    #[test]
    fn updates_merge_and_removes_delete_every_match() {
        let mut document = json!({"a": {"x": 1, "list": [1], "keep": true}, "b": [{"drop": 1}, {"drop": 2}, {"stay": 3}]});
        let fix = overlay(json!([
            {"target": "$.a", "update": {"x": 2, "list": [2], "new": "n"}},
            {"target": "$.b[?@.drop]", "remove": true}
        ]));
        let stale = apply(&mut document, &[fix]).expect("applies");
        assert!(stale.is_empty());
        assert_eq!(
            document,
            json!({"a": {"x": 2, "list": [1, 2], "keep": true, "new": "n"}, "b": [{"stay": 3}]})
        );
    }

    #[test]
    fn a_target_that_matches_nothing_names_the_overlay_and_action() {
        let mut document = json!({"a": 1});
        let fix =
            overlay(json!([{"target": "$.a", "update": 2}, {"target": "$.gone", "remove": true}]));
        let stale = apply(&mut document, &[fix]).expect("applies what it can");
        assert_eq!(document, json!({"a": 2}));
        assert_eq!(stale, ["fix.yaml: action 2 (target `$.gone`)"]);
    }
}
