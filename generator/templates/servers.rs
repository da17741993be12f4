//! Server URLs: the templates the API description gives (`https://{region}.example.com/v1`),
//! filled with the values of their variables that the client builder was given, or their
//! defaults.

use crate::builder::BuildError;

/// A server's URL template and its variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Server {
    /// The template, without a trailing slash.
    pub(crate) url: &'static str,
    /// The variables of the template.
    pub(crate) variables: &'static [Variable],
}

/// A variable of a server URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Variable {
    /// Its name in the template.
    pub(crate) name: &'static str,
    /// The value used unless the builder is given another.
    pub(crate) default: &'static str,
    /// The values this server takes; empty when it takes any.
    pub(crate) allowed: &'static [&'static str],
}

impl Server {
    /// The URL, each variable replaced by its value in `values` or else its default. A value
    /// this server does not take is an error that names the ones it does.
    pub(crate) fn url(&self, values: &[(&'static str, String)]) -> Result<String, BuildError> {
        let mut url = self.url.to_owned();
        for variable in self.variables {
            let value = values
                .iter()
                .find(|(name, _)| *name == variable.name)
                .map_or(variable.default, |(_, value)| value.as_str());
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                return Err(BuildError::ServerVariable {
                    name: variable.name,
                    value: value.to_owned(),
                    allowed: variable.allowed,
                });
            }
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::{Server, Variable};

    const REGIONAL: Server = Server {
        url: "https://{region}.example.com/{version}",
        variables: &[
            Variable {
                name: "region",
                default: "us",
                allowed: &["us", "eu"],
            },
            Variable {
                name: "version",
                default: "v1",
                allowed: &[],
            },
        ],
    };

    #[test]
    fn variables_take_their_value_or_default() {
        assert_eq!(
            REGIONAL.url(&[]).expect("defaults"),
            "https://us.example.com/v1"
        );
        let values = [
            ("region", "eu".to_owned()),
            ("version", "v2beta".to_owned()),
        ];
        assert_eq!(
            REGIONAL.url(&values).expect("allowed values"),
            "https://eu.example.com/v2beta"
        );
    }

    #[test]
    fn a_value_the_server_does_not_take_is_an_error_naming_those_it_does() {
        let error = REGIONAL
            .url(&[("region", "mars".to_owned())])
            .expect_err("not an allowed value");
        assert_eq!(
            error.to_string(),
            "the server variable `region` cannot be \"mars\" for this server; it takes: us, eu"
        );
    }
}
