//! Operations → client methods: names, parameters ([`parameters`]), the request body
//! ([`body`]: JSON, form, multipart, text or bytes), what a success decodes into and the error
//! responses' body types ([`responses`]).

mod body;
pub(crate) mod parameters;
mod responses;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::reserved::CLIENT_METHODS;
use crate::ir::{Gate, Ident, NameAllocator, Operation};
use crate::lower::docs;
use crate::lower::types::TypeBuilder;
use crate::select::SelectedOperation;
use crate::spec::resolve::Resolver;

/// The lowered operations and what lowering them found.
pub(super) struct LoweredOperations<'a> {
    pub operations: Vec<Operation>,
    /// The spec's request body example of each operation (parallel to `operations`), to be
    /// typed once the types are final.
    pub body_examples: Vec<Option<&'a Value>>,
}

/// Lowers every selected operation.
pub(super) fn operations<'a>(
    selected: &[SelectedOperation<'a>],
    resolver: Resolver<'a>,
    types: &mut TypeBuilder<'a>,
    skip_headers: &[String],
    api_servers: &[openapiv3::Server],
) -> LoweredOperations<'a> {
    let mut names = OperationNames {
        methods: NameAllocator::with_reserved(CLIENT_METHODS.iter().copied()),
        markers: NameAllocator::default(),
    };
    let mut lowered = LoweredOperations {
        operations: Vec::with_capacity(selected.len()),
        body_examples: Vec::with_capacity(selected.len()),
    };
    for op in selected {
        let lowering = OperationLowering {
            op,
            resolver,
            skip_headers,
            api_servers,
        };
        let (operation, example) = lowering.lower(types, &mut names);
        lowered.operations.push(operation);
        lowered.body_examples.push(example);
    }
    lowered
}

/// The names operations take, unique on `Client` and in `operations`.
struct OperationNames {
    methods: NameAllocator,
    markers: NameAllocator,
}

struct OperationLowering<'o, 'a> {
    op: &'o SelectedOperation<'a>,
    resolver: Resolver<'a>,
    skip_headers: &'o [String],
    api_servers: &'o [openapiv3::Server],
}

impl<'a> OperationLowering<'_, 'a> {
    fn lower(
        &self,
        types: &mut TypeBuilder<'a>,
        names: &mut OperationNames,
    ) -> (Operation, Option<&'a Value>) {
        let op = self.op;
        let operation = op.operation;
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => {
                let derived = Ident::method_name(&format!("{} {}", op.method, op.path));
                types.warnings.push(Diagnostic {
                    pointer: op.pointer.to_string(),
                    message: format!("the operation has no operationId; its method is named `{derived}` after its HTTP method and path"),
                });
                derived.to_string()
            }
        };
        let hint = Ident::type_name(&id).to_string();
        if !operation.callbacks.is_empty() {
            let names: Vec<&str> = operation.callbacks.keys().map(String::as_str).collect();
            types.warnings.push(Diagnostic {
                pointer: op.pointer.join("callbacks").to_string(),
                message: format!(
                    "callbacks ({}) are requests the API sends to you, not operations; they are not generated (described as `x-webhooks`, they get typed, verified handlers)",
                    names.join(", ")
                ),
            });
        }

        let (body, example) = match self.body(types, &hint) {
            Some((body, example)) => (Some(body), example),
            None => (None, None),
        };
        let parameters = self.parameters(types, &hint);
        let responses = self.responses(types, &hint);
        let http_method = op.method.to_uppercase();
        let method_name = names.methods.claim(Ident::method_name(&id));
        let operation = Operation {
            marker: names.markers.claim(Ident::type_name(method_name.as_str())),
            method_name,
            docs: docs::operation_docs(
                operation.summary.as_deref(),
                operation.description.as_deref(),
                &http_method,
                op.path,
                &responses.errors,
                &responses.redirects,
            ),
            id,
            http_method,
            path: op.path.to_owned(),
            server: super::servers::operation_server(
                &operation.servers,
                op.path_servers,
                self.api_servers,
            ),
            parameters,
            body,
            success: responses.success,
            errors: responses.errors,
            redirects: responses.redirects,
            deprecated: operation.deprecated,
            paging: None,
            tags: operation.tags.clone(),
            gate: Gate::default(),
            // Lowering's security pass fills it in, with every operation's at once.
            security: Vec::new(),
        };
        (operation, example)
    }
}
