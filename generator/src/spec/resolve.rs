//! Following `$ref`s: the one place that knows how a reference is spelled, where in the document
//! it can point, and what can go wrong with it.
//!
//! A local reference is a JSON pointer (RFC 6901) into the document, and bundlers emit them
//! into every corner of it: `#/components/schemas/Tag/allOf/0`,
//! `#/components/responses/Conflict/content/application~1json/schema`,
//! `#/paths/~1pets/get/parameters/0`. The pointer is walked through the typed document, segment
//! by segment; a `$ref` met on the way is followed before the walk goes on, and one found at the
//! end is followed until a definition is reached. Every location is reported in its canonical
//! form (the place the definition really sits), so an item reached by two spellings is one item.
//!
//! Missing targets, external files, malformed pointers, a target of the wrong kind (a response
//! that refers to a request body) and chains that loop without reaching a definition become a
//! [`Diagnostic`] at the JSON pointer of the `$ref`. `select` (which walks references to find what
//! operations reach), `lower` (which needs what a reference names) and the side tools all
//! resolve through here.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Example, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    SchemaKind, StatusCode, Type,
};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::spec::Pointer;

/// Follows the references of one document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolver<'a> {
    api: &'a OpenAPI,
}

/// What a reference resolved to.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a, T> {
    /// The definition at the end of the chain.
    pub item: &'a T,
    /// The canonical location of each link of the chain: what the reference names first, the
    /// definition last (more than one when a component is an alias, `a: {$ref: b}`).
    pub chain: Vec<Pointer>,
    /// References met inside the pointers on the way (`#/components/schemas/a/properties/x`
    /// where `a` is itself a `$ref`), canonical; the walk went through their targets.
    pub via: Vec<Pointer>,
}

impl<T> Resolved<'_, T> {
    /// Where the definition sits.
    pub fn definition(&self) -> &Pointer {
        // `follow` and `item` always put the location the reference names in the chain.
        &self.chain[self.chain.len() - 1]
    }
}

/// The kinds of object a reference can be required to name.
pub(crate) trait Target: Sized {
    /// The kind, for messages: "a schema".
    const KIND: &'static str;
    /// The object if `node` is of this kind.
    fn from_node(node: Node<'_>) -> Option<&Self>;
}

macro_rules! target {
    ($type:ty, $variant:ident, $kind:literal) => {
        impl Target for $type {
            const KIND: &'static str = $kind;
            fn from_node(node: Node<'_>) -> Option<&Self> {
                match node {
                    Node::$variant(item) => Some(item),
                    _ => None,
                }
            }
        }
    };
}

target!(Schema, Schema, "a schema");
target!(Response, Response, "a response");
target!(RequestBody, RequestBody, "a request body");
target!(Parameter, Parameter, "a parameter");
target!(Header, Header, "a header");
target!(PathItem, PathItem, "a path item");
target!(Operation, Operation, "an operation");

impl<'a> Resolver<'a> {
    /// A resolver over `api`.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver { api }
    }

    /// The `T` a `$ref` found at `at` names, following references to the definition.
    pub fn follow<T: Target>(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        let mut resolution = Resolution {
            resolver: *self,
            at,
            chain: Vec::new(),
            via: Vec::new(),
        };
        let node = resolution.follow(reference)?;
        let item = T::from_node(node).ok_or_else(|| Diagnostic {
            pointer: at.to_string(),
            message: format!(
                "`$ref: {reference}` names {}, but {} is expected here",
                node.kind(),
                T::KIND
            ),
        })?;
        Ok(Resolved {
            item,
            chain: resolution.chain,
            via: resolution.via,
        })
    }

    /// The node at `location`, a canonical location this resolver reported, without following a
    /// reference found there (one met on the way is followed).
    pub fn locate(&self, location: &Pointer) -> Result<Node<'a>, Diagnostic> {
        let mut resolution = Resolution {
            resolver: *self,
            at: location,
            chain: Vec::new(),
            via: Vec::new(),
        };
        resolution.walk(&location.to_string()).map(|(node, _)| node)
    }

    /// `item` itself (located at `at`), or what its reference names.
    pub fn item<T: Target>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok(Resolved {
                item,
                chain: vec![at.clone()],
                via: Vec::new(),
            }),
            ReferenceOr::Reference { reference } => self.follow(reference, at),
        }
    }
}

/// One resolution in progress: the links found so far, for loop detection and the result.
struct Resolution<'r, 'a> {
    resolver: Resolver<'a>,
    /// Where the `$ref` being resolved is, for messages.
    at: &'r Pointer,
    chain: Vec<Pointer>,
    via: Vec<Pointer>,
}

impl<'a> Resolution<'_, 'a> {
    fn problem(&self, message: String) -> Diagnostic {
        Diagnostic {
            pointer: self.at.to_string(),
            message,
        }
    }

    /// Follows `reference` and every reference it leads to; the node of the definition.
    fn follow(&mut self, reference: &str) -> Result<Node<'a>, Diagnostic> {
        let start = self.chain.len();
        let mut current = reference;
        loop {
            let (node, location) = self.walk(current)?;
            if self.chain[start..].contains(&location) {
                self.chain.push(location);
                let names: Vec<String> = self.chain[start..].iter().map(short_name).collect();
                return Err(self.problem(format!(
                    "`$ref` chain loops without reaching a definition: {}",
                    names.join(" → ")
                )));
            }
            self.chain.push(location);
            match node {
                Node::Reference(next) => current = next,
                definition => return Ok(definition),
            }
        }
    }

    /// The node `reference` points at (possibly another reference) and its canonical location.
    fn walk(&mut self, reference: &str) -> Result<(Node<'a>, Pointer), Diagnostic> {
        if !reference.starts_with('#') {
            return Err(self.problem(format!(
                "`$ref: {reference}` points outside this document; external references are not supported, bundle the spec into one file first"
            )));
        }
        let Some(pointer) = Pointer::from_ref(reference) else {
            return Err(self.problem(format!(
                "malformed `$ref: {reference}`; expected a JSON pointer into this document, such as `#/components/schemas/<name>`"
            )));
        };
        let mut node = Node::Document(self.resolver.api);
        let mut location = Pointer::root();
        for segment in pointer.segments() {
            if let Node::Reference(inner) = node {
                // A reference inside the pointer: go on from what it names.
                let depth = self.chain.len();
                node = self.follow(inner)?;
                location = self.chain.split_off(depth).pop().unwrap_or(location);
                self.via.push(location.clone());
            }
            node = match node.step(&segment) {
                Some(next) => next,
                None => return Err(self.missing(reference, &location, &segment)),
            };
            location = location.join(&segment);
        }
        Ok((node, location))
    }

    fn missing(&self, reference: &str, parent: &Pointer, segment: &str) -> Diagnostic {
        let names_a_component = Pointer::from_ref(reference).is_some_and(|pointer| {
            let segments: Vec<String> = pointer.segments().collect();
            segments.len() == 3 && segments[0] == "components"
        });
        if names_a_component {
            return self.problem(format!(
                "`$ref: {reference}` names a component that does not exist"
            ));
        }
        self.problem(format!(
            "`$ref: {reference}` names nothing in this document: `{parent}` has no `{segment}`"
        ))
    }
}

/// A component's name for a loop message (`a → b → a`), else the pointer.
fn short_name(location: &Pointer) -> String {
    let segments: Vec<String> = location.segments().collect();
    match segments.as_slice() {
        [components, _, name] if components == "components" => name.clone(),
        _ => location.to_string(),
    }
}

/// A place in the typed document that a pointer can pass through or end at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    Document(&'a OpenAPI),
    Components(&'a Components),
    Paths(&'a IndexMap<String, ReferenceOr<PathItem>>),
    PathItem(&'a PathItem),
    Operation(&'a Operation),
    Parameters(&'a [ReferenceOr<Parameter>]),
    Parameter(&'a Parameter),
    RequestBody(&'a RequestBody),
    Responses(&'a Responses),
    Response(&'a Response),
    Content(&'a IndexMap<String, MediaType>),
    MediaType(&'a MediaType),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    Header(&'a Header),
    Schemas(&'a IndexMap<String, ReferenceOr<Schema>>),
    ComponentResponses(&'a IndexMap<String, ReferenceOr<Response>>),
    ComponentParameters(&'a IndexMap<String, ReferenceOr<Parameter>>),
    RequestBodies(&'a IndexMap<String, ReferenceOr<RequestBody>>),
    Examples(&'a IndexMap<String, ReferenceOr<Example>>),
    Example(&'a Example),
    Schema(&'a Schema),
    SchemaList(&'a [ReferenceOr<Schema>]),
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    /// A literal value: an `example`, a `default`, or a part of one.
    Value(&'a Value),
    /// A `$ref` met on the way, still to be followed.
    Reference(&'a str),
}

impl<'a> Node<'a> {
    /// What kind of object this is, for messages.
    fn kind(self) -> &'static str {
        match self {
            Node::Document(_) => "the whole document",
            Node::Schema(_) => Schema::KIND,
            Node::Response(_) => Response::KIND,
            Node::RequestBody(_) => RequestBody::KIND,
            Node::Parameter(_) => Parameter::KIND,
            Node::Header(_) => Header::KIND,
            Node::PathItem(_) => PathItem::KIND,
            Node::Operation(_) => "an operation",
            Node::MediaType(_) => "a media type object",
            Node::Example(_) => "an example object",
            Node::Value(_) => "a literal value",
            Node::Reference(_) => "a reference",
            _ => "a collection",
        }
    }

    /// The node one segment below this one.
    fn step(self, segment: &str) -> Option<Node<'a>> {
        match self {
            Node::Document(api) => match segment {
                "paths" => Some(Node::Paths(&api.paths.paths)),
                "components" => api.components.as_ref().map(Node::Components),
                _ => None,
            },
            Node::Components(components) => match segment {
                "schemas" => Some(Node::Schemas(&components.schemas)),
                "responses" => Some(Node::ComponentResponses(&components.responses)),
                "parameters" => Some(Node::ComponentParameters(&components.parameters)),
                "requestBodies" => Some(Node::RequestBodies(&components.request_bodies)),
                "headers" => Some(Node::Headers(&components.headers)),
                "examples" => Some(Node::Examples(&components.examples)),
                _ => None,
            },
            Node::Paths(paths) => Some(or_ref(paths.get(segment)?, Node::PathItem)),
            Node::PathItem(item) => match segment {
                "parameters" => Some(Node::Parameters(&item.parameters)),
                method => item
                    .iter()
                    .find(|(m, _)| *m == method)
                    .map(|(_, operation)| Node::Operation(operation)),
            },
            Node::Operation(operation) => match segment {
                "parameters" => Some(Node::Parameters(&operation.parameters)),
                "requestBody" => Some(or_ref(operation.request_body.as_ref()?, Node::RequestBody)),
                "responses" => Some(Node::Responses(&operation.responses)),
                _ => None,
            },
            Node::Parameters(list) => Some(or_ref(list.get(index(segment)?)?, Node::Parameter)),
            Node::Parameter(parameter) => {
                let data = parameter.parameter_data_ref();
                match segment {
                    "example" => data.example.as_ref().map(Node::Value),
                    "examples" => Some(Node::Examples(&data.examples)),
                    _ => schema_or_content(&data.format, segment),
                }
            }
            Node::Header(header) => match segment {
                "example" => header.example.as_ref().map(Node::Value),
                "examples" => Some(Node::Examples(&header.examples)),
                _ => schema_or_content(&header.format, segment),
            },
            Node::RequestBody(body) => match segment {
                "content" => Some(Node::Content(&body.content)),
                _ => None,
            },
            Node::Responses(responses) => {
                let response = match segment {
                    "default" => responses.default.as_ref(),
                    status => responses.responses.get(&status_code(status)?),
                };
                Some(or_ref(response?, Node::Response))
            }
            Node::Response(response) => match segment {
                "content" => Some(Node::Content(&response.content)),
                "headers" => Some(Node::Headers(&response.headers)),
                _ => None,
            },
            Node::Content(content) => content.get(segment).map(Node::MediaType),
            Node::MediaType(media) => match segment {
                "schema" => Some(or_ref(media.schema.as_ref()?, Node::Schema)),
                "example" => media.example.as_ref().map(Node::Value),
                "examples" => Some(Node::Examples(&media.examples)),
                _ => None,
            },
            Node::Examples(map) => Some(or_ref(map.get(segment)?, Node::Example)),
            Node::Example(example) => match segment {
                "value" => example.value.as_ref().map(Node::Value),
                _ => None,
            },
            Node::Value(value) => match value {
                Value::Object(object) => object.get(segment).map(Node::Value),
                Value::Array(items) => items.get(index(segment)?).map(Node::Value),
                _ => None,
            },
            Node::Headers(headers) => Some(or_ref(headers.get(segment)?, Node::Header)),
            Node::Schemas(map) => Some(or_ref(map.get(segment)?, Node::Schema)),
            Node::ComponentResponses(map) => Some(or_ref(map.get(segment)?, Node::Response)),
            Node::ComponentParameters(map) => Some(or_ref(map.get(segment)?, Node::Parameter)),
            Node::RequestBodies(map) => Some(or_ref(map.get(segment)?, Node::RequestBody)),
            Node::Schema(schema) => schema_step(schema, segment),
            Node::SchemaList(list) => Some(or_ref(list.get(index(segment)?)?, Node::Schema)),
            Node::Properties(properties) => Some(boxed_or_ref(properties.get(segment)?)),
            Node::Reference(_) => None,
        }
    }
}

fn or_ref<'a, T>(item: &'a ReferenceOr<T>, wrap: fn(&'a T) -> Node<'a>) -> Node<'a> {
    match item {
        ReferenceOr::Item(item) => wrap(item),
        ReferenceOr::Reference { reference } => Node::Reference(reference),
    }
}

fn boxed_or_ref(item: &ReferenceOr<Box<Schema>>) -> Node<'_> {
    match item {
        ReferenceOr::Item(schema) => Node::Schema(schema),
        ReferenceOr::Reference { reference } => Node::Reference(reference),
    }
}

fn schema_or_content<'a>(format: &'a ParameterSchemaOrContent, segment: &str) -> Option<Node<'a>> {
    match (format, segment) {
        (ParameterSchemaOrContent::Schema(schema), "schema") => Some(or_ref(schema, Node::Schema)),
        (ParameterSchemaOrContent::Content(content), "content") => Some(Node::Content(content)),
        _ => None,
    }
}

fn schema_step<'a>(schema: &'a Schema, segment: &str) -> Option<Node<'a>> {
    let parts = SchemaParts::of(schema);
    match segment {
        "example" => schema.schema_data.example.as_ref().map(Node::Value),
        "default" => schema.schema_data.default.as_ref().map(Node::Value),
        "properties" => parts.properties.map(Node::Properties),
        "items" => parts.items.map(boxed_or_ref),
        "additionalProperties" => match parts.additional_properties? {
            AdditionalProperties::Schema(schema) => Some(or_ref(schema, Node::Schema)),
            AdditionalProperties::Any(_) => None,
        },
        "allOf" => Some(Node::SchemaList(parts.all_of)),
        "oneOf" => Some(Node::SchemaList(parts.one_of)),
        "anyOf" => Some(Node::SchemaList(parts.any_of)),
        "not" => parts.not.map(|not| or_ref(not, Node::Schema)),
        _ => None,
    }
}

fn index(segment: &str) -> Option<usize> {
    // RFC 6901: an array index has no leading zeros.
    if segment.len() > 1 && segment.starts_with('0') {
        return None;
    }
    segment.parse().ok()
}

fn status_code(segment: &str) -> Option<StatusCode> {
    match segment.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            Some(StatusCode::Range(u16::from(class - b'0')))
        }
        _ => segment.parse().ok().map(StatusCode::Code),
    }
}

/// A schema as it appears in the spec: a reference or an inline definition.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    /// `$ref: '#/…'`.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// The places a schema can nest other schemas, whichever form openapiv3 parsed it into (a typed
/// `object`/`array`, a bare `allOf`/`oneOf`/`anyOf`/`not`, or a schema without a `type`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchemaParts<'a> {
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub additional_properties: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub all_of: &'a [ReferenceOr<Schema>],
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: Option<&'a ReferenceOr<Schema>>,
}

impl<'a> SchemaParts<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let mut parts = SchemaParts {
            properties: None,
            additional_properties: None,
            items: None,
            all_of: &[],
            one_of: &[],
            any_of: &[],
            not: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                parts.properties = Some(&object.properties);
                parts.additional_properties = object.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(array)) => parts.items = array.items.as_ref(),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => parts.one_of = one_of,
            SchemaKind::AllOf { all_of } => parts.all_of = all_of,
            SchemaKind::AnyOf { any_of } => parts.any_of = any_of,
            SchemaKind::Not { not } => parts.not = Some(not),
            SchemaKind::Any(any) => {
                parts.properties = Some(&any.properties);
                parts.additional_properties = any.additional_properties.as_ref();
                parts.items = any.items.as_ref();
                parts.all_of = &any.all_of;
                parts.one_of = &any.one_of;
                parts.any_of = &any.any_of;
                parts.not = any.not.as_deref();
            }
        }
        parts
    }
}

/// The schemas nested directly inside `schema`, each with its location below `at`.
pub(crate) fn children<'a>(schema: &'a Schema, at: &Pointer) -> Vec<(Pointer, SchemaRef<'a>)> {
    let parts = SchemaParts::of(schema);
    let mut children = Vec::new();
    for (name, property) in parts.properties.into_iter().flatten() {
        children.push((at.join("properties").join(name), property.into()));
    }
    if let Some(AdditionalProperties::Schema(schema)) = parts.additional_properties {
        children.push((at.join("additionalProperties"), (&**schema).into()));
    }
    if let Some(items) = parts.items {
        children.push((at.join("items"), items.into()));
    }
    for (key, list) in [
        ("allOf", parts.all_of),
        ("oneOf", parts.one_of),
        ("anyOf", parts.any_of),
    ] {
        for (index, item) in list.iter().enumerate() {
            children.push((at.join(key).join(index), item.into()));
        }
    }
    if let Some(not) = parts.not {
        children.push((at.join("not"), not.into()));
    }
    children
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("test spec parses")
    }

    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
components:
  schemas:
    a: {type: string}
    alias: {$ref: '#/components/schemas/a'}
    loop1: {$ref: '#/components/schemas/loop2'}
    loop2: {$ref: '#/components/schemas/loop1'}
    pet:
      allOf:
        - {$ref: '#/components/schemas/named'}
        - type: object
          properties:
            tag: {type: string}
    named:
      type: object
      properties:
        name: {type: string}
    via_alias: {$ref: '#/components/schemas/alias_of_named/properties/name'}
    alias_of_named: {$ref: '#/components/schemas/named'}
  responses:
    Conflict:
      description: conflict
      content:
        application/json:
          schema: {type: object, properties: {reason: {type: string}}}
  requestBodies:
    body:
      content:
        application/json:
          schema: {type: string}
"##;

    /// The chain of canonical locations a schema reference resolves through, or the message.
    fn resolve(reference: &str) -> Result<Vec<String>, String> {
        let api = api(SPEC);
        Resolver::new(&api)
            .follow::<Schema>(reference, &Pointer::root().join("here"))
            .map(|r| r.chain.iter().map(ToString::to_string).collect())
            .map_err(|d| d.to_string())
    }

    #[test]
    fn follows_alias_chains_from_the_spelled_name_to_the_definition() {
        assert_eq!(
            resolve("#/components/schemas/alias"),
            Ok(vec![
                "#/components/schemas/alias".into(),
                "#/components/schemas/a".into()
            ])
        );
    }

    #[test]
    fn follows_pointers_into_the_interior_of_components_and_paths() {
        assert_eq!(
            resolve("#/components/schemas/pet/allOf/1/properties/tag"),
            Ok(vec![
                "#/components/schemas/pet/allOf/1/properties/tag".into()
            ])
        );
        assert_eq!(
            resolve("#/components/responses/Conflict/content/application~1json/schema"),
            Ok(vec![
                "#/components/responses/Conflict/content/application~1json/schema".into()
            ])
        );
        assert_eq!(
            resolve("#/paths/~1pets/get/parameters/0/schema"),
            Ok(vec!["#/paths/~1pets/get/parameters/0/schema".into()])
        );
        // Through the `$ref` of the 200 response's schema, to where the definition is.
        assert_eq!(
            resolve("#/paths/~1pets/get/responses/200/content/application~1json/schema/allOf/0"),
            Ok(vec![
                "#/components/schemas/pet/allOf/0".into(),
                "#/components/schemas/named".into()
            ])
        );
    }

    #[test]
    fn references_inside_a_pointer_are_followed_and_reported() {
        let api = api(SPEC);
        let resolved = Resolver::new(&api)
            .follow::<Schema>("#/components/schemas/via_alias", &Pointer::root())
            .expect("resolves");
        assert_eq!(
            resolved.definition().to_string(),
            "#/components/schemas/named/properties/name"
        );
        assert_eq!(
            resolved
                .via
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["#/components/schemas/named"]
        );
    }

    #[test]
    fn reports_each_kind_of_bad_reference_at_its_location() {
        assert_eq!(
            resolve("#/components/schemas/missing"),
            Err("at #/here: `$ref: #/components/schemas/missing` names a component that does not exist".into())
        );
        assert_eq!(
            resolve("#/components/schemas/pet/allOf/7"),
            Err("at #/here: `$ref: #/components/schemas/pet/allOf/7` names nothing in this document: `#/components/schemas/pet/allOf` has no `7`".into())
        );
        assert_eq!(
            resolve("other.yaml#/components/schemas/a"),
            Err("at #/here: `$ref: other.yaml#/components/schemas/a` points outside this document; external references are not supported, bundle the spec into one file first".into())
        );
        assert_eq!(
            resolve("#components"),
            Err("at #/here: malformed `$ref: #components`; expected a JSON pointer into this document, such as `#/components/schemas/<name>`".into())
        );
        assert_eq!(
            resolve("#/components/requestBodies/body"),
            Err("at #/here: `$ref: #/components/requestBodies/body` names a request body, but a schema is expected here".into())
        );
        assert_eq!(
            resolve("#/components/schemas/loop1"),
            Err("at #/here: `$ref` chain loops without reaching a definition: loop1 → loop2 → loop1".into())
        );
    }

    #[test]
    fn status_codes_and_indices_are_read_as_the_spec_writes_them() {
        assert_eq!(status_code("2XX"), Some(StatusCode::Range(2)));
        assert_eq!(status_code("404"), Some(StatusCode::Code(404)));
        assert_eq!(status_code("abc"), None);
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("01"), None);
    }
}
