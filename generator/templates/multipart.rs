//! `multipart/form-data` bodies: a part per field of the body, files as file parts (their
//! bytes, file name and content type), strings, numbers, booleans and enums as text, everything
//! else as JSON, each with the content type the spec's `encoding` gives it, if any. reqwest
//! writes the parts (and picks the boundary) anew for every attempt.

use std::fmt::Display;

use reqwest::multipart::{Form, Part as ReqwestPart};

use crate::file::File;
use crate::request::Request;

/// The parts of a multipart body, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parts {
    parts: Vec<Part>,
    problem: Option<String>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[allow(dead_code, reason = "each crate uses the kinds of part its spec has")]
impl Parts {
    /// No parts yet.
    pub(crate) fn new() -> Self {
        Parts::default()
    }

    /// A text part.
    pub(crate) fn text(self, name: &str, value: impl Display, content_type: Option<&str>) -> Self {
        self.push(name, value.to_string().into_bytes(), None, content_type)
    }

    /// A JSON part (`application/json` unless `content_type` says otherwise).
    pub(crate) fn json(
        self,
        name: &str,
        value: &impl serde::Serialize,
        content_type: Option<&str>,
    ) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                let content_type = content_type.unwrap_or("application/json");
                self.push(name, bytes, None, Some(content_type))
            }
            Err(error) => self.fail(format!("cannot serialise part `{name}`: {error}")),
        }
    }

    /// A file part.
    pub(crate) fn file(self, name: &str, file: &File) -> Self {
        self.push(
            name,
            file.bytes().to_vec(),
            file.file_name(),
            file.content_type(),
        )
    }

    /// A file part per file, under one name.
    pub(crate) fn files(self, name: &str, files: &[File]) -> Self {
        files
            .iter()
            .fold(self, |parts, file| parts.file(name, file))
    }

    /// A part per entry: strings as text, other values as JSON.
    pub(crate) fn object_entries<'v>(
        self,
        entries: impl IntoIterator<Item = (&'v String, &'v serde_json::Value)>,
    ) -> Self {
        entries
            .into_iter()
            .fold(self, |parts, (name, value)| match value {
                serde_json::Value::String(text) => parts.text(name, text, None),
                serde_json::Value::Null => parts,
                other => parts.json(name, other, None),
            })
    }

    /// A part per field of a body with no declared fields.
    pub(crate) fn object(body: &impl serde::Serialize) -> Self {
        match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => Parts::new().object_entries(&fields),
            Ok(other) => {
                Parts::new().fail(format!("a multipart body must be an object, not {other}"))
            }
            Err(error) => Parts::new().fail(format!("cannot serialise the body: {error}")),
        }
    }

    fn push(
        mut self,
        name: &str,
        bytes: Vec<u8>,
        file_name: Option<&str>,
        content_type: Option<&str>,
    ) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            bytes,
            file_name: file_name.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
        });
        self
    }

    fn fail(mut self, problem: String) -> Self {
        self.problem.get_or_insert(problem);
        self
    }

    /// The reqwest form of these parts; an invalid content type is left off its part.
    fn form(&self) -> Form {
        self.parts.iter().fold(Form::new(), |form, part| {
            let bytes = || ReqwestPart::bytes(part.bytes.clone());
            let written = match &part.content_type {
                Some(content_type) => bytes().mime_str(content_type).unwrap_or_else(|_| bytes()),
                None => bytes(),
            };
            let written = match &part.file_name {
                Some(file_name) => written.file_name(file_name.clone()),
                None => written,
            };
            form.part(part.name.clone(), written)
        })
    }
}

impl<T, O> Request<'_, T, O> {
    /// Sets a multipart body of `parts`.
    pub(crate) fn multipart_body(mut self, parts: Parts) -> Self {
        if let Some(problem) = parts.problem {
            self.invalidate(problem);
            return self;
        }
        self.with_built_body(move |builder| builder.multipart(parts.form()))
    }
}
