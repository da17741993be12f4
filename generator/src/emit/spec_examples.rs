//! `src/spec_examples.rs`: a test, compiled only for `cargo test`, that every example in the
//! spec round-trips through the generated types (see the runtime's `example_check`).

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ref::{type_tokens, Scope};
use crate::ir::Api;

/// The test module.
pub(super) fn spec_examples_rs(api: &Api) -> TokenStream {
    let examples = api.examples.iter().map(|example| {
        let pointer = &example.pointer;
        let json = &example.json;
        let ty = type_tokens(api, &example.ty, Scope::Crate);
        quote!((#pointer, #json, round_trip::<#ty>),)
    });
    let known = api
        .known_example_mismatches
        .iter()
        .map(|(pointer, reason)| quote!((#pointer, #reason),));
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
