//! Cargo features of a crate generated with a feature per tag: which feature each tag is, and
//! which features each operation and type compiles under.

/// The Cargo features an item compiles under: any one of them enables it. Empty for an item that
/// is always compiled (the crate has no tag features, or something every build needs uses it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// The features, sorted and without repeats.
    features: Vec<String>,
}

impl Gate {
    /// The gate of `features` (in any order, repeats allowed).
    pub fn any_of(features: impl IntoIterator<Item = String>) -> Self {
        let mut features: Vec<String> = features.into_iter().collect();
        features.sort();
        features.dedup();
        Gate { features }
    }

    /// The gate of what several gated items share: open in a build that compiles any of them,
    /// so open always when one of them is (or when there is none).
    pub fn union<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Self {
        let mut features = Vec::new();
        for gate in gates {
            if gate.is_always() {
                return Gate::default();
            }
            features.extend(gate.features.iter().cloned());
        }
        Gate::any_of(features)
    }

    /// Whether the item is compiled in every build.
    pub fn is_always(&self) -> bool {
        self.features.is_empty()
    }

    /// The features, sorted.
    pub fn features(&self) -> &[String] {
        &self.features
    }
}

/// A Cargo feature that enables one tag's operations, and the types only they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFeature {
    /// The feature's name: the tag in kebab-case (`Custom Object Instances` →
    /// `custom-object-instances`).
    pub name: String,
    /// The tags it stands for, as the description spells them (two tags whose names differ only
    /// in case or punctuation share a feature).
    pub tags: Vec<String>,
    /// How many operations it enables (an operation with two tags counts for both).
    pub operations: usize,
}
