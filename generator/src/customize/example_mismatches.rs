//! The reviewed list of spec examples that do not round-trip (`example_mismatches` in the
//! config): read it, and refuse entries that name no example of the spec, so a version bump that
//! changes the examples cannot leave stale excuses behind.

use std::collections::BTreeMap;
use std::path::Path;

use crate::spec::resolve::{Node, Resolver};
use crate::spec::{Pointer, Spec};
use crate::Error;

/// Pointer → reason, every pointer checked against the spec.
pub fn load(root: &Path, file: &Path, spec: &Spec) -> Result<BTreeMap<String, String>, Error> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|reason| Error::Io {
        path: file.to_owned(),
        action: "cannot read the example mismatches",
        reason,
    })?;
    let invalid = |message: String| Error::Config {
        path: file.to_owned(),
        message,
    };
    let entries: BTreeMap<String, String> =
        toml::from_str(&text).map_err(|error| invalid(error.to_string()))?;
    let resolver = Resolver::new(&spec.api);
    let stale: Vec<&str> = entries
        .keys()
        .filter(|pointer| !names_a_value(resolver, pointer))
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

/// Whether `pointer` (`#/…`) names a literal value of the spec, such as an `example`.
fn names_a_value(resolver: Resolver<'_>, pointer: &str) -> bool {
    Pointer::from_ref(pointer)
        .is_some_and(|pointer| matches!(resolver.locate(&pointer), Ok(Node::Value(_))))
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
    fn only_literal_values_count_wherever_they_are() {
        let spec = crate::spec::parse(
            br##"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "paths": {"/a/b": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"example": {"x~y": [1]},
                    "examples": {"named": {"$ref": "#/components/examples/shared"}}}}}}}}},
                "components": {"examples": {"shared": {"value": {"id": 1}}},
                  "schemas": {"s": {"type": "object", "properties": {"p": {"type": "string", "example": "e"}}}}}}"##,
            Path::new("spec.json"),
        )
        .expect("valid spec");
        let resolver = Resolver::new(&spec.api);
        let example = "#/paths/~1a~1b/get/responses/200/content/application~1json/example";
        for pointer in [
            example,
            "#/paths/~1a~1b/get/responses/200/content/application~1json/example/x~0y/0",
            "#/paths/~1a~1b/get/responses/200/content/application~1json/examples/named/value",
            "#/components/examples/shared/value/id",
            "#/components/schemas/s/properties/p/example",
        ] {
            assert!(names_a_value(resolver, pointer), "{pointer}");
        }
        for pointer in [
            "#/paths/~1a/get",
            "#/paths/~1a~1b/get",
            "#/paths/~1a~1b/post",
            "#/paths/~1a~1b/get/responses/200/content/application~1json/example/x~0y/1",
            "#/components/schemas/s/properties/p",
            "#/components/schemas/gone",
            "#/info/title",
            "components/responses/gone",
        ] {
            assert!(!names_a_value(resolver, pointer), "{pointer}");
        }
    }
}
