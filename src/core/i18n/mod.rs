//! Every user-facing string, in English and Dutch, from one catalog.
//!
//! The catalog is a Rust `match`, so a key without both translations does not
//! compile. Templates name their values in braces (`{count}`), filled by
//! [`fill`]; a test checks both languages use the same names.
//!
//! | module      | role |
//! |-------------|------|
//! | `catalog`   | the keys ([`Msg`]) and their two texts ([`t`]) |
//! | [`format`]  | numbers, durations and instants in the desk's language |
//! | [`errors`]  | refusals and store errors as people read them |
//! | (here)      | the language itself, [`fill`], and the domain's words (status, priority, …) |

mod catalog;
pub mod errors;
pub mod format;

pub use catalog::{Msg, t};
pub use errors::{failure, holders, refusal, refusal_by, right_text, role_name, store_error};

use std::fmt::Display;

use crate::domain::{Channel, MessageKind, Priority, Status};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    /// From `--lang`: `en` or `nl` (and their regional forms, `nl_BE`, `en-GB`).
    pub fn parse(s: &str) -> Result<Lang, String> {
        let lower = s.trim().to_ascii_lowercase();
        if lower.starts_with("nl") {
            Ok(Lang::Nl)
        } else if lower.starts_with("en") {
            Ok(Lang::En)
        } else {
            Err(format!(
                "'{s}' is not a language loket speaks; use en or nl"
            ))
        }
    }

    /// From the locale variables, in POSIX precedence (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`); English when none names Dutch.
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|key| std::env::var(key).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(value) = get(key).filter(|v| !v.is_empty()) {
                return if value.to_ascii_lowercase().starts_with("nl") {
                    Lang::Nl
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

/// Fills `{name}` placeholders in a template.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// A status in the interface language.
pub fn status(lang: Lang, status: Status) -> &'static str {
    t(
        lang,
        match status {
            Status::New => Msg::StatusNew,
            Status::Open => Msg::StatusOpen,
            Status::Pending => Msg::StatusPending,
            Status::OnHold => Msg::StatusOnHold,
            Status::Solved => Msg::StatusSolved,
            Status::Closed => Msg::StatusClosed,
        },
    )
}

/// A priority in the interface language.
pub fn priority(lang: Lang, priority: Priority) -> &'static str {
    t(
        lang,
        match priority {
            Priority::Low => Msg::PriorityLow,
            Priority::Normal => Msg::PriorityNormal,
            Priority::High => Msg::PriorityHigh,
            Priority::Urgent => Msg::PriorityUrgent,
        },
    )
}

/// A channel in the interface language.
pub fn channel(lang: Lang, channel: Channel) -> &'static str {
    t(
        lang,
        match channel {
            Channel::Email => Msg::ChannelEmail,
            Channel::Phone => Msg::ChannelPhone,
            Channel::Chat => Msg::ChannelChat,
            Channel::Sms => Msg::ChannelSms,
            Channel::Social => Msg::ChannelSocial,
            Channel::Web => Msg::ChannelWeb,
        },
    )
}

/// An agent's status in the interface language.
pub fn agent_status(lang: Lang, status: crate::domain::AgentStatus) -> &'static str {
    use crate::domain::AgentStatus;
    t(
        lang,
        match status {
            AgentStatus::Available => Msg::AgentAvailable,
            AgentStatus::Away => Msg::AgentAway,
            AgentStatus::Offline => Msg::AgentOffline,
        },
    )
}

/// A message kind in the interface language.
pub fn message_kind(lang: Lang, kind: MessageKind) -> &'static str {
    t(
        lang,
        match kind {
            MessageKind::Public => Msg::KindPublic,
            MessageKind::Internal => Msg::KindInternal,
            MessageKind::Call => Msg::KindCall,
        },
    )
}

/// A history entry's kind and values in the interface language: known
/// kinds get their own words, and status, priority and channel values are
/// translated; anything else is shown as stored.
pub fn event_text(lang: Lang, kind: &str, from: Option<&str>, to: Option<&str>) -> String {
    let label = match kind {
        "created" => t(lang, Msg::EvCreated),
        "assigned" => t(lang, Msg::EvAssigned),
        "status_changed" => t(lang, Msg::EvStatusChanged),
        "priority_changed" => t(lang, Msg::EvPriorityChanged),
        "escalated" => t(lang, Msg::EvEscalated),
        "reopened" => t(lang, Msg::EvReopened),
        "solved" => t(lang, Msg::EvSolved),
        "merged" => t(lang, Msg::EvMerged),
        "tagged" => t(lang, Msg::EvTagged),
        "untagged" => t(lang, Msg::EvUntagged),
        "team_changed" => t(lang, Msg::EvTeamChanged),
        "tier_changed" => t(lang, Msg::EvTierChanged),
        "linked" => t(lang, Msg::EvLinked),
        "mail_bounced" => t(lang, Msg::EvMailBounced),
        "survey_answered" => t(lang, Msg::EvSurveyAnswered),
        "surveys_opted_out" => t(lang, Msg::EvSurveysOptedOut),
        other => other,
    };
    let value = |v: &str| -> String {
        match kind {
            "created" | "status_changed" | "solved" | "reopened" => {
                v.parse::<Status>().map(|s| status(lang, s).to_string())
            }
            "priority_changed" => v.parse::<Priority>().map(|p| priority(lang, p).to_string()),
            _ => Ok(v.to_string()),
        }
        .unwrap_or_else(|_| v.to_string())
    };
    match (from, to) {
        (Some(f), Some(to)) => format!("{label} {} → {}", value(f), value(to)),
        (None, Some(to)) => format!("{label} → {}", value(to)),
        (Some(f), None) => format!("{label} {} →", value(f)),
        (None, None) => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn both_languages_fill_the_same_placeholders() {
        for msg in Msg::ALL {
            let (en, nl) = (t(Lang::En, *msg), t(Lang::Nl, *msg));
            assert!(!en.is_empty() && !nl.is_empty(), "{msg:?} is empty");
            assert_eq!(placeholders(en), placeholders(nl), "{msg:?}");
        }
    }

    #[test]
    fn language_from_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "nl_NL.UTF-8")])),
            Lang::Nl
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "nl_NL.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        assert_eq!(Lang::parse("nl-BE"), Ok(Lang::Nl));
        assert!(Lang::parse("de").is_err());
    }

    #[test]
    fn history_entries_speak_the_language() {
        assert_eq!(
            event_text(Lang::Nl, "status_changed", Some("open"), Some("pending")),
            "status open → wachtend"
        );
        assert_eq!(
            event_text(Lang::En, "status_changed", Some("on_hold"), Some("solved")),
            "status on hold → solved"
        );
        assert_eq!(
            event_text(Lang::Nl, "untagged", Some("vip"), None),
            "label verwijderd vip →"
        );
        assert_eq!(
            event_text(Lang::Nl, "created", None, Some("new")),
            "aangemaakt → nieuw"
        );
        assert_eq!(
            event_text(Lang::En, "custom_thing", None, None),
            "custom_thing"
        );
    }

    #[test]
    fn fill_replaces_names() {
        assert_eq!(
            fill("{a} and {b}", &[("a", &1), ("b", &"two")]),
            "1 and two"
        );
    }
}
