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

use openapiv3::{
    Header, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};

pub(crate) use super::node::Node;
pub(crate) use super::schema_parts::{children, SchemaRef};
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

    /// A warning for a `$ref` (found at `at`) to a schema component that does not exist, which
    /// real descriptions have (Square's): a value of any type is read there, since nothing says
    /// what it is. `None` for any other reference, good or broken (those are errors).
    pub fn dangling_schema(&self, reference: &str, at: &Pointer) -> Option<Diagnostic> {
        let name = Pointer::from_ref(reference)?.component("schemas")?;
        let exists = self
            .api
            .components
            .as_ref()
            .is_some_and(|components| components.schemas.contains_key(&name));
        (!exists).then(|| Diagnostic {
            pointer: at.to_string(),
            message: format!(
                "`$ref: {reference}` names a schema component that does not exist; the value is kept as any JSON (`serde_json::Value`)"
            ),
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

    /// The schema `schema` is or refers to; `None` for a reference that names no schema.
    pub(crate) fn schema<'s>(&self, schema: SchemaRef<'s>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            SchemaRef::Inline(schema) => Some(schema),
            SchemaRef::Ref(reference) => self
                .follow::<Schema>(reference, &Pointer::root())
                .ok()
                .map(|followed| followed.item),
        }
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
            return Err(self.problem(external_reference(reference)));
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
            let segments: Vec<_> = pointer.segments().collect();
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
    let segments: Vec<_> = location.segments().collect();
    match segments.as_slice() {
        [components, _, name] if components == "components" => name.to_string(),
        _ => location.to_string(),
    }
}

/// What is wrong with a `$ref` to another document.
pub(crate) fn external_reference(reference: &str) -> String {
    format!("`$ref: {reference}` points outside this document; external references are not supported, bundle the spec into one file first")
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
}
