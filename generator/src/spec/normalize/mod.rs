//! Normalisation at the boundary: the document's JSON, rewritten once into the shape the typed
//! model (`openapiv3`, OpenAPI 3.0) reads, so that nothing after loading asks which version or
//! which habits a description was written with. Swagger 2.0 is converted ([`swagger2`]);
//! OpenAPI 3.1 and 3.2 are brought down to 3.0's shape ([`schema`] for JSON Schema 2020-12,
//! [`document`] for the document's own new parts); and what real descriptions of any version
//! write loosely but unambiguously is tolerated ([`tolerate`]). Each difference is a named rule,
//! tested on its own; a rule that approximates warns with the pointer of what it changed.
//!
//! Rules write what 3.0 cannot say as `x-codegen-*` extensions, which the typed model keeps
//! beside the node they annotate.

mod document;
mod refs;
mod schema;
mod serialization;
mod swagger2;
mod tolerate;
mod walk;

use serde_json::Value;

use crate::error::Diagnostic;

pub use document::{OPERATIONS_EXTENSION, SEQUENTIAL_EXTENSION, SERVER_NAME_EXTENSION};
pub use schema::TUPLE_EXTENSION;
pub use serialization::COOKIE_STYLE_EXTENSION;
pub use swagger2::TAB_DELIMITED_EXTENSION;

/// The versions of the OpenAPI Specification this generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
    /// OpenAPI 3.2.x.
    V32,
}

impl Version {
    /// The version a document declares (`swagger: "2.0"`, `openapi: 3.x.y`); `None` for any
    /// other.
    pub fn of(openapi: Option<&str>, swagger: Option<&str>) -> Option<Version> {
        match (openapi, swagger) {
            (Some(version), _) if version.starts_with("3.0.") => Some(Version::V30),
            (Some(version), _) if version.starts_with("3.1.") => Some(Version::V31),
            (Some(version), _) if version.starts_with("3.2.") => Some(Version::V32),
            (None, Some("2.0")) => Some(Version::Swagger2),
            _ => None,
        }
    }

    /// The versions read, for messages.
    pub const SUPPORTED: &'static str = "Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x";

    /// The version's name, for messages (`Swagger 2.0`, `OpenAPI 3.1`).
    pub fn name(self) -> &'static str {
        match self {
            Version::Swagger2 => "Swagger 2.0",
            Version::V30 => "OpenAPI 3.0",
            Version::V31 => "OpenAPI 3.1",
            Version::V32 => "OpenAPI 3.2",
        }
    }
}

/// What normalising a document did beside rewriting it.
#[derive(Debug, Default)]
pub struct Normalized {
    /// What was approximated, each at its place in the document as written.
    pub warnings: Vec<Diagnostic>,
    /// Where what moved came from, to report a problem at its place in the document as
    /// written.
    pub moves: Moves,
    /// What makes the document unreadable, found before it is typed (references to other
    /// documents).
    pub problems: Vec<Diagnostic>,
}

/// Rewrites `document`, a description of `version`, in place into the shape of OpenAPI 3.0.
pub(crate) fn normalize(document: &mut Value, version: Version) -> Normalized {
    let mut normalized = Normalized::default();
    refs::external(document, &mut normalized.problems);
    let warnings = &mut normalized.warnings;
    if version == Version::Swagger2 {
        swagger2::convert(document, &mut normalized.moves, warnings);
    }
    if version >= Version::V31 {
        document::downgrade(document, version, &mut normalized.moves, warnings);
    }
    tolerate::loose_habits(document, version, warnings);
    schema::every_schema(document, version, warnings);
    serialization::make_explicit(document);
    if let Value::Object(root) = document {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
    }
    for warning in warnings.iter_mut() {
        warning.pointer = normalized.moves.original(&warning.pointer);
    }
    normalized
}

/// Where parts of a converted document came from: pairs of a pointer prefix in the converted
/// document and the one it had in the document as written.
#[derive(Debug, Default, Clone)]
pub struct Moves(Vec<(String, String)>);

impl Moves {
    /// Records that what is now under `new` was under `old`.
    pub(super) fn push(&mut self, new: &str, old: &str) {
        self.0.push((new.to_owned(), old.to_owned()));
    }

    /// `pointer` (into the converted document) as a pointer into the document as written: the
    /// longest recorded prefix it starts with (whole segments), replaced.
    pub fn original(&self, pointer: &str) -> String {
        let found = self
            .0
            .iter()
            .filter(|(new, _)| {
                pointer
                    .strip_prefix(new.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(new, _)| new.len());
        match found {
            Some((new, old)) => format!("{old}{}", &pointer[new.len()..]),
            None => pointer.to_owned(),
        }
    }
}
