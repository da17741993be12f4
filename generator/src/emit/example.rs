//! Doc examples: a call of an operation with placeholders for its required parameters and the
//! spec's request example as its body, spelled as Rust the way a user writes it
//! (`types::CustomChannelContact::new(types::CustomChannelContactType::User, "user_1")
//! .with_name("John")`). Lowering decided how the example maps onto the types; this only writes
//! the expressions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{definition_of, Api, ExampleValue, Operation, Presence, TypeKind, TypeRef};

/// A call of `op` built from the spec's request example: the statement that makes the body
/// (if any) and the call expression `client.method(..)` (not awaited). `None` when the example
/// is missing or does not fit, or a required parameter has no obvious placeholder.
pub(super) fn example_call(api: &Api, op: &Operation) -> Option<(TokenStream, TokenStream)> {
    let mut arguments = Vec::new();
    for parameter in op.parameters.iter().filter(|p| p.required) {
        let placeholder = match &parameter.ty {
            TypeRef::String => {
                let text = format!("{}-value", parameter.wire_name);
                quote!(#text)
            }
            TypeRef::I32 | TypeRef::I64 => quote!(1),
            TypeRef::Bool => quote!(true),
            ty => {
                let value = enum_placeholder(api, ty)?;
                quote!(&#value)
            }
        };
        arguments.push(placeholder);
    }
    let method = &op.method_name;
    let (setup, call) = match &op.body {
        Some(body) => {
            let value = value_expression(api, body.example.as_ref()?);
            let call = if body.required {
                arguments.push(quote!(&body));
                quote!(client.#method(#(#arguments),*))
            } else {
                quote!(client.#method(#(#arguments),*).body(&body))
            };
            (quote!(let body = #value;), call)
        }
        None => (TokenStream::new(), quote!(client.#method(#(#arguments),*))),
    };
    Some((setup, call))
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
    let name = &definition.name;
    let variant = &variants.first()?.name;
    Some(quote!(types::#name::#variant))
}

/// The expression passed where the parameter takes `impl Into<T>`: a string literal stays a
/// literal (`"evt_1"` rather than `"evt_1".to_owned()`).
fn argument_expression(api: &Api, value: &ExampleValue) -> TokenStream {
    match value {
        ExampleValue::String(text) => quote!(#text),
        value => value_expression(api, value),
    }
}

/// The expression that builds `value`.
pub(crate) fn value_expression(api: &Api, value: &ExampleValue) -> TokenStream {
    match value {
        ExampleValue::String(text) => quote!(#text.to_owned()),
        ExampleValue::Bool(flag) => quote!(#flag),
        // Passed as `impl Into<i64>`, an unsuffixed literal would be an `i32` (the fallback
        // when several integer types convert), so one beyond `i32` says it is an `i64`.
        ExampleValue::Integer(number) => {
            let literal = match i32::try_from(*number) {
                Ok(_) => Literal::i64_unsuffixed(*number),
                Err(_) => Literal::i64_suffixed(*number),
            };
            quote!(#literal)
        }
        ExampleValue::Float(number) => {
            let literal = Literal::f64_unsuffixed(*number);
            quote!(#literal)
        }
        ExampleValue::List(items) => {
            let items = items.iter().map(|item| value_expression(api, item));
            quote!(vec![#(#items),*])
        }
        ExampleValue::None => quote!(None),
        ExampleValue::Some(inner) => {
            let inner = value_expression(api, inner);
            quote!(Some(#inner))
        }
        ExampleValue::Boxed(inner) => {
            let inner = value_expression(api, inner);
            quote!(Box::new(#inner))
        }
        ExampleValue::Default => quote!(Default::default()),
        ExampleValue::Struct { ty, fields } => {
            let name = &api.type_def(*ty).name;
            let definition = definition_of(&api.types, &TypeRef::Named(*ty));
            let Some(TypeKind::Struct { fields: declared }) = definition.map(|d| &d.kind) else {
                return quote!(Default::default());
            };
            let mut arguments = Vec::new();
            let mut setters = Vec::new();
            for (field, value) in declared.iter().zip(fields) {
                match (field.presence, value) {
                    (Presence::Required, value) => {
                        arguments.push(argument_expression(api, value));
                    }
                    (Presence::RequiredNullable, value) => {
                        arguments.push(value_expression(api, value));
                    }
                    (Presence::Optional, ExampleValue::Some(value)) => {
                        let value = argument_expression(api, value);
                        let setter = &field.setter;
                        setters.push(quote!(.#setter(#value)));
                    }
                    (Presence::Optional | Presence::Additional, _) => {}
                }
            }
            quote!(types::#name::new(#(#arguments),*) #(#setters)*)
        }
        ExampleValue::Variant { ty, variant } => {
            let definition = api.type_def(*ty);
            let name = &definition.name;
            match &definition.kind {
                TypeKind::Enum { variants, .. } => {
                    let variant = variants.get(*variant).map(|v| &v.name);
                    quote!(types::#name::#variant)
                }
                _ => quote!(Default::default()),
            }
        }
        ExampleValue::Unknown { ty, value } => {
            let definition = api.type_def(*ty);
            let name = &definition.name;
            match &definition.kind {
                TypeKind::Enum { unknown, .. } => quote!(types::#name::#unknown(#value.to_owned())),
                _ => quote!(Default::default()),
            }
        }
        ExampleValue::Json(value) => {
            let value = json_tokens(value);
            quote!(serde_json::json!(#value))
        }
        ExampleValue::Map {
            entries,
            json_object,
        } => {
            let entries = entries.iter().map(|(name, value)| {
                let value = value_expression(api, value);
                quote!((#name.to_owned(), #value))
            });
            let map = match json_object {
                true => quote!(serde_json::Map::from_iter),
                false => quote!(std::collections::BTreeMap::from),
            };
            quote!(#map([#(#entries),*]))
        }
        ExampleValue::Alternative { ty, variant, value } => {
            let definition = api.type_def(*ty);
            let name = &definition.name;
            let inner = value_expression(api, value);
            match &definition.kind {
                TypeKind::Union { variants, .. } => {
                    let variant = variants.get(*variant).map(|v| &v.name);
                    quote!(types::#name::#variant(#inner))
                }
                _ => quote!(Default::default()),
            }
        }
    }
}

/// `value` as the tokens `serde_json::json!` takes.
fn json_tokens(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(null),
        Value::Bool(flag) => quote!(#flag),
        // One literal, sign included, so that the macro's tokens print as `-3.5`.
        Value::Number(number) => {
            let literal = match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(n), _, _) => Literal::u64_unsuffixed(n),
                (None, Some(n), _) => Literal::i64_unsuffixed(n),
                (None, None, n) => Literal::f64_unsuffixed(n.unwrap_or_default()),
            };
            quote!(#literal)
        }
        Value::String(text) => quote!(#text),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(object) => {
            let entries = object.iter().map(|(name, value)| {
                let value = json_tokens(value);
                quote!(#name: #value)
            });
            quote!({ #(#entries),* })
        }
    }
}
