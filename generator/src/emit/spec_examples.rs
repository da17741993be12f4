//! `src/spec_examples.rs`: a test, compiled only for `cargo test`, that every example in the
//! spec round-trips through the generated types (see the runtime's `example_check`).
//!
//! The examples are built as syntax trees, not written as tokens for render to parse: a whole
//! API has thousands (the whole 2.14 spec 1,600, 425 kB of Rust), and parsing them back was
//! two thirds of this file's cost.

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;

use super::features::cfg_all;
use super::type_ref::{rust_type, Scope};
use crate::ir::{Api, TypeRef};

/// The test module.
pub(super) fn spec_examples_rs(api: &Api) -> syn::Result<syn::File> {
    let mut file: syn::File = syn::parse2(module())?;
    let examples = api.examples.iter().map(|example| {
        let ty = rust_type(api, &example.ty, Scope::Crate);
        let check = [
            string(&example.pointer),
            literal(raw_string(&example.json)),
            round_trip(ty),
        ];
        Ok(tuple(cfg(api, &example.ty)?, check))
    });
    *elements(&mut file, "EXAMPLES") = examples.collect::<syn::Result<_>>()?;
    let known = api
        .known_example_mismatches
        .iter()
        .map(|(pointer, reason)| {
            let example = api.examples.iter().find(|e| &e.pointer == pointer);
            let cfg = match example {
                Some(example) => cfg(api, &example.ty)?,
                None => Vec::new(),
            };
            Ok(tuple(cfg, [string(pointer), string(reason)]))
        });
    *elements(&mut file, "KNOWN_MISMATCHES") = known.collect::<syn::Result<_>>()?;
    Ok(file)
}

/// The module, its two lists empty.
fn module() -> TokenStream {
    quote! {
        //! Every example the API description gives, with the type it must round-trip through.

        use crate::example_check::{round_trip, run, Check};
        #[allow(unused_imports, reason = "examples of primitive types name no generated type")]
        use crate::types;

        /// `(JSON pointer, example, check)` for every example.
        const EXAMPLES: &[(&str, &str, Check)] = &[];

        /// Examples that do not round-trip, with the reason (`known_example_mismatches` in the
        /// codegen config).
        const KNOWN_MISMATCHES: &[(&str, &str)] = &[];

        #[test]
        fn every_spec_example_round_trips() {
            run(EXAMPLES, KNOWN_MISMATCHES);
        }
    }
}

/// The elements of the array that the constant `name` of `file` refers to.
fn elements<'f>(
    file: &'f mut syn::File,
    name: &str,
) -> &'f mut Punctuated<syn::Expr, syn::Token![,]> {
    for item in &mut file.items {
        if let syn::Item::Const(constant) = item {
            if let syn::Expr::Reference(reference) = &mut *constant.expr {
                if let syn::Expr::Array(array) = &mut *reference.expr {
                    if constant.ident == name {
                        return &mut array.elems;
                    }
                }
            }
        }
    }
    unreachable!("the module declares the list `{name}`")
}

/// `#[cfg] (elements…)`.
fn tuple<const N: usize>(cfg: Vec<syn::Attribute>, elements: [syn::Expr; N]) -> syn::Expr {
    syn::Expr::Tuple(syn::ExprTuple {
        attrs: cfg,
        paren_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

fn string(text: &str) -> syn::Expr {
    literal(Literal::string(text))
}

fn literal(literal: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

/// `round_trip::<ty>`.
fn round_trip(ty: syn::Type) -> syn::Expr {
    let mut check = syn::PathSegment::from(syn::Ident::new("round_trip", Span::call_site()));
    check.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
        colon2_token: Some(Default::default()),
        lt_token: Default::default(),
        args: [syn::GenericArgument::Type(ty)].into_iter().collect(),
        gt_token: Default::default(),
    });
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: check.into(),
    })
}

/// The `#[cfg]` under which an example of `ty` is checked: when every type it names compiles.
fn cfg(api: &Api, ty: &TypeRef) -> syn::Result<Vec<syn::Attribute>> {
    let mut gates = Vec::new();
    ty.for_each_named(&mut |id| gates.push(&api.type_def(id).gate));
    match cfg_all(gates) {
        Some(cfg) => syn::Attribute::parse_outer.parse2(cfg),
        None => Ok(Vec::new()),
    }
}

/// `text` as a raw string literal (`r#"{"id":1}"#`), so the examples read as the JSON they are
/// rather than as escaped quotes. The delimiter has one `#` more than the longest run of `#`
/// after a quote in `text`. Compact JSON has no raw control characters, so the one character a
/// raw string cannot hold, a bare carriage return, does not occur (if it did, this would fall
/// back to an escaped literal).
fn raw_string(text: &str) -> Literal {
    let longest_run = text
        .split('"')
        .skip(1)
        .map(|after_quote| after_quote.len() - after_quote.trim_start_matches('#').len())
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(longest_run + 1);
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::raw_string;

    #[test]
    fn raw_strings_outlast_every_run_of_hashes_after_a_quote() {
        assert_eq!(raw_string(r#"{"id":1}"#).to_string(), r##"r#"{"id":1}"#"##);
        assert_eq!(raw_string("plain").to_string(), r##"r#"plain"#"##);
        assert_eq!(
            raw_string(r###"{"tag":"a"##b"}"###).to_string(),
            r####"r###"{"tag":"a"##b"}"###"####
        );
    }
}
