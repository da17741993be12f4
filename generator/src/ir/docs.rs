//! Documentation as the model keeps it: Markdown text with links to generated types held as
//! [`TypeId`]s, not names. Overrides rename types after lowering wrote the docs, so a link is
//! only spelled out in `emit`, from the final name; a renamed type never leaves a stale
//! ``[`OldName`]`` behind.

use super::{Api, TypeId};

/// Rustdoc text of one item, never empty once lowering is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs(Vec<DocPart>);

/// One piece of [`Docs`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocPart {
    /// Markdown, already cleaned of anything rustdoc would compile.
    Text(String),
    /// An intra-doc link to a generated type: ``[`Name`]``.
    Type(TypeId),
}

impl Docs {
    /// Docs of plain text.
    pub fn text(text: impl Into<String>) -> Docs {
        Docs(vec![DocPart::Text(text.into())])
    }

    /// Appends text.
    pub fn push_text(&mut self, text: impl Into<String>) -> &mut Self {
        self.0.push(DocPart::Text(text.into()));
        self
    }

    /// Appends a link to the type `id`.
    pub fn push_type(&mut self, id: TypeId) -> &mut Self {
        self.0.push(DocPart::Type(id));
        self
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|part| match part {
            DocPart::Text(text) => text.is_empty(),
            DocPart::Type(_) => false,
        })
    }

    /// Rewrites the [`TypeId`] of every type link.
    pub fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        for part in &mut self.0 {
            if let DocPart::Type(id) = part {
                *id = map(*id);
            }
        }
    }

    /// The Markdown, with each type link spelled with the type's final name.
    pub fn render(&self, api: &Api) -> String {
        self.0
            .iter()
            .map(|part| match part {
                DocPart::Text(text) => text.clone(),
                DocPart::Type(id) => format!("[`{}`]", api.type_def(*id).name),
            })
            .collect()
    }
}
