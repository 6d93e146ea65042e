//! Refusals and store errors in the interface language: the one place a
//! [`StoreError`] (the command line's path) or a [`Failure`] (the console's,
//! which crossed from the worker thread) becomes words for people.

use super::{Lang, Msg, fill, t};
use crate::store::{Failure, StoreError};

/// Why a write was refused, in the interface language, naming the right.
pub fn refusal(lang: Lang, refusal: &crate::store::rights::Refusal) -> String {
    refusal_by(lang, refusal, None)
}

/// A refusal in English: what [`StoreError::Refused`] displays.
impl std::fmt::Display for crate::store::rights::Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&refusal(Lang::En, self))
    }
}

/// [`refusal`] naming who was refused (the console's agent).
pub fn refusal_by(
    lang: Lang,
    refusal: &crate::store::rights::Refusal,
    who: Option<&str>,
) -> String {
    use crate::store::rights::Refusal;
    match refusal {
        Refusal::NoAgent => t(lang, Msg::RefusedNoAgent).to_string(),
        Refusal::OwnRole => t(lang, Msg::RefusedOwnRole).to_string(),
        Refusal::LastAdmin => t(lang, Msg::RefusedLastAdmin).to_string(),
        Refusal::OtherTeam { ticket } => fill(t(lang, Msg::CliOtherTeamsTicket), &[("id", ticket)]),
        Refusal::Missing { right, role } => {
            let you = match lang {
                Lang::En => "you",
                Lang::Nl => "u",
            };
            fill(
                t(lang, Msg::RefusedMissing),
                &[
                    ("who", &who.unwrap_or(you)),
                    ("role", &role_name(lang, *role)),
                    ("right", &right.key()),
                    ("what", &right_text(lang, *right)),
                    ("holders", &holders(lang, *right)),
                ],
            )
        }
    }
}

/// Who holds a right ("supervisors and admins"), in the interface language.
pub fn holders(lang: Lang, right: crate::store::rights::Right) -> &'static str {
    t(
        lang,
        match right.lowest_role() {
            crate::domain::Role::Agent => Msg::HoldersAgent,
            crate::domain::Role::Supervisor => Msg::HoldersSupervisor,
            crate::domain::Role::Admin => Msg::HoldersAdmin,
        },
    )
}

/// A role with its article ("an agent"), in the interface language.
pub fn role_name(lang: Lang, role: crate::domain::Role) -> &'static str {
    use crate::domain::Role;
    t(
        lang,
        match role {
            Role::Agent => Msg::RoleAgent,
            Role::Supervisor => Msg::RoleSupervisor,
            Role::Admin => Msg::RoleAdmin,
        },
    )
}

/// What a right allows, in the interface language.
pub fn right_text(lang: Lang, right: crate::store::rights::Right) -> &'static str {
    use crate::store::rights::Right;
    t(
        lang,
        match right {
            Right::WorkTickets => Msg::RightWorkTickets,
            Right::Reassign => Msg::RightReassign,
            Right::ManageViews => Msg::RightManageViews,
            Right::ManageCanned => Msg::RightManageCanned,
            Right::ManageKb => Msg::RightManageKb,
            Right::SeeReports => Msg::RightSeeReports,
            Right::ManageAgents => Msg::RightManageAgents,
            Right::ManageRoles => Msg::RightManageRoles,
            Right::ManageTeams => Msg::RightManageTeams,
            Right::ManageSla => Msg::RightManageSla,
            Right::ManageHours => Msg::RightManageHours,
            Right::ManageRoutes => Msg::RightManageRoutes,
            Right::ManageMail => Msg::RightManageMail,
            Right::ManageRestriction => Msg::RightManageRestriction,
            Right::ManageDesk => Msg::RightManageDesk,
        },
    )
}

/// A store failure in the interface language.
pub fn failure(lang: Lang, failure: &Failure) -> String {
    match failure {
        Failure::Busy => t(lang, Msg::ErrBusy).to_string(),
        Failure::Locked => t(lang, Msg::ErrLocked).to_string(),
        Failure::ReadOnly => t(lang, Msg::ErrReadOnly).to_string(),
        Failure::NotFound(what) => fill(t(lang, Msg::ErrNotFound), &[("what", what)]),
        Failure::Refused(why) => refusal(lang, why),
        Failure::Other(text) => text.clone(),
    }
}

/// A store error in the interface language, where the catalog words it: a
/// file that is not ours to open, a refusal, or one of the [`Failure`]s the
/// console also shows. `None` for the rest (a constraint, an I/O or SQLite
/// error): those keep the store's own text, and the caller its context.
pub fn store_error(lang: Lang, error: &StoreError) -> Option<String> {
    Some(match error {
        StoreError::NewerSchema {
            path,
            found,
            supported,
        } => fill(
            t(lang, Msg::ErrNewerSchema),
            &[
                ("path", &path.display()),
                ("found", found),
                ("supported", supported),
            ],
        ),
        StoreError::NotLoket { path } => {
            fill(t(lang, Msg::ErrNotLoket), &[("path", &path.display())])
        }
        StoreError::NotADatabase { path } => {
            fill(t(lang, Msg::ErrNotADatabase), &[("path", &path.display())])
        }
        StoreError::Refused(why) => refusal(lang, why),
        StoreError::Exists { path } => fill(t(lang, Msg::ErrExists), &[("path", &path.display())]),
        StoreError::InUse { path, by } if by.is_empty() => {
            fill(t(lang, Msg::ErrInUseLock), &[("path", &path.display())])
        }
        StoreError::InUse { path, by } => fill(
            t(lang, Msg::ErrInUse),
            &[("path", &path.display()), ("by", &by.join(", "))],
        ),
        StoreError::BadBackup { path, problem } => fill(
            t(lang, Msg::ErrBadBackup),
            &[("path", &path.display()), ("problem", problem)],
        ),
        StoreError::Busy
        | StoreError::Locked
        | StoreError::ReadOnly(_)
        | StoreError::NotFound { .. } => failure(lang, &error.failure()),
        StoreError::Constraint(_) | StoreError::Io { .. } | StoreError::Sqlite(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn store_errors_read_as_the_catalog_words_them() {
        let path = PathBuf::from("desk.db");
        assert_eq!(
            store_error(
                Lang::En,
                &StoreError::NewerSchema {
                    path: path.clone(),
                    found: 9,
                    supported: 7
                }
            ),
            Some(
                StoreError::NewerSchema {
                    path: path.clone(),
                    found: 9,
                    supported: 7
                }
                .to_string()
            )
        );
        assert_eq!(
            store_error(Lang::Nl, &StoreError::Busy),
            Some(t(Lang::Nl, Msg::ErrBusy).to_string())
        );
        assert_eq!(
            store_error(
                Lang::Nl,
                &StoreError::NotFound {
                    what: "ticket 4".into()
                }
            ),
            Some(failure(Lang::Nl, &Failure::NotFound("ticket 4".into())))
        );
        assert_eq!(
            store_error(Lang::Nl, &StoreError::Constraint("x".into())),
            None
        );
    }
}
