//! Formatting Rust: prettyplease, then the blank lines a person would put between items, which
//! prettyplease leaves out. Render formats every generated file through here, and emit formats
//! the Rust snippets of doc examples the same way, so the two never disagree on layout.

/// A syntax tree as formatted source: prettyplease, the doc lines deferred while it was made
/// written in, then the blank lines prettyplease leaves out.
pub(crate) fn rust_source(file: &syn::File) -> String {
    space_out_items(&crate::emit::restore_docs(prettyplease::unparse(file)))
}

/// Tokens of a Rust file as formatted text, for a doc example; a comment saying why when they
/// do not parse.
pub(crate) fn rust_text(tokens: proc_macro2::TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => rust_source(&file),
        Err(error) => format!("// the example could not be rendered: {error}\n"),
    }
}

/// prettyplease puts no blank lines between items; this adds one between top-level items (a
/// run of `use`s or of `mod`s stays together), after the crate attributes and module docs, and
/// between the members of an `impl`, the way a person would. Function bodies are untouched.
pub(crate) fn space_out_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if previous.is_some_and(|previous| needs_blank_line(previous, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// `head`, then texts spaced out one by one, joined as if the whole had been spaced out at once:
/// the rule looks at two neighbouring lines only, so only the lines where two texts meet are
/// left to decide. Lets the parts of a large file be spaced out on several threads. The text is
/// written once, into a buffer of its final size (a whole-API `types.rs` is megabytes).
pub(crate) fn join_spaced(head: String, texts: &[String]) -> String {
    let mut joined = head;
    joined.reserve(texts.iter().map(|text| text.len() + 1).sum());
    for (index, text) in texts.iter().enumerate() {
        let previous = texts[..index]
            .iter()
            .rev()
            .find_map(|text| text.lines().next_back());
        let meeting = previous.zip(text.lines().next());
        if meeting.is_some_and(|(previous, line)| needs_blank_line(previous, line)) {
            joined.push('\n');
        }
        joined.push_str(text);
    }
    joined
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let is_inner = |l: &str| l.starts_with("#![") || l.starts_with("//!");
    // Not inside an inner attribute that spans lines (`#![allow(`).
    let inner_ends = previous.starts_with("//!") || previous.ends_with(']');
    let after_inner = is_inner(previous) && inner_ends && !is_inner(line) && !line.is_empty();
    let after_uses = previous.starts_with("use ") && !line.starts_with("use ") && !line.is_empty();
    let starts_member = [
        "    ///",
        "    #[",
        "    pub ",
        "    fn ",
        "    const ",
        "    type ",
        "    async ",
    ]
    .iter()
    .any(|start| line.starts_with(start));
    let between_members = previous == "    }" && starts_member;
    let ends_item = previous == "}"
        || (!previous.starts_with(' ') && (previous.ends_with(';') || previous.ends_with(" {}")));
    let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
    let between_items = ends_item && starts_item && !same_group(previous, line);
    after_inner || after_uses || between_members || between_items
}

/// A `use` after a `use`, or a `mod` (possibly `#[rustfmt::skip]`) after a `mod`.
fn same_group(previous: &str, line: &str) -> bool {
    let kind = |l: &str| {
        let l = l
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ");
        if l.starts_with("use ") {
            "use"
        } else if l.starts_with("mod ") || l.starts_with("#[rustfmt::skip]") {
            "mod"
        } else {
            "item"
        }
    };
    kind(previous) != "item" && kind(previous) == kind(line)
}

#[cfg(test)]
mod tests {
    use super::{join_spaced, space_out_items};

    #[test]
    fn puts_blank_lines_between_items_and_impl_members_only() {
        let text = "#![forbid(unsafe_code)]\nmod a;\n#[rustfmt::skip]\nmod z;\nuse b;\nuse c;\nstruct S;\n/// T.\nstruct T {\n    x: u8,\n}\nimpl A {\n    fn f() {\n        if x {\n        }\n        y();\n    }\n    /// G.\n    fn g() {}\n}\npub enum E {}\npub enum F {}\n";
        assert_eq!(
            space_out_items(text),
            "#![forbid(unsafe_code)]\n\nmod a;\n#[rustfmt::skip]\nmod z;\n\nuse b;\nuse c;\n\nstruct S;\n\n/// T.\nstruct T {\n    x: u8,\n}\n\nimpl A {\n    fn f() {\n        if x {\n        }\n        y();\n    }\n\n    /// G.\n    fn g() {}\n}\n\npub enum E {}\n\npub enum F {}\n"
        );
        let spanning = "#![allow(\n    dead_code,\n    reason = \"r\"\n)]\nmod a;\n";
        assert_eq!(space_out_items(spanning), spanning);
    }

    #[test]
    fn spacing_parts_and_joining_them_is_spacing_the_whole() {
        let whole = "use a;\nuse b;\nstruct S;\nimpl S {\n    fn f() {}\n}\nenum E {}\n";
        for split in 1..whole.lines().count() {
            let lines: Vec<&str> = whole.lines().collect();
            let (first, second) = lines.split_at(split);
            let parts =
                [first, second].map(|part| space_out_items(&format!("{}\n", part.join("\n"))));
            assert_eq!(
                join_spaced("// head\n\n".into(), &parts),
                format!("// head\n\n{}", space_out_items(whole)),
                "split before line {split}"
            );
        }
    }
}
