//! The typed document as a tree a JSON pointer can walk: one [`Node`] per kind of place in an
//! OpenAPI 3.0 document, and the one step from a node to its child named by a pointer segment.
//! The resolver walks pointers with it; nothing else needs to know the document's layout.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Example, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    StatusCode,
};
use serde_json::Value;

use super::resolve::Target;
use super::schema_parts::SchemaParts;

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
    pub(super) fn kind(self) -> &'static str {
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
    pub(super) fn step(self, segment: &str) -> Option<Node<'a>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_and_indices_are_read_as_the_spec_writes_them() {
        assert_eq!(status_code("2XX"), Some(StatusCode::Range(2)));
        assert_eq!(status_code("404"), Some(StatusCode::Code(404)));
        assert_eq!(status_code("abc"), None);
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("01"), None);
    }
}
