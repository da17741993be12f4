//! Implicit tags of unions. Intercom's spec declares no `discriminator`, yet most of its
//! `oneOf`s are objects that each carry a required `type` whose schema allows exactly one string
//! (`enum: [conversation_part]`). When every alternative has such a property, under the same
//! name and with distinct values, that property is the tag: decoding looks at it and picks the
//! variant directly instead of trying each in turn.

use crate::ir::{definition_of, Presence, TypeDef, TypeKind, TypeRef};

/// Sets `tag` and each variant's `tag_value` on every untagged union that has an implicit tag.
pub(super) fn find_tags(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let TypeKind::Union {
            variants,
            tag: None,
        } = &types[index].kind
        else {
            continue;
        };
        let candidates: Vec<Vec<(String, String)>> = variants
            .iter()
            .map(|v| constant_properties(types, &v.ty))
            .collect();
        let Some(first) = candidates.first() else {
            continue;
        };
        // Prefer `type`, then the other shared properties in declaration order.
        let mut names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
        names.sort_by_key(|name| *name != "type");
        let found = names.into_iter().find_map(|name| {
            let values: Vec<String> = candidates
                .iter()
                .map(|props| {
                    props
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                })
                .collect::<Option<_>>()?;
            let mut unique = values.clone();
            unique.sort();
            unique.dedup();
            (unique.len() == values.len()).then(|| (name.to_owned(), values))
        });
        if let Some((name, values)) = found {
            if let TypeKind::Union { variants, tag } = &mut types[index].kind {
                for (variant, value) in variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
                *tag = Some(name);
            }
        }
    }
}

/// `(wire name, the one allowed value)` of every required property of the struct behind `ty`
/// whose type is a string enum with a single value.
fn constant_properties(types: &[TypeDef], ty: &TypeRef) -> Vec<(String, String)> {
    let Some(TypeKind::Struct { fields }) = definition_of(types, ty).map(|t| &t.kind) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .filter_map(
            |field| match definition_of(types, &field.ty).map(|t| &t.kind) {
                Some(TypeKind::Enum { variants, .. }) if variants.len() == 1 => {
                    Some((field.wire_name.clone(), variants[0].wire_name.clone()))
                }
                _ => None,
            },
        )
        .collect()
}
