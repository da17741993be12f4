//! Identical inline schemas are one type: the generator's `types::merge` stage, and a response
//! that operations share from `components/responses` (`lower::operation::responses`), seen
//! through the crate generated from `tests/fixtures/identical_inline_schemas.yaml`.

use std::path::Path;

use codegen_tests::{fixture_config, generate};

fn types_rs() -> String {
    let config = fixture_config(Path::new("tests/fixtures/identical_inline_schemas.yaml"));
    let generation = generate(&config);
    let types = generation.files.iter().find(|f| f.path == "src/types.rs");
    types.expect("src/types.rs").contents.clone()
}

/// The item `pub <kind> <name>` with the docs and attributes above it.
fn item<'t>(types: &'t str, declaration: &str) -> &'t str {
    let start = types
        .find(&format!("\n{declaration} "))
        .unwrap_or_else(|| panic!("no `{declaration}` in:\n{types}"));
    let docs_start = types[..start].rfind("\n\n").map_or(0, |blank| blank + 2);
    let end = types[start..]
        .find("\n}\n")
        .map_or(types.len(), |e| start + e);
    &types[docs_start..end]
}

#[test]
fn an_inline_shape_met_twice_is_one_type_named_where_it_is_met_first() {
    let types = types_rs();
    // `type: {enum: [list]}` on both lists, with the same docs: one enum, its docs kept.
    assert!(item(&types, "pub enum ArticleListType").contains("/// Always `list`."));
    assert!(!types.contains("NoteListType"), "{types}");
    assert!(types.contains("pub r#type: ::std::option::Option<ArticleListType>,"));
}

#[test]
fn shapes_merge_again_once_the_types_inside_them_have_merged() {
    let types = types_rs();
    // The `pages` objects hold `kind` enums of their own; once those are one type, so are they.
    assert!(!types.contains("NoteListPagesKind"), "{types}");
    assert!(!types.contains("NoteListPages"), "{types}");
    let pages = item(&types, "pub struct ArticleListPages");
    assert!(
        pages.contains("pub kind: ::std::option::Option<ArticleListPagesKind>,"),
        "{pages}"
    );
    assert_eq!(
        types
            .matches("pub pages: ::std::option::Option<ArticleListPages>,")
            .count(),
        2,
        "{types}"
    );
}

#[test]
fn a_shared_type_whose_sites_describe_it_differently_links_its_users() {
    let types = types_rs();
    // Held by the merged `pages` alone, the `kind` enum keeps the docs of its first site.
    let kind = item(&types, "pub enum ArticleListPagesKind");
    assert!(
        kind.starts_with("/// The value of `ArticleList.pages.kind`."),
        "{kind}"
    );
    let pages = item(&types, "pub struct ArticleListPages");
    assert!(
        pages.starts_with("/// A shape the description repeats, used by [`ArticleList`] and [`NoteList`]. What a value means is documented where it is held.\n"),
        "{pages}"
    );
    // Each field keeps its own description.
    assert!(types.contains("/// Where the next page of articles starts."));
    assert!(types.contains("/// Where the next page of notes starts."));
    let state = item(&types, "pub enum ArticleState");
    assert!(
        state.starts_with(
            "/// A shape the description repeats, used by [`Article`], [`Note`] and [`Draft`]."
        ),
        "{state}"
    );
}

#[test]
fn an_inline_shape_a_component_has_is_that_component() {
    let types = types_rs();
    assert!(!types.contains("NoteSource"), "{types}");
    assert!(
        types.contains("pub source: ::std::option::Option<Link>,"),
        "{types}"
    );
    // The component's docs stay its own.
    assert!(item(&types, "pub struct Link").starts_with("/// A link to another resource.\n"));
}

#[test]
fn components_keep_their_types_and_body_schemas_their_names() {
    let types = types_rs();
    // `Draft` is shaped like `Article`, but both are components: named by the description.
    for declaration in ["pub struct Article", "pub struct Draft"] {
        assert!(
            types.contains(&format!("\n{declaration} {{")),
            "{declaration}"
        );
    }
    // Its inline `state`, whose site is not a component's own, merges with `Article`'s.
    assert!(!types.contains("DraftState"), "{types}");
    // `createNote`'s request and response bodies are alike, and named after their operation:
    // the response's is a name for the request's, met first.
    assert!(
        types.contains("\npub struct CreateNoteRequest {"),
        "{types}"
    );
    assert!(
        types.contains("\npub type CreateNoteResponse = CreateNoteRequest;"),
        "{types}"
    );
}

#[test]
fn a_response_defined_once_has_one_body_type_named_after_it() {
    let types = types_rs();
    // `#/components/responses/401`, used by three operations: named by its status.
    assert_eq!(
        types.matches("\npub struct UnauthorizedError ").count(),
        1,
        "{types}"
    );
    assert!(!types.contains("ListArticlesUnauthorizedError"), "{types}");
    assert!(!types.contains("CreateNoteUnauthorizedError"), "{types}");
    // `RateLimited` (an error) and `Status` (an answer of two operations): named as defined.
    assert!(item(&types, "pub struct RateLimited").contains("pub retry_after:"));
    assert!(item(&types, "pub struct Status").contains("pub up:"));
    assert!(!types.contains("GetStatusResponse"), "{types}");
    assert!(!types.contains("GetDeepStatusResponse"), "{types}");
}
