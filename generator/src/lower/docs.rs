//! Rustdoc text from the spec's summaries and descriptions.
//!
//! Every emitted item gets documentation (the generated crate denies missing docs), so where the
//! spec says nothing a short sentence naming the spec location stands in. Spec text is Markdown
//! and stays Markdown; the one rewrite is that a code fence without a language becomes ```` ```text ````,
//! so rustdoc never compiles spec text as a doctest.

use openapiv3::{Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use crate::pointer::Pointer;

/// Docs for a named type.
pub(super) fn schema_docs(schema: &Schema, at: &Pointer, component: Option<&str>) -> String {
    let data = &schema.schema_data;
    let text = data
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .or(data.title.as_deref().filter(|t| !t.trim().is_empty()));
    match (text, component) {
        (Some(text), _) => clean(text),
        (None, Some(name)) => format!("The `{name}` schema."),
        (None, None) => location_docs(at),
    }
}

/// Where an inline schema sits, in words: `The request body of `POST /x`.`, `An element of
/// `error.errors`.`; the pointer itself for places without a better name.
fn location_docs(at: &Pointer) -> String {
    let segments: Vec<String> = at.segments().collect();
    let words: Vec<&str> = segments.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["paths", path, method, "requestBody", ..] => {
            format!("The request body of `{} {path}`.", method.to_uppercase())
        }
        ["paths", path, method, "responses", status, ..] => {
            format!(
                "The `{status}` response body of `{} {path}`.",
                method.to_uppercase()
            )
        }
        ["components", "schemas", name, rest @ ..] => {
            let mut place = (*name).to_owned();
            let mut element = false;
            let mut rest = rest.iter();
            while let Some(segment) = rest.next() {
                match *segment {
                    "properties" => {
                        if let Some(property) = rest.next() {
                            place.push('.');
                            place.push_str(property);
                        }
                        element = false;
                    }
                    "items" => element = true,
                    "additionalProperties" => place.push_str(".*"),
                    _ => {}
                }
            }
            if element {
                format!("An element of `{place}`.")
            } else {
                format!("The value of `{place}`.")
            }
        }
        _ => format!("The schema at `{at}`."),
    }
}

/// Docs for a struct field; `schema` is `None` when the property is a `$ref`, and `named` is
/// the Rust type the field holds when that is a named type, to link to.
pub(super) fn field_docs(schema: Option<&Schema>, wire_name: &str, named: Option<&str>) -> String {
    let description = schema
        .and_then(|s| s.schema_data.description.as_deref())
        .filter(|d| !d.trim().is_empty());
    let mut docs = match (description, named) {
        (Some(text), _) => clean(text),
        (None, Some(name)) => format!("The `{wire_name}` field: a [`{name}`]."),
        (None, None) => format!("The `{wire_name}` field."),
    };
    if let Some(format) = schema.and_then(string_format) {
        docs.push_str(&format!("\n\nFormat `{format}`, kept as text so that a server looser than the spec never fails decoding."));
    }
    docs
}

/// Docs for a client method.
pub(super) fn operation_docs(
    summary: Option<&str>,
    description: Option<&str>,
    http_method: &str,
    path: &str,
    errors: &[(String, String)],
) -> String {
    let mut sections: Vec<String> = Vec::new();
    if let Some(summary) = summary.filter(|s| !s.trim().is_empty()) {
        sections.push(clean(summary));
    }
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        sections.push(clean(description));
    }
    sections.push(format!("`{http_method} {path}`"));
    if !errors.is_empty() {
        let list: Vec<String> = errors
            .iter()
            .map(|(status, description)| format!("- `{status}`: {}", one_line(description)))
            .collect();
        sections.push(format!(
            "# Errors\n\nThe responses the spec documents besides success:\n{}",
            list.join("\n")
        ));
    }
    sections.join("\n\n")
}

/// Docs text with surrounding blank lines removed and bare code fences marked as plain text.
pub(super) fn clean(text: &str) -> String {
    let mut in_fence = false;
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                if opening && info.trim().is_empty() {
                    return format!("{line}text");
                }
            }
            line.trim_end().to_owned()
        })
        .collect();
    lines.join("\n")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn string_format(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(format) => Some(match format {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }),
            VariantOrUnknownOrEmpty::Unknown(format) => Some(format.as_str()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, location_docs};
    use crate::pointer::Pointer;

    #[test]
    fn inline_schemas_are_described_by_where_they_sit() {
        let body = Pointer::root()
            .join("paths")
            .join("/a/{id}")
            .join("post")
            .join("requestBody");
        assert_eq!(location_docs(&body), "The request body of `POST /a/{id}`.");
        let response = Pointer::root()
            .join("paths")
            .join("/a")
            .join("get")
            .join("responses")
            .join("200");
        assert_eq!(
            location_docs(&response),
            "The `200` response body of `GET /a`."
        );
        let item = Pointer::root()
            .join("components")
            .join("schemas")
            .join("error")
            .join("properties")
            .join("errors")
            .join("items");
        assert_eq!(location_docs(&item), "An element of `error.errors`.");
    }

    #[test]
    fn bare_fences_become_text_and_tagged_fences_stay() {
        assert_eq!(
            clean("\n a\n```\nx\n```\n```json\n{}\n```\n"),
            "a\n```text\nx\n```\n```json\n{}\n```"
        );
    }
}
