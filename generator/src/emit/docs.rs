//! Doc text → `#[doc = "..."]` attributes, one per line, which prettyplease prints as `///`.
//! Text goes in string literals only, so no spec text can close a comment or open an item.
//!
//! Docs are most of the text of a whole-API crate, and a string literal is costly on its way
//! to formatted text: escaped into the token, unescaped twice as `syn` parses it (once to peek,
//! once to parse), and once more as prettyplease prints it. So while render formats a part, the
//! part's doc lines are [deferred](deferring): each attribute holds only a short placeholder,
//! and [`restore`] writes the lines into the formatted text. prettyplease prints a one-line doc
//! as `///` followed by its text on a line of its own, whatever the text's length, so the
//! result is byte for byte what formatting the lines themselves gives.

use std::cell::RefCell;

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// What starts a placeholder's text: a control character, which no template's doc has. Spec
/// text that has it is deferred like any other, so it never reaches the formatted text as is.
const PLACEHOLDER: char = '\u{1}';

thread_local! {
    /// The doc lines deferred on this thread, while render formats a part here.
    static DEFERRED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// `#[doc = " line"]` for every line of `text`.
pub(super) fn doc_attrs(text: &str) -> TokenStream {
    let attributes = doc_attributes(text);
    quote!(#(#attributes)*)
}

/// [`doc_attrs`] as syntax trees.
pub(super) fn doc_attributes(text: &str) -> Vec<syn::Attribute> {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                doc_attribute("")
            } else {
                doc_attribute(&format!(" {line}"))
            }
        })
        .collect()
}

/// `#[doc = #line]`, or its placeholder while docs are deferred (see [`doc_text`]).
pub(super) fn doc_attribute(line: &str) -> syn::Attribute {
    let text = syn::LitStr::new(&doc_text(line), Span::call_site());
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(text),
            }),
        }),
    }
}

/// What a doc attribute holds for `line`: the line, or its placeholder while docs are deferred.
/// Only a line prettyplease prints as `///` text is deferred: one without a line break that
/// does not start with `/`.
pub(super) fn doc_text(line: &str) -> String {
    DEFERRED
        .with_borrow_mut(|deferred| {
            let deferred = deferred.as_mut()?;
            if line.contains('\n') || line.starts_with('/') {
                return None;
            }
            deferred.push(line.to_owned());
            Some(format!("{PLACEHOLDER}{}", deferred.len() - 1))
        })
        .unwrap_or_else(|| line.to_owned())
}

/// Runs `format` with the doc lines emitted on this thread deferred; `format` formats what it
/// emits with [`crate::format::rust_source`], which restores them. Render formats each part this
/// way, the part's tokens made and formatted on one thread.
pub(crate) fn deferring<T>(format: impl FnOnce() -> T) -> T {
    let outer = DEFERRED.replace(Some(Vec::new()));
    let formatted = format();
    DEFERRED.set(outer);
    formatted
}

/// `formatted` with the placeholders of the lines deferred on this thread replaced by the lines,
/// as prettyplease prints them (trailing spaces trimmed).
pub(crate) fn restore(formatted: String) -> String {
    DEFERRED.with_borrow(|deferred| {
        let Some(deferred) = deferred
            .as_ref()
            .filter(|_| formatted.contains(PLACEHOLDER))
        else {
            return formatted;
        };
        let mut restored = String::with_capacity(formatted.len() * 2);
        let mut rest = formatted.as_str();
        while let Some(at) = rest.find(PLACEHOLDER) {
            let (before, after) = (&rest[..at], &rest[at + PLACEHOLDER.len_utf8()..]);
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            // Every placeholder in the text was made on this thread in this part.
            let line = before
                .ends_with("///")
                .then(|| after[..digits].parse::<usize>().ok())
                .flatten()
                .and_then(|index| deferred.get(index));
            restored.push_str(before);
            match line {
                Some(line) => {
                    restored.push_str(line.trim_end_matches(' '));
                    rest = &after[digits..];
                }
                None => {
                    restored.push(PLACEHOLDER);
                    rest = after;
                }
            }
        }
        restored.push_str(rest);
        restored
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(tokens: TokenStream) -> String {
        crate::format::rust_source(&syn::parse2(tokens).expect("parses"))
    }

    /// Deferred or not, the same lines come out, including those prettyplease prints otherwise
    /// (a line break, a leading `/`) and trailing spaces it trims.
    #[test]
    fn deferred_docs_format_like_docs_written_out() {
        let emit = || {
            let docs = doc_attrs("Says what.\n\n  Indented, trailing spaces   \n[`Link`] \u{1}0");
            let odd = [
                doc_attribute(" two\nlines"),
                doc_attribute("/slash"),
                doc_attribute(" `wire`"),
            ];
            quote! {
                #docs
                pub struct Thing {
                    #(#odd)*
                    pub field: i64,
                }
            }
        };
        let written_out = formatted(emit());
        assert!(
            written_out.contains("/// [`Link`] \u{1}0\n"),
            "{written_out}"
        );
        assert!(written_out.contains("    /// `wire`\n"), "{written_out}");
        assert_eq!(deferring(|| formatted(emit())), written_out);
    }

    #[test]
    fn lines_are_only_deferred_while_a_part_is_formatted() {
        let line = || {
            let attribute = doc_attribute(" text");
            quote!(#attribute).to_string()
        };
        let outside = line();
        assert!(outside.contains("\" text\""), "{outside}");
        let inside = deferring(line);
        assert!(inside.contains("\\u{1}0"), "{inside}");
    }
}
