//! One type for structurally identical inline schemas. Descriptions repeat the same inline
//! shape at many sites (`type: {enum: [list]}` on every list, the same `pages` object on every
//! paginated response); a type per site multiplies the crate's size and build time without
//! typing anything more. Two inline types merge when they have the same kind with the same
//! fields, variants and payloads, after the types they refer to have merged, repeated until
//! nothing changes (so two identical structs whose fields hold identical enums become one too).
//!
//! Component schemas never merge with each other: their names are the description's; an inline
//! schema of a component's shape becomes that component. Nor do the schemas of a body or a
//! parameter themselves merge, named after their operation. Of each group the type met
//! first keeps its name, so the name depends only on the description's order, and a change
//! elsewhere in the description does not rename it. Where the merged types had different docs,
//! the type says where it is used instead; each field that holds it keeps its own description.

use std::collections::HashMap;

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
    loop {
        let mut first_of_shape: HashMap<String, TypeId> = HashMap::new();
        let mut changed = false;
        // Components come first in the arena, so a shape a component has is named after it.
        for (index, definition) in types.iter().enumerate() {
            if roles[index] == Role::Fixed || kept[index].0 != index {
                continue;
            }
            let mut shape = definition.kind.clone();
            shape.remap(&|id: TypeId| kept.get(id.0).copied().unwrap_or(id));
            let twin = *first_of_shape
                .entry(format!("{shape:?}{:?}", definition.extra_derives))
                .or_insert(TypeId(index));
            if twin.0 != index && roles[index] == Role::Mergeable {
                kept[index] = twin;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    share_docs(types, &roles, &kept);
    let map = |id: TypeId| kept.get(id.0).copied().unwrap_or(id);
    for definition in types.iter_mut() {
        definition.remap(&map);
    }
    kept
}

/// What merging may do with a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A component schema's own type: never merged, but the inline types of its shape merge into
    /// it, taking the description's name.
    Component,
    /// A body's or parameter's own schema, named after its operation, or an operation's
    /// responses: kept as they are.
    Fixed,
    /// A schema inside another: merged into the first type of its shape.
    Mergeable,
}

impl Role {
    fn of(definition: &TypeDef, origin: &Pointer) -> Role {
        if matches!(definition.kind, TypeKind::Responses { .. }) {
            return Role::Fixed;
        }
        let segments: Vec<String> = origin.segments().collect();
        match segments.as_slice() {
            [c, s, _] if c == "components" && s == "schemas" => Role::Component,
            [.., last] if last == "schema" => Role::Fixed,
            _ => Role::Mergeable,
        }
    }
}

/// Gives each kept type whose merged twins had other docs, and that more than one type holds,
/// the docs of a shared type: the types that hold it, linked.
fn share_docs(types: &mut [TypeDef], roles: &[Role], kept: &[TypeId]) {
    let mut groups: HashMap<TypeId, Vec<usize>> = HashMap::new();
    for (index, twin) in kept.iter().enumerate() {
        if twin.0 != index {
            groups.entry(*twin).or_default().push(index);
        }
    }
    for (twin, members) in groups {
        // A component's docs describe its shape, wherever it is used.
        if roles[twin.0] == Role::Component
            || members.iter().all(|&m| types[m].docs == types[twin.0].docs)
        {
            continue;
        }
        let group = |id: TypeId| kept.get(id.0) == Some(&twin);
        let users: Vec<TypeId> = (0..types.len())
            .filter(|&index| kept[index].0 == index && uses(&types[index].kind, &group))
            .map(TypeId)
            .collect();
        // Held by one type only (whose own twins merged too), the first site's docs still fit.
        if users.len() > 1 || users.is_empty() {
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

/// Whether `kind` holds a type `is_member` accepts, directly or in a container.
fn uses(kind: &TypeKind, is_member: &impl Fn(TypeId) -> bool) -> bool {
    let payloads: Vec<&TypeRef> = match kind {
        TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(target) => vec![target],
        TypeKind::Responses { variants } => variants
            .iter()
            .filter_map(|v| v.payload.as_ref().map(|p| &p.ty))
            .collect(),
        TypeKind::Enum { .. } => Vec::new(),
    };
    payloads.into_iter().any(|ty| ty.names(is_member))
}
