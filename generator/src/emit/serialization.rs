//! How a value is written, as the runtime's `style` module spells it: a parameter's
//! `Serialization`, and the `Encoding` of a form or multipart field.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{FieldEncoding, Serialization, Style};

/// `crate::style::FORM`, `crate::style::Serialization::new(crate::style::Style::Label, true)`, …
pub(super) fn serialization(serialization: &Serialization) -> TokenStream {
    let Serialization {
        style,
        explode,
        allow_reserved,
    } = *serialization;
    let base = match (style, explode) {
        (Style::Simple, false) => quote!(crate::style::SIMPLE),
        (Style::Form, true) => quote!(crate::style::FORM),
        (style, explode) => {
            let style = match style {
                Style::Simple => quote!(Simple),
                Style::Label => quote!(Label),
                Style::Matrix => quote!(Matrix),
                Style::Form => quote!(Form),
                Style::SpaceDelimited => quote!(SpaceDelimited),
                Style::PipeDelimited => quote!(PipeDelimited),
                Style::TabDelimited => quote!(TabDelimited),
                Style::DeepObject => quote!(DeepObject),
                Style::Cookie => quote!(Cookie),
                Style::Json => quote!(Json),
            };
            quote!(crate::style::Serialization::new(crate::style::Style::#style, #explode))
        }
    };
    if allow_reserved {
        quote!(#base.allow_reserved())
    } else {
        base
    }
}

/// The runtime's `Encoding` of a field: `Encoding::DEFAULT` without an `encoding` entry. A
/// style wins over a content type, as the specification says.
pub(super) fn field_encoding(encoding: Option<&FieldEncoding>) -> TokenStream {
    let Some(encoding) = encoding else {
        return quote!(crate::style::Encoding::DEFAULT);
    };
    let base = match (&encoding.serialization, &encoding.content_type) {
        (Some(styled), _) => {
            let styled = serialization(styled);
            quote!(crate::style::Encoding::styled(#styled))
        }
        (None, Some(content_type)) => {
            let json = encoding.json;
            quote!(crate::style::Encoding::content_type(#content_type, #json))
        }
        (None, None) => quote!(crate::style::Encoding::DEFAULT),
    };
    if encoding.headers.is_empty() {
        return base;
    }
    let headers = encoding
        .headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    quote!(#base.with_headers(&[#(#headers),*]))
}
