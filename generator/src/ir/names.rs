//! Every Rust identifier the generator emits is an [`Ident`] made here.
//!
//! Spec names are arbitrary strings: `type`, `123abc`, `a-b`, `ünïcode`, `=`, or empty. One
//! constructor per kind of item turns them into valid, readable identifiers (heck for the case,
//! symbols spelled out, a prefix before a leading digit, keywords escaped), and
//! [`NameAllocator`] makes them unique deterministically. Names given by people (overrides in the
//! config, `--crate-name`) are validated into the same types with [`Ident::parse`] and
//! [`CrateName::parse`], so nothing downstream ever checks, strips or re-adds `r#`. The wire name
//! is kept separately by the caller; serde renames are emitted only where the two differ.

use std::collections::BTreeSet;
use std::fmt;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Span;

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

/// A valid Rust identifier: the name people read (`type`) and whether code must spell it raw
/// (`r#type`). In the config it is written as a string, validated with [`Ident::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Ident {
    name: String,
    raw: bool,
}

impl Ident {
    /// The name as people read it, without `r#`: docs, messages and override keys use this.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Validates a name a person gave (an override's new name). A keyword that can be raw is
    /// accepted as written with or without `r#`; anything else must already be an identifier.
    pub fn parse(text: &str) -> Result<Ident, String> {
        let bare = text.strip_prefix("r#").unwrap_or(text);
        let valid = bare
            .chars()
            .next()
            .is_some_and(|first| first == '_' || first.is_ascii_alphabetic())
            && bare.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
        if !valid {
            return Err(format!(
                "`{text}` is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
            ));
        }
        if UNRAWABLE_KEYWORDS.contains(&bare) {
            return Err(format!(
                "`{text}` is a Rust keyword that cannot be used as a name"
            ));
        }
        Ok(Ident {
            name: bare.to_owned(),
            raw: RAW_KEYWORDS.contains(&bare),
        })
    }

    /// An identifier from generated text that is known to be valid (`Unknown`, `body`).
    fn known(name: &str) -> Ident {
        Ident {
            name: name.to_owned(),
            raw: RAW_KEYWORDS.contains(&name),
        }
    }

    /// A type name composed by lowering from names it made (`CustomChannelContact` + `Type`):
    /// kept as it is when it is already an identifier, else made one like [`Ident::type_name`].
    pub(crate) fn composed_type_name(hint: &str) -> Ident {
        match Ident::parse(hint) {
            Ok(ident) if !ident.raw && hint != "Self" => ident,
            _ => Ident::type_name(hint),
        }
    }

    /// A type name (`custom_channel_contact` → `CustomChannelContact`).
    pub fn type_name(raw: &str) -> Ident {
        let name = camel(raw, "Type");
        // `Self` is the only keyword an UpperCamelCase word can be.
        Ident::known(if name == "Self" { "SelfType" } else { &name })
    }

    /// An enum variant name. Values made only of symbols are spelled out, so the search
    /// operators `=`, `!=`, `<`, `~`, `!~`, `^`, `$` become `Equals`, `NotEquals`, `LessThan`,
    /// `Tilde`, `NotTilde`, `Caret`, `Dollar`.
    pub fn variant_name(raw: &str) -> Ident {
        if !raw.is_empty() && !raw.chars().any(char::is_alphanumeric) {
            let spelled: Vec<&str> = raw.chars().map(symbol_word).collect();
            return Ident::known(&camel(&spelled.join(" "), "Value"));
        }
        match camel(raw, "Empty") {
            name if name == "Self" => Ident::known("SelfValue"),
            name => Ident::known(&name),
        }
    }

    /// A field, argument or method name (`externalId` → `external_id`, `type` → `r#type`,
    /// `self` → `self_`).
    pub fn field_name(raw: &str) -> Ident {
        let mut name = snake_case(raw);
        if name.is_empty() {
            name = "value".into();
        }
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert(0, '_');
        }
        if UNRAWABLE_KEYWORDS.contains(&name.as_str()) {
            name.push('_');
        }
        Ident::known(&name)
    }

    /// A method name; the same rules as [`Ident::field_name`].
    pub fn method_name(raw: &str) -> Ident {
        Ident::field_name(raw)
    }

    /// The name as code spells it (`r#type`), for docs that show a call.
    pub fn in_code(&self) -> String {
        self.to_syn().to_string()
    }

    /// The target of an intra-doc link to this name as a member of `owner` (`Self`,
    /// `crate::Client`): `owner::name`, or for a name code spells raw, which rustdoc does not
    /// resolve in a path, `owner#kind.name`, the member's anchor (`kind`: `structfield`,
    /// `method`).
    pub fn doc_link(&self, owner: &str, kind: &str) -> String {
        if self.raw {
            format!("{owner}#{kind}.{}", self.name)
        } else {
            format!("{owner}::{}", self.name)
        }
    }

    /// The `syn` identifier that spells this name in code.
    pub fn to_syn(&self) -> syn::Ident {
        if self.raw {
            syn::Ident::new_raw(&self.name, Span::call_site())
        } else {
            syn::Ident::new(&self.name, Span::call_site())
        }
    }
}

impl TryFrom<String> for Ident {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Ident::parse(&text)
    }
}

impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        self.to_syn().to_tokens(tokens);
    }
}

impl fmt::Display for Ident {
    /// The name as people read it (no `r#`), for docs and messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The generated crate's name: the Cargo package (`intercom-custom-channels`) and the library
/// identifier code and doctests use (`intercom_custom_channels`). In the config it is written as
/// a string, validated with [`CrateName::parse`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct CrateName {
    package: String,
    library: Ident,
}

impl CrateName {
    /// Validates a package name as Cargo would accept it for a library.
    pub fn parse(text: &str) -> Result<CrateName, String> {
        let expected = "expected a Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter";
        let Some(first) = text.chars().next() else {
            return Err(format!("the crate name is empty; {expected}"));
        };
        if !first.is_ascii_alphabetic()
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!("`{text}` is not a valid crate name; {expected}"));
        }
        let library = text.replace('-', "_");
        const RESERVED: &[&str] = &["test", "std", "core", "alloc", "proc_macro"];
        if RAW_KEYWORDS.contains(&library.as_str())
            || UNRAWABLE_KEYWORDS.contains(&library.as_str())
            || RESERVED.contains(&library.as_str())
        {
            return Err(format!(
                "`{text}` is not a valid crate name: `{library}` is a Rust keyword or the name of a built-in crate"
            ));
        }
        Ok(CrateName {
            package: text.to_owned(),
            library: Ident {
                name: library,
                raw: false,
            },
        })
    }

    /// The Cargo package name.
    pub fn package(&self) -> &str {
        &self.package
    }

    /// The library's identifier in code (`use intercom_custom_channels::Client;`).
    pub fn library(&self) -> &Ident {
        &self.library
    }
}

impl TryFrom<String> for CrateName {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        CrateName::parse(&text)
    }
}

impl fmt::Display for CrateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.package)
    }
}

/// Hands out unique names: the first claim of a name gets it, later claims get `Name2`,
/// `Name3` … (`name_2` for snake_case) in claim order, so the result depends only on the order
/// of claims.
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

    /// `wanted` if free, else `wanted` with the smallest free numeric suffix.
    pub fn claim(&mut self, wanted: Ident) -> Ident {
        if self.taken.insert(wanted.name.clone()) {
            return wanted;
        }
        let snake = wanted.raw
            || wanted.name.contains('_')
            || wanted.name.starts_with(|c: char| c.is_lowercase());
        let (stem, separator) = if snake {
            (wanted.name.trim_end_matches('_'), "_")
        } else {
            (wanted.name.as_str(), "")
        };
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return Ident::known(&candidate);
            }
            n += 1;
        }
    }

    /// Marks `name` as taken without handing it out (a name the user chose).
    pub fn take(&mut self, name: &Ident) -> bool {
        self.taken.insert(name.name.clone())
    }
}

/// A Cargo feature name (`Custom Object Instances` → `custom-object-instances`); empty for a
/// name with no letter or digit.
pub fn feature_name(raw: &str) -> String {
    words(raw).to_kebab_case()
}

/// The raw name with every character that cannot be part of an identifier turned into a word
/// break, after transliterating non-ASCII text to ASCII (`ünïcode` → `unicode`). The plural of
/// an acronym stays one word (`ContactIDs` → `contact_ids`, not heck's `contact_i_ds`).
fn words(raw: &str) -> String {
    let chars: Vec<char> = deunicode::deunicode(raw)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let acronym_plural = |i: usize| {
        chars[i] == 's'
            && i >= 2
            && chars[i - 2..i].iter().all(char::is_ascii_uppercase)
            && !chars.get(i + 1).is_some_and(char::is_ascii_lowercase)
    };
    (0..chars.len())
        .map(|i| if acronym_plural(i) { 'S' } else { chars[i] })
        .collect()
}

/// The words of a name written in lower snake case (`created_at`, `address_2`): made only of
/// ASCII lowercase letters, digits and `_`. heck splits such a name at its `_`s alone and
/// [`words`] changes nothing in it, so its words are the pieces between the `_`s. Most names in
/// descriptions are written so; for them, naming skips the transliteration and heck's
/// formatter, which were a sixth of lowering the whole 2.14 spec.
fn snake_words(raw: &str) -> Option<impl Iterator<Item = &str>> {
    raw.bytes()
        .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
        .then(|| raw.split('_').filter(|word| !word.is_empty()))
}

/// heck's snake_case of `raw`'s [`words`].
fn snake_case(raw: &str) -> String {
    match snake_words(raw) {
        Some(words) => words.collect::<Vec<_>>().join("_"),
        None => words(raw).to_snake_case(),
    }
}

/// heck's UpperCamelCase of `raw`'s [`words`].
fn upper_camel_case(raw: &str) -> String {
    match snake_words(raw) {
        Some(words) => words.fold(String::with_capacity(raw.len()), |mut name, word| {
            // Each word is ASCII, and not empty.
            name.push(char::from(word.as_bytes()[0].to_ascii_uppercase()));
            name.push_str(&word[1..]);
            name
        }),
        None => words(raw).to_upper_camel_case(),
    }
}

/// UpperCamelCase of `raw`'s words, with a `V` before a leading digit and `fallback` for
/// nothing.
fn camel(raw: &str, fallback: &str) -> String {
    let mut name = upper_camel_case(raw);
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
        let names: Vec<String> = [
            "custom_channel_base_event",
            "Custom Channel - Attribute",
            "123abc",
            "Self",
            "",
            "ünïcode",
            "ContactIDs",
            "URLsList",
        ]
        .iter()
        .map(|raw| Ident::type_name(raw).in_code())
        .collect();
        assert_eq!(
            names,
            [
                "CustomChannelBaseEvent",
                "CustomChannelAttribute",
                "V123abc",
                "SelfType",
                "Type",
                "Unicode",
                "ContactIds",
                "UrlsList",
            ]
        );
    }

    #[test]
    fn doc_links_to_a_raw_name_use_its_anchor() {
        assert_eq!(
            Ident::field_name("type").doc_link("Self", "structfield"),
            "Self#structfield.type"
        );
        assert_eq!(
            Ident::method_name("listContacts").doc_link("crate::Client", "method"),
            "crate::Client::list_contacts"
        );
    }

    #[test]
    fn field_names_escape_keywords_and_read_without_the_escape() {
        let cases = [
            ("type", "r#type", "type"),
            ("fn", "r#fn", "fn"),
            ("gen", "r#gen", "gen"),
            ("self", "self_", "self_"),
            ("Self", "self_", "self_"),
            ("super", "super_", "super_"),
            ("crate", "crate_", "crate_"),
            ("_", "value", "value"),
            ("", "value", "value"),
            ("123abc", "_123abc", "_123abc"),
            ("a-b", "a_b", "a_b"),
            ("externalId", "external_id", "external_id"),
            ("ünïcode", "unicode", "unicode"),
            ("ContactIDs", "contact_ids", "contact_ids"),
            ("IDs", "ids", "ids"),
            ("getURLs", "get_urls", "get_urls"),
            ("status", "status", "status"),
        ];
        for (raw, in_code, read) in cases {
            let ident = Ident::field_name(raw);
            assert_eq!(
                (ident.in_code().as_str(), ident.as_str()),
                (in_code, read),
                "{raw}"
            );
        }
    }

    #[test]
    fn symbol_only_values_get_readable_variant_names() {
        let names: Vec<String> = [
            "=",
            "!=",
            "<",
            ">",
            "~",
            "!~",
            "^",
            "$",
            "user",
            "in-progress",
            "1",
        ]
        .iter()
        .map(|v| Ident::variant_name(v).to_string())
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
                "Dollar",
                "User",
                "InProgress",
                "V1"
            ]
        );
    }

    #[test]
    fn allocator_suffixes_collisions_in_claim_order() {
        let mut names = NameAllocator::with_reserved(["Client"]);
        let claim = |names: &mut NameAllocator, wanted: Ident| names.claim(wanted).in_code();
        assert_eq!(claim(&mut names, Ident::type_name("Client")), "Client2");
        assert_eq!(claim(&mut names, Ident::type_name("Error")), "Error");
        assert_eq!(claim(&mut names, Ident::type_name("Error")), "Error2");
        let mut fields = NameAllocator::default();
        assert_eq!(claim(&mut fields, Ident::field_name("a_b")), "a_b");
        assert_eq!(claim(&mut fields, Ident::field_name("a_b")), "a_b_2");
        assert_eq!(claim(&mut fields, Ident::field_name("type")), "r#type");
        assert_eq!(claim(&mut fields, Ident::field_name("type")), "type_2");
    }

    #[test]
    fn names_people_give_are_validated() {
        assert_eq!(
            Ident::parse("NotificationReceipt").map(|i| i.in_code()),
            Ok("NotificationReceipt".into())
        );
        assert_eq!(
            Ident::parse("type").map(|i| i.in_code()),
            Ok("r#type".into())
        );
        assert_eq!(
            Ident::parse("r#type").map(|i| i.in_code()),
            Ok("r#type".into())
        );
        for bad in ["", "9lives", "two words", "ünï", "self", "a-b"] {
            assert!(Ident::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn crate_names_are_what_cargo_accepts() {
        let name = CrateName::parse("intercom-custom-channels").expect("valid");
        assert_eq!(name.package(), "intercom-custom-channels");
        assert_eq!(name.library().in_code(), "intercom_custom_channels");
        for bad in [
            "",
            "9lives",
            "my crate",
            "ünïcode",
            "fn",
            "self",
            "test",
            "-x",
            "a.b",
        ] {
            assert!(CrateName::parse(bad).is_err(), "{bad:?}");
        }
    }

    /// Names in lower snake case skip heck ([`snake_words`]); they must come out as heck makes
    /// them, edge cases included.
    #[test]
    fn snake_case_names_are_named_as_heck_names_them() {
        let names = [
            "created_at",
            "address_2",
            "a_1b",
            "2fa_code",
            "_leading",
            "trailing_",
            "a__b",
            "v2",
            "_",
            "__",
            "",
        ];
        for raw in names {
            assert!(snake_words(raw).is_some(), "{raw:?} takes the quick way");
            assert_eq!(snake_case(raw), words(raw).to_snake_case(), "{raw:?}");
            assert_eq!(
                upper_camel_case(raw),
                words(raw).to_upper_camel_case(),
                "{raw:?}"
            );
        }
        assert_eq!(Ident::field_name("trailing_").as_str(), "trailing");
        assert_eq!(Ident::type_name("a__b_2fa").as_str(), "AB2fa");
        assert_eq!(Ident::type_name("2fa_code").as_str(), "V2faCode");
        assert!(snake_words("createdAt").is_none() && snake_words("a-b").is_none());
    }
}
