//! `src/client.rs`: one method on `Client` per operation, each returning a `Request`.
//!
//! Each method and setter is written as tokens and parsed, and its docs (most of the file's
//! text: the arguments, the optional parameters, an example call) are put on it as syntax
//! trees. Written as tokens, they were a third of the time spent making the file's tokens
//! (`perf`, the whole 2.14 spec), and were parsed back again.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::credentials::requirements_tokens;
use super::docs::{doc_attribute, doc_attributes};
use super::example::example_call;
use super::features::{cfg, users_cfg};
use super::region::server_literal;
use super::request_body::{body_argument, body_call};
use super::serialization::serialization;
use super::type_ref::{mentions_named_type, rust_type, Scope};
use super::types::read_function;
use crate::ir::{
    Api, BodyEncoding, Ident, Operation, Parameter, ParameterLocation, Payload, Read, Success,
    TypeKind, TypeRef,
};

/// The whole `client` module: the methods, and the setters of each operation's optional
/// parameters on its `Request`.
pub(super) fn client_rs(api: &Api) -> syn::Result<syn::File> {
    let mut file: syn::File = syn::parse2(module(api))?;
    let Some(syn::Item::Impl(client)) = file.items.last_mut() else {
        // A description without operations.
        return Ok(file);
    };
    for op in &api.operations {
        client.items.push(syn::ImplItem::Fn(method(api, op)?));
    }
    for op in &api.operations {
        if let Some(setters) = setters(api, op)? {
            file.items.push(syn::Item::Impl(setters));
        }
    }
    let page_methods = api
        .operations
        .iter()
        .filter_map(|op| super::pagination::page_methods(api, op));
    file.items
        .extend(syn::parse2::<syn::File>(quote!(#(#page_methods)*))?.items);
    Ok(file)
}

/// The module's docs, its imports and `impl Client`, without the methods.
fn module(api: &Api) -> TokenStream {
    // Each import is compiled in the builds that compile an operation that uses it.
    let import = |uses: &dyn Fn(&Operation) -> bool, path: TokenStream| {
        api.operations.iter().any(uses).then(|| {
            let cfg = users_cfg(api, uses);
            quote!(#cfg use #path;)
        })
    };
    let pagination_import = import(
        &|op| op.paging.is_some(),
        quote!(crate::pagination::{self, Cursor, Items, Pages}),
    );
    let mentions_types = |op: &Operation| {
        let tys = op
            .parameters
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
            .cloned()
            .chain(op.success.type_ref());
        tys.into_iter().any(|ty| mentions_named_type(&ty))
    };
    let types_import = import(&mentions_types, quote!(crate::types));
    let events_import = import(
        &|op| matches!(op.read(), Some(Read::Events { .. })),
        quote!(crate::event_stream::EventStream),
    );
    let json_stream_import = import(
        &|op| matches!(op.read(), Some(Read::Lines | Read::Records)),
        quote!(crate::json_stream::JsonStream),
    );
    let operations_cfg = users_cfg(api, |_| true);
    if api.operations.is_empty() {
        return quote! {
            //! The API's operations: its description has none, so [`Client`] has no method of
            //! one.
        };
    }
    quote! {
        //! The API's operations: a method on [`Client`] each, taking the required parameters
        //! and returning a [`Request`] that takes the optional ones.

        #events_import
        #json_stream_import
        #pagination_import
        #operations_cfg
        use crate::request::{self, Request};
        #types_import
        #operations_cfg
        use crate::operations;
        use crate::Client;

        impl Client {}
    }
}

/// The output type and the decoder of an operation's success (for a stream, what opens it).
pub(super) fn output(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    match &op.success {
        Success::One(Some(payload)) if payload.read.is_stream() => {
            let item = rust_type(api, &payload.ty, Scope::Crate);
            let stream = format_ident!("{}", stream_type(payload.read).unwrap_or_default());
            let open = match payload.read {
                Read::Events { json_data: true } => quote!(json_events),
                Read::Events { json_data: false } => quote!(events),
                Read::Lines => quote!(lines),
                _ => quote!(records),
            };
            (quote!(#stream<#item>), quote!(#stream::#open))
        }
        Success::One(Some(payload)) => {
            let read = read_function(payload);
            let ty = rust_type(api, &payload.ty, Scope::Crate);
            (quote!(#ty), quote!(request::#read))
        }
        Success::One(None) => (quote!(()), quote!(request::empty)),
        Success::ByStatus(id) => {
            let name = &api.type_def(*id).name;
            (quote!(types::#name), quote!(types::#name::decode))
        }
    }
}

/// The runtime type of a success read as `read`, when that is a stream of items.
pub(super) fn stream_type(read: Read) -> Option<&'static str> {
    match read {
        Read::Events { .. } => Some("EventStream"),
        Read::Lines | Read::Records => Some("JsonStream"),
        Read::Json | Read::Text | Read::Bytes => None,
    }
}

/// The `Accept` header of an operation whose successes are not (all) `application/json`: their
/// media types, then JSON for its error bodies.
fn accept(api: &Api, op: &Operation) -> Option<String> {
    let payloads: Vec<&Payload> = match &op.success {
        Success::One(payload) => payload.iter().collect(),
        Success::ByStatus(id) => match &api.type_def(*id).kind {
            TypeKind::Responses { variants } => {
                variants.iter().filter_map(|v| v.payload.as_ref()).collect()
            }
            _ => Vec::new(),
        },
    };
    // The client's `Accept: application/json` fits JSON declared as such; other declared
    // types (`application/vnd.api+json`, `*/*`, text) are asked for by name.
    let plain_json = |payload: &&Payload| {
        payload.read == Read::Json
            && crate::spec::media_type_essence(&payload.media_type)
                .eq_ignore_ascii_case("application/json")
    };
    if payloads.iter().all(plain_json) {
        return None;
    }
    let mut types: Vec<&str> = Vec::new();
    for media_type in payloads
        .iter()
        .map(|payload| payload.media_type.as_str())
        .chain(["application/json"])
    {
        if !types.contains(&media_type) {
            types.push(media_type);
        }
    }
    Some(types.join(", "))
}

/// The type an operation's method returns.
pub(super) fn request_type(api: &Api, op: &Operation, lifetime: TokenStream) -> TokenStream {
    let (output, _) = output(api, op);
    let marker = &op.marker;
    quote!(Request<#lifetime, #output, operations::#marker>)
}

fn method(api: &Api, op: &Operation) -> syn::Result<syn::ImplItemFn> {
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = &op.method_name;
    let id = &op.id;
    let http_method = match op.http_method.as_str() {
        standard @ ("GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE") => {
            let standard = format_ident!("{}", standard);
            quote!(reqwest::Method::#standard)
        }
        // `QUERY` and the other methods of OpenAPI 3.2's `additionalOperations`.
        other => quote!(request::method(#other)),
    };
    let (_, decode) = output(api, op);
    let returns = request_type(api, op, quote!('_));

    let mut arguments: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let (name, ty) = (&p.name, argument_type(api, p));
            quote!(#name: #ty)
        })
        .collect();
    let required_body = op.body.as_ref().filter(|body| body.required);
    if let Some(body) = required_body {
        let ty = body_argument(api, body);
        arguments.push(quote!(body: #ty));
    }

    let path = &op.path;
    let constructor = if op.read().is_some_and(Read::is_stream) {
        quote!(streamed)
    } else {
        quote!(new)
    };
    let mut chain = quote!(Request::#constructor(self, #id, #http_method, #path, #decode));
    if let Some(server) = &op.server {
        let server = server_literal(server);
        chain = quote!(#chain.on_server(#server));
    }
    if !op.redirects.is_empty() {
        chain = quote!(#chain.answering_redirects());
    }
    if op.security != api.meta.security.default {
        let requirements = requirements_tokens(&op.security);
        chain = quote!(#chain.secured_by(#requirements));
    }
    if let Some(accept) = accept(api, op) {
        chain = quote!(#chain.header("accept", #accept));
    }
    for set in op.parameters.iter().filter(|p| p.required).map(set) {
        chain = quote!(#chain.#set);
    }
    if let Some(body) = required_body {
        let call = body_call(api, body);
        chain = quote!(#chain.#call);
    }
    let cfg = cfg(&op.gate);
    let mut method: syn::ImplItemFn = syn::parse2(quote! {
        #cfg
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> #returns {
            #chain
        }
    })?;
    method
        .attrs
        .splice(0..0, doc_attributes(&method_docs(api, op)));
    Ok(method)
}

/// `impl Request<…, operations::Op> { one setter per optional parameter }`, if the operation
/// has any.
fn setters(api: &Api, op: &Operation) -> syn::Result<Option<syn::ItemImpl>> {
    let optional: Vec<&Parameter> = op.parameters.iter().filter(|p| !p.required).collect();
    let optional_body = op.body.as_ref().filter(|body| !body.required);
    if optional.is_empty() && optional_body.is_none() {
        return Ok(None);
    }
    // Their docs are put on them as trees, below.
    let methods = optional.iter().map(|parameter| {
        let name = &parameter.name;
        let ty = argument_type(api, parameter);
        let set = set(parameter);
        quote! {
            pub fn #name(self, #name: #ty) -> Self {
                self.#set
            }
        }
    });
    let body = optional_body.map(|body| {
        let ty = body_argument(api, body);
        let call = body_call(api, body);
        quote! {
            /// Sets the optional request body.
            pub fn body(self, body: #ty) -> Self {
                self.#call
            }
        }
    });
    let request = request_type(api, op, quote!('c));
    let cfg = cfg(&op.gate);
    let mut setters: syn::ItemImpl = syn::parse2(quote! {
        #cfg
        impl<'c> #request {
            #(#methods)*
            #body
        }
    })?;
    setters.attrs.insert(
        0,
        doc_attribute(&format!(
            " The optional parameters of [`Client::{}`].",
            op.method_name
        )),
    );
    for (setter, parameter) in setters.items.iter_mut().zip(&optional) {
        if let syn::ImplItem::Fn(setter) = setter {
            setter.attrs = doc_attributes(&format!(
                "Sets the optional {} parameter `{}`: {}",
                parameter.location.as_str(),
                parameter.wire_name,
                parameter.docs.render(api)
            ));
        }
    }
    Ok(Some(setters))
}

/// The call that puts `parameter`'s value (the argument of its name) into the request, written
/// as its style says.
fn set(parameter: &Parameter) -> TokenStream {
    let wire = &parameter.wire_name;
    let value = &parameter.name;
    let serialization = serialization(&parameter.serialization);
    let call = match parameter.location {
        ParameterLocation::Path => quote!(path_param),
        ParameterLocation::Query => quote!(query_param),
        ParameterLocation::Header => quote!(header_param),
        ParameterLocation::Cookie => quote!(cookie_param),
    };
    quote!(#call(#wire, &#value, #serialization))
}

/// The type a parameter's value is passed as: `&str` for text, a slice for lists, the value for
/// scalars, a reference for the rest.
fn argument_type(api: &Api, parameter: &Parameter) -> TokenStream {
    match &parameter.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = rust_type(api, item, Scope::Crate);
            quote!(&[#item])
        }
        ty @ (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64) => {
            let ty = rust_type(api, ty, Scope::Crate);
            quote!(#ty)
        }
        ty => {
            let ty = rust_type(api, ty, Scope::Crate);
            quote!(&#ty)
        }
    }
}

fn method_docs(api: &Api, op: &Operation) -> String {
    let mut docs = op.docs.render(api);
    let listed = |required: bool, form: &dyn Fn(&Ident) -> String| -> Vec<String> {
        op.parameters
            .iter()
            .filter(|p| p.required == required)
            .map(|p| {
                format!(
                    "- {}: {}",
                    form(&p.name),
                    p.docs.render(api).replace('\n', " ")
                )
            })
            .collect()
    };
    let arguments = listed(true, &|name| format!("`{name}`"));
    if !arguments.is_empty() {
        docs.push_str(&format!("\n\n# Arguments\n\n{}", arguments.join("\n")));
    }
    let mut optional = listed(false, &|name| format!("`.{}(…)`", name.in_code()));
    if op.body.as_ref().is_some_and(|body| !body.required) {
        optional.push("- `.body(…)`: the request body.".to_owned());
    }
    if !optional.is_empty() {
        docs.push_str(&format!(
            "\n\n# Optional parameters\n\nSet on the returned request before awaiting it:\n\n{}",
            optional.join("\n")
        ));
    }
    if let Some(body) = &op.body {
        let how = match &body.encoding {
            BodyEncoding::Json => None,
            BodyEncoding::Form(_) => Some("its fields as form pairs, as the spec's `encoding` says (by default an array a pair per item, text and numbers as text, objects as JSON text), `None` fields left out"),
            BodyEncoding::Multipart(_) => Some("a part per field (an array a part per item): files as file parts, text and numbers as text, the rest as JSON, unless the spec's `encoding` says otherwise"),
            BodyEncoding::Text => Some("the text given"),
            BodyEncoding::Bytes => Some("the bytes given"),
        };
        if let Some(how) = how {
            docs.push_str(&format!(
                "\n\n# Body\n\nSent as `{}`: {how}.",
                body.media_type
            ));
        }
    }
    let own_error_bodies: Vec<String> = op
        .errors
        .iter()
        .filter_map(|error| Some((&error.status, error.body.as_ref()?)))
        .filter(|(_, ty)| Some(*ty) != api.error_body.as_ref())
        .map(|(status, ty)| {
            let text = ty.rust_text(api);
            match ty {
                TypeRef::Named(_) => format!("- `{status}`: [`{text}`](crate::{text})"),
                _ => format!("- `{status}`: `{text}`"),
            }
        })
        .collect();
    if !own_error_bodies.is_empty() {
        docs.push_str(&format!(
            "\n\n# Error bodies\n\nThese error responses have a body of their own, which [`ApiError::body`](crate::ApiError::body) does not decode; the status still picks the [`Error`](crate::Error) variant. Decode the body with [`ApiError::decode_body`](crate::ApiError::decode_body):\n\n{}",
            own_error_bodies.join("\n")
        ));
    }
    if let Some(example) = usage_example(api, op) {
        docs.push_str(&format!("\n\n# Example\n\n```no_run\n{example}```"));
    }
    docs
}

/// The body of a doctest that calls `op` with the spec's example; the lines that only make it
/// compile are hidden (`# `).
fn usage_example(api: &Api, op: &Operation) -> Option<String> {
    let (setup, call) = example_call(api, op)?;
    let crate_ident = api.meta.crate_name.library();
    let function = if op.read().is_some_and(Read::is_stream) {
        let items = if matches!(op.read(), Some(Read::Events { .. })) {
            quote!(events)
        } else {
            quote!(items)
        };
        quote! {
            async fn example(client: &#crate_ident::Client) -> Result<(), #crate_ident::Error> {
                use futures_util::StreamExt;
                #setup
                let mut #items = #call.await?;
                while let Some(item) = #items.next().await {
                    let item = item?;
                    println!("{item:?}");
                }
                Ok(())
            }
        }
    } else {
        quote! {
            async fn example(client: &#crate_ident::Client) -> Result<(), #crate_ident::Error> {
                #setup
                let response = #call.await?;
                println!("{response:?}");
                Ok(())
            }
        }
    };
    let file = syn::parse2::<syn::File>(function).ok()?;
    let rendered = crate::format::rust_source(&file);
    // The signature (however prettyplease wraps it) ends at the first unindented line that
    // opens a block; it and the closing `Ok(())` and `}` are hidden.
    let lines: Vec<&str> = rendered.lines().collect();
    let opens_body = lines
        .iter()
        .position(|line| !line.starts_with(' ') && line.ends_with('{'))?;
    let (signature, rest) = lines.split_at(opens_body + 1);
    let body = rest.get(..rest.len().checked_sub(2)?)?;
    let mut text = format!("# use {crate_ident}::types;\n");
    for line in signature {
        text.push_str(&format!("# {line}\n"));
    }
    for line in body {
        text.push_str(line.strip_prefix("    ").unwrap_or(line));
        text.push('\n');
    }
    text.push_str("# Ok(())\n# }\n");
    Some(text)
}
