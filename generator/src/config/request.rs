//! What a command line asks for, decided against the config: the one place for the rules that
//! `cargo xtask codegen`, `cargo xtask api-diff` and the standalone `openapi-client-codegen`
//! share. With nothing named, every configured crate; `--crate` one of them, changed by the
//! other options; `--spec` alone the first crate configured for that spec's API, from that spec
//! (a version bump); `--spec` with a selection a crate the config does not describe, with the
//! settings of the spec's API if the config has them and nothing of any configured crate.

use std::path::{Path, PathBuf};

use super::{Config, CrateConfig, Project, SelectionConfig};
use crate::ir::CrateName;
use crate::spec::Source;
use crate::Error;

/// A generation asked for on the command line. Paths are relative to the project root, or
/// absolute.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `--crate`: a configured crate.
    pub krate: Option<String>,
    /// `--spec`: the description to read instead of the config's.
    pub spec: Option<PathBuf>,
    /// `--all`, `--tag`, `--operation`: the operations, instead of the config's selection.
    pub selection: Option<SelectionConfig>,
    /// `--out`: where the crate goes, instead of the config's folder.
    pub out: Option<PathBuf>,
    /// `--crate-name`: the package's name, instead of the configured or derived one.
    pub crate_name: Option<CrateName>,
    /// `--check`: compare with what is on disk instead of writing.
    pub check: bool,
}

/// One crate to generate: its config, and its spec when choosing the config read it already.
#[derive(Debug)]
pub struct Job {
    /// The generation's config.
    pub config: Config,
    /// The spec, parsed once to learn its title.
    pub source: Option<Source>,
}

impl Project {
    /// The crates `request` asks for (see the module docs).
    pub fn jobs(&self, root: &Path, request: &Request) -> Result<Vec<Job>, Error> {
        let usage = |message: String| Error::Usage(message);
        let (mut config, source) = match (&request.krate, &request.spec) {
            (Some(name), _) => (self.crate_config(name)?, None),
            (None, None) => {
                let narrows = request.selection.is_some()
                    || request.out.is_some()
                    || request.crate_name.is_some();
                if narrows {
                    let names: Vec<String> = self.crate_names().map(ToString::to_string).collect();
                    return Err(usage(format!(
                        "--tag, --operation, --all, --out and --crate-name change one crate: name it with --crate ({}) or give --spec",
                        names.join(", ")
                    )));
                }
                let jobs = self.crates().into_iter().map(|config| Job {
                    config,
                    source: None,
                });
                return Ok(jobs.collect());
            }
            (None, Some(spec)) => {
                let source = Source::read(&root.join(spec), spec)?;
                let title = source.title().unwrap_or_default();
                let config = match (&request.selection, self.default_crate_for(title)) {
                    (None, Some(config)) => config,
                    (None, None) => {
                        return Err(usage(format!(
                        "{}: say which operations to generate: --all, --tag NAME or --operation ID",
                        spec.display()
                    )))
                    }
                    (Some(selection), _) => {
                        let Some(out) = &request.out else {
                            return Err(usage(format!(
                                "{}: a crate that the config does not describe needs --out DIR",
                                spec.display()
                            )));
                        };
                        let name = match &request.crate_name {
                            Some(name) => name.clone(),
                            None => crate_name_from_file(spec)?,
                        };
                        let krate = CrateConfig {
                            name,
                            version: "0.1.0".into(),
                        };
                        self.ad_hoc(title, spec.clone(), out.clone(), krate, selection.clone())
                    }
                };
                (config, Some(source))
            }
        };
        if let Some(spec) = &request.spec {
            config = config.with_spec(spec.clone());
        }
        if let Some(selection) = &request.selection {
            config.selection = selection.clone();
        }
        if let Some(out) = &request.out {
            config.output = out.clone();
        }
        if let Some(name) = &request.crate_name {
            config.krate.name = name.clone();
        }
        if request.check && request.out.is_none() && config.output.is_absolute() {
            return Err(usage(
                "--check compares against the config's output directory; it cannot be absolute"
                    .into(),
            ));
        }
        Ok(vec![Job { config, source }])
    }

    /// The config `api-diff` compares a new spec (read as `new`, from `path`) under: the crate
    /// named `krate`, else (without a selection) the first crate configured for the spec's
    /// API, else the whole spec (or `selection`) with the API's settings only.
    pub fn diff_config(
        &self,
        new: &Source,
        path: &Path,
        krate: Option<&str>,
        selection: Option<SelectionConfig>,
    ) -> Result<Config, Error> {
        let title = new.title().unwrap_or_default();
        let configured = match krate {
            Some(name) => Some(self.crate_config(name)?),
            None if selection.is_none() => self.default_crate_for(title),
            None => None,
        };
        Ok(match configured {
            Some(mut config) => {
                if let Some(selection) = selection {
                    config.selection = selection;
                }
                config
            }
            None => self.ad_hoc(
                title,
                path.to_owned(),
                PathBuf::new(),
                CrateConfig {
                    name: crate_name_from_file(path)?,
                    version: "0.1.0".into(),
                },
                selection.unwrap_or(SelectionConfig {
                    all: true,
                    ..SelectionConfig::default()
                }),
            ),
        })
    }
}

/// A package name made from a spec's file name: `petstore.yaml` → `petstore`,
/// `stripe 2024.json` → `stripe-2024`.
pub fn crate_name_from_file(spec: &Path) -> Result<CrateName, Error> {
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("api-{name}");
    }
    // `box.json` cannot make a crate `box` (a keyword): `box-api`.
    if CrateName::parse(&name).is_err() {
        name.push_str("-api");
    }
    CrateName::parse(&name).map_err(|error| {
        Error::Usage(format!(
            "{}: cannot name a crate after this file ({error}); give --crate-name",
            spec.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::crate_name_from_file;

    #[test]
    fn crate_names_follow_the_file_name() {
        let name = |file: &str| {
            crate_name_from_file(Path::new(file))
                .map(|name| name.to_string())
                .unwrap_or_default()
        };
        assert_eq!(name("specs/petstore.yaml"), "petstore");
        assert_eq!(name("Stripe API 2024.json"), "stripe-api-2024");
        assert_eq!(name("2.14.yaml"), "api-2-14");
        assert_eq!(name("box.json"), "box-api");
    }
}
