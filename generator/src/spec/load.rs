//! Stage 1, **load**: bytes on disk → `openapiv3::OpenAPI`.
//!
//! Two steps, each with its own kind of error. YAML (or JSON) text → a YAML value: syntax errors
//! and duplicate keys, with line and column. The value → the typed model: the document's
//! version and top-level fields are checked first so the message names what was found, then
//! shape errors come with the JSON pointer of where they are (as near as openapiv3's untagged
//! enums allow).

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::PathItem;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::customize::overlay::{self, Overlay};
use crate::error::Diagnostic;
use crate::spec::Pointer;
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
    /// Overlay actions that matched nothing (reported after selection; see `customize::overlay`).
    pub stale_overlay_actions: Vec<String>,
    /// The requests the API sends to its clients, by name: the `x-webhooks` extension, read
    /// with the semantics of OpenAPI 3.1's `webhooks` (a Path Item per webhook).
    pub webhooks: IndexMap<String, PathItem>,
}

/// The top-level extension that declares webhooks in a 3.0 document.
pub const WEBHOOKS_EXTENSION: &str = "x-webhooks";

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

/// The spec's `info.title`, read without typing the document: which API a spec describes
/// decides which configured settings apply to it. `None` when the file cannot be read as a
/// document with a title; loading it then says why.
pub fn read_title(file: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        info: Info,
    }
    #[derive(serde::Deserialize)]
    struct Info {
        title: String,
    }
    let text = std::fs::read_to_string(file).ok()?;
    serde_yaml::from_str::<Head>(&text)
        .ok()
        .map(|head| head.info.title)
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
        let mut json = into_json(document).map_err(|key_at| {
            shape_error(
                key_at,
                "a mapping key is not a string, number, boolean or null".into(),
            )
        })?;
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
    let webhooks = webhooks(&api, shape_error)?;
    Ok(Spec {
        path: display.to_owned(),
        sha256: sha256_hex(bytes),
        api,
        stale_overlay_actions,
        webhooks,
    })
}

/// The `x-webhooks` of the document, typed; a malformed one is located like any shape error.
fn webhooks(
    api: &openapiv3::OpenAPI,
    shape_error: impl Fn(Pointer, String) -> Error,
) -> Result<IndexMap<String, PathItem>, Error> {
    let Some(value) = api.extensions.get(WEBHOOKS_EXTENSION) else {
        return Ok(IndexMap::new());
    };
    serde_path_to_error::deserialize(value).map_err(|located| {
        let at = pointer_of(located.path())
            .segments()
            .fold(Pointer::root().join(WEBHOOKS_EXTENSION), |at, segment| {
                at.join(&segment)
            });
        shape_error(at, located.inner().to_string())
    })
}

/// The YAML document as JSON, for the overlays' JSONPath. It is consumed, so strings move
/// rather than copy. YAML allows keys JSON does not: a number, boolean or null key (`200:` for a
/// status code) becomes its text; any other key (a mapping, a sequence, a tagged value) is an
/// error, located by the pointer of the mapping that holds it.
fn into_json(value: serde_yaml::Value) -> Result<serde_json::Value, Pointer> {
    use serde_json::Value as Json;
    use serde_yaml::Value as Yaml;
    // The location is built only on the way out of an error, so the common case allocates none.
    fn convert(value: Yaml, segments: &mut Vec<String>) -> Result<Json, ()> {
        Ok(match value {
            Yaml::Null => Json::Null,
            Yaml::Bool(value) => Json::Bool(value),
            Yaml::Number(number) => {
                if let Some(value) = number.as_u64() {
                    Json::from(value)
                } else if let Some(value) = number.as_i64() {
                    Json::from(value)
                } else {
                    // A float; one that is not finite (`.nan`, `.inf`) has no JSON form and
                    // becomes null, as serde_json writes it.
                    number
                        .as_f64()
                        .and_then(serde_json::Number::from_f64)
                        .map_or(Json::Null, Json::Number)
                }
            }
            Yaml::String(text) => Json::String(text),
            Yaml::Sequence(items) => {
                let mut converted = Vec::with_capacity(items.len());
                for (index, item) in items.into_iter().enumerate() {
                    let item = convert(item, segments).inspect_err(|()| {
                        segments.push(index.to_string());
                    })?;
                    converted.push(item);
                }
                Json::Array(converted)
            }
            Yaml::Mapping(mapping) => {
                let mut object = serde_json::Map::with_capacity(mapping.len());
                for (key, value) in mapping {
                    let key = match key {
                        Yaml::String(key) => key,
                        Yaml::Number(number) => number.to_string(),
                        Yaml::Bool(value) => value.to_string(),
                        Yaml::Null => "null".to_owned(),
                        Yaml::Tagged(_) | Yaml::Sequence(_) | Yaml::Mapping(_) => return Err(()),
                    };
                    let value = convert(value, segments).inspect_err(|()| {
                        segments.push(key.clone());
                    })?;
                    object.insert(key, value);
                }
                Json::Object(object)
            }
            Yaml::Tagged(tagged) => convert(tagged.value, segments)?,
        })
    }
    let mut segments = Vec::new();
    convert(value, &mut segments).map_err(|()| {
        segments
            .iter()
            .rev()
            .fold(Pointer::root(), |pointer, segment| pointer.join(segment))
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

    /// An overlay file in a scratch directory of its own, read as the config would.
    fn overlay(name: &str, yaml: &str) -> Vec<Overlay> {
        let dir = std::env::temp_dir().join(format!("load-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        std::fs::write(dir.join("fix.yaml"), yaml).expect("write the overlay");
        let overlays = overlay::read_all(&dir, &[PathBuf::from("fix.yaml")]).expect("reads");
        std::fs::remove_dir_all(&dir).expect("clean up");
        overlays
    }

    #[test]
    fn overlays_apply_to_documents_with_unquoted_status_codes() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let overlays = overlay(
            "status",
            "overlay: 1.0.0\nactions:\n  - target: $.paths['/a'].get.responses['200']\n    update: {description: fine}\n",
        );
        let spec = parse_with_overlays(text.as_bytes(), Path::new("spec.yaml"), &overlays)
            .expect("the numeric key is the status code 200");
        let responses = &spec.api.paths.paths["/a"]
            .as_item()
            .and_then(|item| item.get.as_ref())
            .expect("GET /a")
            .responses
            .responses;
        let ok = responses[&openapiv3::StatusCode::Code(200)]
            .as_item()
            .expect("an inline response");
        assert_eq!(ok.description, "fine");
        assert!(spec.stale_overlay_actions.is_empty());
    }

    #[test]
    fn locates_a_key_that_json_cannot_hold() {
        let text =
            "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    ? [x]\n    : 1\n";
        let overlays = overlay(
            "complex-key",
            "overlay: 1.0.0\nactions:\n  - target: $.info\n    update: {title: u}\n",
        );
        let error = parse_with_overlays(text.as_bytes(), Path::new("spec.yaml"), &overlays)
            .expect_err("a sequence as a key");
        assert_eq!(
            error.to_string(),
            "spec.yaml: at #/paths/~1a: a mapping key is not a string, number, boolean or null; this is not a valid OpenAPI 3.0 document"
        );
    }
}
