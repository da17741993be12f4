//! Stage 1, **load**: bytes on disk → `openapiv3::OpenAPI`.
//!
//! The happy path parses once, straight into the typed model. Only when that fails, or the version
//! is wrong, do we look again to say *why* in words a person can act on: an empty file, text that
//! is not UTF-8, a Swagger 2.0 or OpenAPI 3.1 document, or the parser's message with its line and
//! column.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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
}

/// Reads and parses the spec at `file`; `display` is the path used in messages and headers.
pub fn load(file: &Path, display: &Path) -> Result<Spec, Error> {
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: display.to_owned(),
        action: "cannot read the spec",
        source,
    })?;
    parse(&bytes, display)
}

/// Parses spec bytes; split from [`load`] so tests and benchmarks can skip the file system.
pub fn parse(bytes: &[u8], display: &Path) -> Result<Spec, Error> {
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

    let api = match serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
        Ok(api) => api,
        Err(error) => {
            // A document of another version often fails to parse as 3.0; name the version then,
            // since that is the real cause.
            if let Some(found) = foreign_version(text) {
                return Err(unsupported(display, found));
            }
            let location = error
                .location()
                .map(|at| format!(":{}:{}", at.line(), at.column()))
                .unwrap_or_default();
            return Err(syntax(location, describe_yaml_error(&error)));
        }
    };
    if !api.openapi.starts_with("3.0.") {
        return Err(unsupported(display, format!("openapi: {}", api.openapi)));
    }

    Ok(Spec {
        path: display.to_owned(),
        sha256: sha256_hex(bytes),
        api,
    })
}

fn unsupported(display: &Path, found: String) -> Error {
    Error::UnsupportedVersion {
        path: display.to_owned(),
        found,
    }
}

/// `Some("swagger: 2.0")` or `Some("openapi: 3.1.0")` when the document declares a version this
/// generator does not read; `None` when it declares 3.0.x or cannot be read at all.
fn foreign_version(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct VersionProbe {
        openapi: Option<serde_yaml::Value>,
        swagger: Option<serde_yaml::Value>,
    }
    let probe: VersionProbe = serde_yaml::from_str(text).ok()?;
    let as_text = |value: serde_yaml::Value| match value {
        serde_yaml::Value::String(text) => text,
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    match (probe.openapi.map(as_text), probe.swagger.map(as_text)) {
        (Some(openapi), _) if openapi.starts_with("3.0.") => None,
        (Some(openapi), _) => Some(format!("openapi: {openapi}")),
        (None, Some(swagger)) => Some(format!("swagger: {swagger}")),
        (None, None) => Some("no `openapi` field".into()),
    }
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
