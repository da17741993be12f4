//! The user's overrides from `codegen.toml`, applied to the finished model: renames of types,
//! fields, variants and methods, extra derives, fields made optional, and a check that every
//! format mapping was used. Every override must
//! match a name the generated crate has; all that do not are reported at once, each with the
//! closest names that exist, so a spec update that removes a target fails loudly.

use std::collections::BTreeSet;

use crate::config::{Config, Overrides};
use crate::ir::{Api, Ident, Presence, TypeKind};
use crate::suggest::closest;

/// Applies `config.overrides` to `api`; `used_formats` are the mapped Rust types some schema
/// used (lowering applied the format mappings as it converted schemas). Returns every override
/// that matches nothing or asks for something impossible, each in words; those that apply are
/// applied.
pub(crate) fn apply(
    api: &mut Api,
    config: &Config,
    used_formats: &BTreeSet<String>,
) -> Vec<String> {
    let overrides = &config.overrides;
    let mut problems = Vec::new();
    formats(overrides, used_formats, &mut problems);
    // Keys name the generated names, so types are renamed after their fields and variants.
    fields(api, overrides, &mut problems);
    variants(api, overrides, &mut problems);
    methods(api, overrides, &mut problems);
    types(api, overrides, &mut problems);
    problems
}

fn formats(overrides: &Overrides, used: &BTreeSet<String>, problems: &mut Vec<String>) {
    for (format, mapped) in &overrides.formats {
        if syn::parse_str::<syn::Type>(&mapped.rust_type).is_err() {
            problems.push(format!(
                "format `{format}`: `{}` is not a Rust type",
                mapped.rust_type
            ));
        } else if !used.contains(&mapped.rust_type) {
            problems.push(format!(
                "no string schema of the selection has the format `{format}`"
            ));
        }
    }
}

fn types(api: &mut Api, overrides: &Overrides, problems: &mut Vec<String>) {
    for (name, change) in &overrides.types {
        let Some(index) = api.types.iter().position(|t| t.name.as_str() == name) else {
            let names = api.types.iter().map(|t| t.name.as_str());
            problems.push(missing("type", name, names));
            continue;
        };
        for derive in &change.derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                problems.push(format!(
                    "type `{name}`: derive `{derive}` is not a Rust path"
                ));
            }
        }
        api.types[index]
            .extra_derives
            .extend(change.derives.iter().cloned());
        for former in &change.former_names {
            if let Some(problem) = taken_type_name(api, name, former, "keep the former name") {
                problems.push(problem);
            } else {
                api.types[index].deprecated_aliases.push(former.clone());
            }
        }
        if let Some(new) = &change.rename {
            if let Some(problem) = taken_type_name(api, name, new, "rename to") {
                problems.push(problem);
            } else {
                let old = std::mem::replace(&mut api.types[index].name, new.clone());
                if change.keep_old_name {
                    api.types[index].deprecated_aliases.push(old);
                }
            }
        }
    }
}

/// Why the type `name` cannot take `new` (to `what`, in words): not UpperCamelCase, or already
/// the name of a type or of a type's deprecated alias.
fn taken_type_name(api: &Api, name: &str, new: &Ident, what: &str) -> Option<String> {
    wrong_case("type", name, new, Case::UpperCamel).or_else(|| {
        api.types
            .iter()
            .any(|t| t.name == *new || t.deprecated_aliases.contains(new))
            .then(|| format!("type `{name}`: cannot {what} `{new}`, another type has that name"))
    })
}

fn fields(api: &mut Api, overrides: &Overrides, problems: &mut Vec<String>) {
    for (key, change) in &overrides.fields {
        let (type_name, field_name) = key.split_once('.').unwrap_or((key.as_str(), ""));
        let mut all = Vec::new();
        let mut found = None;
        for (index, definition) in api.types.iter().enumerate() {
            if let TypeKind::Struct { fields } = &definition.kind {
                for (position, field) in fields.iter().enumerate() {
                    all.push(format!("{}.{}", definition.name, field.name));
                    if definition.name.as_str() == type_name && field.name.as_str() == field_name {
                        found = Some((index, position));
                    }
                }
            }
        }
        let Some((index, position)) = found else {
            problems.push(missing("field", key, all.iter().map(String::as_str)));
            continue;
        };
        let TypeKind::Struct { fields } = &mut api.types[index].kind else {
            continue;
        };
        if let Some(new) = &change.rename {
            if let Some(problem) = wrong_case("field", key, new, Case::Snake) {
                problems.push(problem);
            } else if fields.iter().any(|f| f.name == *new) {
                problems.push(format!(
                    "field `{key}`: cannot rename to `{new}`, another field has that name"
                ));
            } else {
                fields[position].name = new.clone();
            }
        }
        if change.optional {
            let field = &mut fields[position];
            field.presence = Presence::Optional;
            field.docs.push_text(
                "\n\nOptional here although the spec requires it: the server omits it in practice (`codegen.toml`).",
            );
        }
    }
}

fn variants(api: &mut Api, overrides: &Overrides, problems: &mut Vec<String>) {
    for (key, change) in &overrides.variants {
        let (type_name, variant_name) = key.split_once('.').unwrap_or((key.as_str(), ""));
        let mut all: Vec<String> = Vec::new();
        let mut renamed = false;
        for definition in &mut api.types {
            let names: Vec<&mut Ident> = match &mut definition.kind {
                TypeKind::Enum { variants, .. } => {
                    variants.iter_mut().map(|v| &mut v.name).collect()
                }
                TypeKind::Union { variants, .. } => {
                    variants.iter_mut().map(|v| &mut v.name).collect()
                }
                _ => continue,
            };
            let taken = names.iter().any(|name| **name == change.rename);
            for name in names {
                all.push(format!("{}.{name}", definition.name));
                if definition.name.as_str() == type_name && name.as_str() == variant_name {
                    if let Some(problem) =
                        wrong_case("variant", key, &change.rename, Case::UpperCamel)
                    {
                        problems.push(problem);
                    } else if taken {
                        problems.push(format!(
                            "variant `{key}`: cannot rename to `{}`, another variant has that name",
                            change.rename
                        ));
                    } else {
                        *name = change.rename.clone();
                    }
                    renamed = true;
                }
            }
        }
        if !renamed {
            problems.push(missing("variant", key, all.iter().map(String::as_str)));
        }
    }
}

fn methods(api: &mut Api, overrides: &Overrides, problems: &mut Vec<String>) {
    for (name, change) in &overrides.methods {
        let markers: Vec<Ident> = api.operations.iter().map(|op| op.marker.clone()).collect();
        let taken = api
            .operations
            .iter()
            .any(|op| op.method_name == change.rename)
            || crate::ir::reserved::CLIENT_METHODS.contains(&change.rename.as_str());
        let Some(operation) = api
            .operations
            .iter_mut()
            .find(|op| op.method_name.as_str() == name)
        else {
            let names: Vec<String> = api
                .operations
                .iter()
                .map(|op| op.method_name.to_string())
                .collect();
            problems.push(missing("method", name, names.iter().map(String::as_str)));
            continue;
        };
        if let Some(problem) = wrong_case("method", name, &change.rename, Case::Snake) {
            problems.push(problem);
        } else if taken {
            problems.push(format!(
                "method `{name}`: cannot rename to `{}`, the client already has a method of that name",
                change.rename
            ));
        } else {
            operation.method_name = change.rename.clone();
            // The operation's marker type follows its method's name when that name is free.
            let marker = Ident::type_name(change.rename.as_str());
            if !markers.contains(&marker) {
                operation.marker = marker;
            }
        }
    }
}

/// The case Rust expects of a kind of name; the generated crate denies warnings in its tests, so
/// a type called `contact` would not compile there.
#[derive(Clone, Copy)]
enum Case {
    /// Types and variants: `CustomChannelContact`.
    UpperCamel,
    /// Fields and methods: `external_id`.
    Snake,
}

fn wrong_case(kind: &str, key: &str, new: &Ident, case: Case) -> Option<String> {
    let name = new.as_str();
    let fits = match case {
        Case::UpperCamel => {
            name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_')
        }
        Case::Snake => !name.chars().any(|c| c.is_ascii_uppercase()),
    };
    let expected = match case {
        Case::UpperCamel => "UpperCamelCase",
        Case::Snake => "snake_case",
    };
    (!fits).then(|| format!("{kind} `{key}`: `{new}` is not a {expected} name"))
}

fn missing<'a>(kind: &str, name: &str, existing: impl IntoIterator<Item = &'a str>) -> String {
    match closest(name, existing).as_slice() {
        [] => format!("no {kind} `{name}` is generated"),
        close => format!(
            "no {kind} `{name}` is generated (did you mean {}?)",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
