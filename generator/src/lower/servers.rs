//! The spec's `servers` → `Region` variants, the builder options of their variables, and the
//! servers of operations that have their own.
//!
//! A name from `codegen.toml` wins, then the server's own `name` (OpenAPI 3.2). Otherwise the
//! name is what distinguishes a server's host from the others' (`api.eu.intercom.io` among
//! `api.intercom.io` and `api.au.intercom.io` → `Eu`), and `Default` for the server whose host
//! has nothing of its own. A spec without servers gets one
//! `Default` variant without a URL, so the client must be given a base URL.
//!
//! A variable of the servers (`https://{region}.example.com`) becomes a setter of the client
//! builder, `server_region`, taking an enum of the values the spec lists (or any text when it
//! lists none); the variable's default applies when it is not set.

use std::collections::BTreeMap;

use crate::ir::reserved::BUILDER_METHODS;
use crate::ir::{Ident, NameAllocator, Server, ServerUrl, ServerVariable, ServerVariableOption};
use crate::lower::types::string_enum_variants;

/// The servers, named.
pub(super) fn servers(
    servers: &[openapiv3::Server],
    names: &BTreeMap<String, String>,
) -> Vec<Server> {
    if servers.is_empty() {
        // `Region` still needs a variant; without a URL, building a client asks for one.
        return vec![Server {
            variant: Ident::type_name("Default"),
            url: ServerUrl {
                template: String::new(),
                variables: Vec::new(),
            },
            description: Some(
                "The spec lists no server: set one with `ClientBuilder::base_url`".into(),
            ),
        }];
    }
    let hosts: Vec<Vec<&str>> = servers.iter().map(|s| host_labels(&s.url)).collect();
    let shared: Vec<&str> = hosts
        .first()
        .map(|first| {
            first
                .iter()
                .copied()
                .filter(|label| hosts.iter().all(|host| host.contains(label)))
                .collect()
        })
        .unwrap_or_default();
    let mut allocator = NameAllocator::default();
    servers
        .iter()
        .zip(&hosts)
        .map(|(server, labels)| {
            let url = server_url(server);
            let derived = labels
                .iter()
                .filter(|label| !shared.contains(label))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            // A name from the config, else the server's own (OpenAPI 3.2's `name`).
            let own_name = server
                .extensions
                .get(crate::spec::SERVER_NAME_EXTENSION)
                .and_then(|name| name.as_str());
            let wanted = match names
                .get(&server.url)
                .or_else(|| names.get(&url.template))
                .map(String::as_str)
                .or(own_name)
            {
                Some(name) => Ident::type_name(name),
                None if derived.is_empty() => Ident::type_name("Default"),
                None => Ident::type_name(&derived),
            };
            Server {
                variant: allocator.claim(wanted),
                url,
                description: server.description.clone(),
            }
        })
        .collect()
}

/// A server's URL template and variables.
pub(super) fn server_url(server: &openapiv3::Server) -> ServerUrl {
    let variables = server
        .variables
        .iter()
        .flatten()
        .map(|(name, variable)| ServerVariable {
            name: name.clone(),
            default: variable.default.clone(),
            values: variable.enumeration.clone(),
        })
        .collect();
    ServerUrl {
        template: server.url.trim_end_matches('/').to_owned(),
        variables,
    }
}

/// The server of an operation: its own first one, else its path item's; `None` when it has
/// neither, or when that is the API's first server anyway.
pub(super) fn operation_server(
    own: &[openapiv3::Server],
    path_item: &[openapiv3::Server],
    api: &[openapiv3::Server],
) -> Option<ServerUrl> {
    let first = own.first().or(path_item.first())?;
    let url = server_url(first);
    let same_as_api = api.first().is_some_and(|server| server_url(server) == url);
    (!same_as_api).then_some(url)
}

/// A setter per variable of the API's servers, in order of first appearance, named unlike the
/// builder's other methods and its `credential_setters`. A variable gets an enum when every
/// server that has it lists its values (their union).
pub(super) fn variable_options<'a>(
    servers: &[openapiv3::Server],
    descriptions: &[Server],
    credential_setters: impl IntoIterator<Item = &'a str>,
) -> Vec<ServerVariableOption> {
    let mut methods =
        NameAllocator::with_reserved(BUILDER_METHODS.iter().copied().chain(credential_setters));
    let mut types = NameAllocator::default();
    let mut options: Vec<ServerVariableOption> = Vec::new();
    let variables = descriptions.iter().flat_map(|server| &server.url.variables);
    for variable in variables {
        if options.iter().any(|option| option.name == variable.name) {
            continue;
        }
        let declared: Vec<&ServerVariable> = descriptions
            .iter()
            .flat_map(|server| &server.url.variables)
            .filter(|other| other.name == variable.name)
            .collect();
        let values = declared
            .iter()
            .all(|declared| !declared.values.is_empty())
            .then(|| {
                let values = declared
                    .iter()
                    .flat_map(|declared| declared.values.iter().map(String::as_str));
                (
                    types.claim(Ident::type_name(&format!("Server {}", variable.name))),
                    string_enum_variants(values),
                )
            });
        let description = servers
            .iter()
            .filter_map(|server| server.variables.as_ref()?.get(&variable.name))
            .find_map(|variable| variable.description.clone());
        options.push(ServerVariableOption {
            name: variable.name.clone(),
            method: methods.claim(Ident::method_name(&format!("server {}", variable.name))),
            values,
            description,
        });
    }
    options
}

fn host_labels(url: &str) -> Vec<&str> {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = without_scheme.split(['/', ':']).next().unwrap_or_default();
    host.split('.').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> openapiv3::Server {
        openapiv3::Server {
            url: url.into(),
            ..Default::default()
        }
    }

    fn with_variable(url: &str, name: &str, default: &str, values: &[&str]) -> openapiv3::Server {
        let variable = openapiv3::ServerVariable {
            default: default.into(),
            enumeration: values.iter().map(|v| v.to_string()).collect(),
            ..Default::default()
        };
        openapiv3::Server {
            url: url.into(),
            variables: Some([(name.to_owned(), variable)].into_iter().collect()),
            ..Default::default()
        }
    }

    #[test]
    fn derives_names_from_distinguishing_host_labels() {
        let list = [
            server("https://api.intercom.io"),
            server("https://api.eu.intercom.io"),
            server("https://api.au.intercom.io/"),
        ];
        let named = servers(&list, &BTreeMap::new());
        let variants: Vec<(&str, &str)> = named
            .iter()
            .map(|s| (s.variant.as_str(), s.url.template.as_str()))
            .collect();
        assert_eq!(
            variants,
            [
                ("Default", "https://api.intercom.io"),
                ("Eu", "https://api.eu.intercom.io"),
                ("Au", "https://api.au.intercom.io"),
            ]
        );
    }

    #[test]
    fn configured_names_win() {
        let names = BTreeMap::from([("https://api.intercom.io".to_owned(), "us".to_owned())]);
        let named = servers(
            &[
                server("https://api.intercom.io"),
                server("https://api.eu.intercom.io"),
            ],
            &names,
        );
        assert_eq!(named[0].variant.as_str(), "Us");
        assert_eq!(named[1].variant.as_str(), "Eu");
    }

    #[test]
    fn a_variable_is_an_enum_option_only_where_every_server_lists_its_values() {
        let list = [
            with_variable(
                "https://{region}.example.com",
                "region",
                "us",
                &["us", "eu"],
            ),
            with_variable(
                "https://{region}.backup.example.com",
                "region",
                "eu",
                &["eu", "ap"],
            ),
            with_variable("https://example.com/{version}", "version", "v1", &[]),
        ];
        let options = variable_options(&list, &servers(&list, &BTreeMap::new()), []);
        let summary: Vec<(&str, &str, Option<Vec<&str>>)> = options
            .iter()
            .map(|option| {
                (
                    option.name.as_str(),
                    option.method.as_str(),
                    option.values.as_ref().map(|(_, variants)| {
                        variants.iter().map(|v| v.wire_name.as_str()).collect()
                    }),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("region", "server_region", Some(vec!["us", "eu", "ap"])),
                ("version", "server_version", None),
            ]
        );
        assert_eq!(
            options[0].values.as_ref().map(|(name, _)| name.as_str()),
            Some("ServerRegion")
        );
    }

    #[test]
    fn an_operation_uses_its_own_server_then_its_path_items() {
        let api = [server("https://api.box.com/2.0")];
        let upload = [server("https://upload.box.com/api/2.0")];
        let url = |own: &[openapiv3::Server], path: &[openapiv3::Server]| {
            operation_server(own, path, &api).map(|url| url.template)
        };
        assert_eq!(
            url(&upload, &[]).as_deref(),
            Some("https://upload.box.com/api/2.0")
        );
        assert_eq!(
            url(&[], &upload).as_deref(),
            Some("https://upload.box.com/api/2.0")
        );
        assert_eq!(url(&[], &[]), None);
        assert_eq!(
            url(&api, &upload),
            None,
            "the API's own server changes nothing"
        );
    }
}
