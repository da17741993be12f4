//! Building a [`Client`]: credentials, region or base URL, timeouts, retries and user agent.
//!
//! Each credential goes where its security scheme says (see [`crate::security`]): a header
//! (`Authorization: Bearer <token>`, or an API key header), a query parameter, a cookie, or
//! HTTP Basic. It never appears in `Debug` output, error messages or `tracing` events.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, USER_AGENT};

use crate::error_details::TransportError;
use crate::hooks::Hook;
use crate::region::Region;
use crate::retry::RetryPolicy;
use crate::security::{Auth, Credentials, Secret};

/// The timeout for a whole request (connect, send, receive) unless the builder or the request
/// sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::builder`] or [`Client::from_env`]; every operation is a method that
/// returns a [`Request`](crate::Request) to `.await` (or to adjust first).
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// A client like `http` that follows no redirect, for the operations that document
    /// redirections as answers; `None` when no operation does, or the application gave its own
    /// client.
    unredirected: Option<reqwest::Client>,
    pub(crate) base_url: String,
    /// Whether `base_url` was given to the builder: then every request goes there, those of
    /// operations with a server of their own too.
    pub(crate) base_url_given: bool,
    /// The values given for the servers' variables.
    pub(crate) server_variables: Vec<(&'static str, String)>,
    pub(crate) api_version: String,
    /// Accept, User-Agent and the API version header.
    pub(crate) headers: HeaderMap,
    /// The credentials, which each request sends as its operation requires.
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
}

impl Inner {
    /// The HTTP client of a request: one that returns redirections when `answers_redirects`
    /// (and the builder made the clients), else one that follows them.
    pub(crate) fn http_for(&self, answers_redirects: bool) -> &reqwest::Client {
        match &self.unredirected {
            Some(unredirected) if answers_redirects => unredirected,
            _ => &self.http,
        }
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the default region with the credential of the API's first security scheme
    /// from the environment variable [`TOKEN_ENV_VAR`](crate::TOKEN_ENV_VAR): a token, or for
    /// HTTP Basic `username:password`.
    pub fn from_env() -> Result<Client, BuildError> {
        Client::from_token_var(std::env::var(crate::TOKEN_ENV_VAR))
    }

    /// [`Client::from_env`] given what reading the variable gave.
    fn from_token_var(token: Result<String, std::env::VarError>) -> Result<Client, BuildError> {
        let token = token.map_err(|_| BuildError::MissingEnvVar {
            name: crate::TOKEN_ENV_VAR,
        })?;
        let secret = match (crate::SCHEMES[0].auth, token.split_once(':')) {
            (Auth::Basic, Some((username, password))) => Secret::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            },
            (Auth::Basic, None) => return Err(BuildError::MissingBasicAuth),
            _ => Secret::Token(token),
        };
        Client::builder().with_credential(0, secret).build()
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The API version every request pins.
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_version", &self.inner.api_version)
            .field("credentials", &"<redacted>")
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("hooks", &self.inner.hooks.len())
            .finish()
    }
}

/// Configures a [`Client`]. Only a credential is required, where the API has one scheme.
#[derive(Default)]
pub struct ClientBuilder {
    /// The credentials given, by index of their scheme in [`crate::SCHEMES`].
    credentials: Vec<(usize, Secret)>,
    base_url: Option<String>,
    region: Region,
    server_variables: Vec<(&'static str, String)>,
    api_version: Option<String>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
    #[cfg(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "native-tls"
    ))]
    root_certificates: Vec<reqwest::Certificate>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl ClientBuilder {
    /// Sets the credential of the scheme `SCHEMES[scheme]`. The public setters are
    /// `credentials.rs`'s, one for each scheme the API declares.
    pub(crate) fn with_credential(mut self, scheme: usize, secret: Secret) -> Self {
        self.credentials.push((scheme, secret));
        self
    }

    /// The region whose server to use; the default is the spec's first server.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A base URL to use instead of a region's, e.g. a proxy or a test server. Every request
    /// goes there, also those of operations the API serves from another server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    // Only where the crate has `.server_variable(`.
    /// Sets the value of the servers' variable `name` (the generated `server_*` setters call
    /// this).
    pub(crate) fn server_variable(mut self, name: &'static str, value: String) -> Self {
        self.server_variables.retain(|(set, _)| *set != name);
        self.server_variables.push((name, value));
        self
    }

    /// Overrides the API version sent with every request (default [`API_VERSION`](crate::API_VERSION),
    /// the version the client was generated from).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// The timeout for each attempt of a request (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed request is retried (default 2; 0 turns retries off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry = self.retry.max_retries(max_retries);
        self
    }

    /// The whole retry policy: backoff, caps and retry count.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Text appended to the `User-Agent` header, e.g. your application's name and version.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// A preconfigured `reqwest::Client` (proxies, TLS roots, connection pool settings), built
    /// with this crate's re-export [`reqwest`](crate::reqwest) so that the versions match.
    ///
    /// Every request goes through it. Operations that document a redirection as an answer
    /// return it only if this client does not follow it (`redirect(Policy::none())`); with
    /// reqwest's default they return where it leads.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Trusts `certificate` as a root, beside the system's (a corporate proxy's authority, a
    /// test server's). Applies to the HTTP client the builder makes, not to one given with
    /// [`http_client`](Self::http_client). Needs a TLS feature (every one of them has it).
    #[cfg(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "native-tls"
    ))]
    pub fn root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Adds a hook that runs around every attempt of every request; hooks run in the order they
    /// were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(mut self) -> Result<Client, BuildError> {
        let (http, unredirected) = match self.http.take() {
            Some(http) => (http, None),
            None => (
                self.default_http_client(reqwest::redirect::Policy::default())?,
                crate::ANSWERS_REDIRECTS
                    .then(|| self.default_http_client(reqwest::redirect::Policy::none()))
                    .transpose()?,
            ),
        };
        let credentials = Credentials::new(std::mem::take(&mut self.credentials))?;

        let base_url_given = self.base_url.is_some();
        let base_url = match self.base_url {
            Some(url) => url,
            None => self.region.server().url(&self.server_variables)?,
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base_url).map_err(|error| BuildError::InvalidBaseUrl {
            url: base_url.clone(),
            reason: error.to_string(),
        })?;

        let api_version = self
            .api_version
            .unwrap_or_else(|| crate::API_VERSION.to_owned());
        let mut user_agent = format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }

        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(
            USER_AGENT,
            HeaderValue::try_from(user_agent)
                .map_err(|_| BuildError::InvalidHeader { name: "User-Agent" })?,
        );
        if let Some(name) = crate::API_VERSION_HEADER {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::try_from(api_version.as_str())
                    .map_err(|_| BuildError::InvalidHeader { name })?,
            );
        }

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                unredirected,
                base_url,
                base_url_given,
                server_variables: self.server_variables,
                api_version,
                headers,
                credentials,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry: self.retry,
                hooks: self.hooks,
            }),
        })
    }
}

impl ClientBuilder {
    /// The HTTP client the builder makes when it is given none: reqwest with the TLS stack the
    /// crate's features choose. `rustls-ring` (the default) is rustls with the *ring* provider,
    /// installed as the process's default provider unless the application installed one;
    /// `rustls-aws-lc` is reqwest's own rustls set-up (aws-lc-rs); `native-tls` is the
    /// platform's TLS library. Without any of them the client speaks plain HTTP only. It
    /// follows redirects as `redirect` says.
    fn default_http_client(
        &self,
        redirect: reqwest::redirect::Policy,
    ) -> Result<reqwest::Client, BuildError> {
        #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
        {
            // An error means a provider is installed already, which reqwest then uses. rustls
            // 0.23.48 deprecates *ring*'s provider, which has no post-quantum key exchange;
            // `rustls-aws-lc` has one.
            #[allow(
                deprecated,
                reason = "ring stays the default: it builds much faster than aws-lc-rs"
            )]
            let provider = rustls::crypto::ring::default_provider();
            let _ = provider.install_default();
        }
        let builder = reqwest::Client::builder().redirect(redirect);
        #[cfg(feature = "native-tls")]
        let builder = builder.tls_backend_native();
        #[cfg(any(
            feature = "rustls-ring",
            feature = "rustls-aws-lc",
            feature = "native-tls"
        ))]
        let builder = self
            .root_certificates
            .iter()
            .cloned()
            .fold(builder, reqwest::ClientBuilder::add_root_certificate);
        builder
            .build()
            .map_err(|error| BuildError::Http(error.into()))
    }
}

impl ClientBuilder {
    /// The setters whose credentials were given: what `Debug` shows of them.
    fn credential_setters(&self) -> Vec<&'static str> {
        self.credentials
            .iter()
            .map(|(scheme, _)| crate::SCHEMES[*scheme].setter)
            .collect()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credential_setters())
            .field("base_url", &self.base_url)
            .field("region", &self.region)
            .field("server_variables", &self.server_variables)
            .field("api_version", &self.api_version)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No token was given, and the API requires one.
    #[error("no access token was given; call `ClientBuilder::token`")]
    MissingToken,
    /// No user name and password were given, and the API takes HTTP Basic authentication.
    #[error("no user name and password were given; call `ClientBuilder::basic_auth`")]
    MissingBasicAuth,
    /// The token environment variable is not set (or not UTF-8).
    #[error("the environment variable {name} is not set; set it to your access token")]
    MissingEnvVar {
        /// The variable's name.
        name: &'static str,
    },
    /// The token contains characters a header cannot carry.
    #[error("the access token contains characters that are not allowed in an HTTP header")]
    InvalidToken,
    /// The base URL does not parse.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A server variable was given a value that the chosen server does not take.
    #[error("the server variable `{name}` cannot be {value:?} for this server; it takes: {}", allowed.join(", "))]
    ServerVariable {
        /// The variable.
        name: &'static str,
        /// The value given.
        value: String,
        /// The values the server takes.
        allowed: &'static [&'static str],
    },
    /// A configured header value contains characters a header cannot carry.
    #[error(
        "the value of the {name} header contains characters that are not allowed in an HTTP header"
    )]
    InvalidHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The HTTP client could not be created (e.g. the TLS backend failed to initialise).
    #[error("cannot create the HTTP client: {0}")]
    Http(#[source] TransportError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::env::VarError;

    #[test]
    fn from_env_names_the_variable_it_needs() {
        for unusable in [
            VarError::NotPresent,
            VarError::NotUnicode(std::ffi::OsString::from("x")),
        ] {
            let error = Client::from_token_var(Err(unusable)).expect_err("no token");
            assert_eq!(
                error.to_string(),
                format!(
                    "the environment variable {} is not set; set it to your access token",
                    crate::TOKEN_ENV_VAR
                )
            );
        }
        // With the variable set, the token is used (building may still need a base URL).
        assert!(!matches!(
            Client::from_token_var(Ok("token".into())),
            Err(BuildError::MissingEnvVar { .. })
        ));
    }
}
