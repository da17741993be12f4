//! Copies of shapes with their placeholders filled in. A whole-API crate has thousands of
//! fields, setters, decoding steps and enum values, each one of a few shapes: a shape is
//! parsed once per thread, and each use is a copy of it with its names put in, instead of
//! tokens that render would parse again (`structs`, `decode`, `enums`).

use syn::visit_mut::{self, VisitMut};

/// What goes in place of a shape's placeholders.
#[derive(Default)]
pub(super) struct Fill {
    /// Placeholder identifiers, and the names put in their place.
    pub(super) names: Vec<(&'static str, syn::Ident)>,
    /// Placeholder string literals, by value, and the literals put in their place.
    pub(super) strings: Vec<(&'static str, syn::LitStr)>,
    /// The type put in place of the type `Type`.
    pub(super) ty: Option<syn::Type>,
}

impl Fill {
    /// A copy of `shape` filled in by `visit`, the visitor's method for its kind of tree.
    pub(super) fn copy<'a, T: Clone>(
        &'a self,
        shape: &T,
        visit: impl FnOnce(&mut &'a Self, &mut T),
    ) -> T {
        let mut copy = shape.clone();
        visit(&mut { self }, &mut copy);
        copy
    }
}

impl VisitMut for &Fill {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some((_, name)) = self
            .names
            .iter()
            .find(|(placeholder, _)| ident == placeholder)
        {
            *ident = name.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        if self.strings.is_empty() {
            return;
        }
        let value = literal.value();
        if let Some((_, text)) = self
            .strings
            .iter()
            .find(|(placeholder, _)| value == *placeholder)
        {
            *literal = text.clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        let is_placeholder = matches!(ty, syn::Type::Path(path) if path.path.is_ident("Type"));
        match &self.ty {
            Some(filled) if is_placeholder => *ty = filled.clone(),
            _ => visit_mut::visit_type_mut(self, ty),
        }
    }
}

/// A literal of `text`, to put in place of a placeholder string.
pub(super) fn string(text: &str) -> syn::LitStr {
    syn::LitStr::new(text, proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::parse_quote;

    use super::*;

    #[test]
    fn a_copy_has_its_names_strings_and_type_put_in_and_the_shape_is_left_as_it_was() {
        let shape: syn::ItemFn = parse_quote! {
            fn field(slot: Type) -> Vec<Type> {
                slot.read("key", "other", field)
            }
        };
        let fill = Fill {
            names: vec![
                ("field", parse_quote!(name)),
                ("slot", parse_quote!(r#type)),
            ],
            strings: vec![("key", string("wire"))],
            ty: Some(parse_quote!(::std::string::String)),
        };
        let copy = fill.copy(&shape, VisitMut::visit_item_fn_mut);
        assert_eq!(
            copy.to_token_stream().to_string(),
            quote::quote! {
                fn name(r#type: ::std::string::String) -> Vec<::std::string::String> {
                    r#type.read("wire", "other", name)
                }
            }
            .to_string()
        );
        assert!(shape.to_token_stream().to_string().contains("fn field"));
    }
}
