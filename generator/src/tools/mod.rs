//! Side tools that hang off the pipeline rather than being stages of it: `api-diff`, which
//! compares two versions of a spec, `release`, which says what a regeneration from another
//! spec does to a committed crate's version (with api-diff's verdict), and `prune`, which
//! writes a selection as a standalone spec.
//! Both select through [`crate::select`], so they see exactly what `codegen` would generate.

pub mod diff;
pub mod probe;
pub mod prune;
pub mod release;
