//! Normalisation at the boundary: the document's JSON, rewritten once into the shape the typed
//! model (`openapiv3`, OpenAPI 3.0) reads, so that nothing after loading asks which version or
//! which habits a description was written with. Each difference is a named rule in a file of
//! its own, tested on its own; a rule that approximates warns with the pointer of what it
//! changed.
//!
//! Rules write what 3.0 cannot say as `x-codegen-*` extensions, which the typed model keeps
//! beside the node they annotate.

mod serialization;

use serde_json::Value;

pub use serialization::COOKIE_STYLE_EXTENSION;

/// Rewrites `document` in place.
pub(crate) fn normalize(document: &mut Value) {
    serialization::make_explicit(document);
}

/// Every object of `document` found by following `path` (`*` matches every key of an object
/// or every item of an array), with its JSON pointer.
pub(super) fn each_at<'d>(
    document: &'d mut Value,
    path: &[&str],
    pointer: crate::spec::Pointer,
    visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>, &crate::spec::Pointer),
) {
    let Some((first, rest)) = path.split_first() else {
        if let Value::Object(object) = document {
            visit(object, &pointer);
        }
        return;
    };
    match (document, *first) {
        (Value::Object(object), "*") => {
            for (key, value) in object.iter_mut() {
                each_at(value, rest, pointer.join(key), visit);
            }
        }
        (Value::Array(items), "*") => {
            for (index, value) in items.iter_mut().enumerate() {
                each_at(value, rest, pointer.join(index), visit);
            }
        }
        (Value::Object(object), key) => {
            if let Some(value) = object.get_mut(key) {
                each_at(value, rest, pointer.join(key), visit);
            }
        }
        _ => {}
    }
}
