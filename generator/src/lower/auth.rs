//! The security scheme → how the client sends its credential. One credential per client: the
//! scheme the document requires (its top-level `security`), else the one the selected
//! operations require first. Schemes the client cannot send, and operations that require
//! another scheme than the client's, are warnings.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::error::Diagnostic;
use crate::ir::Auth;
use crate::select::SelectedOperation;
use crate::spec::Pointer;

/// How the client authenticates, and what it could not follow.
pub(super) fn auth(
    api: &OpenAPI,
    operations: &[SelectedOperation<'_>],
    warnings: &mut Vec<Diagnostic>,
) -> Auth {
    let first_scheme = |requirements: &Option<Vec<SecurityRequirement>>| {
        requirements
            .iter()
            .flatten()
            .find_map(|requirement| requirement.keys().next().cloned())
    };
    let chosen = first_scheme(&api.security).or_else(|| {
        operations
            .iter()
            .find_map(|op| first_scheme(&op.operation.security))
    });
    let Some(name) = chosen else {
        return Auth::Optional;
    };
    let at = Pointer::root()
        .join("components")
        .join("securitySchemes")
        .join(&name);
    let scheme = api
        .components
        .as_ref()
        .and_then(|components| components.security_schemes.get(&name));
    let auth = match scheme {
        Some(ReferenceOr::Item(scheme)) => from_scheme(scheme),
        _ => Err("it is not declared in `components.securitySchemes`".to_owned()),
    };
    let auth = auth.unwrap_or_else(|why| {
        warnings.push(Diagnostic {
            pointer: at.to_string(),
            message: format!("security scheme `{name}` cannot be sent by the client: {why}; a token, if given, is sent as `Authorization: Bearer`"),
        });
        Auth::Optional
    });
    for op in operations {
        let required = op.operation.security.as_ref().or(api.security.as_ref());
        let alternatives: Vec<&String> = required
            .iter()
            .flat_map(|requirements| requirements.iter())
            .flat_map(|requirement| requirement.keys())
            .collect();
        if !alternatives.is_empty() && !alternatives.contains(&&name) {
            let listed: Vec<&str> = alternatives.iter().map(|n| n.as_str()).collect();
            warnings.push(Diagnostic {
                pointer: op.pointer.join("security").to_string(),
                message: format!(
                    "the operation requires {}, not the client's `{name}`; it is sent with the client's credential",
                    listed.join(" or ")
                ),
            });
        }
    }
    auth
}

fn from_scheme(scheme: &SecurityScheme) -> Result<Auth, String> {
    Ok(match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Auth::Header {
                name: "authorization".into(),
                prefix: "Bearer ".into(),
            }
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
        SecurityScheme::HTTP { scheme, .. } => {
            return Err(format!(
                "HTTP authentication scheme `{scheme}` is not supported"
            ))
        }
        SecurityScheme::APIKey { location, name, .. } => match location {
            APIKeyLocation::Header => Auth::Header {
                name: name.to_ascii_lowercase(),
                prefix: String::new(),
            },
            APIKeyLocation::Query => Auth::Query { name: name.clone() },
            APIKeyLocation::Cookie => return Err("an API key in a cookie is not supported".into()),
        },
        // The access token an OAuth 2.0 or OpenID Connect flow gave you.
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Auth::Header {
            name: "authorization".into(),
            prefix: "Bearer ".into(),
        },
    })
}
