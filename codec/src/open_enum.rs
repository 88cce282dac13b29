//! The one macro for wire enums numbered by an integer: [`open_enum!`](crate::open_enum).
//!
//! A wire enum lists the values a table of the specification names and keeps every other value
//! as `Unknown(n)`, so that a message from a newer release decodes and re-encodes unchanged. The
//! table is written once, in the macro invocation: variants, numbers and names all come from it.
//! (ASN.1 ENUMERATED types, numbered by their PER index, use [`aper_enum!`](crate::aper_enum).)

/// Declares an open enum over an integer type: one variant per listed value plus
/// `Unknown(n)` for the others, with conversions both ways and a name per value.
///
/// ```
/// keyhop_codec::open_enum! {
///     /// A colour of the (made-up) traffic light protocol.
///     pub enum Light: u8 {
///         /// Stop (clause 1).
///         Red = 1 => "red",
///         /// Go (clause 2).
///         Green = 2 => "green",
///     }
/// }
/// assert_eq!(Light::from(2), Light::Green);
/// assert_eq!(Light::from(7), Light::Unknown(7));
/// assert_eq!(u8::from(Light::Unknown(7)), 7);
/// assert_eq!(Light::Green.name(), "green");
/// assert_eq!(Light::Unknown(7).name(), "unknown(7)");
/// assert_eq!(Light::from_name("red"), Some(Light::Red));
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: $repr:ty {
            $( $(#[$vmeta:meta])* $var:ident = $num:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $var, )*
            /// A value the table does not list, kept as received.
            Unknown($repr),
        }

        impl $name {
            /// Every listed value, in table order.
            pub const KNOWN: &'static [$name] = &[$( $name::$var, )*];

            /// The enum for a wire value (an unlisted value is kept as `Unknown`).
            pub const fn from_value(v: $repr) -> Self {
                match v {
                    $( $num => $name::$var, )*
                    other => $name::Unknown(other),
                }
            }

            /// The wire value.
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$var => $num, )*
                    $name::Unknown(n) => n,
                }
            }

            /// The name of a listed value, `None` for `Unknown`.
            pub const fn known_name(self) -> Option<&'static str> {
                match self {
                    $( $name::$var => Some($text), )*
                    $name::Unknown(_) => None,
                }
            }

            /// The name, `unknown(<value>)` for a value the table does not list.
            pub fn name(self) -> ::std::borrow::Cow<'static, str> {
                match self.known_name() {
                    Some(n) => ::std::borrow::Cow::Borrowed(n),
                    None => ::std::borrow::Cow::Owned(format!("unknown({})", self.value())),
                }
            }

            /// The listed value of a name (the inverse of [`Self::known_name`]; the first in table
            /// order when values share a name, as GTPv2's six MM Context IE types do).
            // Shared names make later arms unreachable, which is what "the first" means.
            #[allow(unreachable_patterns)]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $text => Some($name::$var), )*
                    _ => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                $name::from_value(v)
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> $repr {
                v.value()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.name())
            }
        }
    };
}
