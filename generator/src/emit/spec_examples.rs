//! `src/spec_examples.rs`: a test, compiled only for `cargo test`, that every example in the
//! spec round-trips through the generated types (see the runtime's `example_check`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::features::cfg_all;
use super::type_ref::{rust_type, Scope};
use crate::ir::{Api, TypeRef};

/// The test module.
pub(super) fn spec_examples_rs(api: &Api) -> TokenStream {
    let examples = api.examples.iter().map(|example| {
        let pointer = &example.pointer;
        let json = raw_string(&example.json);
        let ty = rust_type(api, &example.ty, Scope::Crate);
        let cfg = example_cfg(api, &example.ty);
        quote!(#cfg (#pointer, #json, round_trip::<#ty>),)
    });
    let known = api
        .known_example_mismatches
        .iter()
        .map(|(pointer, reason)| {
            let example = api.examples.iter().find(|e| &e.pointer == pointer);
            let cfg = example.and_then(|example| example_cfg(api, &example.ty));
            quote!(#cfg (#pointer, #reason),)
        });
    quote! {
        //! Every example the API description gives, with the type it must round-trip through.

        use crate::example_check::{round_trip, run, Check};
        #[allow(unused_imports, reason = "examples of primitive types name no generated type")]
        use crate::types;

        /// `(JSON pointer, example, check)` for every example.
        const EXAMPLES: &[(&str, &str, Check)] = &[#(#examples)*];

        /// Examples that do not round-trip, with the reason (`known_example_mismatches` in the
        /// codegen config).
        const KNOWN_MISMATCHES: &[(&str, &str)] = &[#(#known)*];

        #[test]
        fn every_spec_example_round_trips() {
            run(EXAMPLES, KNOWN_MISMATCHES);
        }
    }
}

/// The `#[cfg]` under which an example of `ty` is checked: when every type it names compiles.
fn example_cfg(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let mut gates = Vec::new();
    ty.for_each_named(&mut |id| gates.push(&api.type_def(id).gate));
    cfg_all(gates)
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
