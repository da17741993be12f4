//! What a description allows in a request's query and form body, read from the description
//! itself, and the check of a raw request against it. Prism validates most of a request, but
//! it reads only the last of repeated query pairs and ignores keys it does not know; a client
//! that sends `type=album&type=track` for an unexploded array, or `tags[]=a` for an exploded
//! one, passes Prism. `cargo xtask probe` records every request the probe sends (`tap.rs`) and
//! checks it here.
//!
//! The rules follow the specification's tables: a query parameter or form field is sent under
//! its name, once, except an exploded array (`form`, `spaceDelimited`, `pipeDelimited`), whose
//! name repeats; an exploded `form` object sends its properties' names; `deepObject` sends
//! `name[property]`.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, Parameter, QueryStyle, ReferenceOr, SchemaKind, SecurityScheme, Type,
};

use crate::spec::resolve::{Resolver, SchemaRef};
use crate::spec::{Pointer, TAB_DELIMITED_EXTENSION};

/// How deep the shape of a schema is looked for through references and compositions.
const MAX_DEPTH: usize = 16;

/// The keys an operation's requests may carry in their query and form body.
#[derive(Debug, Default)]
pub struct WireRules {
    query: Vec<KeyRule>,
    /// The fields of a form body, where the probe sends one.
    form: Option<Vec<KeyRule>>,
}

/// The keys one parameter or form field is sent under.
#[derive(Debug)]
struct KeyRule {
    name: String,
    keys: Keys,
    /// Whether a key may be sent more than once (an exploded array).
    repeats: bool,
    /// How the description serializes it, for messages: `style: form, explode: false`.
    how: String,
}

#[derive(Debug, PartialEq)]
enum Keys {
    /// The name itself.
    Name,
    /// `name[…]` (`deepObject`).
    Bracketed,
    /// The names of an exploded object's properties.
    Properties(Vec<String>),
    /// Any key: an exploded object whose properties are open, or a value of any shape.
    Any,
}

/// What a schema is, as far as its serialization goes.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Scalar,
    Array,
    Object {
        properties: Vec<String>,
        open: bool,
    },
    /// Constrains nothing, or nothing that can be told here.
    Unknown,
}

impl KeyRule {
    fn new(name: &str, style: &str, explode: bool, shape: Shape) -> KeyRule {
        let delimited = matches!(
            style,
            "form" | "spaceDelimited" | "pipeDelimited" | "tabDelimited"
        );
        let (keys, repeats) = match shape {
            _ if style == "deepObject" => (Keys::Bracketed, false),
            Shape::Object { properties, open } if style == "form" && explode => (
                if open {
                    Keys::Any
                } else {
                    Keys::Properties(properties)
                },
                false,
            ),
            Shape::Unknown if style == "form" && explode => (Keys::Any, true),
            Shape::Array if delimited && explode => (Keys::Name, true),
            _ => (Keys::Name, false),
        };
        KeyRule {
            name: name.to_owned(),
            keys,
            repeats,
            how: format!("style: {style}, explode: {explode}"),
        }
    }

    fn allows(&self, key: &str) -> bool {
        match &self.keys {
            Keys::Name => key == self.name,
            Keys::Bracketed => key
                .strip_prefix(self.name.as_str())
                .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']')),
            Keys::Properties(properties) => properties.iter().any(|property| property == key),
            Keys::Any => true,
        }
    }
}

impl WireRules {
    /// What `operation` of `path` (with `shared`, its path item's parameters) may send, and,
    /// where the probe sends a form body, what that body's media type `form` may hold.
    pub(super) fn of(
        api: &openapiv3::OpenAPI,
        path: &str,
        operation: &openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        form: Option<&str>,
    ) -> WireRules {
        let resolver = Resolver::new(api);
        let shapes = Shapes { resolver };
        let mut query = Vec::new();
        let mut seen = Vec::new();
        for parameter in operation.parameters.iter().chain(shared) {
            let Ok(parameter) = resolver.item(parameter, &Pointer::root()) else {
                continue;
            };
            let Parameter::Query {
                parameter_data,
                style,
                ..
            } = parameter.item
            else {
                continue;
            };
            // The operation's own declaration hides its path item's.
            if seen.contains(&&parameter_data.name) {
                continue;
            }
            seen.push(&parameter_data.name);
            let (style, shape) = match &parameter_data.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let style = if parameter_data
                        .extensions
                        .contains_key(TAB_DELIMITED_EXTENSION)
                    {
                        "tabDelimited"
                    } else {
                        style_name(style)
                    };
                    (style, shapes.of(schema.into(), 0))
                }
                // A value of a media type is one pair.
                openapiv3::ParameterSchemaOrContent::Content(_) => ("form", Shape::Scalar),
            };
            let explode = parameter_data.explode.unwrap_or(style == "form");
            query.push(KeyRule::new(&parameter_data.name, style, explode, shape));
        }
        query.extend(query_api_keys(api).map(|name| KeyRule {
            name: name.to_owned(),
            keys: Keys::Name,
            repeats: false,
            how: "an API key".to_owned(),
        }));
        // A path written with a query of its own (OpenAI's `/responses?beta=true`) sends it.
        if let Some((_, literal)) = path.split_once('?') {
            query.extend(
                form_urlencoded::parse(literal.as_bytes()).map(|(name, _)| KeyRule {
                    name: name.into_owned(),
                    keys: Keys::Name,
                    repeats: false,
                    how: "the path's own query".to_owned(),
                }),
            );
        }
        let form = form.and_then(|media_type| {
            let body = resolver
                .item(operation.request_body.as_ref()?, &Pointer::root())
                .ok()?
                .item;
            let media = body.content.get(media_type)?;
            Some(shapes.form_fields(media))
        });
        WireRules { query, form }
    }

    /// What `request` (a raw HTTP/1.1 request) sends that the description does not allow, one
    /// sentence each.
    pub fn check(&self, request: &str) -> Vec<String> {
        let (head, body) = request.split_once("\r\n\r\n").unwrap_or((request, ""));
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .unwrap_or_default();
        let mut violations = Vec::new();
        if let Some((_, query)) = target.split_once('?') {
            violations.extend(violations_of("query", &self.query, query));
        }
        let form_body = head.lines().skip(1).any(|line| {
            line.split_once(':').is_some_and(|(name, value)| {
                name.eq_ignore_ascii_case("content-type")
                    && value
                        .trim()
                        .to_ascii_lowercase()
                        .starts_with("application/x-www-form-urlencoded")
            })
        });
        if let (true, Some(fields)) = (form_body, &self.form) {
            violations.extend(violations_of("form field", fields, body));
        }
        violations
    }
}

/// Each key of `pairs` (`a=1&b=2`) that no rule allows, and each sent more often than its
/// rule lets it be.
fn violations_of(what: &str, rules: &[KeyRule], pairs: &str) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (key, _) in form_urlencoded::parse(pairs.as_bytes()) {
        *counts.entry(key.into_owned()).or_default() += 1;
    }
    let mut violations = Vec::new();
    for (key, count) in counts {
        let allowing: Vec<&KeyRule> = rules.iter().filter(|rule| rule.allows(&key)).collect();
        if allowing.is_empty() {
            violations.push(format!("{what} `{key}` is not in the description"));
        } else if count > 1 && !allowing.iter().any(|rule| rule.repeats) {
            violations.push(format!(
                "{what} `{key}` is sent {count} times, but `{}` ({}) sends it once",
                allowing[0].name, allowing[0].how
            ));
        }
    }
    violations
}

fn style_name(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form => "form",
        QueryStyle::SpaceDelimited => "spaceDelimited",
        QueryStyle::PipeDelimited => "pipeDelimited",
        QueryStyle::DeepObject => "deepObject",
    }
}

/// The names of the description's API keys sent in the query.
fn query_api_keys(api: &openapiv3::OpenAPI) -> impl Iterator<Item = &str> {
    api.components
        .iter()
        .flat_map(|components| components.security_schemes.values())
        .filter_map(|scheme| match scheme.as_item()? {
            SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Query,
                name,
                ..
            } => Some(name.as_str()),
            _ => None,
        })
}

/// Reads the shapes of schemas.
struct Shapes<'a> {
    resolver: Resolver<'a>,
}

impl<'a> Shapes<'a> {
    /// The fields a form body of `media` sends: each property as its `encoding` says (`form`,
    /// exploded, where it says nothing), and any key where the body's properties are open.
    fn form_fields(&self, media: &openapiv3::MediaType) -> Vec<KeyRule> {
        let Some(schema) = &media.schema else {
            return vec![any_key()];
        };
        let Some(schema) = self.resolver.schema(schema.into()) else {
            return vec![any_key()];
        };
        let mut fields = Vec::new();
        self.properties(schema, 0, &mut |name, property| {
            let (style, explode) = match media.encoding.get(name) {
                Some(encoding) => match &encoding.style {
                    Some(style) => (style_name(style), encoding.explode),
                    None => ("form", true),
                },
                None => ("form", true),
            };
            fields.push(KeyRule::new(name, style, explode, self.of(property, 0)));
        });
        if let Shape::Object { open: true, .. } | Shape::Unknown =
            self.of(SchemaRef::Inline(schema), 0)
        {
            fields.push(any_key());
        }
        fields
    }

    /// Calls `each` with every property `schema` declares, through `allOf`, `oneOf` and
    /// `anyOf`, with its schema.
    fn properties<'s>(
        &self,
        schema: &'s openapiv3::Schema,
        depth: usize,
        each: &mut dyn FnMut(&str, SchemaRef<'s>),
    ) where
        'a: 's,
    {
        if depth > MAX_DEPTH {
            return;
        }
        let (properties, parts) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), None),
            SchemaKind::AllOf { all_of: parts }
            | SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts } => (None, Some(parts)),
            SchemaKind::Any(any) => {
                for part in any.all_of.iter().chain(&any.one_of).chain(&any.any_of) {
                    if let Some(part) = self.resolver.schema(part.into()) {
                        self.properties(part, depth + 1, each);
                    }
                }
                (Some(&any.properties), None)
            }
            _ => (None, None),
        };
        for (name, property) in properties.into_iter().flatten() {
            each(name, property.into());
        }
        for part in parts.into_iter().flatten() {
            if let Some(part) = self.resolver.schema(part.into()) {
                self.properties(part, depth + 1, each);
            }
        }
    }

    /// The shape of `schema`.
    fn of(&self, schema: SchemaRef<'_>, depth: usize) -> Shape {
        let Some(schema) = self.resolver.schema(schema).filter(|_| depth <= MAX_DEPTH) else {
            return Shape::Unknown;
        };
        let object = |properties: Vec<String>, additional: Option<&AdditionalProperties>| {
            let open = properties.is_empty()
                || !matches!(additional, None | Some(AdditionalProperties::Any(false)));
            Shape::Object { properties, open }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(_)) => Shape::Array,
            SchemaKind::Type(Type::Object(value)) => object(
                value.properties.keys().cloned().collect(),
                value.additional_properties.as_ref(),
            ),
            SchemaKind::Type(_) => Shape::Scalar,
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .map(|part| self.of(part.into(), depth + 1))
                .filter(|shape| *shape != Shape::Unknown)
                .reduce(merged)
                .unwrap_or(Shape::Unknown),
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => parts
                .iter()
                .map(|part| self.of(part.into(), depth + 1))
                .reduce(merged)
                .unwrap_or(Shape::Unknown),
            SchemaKind::Not { .. } => Shape::Unknown,
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") => Shape::Array,
                Some("object") => object(
                    any.properties.keys().cloned().collect(),
                    any.additional_properties.as_ref(),
                ),
                Some(_) => Shape::Scalar,
                None if any.items.is_some() => Shape::Array,
                None if !any.properties.is_empty() => object(
                    any.properties.keys().cloned().collect(),
                    any.additional_properties.as_ref(),
                ),
                None => Shape::Unknown,
            },
        }
    }
}

/// One shape for two that a value may have: objects with the properties of both, else
/// the shape they share, else unknown.
fn merged(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (
            Shape::Object {
                mut properties,
                open,
            },
            Shape::Object {
                properties: more,
                open: more_open,
            },
        ) => {
            for property in more {
                if !properties.contains(&property) {
                    properties.push(property);
                }
            }
            Shape::Object {
                properties,
                open: open || more_open,
            }
        }
        (a, b) if a == b => a,
        _ => Shape::Unknown,
    }
}

fn any_key() -> KeyRule {
    KeyRule {
        name: String::new(),
        keys: Keys::Any,
        repeats: true,
        how: "open properties".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of `operation` as the one operation, `GET /` (or `POST /` with a form
    /// body), of a description.
    fn rules(operation: serde_json::Value) -> WireRules {
        rules_at("/", operation)
    }

    fn rules_at(path: &str, operation: serde_json::Value) -> WireRules {
        let method = if operation.get("requestBody").is_some() {
            "post"
        } else {
            "get"
        };
        let api: openapiv3::OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {path: {method: operation}},
            "components": {
                "schemas": {"Color": {"type": "object", "properties": {
                    "R": {"type": "integer"}, "G": {"type": "integer"}, "B": {"type": "integer"}
                }}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}
            }
        }))
        .unwrap();
        let item = api.paths.paths[path].as_item().unwrap();
        let (_, operation) = item.iter().next().unwrap();
        let form = operation
            .request_body
            .is_some()
            .then_some("application/x-www-form-urlencoded");
        WireRules::of(&api, path, operation, &item.parameters, form)
    }

    fn color(style: &str, explode: bool, schema: serde_json::Value) -> WireRules {
        rules(serde_json::json!({
            "parameters": [{"name": "color", "in": "query", "style": style, "explode": explode,
                "schema": schema}],
            "responses": {"200": {"description": "ok"}}
        }))
    }

    fn get(query: &str) -> String {
        format!("GET /?{query} HTTP/1.1\r\nhost: x\r\n\r\n")
    }

    fn array() -> serde_json::Value {
        serde_json::json!({"type": "array", "items": {"type": "string"}})
    }

    fn object() -> serde_json::Value {
        serde_json::json!({"$ref": "#/components/schemas/Color"})
    }

    // The query rows of the specification's style examples (`color` as the array
    // ["blue", "black", "brown"] and the object {"R": 100, "G": 200, "B": 150}), sent as
    // the table writes them, pass.
    #[test]
    fn the_specifications_examples_pass() {
        let rows = [
            ("form", true, array(), "color=blue&color=black&color=brown"),
            ("form", false, array(), "color=blue,black,brown"),
            ("form", true, object(), "R=100&G=200&B=150"),
            ("form", false, object(), "color=R,100,G,200,B,150"),
            (
                "spaceDelimited",
                false,
                array(),
                "color=blue%20black%20brown",
            ),
            (
                "spaceDelimited",
                true,
                array(),
                "color=blue&color=black&color=brown",
            ),
            ("pipeDelimited", false, array(), "color=blue|black|brown"),
            (
                "deepObject",
                true,
                object(),
                "color%5BR%5D=100&color[G]=200&color[B]=150",
            ),
        ];
        for (style, explode, schema, query) in rows {
            let rules = color(style, explode, schema);
            assert_eq!(
                rules.check(&get(query)),
                Vec::<String>::new(),
                "{style} {explode} {query}"
            );
        }
    }

    #[test]
    fn a_repeated_pair_of_an_unexploded_array_is_wrong() {
        let rules = color("form", false, array());
        assert_eq!(
            rules.check(&get("color=blue&color=black")),
            ["query `color` is sent 2 times, but `color` (style: form, explode: false) sends it once"]
        );
        let rules = color("pipeDelimited", false, array());
        assert_eq!(rules.check(&get("color=a&color=b")).len(), 1);
    }

    #[test]
    fn brackets_outside_deep_object_are_not_in_the_description() {
        let rules = color("form", true, array());
        assert_eq!(
            rules.check(&get("color%5B%5D=blue&color%5B%5D=black")),
            ["query `color[]` is not in the description"]
        );
        let rules = color("form", true, object());
        assert_eq!(
            rules.check(&get("color[R]=100&Y=1")),
            [
                "query `Y` is not in the description",
                "query `color[R]` is not in the description",
            ]
        );
    }

    #[test]
    fn api_keys_in_the_query_are_declared() {
        let rules = color("form", true, array());
        assert!(rules.check(&get("api_key=k&color=a")).is_empty());
    }

    #[test]
    fn a_query_written_in_the_path_is_declared() {
        let responses = serde_json::json!({"responses": {"200": {"description": "ok"}}});
        let rules = rules_at("/responses?beta=true", responses);
        assert!(rules.check(&get("beta=true")).is_empty());
        assert_eq!(
            rules.check(&get("beta=true&beta=false")),
            ["query `beta` is sent 2 times, but `beta` (the path's own query) sends it once"]
        );
    }

    fn form_post(body: &str) -> String {
        format!("POST / HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded\r\n\r\n{body}")
    }

    fn form_body(encoding: serde_json::Value) -> WireRules {
        rules(serde_json::json!({
            "requestBody": {"content": {"application/x-www-form-urlencoded": {
                "schema": {"allOf": [
                    {"type": "object", "properties": {"id": {"type": "string"}}},
                    {"type": "object", "properties": {"tags": {"type": "array",
                        "items": {"type": "string"}}, "color": object()}}
                ]},
                "encoding": encoding
            }}},
            "responses": {"200": {"description": "ok"}}
        }))
    }

    #[test]
    fn form_fields_follow_their_encoding_and_its_defaults() {
        let rules = form_body(serde_json::json!({}));
        assert!(rules
            .check(&form_post("id=1&tags=a&tags=b&R=1&G=2"))
            .is_empty());
        assert_eq!(
            rules.check(&form_post("id=1&tags%5B%5D=a&extra=1")),
            [
                "form field `extra` is not in the description",
                "form field `tags[]` is not in the description",
            ]
        );
        let rules = form_body(serde_json::json!({
            "tags": {"style": "form", "explode": false},
            "color": {"style": "deepObject", "explode": true}
        }));
        assert!(rules
            .check(&form_post("tags=a%2Cb&color%5BR%5D=1"))
            .is_empty());
        assert_eq!(rules.check(&form_post("tags=a&tags=b")).len(), 1);
    }

    #[test]
    fn an_open_body_takes_any_field() {
        let rules = rules(serde_json::json!({
            "requestBody": {"content": {"application/x-www-form-urlencoded": {
                "schema": {"type": "object", "additionalProperties": {"type": "string"}}
            }}},
            "responses": {"200": {"description": "ok"}}
        }));
        assert!(rules.check(&form_post("anything=1&else=2")).is_empty());
    }
}
