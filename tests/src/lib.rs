//! Shared drivers for the test suites in `tests/tests/`: where the project is, how a fixture is
//! configured, and one call that generates it.
//!
//! The project README is this crate's doctest, so its client example always compiles.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::config::{CrateConfig, Project, SelectionConfig, WebhookSignature};
use generator::ir::CrateName;
use generator::{Config, Generation};

/// The workspace root, found at run time: cargo sets `CARGO_MANIFEST_DIR` when it runs tests and
/// benchmarks. (`env!` would bake in the checkout that built the binary, which with a shared
/// target directory may be another one.)
pub fn project_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .expect("CARGO_MANIFEST_DIR is set: run the tests through cargo");
    manifest_dir.parent().unwrap_or(&manifest_dir).to_path_buf()
}

/// A `cargo` command: the one running the tests (`CARGO`), else the one on `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The committed codegen config, `openapi/codegen.toml`.
pub fn project() -> Project {
    let path = project_root().join("openapi/codegen.toml");
    Project::from_file(&path).unwrap_or_else(|error| panic!("{error}"))
}

/// The committed config of the Custom Channel Events crate.
pub fn intercom_config() -> Config {
    crate_config("intercom-custom-channels")
}

/// The committed config of the Fin Agent crate.
pub fn fin_agent_config() -> Config {
    crate_config("intercom-fin-agent")
}

/// The committed config of the whole-API crate, `intercom`.
pub fn whole_intercom_config() -> Config {
    crate_config("intercom")
}

/// The config of the customization fixture, `tests/fixtures/customization/codegen.toml`.
pub fn customization_config() -> Config {
    let path = Path::new("tests/fixtures/customization/codegen.toml");
    let text = std::fs::read_to_string(project_root().join(path))
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Project::from_toml(&text, path)
        .and_then(|project| project.crate_config("fixture-customization"))
        .unwrap_or_else(|error| panic!("{error}"))
}

fn crate_config(name: &str) -> Config {
    project()
        .crate_config(name)
        .unwrap_or_else(|error| panic!("{error}"))
}

/// What a fixture's own config (`<fixture>.codegen.toml` beside it, else `codegen.toml` in its
/// folder) changes from the defaults: a narrower selection, a webhook signature scheme, the
/// reviewed examples that do not round-trip, how lists page, a Cargo feature per tag.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureSettings {
    selection: Option<SelectionConfig>,
    webhook_signature: Option<WebhookSignature>,
    example_mismatches: Option<PathBuf>,
    #[serde(default)]
    pagination: std::collections::BTreeMap<String, generator::config::PagingConfig>,
    #[serde(default)]
    tag_features: bool,
}

/// The config a fixture spec is generated with: every operation, into
/// `target/fixture-crates/<name>` as crate `fixture-<name>`, changed by the fixture's own
/// config where it has one.
pub fn fixture_config(fixture: &Path) -> Config {
    let stem = fixture
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_else(|| panic!("fixture without a name: {}", fixture.display()));
    let absolute = project_root().join(fixture);
    let folder = absolute.parent().unwrap_or(&absolute);
    let settings_file = [
        folder.join(format!("{stem}.codegen.toml")),
        folder.join("codegen.toml"),
    ]
    .into_iter()
    .find(|path| path.is_file());
    let settings = settings_file
        .as_ref()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            toml::from_str::<FixtureSettings>(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        })
        .unwrap_or_default();
    let relative = fixture
        .strip_prefix(project_root())
        .unwrap_or(fixture)
        .to_path_buf();
    let krate = CrateConfig {
        name: CrateName::parse(&format!("fixture-{}", stem.replace(['_', '.'], "-")))
            .unwrap_or_else(|error| panic!("{error}")),
        version: "0.1.0".into(),
    };
    let output = PathBuf::from("target/fixture-crates").join(stem);
    let selection = settings.selection.unwrap_or(SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    });
    let mut config = Config::new(relative, output, krate, selection);
    config.webhook_signature = settings.webhook_signature;
    config.example_mismatches = settings.example_mismatches;
    config.pagination = settings.pagination;
    config.tag_features = settings.tag_features;
    if let Some(path) = settings_file {
        config.path = path
            .strip_prefix(project_root())
            .map(Path::to_path_buf)
            .unwrap_or(path);
    }
    config
}

/// The vendored Intercom descriptions, oldest first.
pub const INTERCOM_SPECS: [&str; 3] = [
    "openapi/intercom-2.13.yaml",
    "openapi/intercom-2.14.yaml",
    "openapi/intercom-2.15.yaml",
];

/// What `cargo xtask codegen --spec <spec> --all --out <output> --crate-name <name>` generates
/// from a spec titled `title`: the settings `openapi/codegen.toml` has for that API, if any, and
/// nothing of any configured crate.
pub fn every_operation_config(title: &str, spec: PathBuf, name: &str, output: PathBuf) -> Config {
    let krate = CrateConfig {
        name: CrateName::parse(name).unwrap_or_else(|error| panic!("{error}")),
        version: "0.1.0".into(),
    };
    let all = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    project().ad_hoc(title, spec, output, krate, all)
}

/// The config that generates every operation of a vendored Intercom spec into
/// `target/fixture-crates/<crate name>`, as `cargo xtask codegen --spec <spec> --all` does: with
/// the settings of `[apis.intercom]` and nothing of any configured crate, plus the reviewed
/// example mismatches of that version where there are some.
pub fn whole_spec_config(spec: &str) -> Config {
    let version = spec
        .trim_start_matches("openapi/intercom-")
        .trim_end_matches(".yaml")
        .replace('.', "-");
    let name = format!("intercom-full-{version}");
    let output = PathBuf::from("target/fixture-crates").join(&name);
    let mut config = every_operation_config("Intercom API", PathBuf::from(spec), &name, output);
    let mismatches = PathBuf::from(format!(
        "openapi/example-mismatches-{}.toml",
        version.replace('-', ".")
    ));
    config.example_mismatches = project_root()
        .join(&mismatches)
        .exists()
        .then_some(mismatches);
    config
}

/// Generates `config`, failing the calling test with the generator's message on error.
#[track_caller]
pub fn generate(config: &Config) -> Generation {
    generator::generate(&project_root(), config)
        .unwrap_or_else(|error| panic!("generation of {} failed: {error}", config.spec.display()))
}

/// Every fixture spec in `tests/fixtures/`, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let dir = project_root().join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.sort();
    found
}

/// Whether a generated file is what the generator decides for this spec, as opposed to a
/// runtime file copied from `generator/templates/` (the same for every spec but for the items
/// a crate does not use: the generated crates compile with warnings denied, which fails on an
/// item kept without a user or left out with one; the freshness test covers the committed
/// client, and the runtime's own unit tests run there).
pub fn is_spec_dependent(file: &generator::RenderedFile) -> bool {
    let templates = project_root().join("generator/templates");
    let runtime = file
        .path
        .strip_prefix("src/")
        .is_some_and(|name| templates.join(name).is_file());
    !runtime
}

/// Makes `workspace` a throwaway Cargo workspace of the generated crates in its subfolders
/// `members`, sharing this workspace's `Cargo.lock`, and runs `cargo <args>` there with warnings
/// denied and a target directory of its own (so it never waits on the lock of the `cargo test`
/// running it). Nothing built there is debugged or rebuilt piecemeal, so it is built without
/// debug info or incremental state, which were most of its size on disk.
pub fn cargo_in_workspace(workspace: &Path, members: &[String], args: &[&str]) -> Output {
    let listed: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        listed.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(
        project_root().join("Cargo.lock"),
        workspace.join("Cargo.lock"),
    )
    .expect("share the lock file");
    cargo()
        .args(args)
        .current_dir(workspace)
        .env(
            "CARGO_TARGET_DIR",
            project_root().join("target/fixture-check"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo")
}

/// `Client::builder()`, for every test that sends requests: it first installs the one
/// [`log_capture`] subscriber, so no request's `tracing` callsite can be reached before it.
pub fn client_builder() -> intercom_custom_channels::ClientBuilder {
    log_capture::install();
    intercom_custom_channels::Client::builder()
}

/// A plain `reqwest` client, for requests the tests send themselves: with rustls' *ring*
/// provider, the TLS stack of the generated crates (which the workspace's reqwest leaves to its
/// users to install).
pub fn http_client() -> reqwest::Client {
    // An error means the provider is installed already. (rustls 0.23.48 deprecates *ring*'s
    // provider, the generated crates' default.)
    #[allow(deprecated, reason = "the generated crates' TLS stack")]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
    reqwest::Client::builder()
        .build()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// [`client_builder`] for the whole-API crate.
pub fn whole_client_builder() -> intercom::ClientBuilder {
    log_capture::install();
    intercom::Client::builder()
}

/// [`client_builder`] for the Fin Agent crate.
pub fn fin_client_builder() -> intercom_fin_agent::ClientBuilder {
    log_capture::install();
    intercom_fin_agent::Client::builder()
}

/// What `tracing` writes while the current thread runs a test.
///
/// A subscriber set for one test's thread (`tracing::subscriber::set_default`) lost events now
/// and then: tracing caches each callsite's interest process-wide, and a callsite that another
/// test's thread first reaches while the scoped subscriber is being registered can be cached as
/// disabled (one run in thirty lost the client's events). So there is one global subscriber,
/// installed by [`client_builder`] before any test can send a request, interested in every
/// event up to `DEBUG`; it writes each line to the capture of the thread that logs it, and
/// threads that capture nothing discard their lines. Tests run the client on a current-thread
/// runtime, so its events are logged on the test's thread.
pub mod log_capture {
    use std::cell::RefCell;
    use std::sync::OnceLock;

    thread_local! {
        static LINES: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    }

    /// Writes to the capture of the current thread, if it has one.
    struct ThreadCapture;

    impl std::io::Write for ThreadCapture {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            LINES.with(|lines| {
                if let Some(lines) = lines.borrow_mut().as_mut() {
                    lines.extend_from_slice(bytes);
                }
            });
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Installs the global subscriber, once per process.
    pub(crate) fn install() {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_ansi(false)
                .with_writer(|| ThreadCapture)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("nothing else installs a global subscriber");
        });
    }

    /// Starts capturing this thread's log lines.
    pub fn start() {
        install();
        LINES.with(|lines| *lines.borrow_mut() = Some(Vec::new()));
    }

    /// Stops capturing and returns what this thread logged since [`start`].
    pub fn finish() -> String {
        let bytes = LINES
            .with(|lines| lines.borrow_mut().take())
            .unwrap_or_default();
        String::from_utf8(bytes).expect("log lines are text")
    }
}

/// A typical `notify_new_message` request, as the spec's example has it.
pub fn sample_message() -> intercom_custom_channels::types::NotifyNewMessageRequest {
    use intercom_custom_channels::types;
    types::NotifyNewMessageRequest::new(
        "evt_54321",
        "conv_98765",
        types::CustomChannelContact::new(types::CustomChannelContactType::User, "user_002")
            .with_name("John Smith")
            .with_email("john.smith@example.com"),
        "Hello, I need help with my order.",
    )
}
