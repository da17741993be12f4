//! Media types → how a body is written or read. The client speaks JSON first; a form, a
//! multipart body, text and bytes are each generated rather than dropped, so every operation a
//! spec declares has a method.

use openapiv3::{MediaType, Schema};

use crate::ir::{FormStyle, Read};

/// What the client does with a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaKind {
    /// `application/json`, `*+json`: typed, (de)serialised by serde.
    Json,
    /// `application/x-www-form-urlencoded`: typed, written as form pairs.
    Form,
    /// `multipart/form-data`: typed, written as parts.
    Multipart,
    /// `text/*`, XML and the like: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, PDFs): bytes.
    Binary,
}

impl MediaKind {
    /// The kind of `media_type` (parameters such as `; charset=utf-8` ignored).
    pub(super) fn of(media_type: &str) -> MediaKind {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => MediaKind::Json,
            json if json.ends_with("+json") || json == "*/*" => MediaKind::Json,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            multipart if multipart.starts_with("multipart/") => MediaKind::Multipart,
            text if text.starts_with("text/")
                || text.ends_with("/xml")
                || text.ends_with("+xml")
                || text == "application/javascript"
                || text == "application/x-ndjson" =>
            {
                MediaKind::Text
            }
            _ => MediaKind::Binary,
        }
    }

    /// How a response body of this kind is read.
    pub(super) fn read(self) -> Read {
        match self {
            MediaKind::Json => Read::Json,
            MediaKind::Form | MediaKind::Text => Read::Text,
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
        .map(|(media_type, media)| (media_type, media, MediaKind::of(media_type)))
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

/// The style of each property of a form body that its `encoding` entry changes from the
/// bracket default, in spec order.
pub(super) fn form_styles(media: &MediaType) -> Vec<(String, FormStyle)> {
    media
        .encoding
        .iter()
        .filter_map(|(property, encoding)| {
            let json = encoding
                .content_type
                .as_deref()
                .is_some_and(|content_type| MediaKind::of(content_type) == MediaKind::Json);
            let style = if json {
                FormStyle::Json
            } else {
                // `style: form` explodes by default; openapiv3 reads an absent `explode` as
                // `false`, so an explicit `explode: false` cannot be told apart and repeats too.
                match &encoding.style {
                    Some(openapiv3::QueryStyle::Form) => FormStyle::Repeated,
                    Some(openapiv3::QueryStyle::SpaceDelimited) => FormStyle::Space,
                    Some(openapiv3::QueryStyle::PipeDelimited) => FormStyle::Pipe,
                    Some(openapiv3::QueryStyle::DeepObject) | None => return None,
                }
            };
            Some((property.clone(), style))
        })
        .collect()
}

/// The content type the spec's `encoding` gives each part of a multipart body, in spec order.
pub(super) fn part_content_types(media: &MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(property, encoding)| {
            let content_type = encoding.content_type.as_deref()?;
            Some((property.clone(), content_type.to_owned()))
        })
        .collect()
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
