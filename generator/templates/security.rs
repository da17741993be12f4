//! The API's security schemes, the credentials the builder was given for them, and which of
//! them a request carries.
//!
//! An operation lists the requirements it accepts ([`crate::SECURITY`] unless it names its
//! own), each a set of schemes sent together. A request carries the first requirement whose
//! credentials were all given; with none of them, it is sent without credentials if the
//! operation allows that, and is refused before sending otherwise. Credentials never appear in
//! `Debug` output, error messages or `tracing` events.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::builder::BuildError;

/// How a scheme's credential is sent, from its declaration in the API description.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "each crate uses the schemes its API declares")]
pub(crate) enum Auth {
    /// A header `name: prefix<token>`: `Authorization: Bearer <token>`, or an API key header.
    Header {
        name: &'static str,
        prefix: &'static str,
    },
    /// An API key in the query parameter `name`.
    Query { name: &'static str },
    /// An API key in the cookie `name`.
    Cookie { name: &'static str },
    /// HTTP Basic, with a user name and a password.
    Basic,
}

/// A security scheme the client can send.
#[derive(Debug)]
pub(crate) struct Scheme {
    /// How its credential is sent.
    pub(crate) auth: Auth,
    /// The `ClientBuilder` method that sets it, named in messages.
    pub(crate) setter: &'static str,
    /// Whether building a client without it fails: the API's only scheme, which an operation
    /// cannot do without.
    pub(crate) required: bool,
}

/// The requirements an operation accepts, any one of which suffices: each lists the schemes
/// (indices into [`crate::SCHEMES`]) sent together. An empty one needs no credential; an empty
/// list, none at all.
pub(crate) type Requirements = &'static [&'static [usize]];

/// What the builder was given for a scheme.
pub(crate) enum Secret {
    /// A token or API key.
    Token(String),
    /// An HTTP Basic user name and password.
    Basic { username: String, password: String },
}

/// A credential as it is sent.
enum Credential {
    /// A header, marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query { name: &'static str, value: String },
    /// A cookie, `name=value`.
    Cookie(String),
    /// HTTP Basic.
    Basic { username: String, password: String },
}

/// The credentials of the client, by scheme.
pub(crate) struct Credentials {
    by_scheme: Vec<Option<Credential>>,
}

/// What one attempt of a request carries beyond its headers: reqwest writes HTTP Basic itself.
pub(crate) struct Applied<'a> {
    pub(crate) basic: Option<(&'a str, &'a str)>,
}

impl Credentials {
    /// The credentials `given` (the last one given for a scheme counts), checked against the
    /// API's schemes.
    pub(crate) fn new(given: Vec<(usize, Secret)>) -> Result<Credentials, BuildError> {
        let mut by_scheme: Vec<Option<Credential>> = crate::SCHEMES.iter().map(|_| None).collect();
        for (index, secret) in given {
            let credential = match (crate::SCHEMES[index].auth, secret) {
                (Auth::Header { name, prefix }, Secret::Token(token)) => {
                    let mut value = HeaderValue::try_from(format!("{prefix}{token}"))
                        .map_err(|_| BuildError::InvalidToken)?;
                    value.set_sensitive(true);
                    Credential::Header(HeaderName::from_static(name), value)
                }
                (Auth::Query { name }, Secret::Token(value)) => Credential::Query { name, value },
                (Auth::Cookie { name }, Secret::Token(value)) => {
                    Credential::Cookie(format!("{name}={value}"))
                }
                (_, Secret::Basic { username, password }) => {
                    Credential::Basic { username, password }
                }
                (Auth::Basic, Secret::Token(_)) => {
                    unreachable!(
                        "the setter of an HTTP Basic scheme takes a user name and password"
                    )
                }
            };
            by_scheme[index] = Some(credential);
        }
        for (scheme, credential) in crate::SCHEMES.iter().zip(&by_scheme) {
            if scheme.required && credential.is_none() {
                return Err(match scheme.auth {
                    Auth::Basic => BuildError::MissingBasicAuth,
                    _ => BuildError::MissingToken,
                });
            }
        }
        Ok(Credentials { by_scheme })
    }

    /// The requirement a request sends: the first of `requirements` that needs credentials
    /// and has them all; else none, if the operation allows that. The error says which setter
    /// would have given one.
    pub(crate) fn choose(&self, requirements: Requirements) -> Result<&'static [usize], String> {
        let given = |requirement: &&&[usize]| {
            requirement
                .iter()
                .all(|&index| self.by_scheme[index].is_some())
        };
        if let Some(requirement) = requirements
            .iter()
            .filter(|requirement| !requirement.is_empty())
            .find(given)
        {
            return Ok(requirement);
        }
        if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
            return Ok(&[]);
        }
        let setters: Vec<String> = requirements
            .iter()
            .map(|requirement| {
                let setters: Vec<String> = requirement
                    .iter()
                    .map(|&index| format!("`ClientBuilder::{}`", crate::SCHEMES[index].setter))
                    .collect();
                setters.join(" and ")
            })
            .collect();
        Err(format!(
            "the operation needs credentials the client was not given: set {}",
            setters.join(", or ")
        ))
    }

    /// Puts the credentials of `requirement` into an attempt's URL, headers and cookies.
    pub(crate) fn apply(
        &self,
        requirement: &[usize],
        url: &mut reqwest::Url,
        headers: &mut HeaderMap,
        cookies: &mut Vec<String>,
    ) -> Applied<'_> {
        let mut applied = Applied { basic: None };
        for credential in requirement
            .iter()
            .filter_map(|&i| self.by_scheme[i].as_ref())
        {
            match credential {
                Credential::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Credential::Query { name, value } => {
                    url.query_pairs_mut().append_pair(name, value);
                }
                Credential::Cookie(pair) => cookies.push(pair.clone()),
                Credential::Basic { username, password } => {
                    applied.basic = Some((username, password));
                }
            }
        }
        applied
    }
}
