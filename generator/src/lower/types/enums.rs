//! String enums: one variant per distinct value, plus a catch-all that keeps values the spec does
//! not list yet (`Unknown`, or the first free name after it when a value is called that).

use crate::ir::{Ident, NameAllocator, TypeKind, Variant};

/// The enum of `values`, in order, duplicates dropped.
pub(super) fn string_enum<'s>(values: impl Iterator<Item = &'s str>) -> TypeKind {
    let mut names = NameAllocator::default();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values {
        if variants.iter().any(|v| v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(Ident::variant_name(value)),
            wire_name: value.to_owned(),
        });
    }
    TypeKind::Enum {
        variants,
        unknown: names.claim(Ident::variant_name("Unknown")),
    }
}
