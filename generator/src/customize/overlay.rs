//! OpenAPI Overlay 1.0: reviewed patches to the vendored spec, kept beside it instead of in it.
//!
//! Each overlay's actions are applied in order to the document before anything reads it: the
//! `target` is a JSONPath (RFC 9535); `update` is deep-merged into every node it selects
//! (objects merge key by key, arrays are appended to, anything else is replaced) and `remove`
//! deletes them. An action whose target selects nothing is an error naming the overlay and the
//! action: after a version bump that is how a customization that no longer applies is noticed.
//! An update that adds only what the document already says is a warning instead: a fix the
//! vendor has since made upstream, to be deleted (it still applies, so the output is the same).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::Diagnostic;
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

/// What applying the overlays found about their actions.
#[derive(Debug, Default)]
pub struct Applied {
    /// Actions whose target matches nothing, each named by its overlay file, number and target:
    /// the caller reports them all once it knows the selection is otherwise sound, so that, say,
    /// a spec without the selected tag says that first.
    pub stale: Vec<String>,
    /// Updates that add nothing the document did not already say, located at their target.
    pub already_said: Vec<Diagnostic>,
}

/// Applies `overlays`, in order, to `document`. Actions whose target matches nothing are
/// skipped.
pub fn apply(document: &mut Value, overlays: &[Overlay]) -> Result<Applied, Error> {
    let mut applied = Applied::default();
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
            let name = format!("{}: action {}", overlay.path.display(), index + 1);
            if pointers.is_empty() {
                applied
                    .stale
                    .push(format!("{name} (target `{}`)", action.target));
                continue;
            }
            if let Some(update) = &action.update {
                let says = |pointer: &String| {
                    document
                        .pointer(pointer)
                        .is_some_and(|node| already_says(node, update))
                };
                if pointers.iter().all(says) {
                    applied.already_said.push(Diagnostic {
                        pointer: format!("#{}", pointers[0]),
                        message: format!(
                            "overlay {name} adds only what the description already says; delete the action"
                        ),
                    });
                }
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
    Ok(applied)
}

/// Whether `node` already says everything `update` would merge into it: every key of an object
/// (recursively), every item of an array, an equal value otherwise.
fn already_says(node: &Value, update: &Value) -> bool {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => update
            .iter()
            .all(|(key, value)| node.get(key).is_some_and(|node| already_says(node, value))),
        (Value::Array(node), Value::Array(update)) => update.iter().all(|item| node.contains(item)),
        (node, update) => node == update,
    }
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
        let applied = apply(&mut document, &[fix]).expect("applies");
        assert!(applied.stale.is_empty());
        assert!(applied.already_said.is_empty());
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
        let applied = apply(&mut document, &[fix]).expect("applies what it can");
        assert_eq!(document, json!({"a": 2}));
        assert_eq!(applied.stale, ["fix.yaml: action 2 (target `$.gone`)"]);
    }

    #[test]
    fn an_update_the_document_already_says_is_located_and_still_applied() {
        let mut document =
            json!({"s": {"enum": ["a", "b"], "type": "string"}, "t": {"enum": ["a"]}});
        let fix = overlay(json!([
            {"target": "$.s", "update": {"enum": ["b"], "type": "string"}},
            {"target": "$.*", "update": {"enum": ["b"]}}
        ]));
        let applied = apply(&mut document, &[fix]).expect("applies");
        let said: Vec<String> = applied
            .already_said
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            ["at #/s: overlay fix.yaml: action 1 adds only what the description already says; delete the action"]
        );
        assert_eq!(document["s"]["enum"], json!(["a", "b", "b", "b"]));
        assert_eq!(document["t"]["enum"], json!(["a", "b"]));
    }
}
