//! Which operations page, and how: a declaration is checked against the operation (a parameter
//! or a pointer that names nothing fails the generation, listing what exists), and Intercom's
//! lists page as its own SDK configuration declares them. What the streams send is tested in
//! the pagination fixture's crate (`tests/fixtures/crate-tests/pagination.rs`).

use std::path::Path;

use codegen_tests::{fixture_config, generate, project_root, whole_spec_config};
use generator::config::PagingConfig;

/// `method: scheme` of each paginated operation in `client.rs`: the method its impl's docs
/// name, and its `const PAGING` with whitespace collapsed.
fn schemes(client_rs: &str) -> Vec<String> {
    client_rs
        .split("/// The pages and items of the list [`Client::")
        .skip(1)
        .map(|block| {
            let method = block.split('`').next().unwrap_or_default();
            let scheme = block
                .split_once("const PAGING: pagination::Scheme = ")
                .and_then(|(_, rest)| rest.split_once("};"))
                .map(|(scheme, _)| scheme.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            format!("{method}: {scheme} }}")
        })
        .collect()
}

fn client_rs(generation: &generator::Generation) -> &str {
    &generation
        .files
        .iter()
        .find(|file| file.path == "src/client.rs")
        .expect("a client.rs")
        .contents
}

#[test]
fn intercom_2_16_lists_page_as_its_sdk_declares() {
    let generation = generate(&whole_spec_config("openapi/intercom-2.16.yaml"));
    let found = schemes(client_rs(&generation));
    let query_cursor = "pagination::Scheme::QueryCursor { parameter: \"starting_after\", next: \"/pages/next/starting_after\", }";
    let body_cursor = "pagination::Scheme::BodyCursor { field: \"/pagination/starting_after\", next: \"/pages/next/starting_after\", }";
    let page = "pagination::Scheme::PageNumber { parameter: \"page\", total_pages: Some(\"/pages/total_pages\"), }";
    for expected in [
        format!("list_contacts: {query_cursor}"),
        format!("list_conversations: {query_cursor}"),
        format!("search_contacts: {body_cursor}"),
        format!("search_conversations: {body_cursor}"),
        format!("search_tickets: {body_cursor}"),
        format!("list_articles: {page}"),
        format!("list_all_collections: {page}"),
        format!("list_all_companies: {page}"),
        "scroll_over_all_companies: pagination::Scheme::Scroll { parameter: \"scroll_param\", next: \"/scroll_param\", }".to_owned(),
    ] {
        assert!(found.contains(&expected), "{expected}\nnot among:\n{}", found.join("\n"));
    }
    // The rest are inferred, each with a note that names it.
    let inferred: Vec<&str> = generation
        .warnings
        .iter()
        .filter(|warning| warning.message.contains("(inferred;"))
        .map(|warning| warning.pointer.as_str())
        .collect();
    assert_eq!(found.len(), 9 + inferred.len(), "{found:#?}\n{inferred:#?}");
    assert!(inferred.contains(&"#/paths/~1macros/get"), "{inferred:?}");
}

#[test]
fn a_declaration_that_names_nothing_fails_listing_what_exists() {
    let fixture = Path::new("tests/fixtures/pagination.yaml");
    let mut config = fixture_config(fixture);
    config.pagination.insert(
        "listContacts".into(),
        PagingConfig::Cursor {
            parameter: "after".into(),
            next: "/pages/nxt/starting_after".into(),
            items: "/data".into(),
        },
    );
    config.pagination.insert(
        "listArticles".into(),
        PagingConfig::Page {
            parameter: "page".into(),
            total_pages: None,
            items: "/pages".into(),
        },
    );
    let error = generator::generate(&project_root(), &config).expect_err("does not fit");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/pagination.codegen.toml: [pagination]: `listContacts` (GET /contacts): it has no query parameter `after`; it has: per_page, starting_after; `listArticles` (GET /articles): the response's `/pages` is not an array"
    );
}
