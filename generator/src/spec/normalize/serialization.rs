//! How values are serialised, made explicit where the typed model cannot tell a default from
//! an absent field:
//!
//! - An Encoding Object with any of `style`, `explode` or `allowReserved` is written by style
//!   (RFC 6570); without all three, by its `contentType` (OpenAPI 3.0.4 and 3.1.1 settled this).
//!   openapiv3 reads an absent `explode` as `false`, so when any is present, all three are
//!   written out with their defaults (`style: form`, `explode: true` for `form`).
//! - `style: cookie` (OpenAPI 3.2) is not a style openapiv3 knows: it becomes the
//!   [`COOKIE_STYLE_EXTENSION`] beside the parameter.

use serde_json::{Map, Value};

use super::walk::each_at;

/// Marks a cookie parameter of `style: cookie`: pairs joined by `; `, never percent-encoded.
pub const COOKIE_STYLE_EXTENSION: &str = "x-codegen-cookie-style";

/// Where parameters and request bodies are, relative to the document.
const PARAMETERS: &[&[&str]] = &[
    &["paths", "*", "parameters", "*"],
    &["paths", "*", "*", "parameters", "*"],
    &["components", "parameters", "*"],
];
const ENCODINGS: &[&[&str]] = &[
    &[
        "paths",
        "*",
        "*",
        "requestBody",
        "content",
        "*",
        "encoding",
        "*",
    ],
    &[
        "components",
        "requestBodies",
        "*",
        "content",
        "*",
        "encoding",
        "*",
    ],
];

pub(super) fn make_explicit(document: &mut Value) {
    for path in PARAMETERS {
        each_at(document, path, &mut |parameter, _| cookie_style(parameter));
    }
    for path in ENCODINGS {
        each_at(document, path, &mut |encoding, _| encoding_fields(encoding));
    }
}

fn cookie_style(parameter: &mut Map<String, Value>) {
    let is_cookie = parameter.get("in").and_then(Value::as_str) == Some("cookie");
    if is_cookie && parameter.get("style").and_then(Value::as_str) == Some("cookie") {
        parameter.remove("style");
        parameter.insert(COOKIE_STYLE_EXTENSION.into(), Value::Bool(true));
        parameter.entry("explode").or_insert(Value::Bool(true));
    }
}

fn encoding_fields(encoding: &mut Map<String, Value>) {
    let styled = ["style", "explode", "allowReserved"]
        .iter()
        .any(|field| encoding.contains_key(*field));
    if !styled {
        return;
    }
    let style = encoding
        .entry("style")
        .or_insert_with(|| Value::String("form".into()))
        .clone();
    encoding
        .entry("explode")
        .or_insert(Value::Bool(style.as_str() == Some("form")));
    encoding
        .entry("allowReserved")
        .or_insert(Value::Bool(false));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::make_explicit;

    #[test]
    fn an_encoding_with_any_style_field_gets_all_three() {
        let mut document = json!({"paths": {"/a": {"post": {"requestBody": {"content": {
            "application/x-www-form-urlencoded": {"encoding": {
                "ids": {"explode": false},
                "tags": {"style": "pipeDelimited"},
                "meta": {"contentType": "application/json"}
            }}
        }}}}}});
        make_explicit(&mut document);
        let encoding = &document["paths"]["/a"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]["encoding"];
        assert_eq!(
            encoding["ids"],
            json!({"explode": false, "style": "form", "allowReserved": false})
        );
        assert_eq!(
            encoding["tags"],
            json!({"style": "pipeDelimited", "explode": false, "allowReserved": false})
        );
        assert_eq!(encoding["meta"], json!({"contentType": "application/json"}));
    }

    #[test]
    fn a_cookie_style_becomes_an_extension() {
        let mut document = json!({"components": {"parameters": {
            "session": {"name": "s", "in": "cookie", "style": "cookie"},
            "plain": {"name": "p", "in": "cookie"}
        }}});
        make_explicit(&mut document);
        let parameters = &document["components"]["parameters"];
        assert_eq!(
            parameters["session"],
            json!({"name": "s", "in": "cookie", "x-codegen-cookie-style": true, "explode": true})
        );
        assert_eq!(parameters["plain"], json!({"name": "p", "in": "cookie"}));
    }
}
