//! `$ref`s the rules move things under: renamed when their target moves, or replaced by their
//! target where the typed model has no place for it.

use serde_json::Value;

use super::walk::each_object;
use crate::error::Diagnostic;
use crate::spec::resolve::external_reference;

/// Rewrites every `$ref` of `node` that starts with an `old` prefix of `moves` (a whole pointer
/// segment) to start with its `new` one instead. Example data is left alone.
pub(super) fn rename(node: &mut Value, moves: &[(String, String)]) {
    each_object(node, &mut |object, _| {
        if let Some(Value::String(reference)) = object.get_mut("$ref") {
            if let Some(renamed) = renamed(reference, moves) {
                *reference = renamed;
            }
        }
    });
}

fn renamed(reference: &str, moves: &[(String, String)]) -> Option<String> {
    moves.iter().find_map(|(old, new)| {
        let rest = reference.strip_prefix(old.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{new}{rest}"))
    })
}

/// Every `$ref` of `document` to another document, with why it cannot be read: the typed
/// model would otherwise fail on the first one where a reference cannot stand (a whole
/// `components.parameters` that is one, as SendGrid's is), and say less.
pub(super) fn external(document: &mut Value, found: &mut Vec<Diagnostic>) {
    each_object(document, &mut |object, at| {
        if let Some(Value::String(reference)) = object.get("$ref") {
            if !reference.starts_with('#') {
                found.push(Diagnostic {
                    pointer: at.to_string(),
                    message: external_reference(reference),
                });
            }
        }
    });
}

/// Replaces every `{$ref: <prefix>…}` object of `node` by a copy of what it points at in
/// `document` (followed again if that is a reference too), so that components of a kind the
/// typed model lacks (`components.pathItems` before 3.1 was typed, `components.mediaTypes`)
/// are read where they are used. A reference that leads nowhere is left for the resolver to
/// report.
pub(super) fn inline(node: &mut Value, document: &Value, prefix: &str) {
    each_object(node, &mut |object, _| {
        let target = object
            .get("$ref")
            .and_then(Value::as_str)
            .filter(|reference| reference.starts_with(prefix))
            .and_then(|reference| resolve(document, reference, 0));
        if let Some(Value::Object(target)) = target {
            *object = target;
        }
    });
}

/// Whether `document` has components under `prefix` (`#/components/callbacks/`): only then can
/// [`inline`] find anything, so only then is the copy it reads from worth taking.
pub(super) fn has_components(document: &Value, prefix: &str) -> bool {
    let location = prefix.trim_start_matches('#').trim_end_matches('/');
    document
        .pointer(location)
        .and_then(Value::as_object)
        .is_some_and(|components| !components.is_empty())
}

/// The value `reference` (`#/a/b`) points at, references followed (at most a few deep;
/// `depth` 0 at the first call).
pub(super) fn resolve(document: &Value, reference: &str, depth: usize) -> Option<Value> {
    let target = document.pointer(reference.strip_prefix('#')?)?;
    match target.get("$ref").and_then(Value::as_str) {
        Some(next) if depth < 8 => resolve(document, next, depth + 1),
        Some(_) => None,
        None => Some(target.clone()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{inline, rename};

    #[test]
    fn references_follow_what_moved_whole_segments_only() {
        let mut document = json!({
            "a": {"$ref": "#/definitions/Pet"},
            "b": {"$ref": "#/definitions/PetOwner/properties/x"},
            "c": {"$ref": "#/definitionsExtra/Pet"},
            "example": {"$ref": "#/definitions/Pet"},
            "properties": {"example": {"$ref": "#/definitions/Json"}}
        });
        rename(
            &mut document,
            &[("#/definitions".into(), "#/components/schemas".into())],
        );
        assert_eq!(
            document,
            json!({
                "a": {"$ref": "#/components/schemas/Pet"},
                "b": {"$ref": "#/components/schemas/PetOwner/properties/x"},
                "c": {"$ref": "#/definitionsExtra/Pet"},
                // Example data is left alone; a property named `example` is not data.
                "example": {"$ref": "#/definitions/Pet"},
                "properties": {"example": {"$ref": "#/components/schemas/Json"}}
            })
        );
    }

    #[test]
    fn inlined_references_are_replaced_by_their_target() {
        let source = json!({"components": {"mediaTypes": {
            "Json": {"$ref": "#/components/mediaTypes/Real"},
            "Real": {"schema": {"type": "string"}}
        }}});
        let mut node =
            json!({"content": {"application/json": {"$ref": "#/components/mediaTypes/Json"}}});
        inline(&mut node, &source, "#/components/mediaTypes/");
        assert_eq!(
            node,
            json!({"content": {"application/json": {"schema": {"type": "string"}}}})
        );
    }
}
