//! String enums: one variant per value, `#[non_exhaustive]`, and a catch-all that keeps a value
//! the API adds later, so that decoding never fails on it.
//!
//! `Deserialize` is written out rather than derived: serde's derive, given a catch-all
//! `#[serde(untagged)]` variant, buffers every value into its `Content` and tries each variant
//! in turn. A whole-API crate has hundreds of these enums, and that machinery was 5 % of the
//! whole Intercom crate's LLVM IR; reading the string once and matching it needs none of it.
//!
//! Like a struct's members (see `structs`), an enum is built as syntax trees: copies of shapes
//! parsed once per thread, its names and each value's variant filled in.

use quote::quote;
use syn::parse_quote;
use syn::visit_mut::VisitMut;

use super::fill::{string, Fill};
use crate::emit::docs::doc_attribute;
use crate::ir::{Ident, Variant};

/// The enum `name` of `variants` and its catch-all `unknown`, with `as_str`, `Display` and
/// `Deserialize`.
pub(super) fn string_enum(
    name: &Ident,
    docs: Vec<syn::Attribute>,
    variants: &[Variant],
    unknown: &Ident,
    extra: &[syn::Path],
) -> Vec<syn::Item> {
    let name = name.to_syn();
    let named = Fill {
        names: vec![("Type", name.clone()), ("Unknown", unknown.to_syn())],
        ..Fill::default()
    };
    SHAPES.with(|shapes| {
        let mut definition = named.copy(&shapes.definition, VisitMut::visit_item_enum_mut);
        let mut as_str = named.copy(&shapes.as_str, VisitMut::visit_item_impl_mut);
        let display = named.copy(&shapes.display, VisitMut::visit_item_impl_mut);
        let mut deserialize = named.copy(&shapes.deserialize, VisitMut::visit_item_impl_mut);

        let derive = definition
            .attrs
            .iter_mut()
            .find(|attribute| attribute.path().is_ident("derive"));
        if let Some(syn::Attribute {
            meta: syn::Meta::List(derives),
            ..
        }) = derive
        {
            derives
                .tokens
                .extend(extra.iter().map(|path| quote!(, #path)));
        }
        definition.attrs.splice(0..0, docs);

        let mut declarations = Vec::new();
        let mut wire_arms = Vec::new();
        let mut decoded_arms = Vec::new();
        for variant in variants {
            let fill = Fill {
                names: vec![("Type", name.clone()), ("Variant", variant.name.to_syn())],
                strings: vec![("wire", string(&variant.wire_name))],
                ..Fill::default()
            };
            let mut declaration = fill.copy(&shapes.declaration, VisitMut::visit_variant_mut);
            let wire = &variant.wire_name;
            if let syn::Meta::List(rename) = &mut declaration.attrs[0].meta {
                // An attribute's tokens are not syntax trees to visit.
                rename.tokens = quote!(rename = #wire);
            }
            declaration
                .attrs
                .insert(0, doc_attribute(&format!(" `{wire}`")));
            declarations.push(declaration);
            wire_arms.push(fill.copy(&shapes.wire_arm, VisitMut::visit_arm_mut));
            decoded_arms.push(fill.copy(&shapes.decoded_arm, VisitMut::visit_arm_mut));
        }
        definition.variants = declarations
            .into_iter()
            .chain(definition.variants)
            .collect();
        arms_before_catch_all(the_match(&mut as_str), wire_arms);
        let decoded = the_match(&mut deserialize);
        match decoded {
            // An enum whose only listed value is `null` has no variant to match.
            syn::Expr::Match(matched) if variants.is_empty() => {
                if let Some(catch_all) = matched.arms.pop() {
                    *decoded = *catch_all.body;
                }
            }
            _ => arms_before_catch_all(decoded, decoded_arms),
        }
        vec![
            syn::Item::Enum(definition),
            syn::Item::Impl(as_str),
            syn::Item::Impl(display),
            syn::Item::Impl(deserialize),
        ]
    })
}

/// The `match` of the one function of a copy of `methods`' shape.
fn the_match(methods: &mut syn::ItemImpl) -> &mut syn::Expr {
    let Some(syn::ImplItem::Fn(function)) = methods.items.first_mut() else {
        unreachable!("the shape is an impl of one function");
    };
    let matched = function
        .block
        .stmts
        .iter_mut()
        .find_map(|statement| match statement {
            syn::Stmt::Expr(matched @ syn::Expr::Match(_), _) => Some(matched),
            syn::Stmt::Local(local) => local
                .init
                .as_mut()
                .map(|init| &mut *init.expr)
                .filter(|value| matches!(value, syn::Expr::Match(_))),
            _ => None,
        });
    let Some(matched) = matched else {
        unreachable!("the shape's function has a match");
    };
    matched
}

/// `arms` put in `matched` before its last arm, the catch-all.
fn arms_before_catch_all(matched: &mut syn::Expr, arms: Vec<syn::Arm>) {
    if let syn::Expr::Match(matched) = matched {
        let catch_all = matched.arms.len() - 1;
        matched.arms.splice(catch_all..catch_all, arms);
    }
}

thread_local! {
    static SHAPES: Shapes = Shapes::parse();
}

/// The shapes an enum is copied from: `Type` its name, `Unknown` its catch-all, `Variant` a
/// value's variant and `"wire"` the value (see [`Fill`]).
struct Shapes {
    /// The enum, its variants to be put before the catch-all.
    definition: syn::ItemEnum,
    /// `as_str`, its arms to be put before the catch-all's.
    as_str: syn::ItemImpl,
    display: syn::ItemImpl,
    /// `Deserialize`, its arms to be put before the catch-all's.
    deserialize: syn::ItemImpl,
    /// A value's variant, its rename filled in and its doc added as it is made.
    declaration: syn::Variant,
    /// The arm of `as_str` for a value.
    wire_arm: syn::Arm,
    /// The arm of `Deserialize` for a value.
    decoded_arm: syn::Arm,
}

impl Shapes {
    fn parse() -> Self {
        Shapes {
            definition: parse_quote! {
                ///
                /// New values may appear in later API versions: they decode into the catch-all variant,
                /// and the enum is `#[non_exhaustive]` so that adding them is not a breaking change.
                #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize)]
                #[non_exhaustive]
                pub enum Type {
                    /// A value this client does not know (the server may add values), kept as sent.
                    #[serde(untagged)]
                    Unknown(::std::string::String),
                }
            },
            as_str: parse_quote! {
                impl Type {
                    /// The value as it appears on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            Type::Unknown(value) => value,
                        }
                    }
                }
            },
            display: parse_quote! {
                impl ::std::fmt::Display for Type {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            },
            deserialize: parse_quote! {
                impl<'de> ::serde::Deserialize<'de> for Type {
                    fn deserialize<D: ::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        let value: ::std::string::String = ::serde::Deserialize::deserialize(deserializer)?;
                        let variant = match value.as_str() {
                            _ => Type::Unknown(value),
                        };
                        ::std::result::Result::Ok(variant)
                    }
                }
            },
            declaration: parse_quote! {
                #[serde(rename = "wire")]
                Variant
            },
            wire_arm: parse_quote!(Type::Variant => "wire",),
            decoded_arm: parse_quote!("wire" => Type::Variant,),
        }
    }
}
