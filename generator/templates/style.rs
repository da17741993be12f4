//! How a parameter's value is written into the path, the query, a header or a cookie: the
//! OpenAPI `style` and `explode` of the parameter (RFC 6570's expansions, and the query styles
//! OpenAPI adds), and its `allowReserved`.
//!
//! A value is taken as JSON (its serde form), so every type is written the same way: a
//! primitive is one value (strings as they are, numbers and booleans as JSON writes them), an
//! array a list of values, an object a list of name-value pairs. What RFC 6570 leaves undefined,
//! a value nested in an array or an object, is written as its JSON text.
//!
//! Percent-encoding follows the OpenAPI specification (3.2, "URL Percent-Encoding" and
//! Appendix E): in the path and the query, every character outside RFC 3986's unreserved set is
//! encoded, delimiters included (`%20`, `%7C`, `%5B`, `%5D`), except the `,` `;` `.` `=` and `&`
//! that the styles themselves use as delimiters; with `allowReserved`, reserved characters and
//! existing percent-encoded triples pass through. Headers and `style: cookie` values are never
//! percent-encoded; `style: form` cookies are.
//!
//! A crate has this module where it has parameters or form bodies, whole: it is a small library
//! of every style and location, and its tests, rows of the specification's own table, run in
//! every crate that has it.
#![allow(
    dead_code,
    reason = "a crate writes only the styles and locations its parameters have"
)]

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// The `style` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `blue,black,brown` (path and header).
    Simple,
    /// `.blue.black.brown` (path).
    Label,
    /// `;color=blue;color=black` (path).
    Matrix,
    /// `color=blue&color=black` (query and cookie).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `color=blue%09black`: Swagger 2.0's `collectionFormat: tsv` (query).
    TabDelimited,
    /// `color%5BR%5D=100` (query).
    DeepObject,
    /// `color=blue; color=black`, never percent-encoded (cookie).
    Cookie,
    /// The value's JSON text, as one value: a parameter described by `content` with a JSON
    /// media type.
    Json,
}

/// How one parameter is written: its style, whether it explodes, and whether reserved
/// characters may pass unencoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Serialization {
    style: Style,
    explode: bool,
    allow_reserved: bool,
}

impl Serialization {
    /// `style` with `explode`, reserved characters encoded.
    pub(crate) const fn new(style: Style, explode: bool) -> Self {
        Serialization {
            style,
            explode,
            allow_reserved: false,
        }
    }

    /// The same, with reserved characters left as they are (`allowReserved: true`).
    pub(crate) const fn allow_reserved(self) -> Self {
        Serialization {
            allow_reserved: true,
            ..self
        }
    }
}

/// `style: simple`, not exploded: the default of path and header parameters.
pub(crate) const SIMPLE: Serialization = Serialization::new(Style::Simple, false);

/// `style: form`, exploded: the default of query and cookie parameters.
pub(crate) const FORM: Serialization = Serialization::new(Style::Form, true);

/// The spec's `encoding` entry of a property of a form or multipart body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Encoding {
    /// `contentType`, if the spec gives one.
    pub(crate) content_type: Option<&'static str>,
    /// Whether that content type is JSON: the value is written as JSON text.
    pub(crate) json: bool,
    /// `style`, `explode` and `allowReserved`, if the spec gives any: the value is written as
    /// a query parameter of that style would be.
    pub(crate) serialization: Option<Serialization>,
    /// Headers of the part, with the values the spec fixes (multipart only).
    pub(crate) headers: &'static [(&'static str, &'static str)],
}

impl Encoding {
    /// No `encoding` entry: OpenAPI's defaults by the value's type.
    pub(crate) const DEFAULT: Encoding = Encoding {
        content_type: None,
        json: false,
        serialization: None,
        headers: &[],
    };

    /// Written as a query parameter of `serialization` would be.
    pub(crate) const fn styled(serialization: Serialization) -> Self {
        Encoding {
            serialization: Some(serialization),
            ..Encoding::DEFAULT
        }
    }

    /// Written as `content_type` (`json`: a JSON media type, the value as JSON text).
    pub(crate) const fn content_type(content_type: &'static str, json: bool) -> Self {
        Encoding {
            content_type: Some(content_type),
            json,
            ..Encoding::DEFAULT
        }
    }

    /// The same, with `headers` sent with each part.
    pub(crate) const fn with_headers(
        self,
        headers: &'static [(&'static str, &'static str)],
    ) -> Self {
        Encoding { headers, ..self }
    }
}

/// Characters that are percent-encoded: all but RFC 3986's unreserved ones.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986's reserved characters, which `allowReserved` lets through.
const RESERVED: &[u8] = b":/?#[]@!$&'()*+,;=";

/// How the atoms of a value (names, primitive values) are escaped where they land.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Percent-encode all but the unreserved characters.
    Percent,
    /// Percent-encode, but let reserved characters and existing `%XX` triples through.
    Reserved,
    /// Leave as is (headers, `style: cookie`, multipart parts).
    Nothing,
}

impl Escape {
    fn of(serialization: Serialization) -> Escape {
        if serialization.allow_reserved {
            Escape::Reserved
        } else {
            Escape::Percent
        }
    }

    fn apply<'t>(self, text: &'t str) -> Cow<'t, str> {
        match self {
            Escape::Nothing => Cow::Borrowed(text),
            Escape::Percent => percent_encoding::utf8_percent_encode(text, ENCODED).into(),
            Escape::Reserved => Cow::Owned(encode_unreserved(text)),
        }
    }
}

/// Percent-encodes `text` except unreserved and reserved characters and `%XX` triples.
fn encode_unreserved(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (index, &byte) in bytes.iter().enumerate() {
        let triple = byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        let unreserved = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte);
        if triple || unreserved || RESERVED.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A value as RFC 6570 sees it, its atoms already escaped.
enum Shape {
    /// `null`, an empty list or an empty object: RFC 6570's "undefined".
    Undefined,
    /// A primitive (or nested JSON, as text).
    Single(String),
    /// An array's items.
    List(Vec<String>),
    /// An object's properties.
    Pairs(Vec<(String, String)>),
}

impl Shape {
    fn of(value: &Value, escape: Escape) -> Shape {
        let atom = |value: &Value| escape.apply(&atom_text(value)).into_owned();
        match value {
            Value::Null => Shape::Undefined,
            Value::Array(items) if items.is_empty() => Shape::Undefined,
            Value::Object(fields) if fields.is_empty() => Shape::Undefined,
            Value::Array(items) => Shape::List(
                items
                    .iter()
                    .filter(|item| !item.is_null())
                    .map(atom)
                    .collect(),
            ),
            Value::Object(fields) => Shape::Pairs(
                fields
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(name, value)| (escape.apply(name).into_owned(), atom(value)))
                    .collect(),
            ),
            primitive => Shape::Single(atom(primitive)),
        }
    }
}

/// A primitive as text: strings as they are, numbers and booleans as JSON writes them; an array
/// or object nested in another value as its JSON text.
fn atom_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => Cow::Borrowed(text),
        other => Cow::Owned(other.to_string()),
    }
}

/// The value as one JSON atom: what a `content`-described parameter is.
fn json_shape(value: &Value, escape: Escape) -> Shape {
    match value {
        Value::Null => Shape::Undefined,
        other => Shape::Single(escape.apply(&other.to_string()).into_owned()),
    }
}

fn shape(value: &Value, serialization: Serialization, escape: Escape) -> Shape {
    if serialization.style == Style::Json {
        json_shape(value, escape)
    } else {
        Shape::of(value, escape)
    }
}

/// The text that replaces `{name}` in the path: `simple`, `label` or `matrix`.
pub(crate) fn path(name: &str, value: &Value, serialization: Serialization) -> String {
    let escape = Escape::Percent;
    let explode = serialization.explode;
    let flat = |pairs: &[(String, String)]| -> Vec<String> {
        pairs
            .iter()
            .flat_map(|(name, value)| [name.clone(), value.clone()])
            .collect()
    };
    let assigned = |pairs: &[(String, String)]| -> Vec<String> {
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect()
    };
    match serialization.style {
        Style::Label => match shape(value, serialization, escape) {
            Shape::Undefined => ".".to_owned(),
            Shape::Single(text) => format!(".{text}"),
            Shape::List(items) => format!(".{}", items.join(if explode { "." } else { "," })),
            Shape::Pairs(pairs) if explode => format!(".{}", assigned(&pairs).join(".")),
            Shape::Pairs(pairs) => format!(".{}", flat(&pairs).join(",")),
        },
        Style::Matrix => {
            let name = escape.apply(name);
            match shape(value, serialization, escape) {
                Shape::Undefined => format!(";{name}"),
                Shape::Single(text) if text.is_empty() => format!(";{name}"),
                Shape::Single(text) => format!(";{name}={text}"),
                Shape::List(items) if explode => {
                    items.iter().map(|item| format!(";{name}={item}")).collect()
                }
                Shape::List(items) => format!(";{name}={}", items.join(",")),
                Shape::Pairs(pairs) if explode => assigned(&pairs)
                    .iter()
                    .map(|pair| format!(";{pair}"))
                    .collect(),
                Shape::Pairs(pairs) => format!(";{name}={}", flat(&pairs).join(",")),
            }
        }
        _ => simple(shape(value, serialization, escape), explode),
    }
}

/// The value of a header parameter (`simple`, never percent-encoded).
pub(crate) fn header(value: &Value, serialization: Serialization) -> String {
    simple(
        shape(value, serialization, Escape::Nothing),
        serialization.explode,
    )
}

fn simple(shape: Shape, explode: bool) -> String {
    match shape {
        Shape::Undefined => String::new(),
        Shape::Single(text) => text,
        Shape::List(items) => items.join(","),
        Shape::Pairs(pairs) if explode => pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join(","),
        Shape::Pairs(pairs) => pairs
            .iter()
            .flat_map(|(name, value)| [name.as_str(), value.as_str()])
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The `name=value` pairs of a query parameter, percent-encoded, in order; none for an
/// undefined value (`null`, an empty array or object).
pub(crate) fn query(name: &str, value: &Value, serialization: Serialization) -> Vec<String> {
    pairs(name, value, serialization, Escape::of(serialization))
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

/// The `name=value` pairs of a cookie parameter. `style: form` percent-encodes its values
/// (RFC 6570); `style: cookie` does not (RFC 6265). An exploded array or object gives a cookie
/// per item (joined with `; ` in the `Cookie` header, the only separator a cookie can have).
pub(crate) fn cookie(name: &str, value: &Value, serialization: Serialization) -> Vec<String> {
    let escape = match serialization.style {
        Style::Cookie => Escape::Nothing,
        _ => Escape::of(serialization),
    };
    pairs(name, value, serialization, escape)
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

/// The name-value pairs a query-like style makes of `value`, escaped by `escape`: `form`,
/// `spaceDelimited`, `pipeDelimited`, `deepObject` (and `cookie`, like `form`). Styles that do
/// not apply to the value's shape (a delimited primitive, a deep array) are written as `form`.
pub(crate) fn pairs_unescaped(
    name: &str,
    value: &Value,
    serialization: Serialization,
) -> Vec<(String, String)> {
    pairs(name, value, serialization, Escape::Nothing)
}

fn pairs(
    name: &str,
    value: &Value,
    serialization: Serialization,
    escape: Escape,
) -> Vec<(String, String)> {
    if serialization.style == Style::DeepObject && (value.is_object() || value.is_array()) {
        let mut pairs = Vec::new();
        deep_value(&mut pairs, escape.apply(name).into_owned(), value, escape);
        return pairs;
    }
    let delimiter = match (serialization.style, escape) {
        (Style::SpaceDelimited, Escape::Nothing) => Some(" "),
        (Style::SpaceDelimited, _) => Some("%20"),
        (Style::PipeDelimited, Escape::Nothing) => Some("|"),
        (Style::PipeDelimited, _) => Some("%7C"),
        (Style::TabDelimited, Escape::Nothing) => Some("\t"),
        (Style::TabDelimited, _) => Some("%09"),
        _ => None,
    };
    let name = escape.apply(name).into_owned();
    let explode = serialization.explode && delimiter.is_none();
    match shape(value, serialization, escape) {
        Shape::Undefined => Vec::new(),
        Shape::Single(text) => vec![(name, text)],
        Shape::List(items) if explode => {
            items.into_iter().map(|item| (name.clone(), item)).collect()
        }
        Shape::List(items) => vec![(name, items.join(delimiter.unwrap_or(",")))],
        Shape::Pairs(pairs) if explode => pairs,
        Shape::Pairs(pairs) => {
            let flat: Vec<String> = pairs
                .into_iter()
                .flat_map(|(name, value)| [name, value])
                .collect();
            vec![(name, flat.join(delimiter.unwrap_or(",")))]
        }
    }
}

/// `deepObject`: `name[key]=value` for each property. Beyond what OpenAPI defines, the
/// convention of the frameworks that read nested forms (Rails, PHP, Stripe): nested objects as
/// `name[key][inner]=value`, arrays of primitives as `name[key][]=item`, arrays of objects
/// with their index, `name[key][0][inner]=value`.
fn deep_value(pairs: &mut Vec<(String, String)>, key: String, value: &Value, escape: Escape) {
    let (open, close) = match escape {
        Escape::Nothing => ("[", "]"),
        _ => ("%5B", "%5D"),
    };
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (name, value) in fields {
                let key = format!("{key}{open}{}{close}", escape.apply(name));
                deep_value(pairs, key, value, escape);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let key = match item {
                    Value::Object(_) | Value::Array(_) => format!("{key}{open}{index}{close}"),
                    _ => format!("{key}{open}{close}"),
                };
                deep_value(pairs, key, item, escape);
            }
        }
        scalar => pairs.push((key, escape.apply(&atom_text(scalar)).into_owned())),
    }
}

#[cfg(test)]
mod tests {
    //! The rows of the OpenAPI specification's own "Style Examples" table (3.2.0), for the
    //! parameter `color` with the string `blue`, the array `[blue, black, brown]` and the object
    //! `{R: 100, G: 200, B: 150}`, copied from the table as written.

    use serde_json::{json, Value};

    use super::{cookie, header, path, query, Serialization, Style};

    fn string() -> Value {
        json!("blue")
    }

    fn array() -> Value {
        json!(["blue", "black", "brown"])
    }

    fn object() -> Value {
        json!({"R": 100, "G": 200, "B": 150})
    }

    fn query_string(value: &Value, style: Style, explode: bool) -> String {
        query("color", value, Serialization::new(style, explode)).join("&")
    }

    #[test]
    fn path_styles_match_the_specification() {
        let rows: [(Style, bool, [&str; 3]); 6] = [
            (
                Style::Matrix,
                false,
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=R,100,G,200,B,150",
                ],
            ),
            (
                Style::Matrix,
                true,
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";R=100;G=200;B=150",
                ],
            ),
            (
                Style::Label,
                false,
                [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
            ),
            (
                Style::Label,
                true,
                [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
            ),
            (
                Style::Simple,
                false,
                ["blue", "blue,black,brown", "R,100,G,200,B,150"],
            ),
            (
                Style::Simple,
                true,
                ["blue", "blue,black,brown", "R=100,G=200,B=150"],
            ),
        ];
        for (style, explode, expected) in rows {
            let serialization = Serialization::new(style, explode);
            let written = [string(), array(), object()].map(|v| path("color", &v, serialization));
            assert_eq!(written, expected, "{style:?}, explode {explode}");
        }
    }

    #[test]
    fn query_styles_match_the_specification() {
        let rows: [(Style, bool, [Option<&str>; 3]); 5] = [
            (
                Style::Form,
                false,
                [
                    Some("color=blue"),
                    Some("color=blue,black,brown"),
                    Some("color=R,100,G,200,B,150"),
                ],
            ),
            (
                Style::Form,
                true,
                [
                    Some("color=blue"),
                    Some("color=blue&color=black&color=brown"),
                    Some("R=100&G=200&B=150"),
                ],
            ),
            (
                Style::SpaceDelimited,
                false,
                [
                    None,
                    Some("color=blue%20black%20brown"),
                    Some("color=R%20100%20G%20200%20B%20150"),
                ],
            ),
            (
                Style::PipeDelimited,
                false,
                [
                    None,
                    Some("color=blue%7Cblack%7Cbrown"),
                    Some("color=R%7C100%7CG%7C200%7CB%7C150"),
                ],
            ),
            (
                Style::DeepObject,
                true,
                [
                    None,
                    None,
                    Some("color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
                ],
            ),
        ];
        for (style, explode, expected) in rows {
            for (value, expected) in [string(), array(), object()].iter().zip(expected) {
                if let Some(expected) = expected {
                    assert_eq!(
                        query_string(value, style, explode),
                        expected,
                        "{style:?}, explode {explode}"
                    );
                }
            }
        }
    }

    #[test]
    fn header_and_cookie_styles_match_the_specification() {
        for (explode, expected) in [
            (false, ["blue", "blue,black,brown", "R,100,G,200,B,150"]),
            (true, ["blue", "blue,black,brown", "R=100,G=200,B=150"]),
        ] {
            let serialization = Serialization::new(Style::Simple, explode);
            assert_eq!(
                [string(), array(), object()].map(|v| header(&v, serialization)),
                expected
            );
        }
        for (explode, expected) in [
            (
                false,
                [
                    "color=blue",
                    "color=blue,black,brown",
                    "color=R,100,G,200,B,150",
                ],
            ),
            (
                true,
                [
                    "color=blue",
                    "color=blue; color=black; color=brown",
                    "R=100; G=200; B=150",
                ],
            ),
        ] {
            let serialization = Serialization::new(Style::Cookie, explode);
            assert_eq!(
                [string(), array(), object()]
                    .map(|v| cookie("color", &v, serialization).join("; ")),
                expected
            );
        }
    }

    #[test]
    fn reserved_characters_are_encoded_unless_allowed() {
        let value = json!("a/b?c=d&e f%20g+ü");
        let form = Serialization::new(Style::Form, true);
        assert_eq!(
            query("q", &value, form),
            ["q=a%2Fb%3Fc%3Dd%26e%20f%2520g%2B%C3%BC"]
        );
        assert_eq!(
            query("q", &value, form.allow_reserved()),
            ["q=a/b?c=d&e%20f%20g+%C3%BC"]
        );
        assert_eq!(
            path(
                "id",
                &json!("a/b c"),
                Serialization::new(Style::Simple, false)
            ),
            "a%2Fb%20c"
        );
        assert_eq!(
            header(
                &json!("a b/\"c\""),
                Serialization::new(Style::Simple, false)
            ),
            "a b/\"c\""
        );
        let form_cookie = Serialization::new(Style::Form, true);
        assert_eq!(cookie("c", &json!("a b;c"), form_cookie), ["c=a%20b%3Bc"]);
        let tabs = Serialization::new(Style::TabDelimited, false);
        assert_eq!(query("t", &json!(["a", "b c"]), tabs), ["t=a%09b%20c"]);
    }

    #[test]
    fn undefined_values_write_nothing_and_nested_values_are_json() {
        let form = Serialization::new(Style::Form, true);
        assert!(query("color", &json!([]), form).is_empty());
        assert!(query("color", &Value::Null, form).is_empty());
        assert_eq!(query("f", &json!({"a": [1, 2]}), form), ["a=%5B1%2C2%5D"]);
        let json = Serialization::new(Style::Json, false);
        assert_eq!(query("f", &json!({"a": 1}), json), ["f=%7B%22a%22%3A1%7D"]);
        assert_eq!(header(&json!({"a": 1}), json), "{\"a\":1}");
        let deep = Serialization::new(Style::DeepObject, true);
        assert_eq!(
            query(
                "f",
                &json!({"a": {"b": 1}, "c": ["x", "y"], "d": [{"e": 2}]}),
                deep
            ),
            [
                "f%5Ba%5D%5Bb%5D=1",
                "f%5Bc%5D%5B%5D=x",
                "f%5Bc%5D%5B%5D=y",
                "f%5Bd%5D%5B0%5D%5Be%5D=2"
            ]
        );
    }
}
