//! Stage 1, **load**: bytes on disk → `openapiv3::OpenAPI`.
//!
//! Two steps, each with its own kind of error. YAML (or JSON) text → a JSON value ([`Source`]):
//! syntax errors and duplicate keys, with line and column. The value → the typed model: the document's
//! version and top-level fields are checked first so the message names what was found, then
//! shape errors come with the JSON pointer of where they are (as near as openapiv3's untagged
//! enums allow).

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{Operation, PathItem};
use rayon::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::normalize::{self, Moves, Normalized, Version, OPERATIONS_EXTENSION};
use super::{document, locate};
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
    /// The operations of methods 3.0 lacks (3.2's `query` and `additionalOperations`), by path
    /// and uppercase method.
    pub extra_operations: IndexMap<String, IndexMap<String, Operation>>,
    /// The version the document was written in (it was read into 3.0's shape).
    pub version: Version,
    /// What reading it into that shape approximated, at its place in the document.
    pub warnings: Vec<Diagnostic>,
    /// Where what moved in that reading came from.
    pub moves: Moves,
}

impl Spec {
    /// `pointer` (into the document as read) as a pointer into the document as written.
    pub fn original_pointer(&self, pointer: &str) -> String {
        self.moves.original(pointer)
    }
}

/// The top-level extension that declares webhooks in a 3.0 document.
pub const WEBHOOKS_EXTENSION: &str = "x-webhooks";

/// The extension of a webhook's operation that says its payloads are also delivered over a
/// Server-Sent Events stream whose URL the API hands out: `true`, or an object whose
/// `description` documents the stream.
pub const EVENT_STREAM_EXTENSION: &str = "x-event-stream";

/// Reads and parses the spec at `file`; `display` is the path used in messages and headers.
pub fn load(file: &Path, display: &Path) -> Result<Spec, Error> {
    Source::read(file, display)?.into_spec(&[])
}

/// Parses spec bytes; split from [`load`] so tests and benchmarks can skip the file system.
pub fn parse(bytes: &[u8], display: &Path) -> Result<Spec, Error> {
    Source::parse(bytes.to_vec(), display)?.into_spec(&[])
}

/// A description read and parsed, not yet typed. What a document is (its title) decides which
/// configured crate, and so which overlays, apply to it; the source is parsed once for both.
#[derive(Debug)]
pub struct Source {
    display: PathBuf,
    bytes: Vec<u8>,
    document: serde_json::Value,
    sha256: String,
    version: Version,
}

impl Source {
    /// Reads and parses `file`; `display` is the path used in messages and headers.
    pub fn read(file: &Path, display: &Path) -> Result<Self, Error> {
        let bytes = std::fs::read(file).map_err(|reason| Error::Io {
            path: display.to_owned(),
            action: "cannot read the spec",
            reason,
        })?;
        Self::parse(bytes, display)
    }

    /// Parses YAML or JSON bytes and checks that they are an OpenAPI 3.0 document.
    pub fn parse(bytes: Vec<u8>, display: &Path) -> Result<Self, Error> {
        let text = text_of(&bytes, display)?;
        // The hash on the other core while this one parses.
        let (document, sha256) =
            rayon::join(|| document::parse(text, display), || sha256_hex(&bytes));
        let document = document?;
        let version = document::check_top_level(&document, display)?;
        Ok(Self {
            display: display.to_owned(),
            bytes,
            document,
            sha256,
            version,
        })
    }

    /// Hex SHA-256 of the document's bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The version the document is written in.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The document's `info.title`: which API it describes.
    pub fn title(&self) -> Option<&str> {
        self.document.pointer("/info/title")?.as_str()
    }

    /// The typed spec, after `overlays` are applied to the document.
    pub(crate) fn into_spec(self, overlays: &[Overlay]) -> Result<Spec, Error> {
        let Self {
            display,
            bytes,
            mut document,
            sha256,
            version,
        } = self;
        let display = display.as_path();
        let applied = overlay::apply(&mut document, overlays)?;
        let Normalized {
            mut warnings,
            moves,
            problems,
        } = normalize::normalize(&mut document, version);
        if !problems.is_empty() {
            return Err(Error::Spec {
                path: display.to_owned(),
                problems,
            });
        }
        warnings.extend(applied.already_said);
        let shape_error = |pointer: Pointer, message: String| Error::Spec {
            path: display.to_owned(),
            problems: vec![Diagnostic {
                pointer: moves.original(&pointer.to_string()),
                message: format!("{message}; this is not a valid {} document", version.name()),
            }],
        };
        // Only after a failure is the document read, overlaid and normalised again, to locate
        // the problem.
        let reread = || {
            let mut document = document::parse(text_of(&bytes, display)?, display)?;
            overlay::apply(&mut document, overlays)?;
            normalize::normalize(&mut document, version);
            Ok(document)
        };
        let api = typed(document, reread, shape_error)?;
        let webhooks = extension(
            &api.extensions,
            WEBHOOKS_EXTENSION,
            &Pointer::root(),
            shape_error,
        )?;
        let mut extra_operations = IndexMap::new();
        for (path, item) in &api.paths.paths {
            let Some(item) = item.as_item() else {
                continue;
            };
            let at = Pointer::root().join("paths").join(path);
            let operations: IndexMap<String, Operation> =
                extension(&item.extensions, OPERATIONS_EXTENSION, &at, shape_error)?;
            if !operations.is_empty() {
                extra_operations.insert(path.clone(), operations);
            }
        }
        Ok(Spec {
            path: display.to_owned(),
            sha256,
            api,
            stale_overlay_actions: applied.stale,
            webhooks,
            extra_operations,
            version,
            warnings,
            moves,
        })
    }
}

/// The bytes as text, or an error that says why they are not a description.
fn text_of<'a>(bytes: &'a [u8], display: &Path) -> Result<&'a str, Error> {
    let syntax = |message: String| Error::Syntax {
        path: display.to_owned(),
        location: String::new(),
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|error| {
        syntax(format!(
            "not UTF-8 text (invalid byte at offset {}); expected a YAML or JSON OpenAPI description",
            error.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(syntax(
            "the file is empty; expected a YAML or JSON OpenAPI description".into(),
        ));
    }
    Ok(text)
}

/// The extension `name` of `extensions` (at `at`), typed as a map of `T`: the `x-webhooks` of
/// the document, the extra operations of a path item. A malformed one is located like any
/// shape error.
fn extension<T: serde::de::DeserializeOwned>(
    extensions: &IndexMap<String, serde_json::Value>,
    name: &str,
    at: &Pointer,
    shape_error: impl Fn(Pointer, String) -> Error,
) -> Result<IndexMap<String, T>, Error> {
    let Some(value) = extensions.get(name) else {
        return Ok(IndexMap::new());
    };
    serde_path_to_error::deserialize(value).map_err(|located| {
        let at = pointer_of(located.path())
            .segments()
            .fold(at.join(name), |at, segment| at.join(&segment));
        shape_error(at, located.inner().to_string())
    })
}

/// The typed model of `document`. The first attempt does not track where it is, which would cost
/// a tenth of the load; only when it fails is the document read again and typed again piece by
/// piece, so the error can say where the problem is (see `locate`).
fn typed(
    document: serde_json::Value,
    reread: impl FnOnce() -> Result<serde_json::Value, Error>,
    shape_error: impl Fn(Pointer, String) -> Error,
) -> Result<openapiv3::OpenAPI, Error> {
    let error = match typed_in_parallel(document) {
        Ok(api) => return Ok(api),
        Err(error) => error.to_string(),
    };
    match locate::deepest_failure(&reread()?) {
        Some((pointer, message)) => Err(shape_error(pointer, message)),
        // Every piece types alone: say what failed first.
        None => Err(shape_error(Pointer::root(), error)),
    }
}

/// The typed model, `paths` (a path item at a time) and `components` (nearly all of a
/// description) on rayon's threads.
fn typed_in_parallel(
    mut document: serde_json::Value,
) -> Result<openapiv3::OpenAPI, serde_json::Error> {
    let mut take = |key: &str, placeholder: serde_json::Value| {
        let slot = document.get_mut(key)?;
        Some(std::mem::replace(slot, placeholder))
    };
    let paths = take("paths", serde_json::Value::Object(serde_json::Map::new()));
    let components = take("components", serde_json::Value::Null);
    let ((paths, components), api) = rayon::join(
        || {
            rayon::join(
                || paths.map(typed_paths).transpose(),
                || {
                    components
                        .map(openapiv3::Components::deserialize)
                        .transpose()
                },
            )
        },
        || openapiv3::OpenAPI::deserialize(document),
    );
    let mut api = api?;
    if let Some(paths) = paths? {
        api.paths = paths;
    }
    api.components = components?;
    Ok(api)
}

/// `paths` typed as `openapiv3::Paths` reads it, a path item at a time on rayon's threads: a
/// path (`/…`) is a path item, an `x-` key an extension, any other key is ignored. Typed whole,
/// the map goes through serde's buffer for its two flattened fields, which copies every path
/// item once more on its way, and is one task beside the components.
fn typed_paths(paths: serde_json::Value) -> Result<openapiv3::Paths, serde_json::Error> {
    let serde_json::Value::Object(paths) = paths else {
        return openapiv3::Paths::deserialize(paths);
    };
    let (items, extensions): (Vec<_>, Vec<_>) = paths
        .into_iter()
        .filter(|(key, _)| key.starts_with('/') || key.starts_with("x-"))
        .partition(|(key, _)| key.starts_with('/'));
    let items: Vec<(String, openapiv3::ReferenceOr<PathItem>)> = items
        .into_par_iter()
        .map(|(path, item)| Ok((path, Deserialize::deserialize(item)?)))
        .collect::<Result<_, serde_json::Error>>()?;
    Ok(openapiv3::Paths {
        paths: items.into_iter().collect(),
        extensions: extensions.into_iter().collect(),
    })
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

/// Hex SHA-256 of the file's bytes.
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

    /// Paths typed a path item at a time read as openapiv3 reads the map whole: items in order,
    /// `x-` keys as extensions, other keys ignored.
    #[test]
    fn paths_typed_by_item_are_what_openapiv3_makes_of_the_map() {
        let paths = serde_json::json!({
            "/b": {"get": {"responses": {"204": {"description": "none"}}}},
            "x-note": {"kept": true},
            "/a": {"$ref": "#/components/pathItems/a"},
            "other": {"ignored": 1},
        });
        let by_item = typed_paths(paths.clone()).expect("types");
        assert_eq!(
            by_item,
            openapiv3::Paths::deserialize(paths).expect("types")
        );
        let keys: Vec<&str> = by_item.paths.keys().map(String::as_str).collect();
        assert_eq!(keys, ["/b", "/a"]);
        assert!(by_item.extensions.contains_key("x-note"));
        let wrong = serde_json::json!({"/a": {"get": "not an operation"}});
        assert!(typed_paths(wrong).is_err());
    }

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
    fn reads_every_supported_version_into_the_shape_of_3_0() {
        let swagger =
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\npaths: {}\n";
        let spec = parse_str(swagger).expect("Swagger 2.0 is read");
        assert_eq!(
            (spec.version, spec.api.servers[0].url.as_str()),
            (Version::Swagger2, "https://api.example.com")
        );
        for (version, expected) in [("3.1.0", Version::V31), ("3.2.0", Version::V32)] {
            let spec = parse_str(&MINIMAL.replace("3.0.1", version)).expect("3.1 and 3.2 are read");
            assert_eq!(spec.version, expected);
        }
        let without_paths = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n";
        assert!(
            parse_str(without_paths).is_ok(),
            "3.1 documents need no paths"
        );
    }

    #[test]
    fn refuses_other_versions_where_they_are_declared_naming_those_it_reads() {
        let cases = [
            (MINIMAL.replace("3.0.1", "4.0.0"), "spec.yaml: at #/openapi: unsupported document version: openapi: 4.0.0; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"),
            ("swagger: '1.2'\ninfo: {title: t, version: '1'}\n".to_owned(), "spec.yaml: at #/swagger: unsupported document version: swagger: 1.2; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"),
            ("info: {title: t, version: '1'}\npaths: {}\n".to_owned(), "spec.yaml: at #: unsupported document version: no `openapi` or `swagger` field; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_str(&text).expect_err("refused").to_string(), expected);
        }
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
    fn reads_json_with_surrogate_pair_escapes_that_yaml_refuses() {
        let json = r#"{"openapi": "3.0.1", "info": {"title": "Thumbs \ud83d\udc4d", "version": "1"}, "paths": {}}"#;
        let spec = parse(json.as_bytes(), Path::new("spec.json")).expect("valid JSON");
        assert_eq!(spec.api.info.title, "Thumbs 👍");
        let error = parse(b"{\"openapi\": 3", Path::new("spec.json")).expect_err("truncated");
        assert_eq!(
            error.to_string(),
            "spec.json:1:13: EOF while parsing an object"
        );
    }

    #[test]
    fn integers_beyond_64_bits_do_not_fail_the_document() {
        let bounds = "components:\n  schemas:\n    seed:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 9223372036854776000\n      example: 99999999999999999999999\n";
        let yaml =
            format!("openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{bounds}");
        let json = r#"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"seed": {"type": "integer", "minimum": -9223372036854776000, "maximum": 9223372036854776000}}}}"#;
        for spec in [
            parse_str(&yaml).expect("YAML with big integers"),
            parse(json.as_bytes(), Path::new("spec.json")).expect("JSON with big integers"),
        ] {
            // openapiv3 keeps a schema it cannot type by its keywords as an `AnySchema`, whose
            // bounds are floats (lowering reads it by its `type`).
            let components = spec.api.components.expect("components");
            let Some(openapiv3::ReferenceOr::Item(schema)) = components.schemas.get("seed") else {
                panic!("the schema");
            };
            let openapiv3::SchemaKind::Any(any) = &schema.schema_kind else {
                panic!("{:?}", schema.schema_kind);
            };
            assert_eq!(any.typ.as_deref(), Some("integer"));
            assert_eq!(any.minimum, Some(-9223372036854776000.0));
            assert_eq!(any.maximum, Some(9223372036854776000.0));
        }
    }

    #[test]
    fn the_version_is_checked_before_the_body_can_fail() {
        let text = "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    seed: {type: integer, minimum: -9223372036854776000, exclusiveMinimum: 3}\n";
        let error = parse_str(text).expect_err("4.0");
        assert!(
            matches!(&error, Error::UnsupportedVersion { found, .. } if found == "openapi: 4.0.0"),
            "{error}"
        );
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
        let spec = Source::parse(text.as_bytes().to_vec(), Path::new("spec.yaml"))
            .and_then(|source| source.into_spec(&overlays))
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
        let error = Source::parse(text.as_bytes().to_vec(), Path::new("spec.yaml"))
            .and_then(|source| source.into_spec(&overlays))
            .expect_err("a sequence as a key");
        assert_eq!(
            error.to_string(),
            "spec.yaml:5:7: paths./a: invalid type: sequence, expected a mapping key that is a string, number, boolean or null"
        );
    }
}
