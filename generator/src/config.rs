//! `openapi/codegen.toml`: what to generate, from which spec, into which crate.
//!
//! Paths in the file are relative to the project root (the folder that holds `openapi/`), so the
//! same config reads the same from any working directory. Heuristics that are a matter of taste
//! (the names of the servers' `Region` variants) live here, not in code, so they survive
//! regeneration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ir::{CrateName, Ident};
use crate::Error;

/// The whole configuration of one generation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the config was read from (for messages); empty when built in code.
    #[serde(skip)]
    pub path: PathBuf,
    /// The OpenAPI description to read, relative to the project root.
    pub spec: PathBuf,
    /// The folder that receives the generated crate, relative to the project root.
    pub output: PathBuf,
    /// The generated crate's package metadata.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Which operations to generate.
    #[serde(default)]
    pub selection: SelectionConfig,
    /// OpenAPI Overlay files applied in order to the spec before anything reads it, relative to
    /// the project root.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// How the generated client talks to the API.
    #[serde(default)]
    pub client: ClientConfig,
    /// `Region` variant names by server URL; servers not named here get a name derived from
    /// what distinguishes their host from the others'.
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
    /// Names, derives and types the user wants instead of the generated ones.
    #[serde(default)]
    pub overrides: Overrides,
    /// A TOML file (relative to the project root) of the spec examples that do not round-trip
    /// through the generated types: JSON pointer = reason. The generated crate's `spec_examples`
    /// test fails on any other example that does not round-trip and on a listed one that does;
    /// generation fails on an entry that names no example of the spec.
    pub example_mismatches: Option<PathBuf>,
}

/// Customizations of the generated code that survive regeneration. Keys are the names the
/// generated crate shows: `Type`, `Type.field`, `Enum.Variant`, `method`. Every entry must match
/// something, so one that a spec update made stale fails the next generation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// By type name: a new name and extra derives.
    #[serde(default)]
    pub types: BTreeMap<String, TypeOverride>,
    /// By `Type.field`: a new name, or optional in spite of the spec's `required`.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldOverride>,
    /// By `Enum.Variant` (string enums and unions): a new name.
    #[serde(default)]
    pub variants: BTreeMap<String, Rename>,
    /// By method name: a new name.
    #[serde(default)]
    pub methods: BTreeMap<String, Rename>,
    /// By string `format` (`date-time`, `uuid`, …): the Rust type to use and its crate.
    #[serde(default)]
    pub formats: BTreeMap<String, FormatOverride>,
}

/// What to change about a generated type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeOverride {
    /// The name to use instead.
    pub rename: Option<Ident>,
    /// Keep the name the type had as a deprecated alias of the new one, so that code written
    /// against it still compiles (with a warning) after the rename.
    #[serde(default)]
    pub keep_old_name: bool,
    /// Derives to add, e.g. `["Eq", "Hash", "Default"]`.
    #[serde(default)]
    pub derives: Vec<String>,
}

/// What to change about a generated field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    /// The Rust name to use instead (the JSON key stays).
    pub rename: Option<Ident>,
    /// Make the field `Option`al although the spec requires it: the server omits it in practice.
    #[serde(default)]
    pub optional: bool,
}

/// A new name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// The name to use instead.
    pub rename: Ident,
}

/// A Rust type for a string `format`, and the dependency that provides it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatOverride {
    /// The type, e.g. `chrono::DateTime<chrono::Utc>`; it must implement serde's traits.
    pub rust_type: String,
    /// The crate to add to the generated `Cargo.toml`.
    pub dependency: Dependency,
}

/// A dependency of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The crate, e.g. `chrono`.
    pub name: String,
    /// Its version requirement, e.g. `0.4`.
    pub version: String,
    /// Its features, e.g. `["serde"]`.
    #[serde(default)]
    pub features: Vec<String>,
}

/// Settings of the generated client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The request header that pins the API version (`Intercom-Version`). The client sends
    /// `info.version` in it on every request, so operations do not take it as a parameter.
    pub api_version_header: Option<String>,
    /// The environment variable `Client::from_env` reads the bearer token from; by default the
    /// crate name in SCREAMING_SNAKE_CASE followed by `_TOKEN`.
    pub token_env_var: Option<String>,
    /// What the API promises (or does not) about repeated requests, added where the generated
    /// docs explain retries (Markdown).
    pub retry_note: Option<String>,
}

impl Config {
    /// The token environment variable, configured or derived from the crate name.
    pub fn token_env_var(&self) -> String {
        self.client.token_env_var.clone().unwrap_or_else(|| {
            let stem: String = self
                .krate
                .name
                .package()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("{stem}_TOKEN")
        })
    }
}

/// Package metadata of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The package name, e.g. `intercom-custom-channels`.
    pub name: CrateName,
    /// The crate's own semver version; the API version is appended as build metadata.
    pub version: String,
}

/// Which operations to generate: every operation when `all`, else those carrying one of `tags`
/// or one of the `operations` ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionConfig {
    /// Select every operation of the spec.
    #[serde(default)]
    pub all: bool,
    /// Select the operations tagged with any of these.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Select the operations with these `operationId`s.
    #[serde(default)]
    pub operations: Vec<String>,
}

impl Config {
    /// This config for another spec. The reviewed example mismatches describe the configured
    /// spec, so they are dropped when the spec changes.
    pub fn with_spec(mut self, spec: PathBuf) -> Self {
        if spec != self.spec {
            self.example_mismatches = None;
        }
        self.spec = spec;
        self
    }

    /// Reads and validates the config file at `path`.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            action: "cannot read the codegen config",
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// Parses config text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, Error> {
        let invalid = |message: String| Error::Config {
            path: path.to_owned(),
            message,
        };
        let mut config: Config =
            toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
        config.path = path.to_owned();
        if let Some(header) = &config.client.api_version_header {
            let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
            if header.is_empty() || !header.chars().all(is_token) {
                return Err(invalid(format!(
                    "`client.api_version_header` is {header:?}; expected an HTTP header name"
                )));
            }
        }
        if let Some(var) = &config.client.token_env_var {
            if var.is_empty() || var.contains(['=', '\0']) {
                return Err(invalid(format!(
                    "`client.token_env_var` is {var:?}; expected an environment variable name"
                )));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_complete_config() {
        let config = Config::from_toml(
            r#"
            spec = "openapi/a.yaml"
            output = "out"
            [crate]
            name = "a-client"
            version = "0.1.0"
            [selection]
            tags = ["T"]
            [servers]
            "https://api.example.com" = "Us"
            "#,
            Path::new("codegen.toml"),
        )
        .expect("valid config");
        assert_eq!(config.spec, PathBuf::from("openapi/a.yaml"));
        assert_eq!(config.selection.tags, ["T"]);
        assert!(!config.selection.all);
        assert_eq!(config.servers["https://api.example.com"], "Us");
    }

    #[test]
    fn rejects_unknown_keys_with_their_location() {
        let error = Config::from_toml(
            "spec = 'a'\noutput = 'b'\nsurprise = 1\n[crate]\nname = 'a'\nversion = '1.0.0'\n",
            Path::new("codegen.toml"),
        )
        .expect_err("unknown key");
        let message = error.to_string();
        assert!(
            message.starts_with("codegen.toml: invalid codegen config: "),
            "{message}"
        );
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains("surprise"), "{message}");
    }

    #[test]
    fn rejects_a_crate_name_cargo_would_refuse() {
        let error = Config::from_toml(
            "spec = 'a'\noutput = 'b'\n[crate]\nname = 'a b'\nversion = '1.0.0'\n",
            Path::new("codegen.toml"),
        )
        .expect_err("bad name");
        assert!(error.to_string().contains("expected a Cargo package name"));
    }
}
