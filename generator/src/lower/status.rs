//! HTTP statuses as names: the variant of an answer enum (`201` → `Created`), the hint for an
//! error body's type (`422` → `…UnprocessableEntityError`), and the crate's `Error` variants.
//!
//! Every client-error status some selected operation documents gets an `Error` variant of its
//! own, so a caller matches `Error::Conflict(e)` rather than fishing a 409 out of a catch-all.
//! 401 and 429 always have theirs: any API may refuse credentials or limit its rate, and the
//! client's retries are built around 429. Server errors share `Server` whatever the status
//! (`ApiError::status` tells them apart), and ranges (`4XX`) and `default` name no status, so
//! they fall under `Status`, as does any status the description does not document.

use std::collections::BTreeSet;

use crate::ir::{Docs, ErrorResponse, ErrorStatus, Ident, Operation};

/// The registered client-error statuses: code, reason phrase as a name, what it means.
const CLIENT_ERRORS: &[(u16, &str, &str)] = &[
    (400, "BadRequest", "the request was malformed"),
    (401, "Unauthorized", "the credentials are missing, invalid or revoked"),
    (402, "PaymentRequired", "the account must pay for this request"),
    (403, "Forbidden", "the credentials do not allow this request"),
    (404, "NotFound", "the resource does not exist"),
    (405, "MethodNotAllowed", "the resource does not take this method"),
    (406, "NotAcceptable", "the server cannot answer in a media type the request accepts"),
    (407, "ProxyAuthenticationRequired", "a proxy on the way asks for credentials"),
    (408, "RequestTimeout", "the server gave up waiting for the request"),
    (409, "Conflict", "the request conflicts with the resource's current state"),
    (410, "Gone", "the resource existed and is gone for good"),
    (411, "LengthRequired", "the request must say its length"),
    (412, "PreconditionFailed", "a precondition of the request does not hold"),
    (413, "PayloadTooLarge", "the request's content is too large"),
    (414, "UriTooLong", "the URL is too long"),
    (415, "UnsupportedMediaType", "the request's media type is not accepted"),
    (416, "RangeNotSatisfiable", "the requested range cannot be served"),
    (417, "ExpectationFailed", "the request's `Expect` header cannot be met"),
    (418, "ImATeapot", "the server is a teapot"),
    (421, "MisdirectedRequest", "the request reached a server that cannot answer it"),
    (422, "UnprocessableEntity", "the request was understood but its content is invalid"),
    (423, "Locked", "the resource is locked"),
    (424, "FailedDependency", "a request this one depends on failed"),
    (425, "TooEarly", "the server will not risk a request that might be replayed"),
    (426, "UpgradeRequired", "the request must use another protocol"),
    (428, "PreconditionRequired", "the request must be conditional"),
    (429, "TooManyRequests", "rate limited; [`ApiError::retry_after`](crate::ApiError::retry_after) says when to try again"),
    (431, "RequestHeaderFieldsTooLarge", "the request's headers are too large"),
    (451, "UnavailableForLegalReasons", "the resource is withheld for legal reasons"),
];

/// The statuses that have an `Error` variant whether documented or not.
const ALWAYS: [u16; 2] = [401, 429];

/// The `Error` variant every server error is.
const SERVER: &str = "Server";

/// An answer's status (a success, or a redirection the operation documents) as a variant
/// name: its reason phrase (`201` → `Created`, `302` → `Found`).
pub(super) fn answer_name(label: &str) -> String {
    match label {
        "200" => "Ok".to_owned(),
        "201" => "Created".to_owned(),
        "202" => "Accepted".to_owned(),
        "203" => "NonAuthoritativeInformation".to_owned(),
        "204" => "NoContent".to_owned(),
        "205" => "ResetContent".to_owned(),
        "206" => "PartialContent".to_owned(),
        "2XX" | "2xx" => "Success".to_owned(),
        "300" => "MultipleChoices".to_owned(),
        "301" => "MovedPermanently".to_owned(),
        "302" => "Found".to_owned(),
        "303" => "SeeOther".to_owned(),
        "304" => "NotModified".to_owned(),
        "307" => "TemporaryRedirect".to_owned(),
        "308" => "PermanentRedirect".to_owned(),
        "3XX" | "3xx" => "Redirection".to_owned(),
        other => format!("Status{other}"),
    }
}

/// A status as a name for the type of its error body: its reason phrase (`422` →
/// `UnprocessableEntity`), the class of a range (`4XX` → `Client`), nothing for `default`.
pub(super) fn error_name(label: &str) -> String {
    if let Some((_, name, _)) = client_error(label) {
        return (*name).to_owned();
    }
    let known = match label {
        "500" => "InternalServer",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "4XX" | "4xx" => "Client",
        "5XX" | "5xx" => SERVER,
        "default" => "",
        other => return format!("Status{other}"),
    };
    known.to_owned()
}

/// The `Error` variant a response documented as `label` becomes: the status's own for a
/// client error, `Server` for a server error, none for a range of client errors or `default`.
pub(super) fn variant(label: &str) -> Option<Ident> {
    if let Some(code) = client_error_code(label) {
        return Some(client_error_variant(code));
    }
    let server = label.starts_with('5') && (label.len() == 3);
    server.then(|| Ident::type_name(SERVER))
}

/// The client-error statuses with an `Error` variant: those the operations document and
/// [`ALWAYS`], by code.
pub(super) fn error_statuses(operations: &[Operation]) -> Vec<ErrorStatus> {
    let documented = operations
        .iter()
        .flat_map(|op| &op.errors)
        .filter_map(|error: &ErrorResponse| client_error_code(&error.status));
    let codes: BTreeSet<u16> = documented.chain(ALWAYS).collect();
    codes
        .into_iter()
        .map(|code| {
            let meaning = match registered(code) {
                Some((_, _, meaning)) => format!("{code}: {meaning}."),
                None => format!("{code}, a status this API documents."),
            };
            ErrorStatus {
                code,
                variant: client_error_variant(code),
                docs: Docs::text(meaning),
            }
        })
        .collect()
}

/// The `Error` variant of the client error `code`: its reason phrase, else `Status499`.
fn client_error_variant(code: u16) -> Ident {
    Ident::type_name(&error_name(&code.to_string()))
}

/// The registered client error `label` names, if any.
fn client_error(label: &str) -> Option<&'static (u16, &'static str, &'static str)> {
    registered(label.parse().ok()?)
}

/// The registered client error of `code`, if any.
fn registered(code: u16) -> Option<&'static (u16, &'static str, &'static str)> {
    CLIENT_ERRORS.iter().find(|(known, _, _)| *known == code)
}

/// The code of a client-error status (`400`–`499`, registered or not), if `label` is one.
fn client_error_code(label: &str) -> Option<u16> {
    label.parse().ok().filter(|code| (400..500).contains(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_documented_client_error_gets_its_variant_and_the_rest_share_one() {
        let variant = |label| variant(label).map(|ident| ident.to_string());
        assert_eq!(variant("409").as_deref(), Some("Conflict"));
        assert_eq!(variant("499").as_deref(), Some("Status499"));
        assert_eq!(variant("500").as_deref(), Some("Server"));
        assert_eq!(variant("503").as_deref(), Some("Server"));
        assert_eq!(variant("5XX").as_deref(), Some("Server"));
        assert_eq!(variant("4XX"), None);
        assert_eq!(variant("default"), None);
    }

    #[test]
    fn answers_are_named_by_their_reason_phrases() {
        let names: Vec<String> = ["200", "204", "2XX", "302", "304", "3XX", "299"]
            .into_iter()
            .map(answer_name)
            .collect();
        assert_eq!(
            names,
            [
                "Ok",
                "NoContent",
                "Success",
                "Found",
                "NotModified",
                "Redirection",
                "Status299"
            ]
        );
    }

    #[test]
    fn error_body_hints_keep_their_names() {
        let names: Vec<String> = ["403", "500", "4XX", "5XX", "default", "599"]
            .into_iter()
            .map(error_name)
            .collect();
        assert_eq!(
            names,
            [
                "Forbidden",
                "InternalServer",
                "Client",
                "Server",
                "",
                "Status599"
            ]
        );
    }
}
