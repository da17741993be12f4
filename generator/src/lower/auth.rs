//! Security schemes → the credentials a client takes and what each operation sends.
//!
//! Every scheme the document or a selected operation requires becomes a credential of the
//! client builder, and every operation keeps its requirements (its own `security`, else the
//! document's), so that each request carries the credentials its operation asks for: an API
//! whose uploads take an API key and everything else a bearer token sends each where it
//! belongs. An API with one scheme keeps the familiar `token` (or `basic_auth`) setter; one with
//! several gets a setter per scheme, named after it. Schemes the client cannot send are
//! warnings, and requirements that need them are dropped.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::error::Diagnostic;
use crate::ir::reserved::BUILDER_METHODS;
use crate::ir::{Auth, Ident, NameAllocator, Requirements, Scheme, Security};
use crate::select::SelectedOperation;
use crate::spec::Pointer;

/// The API's security, and the requirements of each of `operations`, in their order.
pub(super) fn security(
    api: &OpenAPI,
    operations: &[SelectedOperation<'_>],
    warnings: &mut Vec<Diagnostic>,
) -> (Security, Vec<Requirements>) {
    let declared = api.components.as_ref().map(|c| &c.security_schemes);
    let effective: Vec<(&[SecurityRequirement], Pointer)> = operations
        .iter()
        .map(|op| match &op.operation.security {
            Some(own) => (own.as_slice(), op.pointer.join("security")),
            None => (
                api.security.as_deref().unwrap_or_default(),
                Pointer::root().join("security"),
            ),
        })
        .collect();
    let document = api.security.as_deref().unwrap_or_default();
    let required = |name: &str| {
        let all = effective.iter().map(|(requirements, _)| *requirements);
        all.chain([document])
            .flatten()
            .any(|requirement| requirement.contains_key(name))
    };

    // The schemes the client sends, in declaration order, and the names it cannot send.
    let mut names: Vec<&str> = Vec::new();
    let mut schemes: Vec<(Option<String>, Auth)> = Vec::new();
    for (name, scheme) in declared.into_iter().flatten() {
        if !required(name) {
            continue;
        }
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let auth = match scheme {
            ReferenceOr::Item(scheme) => from_scheme(scheme),
            ReferenceOr::Reference { .. } => Err("it is a reference".to_owned()),
        };
        match auth {
            Ok(auth) => {
                names.push(name);
                schemes.push((Some(name.clone()), auth));
            }
            Err(why) => warnings.push(Diagnostic {
                pointer: at.to_string(),
                message: format!("security scheme `{name}` cannot be sent by the client: {why}; operations that accept nothing else are sent without credentials"),
            }),
        }
    }
    let mut undeclared: Vec<Diagnostic> = Vec::new();
    for (requirements, at) in &effective {
        for name in requirements
            .iter()
            .flat_map(|requirement| requirement.keys())
        {
            let warning = Diagnostic {
                pointer: at.to_string(),
                message: format!("security scheme `{name}` is not declared in `components.securitySchemes`; requirements that name it are dropped"),
            };
            if declared.is_none_or(|declared| !declared.contains_key(name))
                && !undeclared.contains(&warning)
            {
                undeclared.push(warning);
            }
        }
    }
    warnings.extend(undeclared);

    if schemes.is_empty() {
        // Nothing the client can send: a token, if given, goes as a bearer token.
        let optional = vec![vec![0], Vec::new()];
        let scheme = Scheme {
            declared: None,
            auth: Auth::Header {
                name: "authorization".into(),
                prefix: "Bearer ".into(),
            },
            setter: Ident::method_name("token"),
            required: false,
        };
        let security = Security {
            schemes: vec![scheme],
            default: optional.clone(),
        };
        return (security, vec![optional; operations.len()]);
    }

    let indexed = |requirements: &[SecurityRequirement]| -> Requirements {
        requirements
            .iter()
            .filter_map(|requirement| {
                requirement
                    .keys()
                    .map(|name| names.iter().position(|known| *known == name.as_str()))
                    .collect()
            })
            .collect()
    };
    let per_operation: Vec<Requirements> = effective
        .iter()
        .map(|(requirements, _)| indexed(requirements))
        .collect();
    for ((requirements, at), kept) in effective.iter().zip(&per_operation) {
        if !requirements.is_empty() && kept.is_empty() {
            warnings.push(Diagnostic {
                pointer: at.to_string(),
                message: "the client can send none of the security requirements; the operation is sent without credentials".into(),
            });
        }
    }

    let single = schemes.len() == 1;
    let cannot_do_without = per_operation
        .iter()
        .any(|requirements| !requirements.is_empty() && requirements.iter().all(|r| !r.is_empty()));
    let mut setters = NameAllocator::with_reserved(
        BUILDER_METHODS
            .iter()
            .copied()
            .filter(|method| !matches!(*method, "token" | "basic_auth")),
    );
    let schemes = schemes
        .into_iter()
        .map(|(declared, auth)| {
            let setter = match (single, &auth) {
                (true, Auth::Basic) => Ident::method_name("basic_auth"),
                (true, _) => Ident::method_name("token"),
                (false, _) => {
                    setters.claim(Ident::method_name(declared.as_deref().unwrap_or_default()))
                }
            };
            Scheme {
                declared,
                auth,
                setter,
                required: single && cannot_do_without,
            }
        })
        .collect();
    let security = Security {
        schemes,
        default: indexed(document),
    };
    (security, per_operation)
}

fn from_scheme(scheme: &SecurityScheme) -> Result<Auth, String> {
    let bearer = || Auth::Header {
        name: "authorization".into(),
        prefix: "Bearer ".into(),
    };
    Ok(match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => bearer(),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
        SecurityScheme::HTTP { scheme, .. } => {
            return Err(format!(
                "HTTP authentication scheme `{scheme}` is not supported"
            ))
        }
        SecurityScheme::APIKey { location, name, .. } => match location {
            APIKeyLocation::Header => {
                let name = name.to_ascii_lowercase();
                if !crate::config::is_header_name(&name) {
                    return Err(format!("`{name}` is not a header name"));
                }
                Auth::Header {
                    name,
                    prefix: String::new(),
                }
            }
            APIKeyLocation::Query => Auth::Query { name: name.clone() },
            APIKeyLocation::Cookie => Auth::Cookie { name: name.clone() },
        },
        // The access token an OAuth 2.0 or OpenID Connect flow gave you.
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => bearer(),
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Auth, Requirements};
    use crate::lower::model;

    /// A description with `schemes` (YAML of `components.securitySchemes`), the document's
    /// `security`, and one `GET` operation per entry of `operations`: its `security`, or `~`
    /// for none of its own.
    fn api(schemes: &str, document: &str, operations: &[&str]) -> Api {
        let mut text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nsecurity: {document}\npaths:\n"
        );
        for (index, security) in operations.iter().enumerate() {
            let own = match *security {
                "~" => String::new(),
                security => format!("\n      security: {security}"),
            };
            text.push_str(&format!(
                "  /op{index}:\n    get:\n      operationId: op{index}{own}\n      responses:\n        '204': {{description: Fine.}}\n"
            ));
        }
        text.push_str(&format!("components:\n  securitySchemes: {schemes}\n"));
        model(&text)
    }

    fn setters(api: &Api) -> Vec<&str> {
        let schemes = &api.meta.security.schemes;
        schemes
            .iter()
            .map(|scheme| scheme.setter.as_str())
            .collect()
    }

    fn requirements(api: &Api) -> Vec<&Requirements> {
        api.operations.iter().map(|op| &op.security).collect()
    }

    #[test]
    fn the_one_scheme_of_an_api_is_set_by_token_or_basic_auth_and_required() {
        let bearer = api("{b: {type: http, scheme: bearer}}", "[{b: []}]", &["~"]);
        assert_eq!(setters(&bearer), ["token"]);
        assert!(bearer.meta.security.schemes[0].required);
        assert_eq!(bearer.meta.security.default, [[0]]);
        assert_eq!(requirements(&bearer), [&vec![vec![0]]]);

        let basic = api("{b: {type: http, scheme: Basic}}", "[{b: []}]", &["~"]);
        assert_eq!(setters(&basic), ["basic_auth"]);
        assert_eq!(basic.meta.security.schemes[0].auth, Auth::Basic);

        let key = api(
            "{k: {type: apiKey, in: header, name: X-Key}}",
            "[{k: []}]",
            &["~"],
        );
        assert_eq!(setters(&key), ["token"]);
        let expected = Auth::Header {
            name: "x-key".into(),
            prefix: String::new(),
        };
        assert_eq!(key.meta.security.schemes[0].auth, expected);
    }

    #[test]
    fn a_scheme_no_operation_cannot_do_without_is_not_required() {
        let optional = api("{b: {type: http, scheme: bearer}}", "[{}, {b: []}]", &["~"]);
        assert!(!optional.meta.security.schemes[0].required);
        let public = api("{b: {type: http, scheme: bearer}}", "[{b: []}]", &["[]"]);
        assert!(!public.meta.security.schemes[0].required);
        assert_eq!(requirements(&public), [&Vec::<Vec<usize>>::new()]);
    }

    #[test]
    fn without_a_scheme_the_client_can_send_a_token_is_an_optional_bearer_token() {
        for schemes in ["{}", "{d: {type: http, scheme: digest}}"] {
            let api = api(schemes, "[{d: []}]", &["~"]);
            let scheme = &api.meta.security.schemes[0];
            assert_eq!(scheme.declared, None);
            assert_eq!(scheme.setter.as_str(), "token");
            assert!(!scheme.required);
            assert_eq!(api.meta.security.default, [vec![0], vec![]]);
            assert_eq!(requirements(&api), [&vec![vec![0], vec![]]]);
        }
    }

    #[test]
    fn several_schemes_have_a_setter_each_and_operations_keep_their_requirements() {
        let schemes = "{bearer: {type: http, scheme: bearer}, ApiKey: {type: apiKey, in: query, name: key}, \
                       session: {type: apiKey, in: cookie, name: sid}, unused: {type: http, scheme: basic}, \
                       digest: {type: http, scheme: digest}, timeout: {type: apiKey, in: header, name: t}}";
        let api = api(
            schemes,
            "[{bearer: []}]",
            &[
                "~",
                "[{ApiKey: [], session: []}, {bearer: []}]",
                "[{}, {session: []}]",
                "[{digest: []}, {ApiKey: []}]",
                "[{timeout: []}]",
            ],
        );
        // Declaration order; a scheme nothing requires, or the client cannot send, is left
        // out; a name the builder has already is numbered.
        assert_eq!(setters(&api), ["bearer", "api_key", "session", "timeout_2"]);
        assert_eq!(
            api.meta.security.schemes[2].auth,
            Auth::Cookie { name: "sid".into() }
        );
        assert!(api.meta.security.schemes.iter().all(|s| !s.required));
        assert_eq!(
            requirements(&api),
            [
                &vec![vec![0]],
                &vec![vec![1, 2], vec![0]],
                &vec![vec![], vec![2]],
                &vec![vec![1]],
                &vec![vec![3]],
            ]
        );
    }
}
