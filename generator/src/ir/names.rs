//! Every Rust identifier the generator emits comes from here.
//!
//! Spec names are arbitrary strings: `type`, `123abc`, `a-b`, `ünïcode`, `=`, or empty. One
//! function per case style turns them into valid, readable identifiers (heck for the case,
//! symbols spelled out, a prefix before a leading digit, keywords escaped), and
//! [`NameAllocator`] makes them unique deterministically. The wire name is kept separately by
//! the caller; serde renames are emitted only where the two differ.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that a raw identifier (`r#type`) can stand in for, in every edition.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const UNRAWABLE_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A type name (`custom_channel_contact` → `CustomChannelContact`).
pub fn type_name(raw: &str) -> String {
    let name = camel(&words(raw), "Type");
    // `Self` is the only keyword an UpperCamelCase word can be.
    if name == "Self" {
        "SelfType".into()
    } else {
        name
    }
}

/// An enum variant name. Values made only of symbols are spelled out, so the search operators
/// `=`, `!=`, `<`, `~`, `!~`, `^`, `$` become `Equals`, `NotEquals`, `LessThan`, `Tilde`,
/// `NotTilde`, `Caret`, `Dollar`.
pub fn variant_name(raw: &str) -> String {
    if !raw.is_empty() && !raw.chars().any(char::is_alphanumeric) {
        let spelled: Vec<&str> = raw.chars().map(symbol_word).collect();
        return camel(&spelled.join(" "), "Value");
    }
    match camel(&words(raw), "Empty") {
        name if name == "Self" => "SelfValue".into(),
        name => name,
    }
}

/// A field, argument or method name (`externalId` → `external_id`, `type` → `r#type`,
/// `self` → `self_`).
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if UNRAWABLE_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A method name; the same rules as [`field_name`].
pub fn method_name(raw: &str) -> String {
    field_name(raw)
}

/// Hands out unique names: the first claim of a name gets it, later claims get `Name2`,
/// `Name3` … in claim order, so the result depends only on the order of claims.
#[derive(Debug, Default, Clone)]
pub struct NameAllocator {
    taken: BTreeSet<String>,
}

impl NameAllocator {
    /// An allocator where `reserved` are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        NameAllocator {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// `wanted` if free, else `wanted` with the smallest free numeric suffix (`_2` after a
    /// snake_case name).
    pub fn claim(&mut self, wanted: &str) -> String {
        let (stem, separator) = match wanted.strip_prefix("r#") {
            Some(stem) => (stem, "_"),
            None if wanted.contains('_') || wanted.starts_with(|c: char| c.is_lowercase()) => {
                (wanted, "_")
            }
            None => (wanted, ""),
        };
        let mut candidate = wanted.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{}{separator}{n}", stem.trim_end_matches('_'));
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// The raw name with every character that cannot be part of an identifier turned into a word
/// break, after transliterating non-ASCII text to ASCII (`ünïcode` → `unicode`).
fn words(raw: &str) -> String {
    deunicode::deunicode(raw)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// UpperCamelCase of `words`, with a `V` before a leading digit and `fallback` for nothing.
fn camel(words: &str, fallback: &str) -> String {
    let mut name = words.to_upper_camel_case();
    if name.is_empty() {
        name = fallback.into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

fn symbol_word(c: char) -> &'static str {
    match c {
        '=' => "equals",
        '!' => "not",
        '<' => "less than",
        '>' => "greater than",
        '~' => "tilde",
        '^' => "caret",
        '$' => "dollar",
        '*' => "star",
        '+' => "plus",
        '-' => "minus",
        '.' => "dot",
        '/' => "slash",
        '%' => "percent",
        '&' => "and",
        '|' => "or",
        '@' => "at",
        '#' => "hash",
        '?' => "question",
        ':' => "colon",
        ',' => "comma",
        _ => "symbol",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(
            type_name("custom_channel_base_event"),
            "CustomChannelBaseEvent"
        );
        assert_eq!(
            type_name("Custom Channel - Attribute"),
            "CustomChannelAttribute"
        );
        assert_eq!(type_name("123abc"), "V123abc");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name(""), "Type");
        assert_eq!(type_name("ünïcode"), "Unicode");
    }

    #[test]
    fn field_names_escape_keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("fn"), "r#fn");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("_"), "value");
        assert_eq!(field_name(""), "value");
        assert_eq!(field_name("123abc"), "_123abc");
        assert_eq!(field_name("a-b"), "a_b");
        assert_eq!(field_name("externalId"), "external_id");
        assert_eq!(field_name("ünïcode"), "unicode");
    }

    #[test]
    fn symbol_only_values_get_readable_variant_names() {
        let names: Vec<String> = ["=", "!=", "<", ">", "~", "!~", "^", "$"]
            .iter()
            .map(|v| variant_name(v))
            .collect();
        assert_eq!(
            names,
            [
                "Equals",
                "NotEquals",
                "LessThan",
                "GreaterThan",
                "Tilde",
                "NotTilde",
                "Caret",
                "Dollar"
            ]
        );
        assert_eq!(variant_name("user"), "User");
        assert_eq!(variant_name("in-progress"), "InProgress");
        assert_eq!(variant_name("1"), "V1");
    }

    #[test]
    fn allocator_suffixes_collisions_in_claim_order() {
        let mut names = NameAllocator::with_reserved(["Client"]);
        assert_eq!(names.claim("Client"), "Client2");
        assert_eq!(names.claim("Error"), "Error");
        assert_eq!(names.claim("Error"), "Error2");
        let mut fields = NameAllocator::default();
        assert_eq!(fields.claim("a_b"), "a_b");
        assert_eq!(fields.claim("a_b"), "a_b_2");
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
    }
}
