//! The builder methods of struct fields: `with_` and the field's name, without a leading `_`
//! (`_123abc`), for each optional field. Named last, once overrides have renamed fields; the
//! allocator keeps apart two names that then meet, and `new`, which every struct has.

use crate::ir::reserved::STRUCT_METHODS;
use crate::ir::{Ident, NameAllocator, Presence, TypeDef, TypeKind};

/// Names the setter of every optional field of every struct among `types`.
pub(super) fn name_setters(types: &mut [TypeDef]) {
    for definition in types {
        let TypeKind::Struct { fields } = &mut definition.kind else {
            continue;
        };
        let mut names = NameAllocator::with_reserved(STRUCT_METHODS.iter().copied());
        for field in fields {
            field.setter = (field.presence == Presence::Optional).then(|| {
                let wanted = format!("with_{}", field.name.as_str().trim_start_matches('_'));
                names.claim(Ident::field_name(&wanted))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::name_setters;
    use crate::ir::{Docs, Field, Ident, Presence, TypeDef, TypeKind, TypeRef};

    fn field(name: &str, presence: Presence) -> Field {
        Field {
            name: Ident::field_name(name),
            wire_name: name.to_owned(),
            docs: Docs::default(),
            ty: TypeRef::String,
            presence,
            read_only: false,
            setter: None,
        }
    }

    #[test]
    fn optional_fields_get_a_setter_each_and_two_that_meet_are_kept_apart() {
        let mut types = [TypeDef::new(
            Ident::type_name("Thing"),
            Docs::default(),
            TypeKind::Struct {
                fields: vec![
                    field("id", Presence::Required),
                    field("note", Presence::Optional),
                    field("_note", Presence::Optional),
                    field("new", Presence::Optional),
                    field("extra", Presence::Additional),
                ],
            },
        )];
        name_setters(&mut types);
        let TypeKind::Struct { fields } = &types[0].kind else {
            unreachable!("a struct")
        };
        let setters: Vec<Option<&str>> = fields
            .iter()
            .map(|field| field.setter.as_ref().map(Ident::as_str))
            .collect();
        assert_eq!(
            setters,
            [
                None,
                Some("with_note"),
                Some("with_note_2"),
                Some("with_new"),
                None
            ]
        );
    }
}
