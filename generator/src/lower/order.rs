//! The order types are emitted in: components in spec order, each followed by the inline types
//! that sit inside it, then the inline types of operations (request and response bodies) in
//! operation order. The arena is built in discovery order; this permutes it once, at the end.

use crate::ir::{Api, DocPart, Docs, Success, TypeId, TypeKind};
use crate::spec::Pointer;

/// `api` with its types permuted into emission order and every [`TypeId`] rewritten to match.
pub(super) fn spec_order(mut api: Api, origins: &[Pointer], components: &[&str]) -> Api {
    let positions: std::collections::HashMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(index, name)| (*name, index))
        .collect();
    let rank = |origin: &Pointer| -> (usize, bool) {
        let segments: Vec<String> = origin.segments().take(4).collect();
        match segments.as_slice() {
            [c, s, name, ..] if c == "components" && s == "schemas" => {
                let index = positions
                    .get(name.as_str())
                    .copied()
                    .unwrap_or(components.len());
                (index, segments.len() > 3)
            }
            _ => (components.len(), true),
        }
    };
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    // Stable: within one owner, inline types keep discovery order. Each rank is computed once.
    order.sort_by_cached_key(|&old| origins.get(old).map_or((usize::MAX, true), rank));
    let mut new_id = vec![TypeId(0); order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = TypeId(new);
    }
    let map = |id: TypeId| new_id.get(id.0).copied().unwrap_or(id);

    let mut slots: Vec<Option<crate::ir::TypeDef>> = api.types.drain(..).map(Some).collect();
    api.types = order.iter().filter_map(|&old| slots[old].take()).collect();
    let remap_docs = |docs: &mut Docs| {
        for part in docs.parts_mut() {
            if let DocPart::Type(id) = part {
                *id = map(*id);
            }
        }
    };
    for definition in &mut api.types {
        remap_docs(&mut definition.docs);
        match &mut definition.kind {
            TypeKind::Struct { fields } => fields.iter_mut().for_each(|f| {
                f.ty.remap(&map);
                remap_docs(&mut f.docs);
            }),
            TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| v.ty.remap(&map)),
            TypeKind::Alias(target) => target.remap(&map),
            TypeKind::Responses { variants } => {
                for payload in variants.iter_mut().filter_map(|v| v.payload.as_mut()) {
                    payload.ty.remap(&map);
                }
            }
            TypeKind::Enum { .. } => {}
        }
    }
    for operation in &mut api.operations {
        remap_docs(&mut operation.docs);
        operation.parameters.iter_mut().for_each(|p| {
            p.ty.remap(&map);
            remap_docs(&mut p.docs);
        });
        if let Some(body) = &mut operation.body {
            body.ty.remap(&map);
        }
        match &mut operation.success {
            Success::One(Some(payload)) => payload.ty.remap(&map),
            Success::One(None) => {}
            Success::ByStatus(id) => *id = map(*id),
        }
        for (_, ty) in &mut operation.error_bodies {
            ty.remap(&map);
        }
    }
    for webhook in &mut api.webhooks {
        remap_docs(&mut webhook.docs);
        webhook.body.remap(&map);
    }
    for stream in &mut api.event_streams {
        remap_docs(&mut stream.docs);
        stream.item.remap(&map);
    }
    if let Some(error_body) = &mut api.error_body {
        error_body.remap(&map);
    }
    for example in &mut api.examples {
        example.ty.remap(&map);
    }
    api
}
