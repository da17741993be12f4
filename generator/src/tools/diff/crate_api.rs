//! The crate column: two lowered models compared as the generated crate exposes them. Items are
//! matched by their Rust names (after overrides), types by the Rust type a field, argument or
//! return value has, so the verdict follows the generator's own decisions.
//!
//! The semver rules follow what `emit` makes of the model. Structs are `#[non_exhaustive]`,
//! built with `new(required fields)` and a `with_` setter per optional field: a new optional
//! field is an addition, a new required one changes `new`. String enums, unions and `Region` are
//! `#[non_exhaustive]` with a catch-all: a new variant is an addition. A method takes its
//! required parameters as arguments and its optional ones as setters of its `Request`: a new
//! optional parameter is an addition, anything that changes the arguments is not.

use std::collections::{BTreeMap, BTreeSet};

use super::{CrateChange, Semver};
use crate::ir::{Api, Field, Ident, Operation, Presence, TypeDef, TypeKind};

/// Every difference of the public API between `old` and `new`.
pub(super) fn compare(old: &Api, new: &Api) -> Vec<CrateChange> {
    let mut changes = Changes::default();
    types(old, new, &mut changes);
    methods(old, new, &mut changes);
    let (old_error, new_error) = (error_body(old), error_body(new));
    if old_error != new_error {
        changes.push(
            "`ErrorBody`",
            format!("type `{old_error}` → `{new_error}`"),
            Semver::Major,
        );
    }
    let regions = |api: &Api| -> Members {
        api.servers
            .iter()
            .map(|s| {
                (
                    s.variant.to_string(),
                    Member::added_as(&s.url.template, Semver::Minor),
                )
            })
            .collect()
    };
    compare_members(
        &regions(old),
        &regions(new),
        "`Region`",
        "variant",
        &mut changes,
    );
    compare_members(
        &error_variants(old),
        &error_variants(new),
        "`Error`",
        "variant",
        &mut changes,
    );
    events(old, new, &mut changes);
    changes.0
}

/// The variants of the crate's `Error` that differ between APIs: one per documented client
/// error (a new one is an addition, as `Error` is `#[non_exhaustive]`; those statuses stop
/// arriving as `Error::Status`), and those of event streams and pages.
fn error_variants(api: &Api) -> Members {
    let statuses = api.error_statuses.iter().map(|status| {
        let shown = format!("status {}", status.code);
        (
            status.variant.to_string(),
            Member::added_as(&shown, Semver::Minor),
        )
    });
    let failures = api.failures().into_iter().map(|failure| {
        (
            failure.variant().to_owned(),
            Member::added_as("String", Semver::Minor),
        )
    });
    statuses.chain(failures).collect()
}

/// What the crate receives: a `Webhooks::verify_*` method per webhook and a `Client::*_stream`
/// method per event stream (each added is minor, removed or retyped major), and the signature
/// scheme they verify with (any change is major: signatures made the old way stop verifying,
/// or the new way do not).
fn events(old: &Api, new: &Api, changes: &mut Changes) {
    let verifiers = |api: &Api| -> Members {
        api.webhooks
            .iter()
            .map(|webhook| {
                let shown = webhook.body.rust_text(api);
                (
                    webhook.method_name.to_string(),
                    Member::added_as(&shown, Semver::Minor),
                )
            })
            .collect()
    };
    compare_members(
        &verifiers(old),
        &verifiers(new),
        "`Webhooks`",
        "method",
        changes,
    );
    let streams = |api: &Api| -> Members {
        api.event_streams
            .iter()
            .map(|stream| {
                let shown = stream.item.rust_text(api);
                (
                    stream.method_name.to_string(),
                    Member::added_as(&shown, Semver::Minor),
                )
            })
            .collect()
    };
    compare_members(
        &streams(old),
        &streams(new),
        "`Client`",
        "event stream",
        changes,
    );
    let scheme = |api: &Api| {
        api.webhook_signature.as_ref().map(|signature| {
            format!(
                "header `{}`, {:?} in {:?} after `{}`",
                signature.header, signature.algorithm, signature.encoding, signature.prefix
            )
        })
    };
    match (scheme(old), scheme(new)) {
        (Some(a), Some(b)) if a != b => changes.push(
            "`Webhooks`, signature scheme",
            format!("{a} → {b}"),
            Semver::Major,
        ),
        (Some(_), None) => changes.push("`Webhooks`", "removed", Semver::Major),
        (None, Some(_)) => changes.push("`Webhooks`", "added", Semver::Minor),
        _ => {}
    }
}

#[derive(Default)]
struct Changes(Vec<CrateChange>);

impl Changes {
    fn push(&mut self, item: impl Into<String>, what: impl Into<String>, semver: Semver) {
        self.0.push(CrateChange {
            item: item.into(),
            what: what.into(),
            semver,
        });
    }
}

/// A named member of an item (a field, a variant, a setter) as it shows in the public API, and
/// what adding it means.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    /// How it shows: its type or value, in code spans.
    shown: String,
    /// The impact of adding it.
    added: Semver,
}

impl Member {
    fn added_as(shown: &str, added: Semver) -> Member {
        Member {
            shown: format!("`{shown}`"),
            added,
        }
    }
}

type Members = BTreeMap<String, Member>;

/// The position of each item by its name.
fn by_name<T>(items: &[T], name: impl Fn(&T) -> &Ident) -> BTreeMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| (name(item).to_string(), index))
        .collect()
}

fn types(old: &Api, new: &Api, changes: &mut Changes) {
    let by_name = |api: &Api| by_name(&api.types, |t| &t.name);
    let (old_types, new_types) = (by_name(old), by_name(new));
    let names: BTreeSet<&String> = old_types.keys().chain(new_types.keys()).collect();
    for name in names {
        let item = format!("`types::{name}`");
        match (old_types.get(name), new_types.get(name)) {
            (None, Some(_)) => changes.push(item, "added", Semver::Minor),
            (Some(_), None) => changes.push(item, "removed", Semver::Major),
            (Some(&a), Some(&b)) => {
                type_def(old, &old.types[a], new, &new.types[b], &item, changes)
            }
            (None, None) => {}
        }
    }
}

fn type_def(
    old_api: &Api,
    old: &TypeDef,
    new_api: &Api,
    new: &TypeDef,
    item: &str,
    changes: &mut Changes,
) {
    let members = match (&old.kind, &new.kind) {
        (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) => {
            Some(("field", fields(old_api, a), fields(new_api, b)))
        }
        (TypeKind::Enum { variants: a, .. }, TypeKind::Enum { variants: b, .. }) => {
            let values = |variants: &[crate::ir::Variant]| -> Members {
                variants
                    .iter()
                    .map(|v| {
                        (
                            v.name.to_string(),
                            Member::added_as(&v.wire_name, Semver::Minor),
                        )
                    })
                    .collect()
            };
            Some(("variant", values(a), values(b)))
        }
        (TypeKind::Union { variants: a, .. }, TypeKind::Union { variants: b, .. }) => {
            let payloads = |api: &Api, variants: &[crate::ir::UnionVariant]| -> Members {
                variants
                    .iter()
                    .map(|v| {
                        let shown = v.ty.rust_text(api);
                        (v.name.to_string(), Member::added_as(&shown, Semver::Minor))
                    })
                    .collect()
            };
            Some(("variant", payloads(old_api, a), payloads(new_api, b)))
        }
        (TypeKind::Responses { variants: a }, TypeKind::Responses { variants: b }) => {
            // A status added to a non-exhaustive enum is an addition.
            let payloads = |api: &Api, variants: &[crate::ir::ResponseVariant]| -> Members {
                variants
                    .iter()
                    .map(|v| {
                        let shown = v
                            .payload
                            .as_ref()
                            .map_or_else(String::new, |payload| payload.ty.rust_text(api));
                        (v.name.to_string(), Member::added_as(&shown, Semver::Minor))
                    })
                    .collect()
            };
            Some(("variant", payloads(old_api, a), payloads(new_api, b)))
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            let (a, b) = (a.rust_text(old_api), b.rust_text(new_api));
            if a != b {
                changes.push(item, format!("alias of `{a}` → `{b}`"), Semver::Major);
            }
            None
        }
        (a, b) => {
            let what = format!("{} → {}", kind_word(a), kind_word(b));
            changes.push(item, what, Semver::Major);
            None
        }
    };
    if let Some((kind, old_members, new_members)) = members {
        compare_members(&old_members, &new_members, item, kind, changes);
    }
}

/// A struct's fields: optional ones are additions (a setter more); required ones change `new`.
fn fields(api: &Api, fields: &[Field]) -> Members {
    fields
        .iter()
        .map(|field| {
            let ty = field.ty.rust_text(api);
            let (shown, added) = match field.presence {
                Presence::Required => (format!("`{ty}`, required"), Semver::Major),
                Presence::RequiredNullable => (
                    format!("`Option<{ty}>`, required, sent as `null` when `None`"),
                    Semver::Major,
                ),
                Presence::Optional => (format!("`Option<{ty}>`"), Semver::Minor),
                Presence::Additional => {
                    (format!("`{ty}`, the undeclared properties"), Semver::Minor)
                }
            };
            (field.name.to_string(), Member { shown, added })
        })
        .collect()
}

/// Compares named members: an addition has the member's own impact; a removal or any change of
/// how it shows is major.
fn compare_members(old: &Members, new: &Members, item: &str, kind: &str, changes: &mut Changes) {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let member = format!("{item}, {kind} `{name}`");
        match (old.get(name), new.get(name)) {
            (None, Some(added)) => {
                changes.push(member, format!("added ({})", added.shown), added.added)
            }
            (Some(_), None) => changes.push(member, "removed", Semver::Major),
            (Some(a), Some(b)) if a.shown != b.shown => {
                changes.push(member, format!("{} → {}", a.shown, b.shown), Semver::Major)
            }
            _ => {}
        }
    }
}

fn methods(old: &Api, new: &Api, changes: &mut Changes) {
    let by_name = |api: &Api| by_name(&api.operations, |op| &op.method_name);
    let (old_methods, new_methods) = (by_name(old), by_name(new));
    let names: BTreeSet<&String> = old_methods.keys().chain(new_methods.keys()).collect();
    for name in names {
        let item = format!("`Client::{name}`");
        match (old_methods.get(name), new_methods.get(name)) {
            (None, Some(_)) => changes.push(item, "added", Semver::Minor),
            (Some(_), None) => changes.push(item, "removed", Semver::Major),
            (Some(&a), Some(&b)) => {
                let (a, b) = (&old.operations[a], &new.operations[b]);
                let (old_call, new_call) = (call(old, a), call(new, b));
                if old_call != new_call {
                    changes.push(
                        &item,
                        format!("signature `{old_call}` → `{new_call}`"),
                        Semver::Major,
                    );
                }
                let setters = |api: &Api, op: &Operation| -> Members {
                    optional(api, op)
                        .into_iter()
                        .map(|(name, ty)| (name, Member::added_as(&ty, Semver::Minor)))
                        .collect()
                };
                compare_members(
                    &setters(old, a),
                    &setters(new, b),
                    &item,
                    "optional parameter",
                    changes,
                );
            }
            (None, None) => {}
        }
    }
}

/// A method's required arguments and return type, as the crate shows them.
fn call(api: &Api, op: &Operation) -> String {
    let mut arguments: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.name, p.ty.rust_text(api)))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|body| body.required) {
        arguments.push(format!("body: &{}", body.ty.rust_text(api)));
    }
    let output = op
        .success
        .type_ref()
        .map_or_else(|| "()".to_owned(), |ty| ty.rust_text(api));
    format!("({}) -> {output}", arguments.join(", "))
}

/// The setters of a method's `Request`: its optional parameters and optional body, with types.
fn optional(api: &Api, op: &Operation) -> Vec<(String, String)> {
    let parameters = op
        .parameters
        .iter()
        .filter(|p| !p.required)
        .map(|p| (p.name.to_string(), p.ty.rust_text(api)));
    let body = op
        .body
        .iter()
        .filter(|body| !body.required)
        .map(|body| ("body".to_owned(), body.ty.rust_text(api)));
    parameters.chain(body).collect()
}

fn error_body(api: &Api) -> String {
    api.error_body
        .as_ref()
        .map_or_else(|| "serde_json::Value".to_owned(), |ty| ty.rust_text(api))
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Union { .. } => "union enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Responses { .. } => "responses enum",
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use crate::lower::model;

    /// The crate changes from the spec `old` to `new`, as `item: what (semver)` lines.
    fn changes(old: &str, new: &str) -> Vec<String> {
        compare(&model(old), &model(new))
            .into_iter()
            .map(|change| format!("{}: {} ({:?})", change.item, change.what, change.semver))
            .collect()
    }

    /// A shop with one operation, `getItem`, and one schema, `Item`, in which `{params}`,
    /// `{required}`, `{properties}` and `{kinds}` are filled in.
    fn shop(params: &str, required: &str, properties: &str, kinds: &str) -> String {
        format!(
            r#"
openapi: 3.0.3
info: {{title: Shop, version: '1'}}
paths:
  /items/{{id}}:
    get:
      operationId: getItem
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
{params}
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Item'}}
components:
  schemas:
    Item:
      type: object
      required: [id{required}]
      properties:
        id: {{type: string}}
        kind: {{$ref: '#/components/schemas/Kind'}}
{properties}
    Kind: {{type: string, enum: [book{kinds}]}}
"#
        )
    }

    #[test]
    fn the_same_description_changes_nothing() {
        let text = shop("", "", "", "");
        assert!(changes(&text, &text).is_empty());
    }

    /// Structs are built with `new(required fields)` and a setter per optional field.
    #[test]
    fn a_new_optional_field_is_minor_and_a_new_required_one_major() {
        let old = shop("", "", "", "");
        let optional = shop("", "", "        note: {type: string}", "");
        assert_eq!(
            changes(&old, &optional),
            ["`types::Item`, field `note`: added (`Option<String>`) (Minor)"]
        );
        let required = shop("", ", note", "        note: {type: string}", "");
        assert_eq!(
            changes(&old, &required),
            ["`types::Item`, field `note`: added (`String`, required) (Major)"]
        );
        assert_eq!(
            changes(&optional, &old),
            ["`types::Item`, field `note`: removed (Major)"]
        );
    }

    #[test]
    fn a_field_of_another_type_is_major() {
        let old = shop("", "", "        note: {type: string}", "");
        let new = shop("", "", "        note: {type: integer}", "");
        assert_eq!(
            changes(&old, &new),
            ["`types::Item`, field `note`: `Option<String>` → `Option<i64>` (Major)"]
        );
    }

    /// String enums are `#[non_exhaustive]` with a catch-all variant.
    #[test]
    fn a_new_enum_variant_is_minor_and_a_removed_one_major() {
        let old = shop("", "", "", "");
        let new = shop("", "", "", ", film");
        assert_eq!(
            changes(&old, &new),
            ["`types::Kind`, variant `Film`: added (`film`) (Minor)"]
        );
        assert_eq!(
            changes(&new, &old),
            ["`types::Kind`, variant `Film`: removed (Major)"]
        );
    }

    /// `Error` is `#[non_exhaustive]`, with a variant per documented client error.
    #[test]
    fn a_newly_documented_client_error_is_a_minor_variant_and_a_forgotten_one_major() {
        let old = shop("", "", "", "");
        let conflict = "      responses:\n        '409': {description: Taken.}\n";
        let new = old.replacen("      responses:\n", conflict, 1);
        assert_eq!(
            changes(&old, &new),
            ["`Error`, variant `Conflict`: added (`status 409`) (Minor)"]
        );
        assert_eq!(
            changes(&new, &old),
            ["`Error`, variant `Conflict`: removed (Major)"]
        );
    }

    /// Optional parameters are setters of the method's `Request`; required ones arguments.
    #[test]
    fn a_new_optional_parameter_is_minor_and_a_new_required_one_major() {
        let old = shop("", "", "", "");
        let optional = shop(
            "        - {name: expand, in: query, schema: {type: boolean}}",
            "",
            "",
            "",
        );
        let required = shop(
            "        - {name: expand, in: query, required: true, schema: {type: boolean}}",
            "",
            "",
            "",
        );
        let optional_changes = changes(&old, &optional);
        assert_eq!(optional_changes.len(), 1, "{optional_changes:?}");
        assert!(
            optional_changes[0].ends_with("(Minor)"),
            "{optional_changes:?}"
        );
        let required_changes = changes(&old, &required);
        assert_eq!(required_changes.len(), 1, "{required_changes:?}");
        assert!(
            required_changes[0].ends_with("(Major)"),
            "{required_changes:?}"
        );
    }
}
