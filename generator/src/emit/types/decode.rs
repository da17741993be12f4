//! A struct's `Deserialize`: `crate::decode::deserialize!`, and the struct's `Object` impl,
//! which reads its object's keys into a slot per field (the runtime's `decode` module says why
//! it is not derived).
//!
//! Like the struct's members (see `structs`), the impl is built as a syntax tree: copies of
//! shapes parsed once per thread, with each field's names filled in.

use std::collections::HashSet;

use syn::parse_quote;
use syn::visit_mut::VisitMut;

use super::fill::{string, Fill};
use crate::ir::{Field, Ident, Presence};

/// The struct `name`'s `Deserialize` and `Object` impl.
pub(super) fn deserialize(name: &Ident, fields: &[Field]) -> [syn::Item; 2] {
    let struct_name = name.to_syn();
    // A macro's tokens are not syntax trees to visit.
    let entry_tokens = quote::ToTokens::to_token_stream(&struct_name);
    let named = Fill {
        names: vec![("Type", struct_name)],
        strings: vec![("struct Type", string(&format!("struct {name}")))],
        ..Fill::default()
    };
    let slots = slot_names(fields);
    SHAPES.with(|shapes| {
        let mut entry = shapes.entry.clone();
        entry.mac.tokens = entry_tokens;
        let mut object = named.copy(&shapes.object, VisitMut::visit_item_impl_mut);
        let mut body = Vec::new();
        let mut values = Vec::new();
        let mut arms = Vec::new();
        let mut undeclared = None;
        for (field, slot) in fields.iter().zip(&slots) {
            let field_name = field.name.to_syn();
            // `field: field` is written `field`.
            let shorthand = *slot == field_name && field.presence == Presence::Additional;
            let fill = Fill {
                names: vec![("field", field_name), ("slot", slot.clone())],
                strings: vec![("key", string(&field.wire_name))],
                ..Fill::default()
            };
            let (start, value) = match field.presence {
                Presence::Required => (&shapes.slot, &shapes.required),
                Presence::RequiredNullable | Presence::Optional => (&shapes.slot, &shapes.optional),
                Presence::Additional => {
                    undeclared = Some(fill.copy(&shapes.kept, VisitMut::visit_arm_mut));
                    (&shapes.map, &shapes.map_value)
                }
            };
            body.push(fill.copy(start, VisitMut::visit_stmt_mut));
            let mut value = fill.copy(value, VisitMut::visit_field_value_mut);
            if shorthand {
                value.colon_token = None;
            }
            values.push(value);
            if field.presence != Presence::Additional {
                arms.push(fill.copy(&shapes.arm, VisitMut::visit_arm_mut));
            }
        }
        body.push(match (arms.is_empty(), undeclared) {
            // No key to match: every key is undeclared.
            (true, Some(kept)) => keys_loop(&shapes.keys, *kept.body),
            (true, None) => shapes.skip_all.clone(),
            (false, undeclared) => {
                arms.push(undeclared.unwrap_or_else(|| shapes.skipped.clone()));
                let mut matched = shapes.matched.clone();
                matched.arms = arms;
                keys_loop(&shapes.keys, syn::Expr::Match(matched))
            }
        });
        let mut done = shapes.done.clone();
        let syn::Expr::Call(ok) = &mut done else {
            unreachable!("the last shape is a call of `Ok`");
        };
        let Some(syn::Expr::Struct(literal)) = ok.args.first_mut() else {
            unreachable!("`Ok` of a struct literal");
        };
        literal.fields.extend(values);
        body.push(syn::Stmt::Expr(done, None));
        let Some(syn::ImplItem::Fn(read)) = object.items.last_mut() else {
            unreachable!("the `Object` shape ends with `read`");
        };
        read.block.stmts = body;
        [syn::Item::Macro(entry), syn::Item::Impl(object)]
    })
}

/// The loop over the object's keys, `reading` each: a block's statements, or one expression.
fn keys_loop(shape: &syn::ExprWhile, reading: syn::Expr) -> syn::Stmt {
    let mut keys = shape.clone();
    keys.body.stmts = match reading {
        syn::Expr::Block(block) => block.block.stmts,
        expression => vec![syn::Stmt::Expr(expression, None)],
    };
    syn::Stmt::Expr(syn::Expr::While(keys), None)
}

/// A local for each field's value while the object is read: the field's name, unless the
/// visitor's own locals (`map`, `key`) or another slot have it.
fn slot_names(fields: &[Field]) -> Vec<syn::Ident> {
    let mut taken: HashSet<String> = ["map", "key"].map(String::from).into();
    fields
        .iter()
        .map(|field| {
            let mut slot = field.name.as_str().to_owned();
            if taken.insert(slot.clone()) {
                return field.name.to_syn();
            }
            while !taken.insert(slot.clone()) {
                slot.push_str("_value");
            }
            // No keyword ends in `_value`.
            syn::Ident::new(&slot, proc_macro2::Span::call_site())
        })
        .collect()
}

thread_local! {
    static SHAPES: Shapes = Shapes::parse();
}

/// The shapes the impls are copied from (see [`Fill`]).
struct Shapes {
    /// `Deserialize` for the struct named in its tokens.
    entry: syn::ItemMacro,
    /// `Object` for the struct `Type`, its `read` to be filled in.
    object: syn::ItemImpl,
    /// A declared field's slot.
    slot: syn::Stmt,
    /// The loop over the object's keys, its body to be filled in.
    keys: syn::ExprWhile,
    /// The match of a key, its arms to be filled in.
    matched: syn::ExprMatch,
    /// The struct decoded, its fields to be filled in.
    done: syn::Expr,
    /// The map of the undeclared properties.
    map: syn::Stmt,
    /// The arm that reads a declared field's key.
    arm: syn::Arm,
    /// The catch-all arm where undeclared keys are kept.
    kept: syn::Arm,
    /// The catch-all arm where undeclared keys are skipped.
    skipped: syn::Arm,
    /// The loop of an object that declares no key and allows none: each is skipped.
    skip_all: syn::Stmt,
    /// A required field's value in the struct literal.
    required: syn::FieldValue,
    /// An optional or nullable field's value: absent is `None`.
    optional: syn::FieldValue,
    /// The additional properties' map in the struct literal.
    map_value: syn::FieldValue,
}

impl Shapes {
    fn parse() -> Self {
        Shapes {
            entry: parse_quote!(crate::decode::deserialize!(Type);),
            object: parse_quote! {
                impl crate::decode::Object for Type {
                    const EXPECTED: &'static str = "struct Type";

                    fn read<'de, A: ::serde::de::MapAccess<'de>>(
                        mut map: A,
                    ) -> ::std::result::Result<Self, A::Error> {}
                }
            },
            slot: parse_quote!(let mut slot = crate::decode::Slot::new("key");),
            keys: parse_quote! {
                while let Some(key) = map.next_key::<crate::decode::Key<'de>>()? {}
            },
            matched: parse_quote!(match key.as_str() {}),
            // `Self`: a struct named `A` would be the parameter `A`.
            done: parse_quote!(::std::result::Result::Ok(Self {})),
            map: parse_quote!(let mut slot = ::std::collections::BTreeMap::new();),
            arm: parse_quote!("key" => slot.read(&mut map)?,),
            kept: parse_quote! {
                _ => {
                    slot.insert(key.into_string(), map.next_value()?);
                }
            },
            skipped: parse_quote! {
                _ => {
                    map.next_value::<::serde::de::IgnoredAny>()?;
                }
            },
            skip_all: parse_quote! {
                while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                    map.next_value::<::serde::de::IgnoredAny>()?;
                }
            },
            required: parse_quote!(field: slot.required()?),
            optional: parse_quote!(field: slot.optional()),
            map_value: parse_quote!(field: slot),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, TypeRef};

    fn field(name: &str) -> Field {
        Field {
            name: Ident::field_name(name),
            wire_name: name.to_owned(),
            docs: Docs::default(),
            ty: TypeRef::Json,
            presence: Presence::Optional,
            read_only: false,
            setter: None,
        }
    }

    #[test]
    fn a_slot_is_its_field_unless_the_visitor_or_another_slot_has_the_name() {
        let fields = ["type", "map", "key", "map_value", "name"].map(field);
        let slots: Vec<String> = slot_names(&fields)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            slots,
            [
                "r#type",
                "map_value",
                "key_value",
                "map_value_value",
                "name"
            ]
        );
    }
}
