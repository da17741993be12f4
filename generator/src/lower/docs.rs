//! Rustdoc text from the spec's summaries and descriptions.
//!
//! Every emitted item gets documentation (the generated crate denies missing docs), so where the
//! spec says nothing a short sentence naming the spec location stands in. Spec text is Markdown
//! and stays Markdown; the one rewrite is that a code fence without a language becomes ```` ```text ````,
//! so rustdoc never compiles spec text as a doctest.

use openapiv3::{Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use crate::ir::{Docs, ErrorResponse, Redirect, TypeId};
use crate::spec::Pointer;

/// Docs for a named type.
pub(super) fn schema_docs(schema: &Schema, at: &Pointer, component: Option<&str>) -> String {
    let text = description(schema).or(schema
        .schema_data
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty()));
    match (text, component) {
        (Some(text), _) => clean(text),
        (None, Some(name)) => format!("The `{name}` schema."),
        (None, None) => location_docs(at),
    }
}

/// A schema's description: its own, else the first of its inline `allOf` parts, where
/// `allOf: [{$ref: Id}, {description: …}]` documents the value.
fn description(schema: &Schema) -> Option<&str> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.as_slice(),
        SchemaKind::Any(any) => any.all_of.as_slice(),
        _ => &[],
    };
    let own = schema.schema_data.description.as_deref();
    own.into_iter()
        .chain(
            parts
                .iter()
                .filter_map(|part| part.as_item()?.schema_data.description.as_deref()),
        )
        .find(|text| !text.trim().is_empty())
}

/// Where an inline schema sits, in words: `The request body of `POST /x`.`, `The value of
/// `totals` in the `201` response body of `GET /x`.`, `An element of `error.errors`.`.
fn location_docs(at: &Pointer) -> String {
    let segments: Vec<_> = at.segments().collect();
    let words: Vec<&str> = segments.iter().map(AsRef::as_ref).collect();
    let (owner, rest) = match words.as_slice() {
        ["paths", path, method, "requestBody", "content", _, "schema", rest @ ..] => (
            format!("the request body of `{} {path}`", method.to_uppercase()),
            rest,
        ),
        ["paths", path, method, "responses", status, "content", _, "schema", rest @ ..] => (
            format!(
                "the `{status}` response body of `{} {path}`",
                method.to_uppercase()
            ),
            rest,
        ),
        ["paths", path, method, "responses", status, "content", media_type, "itemSchema", rest @ ..] =>
        {
            let item = if media_type.eq_ignore_ascii_case("text/event-stream") {
                "an event"
            } else {
                "an item"
            };
            (
                format!(
                    "{item} of the `{status}` response of `{} {path}`",
                    method.to_uppercase()
                ),
                rest,
            )
        }
        ["paths", path, method, "parameters", _, "schema", rest @ ..] => (
            format!("a parameter of `{} {path}`", method.to_uppercase()),
            rest,
        ),
        ["components", "schemas", name, rest @ ..] => (format!("`{name}`"), rest),
        _ => return format!("The schema at `{at}`."),
    };
    let (place, element) = property_path(rest);
    let owner = match (place.is_empty(), words.first() == Some(&"components")) {
        (true, _) => owner,
        (false, true) => format!("`{}.{place}`", owner.trim_matches('`')),
        (false, false) => format!("`{place}` in {owner}"),
    };
    match (
        element,
        place.is_empty() && words.first() != Some(&"components"),
    ) {
        (true, _) => format!("An element of {owner}."),
        (false, true) => capitalize(&format!("{owner}.")),
        (false, false) => format!("The value of {owner}."),
    }
}

/// The dotted property path that pointer segments below a schema spell (`properties/a/properties/b`
/// → `a.b`), and whether the location is an array element.
fn property_path(segments: &[&str]) -> (String, bool) {
    let mut path: Vec<&str> = Vec::new();
    let mut element = false;
    let mut rest = segments.iter();
    while let Some(segment) = rest.next() {
        match *segment {
            "properties" => {
                path.extend(rest.next());
                element = false;
            }
            "items" => element = true,
            "additionalProperties" => path.push("*"),
            _ => {}
        }
    }
    (path.join("."), element)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Docs for a struct field; `schema` is `None` when the property is a `$ref`, `named` is the
/// type the field holds when that is a named type (to link to), and `mapped` the Rust type the
/// config maps its `format` to.
pub(super) fn field_docs(
    schema: Option<&Schema>,
    wire_name: &str,
    named: Option<TypeId>,
    mapped: Option<&str>,
) -> Docs {
    let mut docs = match (schema.and_then(description), named) {
        (Some(text), _) => Docs::text(clean(text)),
        (None, Some(id)) => {
            let mut docs = Docs::text(format!("The `{wire_name}` field ("));
            docs.push_type(id).push_text(").");
            docs
        }
        (None, None) => Docs::text(format!("The `{wire_name}` field.")),
    };
    match (schema.and_then(string_format), mapped) {
        (Some(format), Some(rust_type)) => {
            docs.push_text(format!(
                "\n\nFormat `{format}`, decoded as `{rust_type}` (`codegen.toml`)."
            ));
        }
        (Some("binary"), None) => {
            docs.push_text("\n\nFormat `binary`: a [`File`](crate::File), sent as a file part of a multipart body.");
        }
        (Some(format), None) => {
            docs.push_text(format!(
                "\n\nFormat `{format}`, kept as text so that a server looser than the spec never fails decoding."
            ));
        }
        _ => {}
    }
    docs
}

/// The sentence that states a "one of these must be present" constraint the type cannot.
pub(super) fn required_alternatives_note(
    exactly_one: bool,
    alternatives: &[Vec<String>],
) -> String {
    let list: Vec<String> = alternatives
        .iter()
        .map(|names| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    let quantity = if exactly_one {
        "Exactly one"
    } else {
        "At least one"
    };
    format!("\n\n{quantity} of these must be set: {}.", list.join("; "))
}

/// Docs for a client method.
pub(super) fn operation_docs(
    summary: Option<&str>,
    description: Option<&str>,
    http_method: &str,
    path: &str,
    errors: &[ErrorResponse],
    redirects: &[Redirect],
) -> Docs {
    let mut sections: Vec<String> = Vec::new();
    if let Some(summary) = summary.filter(|s| !s.trim().is_empty()) {
        sections.push(clean(summary));
    }
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        sections.push(clean(description));
    }
    sections.push(format!("`{http_method} {path}`"));
    if !redirects.is_empty() {
        let list: Vec<String> = redirects
            .iter()
            .map(|redirect| {
                format!(
                    "- `{}`: {}",
                    redirect.status,
                    one_line(&redirect.description)
                )
            })
            .collect();
        sections.push(format!(
            "# Redirects\n\nThe redirections the spec documents are answers: returned, not followed \
             ([`Request::send_with_response`](crate::Request::send_with_response) gives their \
             `Location` header).\n{}",
            list.join("\n")
        ));
    }
    if !errors.is_empty() {
        let list: Vec<String> = errors
            .iter()
            .map(|error| {
                let status = &error.status;
                let description = one_line(&error.description);
                match &error.variant {
                    Some(variant) => format!(
                        "- `{status}` ([`Error::{variant}`](crate::Error::{variant})): {description}"
                    ),
                    None => format!("- `{status}`: {description}"),
                }
            })
            .collect();
        sections.push(format!(
            "# Errors\n\nThe responses the spec documents besides success:\n{}",
            list.join("\n")
        ));
    }
    Docs::text(sections.join("\n\n"))
}

/// Docs text with surrounding blank lines removed and nothing rustdoc would compile or warn
/// about: code fences without a language or marked `rust` become `text`, lines indented enough
/// to be an indented code block (which rustdoc also runs) lose that indentation, bare URLs
/// become `<links>`, the invalid `</br>` becomes `<br>`, and Markdoc admonitions become quotes.
pub(super) fn clean(text: &str) -> String {
    let mut in_fence = false;
    // The column where the text of the list item being read starts, until a blank line.
    let mut item_column: Option<usize> = None;
    let lines: Vec<String> = admonitions(text.trim())
        .lines()
        .map(|line| {
            let (quote, quoted) = in_quote(line);
            if let Some(info) = quoted.strip_prefix("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                let info = info.trim();
                if opening && (info.is_empty() || info.starts_with("rust")) {
                    return format!("{quote}```text");
                }
                return line.trim_end().to_owned();
            }
            if in_fence {
                return line.trim_end().to_owned();
            }
            let trimmed = line.trim_start();
            let indent = match line.len() - trimmed.len() {
                _ if line.starts_with('\t') => 0,
                code if code >= 4 => 0,
                indent => indent,
            };
            let text = link_bare_urls(&trimmed.trim_end().replace("</br>", "<br>"));
            if trimmed.is_empty() {
                item_column = None;
            } else if let Some(marker) = list_marker(trimmed) {
                item_column = Some(indent + marker);
            } else if let Some(column) = item_column {
                // A line that continues a list item lines up with its text (as clippy's
                // `doc_lazy_continuation` asks) instead of continuing it lazily.
                return format!("{:column$}{text}", "");
            }
            format!("{:indent$}{text}", "")
        })
        .collect();
    lines.join("\n")
}

/// The length of the list marker that starts `line` and the spaces after it (`* `, `- `,
/// `12. `), if it is a list item.
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'*' | b'-' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if digits > 0 => digits + 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0).then_some(marker + spaces)
}

/// A line's indentation and blockquote markers (`  > `, as a Markdoc admonition becomes), and
/// the rest: a fence inside a quote is a fence too.
fn in_quote(line: &str) -> (&str, &str) {
    let rest = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    (&line[..line.len() - rest.len()], rest)
}

/// `https://…` outside backticks, `<…>`, `(…)` and `"…"` wrapped in `<…>`, trailing punctuation
/// left outside.
fn link_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut in_code = false;
    while let Some(start) = rest.find(['`', 'h']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        if let Some(after) = from.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        let quoted = out.chars().last().is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '<' | '(' | '"' | '\'' | '=' | '[')
        });
        let is_url = from.starts_with("https://") || from.starts_with("http://");
        if in_code || quoted || !is_url {
            out.push('h');
            rest = &from['h'.len_utf8()..];
            continue;
        }
        let end = from
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `format` of a string schema, as the spec spells it.
pub(super) fn string_format(schema: &Schema) -> Option<&str> {
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

/// Markdoc's `{% admonition type="warning" name="Title" %}` … `{% /admonition %}` (the tags of
/// Intercom's docs site, which rustdoc would show as they are) as a Markdown quote headed by its
/// kind and name: `> **Warning: Title**`, then the body, every line quoted.
fn admonitions(text: &str) -> String {
    const OPEN: &str = "{% admonition";
    const CLOSE: &str = "{% /admonition %}";
    if !text.contains(OPEN) {
        return text.to_owned();
    }
    let mut lines = Vec::new();
    let mut quoting = false;
    // A quote ends at a blank line; text right after one would continue it.
    let mut end_quote = false;
    for line in text.lines() {
        let mut rest = line.trim();
        if std::mem::take(&mut end_quote) && !rest.is_empty() {
            lines.push(String::new());
        }
        if !quoting {
            let Some((attributes, after)) =
                rest.strip_prefix(OPEN).and_then(|tag| tag.split_once("%}"))
            else {
                lines.push(line.to_owned());
                continue;
            };
            let kind = match attribute(attributes, "type") {
                Some("warning") => "Warning",
                Some("danger" | "error") => "Danger",
                Some("success") => "Success",
                _ => "Note",
            };
            match attribute(attributes, "name") {
                Some(name) => lines.extend([format!("> **{kind}: {name}**"), ">".to_owned()]),
                None => lines.push(format!("> **{kind}:**")),
            }
            quoting = true;
            rest = after.trim();
            if rest.is_empty() {
                continue;
            }
        }
        let (body, after) = match rest.split_once(CLOSE) {
            Some((body, after)) => (body.trim(), Some(after.trim())),
            None => (rest, None),
        };
        match (body.is_empty(), after) {
            (false, _) => lines.push(format!("> {body}")),
            (true, None) => lines.push(">".to_owned()),
            (true, Some(_)) => {}
        }
        if let Some(after) = after {
            quoting = false;
            if after.is_empty() {
                end_quote = true;
            } else {
                lines.extend([String::new(), after.to_owned()]);
            }
        }
    }
    lines.join("\n")
}

/// The value of `name="value"` among a Markdoc tag's attributes.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let start = attributes.find(&format!("{name}=\""))? + name.len() + 2;
    let value = &attributes[start..];
    value.find('"').map(|end| &value[..end])
}

#[cfg(test)]
mod tests {
    use super::{clean, location_docs};
    use crate::spec::Pointer;

    #[test]
    fn markdoc_admonitions_become_quotes_headed_by_their_kind_and_name() {
        let text = "Before.\n\n{% admonition type=\"warning\" %}\nAsk your accounts team.\n{% /admonition %}\n\n{% admonition type=\"info\" name=\"Not the Inbox ticket ID\" %}\n  The `id` is the API's.\n\n  Use `ticket_id` in the Inbox.\n{% /admonition %}\nAfter.";
        assert_eq!(
            clean(text),
            "Before.\n\n> **Warning:**\n> Ask your accounts team.\n\n> **Note: Not the Inbox ticket ID**\n>\n> The `id` is the API's.\n>\n> Use `ticket_id` in the Inbox.\n\nAfter."
        );
        assert_eq!(
            clean("{% admonition type=\"warning\" name=\"Limit\" %}At most 500.{% /admonition %} Then more."),
            "> **Warning: Limit**\n>\n> At most 500.\n\nThen more."
        );
    }

    #[test]
    fn inline_schemas_are_described_by_where_they_sit() {
        let at = |segments: &[&str]| segments.iter().fold(Pointer::root(), |p, s| p.join(s));
        let body = [
            "paths",
            "/a/{id}",
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
        ];
        assert_eq!(
            location_docs(&at(&body)),
            "The request body of `POST /a/{id}`."
        );
        let response = [
            "paths",
            "/a",
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
        ];
        assert_eq!(
            location_docs(&at(&response)),
            "The `200` response body of `GET /a`."
        );
        let nested = [&response[..], &["properties", "totals"]].concat();
        assert_eq!(
            location_docs(&at(&nested)),
            "The value of `totals` in the `200` response body of `GET /a`."
        );
        let item = [
            "components",
            "schemas",
            "error",
            "properties",
            "errors",
            "items",
        ];
        assert_eq!(location_docs(&at(&item)), "An element of `error.errors`.");
        let deep = [
            "components",
            "schemas",
            "order",
            "properties",
            "a",
            "properties",
            "b",
        ];
        assert_eq!(location_docs(&at(&deep)), "The value of `order.a.b`.");
    }

    #[test]
    fn fences_that_rustdoc_would_compile_become_text() {
        let spec = "\n a\n```\nx\n```\n```json\n{}\n```\n```rust,ignore\nfn f() {}\n```\n";
        let expected = "a\n```text\nx\n```\n```json\n{}\n```\n```text\nfn f() {}\n```";
        assert_eq!(clean(spec), expected);
        let quoted =
            "> Headers:\n> ```\n> Link: </a>; rel=\"canonical\"\n> ```\n> ```json\n> {}\n> ```";
        let expected =
            "> Headers:\n> ```text\n> Link: </a>; rel=\"canonical\"\n> ```\n> ```json\n> {}\n> ```";
        assert_eq!(clean(quoted), expected);
    }

    #[test]
    fn bare_urls_become_links_and_others_stay() {
        assert_eq!(
            clean("See https://developers.intercom.com/docs. Or <https://a.b>, [x](https://c.d), `https://e.f`, href=\"https://g.h\"."),
            "See <https://developers.intercom.com/docs>. Or <https://a.b>, [x](https://c.d), `https://e.f`, href=\"https://g.h\"."
        );
        assert_eq!(clean("a</br>b"), "a<br>b");
    }

    #[test]
    fn lines_that_continue_a_list_item_line_up_with_its_text() {
        assert_eq!(
            clean("Actions:\n  * `a` does\nthis.\n  * `b`\n10. ten\n   more\n\nAfter."),
            "Actions:\n  * `a` does\n    this.\n  * `b`\n10. ten\n    more\n\nAfter."
        );
        assert_eq!(clean("*emphasis*\nnext"), "*emphasis*\nnext");
    }

    #[test]
    fn indented_code_blocks_are_not_kept_as_code() {
        assert_eq!(
            clean("Run:\n\n    panic!();\n\tloop {}\n"),
            "Run:\n\npanic!();\nloop {}"
        );
    }
}
