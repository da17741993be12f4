//! Keeping of the runtime only what a crate uses. A template item that only some crates need
//! is marked by a line above it (above its docs and attributes too):
//!
//! ```text
//! // Only where the crate has `.text_body(`.
//! /// Sets a text body of `media_type`.
//! pub(crate) fn text_body(self, body: impl Into<String>, media_type: &'static str) -> Self {
//! ```
//!
//! The item is emitted where the rest of the crate, its generated files and the runtime items
//! it keeps, contains one of the backquoted texts (several are written `` `a` or `b` ``), and
//! left out elsewhere, so that no crate carries code it never calls, nor an
//! `#[allow(dead_code)]` to hide it. Leaving out an item can leave another without a user (a
//! helper of it), so items are left out until every marked item left has one. Items inside a
//! kept item (the methods of an `impl`) may have markers of their own. Markers are never
//! emitted.
//!
//! Templates are formatted by rustfmt, so an item ends at the first line at its own indentation
//! that closes it (`}`, `};`, or a line ending in `;` or `}` that is not a comment or an
//! attribute); the unit tests check that every marked item of every template is found whole.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, Input, MatchKind};
use rayon::prelude::*;

/// What starts a marker line, after its indentation.
const MARK: &str = "// Only where the crate has ";

/// The runtime files with their marked items found, and the runtime lines that use each: all
/// that trimming needs but the generated files, so that it is made while they are formatted.
pub(crate) struct Runtime<'a> {
    templates: Vec<Template<'a>>,
    searcher: Searcher<'a>,
    /// For each marked item, by (file, mark), the lines of the runtime that use it.
    users: BTreeMap<(usize, usize), Vec<(usize, usize)>>,
}

impl<'a> Runtime<'a> {
    /// The runtime files `sources`, read for trimming.
    pub(crate) fn new(sources: &[&'a str]) -> Self {
        let templates: Vec<Template<'a>> = sources.iter().map(|s| Template::parse(s)).collect();
        let searcher = Searcher::new(&templates);
        let users = searcher.users(&templates);
        Runtime {
            templates,
            searcher,
            users,
        }
    }

    /// The runtime files without the marked items that no other part of the crate uses:
    /// neither the `generated` Rust files nor the runtime items kept.
    pub(crate) fn trimmed(self, generated: &[&str]) -> Vec<String> {
        let Runtime {
            mut templates,
            searcher,
            users,
        } = self;
        let in_generated = searcher.found_in(generated);
        loop {
            // Items left out in a round are seen in the next: until then their users count.
            let unused: Vec<(usize, usize)> = users
                .iter()
                .filter(|((file, index), _)| templates[*file].is_kept(*index))
                .filter(|((file, index), places)| {
                    let needles = &templates[*file].marks[*index].needles;
                    !needles.iter().any(|needle| in_generated.contains(needle))
                        && places
                            .iter()
                            .all(|&(file, line)| templates[file].is_left_out(line))
                })
                .map(|(mark, _)| *mark)
                .collect();
            if unused.is_empty() {
                break;
            }
            for (file, index) in unused {
                templates[file].marks[index].kept = false;
            }
        }
        templates.iter().map(Template::render).collect()
    }
}

/// Every text of the templates' markers, searched for all at once: the generated files of a
/// whole API are megabytes.
///
/// The search looks for the leftmost, longest text from each place on, which aho-corasick
/// speeds up by skipping to the bytes a text can start with; an overlapping search cannot skip,
/// and took nearly three times as long. Every place a text starts is still visited, since each search starts
/// one byte after the last hit began, and the shorter texts found where a longer one is are
/// the texts that begin it.
struct Searcher<'a> {
    needles: Vec<&'a str>,
    /// For each text, the texts it begins with, itself included.
    beginnings: Vec<Vec<usize>>,
    automaton: Option<AhoCorasick>,
}

impl<'a> Searcher<'a> {
    fn new(templates: &[Template<'a>]) -> Self {
        let needles: BTreeSet<&str> = templates
            .iter()
            .flat_map(|template| &template.marks)
            .flat_map(|mark| mark.needles.iter().copied())
            .collect();
        let needles: Vec<&str> = needles.into_iter().collect();
        let beginnings = needles
            .iter()
            .map(|needle| {
                (0..needles.len())
                    .filter(|&shorter| needle.starts_with(needles[shorter]))
                    .collect()
            })
            .collect();
        // Only more texts than it can hold fail the automaton; then they are searched one by one.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&needles)
            .ok();
        Searcher {
            needles,
            beginnings,
            automaton,
        }
    }

    /// Each text found in `haystack` where it is not part of a longer name.
    fn hits<'h>(&'h self, haystack: &'h str) -> Box<dyn Iterator<Item = &'a str> + 'h> {
        let whole = move |&(needle, at): &(&str, usize)| is_whole(haystack, at, needle);
        match &self.automaton {
            Some(automaton) => {
                let mut from = 0;
                let longest = std::iter::from_fn(move || {
                    let hit = automaton.find(Input::new(haystack).range(from..))?;
                    from = hit.start() + 1;
                    Some(hit)
                });
                Box::new(
                    longest
                        .flat_map(move |hit| {
                            self.beginnings[hit.pattern().as_usize()]
                                .iter()
                                .map(move |&needle| (self.needles[needle], hit.start()))
                        })
                        .filter(whole)
                        .map(|(needle, _)| needle),
                )
            }
            None => Box::new(
                self.needles
                    .iter()
                    .flat_map(move |&needle| {
                        haystack
                            .match_indices(needle)
                            .map(move |(at, _)| (needle, at))
                    })
                    .filter(whole)
                    .map(|(needle, _)| needle),
            ),
        }
    }

    /// The texts the `generated` files have, searched on rayon's threads (render waits for it
    /// with the formatting done).
    fn found_in(&self, generated: &[&str]) -> BTreeSet<&'a str> {
        generated
            .par_iter()
            .map(|text| self.hits(text).collect::<BTreeSet<_>>())
            .reduce(BTreeSet::new, |mut found, more| {
                found.extend(more);
                found
            })
    }

    /// For each marked item, by (file, mark), the lines of the runtime that use it: those that
    /// have one of its texts, outside its own item and the marker lines.
    fn users(&self, templates: &[Template<'a>]) -> BTreeMap<(usize, usize), Vec<(usize, usize)>> {
        let mut lines_having: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (file, template) in templates.iter().enumerate() {
            for (line, text) in template.lines.iter().enumerate() {
                if needles(text).is_some() {
                    continue;
                }
                for needle in self.hits(text) {
                    lines_having.entry(needle).or_default().push((file, line));
                }
            }
        }
        let mut users = BTreeMap::new();
        for (file, template) in templates.iter().enumerate() {
            for (index, mark) in template.marks.iter().enumerate() {
                let own = mark.at..=mark.end;
                let places = mark
                    .needles
                    .iter()
                    .flat_map(|needle| lines_having.get(needle).into_iter().flatten())
                    .filter(|&&(at_file, line)| at_file != file || !own.contains(&line))
                    .copied()
                    .collect();
                users.insert((file, index), places);
            }
        }
        users
    }
}

/// One runtime file and its marked items.
struct Template<'a> {
    source: &'a str,
    lines: Vec<&'a str>,
    marks: Vec<Mark<'a>>,
}

/// A marked item: its marker's line, its last line, its texts, and whether it is kept.
struct Mark<'a> {
    at: usize,
    end: usize,
    needles: Vec<&'a str>,
    kept: bool,
}

impl<'a> Template<'a> {
    fn parse(source: &'a str) -> Self {
        let lines: Vec<&str> = source.lines().collect();
        let marks = lines
            .iter()
            .enumerate()
            .filter_map(|(at, line)| {
                // Only a marker line has an item to find the end of.
                let needles = needles(line)?;
                Some(Mark {
                    at,
                    end: item_end(&lines, at)?,
                    needles,
                    kept: true,
                })
            })
            .collect();
        Template {
            source,
            lines,
            marks,
        }
    }

    /// Whether mark `index` is kept: neither it nor an item around it is left out.
    fn is_kept(&self, index: usize) -> bool {
        let mark = &self.marks[index];
        mark.kept && !self.is_left_out(mark.at)
    }

    /// Whether line `at` belongs to an item left out.
    fn is_left_out(&self, at: usize) -> bool {
        self.marks
            .iter()
            .any(|mark| !mark.kept && (mark.at..=mark.end).contains(&at))
    }

    /// The file as emitted: blank lines around an item left out close up as rustfmt would
    /// have them.
    fn render(&self) -> String {
        let mut kept: Vec<&str> = Vec::with_capacity(self.lines.len());
        let mut at = 0;
        while at < self.lines.len() {
            let line = self.lines[at];
            let Some(mark) = self.marks.iter().find(|mark| mark.at == at) else {
                kept.push(line);
                at += 1;
                continue;
            };
            at += 1;
            if mark.kept {
                continue;
            }
            at = mark.end + 1;
            let next = self.lines.get(at).copied();
            let previous = kept.last().copied();
            let previous_blank = previous.is_some_and(str::is_empty);
            if next.is_some_and(str::is_empty)
                && (previous_blank || previous.is_none_or(|line| line.ends_with('{')))
            {
                // The item's blank line goes with it.
                at += 1;
            } else if previous_blank && next.is_some_and(|line| line.trim_start().starts_with('}'))
            {
                // It was the last of its block.
                kept.pop();
            }
        }
        let mut rendered = kept.join("\n");
        if self.source.ends_with('\n') {
            rendered.push('\n');
        }
        rendered
    }
}

/// The backquoted texts of a marker line, or `None` if `line` is not one.
fn needles(line: &str) -> Option<Vec<&str>> {
    let list = line.trim_start().strip_prefix(MARK)?.strip_suffix('.')?;
    list.split(" or ")
        .map(|needle| needle.strip_prefix('`')?.strip_suffix('`'))
        .collect()
}

/// The last line of the item whose marker is line `marker`.
fn item_end(lines: &[&str], marker: usize) -> Option<usize> {
    let indent = indentation(lines[marker]);
    (marker + 1..lines.len()).find(|&at| {
        let line = lines[at];
        let code = line.trim_start();
        indentation(line) == indent
            && !code.starts_with("//")
            && !code.starts_with("#[")
            && (code.ends_with(';') || code.ends_with('}'))
    })
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether `needle`, found in `haystack` at `at`, is not part of a longer name.
fn is_whole(haystack: &str, at: usize, needle: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let starts_name = needle.chars().next().is_some_and(is_name);
    let ends_name = needle.chars().last().is_some_and(is_name);
    let before = haystack[..at].chars().next_back();
    let after = haystack[at + needle.len()..].chars().next();
    let joins_before = starts_name && before.is_some_and(is_name);
    let joins_after = ends_name && after.is_some_and(is_name);
    !joins_before && !joins_after
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `haystack` has `needle` where it is not part of a longer name: `request::json` is in
    /// `request::json,` but not in `request::json_body`, and `pairs(` is not in `set_pairs(`.
    fn has_text(haystack: &str, needle: &str) -> bool {
        haystack
            .match_indices(needle)
            .any(|(at, _)| is_whole(haystack, at, needle))
    }

    const TEMPLATE: &str = "\
use std::fmt;
// Only where the crate has `Duration`.
use std::time::Duration;

impl Request {
    // Only where the crate has `.first(`.
    /// The first.
    #[allow(
        clippy::all,
        reason = \"an attribute over lines\"
    )]
    pub(crate) fn first(
        self,
    ) -> Self {
        self.helper()
    }

    /// Always there.
    pub(crate) fn always(self) -> Self {
        self
    }

    // Only where the crate has `.helper(`.
    fn helper(self) -> Self {
        self
    }

    // Only where the crate has `.last(` or `.final(`.
    pub(crate) fn last(self) -> Self {
        self
    }
}
";

    fn trimmed(generated: &str) -> String {
        Runtime::new(&[TEMPLATE]).trimmed(&[generated]).remove(0)
    }

    #[test]
    fn used_items_stay_without_their_markers() {
        let all = trimmed("Duration .first( .final(");
        assert!(!all.contains(MARK));
        assert_eq!(all.lines().count(), TEMPLATE.lines().count() - 4);
    }

    #[test]
    fn unused_items_go_with_their_helpers_and_the_blank_lines_around_them() {
        assert_eq!(
            trimmed(""),
            "\
use std::fmt;

impl Request {
    /// Always there.
    pub(crate) fn always(self) -> Self {
        self
    }
}
"
        );
    }

    #[test]
    fn a_text_is_found_only_where_it_is_not_part_of_a_longer_name() {
        assert!(has_text("request::json,", "request::json"));
        assert!(has_text("x.json_body(", ".json_body("));
        assert!(has_text("self.pairs(", "pairs("));
        assert!(!has_text("request::json_body", "request::json"));
        assert!(!has_text("request::text2", "request::text"));
        assert!(!has_text("set_pairs(", "pairs("));
    }

    /// A text is found wherever it begins: where a longer text begins with it (`style::`),
    /// inside a longer one (`::pairs`) and overlapping its end (`pairs(x`).
    #[test]
    fn every_text_is_found_wherever_it_begins() {
        let template = "\
// Only where the crate has `style::`.
fn a() {}
// Only where the crate has `style::pairs(`.
fn b() {}
// Only where the crate has `::pairs`.
fn c() {}
// Only where the crate has `pairs(x`.
fn d() {}
";
        let templates = [Template::parse(template)];
        let found: BTreeSet<&str> = Searcher::new(&templates)
            .hits("crate::style::pairs(x)")
            .collect();
        assert_eq!(
            found,
            BTreeSet::from(["style::", "style::pairs(", "::pairs", "pairs(x"])
        );
    }

    /// Every marker of every template is well formed and marks an item that parses whole, and
    /// what is left without any marked item parses too.
    #[test]
    fn every_marked_item_of_the_templates_is_found_whole() {
        let mut marked = 0;
        for (path, source) in super::super::runtime::all() {
            let lines: Vec<&str> = source.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                if !line.trim_start().starts_with(MARK) {
                    continue;
                }
                assert!(
                    needles(line).is_some(),
                    "{path}:{}: malformed marker",
                    at + 1
                );
                let end = item_end(&lines, at)
                    .unwrap_or_else(|| panic!("{path}:{}: the marked item has no end", at + 1));
                let item = lines[at + 1..=end].join("\n");
                let parses = syn::parse_str::<syn::Item>(&item).is_ok()
                    || syn::parse_str::<syn::ImplItem>(&item).is_ok();
                assert!(
                    parses,
                    "{path}:{}: the marked item is not whole:\n{item}",
                    at + 1
                );
                marked += 1;
            }
            let without_any = Runtime::new(&[source]).trimmed(&[]).remove(0);
            if let Err(error) = syn::parse_file(&without_any) {
                panic!("{path} does not parse without its marked items: {error}");
            }
        }
        assert!(marked >= 20, "only {marked} marked items found");
    }
}
