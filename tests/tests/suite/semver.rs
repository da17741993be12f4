//! api-diff's crate column against cargo-semver-checks, the independent judge of what a Rust
//! change breaks.
//!
//! Each pair of specs is generated into two crates of the same name, and cargo-semver-checks
//! (pinned, installed into `target/tools/` the first time this runs) says whether the second may
//! be released as a minor version of the first. api-diff must never be less strict than that
//! verdict, and must agree with it wherever cargo-semver-checks has a lint for the change; where
//! it has none (a field's or an argument's type changed), the verdict is api-diff's alone, and
//! the table below says so.
//!
//! Two sets of pairs: the api-diff fixtures (`tests/fixtures/diff/`, one kind of change each,
//! including a union), and the committed Custom Channel Events client against the same
//! selection with one additive or breaking change made by an overlay
//! (`tests/fixtures/semver/`), which is what a maintainer meets when Intercom bumps the API.
//!
//! Without the tool (it cannot be installed), the test fails; `CODEGEN_TESTS_SKIP_SEMVER_CHECKS=1`
//! skips it locally, never under `CI=true`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen_tests::{cargo, fixture_config, intercom_config, project_root};
use generator::diff::{api_diff, Semver, Version};
use generator::ir::CrateName;
use generator::{Config, Mode};

/// The cargo-semver-checks release the verdicts are pinned to.
const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The variable that lets a local run skip this test where the tool cannot be installed.
const SKIP: &str = "CODEGEN_TESTS_SKIP_SEMVER_CHECKS";

/// What a change asks of the crate's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Release {
    /// A minor release is enough.
    Minor,
    /// Code using the crate may break: a major release.
    Major,
}

/// One pair and the verdicts written by hand: api-diff's, and cargo-semver-checks' (`None`
/// where cargo-semver-checks has no lint for the change and cannot see it).
struct Case {
    name: &'static str,
    api_diff: Release,
    semver_checks: Option<Release>,
}

const fn case(name: &'static str, api_diff: Release, semver_checks: Option<Release>) -> Case {
    Case {
        name,
        api_diff,
        semver_checks,
    }
}

use Release::{Major, Minor};

/// The api-diff fixtures, each against `base.yaml`.
const FIXTURE_PAIRS: &[Case] = &[
    case("description_only", Minor, Some(Minor)),
    case("operation_added", Minor, Some(Minor)),
    case("operation_removed", Major, Some(Major)),
    case("parameter_added_optional", Minor, Some(Minor)),
    case("parameter_added_required", Major, Some(Major)),
    case("parameter_now_required", Major, Some(Major)),
    // A method argument's type changed (`&str` → `i64`): no lint sees it.
    case("parameter_type_changed", Major, None),
    // A field's type changed (`String` → `i64`): no lint sees it.
    case("property_type_changed", Major, None),
    case("request_enum_value_removed", Major, Some(Major)),
    case("request_property_added_optional", Minor, Some(Minor)),
    case("request_property_added_required", Major, Some(Major)),
    case("response_enum_value_added", Minor, Some(Minor)),
    case("response_property_added_optional", Minor, Some(Minor)),
    case("response_property_now_optional", Major, Some(Major)),
    case("response_property_removed", Major, Some(Major)),
    case("type_removed", Major, Some(Major)),
    case("union_alternative_added", Minor, Some(Minor)),
    case("union_alternative_removed", Major, Some(Major)),
];

/// The webhook pairs (`tests/fixtures/diff/webhooks/`), each against its base: what the crate
/// receives, by webhook and over an event stream, in 3.0's `x-webhooks` and 3.1's `webhooks`.
const WEBHOOK_PAIRS: &[(&str, Case)] = &[
    ("base", case("webhook_added", Minor, Some(Minor))),
    ("base", case("webhook_removed", Major, Some(Major))),
    ("base", case("stream_removed", Major, Some(Major))),
    ("base", case("event_added", Minor, Some(Minor))),
    ("base_3_1", case("webhook_removed_3_1", Major, Some(Major))),
    ("base_3_1", case("stream_removed_3_1", Major, Some(Major))),
];

/// Overlays on the Custom Channel Events selection of 2.14, each against the committed client.
const CUSTOM_CHANNEL_CHANGES: &[Case] = &[
    case("optional_request_field", Minor, Some(Minor)),
    case("optional_response_field", Minor, Some(Minor)),
    case("enum_value_added", Minor, Some(Minor)),
    case("operation_added", Minor, Some(Minor)),
    case("optional_parameter_added", Minor, Some(Minor)),
    case("operation_removed", Major, Some(Major)),
    case("enum_value_removed", Major, Some(Major)),
    case("type_removed", Major, Some(Major)),
];

#[test]
fn api_diff_is_never_less_strict_than_cargo_semver_checks() {
    let Some(tool) = semver_checks() else {
        return;
    };
    let root = project_root();
    let scratch = root.join("target/semver");
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let judge = Judge {
        tool,
        target: scratch.join("target"),
    };
    let mut disagreements = Vec::new();
    let mut table = Vec::new();

    let base_config = fixture_pair_config("base");
    let base = write_crate(&scratch, "fixtures/base", &base_config);
    for case in FIXTURE_PAIRS {
        let config = fixture_pair_config(case.name);
        let current = write_crate(&scratch, &format!("fixtures/{}", case.name), &config);
        let api_diff = api_diff_release(&base_config, &config);
        let verdict = judge.release(&base, &current);
        table.push(format!(
            "fixture {}: api-diff {api_diff:?}, cargo-semver-checks {verdict:?}",
            case.name
        ));
        check(case, api_diff, verdict, &mut disagreements);
    }

    for (base_name, case) in WEBHOOK_PAIRS {
        let base_config = webhook_pair_config(base_name);
        let base = write_crate(&scratch, &format!("webhooks/{base_name}"), &base_config);
        let config = webhook_pair_config(case.name);
        let current = write_crate(&scratch, &format!("webhooks/{}", case.name), &config);
        let api_diff = api_diff_release(&base_config, &config);
        let verdict = judge.release(&base, &current);
        table.push(format!(
            "webhooks {}: api-diff {api_diff:?}, cargo-semver-checks {verdict:?}",
            case.name
        ));
        check(case, api_diff, verdict, &mut disagreements);
    }
    // The same spec verified with another signature header: `Webhooks::SIGNATURE_HEADER` keeps
    // its type, so no lint sees it; signatures sent the old way stop verifying.
    let base_config = webhook_pair_config("base");
    let base = write_crate(&scratch, "webhooks/base", &base_config);
    let mut renamed = base_config.clone();
    if let Some(signature) = &mut renamed.webhook_signature {
        signature.header = "X-Orders-Signature".into();
    }
    let current = write_crate(&scratch, "webhooks/signature_header", &renamed);
    let api_diff = api_diff_release(&base_config, &renamed);
    let verdict = judge.release(&base, &current);
    table.push(format!(
        "webhooks signature_header: api-diff {api_diff:?}, cargo-semver-checks {verdict:?}"
    ));
    check(
        &case("signature_header", Major, None),
        api_diff,
        verdict,
        &mut disagreements,
    );

    let committed = root.join("generated-client/intercom-custom-channels");
    let committed_config = intercom_config();
    for case in CUSTOM_CHANNEL_CHANGES {
        let config = custom_channel_config(case.name);
        let current = write_crate(&scratch, &format!("custom-channels/{}", case.name), &config);
        let api_diff = api_diff_release(&committed_config, &config);
        let verdict = judge.release(&committed, &current);
        table.push(format!(
            "custom channels {}: api-diff {api_diff:?}, cargo-semver-checks {verdict:?}",
            case.name
        ));
        check(case, api_diff, verdict, &mut disagreements);
    }
    println!("{}", table.join("\n"));
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Records every way `case`'s verdicts differ from the table, and any verdict of api-diff that
/// is less strict than cargo-semver-checks'.
fn check(case: &Case, api_diff: Release, verdict: Release, disagreements: &mut Vec<String>) {
    if api_diff == Minor && verdict == Major {
        disagreements.push(format!(
            "{}: api-diff allows a minor release where cargo-semver-checks requires a major one",
            case.name
        ));
    }
    if api_diff != case.api_diff {
        disagreements.push(format!(
            "{}: api-diff says {api_diff:?}, expected {:?}",
            case.name, case.api_diff
        ));
    }
    // Where cargo-semver-checks has no lint for the change it can only say minor; with one it
    // must say what api-diff says.
    let expected = case.semver_checks.unwrap_or(Minor);
    if verdict != expected {
        disagreements.push(format!(
            "{}: cargo-semver-checks says {verdict:?}, expected {expected:?}",
            case.name
        ));
    }
    if case.semver_checks.is_some() && verdict != api_diff {
        disagreements.push(format!(
            "{}: api-diff says {api_diff:?} but cargo-semver-checks, which has a lint for this change, says {verdict:?}",
            case.name
        ));
    }
}

/// The config of a diff fixture: every operation, into a crate named like every other.
fn fixture_pair_config(name: &str) -> Config {
    let mut config =
        fixture_config(&project_root().join(format!("tests/fixtures/diff/{name}.yaml")));
    config.krate.name = CrateName::parse("fixture-diff").unwrap_or_else(|error| panic!("{error}"));
    config
}

/// The config of a webhook pair fixture, into a crate named like every other.
fn webhook_pair_config(name: &str) -> Config {
    let mut config =
        fixture_config(&project_root().join(format!("tests/fixtures/diff/webhooks/{name}.yaml")));
    config.krate.name =
        CrateName::parse("fixture-webhooks").unwrap_or_else(|error| panic!("{error}"));
    config
}

/// The committed config with one more overlay, `tests/fixtures/semver/<name>.yaml`.
fn custom_channel_config(name: &str) -> Config {
    let mut config = intercom_config();
    config
        .overlays
        .push(PathBuf::from(format!("tests/fixtures/semver/{name}.yaml")));
    config
}

/// api-diff's verdict on the spec of `old` → the spec of `new`, each under its config.
fn api_diff_release<'a>(old: &'a Config, new: &'a Config) -> Release {
    let root = project_root();
    let version = |config: &'a Config| Version::read(&root, &config.spec, config);
    let diff = version(old)
        .and_then(|old| api_diff(&root, old, version(new)?))
        .unwrap_or_else(|error| panic!("{error}"));
    if diff.semver() == Semver::Major {
        Major
    } else {
        Minor
    }
}

/// Generates `config` into `scratch/crates/<dir>` as a workspace of its own.
fn write_crate(scratch: &Path, dir: &str, config: &Config) -> PathBuf {
    let generation = generator::generate(&project_root(), config)
        .unwrap_or_else(|error| panic!("{dir}: {error}"));
    let out = scratch.join("crates").join(dir);
    generator::write(&out, &generation.files, Mode::Write)
        .unwrap_or_else(|error| panic!("{error}"));
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("the generated manifest");
    text.push_str("\n[workspace]\n");
    std::fs::write(&manifest, text).expect("make the crate a workspace of its own");
    out
}

/// cargo-semver-checks, with one target directory for all its builds.
struct Judge {
    tool: PathBuf,
    target: PathBuf,
}

impl Judge {
    /// Whether `current` may be released as a minor version of `baseline`.
    fn release(&self, baseline: &Path, current: &Path) -> Release {
        let output = Command::new(&self.tool)
            .args(["semver-checks", "check-release", "--release-type", "minor"])
            .arg("--baseline-root")
            .arg(baseline)
            .arg("--manifest-path")
            .arg(current.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .expect("run cargo-semver-checks");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            Minor
        } else if stderr.contains("semver requires new major version") {
            Major
        } else {
            panic!(
                "cargo-semver-checks failed on {}:\n{stderr}",
                current.display()
            )
        }
    }
}

/// The pinned cargo-semver-checks, installed into `target/tools/` if missing; `None` when the
/// user skips the test with [`SKIP`] (never under `CI=true`).
fn semver_checks() -> Option<PathBuf> {
    if std::env::var_os(SKIP).is_some() && std::env::var_os("CI").is_none() {
        eprintln!("skipping the cargo-semver-checks comparison: {SKIP} is set");
        return None;
    }
    let tools = project_root().join(format!(
        "target/tools/cargo-semver-checks-{SEMVER_CHECKS_VERSION}"
    ));
    let binary = tools.join("bin/cargo-semver-checks");
    if binary.exists() {
        return Some(binary);
    }
    let status = cargo()
        .args(["install", "cargo-semver-checks", "--locked", "--quiet"])
        .args(["--version", SEMVER_CHECKS_VERSION])
        .arg("--root")
        .arg(&tools)
        .arg("--target-dir")
        .arg(tools.join("build"))
        .status();
    match status {
        Ok(status) if status.success() && binary.exists() => {
            // The build is never reused (the installed binary is), and it is half a gigabyte.
            let _ = std::fs::remove_dir_all(tools.join("build"));
            Some(binary)
        }
        outcome => panic!(
            "cannot install cargo-semver-checks {SEMVER_CHECKS_VERSION} with `cargo install` ({outcome:?}); it needs the crates.io registry. Set {SKIP}=1 to skip this test locally."
        ),
    }
}
