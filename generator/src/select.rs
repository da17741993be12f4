//! Stage 2, **select**: the operations to generate, and everything they reach.
//!
//! Operations are picked by tag, by `operationId`, or all of them. From each, the walk follows
//! parameters, request bodies and responses into their schemas, and from every schema into the
//! schemas it nests or references, until nothing new is reached; every reference is followed by
//! [`crate::spec::resolve`]. This is the only code that decides what a selection covers: lowering
//! converts exactly the component schemas found here, `prune` keeps exactly the components found
//! here, and `api-diff` compares exactly these operations and schemas, knowing for each whether
//! requests, responses or both use it.

use indexmap::{IndexMap, IndexSet};
use openapiv3::{
    MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    Response, Schema,
};

use crate::config::SelectionConfig;
use crate::error::Diagnostic;
use crate::spec::resolve::{children, Node, Resolved, Resolver, SchemaRef, Target};
use crate::spec::Pointer;
use crate::Error;

/// What a generation covers.
#[derive(Debug)]
pub struct Selection<'a> {
    /// The chosen operations, in spec order (paths, then methods in `PathItem` order).
    pub operations: Vec<SelectedOperation<'a>>,
    /// Every location a reference of the selection names (canonical, see
    /// [`crate::spec::resolve`]), in the order the walk first reached it, with how it is used.
    pub reached: IndexMap<Pointer, Usage>,
    /// Names of the component schemas the operations reach, in the order `components` lists
    /// them: the named types of the generated crate.
    pub schemas: Vec<&'a str>,
}

/// How the selection uses a schema: a schema sent in requests and one received in responses
/// change in opposite ways (a new required property breaks senders, a removed one readers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reached from a parameter or a request body.
    pub request: bool,
    /// Reached from a response.
    pub response: bool,
}

impl Usage {
    const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };

    /// Both usages of `self` and `other`.
    pub fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
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
    /// Where `path_parameters` live: the path item, or the one its `$ref` names.
    pub path_pointer: Pointer,
    /// `#/paths/<path>/<method>` (below the path item `$ref` names, for a referenced one).
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

    /// Whether `criteria` pick this operation.
    fn is_selected_by(&self, criteria: &SelectionConfig) -> bool {
        criteria.all
            || self
                .operation
                .tags
                .iter()
                .any(|tag| criteria.tags.contains(tag))
            || self
                .operation
                .operation_id
                .as_ref()
                .is_some_and(|id| criteria.operations.contains(id))
    }
}

/// Picks the operations `criteria` asks for and walks everything they reach. Every tag and
/// operation id the criteria name must match an operation: a typo, or a version bump that
/// removed an operation, must not shrink the client silently.
pub fn select<'a>(
    api: &'a OpenAPI,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<Selection<'a>, Error> {
    let all = all_operations(api, spec_path)?;
    check_unique_operation_ids(&all, spec_path)?;
    check_criteria_match(&all, api, criteria, spec_path)?;
    reach(api, all, criteria, spec_path)
}

/// [`select`] for comparing two versions: criteria that match nothing select nothing (a tag
/// that a new version removed is a removal to report, not an error).
pub fn select_for_comparison<'a>(
    api: &'a OpenAPI,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<Selection<'a>, Error> {
    let all = all_operations(api, spec_path)?;
    reach(api, all, criteria, spec_path)
}

fn reach<'a>(
    api: &'a OpenAPI,
    all: Vec<SelectedOperation<'a>>,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<Selection<'a>, Error> {
    let operations: Vec<SelectedOperation<'a>> = all
        .into_iter()
        .filter(|op| op.is_selected_by(criteria))
        .collect();
    let mut walk = Walk {
        resolver: Resolver::new(api),
        reached: IndexMap::new(),
        problems: Vec::new(),
    };
    for op in &operations {
        walk.operation(op);
    }
    if !walk.problems.is_empty() {
        return Err(Error::Spec {
            path: spec_path.to_owned(),
            problems: walk.problems,
        });
    }
    let schemas = api
        .components
        .iter()
        .flat_map(|components| components.schemas.keys())
        .filter(|name| walk.reached.contains_key(&component_schema(name)))
        .map(String::as_str)
        .collect();
    Ok(Selection {
        operations,
        reached: walk.reached,
        schemas,
    })
}

/// `#/components/schemas/<name>`.
pub(crate) fn component_schema(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// Every operation of the document, in spec order; `$ref`ed path items are followed.
pub(crate) fn all_operations<'a>(
    api: &'a OpenAPI,
    spec_path: &std::path::Path,
) -> Result<Vec<SelectedOperation<'a>>, Error> {
    let resolver = Resolver::new(api);
    let paths = Pointer::root().join("paths");
    let mut operations = Vec::new();
    let mut problems = Vec::new();
    for (path, item) in &api.paths.paths {
        let at = paths.join(path);
        let item: Resolved<'a, PathItem> = match resolver.item(item, &at) {
            Ok(item) => item,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let path_pointer = item.definition().clone();
        for (method, operation) in item.item.iter() {
            operations.push(SelectedOperation {
                path,
                method,
                operation,
                path_parameters: &item.item.parameters,
                pointer: path_pointer.join(method),
                path_pointer: path_pointer.clone(),
            });
        }
    }
    if problems.is_empty() {
        Ok(operations)
    } else {
        Err(Error::Spec {
            path: spec_path.to_owned(),
            problems,
        })
    }
}

fn check_unique_operation_ids(
    all: &[SelectedOperation<'_>],
    spec_path: &std::path::Path,
) -> Result<(), Error> {
    let mut seen: IndexMap<&str, &Pointer> = IndexMap::new();
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
///
/// What a reference reaches is the component (or operation) its target sits in: a reference
/// into a component's interior (`#/components/schemas/Tag/allOf/0`) reaches the whole of `Tag`,
/// which is then walked like any other, so that everything the selection keeps is complete and
/// every reference inside it is followed too.
struct Walk<'a> {
    resolver: Resolver<'a>,
    reached: IndexMap<Pointer, Usage>,
    problems: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn operation(&mut self, op: &SelectedOperation<'a>) {
        for (at, parameter) in op.parameters() {
            self.item(parameter, &at, Usage::REQUEST, Walk::parameter);
        }
        if let Some(body) = &op.operation.request_body {
            let at = op.pointer.join("requestBody");
            self.item(body, &at, Usage::REQUEST, |walk, body, at, usage| {
                walk.content(&body.content, at, usage)
            });
        }
        let responses = op.pointer.join("responses");
        for (status, response) in responses_of(op.operation) {
            self.item(
                response,
                &responses.join(status),
                Usage::RESPONSE,
                Walk::response,
            );
        }
    }

    /// Walks `item` where it stands, or reaches what its reference names.
    fn item<T: Target>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
        usage: Usage,
        walk: fn(&mut Self, &'a T, &Pointer, Usage),
    ) {
        match item {
            ReferenceOr::Item(item) => walk(self, item, at, usage),
            ReferenceOr::Reference { reference } => self.reference::<T>(reference, at, usage),
        }
    }

    fn parameter(&mut self, parameter: &'a Parameter, at: &Pointer, usage: Usage) {
        self.schema_or_content(&parameter.parameter_data_ref().format, at, usage);
    }

    fn response(&mut self, response: &'a Response, at: &Pointer, usage: Usage) {
        self.content(&response.content, at, usage);
        for (name, header) in &response.headers {
            self.item(
                header,
                &at.join("headers").join(name),
                usage,
                |walk, header, at, usage| walk.schema_or_content(&header.format, at, usage),
            );
        }
    }

    fn schema_or_content(
        &mut self,
        format: &'a ParameterSchemaOrContent,
        at: &Pointer,
        usage: Usage,
    ) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.item(schema, &at.join("schema"), usage, Walk::schema)
            }
            ParameterSchemaOrContent::Content(content) => self.content(content, at, usage),
        }
    }

    fn content(&mut self, content: &'a IndexMap<String, MediaType>, at: &Pointer, usage: Usage) {
        for (media_type, media) in content {
            if let Some(schema) = &media.schema {
                let at = at.join("content").join(media_type).join("schema");
                self.item(schema, &at, usage, Walk::schema);
            }
        }
    }

    fn schema(&mut self, schema: &'a Schema, at: &Pointer, usage: Usage) {
        for (child_at, child) in children(schema, at) {
            match child {
                SchemaRef::Inline(child) => self.schema(child, &child_at, usage),
                SchemaRef::Ref(reference) => self.reference::<Schema>(reference, &child_at, usage),
            }
        }
    }

    /// Follows a `$ref` found at `at` that must name a `T`, and reaches every component and
    /// operation its chain passes through.
    fn reference<T: Target>(&mut self, reference: &str, at: &Pointer, usage: Usage) {
        let resolved = match self.resolver.follow::<T>(reference, at) {
            Ok(resolved) => resolved,
            Err(problem) => return self.problems.push(problem),
        };
        for location in resolved.via.iter().chain(&resolved.chain) {
            if let Some(container) = container_of(location) {
                self.reach(container, usage);
            }
        }
    }

    /// Records `container` as reached for `usage` and, the first time it is reached that way,
    /// walks the whole of it.
    fn reach(&mut self, container: Pointer, usage: Usage) {
        let entry = self.reached.entry(container.clone()).or_default();
        let widened = entry.union(usage);
        if widened == *entry {
            return;
        }
        *entry = widened;
        let node = match self.resolver.locate(&container) {
            Ok(node) => node,
            Err(problem) => return self.problems.push(problem),
        };
        let at = &container;
        match node {
            Node::Schema(schema) => self.schema(schema, at, usage),
            Node::Response(response) => self.response(response, at, usage),
            Node::RequestBody(body) => self.content(&body.content, at, usage),
            Node::Parameter(parameter) => self.parameter(parameter, at, usage),
            Node::Header(header) => self.schema_or_content(&header.format, at, usage),
            Node::Operation(operation) => {
                for (index, parameter) in operation.parameters.iter().enumerate() {
                    let at = at.join("parameters").join(index);
                    self.item(parameter, &at, Usage::REQUEST, Walk::parameter);
                }
                if let Some(body) = &operation.request_body {
                    self.item(
                        body,
                        &at.join("requestBody"),
                        Usage::REQUEST,
                        |walk, body, at, usage| walk.content(&body.content, at, usage),
                    );
                }
                for (status, response) in responses_of(operation) {
                    let at = at.join("responses").join(status);
                    self.item(response, &at, Usage::RESPONSE, Walk::response);
                }
            }
            Node::PathItem(item) => {
                for (index, parameter) in item.parameters.iter().enumerate() {
                    let at = at.join("parameters").join(index);
                    self.item(parameter, &at, Usage::REQUEST, Walk::parameter);
                }
            }
            // An alias component (`a: {$ref: b}`): its target was reached with it.
            _ => {}
        }
    }
}

/// An operation's responses with their status (`default` first).
fn responses_of(operation: &Operation) -> impl Iterator<Item = (String, &ReferenceOr<Response>)> {
    let responses = &operation.responses;
    responses
        .default
        .iter()
        .map(|r| ("default".to_owned(), r))
        .chain(responses.responses.iter().map(|(s, r)| (s.to_string(), r)))
}

/// The component (`#/components/<kind>/<name>`), operation (`#/paths/<path>/<method>`) or path
/// item (`#/paths/<path>`, for its shared parameters) a location sits in.
fn container_of(location: &Pointer) -> Option<Pointer> {
    let mut segments = location.segments();
    let first = segments.next()?;
    let (second, third) = (segments.next()?, segments.next());
    let container = Pointer::root().join(&first).join(&second);
    match (first.as_str(), third) {
        ("components", Some(name)) => Some(container.join(name)),
        ("paths", Some(method)) if method != "parameters" => Some(container.join(method)),
        ("paths", _) => Some(container),
        _ => None,
    }
}
