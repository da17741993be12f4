//! String enums: one variant per distinct value, plus a catch-all that keeps values the spec does
//! not list yet (`Unknown`, or the first free name after it when a value is called that).

use crate::ir::{Ident, NameAllocator, TypeKind, Variant};

/// The enum of `values`, in order, duplicates dropped.
pub(super) fn string_enum<'s>(values: impl Iterator<Item = &'s str>) -> TypeKind {
    let variants = string_enum_variants(values);
    let mut names = NameAllocator::with_reserved(variants.iter().map(|v| v.name.as_str()));
    TypeKind::Enum {
        unknown: names.claim(Ident::variant_name("Unknown")),
        variants,
    }
}

/// A variant per distinct value of `values`, in order, with unique names.
pub(crate) fn string_enum_variants<'s>(values: impl Iterator<Item = &'s str>) -> Vec<Variant> {
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
    variants
}
