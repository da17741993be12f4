//! Following `$ref`s, the one place that knows how references are spelled and what can go wrong
//! with them: a missing component, an external file, a malformed pointer, or a chain of
//! references that loops without ever reaching a value.
//!
//! Both `select` (which walks references to find what an operation reaches) and `lower` (which
//! needs the schema behind a reference) resolve through here, so a bad reference is reported the
//! same way wherever it is met.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema, SchemaKind, Type};

use crate::error::Diagnostic;
use crate::spec::Pointer;

/// A schema as it appears in the spec: a reference or an inline definition.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref: '#/components/schemas/<name>'`.
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

/// A component reached through a reference: its name, where it is, and its definition.
#[derive(Debug, Clone, Copy)]
pub struct Component<'a, T> {
    /// The component's key, e.g. `custom_channel_contact`.
    pub name: &'a str,
    /// The definition at the end of the reference chain.
    pub item: &'a T,
}

/// Looks up `#/components/...` references in one document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    api: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    /// A resolver over `api`'s components.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver { api }
    }

    /// The schema a `$ref` found at `at` names. A component that is itself a reference is followed
    /// to the schema at the end of the chain; the returned name is the first component's, which is
    /// the one the reference spelled.
    pub fn schema(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<Component<'a, Schema>, Diagnostic> {
        let schemas = self.api.components.as_ref().map(|c| &c.schemas);
        follow(schemas, "schemas", reference, at)
    }

    /// The response a `$ref` found at `at` names.
    pub fn response(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<Component<'a, Response>, Diagnostic> {
        let responses = self.api.components.as_ref().map(|c| &c.responses);
        follow(responses, "responses", reference, at)
    }

    /// The request body a `$ref` found at `at` names.
    pub fn request_body(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<Component<'a, RequestBody>, Diagnostic> {
        let bodies = self.api.components.as_ref().map(|c| &c.request_bodies);
        follow(bodies, "requestBodies", reference, at)
    }

    /// The parameter a `$ref` found at `at` names.
    pub fn parameter(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<Component<'a, Parameter>, Diagnostic> {
        let parameters = self.api.components.as_ref().map(|c| &c.parameters);
        follow(parameters, "parameters", reference, at)
    }

    /// The component schema called `name`, with its key, without following references.
    pub fn component_schema(&self, name: &str) -> Option<(&'a str, &'a ReferenceOr<Schema>)> {
        self.api
            .components
            .as_ref()?
            .schemas
            .get_key_value(name)
            .map(|(key, entry)| (key.as_str(), entry))
    }

    /// `item` itself, or the component it references.
    pub fn item<T>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
        lookup: impl Fn(&Self, &str, &Pointer) -> Result<Component<'a, T>, Diagnostic>,
    ) -> Result<&'a T, Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok(item),
            ReferenceOr::Reference { reference } => lookup(self, reference, at).map(|c| c.item),
        }
    }
}

/// The component name in `reference` when it has the form `#/components/<kind>/<name>`.
pub fn component_name(reference: &str, kind: &str) -> Option<String> {
    let pointer = Pointer::from_ref(reference)?;
    let segments: Vec<String> = pointer.segments().collect();
    match segments.as_slice() {
        [components, k, name] if components == "components" && k == kind && !name.is_empty() => {
            Some(name.clone())
        }
        _ => None,
    }
}

fn follow<'a, T>(
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
    reference: &str,
    at: &Pointer,
) -> Result<Component<'a, T>, Diagnostic> {
    let problem = |message: String| Diagnostic {
        pointer: at.to_string(),
        message,
    };
    let mut chain: Vec<&str> = Vec::new();
    let mut current = reference;
    loop {
        if !current.starts_with('#') {
            return Err(problem(format!(
                "`$ref: {current}` points outside this document; external references are not supported, bundle the spec into one file first"
            )));
        }
        let Some(name) = component_name(current, kind) else {
            return Err(problem(format!(
                "malformed `$ref: {current}`; expected `#/components/{kind}/<name>`"
            )));
        };
        let Some((key, entry)) = components.and_then(|map| map.get_key_value(name.as_str())) else {
            return Err(problem(format!(
                "`$ref: {current}` names a component that does not exist"
            )));
        };
        if chain.contains(&key.as_str()) {
            chain.push(key);
            return Err(problem(format!(
                "`$ref` chain loops without reaching a definition: {}",
                chain.join(" → ")
            )));
        }
        chain.push(key);
        match entry {
            ReferenceOr::Item(item) => {
                return Ok(Component {
                    name: chain[0],
                    item,
                })
            }
            ReferenceOr::Reference { reference } => current = reference,
        }
    }
}

/// The schemas nested directly inside `schema`, each with its location below `at`.
pub fn children<'a>(schema: &'a Schema, at: &Pointer) -> Vec<(Pointer, SchemaRef<'a>)> {
    let mut children = Vec::new();
    let object = |properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
                  additional: Option<&'a openapiv3::AdditionalProperties>,
                  children: &mut Vec<(Pointer, SchemaRef<'a>)>| {
        for (name, property) in properties {
            children.push((at.join("properties").join(name), property.into()));
        }
        if let Some(openapiv3::AdditionalProperties::Schema(schema)) = additional {
            children.push((at.join("additionalProperties"), (&**schema).into()));
        }
    };
    let list = |key: &str, items: &'a [ReferenceOr<Schema>], children: &mut Vec<_>| {
        for (index, item) in items.iter().enumerate() {
            children.push((at.join(key).join(index), item.into()));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object_type)) => object(
            &object_type.properties,
            object_type.additional_properties.as_ref(),
            &mut children,
        ),
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                children.push((at.join("items"), items.into()));
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of } => list("oneOf", one_of, &mut children),
        SchemaKind::AllOf { all_of } => list("allOf", all_of, &mut children),
        SchemaKind::AnyOf { any_of } => list("anyOf", any_of, &mut children),
        SchemaKind::Not { not } => children.push((at.join("not"), (&**not).into())),
        SchemaKind::Any(any) => {
            object(
                &any.properties,
                any.additional_properties.as_ref(),
                &mut children,
            );
            if let Some(items) = &any.items {
                children.push((at.join("items"), items.into()));
            }
            list("allOf", &any.all_of, &mut children);
            list("oneOf", &any.one_of, &mut children);
            list("anyOf", &any.any_of, &mut children);
            if let Some(not) = &any.not {
                children.push((at.join("not"), (&**not).into()));
            }
        }
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
paths: {}
components:
  schemas:
    a: {type: string}
    alias: {$ref: '#/components/schemas/a'}
    loop1: {$ref: '#/components/schemas/loop2'}
    loop2: {$ref: '#/components/schemas/loop1'}
"##;

    fn resolve(reference: &str) -> Result<String, String> {
        let api = api(SPEC);
        Resolver::new(&api)
            .schema(reference, &Pointer::root().join("here"))
            .map(|c| c.name.to_owned())
            .map_err(|d| d.to_string())
    }

    #[test]
    fn follows_alias_chains_and_keeps_the_spelled_name() {
        assert_eq!(resolve("#/components/schemas/alias"), Ok("alias".into()));
    }

    #[test]
    fn reports_each_kind_of_bad_reference_at_its_location() {
        assert_eq!(
            resolve("#/components/schemas/missing"),
            Err("at #/here: `$ref: #/components/schemas/missing` names a component that does not exist".into())
        );
        assert_eq!(
            resolve("other.yaml#/components/schemas/a"),
            Err("at #/here: `$ref: other.yaml#/components/schemas/a` points outside this document; external references are not supported, bundle the spec into one file first".into())
        );
        assert_eq!(
            resolve("#/components/responses/a"),
            Err("at #/here: malformed `$ref: #/components/responses/a`; expected `#/components/schemas/<name>`".into())
        );
        assert_eq!(
            resolve("#/components/schemas/loop1"),
            Err("at #/here: `$ref` chain loops without reaching a definition: loop1 → loop2 → loop1".into())
        );
    }

    #[test]
    fn unescapes_component_names() {
        assert_eq!(
            component_name("#/components/schemas/a~1b", "schemas"),
            Some("a/b".into())
        );
    }
}
