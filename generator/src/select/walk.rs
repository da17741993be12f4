//! The walk from the selected operations through every reference they make, transitively.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Response,
    Schema,
};

use super::{SelectedOperation, Usage};
use crate::error::Diagnostic;
use crate::spec::resolve::{children, Node, Resolver, SchemaRef, Target};
use crate::spec::Pointer;

/// What a walk found.
pub(super) struct Walked {
    pub reached: IndexMap<Pointer, Usage>,
    pub problems: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The transitive closure of what a set of operations, webhooks and schemas references.
///
/// What a reference reaches is the component (or operation) its target sits in: a reference
/// into a component's interior (`#/components/schemas/Tag/allOf/0`) reaches the whole of `Tag`,
/// which is then walked like any other, so that everything the selection keeps is complete and
/// every reference inside it is followed too.
pub(super) struct Walk<'a> {
    resolver: Resolver<'a>,
    /// The header the client sets itself on every request (the API version), whose parameters
    /// the crate does not type, so their schemas are not reached through them.
    version_header: Option<String>,
    reached: IndexMap<Pointer, Usage>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(api: &'a OpenAPI, version_header: Option<&str>) -> Self {
        Walk {
            resolver: Resolver::new(api),
            version_header: version_header.map(str::to_owned),
            reached: IndexMap::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Every component and operation reached so far, with how they are used; the broken
    /// references met on the way (each once, though a component walked for requests and for
    /// responses meets it twice); and the references to schemas that do not exist, which
    /// lowering reads as any JSON.
    pub(super) fn finish(self) -> Walked {
        let unique = |mut found: Vec<Diagnostic>| {
            let mut seen = std::collections::HashSet::new();
            found.retain(|diagnostic| {
                seen.insert((diagnostic.pointer.clone(), diagnostic.message.clone()))
            });
            found
        };
        Walked {
            reached: self.reached,
            problems: unique(self.problems),
            warnings: unique(self.warnings),
        }
    }

    /// Whether `container` was reached.
    pub(super) fn has_reached(&self, container: &Pointer) -> bool {
        self.reached.contains_key(container)
    }

    /// Walks an operation the client sends: its parameters and body are requests, its
    /// responses responses.
    pub(super) fn operation(&mut self, op: &SelectedOperation<'a>) {
        self.exchange(op, Usage::REQUEST, Usage::RESPONSE);
    }

    /// Walks a webhook, the other way round: the API sends its body, the client answers.
    pub(super) fn webhook(&mut self, op: &SelectedOperation<'a>) {
        self.exchange(op, Usage::RESPONSE, Usage::REQUEST);
    }

    /// Reaches a component schema that nothing references (one picked by its `x-tags`), as
    /// something the API sends.
    pub(super) fn schema_component(&mut self, container: Pointer) {
        self.reach(container, Usage::RESPONSE);
    }

    fn exchange(&mut self, op: &SelectedOperation<'a>, sent: Usage, answered: Usage) {
        for (at, parameter) in op.parameters() {
            if !self.is_version_header(parameter, &at) {
                self.item(parameter, &at, sent, Walk::parameter);
            }
        }
        if let Some(body) = &op.operation.request_body {
            let at = op.pointer.join("requestBody");
            self.item(body, &at, sent, |walk, body, at, usage| {
                walk.content(&body.content, at, usage)
            });
        }
        let responses = op.pointer.join("responses");
        for (status, response) in responses_of(op.operation) {
            self.item(response, &responses.join(status), answered, Walk::response);
        }
    }

    /// Whether `parameter` is the API version header, which the client sets itself.
    fn is_version_header(&self, parameter: &'a ReferenceOr<Parameter>, at: &Pointer) -> bool {
        let Some(header) = &self.version_header else {
            return false;
        };
        let Ok(resolved) = self.resolver.item(parameter, at) else {
            return false;
        };
        match resolved.item {
            Parameter::Header { parameter_data, .. } => {
                parameter_data.name.eq_ignore_ascii_case(header)
            }
            _ => false,
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
            Err(problem) => {
                match self.resolver.dangling_schema(reference, at) {
                    Some(warning) => self.warnings.push(warning),
                    None => self.problems.push(problem),
                }
                return;
            }
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
    match (first.as_ref(), third) {
        ("components", Some(name)) => Some(container.join(name)),
        ("paths", Some(method)) if method != "parameters" => Some(container.join(method)),
        ("paths", _) => Some(container),
        _ => None,
    }
}
