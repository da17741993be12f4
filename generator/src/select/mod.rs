//! Stage 2, **select**: the operations to generate, and everything they reach.
//!
//! Operations and webhooks (`x-webhooks`) are picked by tag, by `operationId`, or all of them;
//! so are the component schemas whose `x-tags` name a selected tag, which a spec uses for
//! payloads no operation references (the events an API sends back). From each, the walk follows
//! parameters, request bodies and responses into their schemas, and from every schema into the
//! schemas it nests or references, until nothing new is reached; every reference is followed by
//! `spec::resolve`. This is the only code that decides what a selection covers: lowering
//! converts exactly the component schemas found here, `prune` keeps exactly the components found
//! here, and `api-diff` compares exactly these operations and schemas, knowing for each whether
//! requests, responses or both use it.

mod walk;

use indexmap::{IndexMap, IndexSet};
use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, Schema};

use crate::config::SelectionConfig;
use crate::error::Diagnostic;
use crate::spec::resolve::{Resolved, Resolver};
use crate::spec::{Pointer, Spec, OPERATIONS_EXTENSION, WEBHOOKS_EXTENSION};
use crate::Error;

/// What a generation covers.
#[derive(Debug)]
pub struct Selection<'a> {
    /// The chosen operations, in spec order (paths, then methods in `PathItem` order).
    pub operations: Vec<SelectedOperation<'a>>,
    /// The chosen webhooks, in spec order: requests the API sends, whose `path` is the
    /// webhook's name.
    pub webhooks: Vec<SelectedOperation<'a>>,
    /// Every location a reference of the selection names (canonical, see
    /// `spec::resolve`), in the order the walk first reached it, with how it is used.
    pub reached: IndexMap<Pointer, Usage>,
    /// Names of the component schemas the operations reach, in the order `components` lists
    /// them: the named types of the generated crate.
    pub schemas: Vec<&'a str>,
    /// What the selection includes for a reason other than an operation using it (schemas
    /// picked by their `x-tags`), said as warnings.
    pub notes: Vec<Diagnostic>,
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
    pub(crate) const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub(crate) const RESPONSE: Usage = Usage {
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

/// One operation (or webhook) and where it lives.
#[derive(Debug, Clone)]
pub struct SelectedOperation<'a> {
    /// The path template, e.g. `/custom_channel_events/notify_new_message`; for a webhook, its
    /// name.
    pub path: &'a str,
    /// The lowercase HTTP method, e.g. `post`.
    pub method: &'a str,
    /// The operation itself.
    pub operation: &'a Operation,
    /// Parameters declared on the path item, shared by all its operations.
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    /// Servers declared on the path item, for all its operations.
    pub path_servers: &'a [openapiv3::Server],
    /// Where `path_parameters` live: the path item, or the one its `$ref` names.
    pub path_pointer: Pointer,
    /// `#/paths/<path>/<method>` (below the path item `$ref` names, for a referenced one), or
    /// `#/x-webhooks/<name>/<method>`.
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

/// Picks the operations `criteria` asks for and walks everything they reach, except through
/// parameters of the `version_header`, which the client sets itself. Every tag and operation
/// id the criteria name must match an operation: a typo, or a version bump that removed an
/// operation, must not shrink the client silently.
pub fn select<'a>(
    spec: &'a Spec,
    criteria: &SelectionConfig,
    version_header: Option<&str>,
) -> Result<Selection<'a>, Error> {
    let all = all_operations(spec)?;
    let webhooks = all_webhooks(spec);
    check_criteria_match(&all, &webhooks, &spec.api, criteria, &spec.path)?;
    reach(spec, all, webhooks, criteria, version_header)
}

/// [`select`] for comparing two versions: criteria that match nothing select nothing (a tag
/// that a new version removed is a removal to report, not an error).
pub(crate) fn select_for_comparison<'a>(
    spec: &'a Spec,
    criteria: &SelectionConfig,
    version_header: Option<&str>,
) -> Result<Selection<'a>, Error> {
    let all = all_operations(spec)?;
    reach(spec, all, all_webhooks(spec), criteria, version_header)
}

fn reach<'a>(
    spec: &'a Spec,
    all: Vec<SelectedOperation<'a>>,
    webhooks: Vec<SelectedOperation<'a>>,
    criteria: &SelectionConfig,
    version_header: Option<&str>,
) -> Result<Selection<'a>, Error> {
    let api = &spec.api;
    let operations: Vec<SelectedOperation<'a>> = all
        .into_iter()
        .filter(|op| op.is_selected_by(criteria))
        .collect();
    let webhooks: Vec<SelectedOperation<'a>> = webhooks
        .into_iter()
        .filter(|op| op.is_selected_by(criteria))
        .collect();
    let mut walk = walk::Walk::new(api, version_header);
    operations.iter().for_each(|op| walk.operation(op));
    webhooks.iter().for_each(|op| walk.webhook(op));
    let mut notes: Vec<Diagnostic> = referenced_path_items(api, &operations);
    for (name, tag) in tagged_schemas(api, criteria) {
        let container = component_schema(name);
        if walk.has_reached(&container) {
            continue;
        }
        notes.push(Diagnostic {
            pointer: container.to_string(),
            message: format!("no selected operation or webhook uses this schema; it is generated because its `x-tags` include the selected tag `{tag}`"),
        });
        walk.schema_component(container);
    }
    let walked = walk.finish();
    Error::unless_problems((), &spec.path, walked.problems)?;
    notes.extend(walked.warnings);
    let reached = walked.reached;
    let schemas = api
        .components
        .iter()
        .flat_map(|components| components.schemas.keys())
        .filter(|name| reached.contains_key(&component_schema(name)))
        .map(String::as_str)
        .collect();
    Ok(Selection {
        operations,
        webhooks,
        reached,
        schemas,
        notes,
    })
}

/// A note for each selected path whose path item is a `$ref`: its operations are generated for
/// that path, under the ids the referenced item gives them.
fn referenced_path_items(api: &OpenAPI, operations: &[SelectedOperation<'_>]) -> Vec<Diagnostic> {
    let paths = Pointer::root().join("paths");
    api.paths
        .paths
        .iter()
        .filter_map(|(path, item)| match item {
            ReferenceOr::Reference { reference } => Some((path, reference)),
            ReferenceOr::Item(_) => None,
        })
        .filter(|(path, _)| operations.iter().any(|op| op.path == path.as_str()))
        .map(|(path, reference)| Diagnostic {
            pointer: paths.join(path).to_string(),
            message: format!("the path item is a `$ref` to {reference}; its operations are generated for `{path}` too, with method names made unique"),
        })
        .collect()
}

/// The component schemas whose `x-tags` include a tag `criteria` select (every tagged schema
/// when all is selected), each with the tag that picks it.
fn tagged_schemas<'a>(api: &'a OpenAPI, criteria: &SelectionConfig) -> Vec<(&'a str, &'a str)> {
    let schemas = api.components.iter().flat_map(|c| &c.schemas);
    schemas
        .filter_map(|(name, schema)| {
            let ReferenceOr::Item(schema) = schema else {
                return None;
            };
            x_tags(schema)
                .find(|tag| criteria.all || criteria.tags.iter().any(|t| t == tag))
                .map(|tag| (name.as_str(), tag))
        })
        .collect()
}

/// The tags a schema's `x-tags` extension lists.
pub(crate) fn x_tags(schema: &Schema) -> impl Iterator<Item = &str> {
    schema
        .schema_data
        .extensions
        .get("x-tags")
        .and_then(|tags| tags.as_array())
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.as_str())
}

/// Every webhook of the document (`x-webhooks`), in spec order.
fn all_webhooks(spec: &Spec) -> Vec<SelectedOperation<'_>> {
    let root = Pointer::root().join(WEBHOOKS_EXTENSION);
    spec.webhooks
        .iter()
        .flat_map(|(name, item)| {
            let path_pointer = root.join(name);
            item.iter()
                .map(move |(method, operation)| SelectedOperation {
                    path: name,
                    method,
                    operation,
                    path_parameters: &item.parameters,
                    path_servers: &item.servers,
                    pointer: path_pointer.join(method),
                    path_pointer: path_pointer.clone(),
                })
        })
        .collect()
}

/// `#/components/schemas/<name>`.
pub(crate) fn component_schema(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// Every operation of the document, in spec order (those of methods 3.0 lacks after each path
/// item's others); `$ref`ed path items are followed.
pub(crate) fn all_operations<'a>(spec: &'a Spec) -> Result<Vec<SelectedOperation<'a>>, Error> {
    let api = &spec.api;
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
                path_servers: &item.item.servers,
                pointer: path_pointer.join(method),
                path_pointer: path_pointer.clone(),
            });
        }
        let extra = spec.extra_operations.get(path).into_iter().flatten();
        for (method, operation) in extra {
            operations.push(SelectedOperation {
                path,
                method,
                operation,
                path_parameters: &item.item.parameters,
                path_servers: &item.item.servers,
                pointer: path_pointer.join(OPERATIONS_EXTENSION).join(method),
                path_pointer: path_pointer.clone(),
            });
        }
    }
    Error::unless_problems(operations, &spec.path, problems)
}

fn check_criteria_match(
    operations: &[SelectedOperation<'_>],
    webhooks: &[SelectedOperation<'_>],
    api: &OpenAPI,
    criteria: &SelectionConfig,
    spec_path: &std::path::Path,
) -> Result<(), Error> {
    let all: Vec<&SelectedOperation<'_>> = operations.iter().chain(webhooks).collect();
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
    let schema_tags: IndexSet<&str> = api
        .components
        .iter()
        .flat_map(|c| c.schemas.values())
        .filter_map(|schema| schema.as_item())
        .flat_map(x_tags)
        .collect();
    let used_tags: Vec<&str> = tags
        .iter()
        .copied()
        .filter(|t| {
            all.iter()
                .any(|op| op.operation.tags.iter().any(|o| o == t))
                || schema_tags.contains(t)
        })
        .collect();
    for tag in criteria
        .tags
        .iter()
        .filter(|tag| !used_tags.contains(&tag.as_str()))
    {
        problems.push(if used_tags.is_empty() {
            format!("no operation has the tag `{tag}`, and no operation of this spec has any tag; select with --operation ID or --all")
        } else {
            format!(
                "no operation has the tag `{tag}`; the tags in this spec are: {}",
                used_tags.join(", ")
            )
        });
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{select, Selection, Usage};
    use crate::config::SelectionConfig;
    use crate::spec::{Pointer, Spec};

    /// Three operations: `createPet` (tag `pets`) sends a `NewPet`, which holds a `Tag`, and
    /// answers a `Pet`; `getPet` (tags `pets` and `read`) answers a `Pet`, which holds an
    /// `Owner`; `listStores` (tag `stores`) answers `Store`s. `Event` is used by no operation
    /// and names the tag `pets` in its `x-tags`; `Unused` is used by nothing.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets, read]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /stores:
    get:
      operationId: listStores
      tags: [stores]
      responses:
        '200':
          description: The stores.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Store'}}
components:
  schemas:
    Unused: {type: string}
    Store: {type: object, properties: {name: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
        tag: {$ref: '#/components/schemas/Tag'}
    NewPet:
      type: object
      properties:
        tag: {$ref: '#/components/schemas/Tag'}
    Tag: {type: string}
    Event:
      type: object
      x-tags: [pets]
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
"##;

    fn spec(text: &str) -> Spec {
        crate::spec::parse(text.as_bytes(), Path::new("pets.yaml")).expect("the spec parses")
    }

    fn criteria(all: bool, tags: &[&str], operations: &[&str]) -> SelectionConfig {
        SelectionConfig {
            all,
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            operations: operations.iter().map(|id| id.to_string()).collect(),
        }
    }

    fn operation_ids<'a>(selection: &'a Selection<'_>) -> Vec<&'a str> {
        selection
            .operations
            .iter()
            .filter_map(|op| op.operation.operation_id.as_deref())
            .collect()
    }

    fn usage(selection: &Selection<'_>, schema: &str) -> Option<Usage> {
        let pointer = Pointer::root()
            .join("components")
            .join("schemas")
            .join(schema);
        selection.reached.get(&pointer).copied()
    }

    #[test]
    fn a_tag_selects_its_operations_and_every_schema_they_reach_in_components_order() {
        let spec = spec(SPEC);
        let selection = select(&spec, &criteria(false, &["read"], &[]), None).expect("selects");
        assert_eq!(operation_ids(&selection), ["getPet"]);
        // Through `Pet` to what it holds, in the order `components` lists them.
        assert_eq!(selection.schemas, ["Owner", "Pet", "Tag"]);
        assert!(selection.notes.is_empty(), "{:?}", selection.notes);
    }

    #[test]
    fn tags_and_operation_ids_add_up_and_all_takes_every_operation() {
        let spec = spec(SPEC);
        let some =
            select(&spec, &criteria(false, &["stores"], &["getPet"]), None).expect("selects");
        assert_eq!(operation_ids(&some), ["getPet", "listStores"]);
        assert_eq!(some.schemas, ["Store", "Owner", "Pet", "Tag"]);
        let all = select(&spec, &criteria(true, &[], &[]), None).expect("selects");
        assert_eq!(operation_ids(&all), ["createPet", "getPet", "listStores"]);
        assert!(!all.schemas.contains(&"Unused"));
    }

    /// A schema sent in requests and one received in responses change in opposite ways, so
    /// the selection says which each is.
    #[test]
    fn each_schema_knows_whether_requests_responses_or_both_use_it() {
        let spec = spec(SPEC);
        let selection = select(&spec, &criteria(false, &["pets"], &[]), None).expect("selects");
        let request = Some(Usage::REQUEST);
        let response = Some(Usage::RESPONSE);
        assert_eq!(usage(&selection, "NewPet"), request);
        assert_eq!(usage(&selection, "Pet"), response);
        assert_eq!(usage(&selection, "Owner"), response);
        assert_eq!(
            usage(&selection, "Tag"),
            Some(Usage::REQUEST.union(Usage::RESPONSE))
        );
        assert_eq!(usage(&selection, "Store"), None);
    }

    #[test]
    fn a_schema_whose_x_tags_name_a_selected_tag_is_selected_with_a_note() {
        let spec = spec(SPEC);
        let selection = select(&spec, &criteria(false, &["pets"], &[]), None).expect("selects");
        assert!(selection.schemas.contains(&"Event"));
        let notes: Vec<(&str, &str)> = selection
            .notes
            .iter()
            .map(|note| (note.pointer.as_str(), note.message.as_str()))
            .collect();
        assert_eq!(
            notes,
            [(
                "#/components/schemas/Event",
                "no selected operation or webhook uses this schema; it is generated because its `x-tags` include the selected tag `pets`"
            )]
        );
        let other = select(&spec, &criteria(false, &["stores"], &[]), None).expect("selects");
        assert!(!other.schemas.contains(&"Event"));
    }

    /// A typo, or a version that removed an operation, must not shrink the client silently.
    #[test]
    fn a_tag_or_operation_id_that_matches_nothing_is_refused_with_what_exists() {
        let spec = spec(SPEC);
        let error = select(&spec, &criteria(false, &["pet"], &["getPets"]), None)
            .expect_err("nothing matches")
            .to_string();
        assert!(
            error.contains(
                "no operation has the tag `pet`; the tags in this spec are: pets, read, stores"
            ),
            "{error}"
        );
        assert!(
            error.contains("no operation has the operationId `getPets`; did you mean getPet?"),
            "{error}"
        );
    }

    /// Loading numbers a reused operationId (Temporal's description has 60), so each operation
    /// can be selected by its own.
    #[test]
    fn a_reused_operation_id_selects_the_first_and_the_numbered_one_the_other() {
        let twice = SPEC.replace("operationId: listStores", "operationId: getPet");
        let spec = spec(&twice);
        let paths = |id: &str| -> Vec<String> {
            let selection = select(&spec, &criteria(false, &[], &[id]), None).expect("selects");
            selection
                .operations
                .iter()
                .map(|op| op.path.to_owned())
                .collect()
        };
        assert_eq!(paths("getPet"), ["/pets/{id}"]);
        assert_eq!(paths("getPet_2"), ["/stores"]);
    }

    #[test]
    fn the_version_header_the_client_sets_reaches_nothing() {
        let text = r#"
openapi: 3.0.3
info: {title: Versioned, version: '2.16'}
paths:
  /things:
    parameters:
      - {$ref: '#/components/parameters/Version'}
    get:
      operationId: listThings
      parameters:
        - {name: Trace, in: header, schema: {$ref: '#/components/schemas/Trace'}}
        - {name: version, in: query, schema: {$ref: '#/components/schemas/Query'}}
      responses:
        '204': {description: None.}
components:
  parameters:
    Version: {name: Api-Version, in: header, schema: {$ref: '#/components/schemas/Version'}}
  schemas:
    Version: {type: string, enum: ['2.15', '2.16']}
    Trace: {type: string}
    Query: {type: string}
"#;
        let spec = spec(text);
        let all = criteria(true, &[], &[]);
        let selection = select(&spec, &all, Some("api-version")).expect("selects");
        // Matched case-insensitively, and only as a header: a query parameter of another name
        // and other headers still reach their schemas.
        assert_eq!(selection.schemas, ["Trace", "Query"]);
        let selection = select(&spec, &all, None).expect("selects");
        assert_eq!(selection.schemas, ["Version", "Trace", "Query"]);
    }
}
