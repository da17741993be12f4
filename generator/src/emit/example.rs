//! Spec examples → Rust expressions of the generated types, so docs show a typed value that
//! compiles (`types::NotifyNewMessageRequest { event_id: "evt_54321".to_owned(), .. }`) rather
//! than a JSON string. An example that does not fit its schema yields `None`, never a guess.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::type_ref::ident;
use crate::ir::{Api, Presence, TypeKind, TypeRef};

/// The expression of type `ty` that `value` describes.
pub(super) fn value_expression(api: &Api, ty: &TypeRef, value: &Value) -> Option<TokenStream> {
    match (ty, value) {
        (TypeRef::String, Value::String(text)) => Some(quote!(#text.to_owned())),
        (TypeRef::Bool, Value::Bool(flag)) => Some(quote!(#flag)),
        (TypeRef::I32 | TypeRef::I64, Value::Number(number)) => {
            let literal = Literal::i64_unsuffixed(number.as_i64()?);
            Some(quote!(#literal))
        }
        (TypeRef::F64, Value::Number(number)) => {
            let literal = Literal::f64_unsuffixed(number.as_f64()?);
            Some(quote!(#literal))
        }
        (TypeRef::Vec(item), Value::Array(items)) => {
            let items = items
                .iter()
                .map(|value| value_expression(api, item, value))
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(vec![#(#items),*]))
        }
        (TypeRef::Nullable(_), Value::Null) => Some(quote!(None)),
        (TypeRef::Nullable(inner), value) => {
            let inner = value_expression(api, inner, value)?;
            Some(quote!(Some(#inner)))
        }
        (TypeRef::Boxed(inner), value) => {
            let inner = value_expression(api, inner, value)?;
            Some(quote!(Box::new(#inner)))
        }
        (TypeRef::Named(id), value) => named(api, *id, value),
        _ => None,
    }
}

fn named(api: &Api, id: crate::ir::TypeId, value: &Value) -> Option<TokenStream> {
    let definition = &api.types[id.0];
    let name = ident(&definition.name);
    match (&definition.kind, value) {
        (TypeKind::Struct { fields }, Value::Object(object)) => {
            let inits = fields
                .iter()
                .map(|field| {
                    let field_name = ident(&field.name);
                    if field.presence == Presence::Additional {
                        // Examples only use the named properties in the docs they feed.
                        return Some(quote!(#field_name: Default::default()));
                    }
                    let expression = match (object.get(&field.wire_name), field.presence) {
                        (None, Presence::Required) => return None,
                        (None, _)
                        | (Some(Value::Null), Presence::Optional | Presence::RequiredNullable) => {
                            quote!(None)
                        }
                        (Some(value), Presence::Required) => {
                            value_expression(api, &field.ty, value)?
                        }
                        (Some(value), _) => {
                            let inner = value_expression(api, &field.ty, value)?;
                            quote!(Some(#inner))
                        }
                    };
                    Some(quote!(#field_name: #expression))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(types::#name { #(#inits),* }))
        }
        (TypeKind::Enum { variants, unknown }, Value::String(text)) => {
            Some(match variants.iter().find(|v| v.wire_name == *text) {
                Some(variant) => {
                    let variant = ident(&variant.name);
                    quote!(types::#name::#variant)
                }
                None => {
                    let unknown = ident(unknown);
                    quote!(types::#name::#unknown(#text.to_owned()))
                }
            })
        }
        (TypeKind::Union { variants, tag }, value) => {
            let tag_value = tag
                .as_deref()
                .and_then(|tag| value.get(tag))
                .and_then(Value::as_str);
            variants
                .iter()
                .filter(|variant| tag_value.is_none() || variant.tag_value.as_deref() == tag_value)
                .find_map(|variant| {
                    let inner = value_expression(api, &variant.ty, value)?;
                    let variant_name = ident(&variant.name);
                    Some(quote!(types::#name::#variant_name(#inner)))
                })
        }
        (TypeKind::Alias(target), value) => value_expression(api, target, value),
        _ => None,
    }
}
