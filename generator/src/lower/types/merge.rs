//! One type for structurally identical inline schemas. Descriptions repeat the same inline
//! shape at many sites (`type: {enum: [list]}` on every list, the same `pages` object on every
//! paginated response); a type per site multiplies the crate's size and build time without
//! typing anything more. Two inline types merge when they have the same kind with the same
//! fields, variants and payloads, after the types they refer to have merged, repeated until
//! nothing changes (so two identical structs whose fields hold identical enums become one too).
//!
//! Component schemas never merge with each other: their names are the description's; an inline
//! schema of a component's shape becomes that component. The schema of a body, a response or a
//! parameter keeps its type, named after its operation, but one of a shape met before is an
//! alias of it (`pub type UpdateContactResponse = ShowContactResponse;`): named as before,
//! compiled once.
//!
//! Of each group the type met first keeps its name: it changes only when a site of the same
//! shape is added or removed before it, never for a change elsewhere in the description. Where
//! the merged types had different docs, the type says where it is used instead; each field that
//! holds it keeps its own description.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::ir::{Docs, TypeDef, TypeId, TypeKind, TypeRef};
use crate::spec::Pointer;

/// For each type of the arena, the type it is merged into (itself when it is kept). The kept
/// types' references and docs already name kept types; the merged ones are left for
/// `order::spec_order` to drop.
pub(in crate::lower) fn merge_identical(types: &mut [TypeDef], origins: &[Pointer]) -> Vec<TypeId> {
    let roles: Vec<Role> = types
        .iter()
        .zip(origins)
        .map(|(definition, origin)| Role::of(definition, origin))
        .collect();
    let mut kept: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    let mut aliased: Vec<Option<TypeId>> = vec![None; types.len()];
    loop {
        // Keyed by whole shapes, docs and all: hashed with FxHash, which is several times
        // faster than std's SipHash on them and has no use for its defence against chosen keys.
        let mut first_of_shape: FxHashMap<(TypeKind, &[String]), TypeId> = FxHashMap::default();
        // Operations' own schemas apart: no inline type is named after an operation's body.
        let mut first_named: FxHashMap<(TypeKind, &[String]), TypeId> = FxHashMap::default();
        let mut changed = false;
        // Components come first in the arena, so a shape a component has is named after it.
        for (index, definition) in types.iter().enumerate() {
            if roles[index] == Role::Fixed || kept[index].0 != index {
                continue;
            }
            let mut shape = definition.kind.clone();
            shape.remap(&|id| twin_in(&kept, id));
            let key = (shape, definition.extra_derives.as_slice());
            if roles[index] == Role::Named {
                let twin = match first_of_shape.get(&key) {
                    Some(twin) => *twin,
                    None => *first_named.entry(key).or_insert(TypeId(index)),
                };
                aliased[index] = (twin.0 != index).then_some(twin);
                continue;
            }
            let twin = *first_of_shape.entry(key).or_insert(TypeId(index));
            if twin.0 != index && roles[index] == Role::Mergeable {
                kept[index] = twin;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (index, twin) in aliased.into_iter().enumerate() {
        if let Some(twin) = twin {
            name_for(&mut types[index], twin);
            give_bases(types, index, twin);
        }
    }
    share_docs(types, &roles, &kept);
    for index in 0..types.len() {
        types[index].remap(&|id| twin_in(&kept, id));
        if kept[index].0 != index {
            give_bases(types, index, kept[index]);
        }
    }
    kept
}

/// Makes `definition`, an operation's own schema, a name for `twin`, the type of its shape
/// met first: its name stays what the operation's signature and docs say, and the shape is
/// compiled once.
fn name_for(definition: &mut TypeDef, twin: TypeId) {
    definition.kind = TypeKind::Alias(TypeRef::Named(twin));
    definition
        .docs
        .push_text(" A name for ")
        .push_type(twin)
        .push_text(", which has the same shape.");
}

/// Gives the bases of the type `from` to `twin`, which now stands for it, and so for what it
/// was built from.
fn give_bases(types: &mut [TypeDef], from: usize, twin: TypeId) {
    let bases = std::mem::take(&mut types[from].bases);
    types[twin.0].bases.extend(bases);
}

/// The type `id` is merged into (itself when it is kept).
fn twin_in(kept: &[TypeId], id: TypeId) -> TypeId {
    kept.get(id.0).copied().unwrap_or(id)
}

/// What merging may do with a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A component schema's own type: never merged, but the inline types of its shape merge into
    /// it, taking the description's name.
    Component,
    /// An operation's responses: kept as they are.
    Fixed,
    /// A body's, response's or parameter's own schema, named after its operation: kept under
    /// its name, as an alias of the first type of its shape when there is one.
    Named,
    /// A schema inside another: merged into the first type of its shape.
    Mergeable,
}

impl Role {
    fn of(definition: &TypeDef, origin: &Pointer) -> Role {
        if matches!(definition.kind, TypeKind::Responses { .. }) {
            return Role::Fixed;
        }
        let segments: Vec<_> = origin.segments().collect();
        match segments.as_slice() {
            [c, s, _] if c == "components" && s == "schemas" => Role::Component,
            [.., last] if last == "schema" => Role::Named,
            _ => Role::Mergeable,
        }
    }
}

/// Gives each kept type whose merged twins had other docs, and that more than one type holds,
/// the docs of a shared type: the types that hold it, linked. One pass over the arena finds the
/// holders of every such type.
fn share_docs(types: &mut [TypeDef], roles: &[Role], kept: &[TypeId]) {
    // A component's docs describe its shape, wherever it is used.
    let differing: HashSet<TypeId> = kept
        .iter()
        .enumerate()
        .filter(|(index, twin)| {
            twin.0 != *index
                && roles[twin.0] != Role::Component
                && types[*index].docs != types[twin.0].docs
        })
        .map(|(_, twin)| *twin)
        .collect();
    let mut holders: HashMap<TypeId, Vec<TypeId>> = HashMap::new();
    for (index, definition) in types.iter().enumerate() {
        if kept[index].0 != index {
            continue;
        }
        definition.kind.for_each_named(&mut |id: TypeId| {
            let twin = twin_in(kept, id);
            if differing.contains(&twin) {
                let list = holders.entry(twin).or_default();
                if list.last() != Some(&TypeId(index)) {
                    list.push(TypeId(index));
                }
            }
        });
    }
    for twin in differing {
        let users = holders.remove(&twin).unwrap_or_default();
        // Held by one type only (whose own twins merged too), the first site's docs still fit.
        if users.len() != 1 {
            types[twin.0].docs = shared_docs(&users);
        }
    }
}

/// How many of a shared type's users its docs link.
const LISTED_USERS: usize = 6;

/// Docs of a type shared by `users` (the kept types that hold it; none when only operations do).
fn shared_docs(users: &[TypeId]) -> Docs {
    let mut docs = Docs::text("A shape the description repeats");
    match users {
        [] => {
            docs.push_text(" in several operations");
        }
        users => {
            docs.push_text(", used by ");
            let listed = users.len().min(LISTED_USERS);
            for (index, user) in users[..listed].iter().enumerate() {
                if index > 0 {
                    docs.push_text(if index + 1 == users.len() {
                        " and "
                    } else {
                        ", "
                    });
                }
                docs.push_type(*user);
            }
            if users.len() > listed {
                docs.push_text(format!(" and {} more", users.len() - listed));
            }
        }
    }
    docs.push_text(". What a value means is documented where it is held.");
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Ident, Presence, TypeRef, Variant};

    fn at(pointer: &str) -> Pointer {
        Pointer::from_ref(pointer).expect("a local pointer")
    }

    fn definition(name: &str, docs: &str, kind: TypeKind) -> TypeDef {
        TypeDef::new(Ident::type_name(name), Docs::text(docs), kind)
    }

    fn list_enum() -> TypeKind {
        TypeKind::Enum {
            variants: vec![Variant {
                name: Ident::type_name("List"),
                wire_name: "list".into(),
            }],
            unknown: Ident::type_name("Unknown"),
        }
    }

    fn holder(field_type: TypeId) -> TypeKind {
        TypeKind::Struct {
            fields: vec![Field {
                name: Ident::field_name("type"),
                wire_name: "type".into(),
                docs: Docs::text("The type."),
                ty: TypeRef::Named(field_type),
                presence: Presence::Optional,
                read_only: false,
                setter: None,
            }],
        }
    }

    /// Components `A` and `B`, each holding an inline `type` enum (ids 2 and 3), and `C`
    /// holding an inline struct (4) that holds its own inline enum (5).
    fn arena() -> (Vec<TypeDef>, Vec<Pointer>) {
        let types = vec![
            definition("A", "An A.", holder(TypeId(2))),
            definition("B", "A B.", holder(TypeId(3))),
            definition("AType", "The type.", list_enum()),
            definition("BType", "The type.", list_enum()),
            definition("CInner", "Inside C.", holder(TypeId(5))),
            definition("CInnerType", "The type.", list_enum()),
        ];
        let origins = vec![
            at("#/components/schemas/A"),
            at("#/components/schemas/B"),
            at("#/components/schemas/A/properties/type"),
            at("#/components/schemas/B/properties/type"),
            at("#/components/schemas/C/properties/inner"),
            at("#/components/schemas/C/properties/inner/properties/type"),
        ];
        (types, origins)
    }

    #[test]
    fn identical_inline_types_merge_into_the_first_and_components_stay() {
        let (mut types, origins) = arena();
        let kept = merge_identical(&mut types, &origins);
        assert_eq!(kept[2], TypeId(2));
        assert_eq!(kept[3], TypeId(2));
        assert_eq!(kept[5], TypeId(2));
        // `B` now holds `A`'s enum; the components themselves are kept, though `CInner` is
        // shaped like them: an inline copy of a component's shape becomes the component.
        assert_eq!(types[1].kind, holder(TypeId(2)));
        assert_eq!(&kept[..2], &[TypeId(0), TypeId(1)]);
        assert_eq!(kept[4], TypeId(0));
        // The same docs at every site are kept.
        assert_eq!(types[2].docs, Docs::text("The type."));
    }

    #[test]
    fn differing_docs_become_shared_docs_that_link_the_holders() {
        let (mut types, origins) = arena();
        types[3].docs = Docs::text("What kind of B.");
        merge_identical(&mut types, &origins);
        let mut expected = Docs::text("A shape the description repeats");
        expected
            .push_text(", used by ")
            .push_type(TypeId(0))
            .push_text(" and ")
            .push_type(TypeId(1))
            .push_text(". What a value means is documented where it is held.");
        assert_eq!(types[2].docs, expected);
    }

    #[test]
    fn types_with_other_derives_or_shapes_stay_apart() {
        let (mut types, origins) = arena();
        types[3].extra_derives.push("Copy".into());
        let kept = merge_identical(&mut types, &origins);
        assert_eq!(kept[3], TypeId(3));
        // `CInner` holds an enum merged into `AType`, so it is `A`'s shape; with `BType` apart,
        // `B` is not (and, a component, would not merge anyway).
        assert_eq!(kept[4], TypeId(0));
        assert_eq!(types[1].kind, holder(TypeId(3)));
    }

    #[test]
    fn the_schema_of_a_body_keeps_its_name_as_an_alias_of_its_shape() {
        let (mut types, mut origins) = arena();
        origins[4] = at("#/paths/~1c/post/requestBody/content/application~1json/schema");
        let kept = merge_identical(&mut types, &origins);
        // Kept under its own name, a name for `A`, whose shape it has.
        assert_eq!(kept[4], TypeId(4));
        assert_eq!(types[4].kind, TypeKind::Alias(TypeRef::Named(TypeId(0))));
        let mut docs = Docs::text("Inside C.");
        docs.push_text(" A name for ")
            .push_type(TypeId(0))
            .push_text(", which has the same shape.");
        assert_eq!(types[4].docs, docs);
        // No other type is merged into it: its enum is still `AType`.
        assert_eq!(kept[5], TypeId(2));
    }

    #[test]
    fn a_body_of_a_shape_no_other_type_has_stays_a_type_that_later_bodies_name() {
        let (mut types, mut origins) = arena();
        types[5].extra_derives.push("Copy".into());
        origins[4] = at("#/paths/~1c/post/requestBody/content/application~1json/schema");
        types.push(definition("DRequest", "The body of D.", holder(TypeId(5))));
        origins.push(at(
            "#/paths/~1d/post/requestBody/content/application~1json/schema",
        ));
        let kept = merge_identical(&mut types, &origins);
        assert_eq!(kept[4], TypeId(4));
        assert_eq!(types[4].kind, holder(TypeId(5)));
        // A second body of that shape is a name for the first.
        assert_eq!(kept[6], TypeId(6));
        assert_eq!(types[6].kind, TypeKind::Alias(TypeRef::Named(TypeId(4))));
    }
}
