//! A large YAML description read in parts, on several threads.
//!
//! Reading the YAML is a third of a whole-spec generation, and one thread did it all. A
//! description is one big block mapping whose few keys hold thousands of entries each (`paths`,
//! `components/schemas`), and the lines that start those entries are easy to find: a line
//! indented exactly as its siblings are, that starts neither a comment nor a sequence item. So
//! the text is cut at such lines into parts of similar size; each part is read alone, with the
//! lines of the keys above it (`components:`, `  schemas:`) put before it so that it reads as
//! the same nesting, and the parts' entries are joined in document order.
//!
//! Cutting by lines is only sound where no YAML construct spans a cut. A construct that can (a
//! quoted scalar or a flow collection, an alias to an anchor of another part) leaves the part
//! before the cut, or the one after it, unreadable; a block scalar or a plain one cannot reach
//! a line indented as the entry keys are. So when any part fails to read, or two parts give the same key, the
//! document is read whole instead, and the error, if there is one, is the whole read's, located
//! as always. Directives and documents after the first are left to the whole read too.

use rayon::prelude::*;
use serde_json::{Map, Value};

/// Below this size a document is read whole: cutting it would save less than it costs.
const SMALLEST_CUT: usize = 128 * 1024;

/// How many parts to aim for per thread, so that the threads finish close together.
const PARTS_PER_THREAD: usize = 4;

/// The document read in parts by `read`, one YAML text each; `None` when it cannot be cut or a
/// part does not read (see the module docs), to be read whole.
pub(super) fn read_in_parts(
    text: &str,
    read: impl Fn(&str) -> Option<Value> + Sync,
) -> Option<Value> {
    if text.len() < SMALLEST_CUT || rayon::current_num_threads() < 2 {
        return None;
    }
    let lines = Lines::of(text)?;
    let target = text.len() / (rayon::current_num_threads() * PARTS_PER_THREAD);
    let mut parts = Vec::new();
    lines.plan(
        &mut Vec::new(),
        lines.entries(0, lines.count(), 0)?,
        target,
        &mut parts,
    );
    let read: Vec<Option<Value>> = parts
        .par_iter()
        .map(|part| read(&lines.text_of(part)))
        .collect();
    let mut document = Map::new();
    let mut opened: Vec<Vec<usize>> = Vec::new();
    for (part, value) in parts.iter().zip(read) {
        join(&mut document, &mut opened, part, value?)?;
    }
    Some(Value::Object(document))
}

/// A run of sibling entries read as one text, under the key lines above them.
#[derive(Debug)]
struct Part {
    /// The lines of the keys above the entries, outermost first.
    above: Vec<usize>,
    /// The entries' lines: from the first entry's key line to the end of the last entry.
    lines: std::ops::Range<usize>,
}

/// The text split into lines, with what a cut needs to know of each.
struct Lines<'a> {
    text: &'a str,
    /// Where each line starts, and the text's end last.
    starts: Vec<usize>,
    /// Each line's indentation; `None` for a blank line or a comment, which belong to no entry.
    indents: Vec<Option<usize>>,
}

impl<'a> Lines<'a> {
    /// `None` when the text has what only a whole read handles: a directive, a second document,
    /// a tab in the indentation.
    fn of(text: &'a str) -> Option<Self> {
        let mut starts = Vec::with_capacity(text.len() / 32);
        let mut indents = Vec::with_capacity(text.len() / 32);
        let mut start = 0;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            let content = line.trim_start_matches(' ');
            let indent = line.len() - content.len();
            if content.starts_with('\t') {
                return None;
            }
            // The marker that opens the text starts no entry; any other marker, or a directive,
            // leaves the text to the whole read.
            let start_marker = number == 0 && content.trim_end() == "---";
            if indent == 0
                && !start_marker
                && (content.starts_with('%')
                    || content.starts_with("---")
                    || content.starts_with("..."))
            {
                return None;
            }
            let blank = start_marker || content.trim_end().is_empty() || content.starts_with('#');
            starts.push(start);
            indents.push((!blank).then_some(indent));
            start += line.len();
        }
        starts.push(text.len());
        Some(Self {
            text,
            starts,
            indents,
        })
    }

    fn count(&self) -> usize {
        self.indents.len()
    }

    fn len_of(&self, lines: &std::ops::Range<usize>) -> usize {
        self.starts[lines.end] - self.starts[lines.start]
    }

    fn line(&self, index: usize) -> &'a str {
        &self.text[self.starts[index]..self.starts[index + 1]]
    }

    /// The entries of the block mapping in `from..to` whose keys are indented by at least
    /// `least`: each entry's lines, from its key line to the next key line. `None` when the
    /// lines are not such a mapping (a sequence, an explicit `?` key).
    fn entries(&self, from: usize, to: usize, least: usize) -> Option<Vec<std::ops::Range<usize>>> {
        let first = (from..to).find(|&index| self.indents[index].is_some())?;
        let indent = self.indents[first]?;
        if indent < least {
            return None;
        }
        let mut keys = Vec::new();
        for index in first..to {
            match self.indents[index] {
                Some(at) if at < indent => return None,
                Some(at) if at == indent => {
                    let content = &self.line(index)[at..];
                    if content.starts_with('?') {
                        return None;
                    }
                    // A sequence item at the keys' indentation is the value of the key above.
                    if !content.starts_with('-') {
                        keys.push(index);
                    }
                }
                _ => {}
            }
        }
        if keys.first() != Some(&first) {
            return None;
        }
        let ends = keys.iter().skip(1).copied().chain([to]);
        Some(keys.iter().zip(ends).map(|(&key, end)| key..end).collect())
    }

    /// Plans the parts for `entries`, siblings under the key lines `above`: runs of entries of
    /// about `target` bytes, and an entry larger than that cut among its own entries when it is
    /// a key over a block mapping.
    fn plan(
        &self,
        above: &mut Vec<usize>,
        entries: Vec<std::ops::Range<usize>>,
        target: usize,
        parts: &mut Vec<Part>,
    ) {
        let mut run: Option<std::ops::Range<usize>> = None;
        for entry in entries {
            let children = (self.len_of(&entry) > target && self.opens_block(entry.start))
                .then(|| {
                    let indent = self.indents[entry.start].unwrap_or_default();
                    self.entries(entry.start + 1, entry.end, indent + 1)
                })
                .flatten();
            match children {
                Some(children) => {
                    if let Some(lines) = run.take() {
                        parts.push(Part {
                            above: above.clone(),
                            lines,
                        });
                    }
                    above.push(entry.start);
                    self.plan(above, children, target, parts);
                    above.pop();
                }
                None => {
                    let lines = match run.take() {
                        Some(lines) => lines.start..entry.end,
                        None => entry,
                    };
                    if self.len_of(&lines) >= target {
                        parts.push(Part {
                            above: above.clone(),
                            lines,
                        });
                    } else {
                        run = Some(lines);
                    }
                }
            }
        }
        if let Some(lines) = run {
            parts.push(Part {
                above: above.clone(),
                lines,
            });
        }
    }

    /// Whether line `index` is a key with nothing after its colon but a comment: a key whose
    /// value is the block below it.
    fn opens_block(&self, index: usize) -> bool {
        let line = self.line(index);
        let content = match line.find(" #") {
            Some(comment) => &line[..comment],
            None => line,
        };
        content.trim_end().ends_with(':')
    }

    /// The text of `part`: the key lines above it, then its lines.
    fn text_of(&self, part: &Part) -> String {
        let mut text = String::with_capacity(self.len_of(&part.lines) + 64);
        for &line in &part.above {
            text.push_str(self.line(line).trim_end());
            text.push('\n');
        }
        text.push_str(&self.text[self.starts[part.lines.start]..self.starts[part.lines.end]]);
        text
    }
}

/// Joins the entries `value` read for `part` into `document`. `opened` holds the key lines
/// (outermost first) whose mappings earlier parts opened; a key met again under another line
/// is a key given twice, which only the whole read reports well: `None`.
fn join(
    document: &mut Map<String, Value>,
    opened: &mut Vec<Vec<usize>>,
    part: &Part,
    value: Value,
) -> Option<()> {
    let Value::Object(mut entries) = value else {
        return None;
    };
    let mut into = document;
    for depth in 0..part.above.len() {
        let (key, inner) = single(entries)?;
        let path = &part.above[..=depth];
        if !into.contains_key(&key) {
            into.insert(key.clone(), Value::Object(Map::new()));
            opened.push(path.to_vec());
        } else if !opened.iter().any(|line| line == path) {
            return None;
        }
        into = into.get_mut(&key)?.as_object_mut()?;
        entries = inner;
    }
    for (key, value) in entries {
        if into.insert(key, value).is_some() {
            return None;
        }
    }
    Some(())
}

/// The one key of a part's nesting, and the mapping it holds.
fn single(mut entries: Map<String, Value>) -> Option<(String, Map<String, Value>)> {
    if entries.len() != 1 {
        return None;
    }
    let key = entries.keys().next()?.clone();
    match entries.remove(&key)? {
        Value::Object(inner) => Some((key, inner)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Value> {
        serde_yaml::from_str(text).ok()
    }

    /// [`read_in_parts`] on two threads, as on the smallest machine that cuts.
    fn in_parts(text: &str) -> Option<Value> {
        let threads = rayon::ThreadPoolBuilder::new().num_threads(2).build();
        threads
            .expect("a pool")
            .install(|| read_in_parts(text, read))
    }

    /// A document large enough to be cut, with the constructs a cut must respect.
    fn document(paths: usize) -> String {
        let mut text =
            String::from("---\nopenapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n");
        for index in 0..paths {
            text.push_str(&format!(
                "  \"/items/{index}\":\n    get:\n      description: |\n        Line one\n        line: two\n      # a comment\n      tags:\n      - t{index}\n      operationId: op{index}\n"
            ));
        }
        text.push_str("components:\n  schemas:\n");
        for index in 0..paths {
            text.push_str(&format!("    S{index}:\n      type: object\n      description: \"quoted\n        on two lines\"\n"));
        }
        text.push_str("servers:\n- url: https://example.com\n");
        text
    }

    #[test]
    fn a_document_read_in_parts_is_the_document_read_whole() {
        let text = document(3000);
        assert!(text.len() > SMALLEST_CUT);
        let lines = Lines::of(&text).expect("cuttable");
        let mut parts = Vec::new();
        lines.plan(
            &mut Vec::new(),
            lines.entries(0, lines.count(), 0).expect("a mapping"),
            text.len() / 8,
            &mut parts,
        );
        assert!(parts.len() > 4, "{} parts", parts.len());
        let parts = in_parts(&text);
        assert!(parts.is_some(), "not read in parts");
        assert_eq!(parts, read(&text));

        let windows = text.replace('\n', "\r\n");
        assert_eq!(in_parts(&windows), parts, "with CRLF line ends");
    }

    #[test]
    fn what_a_cut_could_break_is_read_whole() {
        let large = document(3000);
        let twice = large.replace("servers:", "paths:\n  /again: {}\nservers:");
        let alias = large
            .replace("operationId: op2999", "operationId: *first")
            .replace("operationId: op0", "operationId: &first op0");
        let second_document = format!("{large}---\nmore: 1\n");
        for (what, text) in [
            ("a key given twice", twice),
            ("an alias to another part", alias),
            ("a second document", second_document),
        ] {
            assert_eq!(in_parts(&text), None, "{what}");
        }
        assert_eq!(in_parts("openapi: 3.0.1\n"), None, "small");
    }
}
