//! A Cargo feature per tag (the config's `tag_features`), so that a user of a few tags of a large
//! API compiles only their operations and the types those use.
//!
//! An operation compiles under the features of its tags (any of them), a type under those of
//! every operation that uses it, directly or through other types; a component whose properties
//! a type copies (an `allOf` base) compiles with that type, though the type does not hold it.
//! A component that no operation uses compiles with the tags its `x-tags` lists, as selecting
//! one of them would generate it. What every build needs stays ungated: untagged operations and
//! what they use, the types of webhooks and event streams, the error body that the client's
//! `Error` decodes, and the types that neither an operation nor a tag accounts for. A type that
//! every feature needs is not gated either: its gate would only repeat the default.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::reserved::RUNTIME_FEATURES;
use crate::ir::{feature_name, Api, Gate, TagFeature, TypeId};

/// Which builds need a type.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    /// Nothing has needed it yet.
    Unused,
    /// Those with any of these features.
    Features(BTreeSet<String>),
    /// Every build.
    Always,
}

/// Gives `api` a feature per tag and gates its operations and types by them.
pub(super) fn gate_by_tag(api: &mut Api) {
    let mut features: BTreeMap<String, TagFeature> = BTreeMap::new();
    let mut by_operation = Vec::with_capacity(api.operations.len());
    for operation in &api.operations {
        let mut names = BTreeSet::new();
        for tag in &operation.tags {
            let name = tag_feature_name(tag);
            let feature = features.entry(name.clone()).or_insert_with(|| TagFeature {
                name: name.clone(),
                tags: Vec::new(),
                operations: 0,
            });
            if !feature.tags.contains(tag) {
                feature.tags.push(tag.clone());
            }
            if names.insert(name) {
                feature.operations += 1;
            }
        }
        by_operation.push(names);
    }

    let mut needs = vec![Need::Unused; api.types.len()];
    for (operation, names) in api.operations.iter().zip(&by_operation) {
        let need = if names.is_empty() {
            Need::Always
        } else {
            Need::Features(names.clone())
        };
        let mut roots = Vec::new();
        operation.for_each_named(&mut |id| roots.push(id));
        spread(api, &mut needs, roots, &need);
    }
    // A type no operation uses compiles with the tags that its `x-tags` lists.
    for id in unused(&needs).collect::<Vec<_>>() {
        let tags = api.types[id.0].tags.iter().map(|tag| tag_feature_name(tag));
        let names: BTreeSet<String> = tags.filter(|name| features.contains_key(name)).collect();
        if !names.is_empty() {
            spread(api, &mut needs, vec![id], &Need::Features(names));
        }
    }
    let mut always = Vec::new();
    for webhook in &api.webhooks {
        webhook.body.for_each_named(&mut |id| always.push(id));
    }
    for stream in &api.event_streams {
        stream.item.for_each_named(&mut |id| always.push(id));
    }
    if let Some(error) = &api.error_body {
        error.for_each_named(&mut |id| always.push(id));
    }
    // A type nothing accounts for is compiled in every build, and so is what it holds.
    always.extend(unused(&needs));
    spread(api, &mut needs, always, &Need::Always);

    let every = features.len();
    let gate = |names: &BTreeSet<String>| {
        if names.len() == every {
            Gate::default()
        } else {
            Gate::any_of(names.iter().cloned())
        }
    };
    for (operation, names) in api.operations.iter_mut().zip(&by_operation) {
        operation.gate = gate(names);
    }
    for (definition, need) in api.types.iter_mut().zip(&needs) {
        definition.gate = match need {
            Need::Features(names) => gate(names),
            Need::Unused | Need::Always => Gate::default(),
        };
    }
    api.tag_features = features.into_values().collect();
}

/// The types that nothing has needed yet.
fn unused(needs: &[Need]) -> impl Iterator<Item = TypeId> + '_ {
    let indices = needs.iter().enumerate();
    indices.filter_map(|(index, need)| (*need == Need::Unused).then_some(TypeId(index)))
}

/// Adds `need` to every type reachable from `roots`: the types they hold, and their bases.
fn spread(api: &Api, needs: &mut [Need], roots: Vec<TypeId>, need: &Need) {
    let mut seen = vec![false; needs.len()];
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        needs[id.0] = match (std::mem::replace(&mut needs[id.0], Need::Unused), need) {
            (Need::Always, _) | (_, Need::Always) => Need::Always,
            (Need::Unused, need) => need.clone(),
            (Need::Features(mut names), Need::Features(more)) => {
                names.extend(more.iter().cloned());
                Need::Features(names)
            }
            (Need::Features(names), Need::Unused) => Need::Features(names),
        };
        let definition = &api.types[id.0];
        definition.kind.for_each_named(&mut |held| stack.push(held));
        stack.extend(definition.bases.iter().copied());
    }
}

/// The feature of `tag`: its name in kebab-case, with `tag-` before one that says nothing or is
/// one of the runtime's own features.
fn tag_feature_name(tag: &str) -> String {
    let name = feature_name(tag);
    if name.is_empty() || RUNTIME_FEATURES.contains(&name.as_str()) {
        format!("tag-{}", if name.is_empty() { "untitled" } else { &name })
    } else {
        name
    }
}
