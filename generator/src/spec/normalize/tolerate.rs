//! What real descriptions write loosely but unambiguously, read as meant (each with a warning
//! at the value):
//!
//! - a security requirement whose scopes are `null` instead of `[]` (Square's): no scopes;
//! - a media type that is a `$ref` to `#/components/mediaTypes/…` (OpenAPI 3.2's reusable
//!   media types, which a bundler wrote into 3.0 documents too): the media type it names;
//! - an operation without `responses` (optional since 3.1): none documented;
//! - a callback that is a `$ref` to `#/components/callbacks/…` (which the typed model does not
//!   follow there): the callback it names.

use serde_json::Value;

use super::walk::{each_at, each_object};
use super::{refs, Version};
use crate::error::Diagnostic;
use crate::spec::Pointer;

/// Where security requirements are.
const REQUIREMENTS: &[&[&str]] = &[&["security", "*"], &["paths", "*", "*", "security", "*"]];

pub(super) fn loose_habits(document: &mut Value, version: Version, warnings: &mut Vec<Diagnostic>) {
    for path in REQUIREMENTS {
        each_at(document, path, Pointer::root(), &mut |requirement, at| {
            for (scheme, scopes) in requirement.iter_mut() {
                if scopes.is_null() {
                    *scopes = Value::Array(Vec::new());
                    warnings.push(Diagnostic {
                        pointer: at.join(scheme).to_string(),
                        message: "the scopes of a security requirement are `null`; read as no scopes (`[]`)".into(),
                    });
                }
            }
        });
    }
    media_type_references(document, version, warnings);
    let mut operations = |operation: &mut serde_json::Map<String, Value>, at: &Pointer| {
        let is_operation = at
            .segments()
            .last()
            .is_some_and(|method| METHODS.contains(&method.as_str()));
        if is_operation && !operation.contains_key("responses") {
            operation.insert("responses".into(), Value::Object(serde_json::Map::new()));
            if version < Version::V31 {
                warnings.push(Diagnostic {
                    pointer: at.to_string(),
                    message: "the operation has no `responses` (required before OpenAPI 3.1); none are documented".into(),
                });
            }
        }
    };
    for items in ["paths", crate::spec::WEBHOOKS_EXTENSION] {
        each_at(
            document,
            &[items, "*", "*"],
            Pointer::root(),
            &mut operations,
        );
    }
    let source = document.clone();
    if let Some(paths) = document.get_mut("paths") {
        refs::inline(paths, &source, "#/components/callbacks/");
    }
}

/// The methods of a 3.0 Path Item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Inlines `#/components/mediaTypes` references where a media type is expected.
fn media_type_references(document: &mut Value, version: Version, warnings: &mut Vec<Diagnostic>) {
    const PREFIX: &str = "#/components/mediaTypes/";
    let has_references = document
        .pointer("/components/mediaTypes")
        .is_some_and(|media_types| media_types.as_object().is_some_and(|m| !m.is_empty()));
    if !has_references {
        return;
    }
    let source = document.clone();
    let mut found = Vec::new();
    each_object(document, &Pointer::root(), &mut |object, at| {
        let Some(Value::Object(content)) = object.get_mut("content") else {
            return;
        };
        for (media_type, media) in content.iter_mut() {
            let named = media
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|reference| reference.starts_with(PREFIX));
            if named {
                refs::inline(media, &source, PREFIX);
                found.push(at.join("content").join(media_type));
            }
        }
    });
    if version < Version::V32 {
        warnings.extend(found.into_iter().map(|at| Diagnostic {
            pointer: at.to_string(),
            message: "a media type that is a `$ref` to `#/components/mediaTypes` (OpenAPI 3.2's reusable media types) is read as the media type it names".into(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{loose_habits, Version};

    #[test]
    fn null_scopes_are_no_scopes_with_a_warning_at_the_value() {
        let mut document =
            json!({"paths": {"/oauth2/revoke": {"post": {"security": [{"oauth2": null}]}}}});
        let mut warnings = Vec::new();
        loose_habits(&mut document, Version::V30, &mut warnings);
        assert_eq!(
            document["paths"]["/oauth2/revoke"]["post"]["security"],
            json!([{"oauth2": []}])
        );
        assert_eq!(
            warnings[0].pointer,
            "#/paths/~1oauth2~1revoke/post/security/0/oauth2"
        );
    }

    #[test]
    fn reusable_media_types_are_read_where_they_are_used() {
        let document = json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {
                "application/json": {"$ref": "#/components/mediaTypes/Pet"}
            }}, "responses": {}}}},
            "components": {"mediaTypes": {"Pet": {"schema": {"type": "object"}}}}
        });
        for (version, warned) in [(Version::V30, true), (Version::V32, false)] {
            let mut read = document.clone();
            let mut warnings = Vec::new();
            loose_habits(&mut read, version, &mut warnings);
            assert_eq!(
                read["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"],
                json!({"schema": {"type": "object"}})
            );
            // 3.2 has reusable media types; in an earlier version they are a habit.
            assert_eq!(warnings.len(), usize::from(warned), "{version:?}");
            if warned {
                assert_eq!(
                    warnings[0].pointer,
                    "#/paths/~1a/post/requestBody/content/application~1json"
                );
            }
        }
    }
}
