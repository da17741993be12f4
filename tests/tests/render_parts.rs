//! Render formats large Rust files part by part on several threads (`FileBody::Rust`). That is
//! only sound if the parts, formatted one at a time and joined, read exactly like the whole file
//! formatted at once: this checks it on the whole 2.14 spec, whose `types.rs` has dozens of
//! parts.

use std::collections::BTreeMap;

use codegen_tests::{project_root, whole_spec_config};
use generator::emit::{self, FileBody};
use generator::{load, lower, render, select};
use proc_macro2::TokenStream;

#[test]
fn files_rendered_in_parts_read_like_files_formatted_whole() {
    let config = whole_spec_config("openapi/intercom-2.14.yaml");
    let spec = load::load(&project_root().join(&config.spec), &config.spec)
        .unwrap_or_else(|error| panic!("{error}"));
    let selection = select::select(&spec.api, &config.selection, &spec.path)
        .unwrap_or_else(|error| panic!("{error}"));
    let api = lower::lower(&spec, &selection, &config, &BTreeMap::new())
        .unwrap_or_else(|error| panic!("{error}"))
        .api;

    let files = emit::emit(&api).unwrap_or_else(|error| panic!("{error}"));
    let mut whole = BTreeMap::new();
    for file in &files {
        if let FileBody::Rust { parts, emit } = file.body {
            let tokens: TokenStream = (0..parts).map(|part| emit(&api, part)).collect();
            let parsed: syn::File = syn::parse2(tokens).unwrap_or_else(|error| panic!("{error}"));
            whole.insert(file.path, (parts, render::rust_source(&parsed)));
        }
    }
    assert!(
        whole.values().any(|(parts, _)| *parts > 10),
        "no file of the whole spec is emitted in many parts, so this test checks nothing"
    );

    let rendered = render::render(files, &api).unwrap_or_else(|error| panic!("{error}"));
    for file in rendered {
        if let Some((_, expected)) = whole.get(file.path.as_str()) {
            let (_header, body) = file
                .contents
                .split_once("\n\n")
                .unwrap_or_else(|| panic!("{} has no header", file.path));
            assert!(
                body == expected,
                "{} differs from the file formatted whole",
                file.path
            );
        }
    }
}
