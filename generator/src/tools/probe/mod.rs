//! A wire probe of a generated crate: a test that calls every operation once, against a server
//! given at run time (a mock server that validates requests, like Prism), and prints one line
//! per call saying how it went. Every parameter is set, optional ones included, so that every
//! style the description uses goes on the wire; bodies and parameter values are samples of
//! their schemas (`sample.rs`), typed against the generated types the way the docs' examples
//! are. Every request goes through a tap (`tap.rs`) that keeps it as sent, and each call's
//! line carries its requests, for the checks of [`WireRules`]. `cargo xtask probe` builds and
//! runs it for the corpus.

mod pattern;
mod sample;
mod tap;
mod wire;

use std::collections::HashMap;
use std::path::Path;

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::config::Config;
use crate::emit::example::value_expression;
use crate::ir::{Api, Auth, BodyEncoding, Operation, Parameter, TypeRef};
use crate::lower::examples::typed;
use crate::lower::operation::parameters::location;
use crate::spec::resolve::{Resolver, SchemaRef};
use crate::spec::{Pointer, Source, Spec};
use crate::{Error, Generation};

pub use wire::WireRules;

/// The line every call prints, before its outcome as JSON.
pub const LINE_PREFIX: &str = "PROBE ";

/// The probe test of a crate.
#[derive(Debug)]
pub struct Probe {
    /// The test's source, for `tests/probe.rs` of the crate.
    pub source: String,
    /// The operations it calls.
    pub calls: usize,
    /// The operations it cannot call, each with why (a value it could not make).
    pub uncalled: Vec<(String, String)>,
    /// What the description allows in the query and form body of each operation it calls.
    pub wire: HashMap<String, WireRules>,
}

/// [`generate_source`](crate::generate_source) of `config` (paths relative to `root`), and the
/// probe of the crate it generates, from the one lowered model.
pub fn generate_with_probe(
    root: &Path,
    config: &Config,
    source: Source,
) -> Result<(Generation, Probe), Error> {
    let mut spec = crate::with_overlays(root, config, source)?;
    let lowered = crate::lowered(root, config, &mut spec)?;
    let probe = probe_of(&spec, &lowered.api);
    Ok((crate::emitted(lowered)?, probe))
}

fn probe_of(spec: &Spec, api: &Api) -> Probe {
    let sampler = Sampler {
        resolver: Resolver::new(&spec.api),
        spec,
        api,
    };
    let mut callers = Vec::new();
    let mut uncalled = Vec::new();
    let mut wire = HashMap::new();
    for op in &api.operations {
        match sampler.call(op) {
            Ok((call, rules)) => {
                wire.insert(op.id.clone(), rules);
                let id = &op.id;
                let caller = format_ident!("call_{}", callers.len());
                // Each call in a function of its own that puts it on the heap: a body of a large
                // API's types is kilobytes, and a debug build gives every future made in one
                // function its own slot in that function's stack frame.
                callers.push((
                    caller.clone(),
                    quote! {
                        fn #caller(client: &Client) -> Pin<Box<dyn Future<Output = ()> + '_>> {
                            Box::pin(async move { report(#id, async { #call }.await) })
                        }
                    },
                ));
            }
            Err(why) => uncalled.push((op.id.clone(), why)),
        }
    }
    let calls = callers
        .iter()
        .map(|(caller, _)| quote!(#caller(&client).await;));
    let caller_fns = callers.iter().map(|(_, function)| function);
    let krate = api.meta.crate_name.library();
    let credentials = api.meta.security.schemes.iter().map(|scheme| {
        let setter = &scheme.setter;
        match scheme.auth {
            Auth::Basic => quote!(.#setter("probe-user", "probe-password")),
            _ => quote!(.#setter("probe-token")),
        }
    });
    let count = callers.len();
    let tap = tap::items();
    let tokens = quote! {
        //! Calls every operation once against the server at `PROBE_URL`, printing a line per call.

        #![allow(unused, deprecated, clippy::all, reason = "generated calls, read by `cargo xtask probe`")]

        use std::future::Future;
        use std::io::{Read, Write};
        use std::net::{TcpListener, TcpStream};
        use std::pin::Pin;
        use std::sync::{Mutex, OnceLock};

        use #krate::{types, Client, Error};

        #[tokio::test]
        async fn probe() {
            let url = std::env::var("PROBE_URL").expect("PROBE_URL names the server to call");
            let client = Client::builder()
                #(#credentials)*
                .base_url(Tap::start(&url).url.clone())
                .max_retries(0)
                .build()
                .expect("the client builds");
            #(#calls)*
            println!("{}{{\"calls\":{}}}", #LINE_PREFIX, #count);
        }

        #(#caller_fns)*

        /// Prints how the call of `operation` went, with the requests it sent.
        fn report<T>(operation: &str, outcome: Result<T, Error>) {
            let requests = TAP.get().map(Tap::take).unwrap_or_default();
            let line = match outcome {
                Ok(_) => serde_json::json!({ "operation": operation, "ok": true, "requests": requests }),
                Err(error) => {
                    let status = error.status().map(|status| status.as_u16());
                    let body = error
                        .api_error()
                        .map(|api| String::from_utf8_lossy(api.raw_body()).into_owned());
                    serde_json::json!({
                        "operation": operation,
                        "ok": false,
                        "status": status,
                        "error": error.to_string(),
                        "body": body,
                        "requests": requests,
                    })
                }
            };
            println!("{}{line}", #LINE_PREFIX);
        }

        #tap
    };
    Probe {
        source: crate::format::rust_text(tokens),
        calls: count,
        uncalled,
        wire,
    }
}

struct Sampler<'a> {
    resolver: Resolver<'a>,
    spec: &'a Spec,
    api: &'a Api,
}

impl Sampler<'_> {
    /// The statements that call `op` with every parameter set, ending in the call's outcome,
    /// and what the description allows that call to send.
    fn call(&self, op: &Operation) -> Result<(TokenStream, WireRules), String> {
        let spec_op = self.spec_operation(op)?;
        let mut arguments = Vec::new();
        let mut setters = Vec::new();
        for parameter in &op.parameters {
            let value = self
                .spec_parameter(spec_op, parameter)
                .and_then(|json| self.argument(&parameter.ty, &json));
            match (value, parameter.required) {
                (Some(value), true) => arguments.push(value),
                (Some(value), false) => {
                    let setter = &parameter.name;
                    setters.push(quote!(.#setter(#value)));
                }
                (None, true) => {
                    return Err(format!(
                        "no value of parameter `{}` fits its type",
                        parameter.wire_name
                    ))
                }
                (None, false) => {}
            }
        }
        let mut setup = TokenStream::new();
        if let Some(body) = &op.body {
            let value = match body.encoding {
                BodyEncoding::Text => quote!("probe"),
                BodyEncoding::Bytes => quote!(b"probe".to_vec()),
                BodyEncoding::Json | BodyEncoding::Form(_) | BodyEncoding::Multipart(_) => {
                    let candidates = self.spec_bodies(spec_op.0, &body.media_type);
                    let value = candidates
                        .iter()
                        .find_map(|json| typed(self.api, &body.ty, json))
                        .ok_or_else(|| {
                            let tried: Vec<String> =
                                candidates.iter().map(Value::to_string).collect();
                            format!(
                                "no sample of the body fits its type (tried: {})",
                                tried.join(", ")
                            )
                        })?;
                    let value = value_expression(self.api, &value);
                    quote!(&#value)
                }
            };
            setup = quote!(let body = #value;);
            if body.required {
                arguments.push(quote!(body));
            } else {
                setters.push(quote!(.body(body)));
            }
        }
        let form = op
            .body
            .as_ref()
            .filter(|body| matches!(body.encoding, BodyEncoding::Form(_)))
            .map(|body| body.media_type.as_str());
        let rules = WireRules::of(&self.spec.api, &op.path, spec_op.0, spec_op.1, form);
        let method = &op.method_name;
        let call = quote! {
            #setup
            client.#method(#(#arguments),*)#(#setters)*.await
        };
        Ok((call, rules))
    }

    /// The value passed for a parameter of type `ty`: scalars by value, the rest by reference.
    fn argument(&self, ty: &TypeRef, json: &Value) -> Option<TokenStream> {
        let value = value_expression(self.api, &typed(self.api, ty, json)?);
        Some(match ty {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => value,
            _ => quote!(&#value),
        })
    }

    /// The operation object of `op` and its path item's shared parameters.
    fn spec_operation(
        &self,
        op: &Operation,
    ) -> Result<(&openapiv3::Operation, &[ReferenceOr<SpecParameter>]), String> {
        let missing = || format!("`{} {}` is not in the description", op.http_method, op.path);
        let item = match self
            .spec
            .api
            .paths
            .paths
            .get(&op.path)
            .ok_or_else(missing)?
        {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => return Err("its path item is a `$ref`".into()),
        };
        let operation = item
            .iter()
            .find(|(method, _)| method.eq_ignore_ascii_case(&op.http_method))
            .map(|(_, operation)| operation)
            .ok_or_else(missing)?;
        Ok((operation, &item.parameters))
    }

    /// A sample of the parameter's schema (or its media type's): the operation's own
    /// declaration, else its path item's.
    fn spec_parameter(
        &self,
        (operation, shared): (&openapiv3::Operation, &[ReferenceOr<SpecParameter>]),
        parameter: &Parameter,
    ) -> Option<Value> {
        let declared = operation
            .parameters
            .iter()
            .chain(shared)
            .find_map(|declared| {
                let declared = self.resolver.item(declared, &Pointer::root()).ok()?.item;
                let data = declared.parameter_data_ref();
                (location(declared) == parameter.location && data.name == parameter.wire_name)
                    .then_some(data)
            })?;
        if let Some(example) = &declared.example {
            return Some(example.clone());
        }
        match &declared.format {
            ParameterSchemaOrContent::Schema(schema) => {
                sample::sample(self.resolver, SchemaRef::from(schema))
            }
            ParameterSchemaOrContent::Content(content) => {
                let schema = content.values().next()?.schema.as_ref()?;
                sample::sample(self.resolver, SchemaRef::from(schema))
            }
        }
    }

    /// A sample of the request body's schema for `media_type`, then its example if it has one
    /// (a sample is made of the schema's own examples, but also meets its enums and formats).
    fn spec_bodies(&self, op: &openapiv3::Operation, media_type: &str) -> Vec<Value> {
        let Some(body) = op.request_body.as_ref() else {
            return Vec::new();
        };
        let Ok(body) = self.resolver.item(body, &Pointer::root()) else {
            return Vec::new();
        };
        let content = &body.item.content;
        let Some(media) = content.get(media_type).or_else(|| content.values().next()) else {
            return Vec::new();
        };
        let schema = media.schema.as_ref();
        let sampled = schema.and_then(|schema| sample::sample(self.resolver, schema.into()));
        sampled
            .into_iter()
            .chain(media.example.iter().cloned())
            .collect()
    }
}
