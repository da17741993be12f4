//! A crate with a Cargo feature per tag (`tag_features`): which items each feature compiles, a
//! rule every gate keeps (an item opens only with what it uses), and crates that compile without
//! warnings with every feature, with none, and with one tag alone.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen_tests::{
    cargo_in_workspace, every_operation_config, fixture_config, generate, project_root,
    whole_intercom_config, whole_spec_config,
};
use generator::ir::{Api, Gate, TypeId};
use generator::{Config, Mode};

const FIXTURE: &str = "tests/fixtures/tag_features.yaml";

fn file<'g>(generation: &'g generator::Generation, path: &str) -> &'g str {
    let file = generation.files.iter().find(|file| file.path == path);
    &file
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

/// The `#[cfg(…)]` among the attributes of the item whose line starts with `item`, or "" when
/// it has none.
fn gate_of<'t>(text: &'t str, item: &str) -> &'t str {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let index = lines
        .iter()
        .position(|line| line.starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}`"));
    lines[..index]
        .iter()
        .rev()
        .take_while(|line| line.starts_with("#[") || line.starts_with("///"))
        .find(|line| line.starts_with("#[cfg("))
        .copied()
        .unwrap_or_default()
}

#[test]
fn each_item_compiles_with_the_tags_that_use_it() {
    let generation = generate(&fixture_config(&project_root().join(FIXTURE)));
    let manifest = file(&generation, "Cargo.toml");
    for line in [
        r#"all-tags = ["contacts", "tags", "tickets"]"#,
        r#"default = ["rustls-ring", "all-tags"]"#,
        "contacts = []",
        "tags = []",
        "tickets = []",
    ] {
        assert!(manifest.contains(line), "{line} in:\n{manifest}");
    }

    let types = file(&generation, "src/types.rs");
    let contacts_or_tags = r#"#[cfg(any(feature = "contacts", feature = "tags"))]"#;
    let contacts_or_tickets = r#"#[cfg(any(feature = "contacts", feature = "tickets"))]"#;
    // `tag` is held by `contact`, which tickets hold too: every feature needs it.
    for (item, gate) in [
        ("pub struct Contact ", contacts_or_tickets),
        ("pub struct Ticket ", r#"#[cfg(feature = "tickets")]"#),
        ("pub enum TicketPriority ", r#"#[cfg(feature = "tickets")]"#),
        // Only the body of `createTicket` builds on it (`allOf`).
        ("pub struct TicketFields ", r#"#[cfg(feature = "tickets")]"#),
        // No operation uses it; its `x-tags` names `Contacts`.
        ("pub struct LegacyNote ", r#"#[cfg(feature = "contacts")]"#),
        (
            "pub enum LegacyNoteState ",
            r#"#[cfg(feature = "contacts")]"#,
        ),
        ("pub struct AttachTagToContactRequest ", contacts_or_tags),
        (
            "pub struct ListContactsResponse ",
            r#"#[cfg(feature = "contacts")]"#,
        ),
    ] {
        assert_eq!(gate_of(types, item), gate, "{item}");
    }
    // Always compiled: what every feature uses, what the untagged operation uses, and the
    // error body.
    for item in [
        "pub struct Tag ",
        "pub enum TagKind ",
        "pub struct GetHealthResponse ",
        "pub struct Error ",
    ] {
        assert_eq!(gate_of(types, item), "", "{item}");
    }
    // Each impl of a gated type has its gate too.
    assert_eq!(
        gate_of(types, "impl ::std::fmt::Display for TicketPriority"),
        r#"#[cfg(feature = "tickets")]"#
    );

    let client = file(&generation, "src/client.rs");
    assert_eq!(
        gate_of(client, "pub fn attach_tag_to_contact("),
        contacts_or_tags
    );
    assert_eq!(
        gate_of(client, "pub fn create_ticket("),
        r#"#[cfg(feature = "tickets")]"#
    );
    assert_eq!(gate_of(client, "pub fn get_health("), "");
    let lib = file(&generation, "src/lib.rs");
    for line in [
        "#[cfg(feature = \"tickets\")]\n#[rustfmt::skip]\nmod form;",
        "#[cfg(feature = \"contacts\")]\n#[rustfmt::skip]\nmod pagination;",
        "#[cfg(feature = \"contacts\")]\n#[rustfmt::skip]\npub use pagination::",
    ] {
        assert!(lib.contains(line), "{line} in:\n{lib}");
    }
}

/// Lowers every operation of `config`'s spec with a feature per tag.
fn lowered(mut config: Config) -> Api {
    config.tag_features = true;
    config.overlays.clear();
    let path = project_root().join(&config.spec);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let spec = generator::spec::parse(&bytes, &config.spec).unwrap_or_else(|e| panic!("{e}"));
    let selection =
        generator::select::select(&spec, &config.selection, None).unwrap_or_else(|e| panic!("{e}"));
    generator::lower::lower(&spec, &selection, &config, &BTreeMap::new())
        .unwrap_or_else(|error| panic!("{error}"))
        .api
}

/// Whether every build that opens `outer` opens `inner`.
fn opens_within(outer: &Gate, inner: &Gate) -> bool {
    inner.is_always()
        || (!outer.is_always()
            && outer
                .features()
                .iter()
                .all(|feature| inner.features().contains(feature)))
}

/// The rule that makes every selection of features compile: an operation opens only where
/// the types it names do, and a type only where the types it holds and its bases do (a base
/// no build of the type lacks). Checked on the whole
/// of every Intercom version and on corpus descriptions of other vendors with many tags.
#[test]
fn every_gate_opens_only_with_what_its_item_uses() {
    let corpus = [
        "docker-engine/swagger.yaml",
        "harbor/swagger.yaml",
        "netlify/swagger.yml",
        "ory-kratos/api.json",
        "qdrant/openapi.json",
        "xero/xero-payroll-uk.yaml",
    ]
    .map(|file| {
        let spec = PathBuf::from("tests/corpus").join(file);
        every_operation_config("-", spec, "corpus", PathBuf::from("unused"))
    });
    let configs = [fixture_config(&project_root().join(FIXTURE))]
        .into_iter()
        .chain(codegen_tests::INTERCOM_SPECS.map(whole_spec_config))
        .chain([whole_intercom_config()])
        .chain(corpus);
    let mut gated = 0;
    for config in configs {
        let api = lowered(config.clone());
        let spec = config.spec.display();
        assert!(!api.tag_features.is_empty(), "{spec} has tags");
        // `user`, which opens with `gate`, needs the type `id` (`how` says why).
        let within = |user: &str, gate: &Gate, how: &str, id: TypeId| {
            let used = api.type_def(id);
            assert!(
                opens_within(gate, &used.gate),
                "{spec}: {user} opens with {gate:?}, {how} {} with {:?}",
                used.name,
                used.gate
            );
        };
        for op in &api.operations {
            op.for_each_named(&mut |id| within(&op.id, &op.gate, "the type it names", id));
        }
        for ty in &api.types {
            gated += usize::from(!ty.gate.is_always());
            let name = ty.name.as_str();
            for base in &ty.bases {
                within(name, &ty.gate, "its base", *base);
            }
            ty.kind
                .for_each_named(&mut |id| within(name, &ty.gate, "the type it holds", id));
        }
        if let Some(error) = &api.error_body {
            error.for_each_named(&mut |id| {
                assert!(api.type_def(id).gate.is_always(), "{spec}: the error body");
            });
        }
    }
    assert!(gated > 1000, "only {gated} types are gated");
}

/// The fixture's crate and the whole Intercom crate, checked (warnings denied) with no tag,
/// with each of the fixture's tags alone, and with a few of Intercom's alone; with every
/// feature they are checked where every fixture and the workspace are.
#[test]
fn a_crate_compiles_with_no_tag_and_with_one_tag_alone() {
    let root = project_root();
    let workspace = root.join("target/tag-feature-crates");
    let mut fixture = fixture_config(&root.join(FIXTURE));
    fixture.output = PathBuf::from("target/tag-feature-crates/fixture");
    let mut intercom = whole_intercom_config();
    intercom.output = PathBuf::from("target/tag-feature-crates/intercom");
    for config in [&fixture, &intercom] {
        let generation = generate(config);
        generator::write(&root.join(&config.output), &generation.files, Mode::Write)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let members = ["fixture".to_owned(), "intercom".to_owned()];
    let builds = [
        ("fixture-tag-features", ""),
        ("fixture-tag-features", "contacts"),
        ("fixture-tag-features", "tags"),
        ("fixture-tag-features", "tickets"),
        ("intercom", ""),
        ("intercom", "contacts"),
        ("intercom", "conversations"),
        ("intercom", "tickets"),
    ];
    for (package, tag) in builds {
        let features = format!("rustls-ring,{tag}");
        let output = cargo_in_workspace(
            &workspace,
            &members,
            &[
                "check",
                "--quiet",
                "--package",
                package,
                "--no-default-features",
                "--features",
                &features,
            ],
        );
        assert!(
            output.status.success(),
            "{package} with only `{tag}` does not compile cleanly:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
