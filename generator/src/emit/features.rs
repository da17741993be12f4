//! `#[cfg(feature = …)]` on the items of a crate with a feature per tag (see
//! `lower::features`): an item compiles when any feature of its gate is on.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use crate::ir::{Api, Gate, Operation};

/// The `#[cfg]` attribute of `gate`; nothing for an item that every build compiles.
pub(super) fn cfg(gate: &Gate) -> Option<TokenStream> {
    predicate(gate).map(|predicate| quote!(#[cfg(#predicate)]))
}

/// The `#[cfg]` attribute that compiles an item only when every one of `gates` is open (an item
/// that needs types of several tags).
pub(super) fn cfg_all<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Option<TokenStream> {
    let mut seen = HashSet::new();
    let predicates: Vec<TokenStream> = gates
        .into_iter()
        .filter_map(predicate)
        .filter(|predicate| seen.insert(predicate.to_string()))
        .collect();
    match predicates.len() {
        0 => None,
        1 => Some(quote!(#[cfg(#(#predicates)*)])),
        _ => Some(quote!(#[cfg(all(#(#predicates),*))])),
    }
}

/// The `#[cfg]` of what the operations that `uses` share (a runtime module, an import):
/// compiled in a build that compiles any of them.
pub(super) fn users_cfg(api: &Api, uses: impl Fn(&Operation) -> bool) -> Option<TokenStream> {
    cfg(&Gate::union(
        api.operations
            .iter()
            .filter(|op| uses(op))
            .map(|op| &op.gate),
    ))
}

/// The `#[cfg]` under which some struct of `api` compiles; `None` when one always does.
pub(super) fn structs_cfg(api: &Api) -> Option<TokenStream> {
    cfg(&Gate::union(
        api.structs().map(|definition| &definition.gate),
    ))
}

/// The `#[cfg]` of `gate` on each of `items` (a type's definition and its impls), before their
/// other attributes.
pub(super) fn gate(gate: &Gate, items: &mut [syn::Item]) -> syn::Result<()> {
    let Some(cfg) = cfg(gate) else {
        return Ok(());
    };
    let cfg = syn::Attribute::parse_outer.parse2(cfg)?;
    for attributes in items.iter_mut().filter_map(attributes) {
        attributes.splice(0..0, cfg.iter().cloned());
    }
    Ok(())
}

/// The attributes of `item`; none for tokens syn does not know as an item.
fn attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::ExternCrate(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::ForeignMod(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::TraitAlias(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`; nothing for an open gate.
fn predicate(gate: &Gate) -> Option<TokenStream> {
    let features = gate.features();
    match features {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        several => Some(quote!(any(#(feature = #several),*))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(features: &[&str]) -> Gate {
        Gate::any_of(features.iter().map(|name| name.to_string()))
    }

    #[test]
    fn an_item_of_several_features_compiles_under_any_of_them() {
        assert!(cfg(&Gate::default()).is_none());
        assert_eq!(
            cfg(&gate(&["tickets"])).unwrap().to_string(),
            r#"# [cfg (feature = "tickets")]"#
        );
        assert_eq!(
            cfg(&gate(&["tickets", "contacts", "tickets"]))
                .unwrap()
                .to_string(),
            r#"# [cfg (any (feature = "contacts" , feature = "tickets"))]"#
        );
    }

    #[test]
    fn an_item_that_needs_several_gates_compiles_under_all_of_them() {
        let (tags, contacts) = (gate(&["tags"]), gate(&["contacts"]));
        assert!(cfg_all([&Gate::default(), &Gate::default()]).is_none());
        assert_eq!(
            cfg_all([&tags, &Gate::default(), &contacts, &tags])
                .unwrap()
                .to_string(),
            r#"# [cfg (all (feature = "tags" , feature = "contacts"))]"#
        );
        assert_eq!(
            cfg_all([&tags, &Gate::default(), &tags])
                .unwrap()
                .to_string(),
            r#"# [cfg (feature = "tags")]"#
        );
    }

    #[test]
    fn every_item_of_a_gated_type_gets_the_gate() {
        let mut file: syn::File = syn::parse_quote! {
            /// A tag.
            pub struct Tag { pub id: String }
            impl Tag { pub fn new(id: String) -> Self { Tag { id } } }
            pub type Label = Tag;
        };
        super::gate(&gate(&["tags"]), &mut file.items).expect("the cfg parses");
        let gated = quote!(#file).to_string();
        assert_eq!(gated.matches(r#"# [cfg (feature = "tags")]"#).count(), 3);
        assert!(
            gated.starts_with(r#"# [cfg (feature = "tags")] # [doc = r" A tag."] pub struct Tag"#),
            "{gated}"
        );
    }
}
