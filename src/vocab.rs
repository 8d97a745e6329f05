//! Typed vocabularies: enums whose every value has one name on the wire.
//!
//! A closed set of strings that keikaku writes (a mention's kind, a qualifier, a table's
//! shape, an item's kind, an indicator's rule …) is declared once with [`vocabulary!`](crate::vocabulary): the
//! enum, its `as_str` (the name written in every output), `ALL` and `NAMES` (the values and
//! their names, in one order), `from_name`, and a `Serialize` that writes `as_str`. The JSON
//! Schemas, DuckDB, Spark and Parquet columns take their `enum` lists from `NAMES`
//! ([`crate::columns`]), so a schema cannot list a name the writer does not write, and serde
//! cannot write a name `as_str` does not give (as a `rename_all` derive once wrote `boxes`
//! for the shape `as_str` calls `box`).

/// Declares an enum with one wire name per variant:
///
/// ```
/// keikaku::vocabulary! {
///     /// A traffic light.
///     pub enum Light {
///         /// Go.
///         Green => "green",
///         Red => "red",
///     }
/// }
/// assert_eq!(Light::Green.as_str(), "green");
/// assert_eq!(Light::NAMES, &["green", "red"]);
/// assert_eq!(Light::from_name("red"), Some(Light::Red));
/// assert_eq!(serde_json::to_string(&Light::Red).unwrap(), "\"red\"");
/// ```
///
/// The enum derives `Debug, Clone, Copy, PartialEq, Eq, Hash`; other derives go in the
/// attributes before `enum`.
#[macro_export]
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The wire names of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            /// The one name this value has in every output.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }

            /// The value whose wire name is `name`.
            pub fn from_name(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::vocabulary! {
        enum Sample {
            One => "one",
            TwoWords => "two_words",
        }
    }

    #[test]
    fn names_values_and_serde_agree() {
        assert_eq!(Sample::ALL.len(), Sample::NAMES.len());
        for (v, n) in Sample::ALL.iter().zip(Sample::NAMES) {
            assert_eq!(v.as_str(), *n);
            assert_eq!(Sample::from_name(n), Some(*v));
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{n}\""));
        }
        assert_eq!(Sample::from_name("three"), None);
        assert_eq!(Sample::TwoWords.to_string(), "two_words");
    }
}
