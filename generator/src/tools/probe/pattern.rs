//! A string that a schema's `pattern` matches, so that a probe's ids look like the API's ids
//! (`^IS[0-9a-f]{32}$`, a snowflake's `^(0|[1-9][0-9]*)$`) and a validating server judges the
//! request, not the sample.
//!
//! The pattern is read by `regex-syntax` and walked once: literals as written, the first
//! alternative, each repetition its least count, each class a readable character it holds.
//! Where `minLength` asks for more, the repetitions are taken more times. The result is checked
//! with `regex`; a pattern these crates do not read (lookaround, backreferences) gets no sample.

use regex_syntax::hir::{Class, Hir, HirKind};

/// How many more times than their least each repetition is taken, tried in turn until the text
/// is long enough.
const EXTRA_ROUNDS: [u32; 9] = [0, 1, 2, 4, 8, 16, 32, 64, 128];

/// The longest text tried: enough for any `minLength` a description sets for an id.
const LONGEST: usize = 4096;

/// Characters a class is sampled by, in order of preference: readable, and safe in a URL.
const PREFERRED: [char; 6] = ['a', '0', 'A', '_', '-', '.'];

/// `stand_in` (the format's sample) where `pattern` matches it, as a date-time pattern matches
/// a date-time, or where the pattern cannot be read; else a string the pattern matches, of
/// `min..=max` characters, if one is found.
pub(super) fn meeting(pattern: &str, stand_in: String, min: usize, max: usize) -> String {
    let Ok(regex) = regex::Regex::new(pattern) else {
        return stand_in;
    };
    if regex.is_match(&stand_in) {
        return stand_in;
    }
    matching(pattern, &regex, min, max).unwrap_or(stand_in)
}

/// A string `pattern` (compiled as `regex`) matches, of `min..=max` characters, if one is
/// found.
fn matching(pattern: &str, regex: &regex::Regex, min: usize, max: usize) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    EXTRA_ROUNDS.into_iter().find_map(|extra| {
        let mut text = String::new();
        write(&hir, extra, &mut text);
        let length = text.chars().count();
        let fits = (min..=max).contains(&length) && regex.is_match(&text);
        fits.then_some(text)
    })
}

/// Appends a text `hir` matches, with each repetition taken `extra` more times than its least.
fn write(hir: &Hir, extra: u32, out: &mut String) {
    if out.len() > LONGEST {
        return;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => out.extend(sample_char(class)),
        HirKind::Repetition(repetition) => {
            let most = repetition.max.unwrap_or(u32::MAX);
            let count = repetition.min.saturating_add(extra).min(most);
            for _ in 0..count {
                write(&repetition.sub, extra, out);
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, extra, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write(part, extra, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                write(first, extra, out);
            }
        }
    }
}

/// A character of `class`: a preferred one it holds, else its first printable one.
fn sample_char(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    let holds = |c: char| {
        ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&c))
    };
    PREFERRED
        .into_iter()
        .chain('!'..='~')
        .find(|c| holds(*c))
        .or_else(|| ranges.first().map(|(start, _)| *start))
}

#[cfg(test)]
mod tests {
    use super::meeting;

    /// What [`meeting`] makes of `pattern` when its stand-in does not match (`None`: it keeps
    /// the stand-in).
    fn matching(pattern: &str, min: usize, max: usize) -> Option<String> {
        let stand_in = "\u{1}";
        Some(meeting(pattern, stand_in.to_owned(), min, max)).filter(|text| text != stand_in)
    }

    #[test]
    fn ids_follow_their_pattern() {
        let twilio = matching("^IS[0-9a-f]{32}$", 0, usize::MAX);
        assert_eq!(twilio, Some(format!("IS{}", "a".repeat(32))));
        assert_eq!(
            matching("^(0|[1-9][0-9]*)$", 0, usize::MAX).as_deref(),
            Some("0")
        );
        assert_eq!(
            matching(r"^\d{3}-\w+\.txt$", 0, usize::MAX).as_deref(),
            Some("000-a.txt")
        );
    }

    #[test]
    fn repetitions_grow_to_the_least_length() {
        assert_eq!(matching("^[a-z]+$", 5, 10).as_deref(), Some("aaaaa"));
        assert_eq!(matching("^[a-z]{2}$", 5, 10), None);
    }

    #[test]
    fn a_pattern_regex_cannot_read_has_no_sample() {
        assert_eq!(matching("^(?=a)a$", 0, usize::MAX), None);
        assert_eq!(matching("(unclosed", 0, usize::MAX), None);
    }
}
