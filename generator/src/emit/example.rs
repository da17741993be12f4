//! Spec examples → Rust expressions of the generated types, so docs show a typed value that
//! compiles (`types::NotifyNewMessageRequest { event_id: "evt_54321".to_owned(), .. }`) rather
//! than a JSON string. An example that does not fit its schema yields `None`, never a guess.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::type_ref::ident;
use crate::ir::{Api, Operation, ParameterLocation, Presence, TypeKind, TypeRef};

/// A call of `op` built from the spec's request example: the statement that makes the body
/// (if any) and the call expression `client.method(..)` (not awaited). `None` when the example
/// is missing or does not fit, or a required parameter has no obvious placeholder.
pub(super) fn example_call(api: &Api, op: &Operation) -> Option<(TokenStream, TokenStream)> {
    let mut arguments = Vec::new();
    for parameter in &op.parameters {
        if !parameter.required {
            arguments.push(quote!(None));
            continue;
        }
        let placeholder = match (&parameter.ty, parameter.location) {
            (TypeRef::String, _) => {
                let text = format!("{}-value", parameter.wire_name);
                quote!(#text)
            }
            (TypeRef::I32 | TypeRef::I64, _) => quote!(1),
            (TypeRef::Bool, _) => quote!(true),
            (
                ty,
                ParameterLocation::Query | ParameterLocation::Header | ParameterLocation::Path,
            ) => {
                let value = enum_placeholder(api, ty)?;
                quote!(&#value)
            }
        };
        arguments.push(placeholder);
    }
    let setup = match &op.body {
        Some(body) => {
            let value = value_expression(api, &body.ty, body.example.as_ref()?)?;
            arguments.push(if body.required {
                quote!(&body)
            } else {
                quote!(Some(&body))
            });
            quote!(let body = #value;)
        }
        None => TokenStream::new(),
    };
    let method = ident(&op.method_name);
    Some((setup, quote!(client.#method(#(#arguments),*))))
}

/// The first value of a string enum, for a required enum parameter.
fn enum_placeholder(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let TypeRef::Named(id) = ty else {
        return None;
    };
    let definition = api.type_def(*id);
    let TypeKind::Enum { variants, .. } = &definition.kind else {
        return None;
    };
    let name = ident(&definition.name);
    let variant = ident(&variants.first()?.name);
    Some(quote!(types::#name::#variant))
}

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
