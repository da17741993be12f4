//! Stage 1, **load**: bytes on disk → `openapiv3::OpenAPI`.
//!
//! Two steps, each with its own kind of error. YAML (or JSON) text → a YAML value: syntax errors
//! and duplicate keys, with line and column. The value → the typed model: the document's
//! version and top-level fields are checked first so the message names what was found, then
//! shape errors come with the JSON pointer of where they are (as near as openapiv3's untagged
//! enums allow).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::Diagnostic;
use crate::overlay::{self, Overlay};
use crate::pointer::Pointer;
use crate::Error;

/// A parsed spec together with what the generated files' headers say about it.
#[derive(Debug)]
pub struct Spec {
    /// The path as the user named it (relative to the project root where possible).
    pub path: PathBuf,
    /// Hex SHA-256 of the file's bytes, so a header pins the exact input.
    pub sha256: String,
    /// The parsed description.
    pub api: openapiv3::OpenAPI,
    /// Overlay actions that matched nothing (reported after selection; see [`crate::overlay`]).
    pub stale_overlay_actions: Vec<Error>,
}

/// Reads and parses the spec at `file`; `display` is the path used in messages and headers.
pub fn load(file: &Path, display: &Path) -> Result<Spec, Error> {
    load_with_overlays(file, display, &[])
}

/// [`load`], applying `overlays` to the document before it is typed.
pub fn load_with_overlays(
    file: &Path,
    display: &Path,
    overlays: &[Overlay],
) -> Result<Spec, Error> {
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: display.to_owned(),
        action: "cannot read the spec",
        source,
    })?;
    parse_with_overlays(&bytes, display, overlays)
}

/// Parses spec bytes; split from [`load`] so tests and benchmarks can skip the file system.
pub fn parse(bytes: &[u8], display: &Path) -> Result<Spec, Error> {
    parse_with_overlays(bytes, display, &[])
}

/// [`parse`], applying `overlays` to the document before it is typed.
pub fn parse_with_overlays(
    bytes: &[u8],
    display: &Path,
    overlays: &[Overlay],
) -> Result<Spec, Error> {
    let syntax = |location: String, message: String| Error::Syntax {
        path: display.to_owned(),
        location,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|error| {
        syntax(
            String::new(),
            format!(
                "not UTF-8 text (invalid byte at offset {}); expected a YAML or JSON OpenAPI description",
                error.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(syntax(
            String::new(),
            "the file is empty; expected a YAML or JSON OpenAPI description".into(),
        ));
    }
    let parse_yaml = || -> Result<serde_yaml::Value, Error> {
        serde_yaml::from_str(text).map_err(|error| {
            let location = error
                .location()
                .map(|at| format!(":{}:{}", at.line(), at.column()))
                .unwrap_or_default();
            syntax(location, describe_yaml_error(&error))
        })
    };
    let document = parse_yaml()?;
    check_top_level(&document, display)?;
    let shape_error = |pointer: Pointer, message: String| Error::Spec {
        path: display.to_owned(),
        problems: vec![Diagnostic {
            pointer: pointer.to_string(),
            message: format!("{message}; this is not a valid OpenAPI 3.0 document"),
        }],
    };
    // Overlays address the document as JSON (JSONPath), so with overlays it is typed from JSON.
    let overlaid = |document: serde_yaml::Value| {
        let mut json = serde_json::to_value(&document)
            .map_err(|error| shape_error(Pointer::root(), error.to_string()))?;
        let stale = overlay::apply(&mut json, overlays)?;
        Ok::<_, Error>((json, stale))
    };
    let (api, stale_overlay_actions) = if overlays.is_empty() {
        (typed(document, parse_yaml, shape_error)?, Vec::new())
    } else {
        let (json, stale) = overlaid(document)?;
        let rebuild = || Ok(overlaid(parse_yaml()?)?.0);
        (typed(json, rebuild, shape_error)?, stale)
    };
    Ok(Spec {
        path: display.to_owned(),
        sha256: sha256_hex(bytes),
        api,
        stale_overlay_actions,
    })
}

/// The typed model of `document`. The first attempt does not track where it is, which would cost
/// a tenth of the load; only when it fails is the document rebuilt and typed again, tracking
/// the path, so the error can say where the problem is.
fn typed<'de, D>(
    document: D,
    rebuild: impl FnOnce() -> Result<D, Error>,
    shape_error: impl Fn(Pointer, String) -> Error,
) -> Result<openapiv3::OpenAPI, Error>
where
    D: serde::Deserializer<'de>,
{
    let error = match openapiv3::OpenAPI::deserialize(document) {
        Ok(api) => return Ok(api),
        Err(error) => error,
    };
    match serde_path_to_error::deserialize(rebuild()?) {
        Err(located) => Err(shape_error(
            pointer_of(located.path()),
            located.inner().to_string(),
        )),
        // Typing the same document again cannot succeed; if it did, say what failed first.
        Ok(openapiv3::OpenAPI { .. }) => Err(shape_error(Pointer::root(), error.to_string())),
    }
}

/// The document must be a mapping with `openapi: 3.0.x`, `info` and `paths`; say which is wrong.
fn check_top_level(document: &serde_yaml::Value, display: &Path) -> Result<(), Error> {
    let unsupported = |found: String| Error::UnsupportedVersion {
        path: display.to_owned(),
        found,
    };
    let Some(mapping) = document.as_mapping() else {
        return Err(unsupported(format!(
            "a YAML {} instead of a mapping",
            kind_of(document)
        )));
    };
    let text = |key: &str| {
        mapping.get(key).map(|value| match value {
            serde_yaml::Value::String(text) => text.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        })
    };
    match (text("openapi"), text("swagger")) {
        (Some(version), _) if version.starts_with("3.0.") => {}
        (Some(version), _) => return Err(unsupported(format!("openapi: {version}"))),
        (None, Some(version)) => return Err(unsupported(format!("swagger: {version}"))),
        (None, None) => return Err(unsupported("no `openapi` field".into())),
    }
    let missing: Vec<&str> = ["info", "paths"]
        .into_iter()
        .filter(|key| !mapping.contains_key(*key))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Spec {
        path: display.to_owned(),
        problems: missing
            .into_iter()
            .map(|key| Diagnostic {
                pointer: Pointer::root().to_string(),
                message: format!("the required top-level field `{key}` is missing"),
            })
            .collect(),
    })
}

fn kind_of(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Bool(_) => "boolean",
        serde_yaml::Value::Number(_) => "number",
        serde_yaml::Value::String(_) => "string",
        serde_yaml::Value::Sequence(_) => "sequence",
        serde_yaml::Value::Mapping(_) => "mapping",
        serde_yaml::Value::Tagged(_) => "tagged value",
    }
}

/// The JSON pointer of a serde path (map keys and sequence indices).
fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            serde_path_to_error::Segment::Map { key } => pointer.join(key),
            serde_path_to_error::Segment::Seq { index } => pointer.join(index),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                pointer
            }
        })
}

/// serde_yaml's message without its trailing "at line L column C", which the error's location
/// already carries.
fn describe_yaml_error(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Spec, Error> {
        parse(text.as_bytes(), Path::new("spec.yaml"))
    }

    const MINIMAL: &str = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn parses_a_minimal_document_and_hashes_its_bytes() {
        let spec = parse_str(MINIMAL).expect("valid");
        assert_eq!(spec.api.info.version, "1");
        // Computed independently: `printf "…" | sha256sum`.
        assert_eq!(
            spec.sha256,
            "d3b31e453d70b545b99b23298131322ac6f43b80e4a628fca95063185bd8d522"
        );
    }

    #[test]
    fn names_the_version_of_a_swagger_document() {
        let error = parse_str("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .expect_err("swagger is rejected");
        assert_eq!(
            error.to_string(),
            "spec.yaml: unsupported document version: swagger: 2.0; expected an OpenAPI 3.0.x description (`openapi: 3.0.x`)"
        );
    }

    #[test]
    fn names_the_version_of_an_openapi_3_1_document() {
        let error = parse_str(&MINIMAL.replace("3.0.1", "3.1.0")).expect_err("3.1 is rejected");
        assert_eq!(
            error.to_string(),
            "spec.yaml: unsupported document version: openapi: 3.1.0; expected an OpenAPI 3.0.x description (`openapi: 3.0.x`)"
        );
    }

    #[test]
    fn locates_syntax_errors() {
        let error = parse_str("openapi: 3.0.1\ninfo: [\n").expect_err("broken");
        let Error::Syntax { location, .. } = &error else {
            panic!("expected a syntax error, got {error:?}");
        };
        assert!(location.starts_with(":"), "{location}");
    }

    #[test]
    fn says_an_empty_file_is_empty() {
        let error = parse_str("  \n").expect_err("empty");
        assert_eq!(
            error.to_string(),
            "spec.yaml: the file is empty; expected a YAML or JSON OpenAPI description"
        );
    }

    #[test]
    fn rejects_bytes_that_are_not_text() {
        let error = parse(&[0x6f, 0xff, 0xfe], Path::new("spec.yaml")).expect_err("binary");
        assert!(error
            .to_string()
            .contains("not UTF-8 text (invalid byte at offset 1)"));
    }
}
