//! JSON pointers (RFC 6901) into the spec, the one way every diagnostic says *where*.
//!
//! A pointer is built by appending unescaped segments; `~` and `/` are escaped here and nowhere
//! else, so `/custom_channel_events/notify_new_message` becomes
//! `#/paths/~1custom_channel_events~1notify_new_message`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// A location in the spec document, printed as a URI fragment (`#/components/schemas/error`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer(String::from("#"))
    }

    /// Parses a local `$ref` such as `#/components/schemas/error`; `None` for anything else.
    pub fn from_ref(reference: &str) -> Option<Self> {
        (reference == "#" || reference.starts_with("#/")).then(|| Pointer(reference.to_owned()))
    }

    /// This pointer with one more segment, escaped as RFC 6901 requires.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        // Lowering and selection join pointers for every schema they visit, so this writes the
        // segment straight into the new pointer and escapes only the rare segment that needs it.
        let mut joined = String::with_capacity(self.0.len() + 32);
        joined.push_str(&self.0);
        joined.push('/');
        let start = joined.len();
        // Writing to a `String` cannot fail.
        let _ = write!(joined, "{segment}");
        if joined[start..].contains(['~', '/']) {
            let escaped = joined[start..].replace('~', "~0").replace('/', "~1");
            joined.truncate(start);
            joined.push_str(&escaped);
        }
        Pointer(joined)
    }

    /// The name of the component this pointer names, when it is `#/components/<kind>/<name>`.
    pub fn component(&self, kind: &str) -> Option<String> {
        let mut segments = self.segments();
        match (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) {
            (Some(components), Some(k), Some(name), None)
                if components == "components" && k == kind =>
            {
                Some(name.into_owned())
            }
            _ => None,
        }
    }

    /// The unescaped segments after `#`; only a segment with an escape is copied (selection and
    /// lowering read the segments of every pointer they follow).
    pub fn segments(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|segment| match segment.contains('~') {
                true => Cow::Owned(segment.replace("~1", "/").replace("~0", "~")),
                false => Cow::Borrowed(segment),
            })
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slash_and_tilde() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/custom_channel_events/notify_new_message")
            .join("a~b");
        assert_eq!(
            pointer.to_string(),
            "#/paths/~1custom_channel_events~1notify_new_message/a~0b"
        );
        assert_eq!(
            pointer.segments().collect::<Vec<_>>(),
            ["paths", "/custom_channel_events/notify_new_message", "a~b"]
        );
    }

    #[test]
    fn names_components_only_when_it_points_at_one() {
        let schema = Pointer::from_ref("#/components/schemas/a~1b").expect("a pointer");
        assert_eq!(schema.component("schemas").as_deref(), Some("a/b"));
        assert_eq!(schema.component("responses"), None);
        assert_eq!(schema.join("properties").component("schemas"), None);
    }

    #[test]
    fn only_local_refs_are_pointers() {
        assert!(Pointer::from_ref("#/components/schemas/error").is_some());
        assert!(Pointer::from_ref("other.yaml#/components/schemas/error").is_none());
        assert!(Pointer::from_ref("components/schemas/error").is_none());
    }
}
