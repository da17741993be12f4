//! The crate column: two lowered models compared as the generated crate exposes them. Items are
//! matched by their Rust names (after overrides), types by the Rust type a field, argument or
//! return value has, so the verdict follows the generator's own decisions.
//!
//! The semver rules follow what `emit` makes of the model: structs have public fields and can
//! be built with struct literals (any new field breaks them); string enums are
//! `#[non_exhaustive]` with a catch-all (a new value is an addition); unions are exhaustive
//! enums (a new alternative breaks a `match`); `Region` is exhaustive; every parameter is a
//! positional argument of its method.

use std::collections::{BTreeMap, BTreeSet};

use super::{CrateChange, Semver};
use crate::ir::{
    Api, Ident, Operation, Presence, TypeDef, TypeKind, TypeRef, UnionVariant, Variant,
};

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
    let regions = |api: &Api| -> BTreeSet<String> {
        api.servers.iter().map(|s| s.variant.to_string()).collect()
    };
    let (old_regions, new_regions) = (regions(old), regions(new));
    for added in new_regions.difference(&old_regions) {
        changes.push(format!("`Region::{added}`"), "added", Semver::Major);
    }
    for removed in old_regions.difference(&new_regions) {
        changes.push(format!("`Region::{removed}`"), "removed", Semver::Major);
    }
    changes.0
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
    match (&old.kind, &new.kind) {
        (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) => {
            let field_type = |api: &Api, f: &crate::ir::Field| field_text(api, &f.ty, f.presence);
            let old_fields: BTreeMap<&str, String> = a
                .iter()
                .map(|f| (f.name.as_str(), field_type(old_api, f)))
                .collect();
            let new_fields: BTreeMap<&str, String> = b
                .iter()
                .map(|f| (f.name.as_str(), field_type(new_api, f)))
                .collect();
            compare_members(
                &old_fields,
                &new_fields,
                item,
                "field",
                Semver::Major,
                changes,
            );
        }
        (TypeKind::Enum { variants: a, .. }, TypeKind::Enum { variants: b, .. }) => {
            compare_members(
                &values(a),
                &values(b),
                item,
                "variant",
                Semver::Minor,
                changes,
            );
        }
        (TypeKind::Union { variants: a, .. }, TypeKind::Union { variants: b, .. }) => {
            compare_members(
                &payloads(old_api, a),
                &payloads(new_api, b),
                item,
                "variant",
                Semver::Major,
                changes,
            );
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            let (a, b) = (type_text(old_api, a), type_text(new_api, b));
            if a != b {
                changes.push(item, format!("alias of `{a}` → `{b}`"), Semver::Major);
            }
        }
        (a, b) => changes.push(
            item,
            format!("{} → {}", kind_word(a), kind_word(b)),
            Semver::Major,
        ),
    }
}

/// A string enum's variants with the value each stands for.
fn values(variants: &[Variant]) -> BTreeMap<&str, String> {
    variants
        .iter()
        .map(|v| (v.name.as_str(), format!("`{}`", v.wire_name)))
        .collect()
}

/// A union's variants with their payload types.
fn payloads<'v>(api: &Api, variants: &'v [UnionVariant]) -> BTreeMap<&'v str, String> {
    variants
        .iter()
        .map(|v| (v.name.as_str(), format!("`{}`", type_text(api, &v.ty))))
        .collect()
}

/// Compares named members (fields, variants) whose rendering is their type or value: a removal
/// or a changed type is major, an addition is `added`.
fn compare_members(
    old: &BTreeMap<&str, String>,
    new: &BTreeMap<&str, String>,
    item: &str,
    kind: &str,
    added: Semver,
    changes: &mut Changes,
) {
    let names: BTreeSet<&&str> = old.keys().chain(new.keys()).collect();
    for name in names {
        let member = format!("{item}, {kind} `{name}`");
        match (old.get(*name), new.get(*name)) {
            (None, Some(ty)) => changes.push(member, format!("added ({ty})"), added),
            (Some(_), None) => changes.push(member, "removed", Semver::Major),
            (Some(a), Some(b)) if a != b => {
                changes.push(member, format!("{a} → {b}"), Semver::Major)
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
                let (old_signature, new_signature) = (signature(old, a), signature(new, b));
                if old_signature != new_signature {
                    changes.push(
                        item,
                        format!("signature `{old_signature}` → `{new_signature}`"),
                        Semver::Major,
                    );
                }
            }
            (None, None) => {}
        }
    }
}

/// A method's arguments and return type, as the crate shows them.
fn signature(api: &Api, op: &Operation) -> String {
    let mut arguments: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let ty = type_text(api, &p.ty);
            if p.required {
                format!("{}: {ty}", p.name)
            } else {
                format!("{}: Option<{ty}>", p.name)
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = type_text(api, &body.ty);
        arguments.push(if body.required {
            format!("body: &{ty}")
        } else {
            format!("body: Option<&{ty}>")
        });
    }
    let output = op
        .success
        .as_ref()
        .map_or_else(|| "()".to_owned(), |ty| type_text(api, ty));
    format!("({}) -> {output}", arguments.join(", "))
}

fn error_body(api: &Api) -> String {
    api.error_body
        .as_ref()
        .map_or_else(|| "serde_json::Value".to_owned(), |ty| type_text(api, ty))
}

fn field_text(api: &Api, ty: &TypeRef, presence: Presence) -> String {
    let ty = type_text(api, ty);
    match presence {
        Presence::Required | Presence::Additional => format!("`{ty}`"),
        Presence::RequiredNullable => format!("`Option<{ty}>`, sent as `null` when `None`"),
        Presence::Optional => format!("`Option<{ty}>`"),
    }
}

/// The Rust type `ty` stands for, by name.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Named(id) => api.type_def(*id).name.to_string(),
        TypeRef::Vec(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", type_text(api, inner)),
        TypeRef::External(path) => path.clone(),
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Union { .. } => "union enum",
        TypeKind::Alias(_) => "type alias",
    }
}
