//! `multipart/form-data` bodies: a part per field of the body, as OpenAPI says (3.0.4 and 3.2,
//! the Encoding Object):
//!
//! - an array is a part per item, all under the field's name;
//! - without an `encoding`, strings, numbers and booleans are text parts (`text/plain`, the
//!   default of a part, so no `Content-Type` is written), objects and nested arrays JSON parts
//!   (`application/json`), files their bytes (`application/octet-stream` unless the file says
//!   otherwise);
//! - an `encoding` with a `contentType` sends every part of the field with that type (JSON
//!   media types as JSON text), one with a `style` a part per name-value pair of that style,
//!   and its `headers` with each part.
//!
//! reqwest writes the parts (and picks the boundary) anew for every attempt.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::multipart::{Form, Part as ReqwestPart};
// Only where the crate has `.add_value(`.
use serde_json::Value;

// Only where the crate has `.add_file(`.
use crate::file::File;
use crate::request::{Outgoing, Request};
// Only where the crate has `style::pairs_unescaped(`.
use crate::style;
use crate::style::Encoding;

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
    headers: &'static [(&'static str, &'static str)],
}

impl Parts {
    /// No parts yet.
    pub(crate) fn new() -> Self {
        Parts::default()
    }

    // Only where the crate has `.add_value(` or `.add_entries(`.
    /// The parts of a field that is not a file, as its `encoding` says.
    pub(crate) fn add_value(
        mut self,
        name: &str,
        value: &impl serde::Serialize,
        encoding: Encoding,
    ) -> Self {
        let value = match crate::request::written(|| serde_json::to_value(value)) {
            Ok(value) => value,
            Err(error) => return self.fail(format!("cannot serialise part `{name}`: {error}")),
        };
        if let Some(serialization) = encoding.serialization {
            for (name, text) in style::pairs_unescaped(name, &value, serialization) {
                self.push(&name, text.into_bytes(), None, None, encoding.headers);
            }
            return self;
        }
        let items = match &value {
            Value::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        for item in items {
            let (bytes, default_type) = match item {
                Value::Null => continue,
                Value::String(text) if !encoding.json => (text.clone().into_bytes(), None),
                Value::Number(_) | Value::Bool(_) if !encoding.json => {
                    (item.to_string().into_bytes(), None)
                }
                other => (other.to_string().into_bytes(), Some("application/json")),
            };
            let content_type = encoding.content_type.or(default_type);
            self.push(name, bytes, None, content_type, encoding.headers);
        }
        self
    }

    // Only where the crate has `.add_file(` or `.add_files(`.
    /// A file part: its bytes, file name and content type (the file's own, else the
    /// `encoding`'s, else `application/octet-stream`).
    pub(crate) fn add_file(mut self, name: &str, file: &File, encoding: Encoding) -> Self {
        let content_type = file
            .content_type()
            .or(encoding
                .content_type
                .filter(|content_type| is_concrete(content_type)))
            .unwrap_or("application/octet-stream");
        self.push(
            name,
            file.bytes().to_vec(),
            file.file_name(),
            Some(content_type),
            encoding.headers,
        );
        self
    }

    // Only where the crate has `.add_files(`.
    /// A file part per file, under one name.
    pub(crate) fn add_files(self, name: &str, files: &[File], encoding: Encoding) -> Self {
        files
            .iter()
            .fold(self, |parts, file| parts.add_file(name, file, encoding))
    }

    // Only where the crate has `.add_entries(`.
    /// The parts of each entry of an object (a body with no declared fields, or the fields a
    /// body's schema does not name), by the defaults.
    pub(crate) fn add_entries(self, object: &impl serde::Serialize) -> Self {
        match crate::request::written(|| serde_json::to_value(object)) {
            Ok(Value::Object(fields)) => fields.iter().fold(self, |parts, (name, value)| {
                parts.add_value(name, value, Encoding::DEFAULT)
            }),
            Ok(other) => self.fail(format!("a multipart body must be an object, not {other}")),
            Err(error) => self.fail(format!("cannot serialise the body: {error}")),
        }
    }

    fn push(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        file_name: Option<&str>,
        content_type: Option<&str>,
        headers: &'static [(&'static str, &'static str)],
    ) {
        self.parts.push(Part {
            name: name.to_owned(),
            bytes,
            file_name: file_name.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
            headers,
        });
    }

    fn fail(mut self, problem: String) -> Self {
        self.problem.get_or_insert(problem);
        self
    }

    /// The reqwest form of these parts.
    fn form(&self) -> Result<Form, String> {
        self.parts.iter().try_fold(Form::new(), |form, part| {
            let mut written = ReqwestPart::bytes(part.bytes.clone());
            if let Some(content_type) = &part.content_type {
                written = written.mime_str(content_type).map_err(|_| {
                    format!(
                        "part `{}` has an invalid content type {content_type:?}",
                        part.name
                    )
                })?;
            }
            if let Some(file_name) = &part.file_name {
                written = written.file_name(file_name.clone());
            }
            if !part.headers.is_empty() {
                let mut headers = HeaderMap::new();
                for (name, value) in part.headers {
                    let name = HeaderName::try_from(*name).map_err(|_| {
                        format!("part `{}` has an invalid header name {name:?}", part.name)
                    })?;
                    let value = HeaderValue::try_from(*value).map_err(|_| {
                        format!("part `{}` has an invalid value of header {name}", part.name)
                    })?;
                    headers.insert(name, value);
                }
                written = written.headers(headers);
            }
            Ok(form.part(part.name.clone(), written))
        })
    }
}

// Only where the crate has `is_concrete(`.
/// Whether a `contentType` names one media type (not a list, not a wildcard).
fn is_concrete(content_type: &str) -> bool {
    !content_type.contains(',') && !content_type.contains('*')
}

impl<T, O> Request<'_, T, O> {
    /// Sets a multipart body of `parts`.
    pub(crate) fn multipart_body(mut self, parts: Parts) -> Self {
        self.outgoing.multipart_body(parts);
        self
    }
}

impl Outgoing<'_> {
    /// Sets a multipart body of `parts`, or makes the request invalid with why it cannot be.
    fn multipart_body(&mut self, parts: Parts) {
        if let Some(problem) = parts.problem {
            return self.invalidate(problem);
        }
        if let Err(problem) = parts.form() {
            return self.invalidate(problem);
        }
        self.with_built_body(move |builder| match parts.form() {
            Ok(form) => builder.multipart(form),
            Err(_) => builder,
        });
    }
}
