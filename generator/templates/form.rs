//! `application/x-www-form-urlencoded` bodies.
//!
//! The body's fields become `name=value` pairs, in the order the body serialises them, as
//! OpenAPI says (3.0.4 and 3.2, the Encoding Object):
//!
//! - A field whose `encoding` in the spec gives a `style`, `explode` or `allowReserved` is
//!   written as a query parameter of that style would be (`tags=a&tags=b`, `ids=1%202`,
//!   `filter%5Bstatus%5D=open` for `deepObject`).
//! - Any other field is written by its content type: an array a pair per item; strings,
//!   numbers and booleans as text; objects (and items that are arrays or objects) as JSON
//!   text, unless the `encoding` gives a JSON `contentType`, which writes every value as JSON.
//!   These pairs are encoded as the form media type says (WHATWG URL: a space is `+`).
//!
//! `null` and absent values are left out.

use serde_json::{Map, Value};

use crate::request::{Outgoing, Request};
use crate::style::{self, Encoding};

impl<T, O> Request<'_, T, O> {
    /// Sets a form body: the fields of `body`, each written as its entry of `encodings` says
    /// (by OpenAPI's defaults without one).
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(
        mut self,
        body: &B,
        encodings: &[(&str, Encoding)],
    ) -> Self {
        let fields = crate::request::written(|| serde_json::to_value(body));
        self.outgoing.form_body(fields, encodings);
        self
    }
}

impl Outgoing<'_> {
    /// Sets a form body of `body` as JSON, or makes the request invalid with why it is not one.
    fn form_body(&mut self, body: serde_json::Result<Value>, encodings: &[(&str, Encoding)]) {
        match body {
            Ok(Value::Object(fields)) => {
                let encoded = encode(&fields, encodings);
                self.with_body(encoded.into_bytes(), "application/x-www-form-urlencoded");
            }
            Ok(other) => self.invalidate(format!("a form body must be an object, not {other}")),
            Err(error) => self.invalidate(format!("cannot serialise the body: {error}")),
        }
    }
}

/// The fields as form text.
fn encode(fields: &Map<String, Value>, encodings: &[(&str, Encoding)]) -> String {
    let mut pairs: Vec<String> = Vec::new();
    for (name, value) in fields {
        let encoding = encodings
            .iter()
            .find(|(property, _)| property == name)
            .map_or(Encoding::DEFAULT, |(_, encoding)| *encoding);
        if let Some(serialization) = encoding.serialization {
            pairs.extend(style::query(name, value, serialization));
            continue;
        }
        let items = match value {
            Value::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        for item in items {
            let text = match item {
                Value::Null => continue,
                Value::String(text) if !encoding.json => text.clone(),
                other => other.to_string(),
            };
            pairs.push(format!("{}={}", form_encoded(name), form_encoded(&text)));
        }
    }
    pairs.join("&")
}

/// `text` encoded as the form media type says.
fn form_encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::encode;
    use crate::style::{Encoding, Serialization, Style};

    fn form(value: serde_json::Value, encodings: &[(&str, Encoding)]) -> String {
        let serde_json::Value::Object(fields) = value else {
            panic!("an object");
        };
        encode(&fields, encodings)
    }

    fn styled(style: Style, explode: bool) -> Encoding {
        Encoding {
            serialization: Some(Serialization::new(style, explode)),
            ..Encoding::DEFAULT
        }
    }

    /// The specification's own example (3.2.0, "Example: URL Encoded Form with JSON Values"),
    /// byte for byte.
    #[test]
    fn without_an_encoding_objects_are_json_and_strings_text() {
        let body = json!({
            "id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "address": {
                "streetAddress": "123 Example Dr.",
                "city": "Somewhere",
                "state": "CA",
                "zip": "99999+1234"
            }
        });
        assert_eq!(
            form(body, &[]),
            "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22%3A%22123+Example+Dr.%22%2C%22city%22%3A%22Somewhere%22%2C%22state%22%3A%22CA%22%2C%22zip%22%3A%2299999%2B1234%22%7D"
        );
    }

    #[test]
    fn without_an_encoding_arrays_repeat_their_name() {
        let body = json!({"amount": 2000, "confirm": true, "expand": ["customer", "invoice"], "items": [{"price": "p_1"}], "skipped": null});
        assert_eq!(
            form(body, &[]),
            "amount=2000&confirm=true&expand=customer&expand=invoice&items=%7B%22price%22%3A%22p_1%22%7D"
        );
    }

    #[test]
    fn an_encoding_with_a_style_writes_the_field_as_that_query_style() {
        let body = json!({"tag": ["a", "b"], "ids": [1, 2], "flags": ["x", "y"], "filter": {"status": "open"}, "plain": ["c", "d"]});
        let encodings = [
            ("tag", styled(Style::Form, true)),
            ("ids", styled(Style::SpaceDelimited, false)),
            ("flags", styled(Style::PipeDelimited, false)),
            ("filter", styled(Style::DeepObject, true)),
            ("plain", styled(Style::Form, false)),
        ];
        assert_eq!(
            form(body, &encodings),
            "tag=a&tag=b&ids=1%202&flags=x%7Cy&filter%5Bstatus%5D=open&plain=c,d"
        );
    }

    #[test]
    fn a_json_content_type_writes_json_text() {
        let json = Encoding {
            content_type: Some("application/json"),
            json: true,
            ..Encoding::DEFAULT
        };
        assert_eq!(
            form(json!({"id": "f81d4fae"}), &[("id", json)]),
            "id=%22f81d4fae%22"
        );
    }
}
