//! The desk's vocabulary as types: statuses, priorities, channels, roles and
//! message kinds. Each enum has one stored spelling (`as_str`), parsed back by
//! `FromStr`, which is also the spelling the command line and JSON use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares a closed set of stored words: enum, `as_str`, `ALL`, `FromStr`,
/// `Display` and serde, all from one list so they cannot drift apart.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        /// Read through `FromStr`, so a wrong word in an imported file gets
        /// the same message, naming the choices, as on the command line.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// Every value, in the order of the declaration.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match wanted.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownWord {
                        what: stringify!($name),
                        got: s.to_string(),
                        expected: &[$($text),+],
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse().map_err(|e: UnknownWord| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
    };
}

/// A word that is not one of a vocabulary's values; says which ones are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub what: &'static str,
    pub got: String,
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a {}; use one of: {}",
            self.got,
            self.what.to_ascii_lowercase(),
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownWord {}

vocabulary! {
    /// A ticket's place in its lifecycle: new → open → pending / on hold → solved → closed.
    Status {
        New => "new",
        Open => "open",
        Pending => "pending",
        OnHold => "on_hold",
        Solved => "solved",
        Closed => "closed",
    }
}

impl Status {
    /// New, open, pending and on hold tickets are the backlog.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::New | Status::Open | Status::Pending | Status::OnHold
        )
    }
}

vocabulary! {
    /// How urgent a ticket is; drives queue order and SLA targets.
    Priority {
        Low => "low",
        Normal => "normal",
        High => "high",
        Urgent => "urgent",
    }
}

vocabulary! {
    /// Where a ticket came in. One thread per ticket, whatever the channel.
    Channel {
        Email => "email",
        Phone => "phone",
        Chat => "chat",
        Sms => "sms",
        Social => "social",
        Web => "web",
    }
}

vocabulary! {
    /// What an agent may do in the console.
    Role {
        Agent => "agent",
        Supervisor => "supervisor",
        Admin => "admin",
    }
}

vocabulary! {
    /// Who wrote a message.
    Author {
        Customer => "customer",
        Agent => "agent",
    }
}

vocabulary! {
    /// What a message is: visible to the customer, internal, or a phone-call log.
    MessageKind {
        Public => "public",
        Internal => "internal",
        Call => "call",
    }
}

vocabulary! {
    /// Whether an agent can take work right now.
    AgentStatus {
        Available => "available",
        Away => "away",
        Offline => "offline",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_prints_and_forgives_spelling() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(*status));
        }
        assert_eq!("On Hold".parse::<Status>(), Ok(Status::OnHold));
        assert_eq!("on-hold".parse::<Status>(), Ok(Status::OnHold));
        assert_eq!("URGENT".parse::<Priority>(), Ok(Priority::Urgent));
    }

    #[test]
    fn unknown_word_names_the_choices() {
        let err = "soon".parse::<Priority>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("'soon' is not a priority"), "{text}");
        assert!(text.contains("low, normal, high, urgent"), "{text}");
    }

    #[test]
    fn priority_orders_low_to_urgent() {
        assert!(Priority::Urgent > Priority::High);
        assert!(Priority::Low < Priority::Normal);
    }
}
