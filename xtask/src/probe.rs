//! `cargo xtask probe`: every description of `tests/corpus/` generated into a crate with a wire
//! probe (`generator::probe`: a call of every operation, each parameter set, bodies sampled
//! from their schemas), and each probe run against Stoplight Prism mocking that description.
//! Prism checks every request against the description (path, query, headers, security, body)
//! and answers with a response the description allows, which the client must decode. Where
//! Prism is lenient (it reads only the last of repeated query pairs and ignores keys it does not
//! know), the probe's tap hands over each request as sent, checked here against the
//! description's [`WireRules`](generator::probe::WireRules). The table goes to stdout and, for a
//! run of the whole corpus, to `tests/corpus/PROBE.md`.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use generator::config::Project;
use generator::probe::LINE_PREFIX;
use generator::Mode;

use crate::corpus;
use crate::workspace::cargo;

/// Where the crates are generated.
const WORKSPACE: &str = "target/probe";

/// What the probe of one description found.
struct Row {
    file: String,
    calls: usize,
    accepted: usize,
    /// `operation: why` of every call that failed, and of every operation not called.
    failures: Vec<String>,
    uncalled: usize,
}

/// Probes the corpus, or the descriptions whose file names contain `only`, or (`ci_only`) those
/// CI runs; `false` when a call failed.
pub fn run(root: &Path, only: Option<&str>, ci_only: bool) -> anyhow::Result<bool> {
    let prism = prism(root)?;
    let project = Project::from_file(&root.join("openapi/codegen.toml"))?;
    let entries = corpus::entries(root, only, ci_only)?;
    let mut members = Vec::new();
    let mut probes = Vec::new();
    for entry in &entries {
        let (config, source) = corpus::config(root, &project, &entry.file, WORKSPACE)?;
        let (generation, probe) = match generator::probe::generate_with_probe(root, &config, source)
        {
            Ok(generated) => generated,
            Err(error) => {
                eprintln!("{}: refused: {error}", entry.file);
                continue;
            }
        };
        let crate_dir = root.join(&config.output);
        generator::write(&crate_dir, &generation.files, Mode::Write)?;
        std::fs::create_dir_all(crate_dir.join("tests"))?;
        std::fs::write(crate_dir.join("tests/probe.rs"), &probe.source)?;
        members.push(config.krate.name.to_string());
        probes.push((entry.file.clone(), config, probe));
    }
    if probes.is_empty() {
        bail!("no description of tests/corpus/corpus.toml matches");
    }
    let workspace = root.join(WORKSPACE);
    corpus::write_workspace(root, &workspace, &members)?;
    eprintln!("building {} probes…", probes.len());
    // The test suite's target directory for generated crates, with its flags: the dependencies
    // it built serve here too.
    let target = root.join("target/fixture-check");
    let executables = build(&workspace, &target)?;
    let mut rows = Vec::new();
    for (file, config, probe) in probes {
        let mut row = Row {
            file,
            calls: probe.calls,
            accepted: 0,
            failures: Vec::new(),
            uncalled: probe.uncalled.len(),
        };
        for (operation, why) in probe.uncalled {
            row.failures
                .push(format!("`{operation}` not called: {why}"));
        }
        if probe.calls == 0 {
            rows.push(row);
            continue;
        }
        let log = root.join(&config.output).join("prism.log");
        let server = match Prism::start(&prism, &root.join(&config.spec), &log) {
            Ok(server) => server,
            Err(error) => {
                row.failures.push(format!("Prism cannot mock it: {error}"));
                rows.push(row);
                continue;
            }
        };
        let package = config.krate.name.package();
        let executable = executables
            .iter()
            .find(|(name, _)| name == package)
            .map(|(_, executable)| executable)
            .with_context(|| format!("cargo built no probe of {package}"))?;
        let output = Command::new(executable)
            .arg("--nocapture")
            .env("PROBE_URL", format!("http://{}", server.address))
            .output()
            .context("cannot run a probe")?;
        drop(server);
        let stdout = String::from_utf8_lossy(&output.stdout);
        for line in stdout
            .lines()
            .filter_map(|line| line.strip_prefix(LINE_PREFIX))
        {
            let outcome: serde_json::Value = serde_json::from_str(line)?;
            let Some(operation) = outcome["operation"].as_str() else {
                continue;
            };
            let tapped = outcome["requests"].as_array().into_iter().flatten();
            let faults: Vec<String> = match probe.wire.get(operation) {
                Some(rules) => tapped
                    .filter_map(serde_json::Value::as_str)
                    .flat_map(|request| rules.check(request))
                    .collect(),
                None => Vec::new(),
            };
            if !faults.is_empty() {
                row.failures
                    .push(format!("`{operation}` on the wire: {}", faults.join("; ")));
            }
            if outcome["ok"] == true {
                row.accepted += usize::from(faults.is_empty());
            } else {
                let error = outcome["error"].as_str().unwrap_or_default();
                let why = match outcome["status"].as_u64() {
                    Some(status) if status >= 400 => {
                        format!("{status} {}", prism_detail(&outcome["body"]))
                    }
                    _ => error.chars().take(300).collect(),
                };
                row.failures.push(format!("`{operation}`: {why}"));
            }
        }
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            row.failures.push(format!(
                "the probe did not finish: {}",
                stderr.lines().last().unwrap_or_default()
            ));
        }
        eprintln!(
            "{}: {} of {} calls accepted",
            row.file, row.accepted, row.calls
        );
        rows.push(row);
    }
    let report = report(&rows);
    print!("{report}");
    if only.is_none() && !ci_only {
        std::fs::write(root.join("tests/corpus/PROBE.md"), &report)
            .context("cannot write tests/corpus/PROBE.md")?;
    }
    Ok(rows.iter().all(|row| row.failures.is_empty()))
}

/// Builds every member's probe at once (one resolution of features: building one member alone
/// could build its crate again), and names each test executable by its package.
fn build(workspace: &Path, target: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let output = cargo()
        .args([
            "test",
            "--quiet",
            "--no-run",
            "--workspace",
            "--test",
            "probe",
        ])
        .args(["--message-format", "json"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!("the probes do not build");
    }
    let mut executables = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(executable), Some(source)) = (
            message["executable"].as_str(),
            message["target"]["src_path"].as_str(),
        ) else {
            continue;
        };
        // `<workspace>/<package>/tests/probe.rs`
        let package = Path::new(source)
            .ancestors()
            .nth(2)
            .and_then(Path::file_name)
            .and_then(|name| name.to_str());
        if let Some(package) = package {
            executables.push((package.to_owned(), PathBuf::from(executable)));
        }
    }
    Ok(executables)
}

/// What Prism said about a request it refused: the `detail` of its problem document, with the
/// validation errors it lists, else the body as it came.
fn prism_detail(body: &serde_json::Value) -> String {
    let Some(text) = body.as_str() else {
        return String::new();
    };
    let Ok(problem) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.chars().take(200).collect();
    };
    let mut detail = problem["title"].as_str().unwrap_or_default().to_owned();
    for error in problem["validation"].as_array().into_iter().flatten() {
        let _ = write!(
            detail,
            "; {} {}",
            error["location"].as_array().map_or(String::new(), |at| {
                at.iter()
                    .filter_map(|part| part.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            }),
            error["message"].as_str().unwrap_or_default()
        );
    }
    detail
}

/// Prism, installed into `tests/prism/` with `npm ci` if it is not there yet.
fn prism(root: &Path) -> anyhow::Result<PathBuf> {
    let dir = root.join("tests/prism");
    let binary = dir.join("node_modules/.bin/prism");
    if !binary.exists() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .context("cannot run npm: install Node.js 18 or newer with npm")?;
        if !installed.success() || !binary.exists() {
            bail!("`npm ci` in {} did not install Prism", dir.display());
        }
    }
    Ok(binary)
}

/// A running Prism mock server, stopped when dropped.
struct Prism {
    child: Child,
    address: SocketAddr,
}

impl Prism {
    /// Prism mocking `spec`, logging what it checked (every violation it found) to `log`.
    fn start(binary: &Path, spec: &Path, log: &Path) -> anyhow::Result<Prism> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let log = std::fs::File::create(log)?;
        let child = Command::new(binary)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("cannot start Prism")?;
        let mut prism = Prism {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let started = Instant::now();
        while TcpStream::connect(prism.address).is_err() {
            if let Some(status) = prism.child.try_wait()? {
                bail!("Prism exited before it listened: {status}");
            }
            if started.elapsed() > Duration::from_secs(120) {
                bail!("Prism did not start in 2 minutes");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn report(rows: &[Row]) -> String {
    let mut text = String::from(
        "# Wire probe report\n\nThe last run of `cargo xtask probe`: each description of `tests/corpus/` generated as\n`codegen --spec PATH --all` does, with a test that calls every operation once (every\nparameter set, bodies sampled from their schemas), run against Stoplight Prism mocking that\ndescription. A call is accepted when Prism found the request valid, the probe's tap found no\nquery or form key that the description does not allow (repeated pairs, undeclared keys: what\nPrism lets pass), and the client decoded its answer.\n\n| description | calls | accepted | not called |\n|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            text,
            "| `{}` | {} | {} | {} |",
            row.file, row.calls, row.accepted, row.uncalled
        );
    }
    for row in rows.iter().filter(|row| !row.failures.is_empty()) {
        let _ = writeln!(text, "\n## `{}`\n", row.file);
        for failure in &row.failures {
            let _ = writeln!(text, "- {}", failure.replace('\n', " "));
        }
    }
    text
}
