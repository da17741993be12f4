//! `application/x-www-form-urlencoded` bodies.
//!
//! The body's fields become `name=value` pairs. Forms have no standard for nesting, and OpenAPI's
//! default (one pair per property, nested values flattened) loses structure, so values are
//! written the way the form APIs that nest (Stripe's, Rails', PHP's) read them: nested objects
//! with their keys in brackets (`metadata[plan]=pro`), arrays of scalars with empty brackets
//! (`expand[]=customer`), arrays of objects with their index (`items[0][price]=p_1`). A property
//! whose `encoding` in the spec says otherwise is written that way: `style: form` repeats the
//! name for each item (`tag=a&tag=b`), `spaceDelimited` and `pipeDelimited` join the items,
//! and a `contentType` of JSON sends the value as JSON text. `null` and absent values are left
//! out. Keys are written in name order (whatever order `serde_json` keeps them in), so the same
//! body is always the same text.

use serde_json::{Map, Value};

use crate::request::Request;

/// How one property of a form body is written (from its `encoding` in the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "each crate uses the styles its spec asks for")]
pub(crate) enum Style {
    /// `a[b]=1`, `list[]=x`: the default.
    Brackets,
    /// `list=x&list=y`.
    Repeated,
    /// `list=x y`.
    Space,
    /// `list=x|y`.
    Pipe,
    /// The value as JSON text.
    Json,
}

impl<T, O> Request<'_, T, O> {
    /// Sets a form body: the fields of `body`, each written as `styles` says (brackets by
    /// default).
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(
        mut self,
        body: &B,
        styles: &[(&str, Style)],
    ) -> Self {
        match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => {
                let encoded = encode(&fields, styles);
                self.with_body(encoded.into_bytes(), "application/x-www-form-urlencoded")
            }
            Ok(other) => {
                self.invalidate(format!("a form body must be an object, not {other}"));
                self
            }
            Err(error) => {
                self.invalidate(format!("cannot serialise the body: {error}"));
                self
            }
        }
    }
}

/// The fields as form text.
fn encode(fields: &Map<String, Value>, styles: &[(&str, Style)]) -> String {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for (name, value) in sorted(fields) {
        let style = styles
            .iter()
            .find(|(property, _)| property == name)
            .map_or(Style::Brackets, |(_, style)| *style);
        let items = || match value {
            Value::Array(items) => items.iter().filter_map(scalar).collect(),
            single => scalar(single).into_iter().collect::<Vec<String>>(),
        };
        match style {
            Style::Brackets => brackets(&mut pairs, name, value),
            Style::Repeated => {
                for item in items() {
                    pairs.append_pair(name, &item);
                }
            }
            Style::Space | Style::Pipe if !value.is_null() => {
                let separator = if style == Style::Space { " " } else { "|" };
                pairs.append_pair(name, &items().join(separator));
            }
            Style::Json if !value.is_null() => {
                pairs.append_pair(name, &value.to_string());
            }
            Style::Space | Style::Pipe | Style::Json => {}
        }
    }
    pairs.finish()
}

/// Appends `value` under `name`, nesting objects and arrays in brackets.
fn brackets(pairs: &mut form_urlencoded::Serializer<'_, String>, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, value) in sorted(fields) {
                brackets(pairs, &format!("{name}[{key}]"), value);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                match scalar(item) {
                    Some(text) => {
                        pairs.append_pair(&format!("{name}[]"), &text);
                    }
                    None => brackets(pairs, &format!("{name}[{index}]"), item),
                }
            }
        }
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                pairs.append_pair(name, &text);
            }
        }
    }
}

/// The entries of `fields` in name order.
fn sorted(fields: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = fields.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A string, number or boolean as form text; `None` for null, objects and arrays.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Object(_) | Value::Array(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{encode, Style};

    fn form(value: serde_json::Value, styles: &[(&str, Style)]) -> String {
        let serde_json::Value::Object(fields) = value else {
            panic!("an object");
        };
        encode(&fields, styles)
    }

    #[test]
    fn nested_values_go_in_brackets() {
        let body = json!({
            "amount": 2000,
            "confirm": true,
            "metadata": {"plan": "pro", "seats": 3},
            "expand": ["customer", "invoice"],
            "items": [{"price": "p_1", "quantity": 2}],
            "description": "Tea & cake",
            "skipped": null
        });
        assert_eq!(
            form(body, &[]),
            "amount=2000&confirm=true&description=Tea+%26+cake&expand%5B%5D=customer&expand%5B%5D=invoice&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&metadata%5Bplan%5D=pro&metadata%5Bseats%5D=3"
        );
    }

    #[test]
    fn the_encoding_of_a_property_changes_its_style() {
        let body =
            json!({"tag": ["a", "b"], "ids": [1, 2], "flags": ["x", "y"], "filter": {"a": 1}});
        let styles = [
            ("tag", Style::Repeated),
            ("ids", Style::Space),
            ("flags", Style::Pipe),
            ("filter", Style::Json),
        ];
        assert_eq!(
            form(body, &styles),
            "filter=%7B%22a%22%3A1%7D&flags=x%7Cy&ids=1+2&tag=a&tag=b"
        );
    }
}
