//! Which fields (and union payloads) need a `Box`: a type that contains itself, directly or through other structs,
//! has no finite size. `Vec` and maps already put their items on the heap, so only direct (or
//! `Option`al) containment counts; every field that closes such a cycle is boxed.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Wraps every field that closes a containment cycle in [`TypeRef::Boxed`]. An edge `A → B`
/// lies on a cycle exactly when `A` and `B` are in the same strongly connected component, so one
/// pass over the graph finds them all (a search per field would grow with the square of the
/// spec).
pub(in crate::lower) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| contained(&t.kind)).collect();
    let component = strongly_connected_components(&edges);
    for (index, definition) in types.iter_mut().enumerate() {
        let payloads: Vec<&mut TypeRef> = match &mut definition.kind {
            TypeKind::Struct { fields } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            // Nothing contains an operation's responses, so they close no cycle.
            TypeKind::Enum { .. } | TypeKind::Alias(_) | TypeKind::Responses { .. } => continue,
        };
        for ty in payloads {
            let closes_cycle = direct(ty)
                .iter()
                .any(|target| component.get(target.0) == Some(&component[index]));
            if closes_cycle {
                let inner = std::mem::replace(ty, TypeRef::Json);
                *ty = TypeRef::Boxed(Box::new(inner));
            }
        }
    }
}

/// The strongly connected component of every node (Kosaraju, iterative so that deep graphs
/// cannot overflow the stack).
fn strongly_connected_components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let count = edges.len();
    // First pass: nodes in the order a depth-first search finishes them.
    let mut finished = Vec::with_capacity(count);
    let mut visited = vec![false; count];
    for start in 0..count {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            if let Some(target) = edges[node].get(next) {
                stack.push((node, next + 1));
                if target.0 < count && !visited[target.0] {
                    visited[target.0] = true;
                    stack.push((target.0, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Second pass: on the reversed graph, in reverse finishing order.
    let mut reversed = vec![Vec::new(); count];
    for (node, targets) in edges.iter().enumerate() {
        for target in targets.iter().filter(|t| t.0 < count) {
            reversed[target.0].push(node);
        }
    }
    let mut component = vec![usize::MAX; count];
    for (label, &start) in finished.iter().rev().enumerate() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = label;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &source in &reversed[node] {
                if component[source] == usize::MAX {
                    component[source] = label;
                    stack.push(source);
                }
            }
        }
    }
    component
}

/// The types stored inline in a value of this kind.
fn contained(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().flat_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union { variants, .. } => variants.iter().flat_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(ty) => direct(ty),
        TypeKind::Enum { .. } | TypeKind::Responses { .. } => Vec::new(),
    }
}

/// The types a value of `ty` holds inline (not behind a `Vec` or map's heap storage).
fn direct(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Nullable(inner) => direct(inner),
        TypeRef::Tuple(items) => items.iter().flat_map(direct).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, Ident, Presence};

    fn field(ty: TypeRef) -> Field {
        Field {
            name: Ident::field_name("f"),
            wire_name: "f".into(),
            docs: Docs::default(),
            ty,
            presence: Presence::Optional,
            read_only: false,
            setter: None,
        }
    }

    fn structure(fields: Vec<Field>) -> TypeDef {
        TypeDef::new(
            Ident::type_name("T"),
            Docs::default(),
            TypeKind::Struct { fields },
        )
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
