//! The order types are emitted in: components in spec order, each followed by the inline types
//! that sit inside it, then the inline types of operations (request and response bodies) in
//! operation order. The arena is built in discovery order; this permutes it once, at the end,
//! and leaves out the types merged into an identical one (see `types::merge`).

use crate::ir::{Api, Success, TypeId};
use crate::spec::Pointer;

/// `api` with its types permuted into emission order, each type `t` with `kept[t] != t` left
/// out, and every [`TypeId`] rewritten to match (a left-out type's to its kept twin's).
pub(super) fn spec_order(
    mut api: Api,
    origins: &[Pointer],
    components: &[&str],
    kept: &[TypeId],
) -> Api {
    let positions: std::collections::HashMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(index, name)| (*name, index))
        .collect();
    let rank = |origin: &Pointer| -> (usize, bool) {
        let segments: Vec<_> = origin.segments().take(4).collect();
        match segments.as_slice() {
            [c, s, name, ..] if c == "components" && s == "schemas" => {
                let index = positions
                    .get(name.as_ref())
                    .copied()
                    .unwrap_or(components.len());
                (index, segments.len() > 3)
            }
            _ => (components.len(), true),
        }
    };
    let mut order: Vec<usize> = (0..api.types.len())
        .filter(|&old| kept.get(old).is_none_or(|twin| twin.0 == old))
        .collect();
    // Stable: within one owner, inline types keep discovery order. Each rank is computed once.
    order.sort_by_cached_key(|&old| origins.get(old).map_or((usize::MAX, true), rank));
    let mut new_id = vec![TypeId(0); api.types.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = TypeId(new);
    }
    for (old, twin) in kept.iter().enumerate() {
        if twin.0 != old {
            new_id[old] = new_id[twin.0];
        }
    }
    let map = |id: TypeId| new_id.get(id.0).copied().unwrap_or(id);

    let mut slots: Vec<Option<crate::ir::TypeDef>> = api.types.drain(..).map(Some).collect();
    api.types = order.iter().filter_map(|&old| slots[old].take()).collect();
    for definition in &mut api.types {
        definition.remap(&map);
    }
    for operation in &mut api.operations {
        operation.docs.remap(&map);
        operation.parameters.iter_mut().for_each(|p| {
            p.ty.remap(&map);
            p.docs.remap(&map);
        });
        if let Some(body) = &mut operation.body {
            body.ty.remap(&map);
        }
        match &mut operation.success {
            Success::One(Some(payload)) => payload.ty.remap(&map),
            Success::One(None) => {}
            Success::ByStatus(id) => *id = map(*id),
        }
        for ty in operation
            .errors
            .iter_mut()
            .filter_map(|error| error.body.as_mut())
        {
            ty.remap(&map);
        }
    }
    for webhook in &mut api.webhooks {
        webhook.docs.remap(&map);
        webhook.body.remap(&map);
    }
    for stream in &mut api.event_streams {
        stream.docs.remap(&map);
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
