//! The rules that turn schemas into types, one test each, on small descriptions lowered whole:
//! which Rust type a schema becomes (`convert.rs`), an object's fields and their presence and the
//! components it copies (`objects.rs`), string enums (`enums.rs`) and unions with or without a
//! tag (`unions.rs`).

use crate::ir::{Api, Presence, TypeDef, TypeKind, TypeRef};
use crate::lower::{lowered, model};

/// The model of a description whose component schemas are `schemas` (YAML, indented under
/// `schemas:`), each reached by one operation that answers it.
fn with_schemas(schemas: &str) -> Api {
    model(&description(schemas))
}

/// The description of [`with_schemas`].
fn description(schemas: &str) -> String {
    let names: Vec<&str> = schemas
        .lines()
        .filter(|line| line.starts_with("    ") && !line.starts_with("     "))
        .filter_map(|line| {
            line.trim()
                .strip_suffix(':')
                .or_else(|| line.trim().split(':').next())
        })
        .collect();
    let paths: String = names
        .iter()
        .map(|name| {
            format!(
                "  /{name}:\n    get:\n      operationId: get{name}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{name}'}}\n"
            )
        })
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: Rules, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

/// The named type `name`'s definition.
fn definition<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|definition| definition.name.as_str() == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// The named type `name`'s kind.
fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &definition(api, name).kind
}

/// A struct's fields as `name: Rust type (presence)`.
fn fields(api: &Api, name: &str) -> Vec<String> {
    let TypeKind::Struct { fields } = kind(api, name) else {
        panic!("{name} is not a struct: {:?}", kind(api, name));
    };
    fields
        .iter()
        .map(|field| {
            let presence = match field.presence {
                Presence::Required => "required",
                Presence::RequiredNullable => "required, nullable",
                Presence::Optional => "optional",
                Presence::Additional => "the rest",
            };
            format!("{}: {} ({presence})", field.name, field.ty.rust_text(api))
        })
        .collect()
}

#[test]
fn each_primitive_and_format_becomes_its_rust_type() {
    let api = with_schemas(
        r#"    Primitives:
      type: object
      required: [a, b, c, d, e, f, g, h, i]
      additionalProperties: false
      properties:
        a: {type: string}
        b: {type: integer, format: int32}
        c: {type: integer}
        d: {type: number}
        e: {type: boolean}
        f: {type: array, items: {type: string}}
        g: {type: object, additionalProperties: {type: integer, format: int32}}
        h: {}
        i: {type: string, format: byte}
"#,
    );
    assert_eq!(
        fields(&api, "Primitives"),
        [
            "a: String (required)",
            "b: i32 (required)",
            "c: i64 (required)",
            "d: f64 (required)",
            "e: bool (required)",
            "f: Vec<String> (required)",
            "g: BTreeMap<String, i32> (required)",
            "h: serde_json::Value (required)",
            "i: String (required)",
        ]
    );
}

/// Required or not, nullable or not: the four ways a key may be absent.
#[test]
fn presence_follows_required_and_nullable() {
    let api = with_schemas(
        r#"    Presences:
      type: object
      required: [kept, kept_null]
      additionalProperties: false
      properties:
        kept: {type: string}
        kept_null: {type: string, nullable: true}
        maybe: {type: string}
        maybe_null: {type: string, nullable: true}
"#,
    );
    assert_eq!(
        fields(&api, "Presences"),
        [
            "kept: String (required)",
            "kept_null: String (required, nullable)",
            "maybe: String (optional)",
            "maybe_null: String (optional)",
        ]
    );
}

/// An object keeps the properties its schema does not declare, unless it forbids them; typed
/// ones keep their type.
#[test]
fn undeclared_properties_are_kept_unless_forbidden() {
    let api = with_schemas(
        r#"    Open:
      type: object
      properties:
        id: {type: string}
    Typed:
      type: object
      properties:
        id: {type: string}
      additionalProperties: {type: integer}
    Closed:
      type: object
      additionalProperties: false
      properties:
        id: {type: string}
"#,
    );
    assert_eq!(
        fields(&api, "Open"),
        [
            "id: String (optional)",
            "additional_properties: BTreeMap<String, serde_json::Value> (the rest)"
        ]
    );
    assert_eq!(
        fields(&api, "Typed"),
        [
            "id: String (optional)",
            "additional_properties: BTreeMap<String, i64> (the rest)"
        ]
    );
    assert_eq!(fields(&api, "Closed"), ["id: String (optional)"]);
}

/// Property names that are not Rust names, or that meet once they are, stay apart.
#[test]
fn property_names_become_distinct_rust_names() {
    let api = with_schemas(
        r#"    Names:
      type: object
      additionalProperties: false
      properties:
        type: {type: string}
        first-name: {type: string}
        first_name: {type: string}
        2fa: {type: boolean}
"#,
    );
    assert_eq!(
        fields(&api, "Names"),
        [
            "type: String (optional)",
            "first_name: String (optional)",
            "first_name_2: String (optional)",
            "_2fa: bool (optional)",
        ]
    );
}

/// A string enum: a variant per value, and a catch-all that takes another name when a value
/// has its name.
#[test]
fn a_string_enum_has_a_variant_per_value_and_a_catch_all() {
    let api = with_schemas(
        r#"    Status:
      type: string
      enum: [open, in-progress, unknown]
"#,
    );
    let TypeKind::Enum { variants, unknown } = kind(&api, "Status") else {
        panic!("not an enum");
    };
    let variants: Vec<(&str, &str)> = variants
        .iter()
        .map(|variant| (variant.name.as_str(), variant.wire_name.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("Open", "open"),
            ("InProgress", "in-progress"),
            ("Unknown", "unknown")
        ]
    );
    assert_eq!(unknown.as_str(), "Unknown2");
}

/// A union is tagged by its discriminator, or by a required property every variant has with a
/// distinct single value; without either, the first variant that decodes wins.
#[test]
fn a_union_is_tagged_by_its_discriminator_or_a_distinct_constant_property() {
    let api = with_schemas(
        r#"    Cat:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [cat]}
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [dog]}
    ByDiscriminator:
      oneOf:
        - {$ref: '#/components/schemas/Cat'}
        - {$ref: '#/components/schemas/Dog'}
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
    ByConstant:
      oneOf:
        - {$ref: '#/components/schemas/Cat'}
        - {$ref: '#/components/schemas/Dog'}
    Untagged:
      oneOf:
        - {type: string}
        - {type: integer}
"#,
    );
    let tagging = |name: &str| {
        let TypeKind::Union { variants, tag, .. } = kind(&api, name) else {
            panic!("{name} is not a union");
        };
        let variants: Vec<String> = variants
            .iter()
            .map(|variant| {
                format!(
                    "{}({}) {:?}",
                    variant.name,
                    variant.ty.rust_text(&api),
                    variant.tag_value
                )
            })
            .collect();
        (tag.clone(), variants)
    };
    let cats_and_dogs = vec![
        r#"Cat(types::Cat) Some("cat")"#.to_owned(),
        r#"Dog(types::Dog) Some("dog")"#.to_owned(),
    ];
    assert_eq!(
        tagging("ByDiscriminator"),
        (Some("kind".to_owned()), cats_and_dogs.clone())
    );
    assert_eq!(
        tagging("ByConstant"),
        (Some("kind".to_owned()), cats_and_dogs)
    );
    assert_eq!(
        tagging("Untagged"),
        (
            None,
            vec![
                "String(String) None".to_owned(),
                "Integer(i64) None".to_owned()
            ]
        )
    );
}

#[test]
fn a_type_records_the_components_whose_properties_it_copies() {
    let api = with_schemas(
        r#"    Base:
      type: object
      properties:
        id: {type: string}
    Derived:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          properties:
            note: {type: string}
    Holder:
      type: object
      properties:
        base: {$ref: '#/components/schemas/Base'}
    Shape:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      oneOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          properties:
            size: {type: integer}
"#,
    );
    let bases = |name: &str| -> Vec<&str> {
        let ids = definition(&api, name).bases.iter();
        ids.map(|id| api.type_def(*id).name.as_str()).collect()
    };
    assert_eq!(
        fields(&api, "Derived")[..2],
        ["id: String (optional)", "note: String (optional)"]
    );
    assert_eq!(bases("Derived"), ["Base"]);
    // Holding a component is not copying it.
    assert_eq!(bases("Holder"), Vec::<&str>::new());
    let TypeKind::Union { variants, .. } = kind(&api, "Shape") else {
        panic!("Shape is a union");
    };
    let merged: Vec<Vec<&str>> = variants
        .iter()
        .map(|variant| match &variant.ty {
            TypeRef::Named(id) => bases(api.type_def(*id).name.as_str()),
            other => panic!("a variant of Shape is {other:?}"),
        })
        .collect();
    assert_eq!(merged, [vec!["Base"], vec![]]);
}

/// Lob's fixed value of a shared field: an `allOf` of a string component and a string enum is
/// that enum, not a struct that no string decodes into.
#[test]
fn an_all_of_of_one_primitive_type_is_its_narrowest_part() {
    let api = with_schemas(
        r#"    Kind:
      type: string
    Count:
      type: integer
    Event:
      type: object
      required: [object, id, total, mixed]
      additionalProperties: false
      properties:
        object:
          allOf:
            - {$ref: '#/components/schemas/Kind'}
            - {type: string, enum: [tracking_event], default: tracking_event}
        id:
          allOf:
            - {$ref: '#/components/schemas/Kind'}
            - {type: string, maxLength: 36, description: The event's id.}
        total:
          nullable: true
          allOf:
            - {$ref: '#/components/schemas/Count'}
            - {type: integer, minimum: 0}
        mixed:
          allOf:
            - {$ref: '#/components/schemas/Kind'}
            - {type: integer, enum: [1]}
"#,
    );
    assert_eq!(
        fields(&api, "Event"),
        [
            "object: types::EventObject (required)",
            "id: types::Kind (required)",
            "total: types::Count (required, nullable)",
            // Parts of different types have no value in common that a Rust type could say.
            "mixed: types::EventMixed (required)",
        ]
    );
    let TypeKind::Enum { variants, .. } = kind(&api, "EventObject") else {
        panic!("EventObject is {:?}", kind(&api, "EventObject"));
    };
    let values: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
    assert_eq!(values, ["tracking_event"]);
}

/// Lob's paging parameters: an object and a `oneOf` that only says which of its properties must
/// be there. Nothing is left out, so nothing is warned of.
#[test]
fn an_all_of_part_that_only_requires_properties_adds_none_and_is_no_loss() {
    let lowered = lowered(&description(
        r#"    Page:
      allOf:
        - type: object
          additionalProperties: false
          properties:
            before: {type: string}
            after: {type: string}
        - oneOf:
            - {required: [before]}
            - {required: [after]}
        - anyOf:
            - {type: object, properties: {limit: {type: integer}}}
"#,
    ));
    assert_eq!(
        fields(&lowered.api, "Page"),
        ["before: String (optional)", "after: String (optional)"]
    );
    let pointers: Vec<&str> = lowered
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    // The union of properties is left out, and says so; the list of requirements is not.
    assert_eq!(pointers, ["#/components/schemas/Page/allOf/2"]);
}

/// `readOnly` where a property says it: on the property, on a part of its `allOf` (a 3.1 `$ref`
/// with a sibling `readOnly`), or on the schema its `$ref` names.
#[test]
fn a_property_is_read_only_wherever_its_schema_says_so() {
    let api = with_schemas(
        r#"    Stamp:
      type: string
      readOnly: true
    Record:
      type: object
      required: [id]
      properties:
        id: {type: string, readOnly: true}
        stamp: {$ref: '#/components/schemas/Stamp'}
        owner:
          allOf:
            - {type: string}
            - {readOnly: true}
        name: {type: string}
"#,
    );
    let TypeKind::Struct { fields } = kind(&api, "Record") else {
        panic!("Record is a struct");
    };
    let read_only: Vec<(&str, bool)> = fields
        .iter()
        .map(|field| (field.wire_name.as_str(), field.read_only))
        .collect();
    assert_eq!(
        read_only,
        [
            ("id", true),
            ("stamp", true),
            ("owner", true),
            ("name", false),
            ("", false)
        ]
    );
}

/// Lob's dates: a string whose alternatives only give it one format or another is a string, not
/// a union of untyped alternatives that no probe or program can fill. Discord's named values,
/// a string whose alternatives each fix one (3.1's `const`, read as a one-value `enum`), are a
/// string enum; an integer's, an integer (an untagged union of them decoded every value as the
/// first).
#[test]
fn alternatives_that_only_narrow_a_primitive_type_are_that_type() {
    let api = with_schemas(
        r#"    SendDate:
      type: string
      anyOf:
        - {format: date-time}
        - {format: date}
    ActionTypes:
      type: string
      oneOf:
        - {title: TYPING_START, enum: [TYPING_START], description: User started typing.}
        - {title: INVITE_CREATE, type: string, enum: [INVITE_CREATE]}
    ActivityActionTypes:
      type: integer
      format: int32
      oneOf:
        - {title: JOIN, enum: [1]}
        - {title: SPECTATE, enum: [2]}
    Filter:
      type: object
      additionalProperties: false
      properties:
        since:
          type: string
          oneOf:
            - {type: string, format: date}
            - {pattern: '^[0-9]+$'}
        either:
          oneOf:
            - {type: string}
            - {type: integer}
"#,
    );
    assert_eq!(kind(&api, "SendDate"), &TypeKind::Alias(TypeRef::String));
    let TypeKind::Enum { variants, .. } = kind(&api, "ActionTypes") else {
        panic!("ActionTypes is {:?}", kind(&api, "ActionTypes"));
    };
    let values: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
    assert_eq!(values, ["TYPING_START", "INVITE_CREATE"]);
    assert_eq!(
        kind(&api, "ActivityActionTypes"),
        &TypeKind::Alias(TypeRef::I32)
    );
    assert_eq!(
        fields(&api, "Filter"),
        [
            "since: String (optional)",
            // A union of types stays one.
            "either: types::FilterEither (optional)",
        ]
    );
}
