//! `openapi/codegen.toml`: the crates the project generates and the settings of the APIs they
//! come from, each setting kept at the scope where it is true so that none leaks:
//!
//! - `[apis.<id>]` holds what is true of an API whatever its version or the selection: the
//!   header that pins the version, the token variable, region names, overlay fixes to its
//!   description. It applies to every generation from a spec whose `info.title` is the API's
//!   `title`: its configured crates, and equally an ad-hoc `--spec` run or an `api-diff` of any
//!   version of it. A spec of another API gets none of it.
//! - `[[crates]]` describes one generated crate: spec, output, selection, and what was written
//!   for that selection (overlays, overrides, reviewed example mismatches, the webhook signature
//!   scheme, notes in its docs). It applies only when that crate is generated, and the crate
//!   refuses a spec of another API.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{
    ClientConfig, Config, CrateConfig, Overrides, PackageMetadata, PagingConfig, SelectionConfig,
    WebhookSignature,
};
use crate::ir::CrateName;
use crate::Error;

/// The whole `codegen.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    path: PathBuf,
    apis: BTreeMap<String, ApiSettings>,
    crates: Vec<CrateEntry>,
}

/// `[apis.<id>]`: the settings of one API, for every version of its description.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// The `info.title` that identifies the API's descriptions.
    pub title: String,
    /// Overlays that fix the API's description, applied before each crate's own.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// How clients talk to the API.
    #[serde(default)]
    pub client: ClientConfig,
    /// `Region` variant names by server URL.
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
    /// How list operations page, by `operationId`.
    #[serde(default)]
    pub pagination: BTreeMap<String, PagingConfig>,
}

/// `[[crates]]`: one generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateEntry {
    /// The package name.
    pub name: CrateName,
    /// The crate's own semver version; the API version is appended as build metadata.
    pub version: String,
    /// The key of the `[apis]` entry whose settings apply, if any.
    pub api: Option<String>,
    /// The description to generate from, relative to the project root.
    pub spec: PathBuf,
    /// The folder that receives the crate, relative to the project root.
    pub output: PathBuf,
    /// Which operations to generate.
    #[serde(default)]
    pub selection: SelectionConfig,
    /// Overlays written for this crate's selection, applied after the API's.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Client settings for this crate; each one set here replaces the API's.
    #[serde(default)]
    pub client: ClientConfig,
    /// Names, derives and types instead of the generated ones.
    #[serde(default)]
    pub overrides: Overrides,
    /// The reviewed spec examples that do not round-trip (see [`Config::example_mismatches`]).
    pub example_mismatches: Option<PathBuf>,
    /// How the API signs the webhooks this crate verifies.
    pub webhook_signature: Option<WebhookSignature>,
    /// What the crate's `Cargo.toml` says about the package (`[crates.package]`).
    #[serde(default)]
    pub package: PackageMetadata,
    /// A Cargo feature per tag (see [`Config::tag_features`]).
    #[serde(default)]
    pub tag_features: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    #[serde(default)]
    apis: BTreeMap<String, ApiSettings>,
    #[serde(default)]
    crates: Vec<CrateEntry>,
}

impl Project {
    /// No config file: no API settings and no configured crates, so every spec is generated
    /// as a crate of its own with the defaults.
    pub fn empty() -> Self {
        Project {
            path: PathBuf::new(),
            apis: BTreeMap::new(),
            crates: Vec::new(),
        }
    }

    /// Reads and validates the config file at `path`.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|reason| Error::Io {
            path: path.to_owned(),
            action: "cannot read the codegen config",
            reason,
        })?;
        Self::from_toml(&text, path)
    }

    /// Parses config text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, Error> {
        let invalid = |message: String| Error::Config {
            path: path.to_owned(),
            message,
        };
        let file: ProjectFile = toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let project = Project {
            path: path.to_owned(),
            apis: file.apis,
            crates: file.crates,
        };
        match project.problem() {
            Some(problem) => Err(invalid(problem)),
            None => Ok(project),
        }
    }

    /// The first thing wrong with the file that its types do not already rule out.
    fn problem(&self) -> Option<String> {
        let mut titles = BTreeMap::new();
        for (id, api) in &self.apis {
            if let Some(other) = titles.insert(api.title.as_str(), id) {
                return Some(format!(
                    "`apis.{other}` and `apis.{id}` have the same title {:?}; a spec's title must pick one API",
                    api.title
                ));
            }
            if let Some(problem) = api.client.problem(&format!("apis.{id}.client")) {
                return Some(problem);
            }
        }
        let mut names = BTreeSet::new();
        for (index, entry) in self.crates.iter().enumerate() {
            let at = format!("crates[{index}] ({})", entry.name);
            if !names.insert(entry.name.package()) {
                return Some(format!("{at}: another crate has the same name"));
            }
            if let Some(api) = &entry.api {
                if !self.apis.contains_key(api) {
                    let known: Vec<&str> = self.apis.keys().map(String::as_str).collect();
                    return Some(format!(
                        "{at}: `api = {api:?}` names no `[apis]` entry; the entries are: {}",
                        known.join(", ")
                    ));
                }
            }
            if let Some(problem) = entry.client.problem(&format!("{at}.client")) {
                return Some(problem);
            }
            if let Some(problem) = entry
                .webhook_signature
                .as_ref()
                .and_then(|signature| signature.problem(&format!("{at}.webhook_signature")))
            {
                return Some(problem);
            }
            if entry.output.as_os_str().is_empty() || entry.output == Path::new(".") {
                return Some(format!(
                    "{at}: `output` must be a folder of its own, not the project root"
                ));
            }
            for other in &self.crates[..index] {
                if entry.output.starts_with(&other.output)
                    || other.output.starts_with(&entry.output)
                {
                    return Some(format!(
                        "{at}: `output` {} overlaps crate {}'s {}; writing one would delete the other's files",
                        entry.output.display(),
                        other.name,
                        other.output.display()
                    ));
                }
            }
        }
        None
    }

    /// The configured crates' names, in file order.
    pub fn crate_names(&self) -> impl Iterator<Item = &CrateName> {
        self.crates.iter().map(|entry| &entry.name)
    }

    /// The config of every configured crate, in file order.
    pub fn crates(&self) -> Vec<Config> {
        self.crates
            .iter()
            .map(|entry| self.config_of(entry))
            .collect()
    }

    /// The config of the crate named `name`.
    pub fn crate_config(&self, name: &str) -> Result<Config, Error> {
        match self
            .crates
            .iter()
            .find(|entry| entry.name.package() == name)
        {
            Some(entry) => Ok(self.config_of(entry)),
            None => {
                let known: Vec<String> = self.crate_names().map(ToString::to_string).collect();
                Err(Error::Config {
                    path: self.path.clone(),
                    message: format!(
                        "no crate is named `{name}`; the configured crates are: {}",
                        known.join(", ")
                    ),
                })
            }
        }
    }

    /// The config of the first crate configured for the API titled `title`: the crate that a
    /// spec of that API regenerates when no crate is named.
    pub fn default_crate_for(&self, title: &str) -> Option<Config> {
        let (id, _) = self.api_titled(title)?;
        self.crates
            .iter()
            .find(|entry| entry.api.as_deref() == Some(id))
            .map(|entry| self.config_of(entry))
    }

    /// A config for a crate the file does not describe: `spec` (whose `info.title` is `title`)
    /// with `selection`, with the settings of the API of that title and nothing of any crate's.
    pub fn ad_hoc(
        &self,
        title: &str,
        spec: PathBuf,
        output: PathBuf,
        krate: CrateConfig,
        selection: SelectionConfig,
    ) -> Config {
        let mut config = Config::new(spec, output, krate, selection);
        config.path = self.path.clone();
        if let Some((_, api)) = self.api_titled(title) {
            apply_api(&mut config, api);
        }
        config
    }

    fn api_titled(&self, title: &str) -> Option<(&str, &ApiSettings)> {
        self.apis
            .iter()
            .find(|(_, api)| api.title == title)
            .map(|(id, api)| (id.as_str(), api))
    }

    fn config_of(&self, entry: &CrateEntry) -> Config {
        let krate = CrateConfig {
            name: entry.name.clone(),
            version: entry.version.clone(),
        };
        let mut config = Config::new(
            entry.spec.clone(),
            entry.output.clone(),
            krate,
            entry.selection.clone(),
        );
        config.path = self.path.clone();
        config.client = entry.client.clone();
        if let Some(api) = entry.api.as_ref().and_then(|id| self.apis.get(id)) {
            apply_api(&mut config, api);
        }
        config.overlays.extend(entry.overlays.iter().cloned());
        config.overrides = entry.overrides.clone();
        config.example_mismatches = entry.example_mismatches.clone();
        config.webhook_signature = entry.webhook_signature.clone();
        config.package = entry.package.clone();
        config.tag_features = entry.tag_features;
        config
    }
}

/// Gives `config` the settings of `api`: its title to check, its overlays first, its client
/// settings where the crate sets none, its region names.
fn apply_api(config: &mut Config, api: &ApiSettings) {
    config.api_title = Some(api.title.clone());
    config.overlays = api.overlays.clone();
    config.client = std::mem::take(&mut config.client).or(&api.client);
    config.servers = api.servers.clone();
    config.pagination = api.pagination.clone();
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_APIS: &str = r#"
        [apis.shop]
        title = "Shop API"
        overlays = ["openapi/shop-fixes.yaml"]
        client = { api_version_header = "Shop-Version", token_env_var = "SHOP_TOKEN" }
        servers = { "https://api.shop.example" = "Us" }

        [apis.other]
        title = "Other API"

        [[crates]]
        name = "shop-orders"
        version = "0.1.0"
        api = "shop"
        spec = "openapi/shop.yaml"
        output = "generated-client/shop-orders"
        overlays = ["openapi/orders.yaml"]
        selection = { tags = ["Orders"] }
        client = { token_env_var = "ORDERS_TOKEN" }

        [[crates]]
        name = "shop-carts"
        version = "0.2.0"
        api = "shop"
        spec = "openapi/shop.yaml"
        output = "generated-client/shop-carts"
        selection = { tags = ["Carts"] }
    "#;

    fn project(text: &str) -> Result<Project, Error> {
        Project::from_toml(text, Path::new("codegen.toml"))
    }

    #[test]
    fn a_crate_gets_its_apis_settings_under_its_own() {
        let orders = project(TWO_APIS)
            .and_then(|p| p.crate_config("shop-orders"))
            .expect("valid config");
        assert_eq!(orders.api_title.as_deref(), Some("Shop API"));
        assert_eq!(
            orders.overlays,
            [
                PathBuf::from("openapi/shop-fixes.yaml"),
                PathBuf::from("openapi/orders.yaml")
            ]
        );
        assert_eq!(orders.client.token_env_var.as_deref(), Some("ORDERS_TOKEN"));
        assert_eq!(
            orders.client.api_version_header.as_deref(),
            Some("Shop-Version")
        );
        assert_eq!(orders.servers["https://api.shop.example"], "Us");
        assert_eq!(orders.selection.tags, ["Orders"]);
        assert_eq!(orders.krate.version, "0.1.0");
    }

    #[test]
    fn another_crate_of_the_api_gets_none_of_the_first_crates_settings() {
        let carts = project(TWO_APIS)
            .and_then(|p| p.crate_config("shop-carts"))
            .expect("valid config");
        assert_eq!(carts.overlays, [PathBuf::from("openapi/shop-fixes.yaml")]);
        assert_eq!(carts.client.token_env_var.as_deref(), Some("SHOP_TOKEN"));
    }

    #[test]
    fn an_ad_hoc_crate_gets_the_settings_of_its_specs_api_only() {
        let project = project(TWO_APIS).expect("valid config");
        let krate = CrateConfig {
            name: CrateName::parse("petstore").expect("valid name"),
            version: "0.1.0".into(),
        };
        let ad_hoc = |title: &str| {
            project.ad_hoc(
                title,
                "pets.yaml".into(),
                "out".into(),
                krate.clone(),
                SelectionConfig::default(),
            )
        };
        let petstore = ad_hoc("Swagger Petstore");
        assert_eq!(petstore.api_title, None);
        assert!(petstore.overlays.is_empty());
        assert_eq!(petstore.client, ClientConfig::default());
        assert!(petstore.servers.is_empty());

        let shop = ad_hoc("Shop API");
        assert_eq!(shop.api_title.as_deref(), Some("Shop API"));
        assert_eq!(shop.overlays, [PathBuf::from("openapi/shop-fixes.yaml")]);
        assert_eq!(shop.client.token_env_var.as_deref(), Some("SHOP_TOKEN"));
        assert!(shop.overrides == Overrides::default());
    }

    #[test]
    fn the_default_crate_of_an_api_is_its_first() {
        let project = project(TWO_APIS).expect("valid config");
        let default = project.default_crate_for("Shop API").expect("a crate");
        assert_eq!(default.krate.name.package(), "shop-orders");
        assert!(project.default_crate_for("Other API").is_none());
        assert!(project.default_crate_for("Petstore").is_none());
    }

    #[test]
    fn an_unknown_crate_is_named_with_the_known_ones() {
        let error = project(TWO_APIS)
            .and_then(|p| p.crate_config("shop-pets"))
            .expect_err("no such crate");
        assert_eq!(
            error.to_string(),
            "codegen.toml: invalid codegen config: no crate is named `shop-pets`; the configured crates are: shop-orders, shop-carts"
        );
    }

    #[test]
    fn rejects_unknown_keys_with_their_location() {
        let error = project("[apis.a]\ntitle = 'A'\nsurprise = 1\n").expect_err("unknown key");
        let message = error.to_string();
        assert!(
            message.starts_with("codegen.toml: invalid codegen config: "),
            "{message}"
        );
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains("surprise"), "{message}");
    }

    #[test]
    fn rejects_what_would_make_generation_ambiguous_or_destructive() {
        let crate_entry = |name: &str, output: &str, extra: &str| {
            format!("[[crates]]\nname = '{name}'\nversion = '0.1.0'\nspec = 's.yaml'\noutput = '{output}'\n{extra}\n")
        };
        let cases = [
            (
                format!("{}{}", crate_entry("a", "out/a", ""), crate_entry("a", "out/b", "")),
                "another crate has the same name",
            ),
            (
                format!("{}{}", crate_entry("a", "out", ""), crate_entry("b", "out/b", "")),
                "overlaps crate a's out",
            ),
            (crate_entry("a", ".", ""), "not the project root"),
            (
                crate_entry("a", "out", "api = 'nope'"),
                "`api = \"nope\"` names no `[apis]` entry",
            ),
            (
                "[apis.a]\ntitle = 'T'\n[apis.b]\ntitle = 'T'\n".to_owned(),
                "have the same title",
            ),
            (
                "[apis.a]\ntitle = 'T'\nclient = { api_version_header = 'Bad Header' }\n"
                    .to_owned(),
                "`apis.a.client.api_version_header` is \"Bad Header\"",
            ),
            (
                "[apis.a]\ntitle = 'T'\nclient = { rate_limit = { reset = 'Reset:' } }\n".to_owned(),
                "`apis.a.client.rate_limit.reset` is \"Reset:\"",
            ),
            (
                "[apis.a]\ntitle = 'T'\nclient = { rate_limit = { reset_is = 'minutes' } }\n"
                    .to_owned(),
                "unknown variant `minutes`",
            ),
            (
                crate_entry(
                    "a",
                    "out",
                    "webhook_signature = { header = 'X Sig', algorithm = 'hmac-sha256', encoding = 'hex' }",
                ),
                "webhook_signature.header` is \"X Sig\"",
            ),
            (
                crate_entry("a b", "out", ""),
                "expected a Cargo package name",
            ),
        ];
        for (text, expected) in cases {
            let message = project(&text).expect_err(&text).to_string();
            assert!(message.contains(expected), "{text}\n→ {message}");
        }
    }
}
