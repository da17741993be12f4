//! The errors a generation can end with.
//!
//! Every variant says what was expected and where: a file with line and column for syntax errors,
//! a JSON pointer into the spec for semantic ones. Nothing in the generator panics on spec input;
//! it returns one of these instead, and the CLI prints it as one paragraph.

use std::path::PathBuf;

/// A generation that could not finish. Its `Display` is the message a person reads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {action}: {reason}")]
    Io {
        /// The file in question.
        path: PathBuf,
        /// What was being done, e.g. "cannot read the spec".
        action: &'static str,
        /// The operating system's reason. Part of the message, so not also the error's
        /// `source()`: a report that prints the chain would say it twice.
        reason: std::io::Error,
    },

    /// The command line asks for something that cannot be done (a selection without a crate, a
    /// crate without an output folder).
    #[error("{0}")]
    Usage(String),

    /// The codegen configuration is malformed.
    #[error("{path}: invalid codegen config: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong, with the location `toml` reports.
        message: String,
    },

    /// An overlay or an override is malformed or no longer matches the spec.
    #[error("{path}: {message}")]
    Customization {
        /// The overlay or config file.
        path: PathBuf,
        /// What is wrong, and what exists instead where that helps.
        message: String,
    },

    /// Overlay actions whose target the spec no longer has.
    #[error("{spec}: {} overlay action(s) match nothing in this spec, so their customizations no longer apply (was the spec updated, or is it another API's?):\n  {}", actions.len(), actions.join("\n  "))]
    StaleOverlay {
        /// The spec the overlays were applied to.
        spec: PathBuf,
        /// Each action, as `overlay file: action N (target `…`)`.
        actions: Vec<String>,
    },

    /// The spec is not valid YAML/JSON or does not have the shape of an OpenAPI document.
    #[error("{path}{location}: {message}")]
    Syntax {
        /// The spec file.
        path: PathBuf,
        /// `:line:column` when known, else empty.
        location: String,
        /// The parser's message.
        message: String,
    },

    /// The document is of a version this generator does not read.
    #[error(
        "{path}: at {pointer}: unsupported document version: {found}; this generator reads {}",
        crate::spec::Version::SUPPORTED
    )]
    UnsupportedVersion {
        /// The spec file.
        path: PathBuf,
        /// Where the version is declared (`#/openapi`, `#/swagger`), or `#` without one.
        pointer: String,
        /// What the document declares, e.g. `swagger: 2.0` or `openapi: 3.1.0`.
        found: String,
    },

    /// The spec is well formed but says something the generator cannot turn into a client.
    #[error("{path}: {}", join_problems(problems))]
    Spec {
        /// The spec file.
        path: PathBuf,
        /// Every problem found, each located by a JSON pointer.
        problems: Vec<Diagnostic>,
    },

    /// The selection (tags, operation ids) matches no operation, or names something missing.
    #[error("{path}: {message}")]
    Selection {
        /// The spec file.
        path: PathBuf,
        /// Which part of the selection matched nothing, and what exists instead.
        message: String,
    },

    /// A generated file could not be produced (emitted tokens that do not parse, a manifest
    /// that does not serialise). This is a generator bug, never a spec problem.
    #[error("internal error: {file} could not be produced ({message}); please report this")]
    Render {
        /// The generated file.
        file: String,
        /// syn's message.
        message: String,
    },
}

impl Error {
    /// `value` when no problem was found, else the problems as one [`Error::Spec`].
    /// This error with its problems located in the document as written, where reading it
    /// moved things (a Swagger 2.0 description's `definitions` are read as components).
    pub(crate) fn located_in(self, spec: &crate::spec::Spec) -> Error {
        match self {
            Error::Spec { path, problems } => Error::Spec {
                path,
                problems: problems
                    .into_iter()
                    .map(|problem| Diagnostic {
                        pointer: spec.original_pointer(&problem.pointer),
                        ..problem
                    })
                    .collect(),
            },
            other => other,
        }
    }

    pub(crate) fn unless_problems<T>(
        value: T,
        path: &std::path::Path,
        problems: Vec<Diagnostic>,
    ) -> Result<T, Error> {
        if problems.is_empty() {
            Ok(value)
        } else {
            Err(Error::Spec {
                path: path.to_owned(),
                problems,
            })
        }
    }
}

/// One problem or warning about the spec, located by its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where, as a JSON pointer fragment such as `#/paths/~1me/get/responses/200`.
    pub pointer: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

fn join_problems(problems: &[Diagnostic]) -> String {
    let count = problems.len();
    let list: Vec<String> = problems.iter().map(Diagnostic::to_string).collect();
    match count {
        1 => list.join(""),
        _ => format!("{count} problems:\n  {}", list.join("\n  ")),
    }
}
