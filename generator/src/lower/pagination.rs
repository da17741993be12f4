//! Which operations return one page of a list, and how the next page is asked for: declared in
//! the config (`[apis.<id>.pagination]`, checked against the operation's parameters and
//! types), or inferred from the common patterns when nothing is declared.
//!
//! Runs on the finished model, so a declaration is checked against the types the crate has: a
//! parameter or pointer that names nothing fails the generation, listing what exists. An
//! inference is a note at the operation, saying what was inferred and how to confirm or turn it
//! off; it needs one unambiguous list (the only array at the top of the success body) and a
//! parameter and response field that belong together by name.

use std::collections::BTreeMap;

use crate::config::PagingConfig;
use crate::error::Diagnostic;
use crate::ir::{
    Api, BodyEncoding, Operation, Paging, PagingScheme, ParameterLocation, Read, Success, TypeKind,
    TypeRef,
};
use crate::spec::Pointer;

/// Query parameters that take a cursor, and the response fields that hand one out (at the top
/// or in a top-level object, as Slack's `response_metadata.next_cursor`).
const CURSOR_PARAMETERS: &[&str] = &[
    "starting_after",
    "cursor",
    "after",
    "marker",
    "page_token",
    "pageToken",
    "next_token",
    "continuation_token",
    "continue",
];
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextCursor",
];
/// Query parameters that take the last item's id while a `has_more` says there is more.
const AFTER_ID_PARAMETERS: &[&str] = &["starting_after", "after"];
/// Response fields that hold the next page's URL (at the top or in a top-level object, as
/// Twilio's `meta.next_page_url`).
const NEXT_URL_FIELDS: &[&str] = &["next_url", "next_page_url", "next_page_uri", "nextLink"];
/// Arrays beside the items that are not a list's items (Square's `errors`).
const NOT_ITEMS: &[&str] = &["errors", "warnings"];

/// What paginating found: notes of what was inferred, and declarations that do not fit.
pub(super) struct Paginated {
    pub notes: Vec<Diagnostic>,
    pub problems: Vec<String>,
}

/// Gives each list operation of `api` its paging, declared or inferred.
pub(super) fn paginate(api: &mut Api, declared: &BTreeMap<String, PagingConfig>) -> Paginated {
    let mut found = Paginated {
        notes: Vec::new(),
        problems: Vec::new(),
    };
    for index in 0..api.operations.len() {
        let op = &api.operations[index];
        let paging = match declared.get(&op.id) {
            Some(config) => match declare(api, op, config) {
                Ok(paging) => paging,
                Err(problem) => {
                    found.problems.push(format!(
                        "`{}` ({} {}): {problem}",
                        op.id, op.http_method, op.path
                    ));
                    None
                }
            },
            None => infer(api, op).inspect(|paging| {
                found.notes.push(Diagnostic {
                    pointer: Pointer::root()
                        .join("paths")
                        .join(&op.path)
                        .join(op.http_method.to_lowercase())
                        .to_string(),
                    message: format!(
                        "paginated as {} (inferred; declare `{}` under the API's `pagination` in the config to confirm or change it, or give it `scheme = \"none\"`)",
                        describe(paging),
                        op.id
                    ),
                });
            }),
        };
        api.operations[index].paging = paging;
    }
    found
}

/// The paging `config` declares for `op`, checked against its parameters and types.
fn declare(api: &Api, op: &Operation, config: &PagingConfig) -> Result<Option<Paging>, String> {
    let success = success_type(op).ok_or("its success is not one JSON body")?;
    let (items, item) = match config {
        PagingConfig::None => return Ok(None),
        PagingConfig::Cursor { items, .. }
        | PagingConfig::Page { items, .. }
        | PagingConfig::NextUrl { items, .. }
        | PagingConfig::HasMore { items, .. }
        | PagingConfig::Scroll { items, .. } => (items, item_type(api, success, items)?),
    };
    let response = |pointer: &str| type_at(api, success, pointer).map(|_| pointer.to_owned());
    let scheme = match config {
        PagingConfig::None => return Ok(None),
        PagingConfig::Cursor {
            parameter, next, ..
        } if parameter.starts_with('/') => {
            let body = op
                .body
                .as_ref()
                .filter(|body| body.encoding == BodyEncoding::Json)
                .ok_or(
                    "its `parameter` is a pointer into the request body, but it has no JSON body",
                )?;
            type_at(api, &body.ty, parameter).map_err(|why| format!("the request body {why}"))?;
            PagingScheme::BodyCursor {
                field: parameter.clone(),
                next: response(next)?,
            }
        }
        PagingConfig::Cursor {
            parameter, next, ..
        } => PagingScheme::QueryCursor {
            parameter: query_parameter(op, parameter)?,
            next: response(next)?,
        },
        PagingConfig::Page {
            parameter,
            total_pages,
            ..
        } => PagingScheme::PageNumber {
            parameter: query_parameter(op, parameter)?,
            total_pages: total_pages.as_deref().map(response).transpose()?,
        },
        PagingConfig::NextUrl {
            next, parameter, ..
        } => PagingScheme::NextUrl {
            next: match next.eq_ignore_ascii_case("link") {
                true => None,
                false => Some(response(next)?),
            },
            parameter: parameter
                .as_deref()
                .map(|name| query_parameter(op, name))
                .transpose()?,
        },
        PagingConfig::HasMore {
            parameter,
            has_more,
            id,
            ..
        } => {
            type_at(api, &item, id).map_err(|why| format!("an item ({items}) {why}"))?;
            PagingScheme::HasMore {
                parameter: query_parameter(op, parameter)?,
                has_more: response(has_more)?,
                id: id.clone(),
            }
        }
        PagingConfig::Scroll {
            parameter, next, ..
        } => PagingScheme::Scroll {
            parameter: query_parameter(op, parameter)?,
            next: response(next)?,
        },
    };
    Ok(Some(Paging {
        scheme,
        items: items.clone(),
        item,
        declared: true,
    }))
}

/// The paging the common patterns suggest for `op`, if one does.
fn infer(api: &Api, op: &Operation) -> Option<Paging> {
    let success = success_type(op)?;
    let fields = struct_fields(api, success)?;
    let mut lists = fields
        .iter()
        .filter(|(key, _)| !NOT_ITEMS.contains(&key.as_str()))
        .filter_map(|(key, ty)| match unwrapped(api, ty) {
            TypeRef::Vec(item) => Some((key.as_str(), item.as_ref().clone())),
            _ => None,
        });
    let (list, item) = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let query = |name: &str| {
        op.parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Query && p.wire_name == name)
    };
    let items = format!("/{}", escape(list));
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, ty)| ty);
    let cursor_parameter = CURSOR_PARAMETERS.iter().find(|name| query(name));
    let string = |name: &str| field(name).is_some_and(|ty| unwrapped(api, ty) == &TypeRef::String);
    let after_id = AFTER_ID_PARAMETERS.iter().find(|name| query(name));
    let scheme = if let Some(parameter) = after_id.filter(|_| {
        field("has_more").is_some_and(|ty| unwrapped(api, ty) == &TypeRef::Bool)
            && type_at(api, &item, "/id").is_ok()
    }) {
        PagingScheme::HasMore {
            parameter: (*parameter).into(),
            has_more: "/has_more".into(),
            id: "/id".into(),
        }
    } else if string("next") {
        // A URL (Django REST framework's lists) or a cursor (OpenAI's): the value tells.
        PagingScheme::NextUrl {
            next: Some("/next".into()),
            parameter: cursor_parameter.map(|name| (*name).to_owned()),
        }
    } else if let Some((parameter, next)) = CURSOR_PARAMETERS
        .iter()
        .filter(|name| query(name))
        .find_map(|name| Some((*name, cursor_field(api, success, name)?)))
    {
        PagingScheme::QueryCursor {
            parameter: parameter.into(),
            next,
        }
    } else if query("page") && field("total_pages").is_some() {
        PagingScheme::PageNumber {
            parameter: "page".into(),
            total_pages: Some("/total_pages".into()),
        }
    } else if let Some(next) = next_url_field(api, success) {
        PagingScheme::NextUrl {
            next: Some(next),
            parameter: None,
        }
    } else {
        return None;
    };
    Some(Paging {
        scheme,
        items,
        item,
        declared: false,
    })
}

/// Where the response hands out the cursor the query parameter `parameter` takes: at the top,
/// a field named like a next cursor, `next_<parameter>` (Box's `next_marker`) or `<parameter>`
/// itself (Square's `cursor`); or in a top-level object, a field named like a next cursor
/// (Slack's `response_metadata.next_cursor`), or `<parameter>` there or under its `next`
/// (Intercom's `pages.next.starting_after`).
fn cursor_field(api: &Api, success: &TypeRef, parameter: &str) -> Option<String> {
    let top = struct_fields(api, success)?;
    let next_parameter = format!("next_{parameter}");
    let named = [next_parameter.as_str(), parameter];
    let at_top = CURSOR_FIELDS
        .iter()
        .chain(&named)
        .map(|name| format!("/{}", escape(name)));
    let nested = top.iter().flat_map(|(key, _)| {
        let key = escape(key);
        CURSOR_FIELDS
            .iter()
            .map(|name| format!("/{key}/{name}"))
            .chain([
                format!("/{key}/{parameter}"),
                format!("/{key}/next/{parameter}"),
            ])
            .collect::<Vec<_>>()
    });
    at_top
        .chain(nested)
        .find(|pointer| type_at(api, success, pointer).is_ok_and(|ty| is_scalar(api, &ty)))
}

/// Where the response hands out the next page's URL: a field named like one, at the top or in
/// a top-level object.
fn next_url_field(api: &Api, success: &TypeRef) -> Option<String> {
    let top = struct_fields(api, success)?;
    let at_top = NEXT_URL_FIELDS.iter().map(|name| format!("/{name}"));
    let nested = top.iter().flat_map(|(key, _)| {
        let key = escape(key);
        NEXT_URL_FIELDS
            .iter()
            .map(move |name| format!("/{key}/{name}"))
    });
    at_top.chain(nested).find(|pointer| {
        type_at(api, success, pointer).is_ok_and(|ty| unwrapped(api, &ty) == &TypeRef::String)
    })
}

/// The type of a success that is one JSON body.
fn success_type(op: &Operation) -> Option<&TypeRef> {
    match &op.success {
        Success::One(Some(payload)) if payload.read == Read::Json => Some(&payload.ty),
        _ => None,
    }
}

/// The wire name of `op`'s query parameter `name`, or what it has instead.
fn query_parameter(op: &Operation, name: &str) -> Result<String, String> {
    let query: Vec<&str> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| p.wire_name.as_str())
        .collect();
    if query.contains(&name) {
        Ok(name.to_owned())
    } else if query.is_empty() {
        Err(format!("it has no query parameter `{name}`; it has none"))
    } else {
        Err(format!(
            "it has no query parameter `{name}`; it has: {}",
            query.join(", ")
        ))
    }
}

/// The item type of the array at `pointer` of `success`.
fn item_type(api: &Api, success: &TypeRef, pointer: &str) -> Result<TypeRef, String> {
    match type_at(api, success, pointer).map_err(|why| format!("the response {why}"))? {
        TypeRef::Vec(item) => Ok(*item),
        _ => Err(format!("the response's `{pointer}` is not an array")),
    }
}

/// The type at the JSON pointer `pointer` of a value of `ty`, following object fields by their
/// JSON keys; or, in words, where it stops and what exists there.
fn type_at(api: &Api, ty: &TypeRef, pointer: &str) -> Result<TypeRef, String> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!(
            "has no `{pointer}`: a JSON pointer starts with `/`"
        ));
    };
    let mut current = unwrapped(api, ty).clone();
    let mut walked = String::new();
    for key in rest.split('/') {
        let key = key.replace("~1", "/").replace("~0", "~");
        let Some(fields) = struct_fields(api, &current) else {
            return Err(format!(
                "has no `{pointer}`: `{}` is not an object with properties",
                if walked.is_empty() { "/" } else { &walked }
            ));
        };
        let Some((_, ty)) = fields.iter().find(|(name, _)| *name == key) else {
            let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
            return Err(format!(
                "has no `{pointer}`: `{}` has {}",
                if walked.is_empty() { "/" } else { &walked },
                names.join(", ")
            ));
        };
        walked.push('/');
        walked.push_str(&escape(&key));
        current = unwrapped(api, ty).clone();
    }
    Ok(current)
}

/// The JSON keys and types of the fields of `ty`, when it is an object with properties.
fn struct_fields(api: &Api, ty: &TypeRef) -> Option<Vec<(String, TypeRef)>> {
    let TypeRef::Named(id) = unwrapped(api, ty) else {
        return None;
    };
    match &api.type_def(*id).kind {
        TypeKind::Struct { fields } => Some(
            fields
                .iter()
                .map(|field| (field.wire_name.clone(), field.ty.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// `ty` without boxes, nullability and aliases.
fn unwrapped<'t>(api: &'t Api, ty: &'t TypeRef) -> &'t TypeRef {
    match ty {
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => unwrapped(api, inner),
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => unwrapped(api, inner),
            _ => ty,
        },
        _ => ty,
    }
}

/// Whether a value of `ty` can be a cursor: a string or an integer.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    matches!(
        unwrapped(api, ty),
        TypeRef::String | TypeRef::I32 | TypeRef::I64
    )
}

/// `key` as a JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The scheme in words, for notes and docs.
pub(crate) fn describe(paging: &Paging) -> String {
    let scheme = match &paging.scheme {
        PagingScheme::QueryCursor { parameter, next } => {
            format!("a cursor: the query parameter `{parameter}` takes the response's `{next}`")
        }
        PagingScheme::BodyCursor { field, next } => {
            format!("a cursor in the body: the request's `{field}` takes the response's `{next}`")
        }
        PagingScheme::PageNumber {
            parameter,
            total_pages,
        } => match total_pages {
            Some(total) => format!(
                "page numbers: the query parameter `{parameter}` counts up to the response's `{total}`"
            ),
            None => format!(
                "page numbers: the query parameter `{parameter}` counts up to an empty page"
            ),
        },
        PagingScheme::NextUrl { next, parameter } => {
            let link = match next {
                Some(next) => format!("the response's `{next}`"),
                None => "the `Link` header's `rel=\"next\"`".to_owned(),
            };
            match parameter {
                Some(parameter) => format!(
                    "next-page URLs: {link}, or a cursor there for the query parameter `{parameter}`"
                ),
                None => format!("next-page URLs: {link}"),
            }
        }
        PagingScheme::HasMore {
            parameter,
            has_more,
            id,
        } => format!(
            "`has_more`: while the response's `{has_more}` is true, the query parameter `{parameter}` takes the last item's `{id}`"
        ),
        PagingScheme::Scroll { parameter, next } => format!(
            "a scroll: the query parameter `{parameter}` takes the response's `{next}` until a page is empty"
        ),
    };
    format!("{scheme}; the items are the response's `{}`", paging.items)
}
