//! Media types → how a body is written or read. The client speaks JSON first; a form, a
//! multipart body, text and bytes are each generated rather than dropped, so every operation a
//! spec declares has a method.

use openapiv3::{MediaType, Schema};

use crate::ir::{FieldEncoding, Read, Serialization, Style};
use crate::spec::{media_type_essence, Sequence, SEQUENTIAL_EXTENSION};

/// What the client does with a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaKind {
    /// `application/json`, `*+json`: typed, (de)serialised by serde.
    Json,
    /// `application/x-www-form-urlencoded`: typed, written as form pairs.
    Form,
    /// `multipart/form-data`: typed, written as parts.
    Multipart,
    /// A response's Server-Sent Events with a schema for each event: read as they arrive.
    Events,
    /// A response's JSON Lines with a schema for each line: read as they arrive.
    Lines,
    /// A response's JSON text sequence with a schema for each value: read as they arrive.
    Records,
    /// `text/*`, XML and the like: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, PDFs): bytes.
    Binary,
}

impl MediaKind {
    /// The kind of `media_type` (parameters such as `; charset=utf-8` ignored).
    pub(super) fn of(media_type: &str) -> MediaKind {
        let essence = media_type_essence(media_type).to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => MediaKind::Json,
            json if json.ends_with("+json") || json == "*/*" => MediaKind::Json,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            multipart if multipart.starts_with("multipart/") => MediaKind::Multipart,
            text if text.starts_with("text/")
                || text.ends_with("/xml")
                || text.ends_with("+xml")
                || text == "application/javascript"
                || text == "application/x-ndjson"
                || text == "application/jsonl"
                || text == "application/x-jsonlines" =>
            {
                MediaKind::Text
            }
            _ => MediaKind::Binary,
        }
    }

    /// The kind of `media`, of type `media_type`: a sequence whose items have a schema (a
    /// response's `itemSchema`, [`SEQUENTIAL_EXTENSION`]) is read item by item.
    pub(super) fn of_media(media_type: &str, media: &MediaType) -> MediaKind {
        let sequence = Sequence::of(media_type)
            .filter(|_| media.extensions.contains_key(SEQUENTIAL_EXTENSION));
        match sequence {
            Some(Sequence::Events) => MediaKind::Events,
            Some(Sequence::Lines) => MediaKind::Lines,
            Some(Sequence::Records) => MediaKind::Records,
            None => MediaKind::of(media_type),
        }
    }

    /// How a response body of this kind is read whole, as a value of no schema's type: a
    /// sequence with no item schema is text.
    pub(super) fn read(self) -> Read {
        match self {
            MediaKind::Json => Read::Json,
            MediaKind::Form
            | MediaKind::Text
            | MediaKind::Events
            | MediaKind::Lines
            | MediaKind::Records => Read::Text,
            MediaKind::Multipart | MediaKind::Binary => Read::Bytes,
        }
    }
}

/// The media type of `content` the client uses: JSON first, then a form, multipart, text, and
/// bytes last; the spec's order among equals.
pub(super) fn preferred<'m, 'a>(
    content: impl IntoIterator<Item = (&'a String, &'m MediaType)>,
) -> Option<(&'a String, &'m MediaType, MediaKind)> {
    content
        .into_iter()
        .map(|(media_type, media)| (media_type, media, MediaKind::of_media(media_type, media)))
        .min_by_key(|(_, _, kind)| *kind)
}

/// Whether `schema` describes an object with nothing in it: the optional form body some vendors
/// declare on every operation, GETs included, which must not change the method.
pub(super) fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
            object.properties.is_empty() && object.additional_properties.is_none()
        }
        openapiv3::SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object"))
        }
        _ => false,
    }
}

/// The `encoding` entry of each property of a form or multipart body, in spec order. Headers
/// of a part are kept when the spec fixes their value (a `default`, or an enum of one value);
/// any other is reported in `unsent`, by property and header name.
pub(super) fn field_encodings(
    media: &MediaType,
    unsent: &mut Vec<(String, String)>,
) -> Vec<(String, FieldEncoding)> {
    media
        .encoding
        .iter()
        .map(|(property, encoding)| {
            // Normalisation wrote out all three fields if the spec gave any of them.
            let tabs = encoding
                .extensions
                .contains_key(crate::spec::TAB_DELIMITED_EXTENSION);
            let serialization = encoding.style.as_ref().map(|style| Serialization {
                style: match style {
                    _ if tabs => Style::TabDelimited,
                    openapiv3::QueryStyle::Form => Style::Form,
                    openapiv3::QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => Style::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => Style::DeepObject,
                },
                explode: encoding.explode,
                allow_reserved: encoding.allow_reserved,
            });
            let mut headers = Vec::new();
            for (name, header) in &encoding.headers {
                if name.eq_ignore_ascii_case("content-type") {
                    continue;
                }
                let fixed = header.as_item().and_then(fixed_header_value);
                match fixed.filter(|value| is_header(name, value)) {
                    Some(value) => headers.push((name.to_ascii_lowercase(), value)),
                    None => unsent.push((property.clone(), name.clone())),
                }
            }
            let json = encoding
                .content_type
                .as_deref()
                .is_some_and(|content_type| MediaKind::of(content_type) == MediaKind::Json);
            let field = FieldEncoding {
                content_type: encoding.content_type.clone(),
                json,
                serialization,
                headers,
            };
            (property.clone(), field)
        })
        .collect()
}

/// Whether `name: value` can be sent as a header: a token, and visible ASCII text.
fn is_header(name: &str, value: &str) -> bool {
    let token = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    !name.is_empty()
        && name.bytes().all(token)
        && value
            .bytes()
            .all(|byte| byte == b' ' || byte == b'\t' || byte.is_ascii_graphic())
}

/// The value of a header the spec fixes: its schema's `default`, or the one value of its enum.
fn fixed_header_value(header: &openapiv3::Header) -> Option<String> {
    let openapiv3::ParameterSchemaOrContent::Schema(schema) = &header.format else {
        return None;
    };
    let schema = schema.as_item()?;
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
            match string.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::MediaKind;

    #[test]
    fn media_types_are_classified_by_their_essence() {
        let kinds: Vec<MediaKind> = [
            "application/json; charset=utf-8",
            "application/vnd.api+json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/csv",
            "application/xml",
            "application/atom+xml",
            "application/octet-stream",
            "image/png",
            "application/pdf",
        ]
        .into_iter()
        .map(MediaKind::of)
        .collect();
        assert_eq!(
            kinds,
            [
                MediaKind::Json,
                MediaKind::Json,
                MediaKind::Form,
                MediaKind::Multipart,
                MediaKind::Text,
                MediaKind::Text,
                MediaKind::Text,
                MediaKind::Binary,
                MediaKind::Binary,
                MediaKind::Binary
            ]
        );
    }
}
