//! What real descriptions write loosely but unambiguously, read as meant (each with a warning
//! at the value):
//!
//! - a security requirement whose scopes are `null` instead of `[]` (Square's): no scopes;
//! - a media type that is a `$ref` to `#/components/mediaTypes/…` (OpenAPI 3.2's reusable
//!   media types, which a bundler wrote into 3.0 documents too): the media type it names;
//! - a `content` that is such a `$ref` naming a map of media types (Lob's bundle, valid in no
//!   version): those media types;
//! - an `info` without its required `version` (Vikunja's): an empty one, the version unknown;
//! - extensions of the webhooks map (Apideck's `x-sdk-exclude: true` beside its webhooks): like
//!   the extensions of `paths`, not entries (no warning, as extensions are read nowhere else).
//! - an operation without `responses` (optional since 3.1): none documented;
//! - a callback that is a `$ref` to `#/components/callbacks/…` (which the typed model does not
//!   follow there): the callback it names;
//! - a schema that is a `$ref` to a response (`#/components/responses/…`, Supabase's) whose
//!   content has one schema: that schema;
//! - an `operationId` used again (Temporal's, where two paths reach one RPC): the later ones
//!   are numbered (`Name_2`), so that each operation has a method and an id of its own.

use serde_json::Value;

use super::walk::{each_at, each_object, each_schema, At};
use super::{refs, Version};
use crate::error::Diagnostic;

/// Where security requirements are.
const REQUIREMENTS: &[&[&str]] = &[&["security", "*"], &["paths", "*", "*", "security", "*"]];

pub(super) fn loose_habits(document: &mut Value, version: Version, warnings: &mut Vec<Diagnostic>) {
    for path in REQUIREMENTS {
        each_at(document, path, &mut |requirement, at| {
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
    missing_info_version(document, warnings);
    if let Some(Value::Object(webhooks)) = document.get_mut(crate::spec::WEBHOOKS_EXTENSION) {
        webhooks.retain(|name, _| !name.starts_with("x-"));
    }
    media_type_references(document, version, warnings);
    schemas_naming_responses(document, warnings);
    duplicate_operation_ids(document, warnings);
    let mut operations = |operation: &mut serde_json::Map<String, Value>, at: &At<'_>| {
        let is_operation = at
            .last_key()
            .is_some_and(|method| METHODS.contains(&method));
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
        each_at(document, &[items, "*", "*"], &mut operations);
    }
    const CALLBACKS: &str = "#/components/callbacks/";
    if refs::has_components(document, CALLBACKS) {
        let source = document.clone();
        if let Some(paths) = document.get_mut("paths") {
            refs::inline(paths, &source, CALLBACKS);
        }
    }
}

/// A schema `$ref` to a response whose media types have one schema among them: that schema.
fn schemas_naming_responses(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    const PREFIX: &str = "#/components/responses/";
    let Some(Value::Object(responses)) = document.pointer("/components/responses").cloned() else {
        return;
    };
    each_schema(document, &mut |schema, at| {
        let Some(Value::String(reference)) = schema.get("$ref") else {
            return;
        };
        let Some(name) = reference.strip_prefix(PREFIX) else {
            return;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let Some(Value::Object(content)) = responses.get(&name).and_then(|r| r.get("content"))
        else {
            return;
        };
        let mut schemas: Vec<&Value> = content
            .values()
            .filter_map(|media| media.get("schema"))
            .collect();
        schemas.dedup();
        if let [Value::Object(only)] = schemas.as_slice() {
            warnings.push(Diagnostic {
                pointer: at.join("$ref").to_string(),
                message: format!("`$ref: {reference}` names a response where a schema is expected; read as the schema of that response's content"),
            });
            *schema = only.clone();
        }
    });
}

/// Numbers the later operations that reuse an `operationId`.
fn duplicate_operation_ids(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut ids: Vec<Option<String>> = Vec::new();
    let mut collect = |operation: &mut serde_json::Map<String, Value>, _: &At<'_>| {
        ids.push(
            operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned),
        );
    };
    for path in OPERATION_PLACES {
        each_at(document, path, &mut collect);
    }
    let mut taken: std::collections::HashSet<String> = ids.iter().flatten().cloned().collect();
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut renumber = |operation: &mut serde_json::Map<String, Value>, at: &At<'_>| {
        let Some(id) = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return;
        };
        let Some(original) = first.get(&id) else {
            first.insert(id, at.to_string());
            return;
        };
        let mut number = 2;
        let renamed = loop {
            let candidate = format!("{id}_{number}");
            if !taken.contains(&candidate) {
                break candidate;
            }
            number += 1;
        };
        warnings.push(Diagnostic {
            pointer: at.join("operationId").to_string(),
            message: format!("operationId `{id}` is used already, at {original}; this operation's is `{renamed}`"),
        });
        taken.insert(renamed.clone());
        operation.insert("operationId".into(), Value::String(renamed));
    };
    for path in OPERATION_PLACES {
        each_at(document, path, &mut renumber);
    }
}

/// Where operations are: a path item's methods (every key is visited; only operations have an
/// `operationId`), and its methods of 3.2 beyond 3.0's.
const OPERATION_PLACES: &[&[&str]] = &[
    &["paths", "*", "*"],
    &["paths", "*", super::OPERATIONS_EXTENSION, "*"],
    &[crate::spec::WEBHOOKS_EXTENSION, "*", "*"],
];

/// The methods of a 3.0 Path Item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An empty `info.version` where there is none (it is required), with a warning.
fn missing_info_version(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Object(info)) = document.get_mut("info") else {
        return;
    };
    if !info.contains_key("version") {
        info.insert("version".into(), Value::String(String::new()));
        warnings.push(Diagnostic {
            pointer: "#/info".into(),
            message: "`info` has no `version` (it is required); the API's version is unknown"
                .into(),
        });
    }
}

/// Where reusable media types are.
const MEDIA_TYPES: &str = "#/components/mediaTypes/";

/// Inlines `#/components/mediaTypes` references where a media type is expected, and where a
/// whole `content` is expected if they name a map of media types.
fn media_type_references(document: &mut Value, version: Version, warnings: &mut Vec<Diagnostic>) {
    let has_references = document
        .pointer("/components/mediaTypes")
        .is_some_and(|media_types| media_types.as_object().is_some_and(|m| !m.is_empty()));
    if !has_references {
        return;
    }
    let source = document.clone();
    let mut found = Vec::new();
    let mut whole = Vec::new();
    each_object(document, &mut |object, at| {
        let Some(content) = object.get_mut("content") else {
            return;
        };
        let inlined_whole = match named_media_types(content, &source) {
            Some(media_types) => {
                *content = media_types;
                whole.push(at.join("content"));
                true
            }
            None => false,
        };
        let Value::Object(content) = content else {
            return;
        };
        for (media_type, media) in content.iter_mut() {
            let named = media
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|reference| reference.starts_with(MEDIA_TYPES));
            if named {
                refs::inline(media, &source, MEDIA_TYPES);
                // The content's own warning covers what it names.
                if !inlined_whole {
                    found.push(at.join("content").join(media_type));
                }
            }
        }
    });
    if version < Version::V32 {
        warnings.extend(found.into_iter().map(|at| Diagnostic {
            pointer: at.to_string(),
            message: "a media type that is a `$ref` to `#/components/mediaTypes` (OpenAPI 3.2's reusable media types) is read as the media type it names".into(),
        }));
    }
    warnings.extend(whole.into_iter().map(|at| Diagnostic {
        pointer: at.to_string(),
        message: "the content is a `$ref` to `#/components/mediaTypes`, which no OpenAPI version allows; it names a map of media types, read as this content".into(),
    }));
}

/// What `content` names when it is a `$ref` to `#/components/mediaTypes/…` and what it names is
/// a map of media types (`{"application/json": {…}}`), not a media type.
fn named_media_types(content: &Value, document: &Value) -> Option<Value> {
    let reference = content
        .get("$ref")?
        .as_str()
        .filter(|reference| reference.starts_with(MEDIA_TYPES))?;
    let target = refs::resolve(document, reference, 0)?;
    let is_map_of_media_types = target
        .as_object()
        .is_some_and(|map| !map.is_empty() && map.keys().all(|key| key.contains('/')));
    is_map_of_media_types.then_some(target)
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

    /// Supabase's error responses name a response where a schema belongs.
    #[test]
    fn a_schema_naming_a_response_is_the_schema_of_its_content() {
        let mut document = json!({
            "paths": {"/user": {"delete": {"responses": {"401": {"description": "no", "content": {
                "application/json": {"schema": {"$ref": "#/components/responses/Unauthorized"}}
            }}}}}},
            "components": {"responses": {"Unauthorized": {"description": "no", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }}}}
        });
        let mut warnings = Vec::new();
        loose_habits(&mut document, Version::V30, &mut warnings);
        assert_eq!(
            document["paths"]["/user"]["delete"]["responses"]["401"]["content"]["application/json"]
                ["schema"],
            json!({"$ref": "#/components/schemas/Error"})
        );
        assert_eq!(
            warnings[0].pointer,
            "#/paths/~1user/delete/responses/401/content/application~1json/schema/$ref"
        );
    }

    /// Temporal's: two paths to one RPC, each with its id.
    #[test]
    fn a_reused_operation_id_is_numbered_with_a_warning() {
        let mut document = json!({"paths": {
            "/a/{id}/complete": {"post": {"operationId": "Complete", "responses": {}}},
            "/b/{id}/complete": {"post": {"operationId": "Complete", "responses": {}}},
            "/c/{id}/complete": {"post": {"operationId": "Complete", "responses": {}},
                                 "get": {"operationId": "Complete_2", "responses": {}}}
        }});
        let mut warnings = Vec::new();
        loose_habits(&mut document, Version::V30, &mut warnings);
        let id = |path: &str, method: &str| document["paths"][path][method]["operationId"].clone();
        assert_eq!(id("/a/{id}/complete", "post"), "Complete");
        assert_eq!(id("/b/{id}/complete", "post"), "Complete_3");
        assert_eq!(id("/c/{id}/complete", "post"), "Complete_4");
        assert_eq!(id("/c/{id}/complete", "get"), "Complete_2");
        assert_eq!(
            warnings[0].message,
            "operationId `Complete` is used already, at #/paths/~1a~1{id}~1complete/post; this operation's is `Complete_3`"
        );
        assert_eq!(
            warnings[0].pointer,
            "#/paths/~1b~1{id}~1complete/post/operationId"
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

    /// Lob's bundle: a whole `content` named, the media types it names named again.
    #[test]
    fn a_content_naming_a_map_of_media_types_is_that_map() {
        let mut document = json!({
            "paths": {"/accounts": {"get": {"responses": {"200": {"description": "ok",
                "content": {"$ref": "#/components/mediaTypes/balance"}
            }}}}},
            "components": {"mediaTypes": {
                "balance": {"application/json": {"$ref": "#/components/mediaTypes/json"}},
                "json": {"schema": {"type": "object"}},
                "one": {"schema": {"type": "string"}}
            }},
            "x-other": {"content": {"$ref": "#/components/mediaTypes/one"}}
        });
        let mut warnings = Vec::new();
        loose_habits(&mut document, Version::V30, &mut warnings);
        assert_eq!(
            document["paths"]["/accounts"]["get"]["responses"]["200"]["content"],
            json!({"application/json": {"schema": {"type": "object"}}})
        );
        // A reference to one media type where a map of them belongs is not guessed at.
        assert_eq!(
            document["x-other"]["content"],
            json!({"$ref": "#/components/mediaTypes/one"})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1accounts/get/responses/200/content"]);
    }

    /// Vikunja's `info` has a title and no version.
    #[test]
    fn a_missing_info_version_is_empty_with_a_warning() {
        let mut document = json!({"info": {"title": "Vikunja API"}, "paths": {}});
        let mut warnings = Vec::new();
        loose_habits(&mut document, Version::Swagger2, &mut warnings);
        assert_eq!(
            document["info"],
            json!({"title": "Vikunja API", "version": ""})
        );
        assert_eq!(warnings[0].pointer, "#/info");
        let mut versioned = json!({"info": {"title": "t", "version": "1"}});
        let mut none = Vec::new();
        loose_habits(&mut versioned, Version::V30, &mut none);
        assert!(none.is_empty());
    }

    /// Apideck's `x-webhooks` has extensions of its own beside the webhooks.
    #[test]
    fn the_extensions_of_the_webhooks_map_are_not_webhooks() {
        let mut document = json!({"x-webhooks": {
            "x-sdk-exclude": true,
            "CustomerCreated": {"post": {"responses": {}}}
        }});
        loose_habits(&mut document, Version::V30, &mut Vec::new());
        assert_eq!(
            document["x-webhooks"],
            json!({"CustomerCreated": {"post": {"responses": {}}}})
        );
    }
}
