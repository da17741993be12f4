//! Stage 2, **select**: the operations to generate, and every component they reach.
//!
//! Operations are picked by tag, by `operationId`, or all of them. From each, the walk follows
//! parameters, request bodies and responses (inline or `$ref`ed through `components`) into their
//! schemas, and from every schema into the schemas it nests or references, until nothing new is
//! reached. Lowering converts exactly the schemas found here, so nothing unreached is emitted.

use indexmap::IndexSet;
use openapiv3::{OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr};

use crate::config::SelectionConfig;
use crate::error::Diagnostic;
use crate::spec::resolve::{children, component_name, Resolver, SchemaRef};
use crate::spec::Pointer;
use crate::Error;

/// The HTTP methods a path item can hold operations under, in `PathItem` order.
pub(crate) const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What a generation covers.
#[derive(Debug)]
pub struct Selection<'a> {
    /// The chosen operations, in spec order (paths, then methods in `PathItem` order).
    pub operations: Vec<SelectedOperation<'a>>,
    /// Names of the component schemas the operations reach, in the order `components` lists them.
    pub schemas: Vec<&'a str>,
}

/// One operation and where it lives.
#[derive(Debug, Clone)]
pub struct SelectedOperation<'a> {
    /// The path template, e.g. `/custom_channel_events/notify_new_message`.
    pub path: &'a str,
    /// The lowercase HTTP method, e.g. `post`.
    pub method: &'a str,
    /// The operation itself.
    pub operation: &'a Operation,
    /// Parameters declared on the path item, shared by all its operations.
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    /// `#/paths/<path>`, where `path_parameters` live.
    pub path_pointer: Pointer,
    /// `#/paths/<path>/<method>`.
    pub pointer: Pointer,
}

impl<'a> SelectedOperation<'a> {
    /// Every parameter as declared, path-level ones first, each with its location.
    pub fn parameters(&self) -> impl Iterator<Item = (Pointer, &'a ReferenceOr<Parameter>)> + '_ {
        let shared = self
            .path_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (self.path_pointer.join("parameters").join(i), p));
        let own = self
            .operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (self.pointer.join("parameters").join(i), p));
        shared.chain(own)
    }
}

/// Picks the operations `criteria` asks for and walks everything they reach.
pub fn select<'a>(
    api: &'a OpenAPI,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<Selection<'a>, Error> {
    let all = all_operations(api);
    check_unique_operation_ids(&all, spec_path)?;
    check_criteria_match(&all, api, criteria, spec_path)?;

    let operations: Vec<SelectedOperation<'a>> = all
        .into_iter()
        .filter(|op| {
            criteria.all
                || op
                    .operation
                    .tags
                    .iter()
                    .any(|tag| criteria.tags.contains(tag))
                || op
                    .operation
                    .operation_id
                    .as_ref()
                    .is_some_and(|id| criteria.operations.contains(id))
        })
        .collect();

    let reached = Reach::walk(api, &operations);
    if !reached.problems.is_empty() {
        return Err(Error::Spec {
            path: spec_path.to_owned(),
            problems: reached.problems,
        });
    }
    let schemas = api
        .components
        .iter()
        .flat_map(|components| components.schemas.keys())
        .filter(|name| reached.schemas.contains(name.as_str()))
        .map(String::as_str)
        .collect();
    Ok(Selection {
        operations,
        schemas,
    })
}

fn all_operations(api: &OpenAPI) -> Vec<SelectedOperation<'_>> {
    let paths = Pointer::root().join("paths");
    let mut operations = Vec::new();
    for (path, item) in &api.paths.paths {
        // `$ref`ed path items are not used by any spec we target; `lower` cannot see them either.
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_pointer = paths.join(path);
        for (method, operation) in item.iter() {
            operations.push(SelectedOperation {
                path,
                method,
                operation,
                path_parameters: &item.parameters,
                pointer: path_pointer.join(method),
                path_pointer: path_pointer.clone(),
            });
        }
    }
    operations
}

fn check_unique_operation_ids(
    all: &[SelectedOperation<'_>],
    spec_path: &std::path::Path,
) -> Result<(), Error> {
    let mut seen: indexmap::IndexMap<&str, &Pointer> = indexmap::IndexMap::new();
    let mut problems = Vec::new();
    for op in all {
        let Some(id) = op.operation.operation_id.as_deref() else {
            continue;
        };
        if let Some(first) = seen.insert(id, &op.pointer) {
            seen.insert(id, first);
            problems.push(Diagnostic {
                pointer: op.pointer.join("operationId").to_string(),
                message: format!("duplicate operationId `{id}`, first used at {first}"),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Spec {
            path: spec_path.to_owned(),
            problems,
        })
    }
}

/// Every tag and operation id the criteria name must match something: a typo or a version bump
/// that removed an operation must not shrink the client silently.
fn check_criteria_match(
    all: &[SelectedOperation<'_>],
    api: &OpenAPI,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<(), Error> {
    let selection_error = |message: String| Error::Selection {
        path: spec_path.to_owned(),
        message,
    };
    if !criteria.all && criteria.tags.is_empty() && criteria.operations.is_empty() {
        return Err(selection_error(
            "the selection is empty; name tags or operation ids, or select all operations".into(),
        ));
    }
    let mut problems = Vec::new();
    let mut tags: IndexSet<&str> = api.tags.iter().map(|tag| tag.name.as_str()).collect();
    tags.extend(
        all.iter()
            .flat_map(|op| op.operation.tags.iter().map(String::as_str)),
    );
    let used_tags: Vec<&str> = tags
        .iter()
        .copied()
        .filter(|t| {
            all.iter()
                .any(|op| op.operation.tags.iter().any(|o| o == t))
        })
        .collect();
    for tag in criteria
        .tags
        .iter()
        .filter(|tag| !used_tags.contains(&tag.as_str()))
    {
        problems.push(format!(
            "no operation has the tag `{tag}`; the tags in this spec are: {}",
            used_tags.join(", ")
        ));
    }
    let ids: Vec<&str> = all
        .iter()
        .filter_map(|op| op.operation.operation_id.as_deref())
        .collect();
    for id in criteria
        .operations
        .iter()
        .filter(|id| !ids.contains(&id.as_str()))
    {
        let hint = match crate::suggest::closest(id, ids.iter().copied()).as_slice() {
            [] => String::new(),
            close => format!("; did you mean {}?", close.join(", ")),
        };
        problems.push(format!("no operation has the operationId `{id}`{hint}"));
    }
    if !problems.is_empty() {
        return Err(selection_error(problems.join("; and ")));
    }
    Ok(())
}

/// The transitive closure of what a set of operations references.
struct Reach<'a> {
    resolver: Resolver<'a>,
    schemas: IndexSet<&'a str>,
    problems: Vec<Diagnostic>,
}

impl<'a> Reach<'a> {
    fn walk(api: &'a OpenAPI, operations: &[SelectedOperation<'a>]) -> Self {
        let mut reach = Reach {
            resolver: Resolver::new(api),
            schemas: IndexSet::new(),
            problems: Vec::new(),
        };
        for op in operations {
            reach.operation(op);
        }
        reach
    }

    fn operation(&mut self, op: &SelectedOperation<'a>) {
        for (at, parameter) in op.parameters() {
            self.parameter(parameter, &at);
        }
        if let Some(body) = &op.operation.request_body {
            let at = op.pointer.join("requestBody");
            if let Some(body) = self.found(self.resolver.item(body, &at, Resolver::request_body)) {
                self.content(&body.content, &at.join("content"));
            }
        }
        let responses = op.pointer.join("responses");
        let all = op
            .operation
            .responses
            .default
            .iter()
            .map(|r| ("default".to_owned(), r))
            .chain(
                op.operation
                    .responses
                    .responses
                    .iter()
                    .map(|(s, r)| (s.to_string(), r)),
            );
        for (status, response) in all {
            let at = responses.join(status);
            if let Some(response) =
                self.found(self.resolver.item(response, &at, Resolver::response))
            {
                self.content(&response.content, &at.join("content"));
            }
        }
    }

    fn parameter(&mut self, parameter: &'a ReferenceOr<Parameter>, at: &Pointer) {
        let Some(parameter) = self.found(self.resolver.item(parameter, at, Resolver::parameter))
        else {
            return;
        };
        match &parameter.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema(schema.into(), &at.join("schema"))
            }
            ParameterSchemaOrContent::Content(content) => {
                self.content(content, &at.join("content"))
            }
        }
    }

    fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        at: &Pointer,
    ) {
        for (media_type, media) in content {
            if let Some(schema) = &media.schema {
                self.schema(schema.into(), &at.join(media_type).join("schema"));
            }
        }
    }

    fn schema(&mut self, schema: SchemaRef<'a>, at: &Pointer) {
        match schema {
            SchemaRef::Ref(reference) => {
                let Some(target) = self.found(self.resolver.schema(reference, at)) else {
                    return;
                };
                // Every component of an alias chain (`a: {$ref: b}`) is reached by name.
                let mut last = target.name;
                let mut next = Some(reference);
                while let Some(name) = next.and_then(|r| component_name(r, "schemas")) {
                    let Some((key, entry)) = self.resolver.component_schema(&name) else {
                        break;
                    };
                    if !self.schemas.insert(key) {
                        return;
                    }
                    last = key;
                    next = match entry {
                        ReferenceOr::Reference { reference } => Some(reference),
                        ReferenceOr::Item(_) => None,
                    };
                }
                let at = Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(last);
                for (child_at, child) in children(target.item, &at) {
                    self.schema(child, &child_at);
                }
            }
            SchemaRef::Inline(schema) => {
                for (child_at, child) in children(schema, at) {
                    self.schema(child, &child_at);
                }
            }
        }
    }

    fn found<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|problem| self.problems.push(problem)).ok()
    }
}
