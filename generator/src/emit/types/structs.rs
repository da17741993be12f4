//! Structs, `#[non_exhaustive]` so that a field the API adds later is not a breaking change:
//! built with `new` (the required fields, in spec order) and a `with_` setter per optional field,
//! read through public fields. `Default` where no field is required. `Deserialize` is written
//! out (see `decode`).
//!
//! `Some` and `None` are written bare: they live in the value namespace, where no generated
//! type (a braced struct, an enum, an alias) can shadow them.
//!
//! The members are built as syntax trees, not written as tokens for render to parse: a
//! whole-API crate has thousands of fields and setters, each one of a few shapes (the whole 2.14
//! spec has 2,109 fields and 1,550 setters, and making and formatting the setters was about a
//! fifth of its generation's CPU time). The shapes are parsed once per thread and each member is
//! a copy with its names and type filled in.

use quote::quote;
use syn::parse_quote;
use syn::visit_mut::VisitMut;

use super::fill::Fill;
use crate::emit::docs::{doc_attribute, doc_attributes};
use crate::emit::type_ref::{rust_type, Scope};
use crate::ir::{Api, Field, Ident, Presence};

/// Clippy's limit for arguments (`too_many_arguments`); a constructor over it says why.
const CLIPPY_ARGUMENT_LIMIT: usize = 7;

/// The struct `name`, and an impl of its constructor and its setters.
pub(super) fn structure(
    api: &Api,
    name: &Ident,
    docs: Vec<syn::Attribute>,
    fields: &[Field],
    extra: &[syn::Path],
) -> syn::Result<Vec<syn::Item>> {
    let required = fields.iter().filter(|f| is_required(f)).count();
    let default = (required == 0).then(|| quote!(, Default));
    let mut definition: syn::ItemStruct = syn::parse2(quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize #default #(, #extra)*)]
        #[non_exhaustive]
        pub struct #name {}
    })?;
    definition.attrs.splice(0..0, docs);
    let new_doc = if required == 0 {
        format!(" A new `{name}` with every field unset; set them with the `with_` methods.")
    } else {
        format!(" A new `{name}` of its required fields; the optional ones start unset (see the `with_` methods).")
    };
    let (constructor, setters) = SHAPES.with(|shapes| {
        let mut constructor = shapes.constructor.clone();
        constructor.attrs.push(doc_attribute(&new_doc));
        if required > CLIPPY_ARGUMENT_LIMIT {
            constructor.attrs.push(parse_quote! {
                #[allow(clippy::too_many_arguments, reason = "one argument per required field of the schema")]
            });
        }
        let mut setters = Vec::new();
        let syn::Fields::Named(declarations) = &mut definition.fields else {
            unreachable!("a braced struct has named fields");
        };
        let Some(syn::Stmt::Expr(syn::Expr::Struct(literal), _)) =
            constructor.block.stmts.first_mut()
        else {
            unreachable!("the constructor's shape is a struct literal");
        };
        literal.path = name.to_syn().into();
        for field in fields {
            let fill = Fill {
                names: vec![("field", field.name.to_syn())],
                ty: Some(rust_type(api, &field.ty, Scope::Types)),
                ..Fill::default()
            };
            let shape = shapes.member(field.presence);
            let docs = field.docs.render(api);
            declarations
                .named
                .push(declaration(field, &docs, shape, &fill));
            literal
                .fields
                .push(fill.copy(&shape.initializer, VisitMut::visit_field_value_mut));
            if let Some(parameter) = &shape.parameter {
                constructor
                    .sig
                    .inputs
                    .push(fill.copy(parameter, VisitMut::visit_fn_arg_mut));
            }
            if let Some(method) = &field.setter {
                setters.push(setter(field, &docs, method, &shapes.setter, &fill));
            }
        }
        (constructor, setters)
    });
    let mut methods: syn::ItemImpl = syn::parse2(quote!(impl #name {}))?;
    methods.items.push(syn::ImplItem::Fn(constructor));
    methods.items.extend(setters);
    let [deserialize, visitor] = super::decode::deserialize(name, fields);
    Ok(vec![
        syn::Item::Struct(definition),
        syn::Item::Impl(methods),
        deserialize,
        visitor,
    ])
}

fn is_required(field: &Field) -> bool {
    matches!(
        field.presence,
        Presence::Required | Presence::RequiredNullable
    )
}

/// The field's declaration: its `docs`, its wire name when it differs, then its shape's.
fn declaration(field: &Field, docs: &str, shape: &MemberShape, fill: &Fill) -> syn::Field {
    let mut declaration = fill.copy(&shape.field, VisitMut::visit_field_mut);
    let mut attributes = doc_attributes(docs);
    if field.name.as_str() != field.wire_name && field.presence != Presence::Additional {
        let wire_name = &field.wire_name;
        attributes.push(parse_quote!(#[serde(rename = #wire_name)]));
    }
    if field.read_only {
        // In place of the shape's own condition (an optional field's `is_none`).
        declaration
            .attrs
            .retain(|attribute| !attribute.path().is_ident("serde"));
        let left_out = match field.presence {
            Presence::Optional => "crate::request::read_only_or_none",
            _ => "crate::request::read_only",
        };
        attributes.push(parse_quote!(#[serde(skip_serializing_if = #left_out)]));
    }
    declaration.attrs.splice(0..0, attributes);
    declaration
}

/// `with_field(value)`: sets an optional field; its doc is the first line of the field's `docs`.
fn setter(
    field: &Field,
    docs: &str,
    method: &Ident,
    shape: &syn::ImplItemFn,
    fill: &Fill,
) -> syn::ImplItem {
    let name = &field.name;
    let summary = docs.lines().next().unwrap_or_default();
    let doc = format!(
        " Sets [`{name}`]({}): {summary}",
        name.doc_link("Self", "structfield")
    );
    let mut setter = fill.copy(shape, VisitMut::visit_impl_item_fn_mut);
    setter.sig.ident = method.to_syn();
    setter.attrs.push(doc_attribute(&doc));
    syn::ImplItem::Fn(setter)
}

thread_local! {
    static SHAPES: Shapes = Shapes::parse();
}

/// The shapes a struct's members are copied from (see [`Fill`]).
struct Shapes {
    required: MemberShape,
    /// A missing key decodes as `None` (serde's rule for `Option`); `None` encodes as `null`.
    required_nullable: MemberShape,
    optional: MemberShape,
    additional: MemberShape,
    /// `new`, without its parameters and its fields' initializers.
    constructor: syn::ImplItemFn,
    /// A setter, without its name and docs.
    setter: syn::ImplItemFn,
}

/// What a field of one [`Presence`] is made of.
struct MemberShape {
    /// Its declaration, without docs or rename.
    field: syn::Field,
    /// Its initializer in `new`.
    initializer: syn::FieldValue,
    /// Its parameter of `new`, for a required field.
    parameter: Option<syn::FnArg>,
}

impl Shapes {
    fn parse() -> Self {
        Shapes {
            required: MemberShape {
                field: parse_quote!(pub field: Type),
                initializer: parse_quote!(field: field.into()),
                parameter: Some(parse_quote!(field: impl ::std::convert::Into<Type>)),
            },
            required_nullable: MemberShape {
                field: parse_quote!(pub field: ::std::option::Option<Type>),
                initializer: parse_quote!(field),
                parameter: Some(parse_quote!(field: ::std::option::Option<Type>)),
            },
            optional: MemberShape {
                field: parse_quote! {
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub field: ::std::option::Option<Type>
                },
                initializer: parse_quote!(field: None),
                parameter: None,
            },
            additional: MemberShape {
                field: parse_quote! {
                    #[serde(flatten)]
                    pub field: Type
                },
                initializer: parse_quote!(field: ::std::default::Default::default()),
                parameter: None,
            },
            constructor: parse_quote! {
                pub fn new() -> Self {
                    Type {}
                }
            },
            setter: parse_quote! {
                pub fn method(mut self, field: impl ::std::convert::Into<Type>) -> Self {
                    self.field = Some(field.into());
                    self
                }
            },
        }
    }

    fn member(&self, presence: Presence) -> &MemberShape {
        match presence {
            Presence::Required => &self.required,
            Presence::RequiredNullable => &self.required_nullable,
            Presence::Optional => &self.optional,
            Presence::Additional => &self.additional,
        }
    }
}
