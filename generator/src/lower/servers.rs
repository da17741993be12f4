//! The spec's `servers` → `Region` variants.
//!
//! A name from `codegen.toml` wins. Otherwise the name is what distinguishes a server's host from
//! the others' (`api.eu.intercom.io` among `api.intercom.io` and `api.au.intercom.io` → `Eu`), and
//! `Default` for the server whose host has nothing of its own. A spec without servers gets one
//! `Default` variant without a URL, so the client must be given a base URL.

use std::collections::BTreeMap;

use crate::ir::{Ident, NameAllocator, Server};

/// The servers, named.
pub(super) fn servers(
    servers: &[openapiv3::Server],
    names: &BTreeMap<String, String>,
) -> Vec<Server> {
    if servers.is_empty() {
        // `Region` still needs a variant; without a URL, building a client asks for one.
        return vec![Server {
            variant: Ident::type_name("Default"),
            url: String::new(),
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
            let url = server.url.trim_end_matches('/').to_owned();
            let derived = labels
                .iter()
                .filter(|label| !shared.contains(label))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let wanted = match names.get(&server.url).or_else(|| names.get(&url)) {
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
            .map(|s| (s.variant.as_str(), s.url.as_str()))
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
}
