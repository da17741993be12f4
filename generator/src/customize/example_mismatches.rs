//! The reviewed list of spec examples that do not round-trip (`example_mismatches` in the
//! config): read it, and refuse entries that name no example of the spec, so a version bump that
//! changes the examples cannot leave stale excuses behind.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use serde::Serialize;
use serde_json::Value;

use crate::select::HTTP_METHODS;
use crate::spec::Pointer;
use crate::spec::Spec;
use crate::Error;

/// Pointer → reason, every pointer checked against the spec.
pub fn load(root: &Path, file: &Path, spec: &Spec) -> Result<BTreeMap<String, String>, Error> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|source| Error::Io {
        path: file.to_owned(),
        action: "cannot read the example mismatches",
        source,
    })?;
    let invalid = |message: String| Error::Config {
        path: file.to_owned(),
        message,
    };
    let entries: BTreeMap<String, String> =
        toml::from_str(&text).map_err(|error| invalid(error.to_string()))?;
    let mut lookup = Lookup::new(&spec.api);
    let stale: Vec<&str> = entries
        .keys()
        .filter(|pointer| !lookup.names_a_value(pointer))
        .map(String::as_str)
        .collect();
    if !stale.is_empty() {
        return Err(invalid(format!(
            "{} entries name no example in {}; remove them: {}",
            stale.len(),
            spec.path.display(),
            stale.join(", ")
        )));
    }
    Ok(entries)
}

/// Looks pointers up in the spec. Only the operations, path items and components they start in
/// are converted to JSON, each once: converting the whole spec would cost every `codegen` run as
/// much as lowering it.
struct Lookup<'a> {
    api: &'a OpenAPI,
    /// The JSON of each operation, path item or component looked into, by its pointer's first
    /// segments.
    subtrees: HashMap<Vec<String>, Option<Value>>,
}

impl<'a> Lookup<'a> {
    fn new(api: &'a OpenAPI) -> Self {
        Lookup {
            api,
            subtrees: HashMap::new(),
        }
    }

    /// Whether `pointer` (`#/…`) names a value of the spec.
    fn names_a_value(&mut self, pointer: &str) -> bool {
        let Some(segments) = Pointer::from_ref(pointer).map(|p| p.segments().collect::<Vec<_>>())
        else {
            return false;
        };
        // How many leading segments name the subtree, and how to convert it.
        type Convert = fn(&OpenAPI, &[String]) -> Option<Value>;
        let (depth, convert): (usize, Convert) = match segments.as_slice() {
            [paths, _, method, ..]
                if paths == "paths" && HTTP_METHODS.contains(&method.as_str()) =>
            {
                (3, operation)
            }
            [paths, _, ..] if paths == "paths" => (2, path_item),
            [components, _, _, ..] if components == "components" => (3, component),
            _ => (0, |api, _| Some(to_json(api))),
        };
        let (prefix, rest) = segments.split_at(depth);
        let api = self.api;
        let subtree = self
            .subtrees
            .entry(prefix.to_vec())
            .or_insert_with(|| convert(api, prefix));
        let rest = rest
            .iter()
            .fold(Pointer::root(), |rest, segment| rest.join(segment))
            .to_string();
        subtree
            .as_ref()
            .is_some_and(|subtree| subtree.pointer(&rest[1..]).is_some())
    }
}

/// `#/paths/{item}` as JSON.
fn path_item(api: &OpenAPI, prefix: &[String]) -> Option<Value> {
    let [_, item] = prefix else { return None };
    api.paths.paths.get(item).map(to_json)
}

/// `#/paths/{item}/{method}` as JSON.
fn operation(api: &OpenAPI, prefix: &[String]) -> Option<Value> {
    let [_, item, method] = prefix else {
        return None;
    };
    let (_, operation) = api
        .paths
        .paths
        .get(item)?
        .as_item()?
        .iter()
        .find(|(m, _)| m == method)?;
    Some(to_json(operation))
}

/// `#/components/{kind}/{name}` (`schemas`, `responses`, …) as JSON.
fn component(api: &OpenAPI, prefix: &[String]) -> Option<Value> {
    fn entry<T: Serialize>(map: &IndexMap<String, T>, name: &str) -> Option<Value> {
        map.get(name).map(to_json)
    }
    let [_, kind, name] = prefix else {
        return None;
    };
    let components = api.components.as_ref()?;
    match kind.as_str() {
        "schemas" => entry(&components.schemas, name),
        "responses" => entry(&components.responses, name),
        "parameters" => entry(&components.parameters, name),
        "examples" => entry(&components.examples, name),
        "requestBodies" => entry(&components.request_bodies, name),
        "headers" => entry(&components.headers, name),
        "securitySchemes" => entry(&components.security_schemes, name),
        "links" => entry(&components.links, name),
        "callbacks" => entry(&components.callbacks, name),
        _ => None,
    }
}

/// A part of the typed spec as JSON; the typed model always serializes.
fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_must_name_an_example_of_the_spec() {
        let spec = crate::spec::parse(
            br#"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {"a": {"type": "string", "example": 1}}}}"#,
            Path::new("spec.json"),
        )
        .expect("valid spec");
        let dir = std::env::temp_dir().join(format!("known-mismatches-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let file = Path::new("mismatches.toml");
        std::fs::write(
            dir.join(file),
            "\"#/components/schemas/a/example\" = \"a number, not a string\"\n",
        )
        .expect("write");
        let entries = load(&dir, file, &spec).expect("the entry names an example");
        assert_eq!(
            entries["#/components/schemas/a/example"],
            "a number, not a string"
        );

        std::fs::write(
            dir.join(file),
            "\"#/components/schemas/gone/example\" = \"x\"\n",
        )
        .expect("write");
        let error = load(&dir, file, &spec).expect_err("stale entry");
        assert_eq!(
            error.to_string(),
            "mismatches.toml: invalid codegen config: 1 entries name no example in spec.json; remove them: #/components/schemas/gone/example"
        );
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn looks_pointers_up_under_paths_components_and_the_root() {
        let spec = crate::spec::parse(
            br#"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "paths": {"/a/b": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"example": {"x~y": [1]}}}}}}}},
                "components": {"responses": {"gone": {"description": "d"}}}}"#,
            Path::new("spec.json"),
        )
        .expect("valid spec");
        let mut lookup = Lookup::new(&spec.api);
        let example = "#/paths/~1a~1b/get/responses/200/content/application~1json/example";
        for pointer in [
            example,
            "#/paths/~1a~1b/get/responses/200/content/application~1json/example/x~0y/0",
            "#/paths/~1a~1b/get",
            "#/paths/~1a~1b/get/responses/200/description",
            "#/components/responses/gone/description",
            "#/info/title",
        ] {
            assert!(lookup.names_a_value(pointer), "{pointer}");
        }
        for pointer in [
            "#/paths/~1a/get",
            "#/paths/~1a~1b/post",
            "#/paths/~1a~1b/get/requestBody",
            "#/paths/~1a~1b/get/responses/200/content/application~1json/example/x~0y/1",
            "#/components/schemas/gone",
            "#/components/nonsense/gone",
            "#/info/summary",
            "components/responses/gone",
        ] {
            assert!(!lookup.names_a_value(pointer), "{pointer}");
        }
    }
}
