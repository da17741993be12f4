//! What a maintainer changes about the generated crate without touching the vendored spec or the
//! generator: OpenAPI Overlays applied to the document before anything reads it, overrides of
//! names, derives and types applied to the model, and the reviewed list of spec examples that
//! cannot round-trip. Each must still match the spec it is applied to, so a version bump that
//! makes one stale fails the generation instead of dropping it silently.

pub(crate) mod example_mismatches;
pub(crate) mod overlay;
pub(crate) mod overrides;
