//! Every user-facing string, in English and Dutch, from one catalog.
//!
//! The catalog is a Rust `match`, so a key without both translations does not
//! compile. Templates name their values in braces (`{count}`), filled by
//! [`fill`]; a test checks both languages use the same names.

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

macro_rules! catalog {
    ($($key:ident => $en:literal, $nl:literal;)+) => {
        /// A key of the catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),+ }

        impl Msg {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];
        }

        /// The text of `msg` in `lang`.
        pub fn t(lang: Lang, msg: Msg) -> &'static str {
            match lang {
                Lang::En => match msg { $(Msg::$key => $en),+ },
                Lang::Nl => match msg { $(Msg::$key => $nl),+ },
            }
        }
    };
}

catalog! {
    // Statuses (Dutch terms from DOMAIN.md).
    StatusNew => "new", "nieuw";
    StatusOpen => "open", "open";
    StatusPending => "pending", "wachtend";
    StatusOnHold => "on hold", "in de wacht";
    StatusSolved => "solved", "opgelost";
    StatusClosed => "closed", "gesloten";
    // Priorities.
    PriorityLow => "low", "laag";
    PriorityNormal => "normal", "normaal";
    PriorityHigh => "high", "hoog";
    PriorityUrgent => "urgent", "urgent";
    // Channels.
    ChannelEmail => "email", "e-mail";
    ChannelPhone => "phone", "telefoon";
    ChannelChat => "chat", "chat";
    ChannelSms => "SMS", "sms";
    ChannelSocial => "social", "sociale media";
    ChannelWeb => "web form", "webformulier";
    // Message kinds.
    KindPublic => "reply", "antwoord";
    KindInternal => "internal note", "interne notitie";
    KindCall => "phone call", "telefoongesprek";
    KindCustomer => "customer", "klant";

    // Command line.
    CliNoAgentForUser => "No agent is named '{user}' in this desk; browsing without an agent. Start with --agent NAME to work as one of: {agents}",
        "Er is geen medewerker met de naam '{user}' in deze desk; u bladert zonder medewerker. Start met --agent NAAM om te werken als een van: {agents}";
    CliUnknownAgent => "No agent is named '{name}'. Known agents: {agents}",
        "Er is geen medewerker met de naam '{name}'. Bekende medewerkers: {agents}";
    CliNoAgents => "(none yet)", "(nog geen)";
    CliGenerated => "Generated {tickets} tickets, {customers} customers and {agents} agents in {path} ({seconds} s).",
        "{tickets} tickets, {customers} klanten en {agents} medewerkers aangemaakt in {path} ({seconds} s).";
    CliInitDone => "Initialised {path} (schema {version}).", "{path} aangemaakt (schema {version}).";
    CliDemoCreating => "Creating the demo desk in {path}…", "De demodesk wordt aangemaakt in {path}…";
    CliDemoAgent => "Demo desk: working as {agent} ({name}). Use --agent NAME to be someone else.",
        "Demodesk: u werkt als {agent} ({name}). Gebruik --agent NAAM om iemand anders te zijn.";
    CliDemoIsReal => "{path} is your real database; the demo desk lives in its own file. Leave out --db, or pick another path.",
        "{path} is uw echte database; de demodesk staat in een eigen bestand. Laat --db weg, of kies een ander pad.";
    CliGenerateNeedsDb => "generate needs --db PATH (or $LOKET_DB): it never fills your default database by accident.",
        "generate heeft --db PAD (of $LOKET_DB) nodig: het vult uw standaarddatabase nooit per ongeluk.";
    CliGenerateReadOnly => "generate writes a database; leave out --read-only.",
        "generate schrijft een database; laat --read-only weg.";
    ErrNewerSchema => "{path} was written by a newer loket (schema {found}, this loket knows up to {supported}); upgrade loket to open it. Nothing was changed.",
        "{path} is geschreven door een nieuwere loket (schema {found}, deze loket kent tot {supported}); werk loket bij om het te openen. Er is niets veranderd.";
    ErrNotLoket => "{path} is an SQLite database of another program, not loket's; pass --db with a loket database or a new file name. Nothing was changed.",
        "{path} is een SQLite-database van een ander programma, niet van loket; geef met --db een loket-database of een nieuwe bestandsnaam op. Er is niets veranderd.";
    ErrNotADatabase => "{path} is not an SQLite database (or it is damaged); pass --db with a loket database or a new file name. Nothing was changed.",
        "{path} is geen SQLite-database (of is beschadigd); geef met --db een loket-database of een nieuwe bestandsnaam op. Er is niets veranderd.";
    ErrBusy => "The database is busy: another loket is writing. Try again in a moment.",
        "De database is bezet: een andere loket schrijft. Probeer het zo opnieuw.";
    ErrLocked => "The database is locked by another program. Close it and try again.",
        "De database is vergrendeld door een ander programma. Sluit dat en probeer het opnieuw.";
    CliImportReadOnly => "import writes the database; leave out --read-only.",
        "import schrijft in de database; laat --read-only weg.";
    CliImported => "Imported {tickets} tickets ({skipped} already there), {customers} customers, {agents} agents and {messages} messages.",
        "{tickets} tickets geïmporteerd ({skipped} waren er al), {customers} klanten, {agents} medewerkers en {messages} berichten.";
    CliWriteReadOnly => "This command changes the desk; leave out --read-only.",
        "Deze opdracht wijzigt de desk; laat --read-only weg.";
    CliNeedAgent => "No agent is named '{name}'. Say who you are with --agent NAME.",
        "Er is geen medewerker met de naam '{name}'. Geef met --agent NAAM aan wie u bent.";
    CliListed => "{shown} of {total} tickets", "{shown} van {total} tickets";
    CliRefuseGenerate => "{path} already holds tickets; generate writes only into an empty database. Pick a new --db path.",
        "{path} bevat al tickets; generate schrijft alleen in een lege database. Kies een nieuw --db-pad.";
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
    fn fill_replaces_names() {
        assert_eq!(
            fill("{a} and {b}", &[("a", &1), ("b", &"two")]),
            "1 and two"
        );
    }
}
