//! `[apis.<id>.pagination]`: how each list operation's pages link up, by `operationId`.
//!
//! An API's descriptions say how its lists page only in prose (or in an SDK generator's own
//! extension), so it is declared here, beside the API, and true of every version. Operations
//! not declared are inferred from the common patterns (see `lower/pagination.rs`), each
//! inference printed so that it can be confirmed here or turned off with `scheme = "none"`.
//! Pointers are JSON pointers into the success body (`/pages/next/starting_after`).

use serde::Deserialize;

/// One operation's pagination.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "scheme", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PagingConfig {
    /// A cursor from the response at `next` goes into the query parameter `parameter`, or,
    /// when `parameter` is a JSON pointer (`/pagination/starting_after`), into that field of
    /// the request body. No cursor: no more pages.
    Cursor {
        parameter: String,
        next: String,
        items: String,
    },
    /// The page number goes into the query parameter `parameter`; the integer at
    /// `total_pages` says how many there are (without it, an empty page ends the list).
    Page {
        parameter: String,
        total_pages: Option<String>,
        items: String,
    },
    /// The next page's URL is the string at `next`, or (`next = "Link"`) the `Link` header's
    /// `rel="next"` target. With `parameter`, a value there that is not a URL is a cursor for
    /// that query parameter.
    NextUrl {
        next: String,
        parameter: Option<String>,
        items: String,
    },
    /// While the boolean at `has_more` is true, the query parameter `parameter` takes the id
    /// (at `id` of an item, `/id` by default) of the page's last item.
    HasMore {
        parameter: String,
        has_more: String,
        #[serde(default = "default_id")]
        id: String,
        items: String,
    },
    /// A scroll: the query parameter `parameter` takes the scroll id at `next`; an empty page
    /// ends it.
    Scroll {
        parameter: String,
        next: String,
        items: String,
    },
    /// Not paginated, whatever inference would say.
    None,
}

fn default_id() -> String {
    "/id".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn parse(text: &str) -> Result<BTreeMap<String, PagingConfig>, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn each_scheme_reads_from_one_inline_table() {
        let declared = parse(
            r#"
            listContacts = { scheme = "cursor", parameter = "starting_after", next = "/pages/next/starting_after", items = "/data" }
            listCharges = { scheme = "has-more", parameter = "starting_after", has_more = "/has_more", items = "/data" }
            getReport = { scheme = "none" }
            "#,
        )
        .expect("reads");
        assert_eq!(
            declared["listCharges"],
            PagingConfig::HasMore {
                parameter: "starting_after".into(),
                has_more: "/has_more".into(),
                id: "/id".into(),
                items: "/data".into(),
            }
        );
        assert_eq!(declared["getReport"], PagingConfig::None);
    }

    #[test]
    fn a_misspelt_key_or_scheme_is_refused() {
        let error =
            parse(r#"x = { scheme = "cursor", parameter = "a", nxt = "/b", items = "/c" }"#)
                .expect_err("a misspelt key");
        assert!(error.to_string().contains("nxt"), "{error}");
        let error = parse(r#"x = { scheme = "cursors" }"#).expect_err("an unknown scheme");
        assert!(error.to_string().contains("cursors"), "{error}");
    }
}
