//! Property test: mutated versions of the valid fixture specs (nodes deleted, duplicated or
//! retyped, `$ref`s corrupted, names and descriptions replaced by random text) never make the
//! generator panic. Each either fails with an error or generates Rust that parses, and a fixed
//! sample of the mutants that generate also compiles.

use codegen_tests::{cargo_in_workspace, fixture_config, fixtures, project_root};
use generator::{Generation, Mode};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_yaml::Value;

/// One change to a spec: what to do, to which node (an index into the list of all nodes, taken
/// modulo its length), and the text to use where text is needed.
#[derive(Debug, Clone)]
struct Mutation {
    kind: u8,
    target: usize,
    text: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop_oneof![
        "[a-zA-Z_$ -]{0,12}",
        Just("*/ fn main() {} /*".to_owned()),
        Just("\"] }\n#[derive(Oops)]".to_owned()),
        Just("#/components/schemas/".to_owned()),
        Just("self".to_owned()),
        Just("".to_owned()),
        "\\PC{0,8}",
    ];
    (0u8..6, any::<usize>(), text).prop_map(|(kind, target, text)| Mutation { kind, target, text })
}

/// The path (keys and indices) of every node below `value`.
fn node_paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                out.push(prefix.clone());
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(Value::from(index));
                out.push(prefix.clone());
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The container holding the node at `path`, and the node's key or index in it.
fn parent_of<'v>(root: &'v mut Value, path: &[Value]) -> Option<(&'v mut Value, Value)> {
    let (last, parents) = path.split_last()?;
    let mut current = root;
    for step in parents {
        current = match current {
            Value::Mapping(map) => map.get_mut(step)?,
            Value::Sequence(items) => items.get_mut(step.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some((current, last.clone()))
}

fn apply(spec: &mut Value, mutation: &Mutation) {
    let mut paths = Vec::new();
    node_paths(spec, &mut Vec::new(), &mut paths);
    if paths.is_empty() {
        return;
    }
    let path = paths[mutation.target % paths.len()].clone();
    let Some((parent, key)) = parent_of(spec, &path) else {
        return;
    };
    let text = Value::String(mutation.text.clone());
    match (parent, mutation.kind) {
        // Delete the node.
        (Value::Mapping(map), 0) => {
            map.remove(&key);
        }
        (Value::Sequence(items), 0) => {
            items.remove(key.as_u64().unwrap_or(0) as usize);
        }
        // Duplicate it (under a random key in a mapping).
        (Value::Mapping(map), 1) => {
            if let Some(node) = map.get(&key).cloned() {
                map.insert(text, node);
            }
        }
        (Value::Sequence(items), 1) => {
            let node = items[key.as_u64().unwrap_or(0) as usize].clone();
            items.push(node);
        }
        // Retype it.
        (Value::Mapping(map), 2) => {
            let replacement = match mutation.text.len() % 4 {
                0 => Value::Null,
                1 => Value::from(7),
                2 => Value::Sequence(Vec::new()),
                _ => text,
            };
            map.insert(key, replacement);
        }
        // Rename it (names of properties, paths, components and parameters are keys).
        (Value::Mapping(map), 3) => {
            if let Some(node) = map.remove(&key) {
                map.insert(text, node);
            }
        }
        // Replace a `$ref` or a description with the text.
        (Value::Mapping(map), 4) => {
            let field = if key.as_str() == Some("$ref") {
                key
            } else {
                Value::from("description")
            };
            map.insert(field, text);
        }
        // Point a `$ref` at a component that does not exist, or at itself.
        (Value::Mapping(map), 5) if key.as_str() == Some("$ref") => {
            let target = format!("#/components/schemas/{}", mutation.text);
            map.insert(key, Value::from(target));
        }
        _ => {}
    }
}

/// Generates the fixture at `index` (modulo the fixture count) after `mutations`.
fn generate_mutant(
    index: usize,
    mutations: &[Mutation],
) -> (std::path::PathBuf, Result<Generation, generator::Error>) {
    // The fixtures a `serde_yaml::Value` can hold (not the one with integers beyond 64 bits).
    let parsed: Vec<(std::path::PathBuf, Value)> = fixtures()
        .into_iter()
        .filter_map(|fixture| {
            let text = std::fs::read_to_string(&fixture).expect("read");
            Some((fixture, serde_yaml::from_str(&text).ok()?))
        })
        .collect();
    let (fixture, mut spec) = parsed[index % parsed.len()].clone();
    for mutation in mutations {
        apply(&mut spec, mutation);
    }
    let text = serde_yaml::to_string(&spec).expect("serialise");
    let config = fixture_config(&fixture);
    let result = generator::spec::parse(text.as_bytes(), &config.spec)
        .and_then(|parsed| generator::generate_from(&project_root(), &config, parsed));
    (fixture, result)
}

fn assert_valid_rust(generation: &Generation) {
    for file in generation.files.iter().filter(|f| f.path.ends_with(".rs")) {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {error}\n{}", file.path, file.contents);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_fail_cleanly_or_generate_valid_rust(
        index in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (_, result) = generate_mutant(index, &mutations);
        if let Ok(generation) = result {
            assert_valid_rust(&generation);
        }
    }
}

/// A fixed sample of mutants that generate (the same every run) is compiled.
#[test]
fn a_sample_of_generating_mutants_compiles() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (any::<usize>(), prop::collection::vec(mutation(), 1..4));
    let root = project_root();
    let workspace = root.join("target/mutant-crates");
    let _ = std::fs::remove_dir_all(&workspace);
    let mut members = Vec::new();
    let mut rejected = 0;
    while members.len() < 6 {
        let (index, mutations) = strategy.new_tree(&mut runner).expect("a case").current();
        let (fixture, result) = generate_mutant(index, &mutations);
        let Ok(generation) = result else {
            rejected += 1;
            continue;
        };
        let name = format!("mutant-{}", members.len());
        let out = workspace.join(&name);
        let mut files = generation.files;
        for file in files.iter_mut().filter(|f| f.path == "Cargo.toml") {
            let stem = fixture
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .replace('_', "-");
            file.contents = file.contents.replace(&format!("fixture-{stem}"), &name);
        }
        generator::write(&out, &files, Mode::Write).expect("write the mutant");
        members.push(name);
    }
    let output = cargo_in_workspace(&workspace, &members, &["check", "--workspace", "--quiet"]);
    assert!(
        output.status.success(),
        "mutants that generated do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The mutations bite: some mutants are rejected (with an error, not a panic).
    println!("{rejected} mutants rejected before 6 generated");
    assert!(
        rejected > 0,
        "no mutant was rejected; the mutations change nothing"
    );
}

/// Names a person might type into the config or on the command line: plausible identifiers,
/// the standard names generated code must not be confused by, keywords, and arbitrary text.
fn typed_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_-]{0,12}",
        "\\PC{0,10}",
        prop::sample::select(vec![
            "Option",
            "String",
            "Result",
            "Box",
            "Vec",
            "Some",
            "None",
            "Ok",
            "Err",
            "Self",
            "self",
            "type",
            "fn",
            "crate",
            "r#type",
            "9lives",
            "",
            "my crate",
            "ünïcode",
            "_",
            "std",
            "serde",
            "Default",
            "Debug",
        ])
        .prop_map(str::to_owned),
    ]
}

/// The config of the only crate of a `codegen.toml` text.
fn first_crate(text: &str) -> Result<generator::Config, generator::Error> {
    let project =
        generator::config::Project::from_toml(text, std::path::Path::new("codegen.toml"))?;
    let name = project
        .crate_names()
        .next()
        .map(ToString::to_string)
        .unwrap_or_default();
    project.crate_config(&name)
}

/// Valid values of the names [`config_text`] fills in, in its order.
const VALID_NAMES: [&str; 8] = [
    "fixture-customization",
    "EXAMPLE_TOKEN",
    "Primary",
    "EventReceipt",
    "Eq",
    "intercom_contact_id",
    "Visitor",
    "send_event",
];

/// The customization fixture's config with its names: the crate name, the token variable, a
/// server name, a type rename and a derive, a field, a variant and a method rename.
fn config_text(names: &[String]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| serde_json::to_string(name).expect("a JSON string is a TOML string"))
        .collect();
    format!(
        r#"[apis.fixture]
title = "Customization API"
client = {{ token_env_var = {1} }}
servers = {{ "https://api.example.com" = {2} }}
[[crates]]
name = {0}
version = "0.1.0"
api = "fixture"
spec = "tests/fixtures/customization/spec.yaml"
output = "target/fixture-crates/customization"
[crates.selection]
all = true
[crates.overrides.types.Receipt]
rename = {3}
derives = [{4}]
[crates.overrides.fields."Receipt.contact_id"]
rename = {5}
[crates.overrides.variants."EventKind.Lead"]
rename = {6}
[crates.overrides.methods.notify_event]
rename = {7}
"#,
        quoted[0], quoted[1], quoted[2], quoted[3], quoted[4], quoted[5], quoted[6], quoted[7]
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every config and command-line input is refused with a message or generates Rust that
    /// parses; none makes the generator panic. One name of the config at a time is replaced, so
    /// that accepted odd names (a type renamed `Option`) reach the generated code.
    #[test]
    fn config_and_command_line_names_fail_cleanly_or_generate_valid_rust(
        position in 0..VALID_NAMES.len(),
        name in typed_name(),
        crate_flag in typed_name(),
    ) {
        let mut names: Vec<String> = VALID_NAMES.iter().map(|n| (*n).to_owned()).collect();
        names[position] = name;
        let text = config_text(&names);
        let Ok(mut config) = first_crate(&text) else {
            return Ok(());
        };
        // `--crate-name` goes through the same validation the command line uses.
        if let Ok(name) = generator::ir::CrateName::parse(&crate_flag) {
            config.krate.name = name;
        }
        if let Ok(generation) = generator::generate(&project_root(), &config) {
            assert_valid_rust(&generation);
        }
    }
}

#[test]
fn the_valid_config_names_generate() {
    let names: Vec<String> = VALID_NAMES.iter().map(|n| (*n).to_owned()).collect();
    let config = first_crate(&config_text(&names)).unwrap_or_else(|error| panic!("{error}"));
    let generation =
        generator::generate(&project_root(), &config).unwrap_or_else(|error| panic!("{error}"));
    assert_valid_rust(&generation);
}
