//! What a regeneration does to the crate's version. A committed crate records the spec it was
//! generated from (`[package.metadata.openapi]` of its manifest); regenerated from another one,
//! the two are compared with `api-diff`'s crate column, the same code and the same verdict, and
//! a breaking change needs a configured version that says so.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diff::{self, Semver, Version};
use crate::config::Config;
use crate::Error;

/// What can be said of one regeneration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The two specs were compared.
    Compared(Release),
    /// The spec the committed crate records is gone or changed in place, so there is nothing to
    /// compare with; why, in words.
    Uncomparable(String),
}

/// The verdict on one regeneration whose specs were compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The spec the committed crate was generated from.
    pub old_spec: PathBuf,
    /// The committed crate's version, build metadata included.
    pub old_version: String,
    /// The impact on code that uses the crate, and how many changes make it.
    pub semver: Semver,
    /// How many changes of the crate's API the comparison found.
    pub changes: usize,
    /// The version the crate must have, when the configured one does not reflect a breaking
    /// change; `None` when it does, or when the change breaks nothing.
    pub required: Option<String>,
}

/// The committed manifest's part that matters here.
#[derive(Deserialize)]
struct Manifest {
    package: Package,
}

#[derive(Deserialize)]
struct Package {
    version: String,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    openapi: Option<Provenance>,
}

#[derive(Deserialize)]
struct Provenance {
    spec: PathBuf,
    sha256: String,
}

/// Compares the crate at `config.output` (under `root`), if one is there, with what
/// `config` generates from a spec whose hash is `new_sha256`: `None` when there is no
/// committed crate, it records no spec, or it was generated from this very spec. A recorded
/// spec that is gone, or changed in place, cannot be compared: the verdict says so, and a
/// failure of the comparison itself is an error.
pub fn check(root: &Path, config: &Config, new_sha256: &str) -> Result<Option<Verdict>, Error> {
    let manifest_path = root.join(&config.output).join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        return Ok(None);
    };
    let Ok(manifest) = toml::from_str::<Manifest>(&text) else {
        return Ok(None);
    };
    let Some(old) = manifest
        .package
        .metadata
        .and_then(|metadata| metadata.openapi)
    else {
        return Ok(None);
    };
    if old.sha256 == new_sha256 {
        return Ok(None);
    }
    let uncomparable = |what: &str| {
        Ok(Some(Verdict::Uncomparable(format!(
            "{}: the crate was generated from {} with sha256 {}, which {what}",
            config.output.display(),
            old.spec.display(),
            old.sha256
        ))))
    };
    if !root.join(&old.spec).is_file() {
        return uncomparable("is gone");
    }
    let old_config = config.clone().with_spec(old.spec.clone());
    let old_side = Version::read(root, &old.spec, &old_config)?;
    if old_side.source.sha256() != old.sha256 {
        return uncomparable("has changed since");
    }
    let new_side = Version::read(root, &config.spec, config)?;
    let report = diff::api_diff(root, old_side, new_side)?;
    let semver = report.semver();
    let api_version = &report.new.1;
    let required = (semver == Semver::Major
        && !breaks_from(&manifest.package.version, &config.krate.version))
    .then(|| diff::next_version(&manifest.package.version, Semver::Major, api_version));
    Ok(Some(Verdict::Compared(Release {
        old_spec: old.spec,
        old_version: manifest.package.version,
        semver,
        changes: report.crate_changes.len(),
        required,
    })))
}

/// Whether `new` is a breaking release after `old` (for `0.y.z`, `y` is the major part).
fn breaks_from(old: &str, new: &str) -> bool {
    let parts = |version: &str| -> (u64, u64) {
        let core = version.split(['+', '-']).next().unwrap_or(version);
        let mut parts = core.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    };
    let ((old_major, old_minor), (new_major, new_minor)) = (parts(old), parts(new));
    match (old_major, new_major) {
        (0, 0) => new_minor > old_minor,
        (old, new) => new > old,
    }
}

#[cfg(test)]
mod tests {
    use super::breaks_from;

    #[test]
    fn a_breaking_release_bumps_the_major_part() {
        assert!(breaks_from("0.1.0+api.2.14", "0.2.0"));
        assert!(!breaks_from("0.1.0+api.2.14", "0.1.0"));
        assert!(!breaks_from("0.1.0+api.2.14", "0.1.5"));
        assert!(breaks_from("0.4.2", "1.0.0"));
        assert!(breaks_from("1.4.2", "2.0.0"));
        assert!(!breaks_from("1.4.2", "1.9.0"));
    }
}
