//! Which fields (and union payloads) need a `Box`: a type that contains itself, directly or through other structs,
//! has no finite size. `Vec` and maps already put their items on the heap, so only direct (or
//! `Option`al) containment counts; every field that closes such a cycle is boxed.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Wraps every field that closes a containment cycle in [`TypeRef::Boxed`].
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| contained(&t.kind)).collect();
    for (index, definition) in types.iter_mut().enumerate() {
        let payloads: Vec<&mut TypeRef> = match &mut definition.kind {
            TypeKind::Struct { fields } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Enum { .. } | TypeKind::Alias(_) => continue,
        };
        for ty in payloads {
            if let Some(target) = direct(ty) {
                if reaches(&edges, target, TypeId(index)) {
                    let inner = std::mem::replace(ty, TypeRef::Json);
                    *ty = TypeRef::Boxed(Box::new(inner));
                }
            }
        }
    }
}

/// The types stored inline in a value of this kind.
fn contained(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union { variants, .. } => variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

fn direct(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct(inner),
        _ => None,
    }
}

fn reaches(edges: &[Vec<TypeId>], from: TypeId, to: TypeId) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if std::mem::replace(&mut seen[current.0], true) {
            continue;
        }
        stack.extend(edges[current.0].iter().copied());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Presence};

    fn field(ty: TypeRef) -> Field {
        Field {
            name: "f".into(),
            wire_name: "f".into(),
            docs: String::new(),
            ty,
            presence: Presence::Optional,
        }
    }

    fn structure(fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: "T".into(),
            docs: String::new(),
            kind: TypeKind::Struct { fields },
            extra_derives: Vec::new(),
        }
    }

    #[test]
    fn boxes_direct_and_mutual_recursion_but_not_vectors() {
        let mut types = vec![
            structure(vec![field(TypeRef::Named(TypeId(0)))]),
            structure(vec![field(TypeRef::Vec(Box::new(TypeRef::Named(TypeId(
                1,
            )))))]),
            structure(vec![field(TypeRef::Nullable(Box::new(TypeRef::Named(
                TypeId(3),
            ))))]),
            structure(vec![field(TypeRef::Named(TypeId(2)))]),
        ];
        box_cycles(&mut types);
        let boxed: Vec<bool> = types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct { fields } => matches!(fields[0].ty, TypeRef::Boxed(_)),
                _ => false,
            })
            .collect();
        assert_eq!(boxed, [true, false, true, true]);
    }
}
