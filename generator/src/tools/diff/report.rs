//! The Markdown report, ready to paste into a pull request: counts first, then the breaking and
//! the non-breaking changes on the wire, the changes to the generated crate's API with their
//! semver impact, description-only changes in one line, and the suggested next version of the
//! generated crate.

use std::fmt::Write;

use super::{ApiDiff, Semver, Tally, Wire};

/// The report for `diff`; `crate_version` is the generated crate's current version (`0.1.0`).
pub fn render(diff: &ApiDiff, crate_version: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# API changes: {} ({}) → {} ({})\n",
        diff.old.0, diff.old.1, diff.new.0, diff.new.1
    );
    let _ = writeln!(out, "Compared: {}.\n", diff.scope);
    for warning in &diff.warnings {
        let _ = writeln!(out, "> **Warning:** {warning}\n");
    }
    let breaking = diff
        .wire
        .iter()
        .filter(|c| c.wire == Wire::Breaking)
        .count();
    let non_breaking = diff.wire.len() - breaking;
    let semver = diff.semver();
    let _ = writeln!(
        out,
        "| | added | removed | changed | of which only descriptions |\n|---|---|---|---|---|"
    );
    for (label, tally) in [("paths", &diff.paths), ("schemas", &diff.schemas)] {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} | {} |",
            tally.added.len(),
            tally.removed.len(),
            tally.changed.len(),
            tally.described.len()
        );
    }
    let _ = writeln!(
        out,
        "\n**{breaking} breaking** and **{non_breaking} non-breaking** changes for API clients. Generated crate: **{}** change ({}); suggested next version `{}`.\n",
        semver_word(semver),
        match diff.crate_changes.len() {
            1 => "1 change to its API".to_owned(),
            count => format!("{count} changes to its API"),
        },
        next_version(crate_version, semver, &diff.new.1)
    );
    let unchanged = diff.wire.is_empty()
        && diff.crate_changes.is_empty()
        && diff.paths.changed.is_empty()
        && diff.schemas.changed.is_empty();
    if unchanged {
        let _ = writeln!(
            out,
            "No changes: every path and schema compared is identical."
        );
        return out;
    }
    for (title, wire) in [
        ("Breaking changes for API clients", Wire::Breaking),
        ("Non-breaking changes for API clients", Wire::NonBreaking),
    ] {
        let listed: Vec<_> = diff.wire.iter().filter(|c| c.wire == wire).collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n\n| change |\n|---|");
        for change in listed {
            let _ = writeln!(out, "| {}: {} |", change.subject, change.what);
        }
        out.push('\n');
    }
    if !diff.crate_changes.is_empty() {
        let _ = writeln!(
            out,
            "## Changes to the generated crate\n\n| item | change | semver |\n|---|---|---|"
        );
        let mut listed: Vec<_> = diff.crate_changes.iter().collect();
        listed.sort_by_key(|c| std::cmp::Reverse(c.semver));
        for change in listed {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                change.item,
                change.what,
                semver_word(change.semver)
            );
        }
        out.push('\n');
    }
    let described = described_line(&diff.paths, &diff.schemas);
    if !described.is_empty() {
        let _ = writeln!(out, "## Description-only changes\n\n{described}");
    }
    out
}

/// `names` as a comma-separated list of code spans: `` `a`, `b` ``.
pub(super) fn code_list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn described_line(paths: &Tally, schemas: &Tally) -> String {
    let parts: Vec<String> = [("paths", &paths.described), ("schemas", &schemas.described)]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(kind, names)| format!("{} {kind} ({})", names.len(), code_list(names)))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        parts => format!("{} changed only in descriptions, titles, examples or the order of a set (docs of the generated crate change; patch).\n", parts.join(" and ")),
    }
}

fn semver_word(semver: Semver) -> &'static str {
    match semver {
        Semver::Major => "major",
        Semver::Minor => "minor",
        Semver::Patch => "patch",
    }
}

/// The version after `current` for a change of `semver` (for `0.y.z`, `y` is the major part),
/// with the new API version as build metadata.
pub(crate) fn next_version(current: &str, semver: Semver, api_version: &str) -> String {
    let core = current.split(['+', '-']).next().unwrap_or(current);
    let mut parts = core.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let (major, minor, patch) = match (major, semver) {
        (0, Semver::Major) => (0, minor + 1, 0),
        (0, _) => (0, minor, patch + 1),
        (_, Semver::Major) => (major + 1, 0, 0),
        (_, Semver::Minor) => (major, minor + 1, 0),
        (_, Semver::Patch) => (major, minor, patch + 1),
    };
    format!("{major}.{minor}.{patch}+api.{api_version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_versions_bump_their_minor_for_breaking_changes() {
        assert_eq!(
            next_version("0.1.0", Semver::Major, "2.15"),
            "0.2.0+api.2.15"
        );
        assert_eq!(
            next_version("0.1.0", Semver::Minor, "2.15"),
            "0.1.1+api.2.15"
        );
        assert_eq!(
            next_version("1.4.2", Semver::Major, "2.15"),
            "2.0.0+api.2.15"
        );
        assert_eq!(
            next_version("1.4.2", Semver::Minor, "2.15"),
            "1.5.0+api.2.15"
        );
        assert_eq!(
            next_version("1.4.2+api.2.14", Semver::Patch, "2.14"),
            "1.4.3+api.2.14"
        );
    }
}
