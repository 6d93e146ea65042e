//! The table of rights, pure: which role holds which right, and why a
//! write is refused. Below the checks ([`super::rights`]) and the store's
//! error type, which carries a [`Refusal`]; reads no database.

use crate::domain::Role;

/// One thing a role may do. The table is [`Right::holders`]; docs/SECURITY.md
/// writes it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Right {
    /// Reply, note, call, status, priority, tier, tags, claim, escalate,
    /// merge, link, new tickets: work within one's teams.
    WorkTickets,
    /// Move a ticket to another team, or assign it to an agent outside its team.
    Reassign,
    /// The desk's shared views (an agent's own views are theirs).
    ManageViews,
    ManageCanned,
    ManageKb,
    /// The desk's reports and the settings audit, over the whole desk.
    SeeReports,
    ManageAgents,
    ManageRoles,
    ManageTeams,
    ManageSla,
    ManageHours,
    ManageRoutes,
    ManageMail,
    /// The team restriction and the identity setting.
    ManageRestriction,
    /// Whole-desk imports and maintenance (rollup rebuilds).
    ManageDesk,
}

impl Right {
    /// Every right, in the order of the table.
    pub const ALL: &'static [Right] = &[
        Right::WorkTickets,
        Right::Reassign,
        Right::ManageViews,
        Right::ManageCanned,
        Right::ManageKb,
        Right::SeeReports,
        Right::ManageAgents,
        Right::ManageRoles,
        Right::ManageTeams,
        Right::ManageSla,
        Right::ManageHours,
        Right::ManageRoutes,
        Right::ManageMail,
        Right::ManageRestriction,
        Right::ManageDesk,
    ];

    /// The lowest role that holds the right; every higher role holds it too.
    pub fn lowest_role(self) -> Role {
        match self {
            Right::WorkTickets => Role::Agent,
            Right::Reassign
            | Right::ManageViews
            | Right::ManageCanned
            | Right::ManageKb
            | Right::SeeReports => Role::Supervisor,
            Right::ManageAgents
            | Right::ManageRoles
            | Right::ManageTeams
            | Right::ManageSla
            | Right::ManageHours
            | Right::ManageRoutes
            | Right::ManageMail
            | Right::ManageRestriction
            | Right::ManageDesk => Role::Admin,
        }
    }

    /// The right's name as messages, the audit and docs/SECURITY.md spell it.
    pub fn key(self) -> &'static str {
        match self {
            Right::WorkTickets => "work-tickets",
            Right::Reassign => "reassign",
            Right::ManageViews => "manage-views",
            Right::ManageCanned => "manage-canned",
            Right::ManageKb => "manage-kb",
            Right::SeeReports => "see-reports",
            Right::ManageAgents => "manage-agents",
            Right::ManageRoles => "manage-roles",
            Right::ManageTeams => "manage-teams",
            Right::ManageSla => "manage-sla",
            Right::ManageHours => "manage-hours",
            Right::ManageRoutes => "manage-routes",
            Right::ManageMail => "manage-mail",
            Right::ManageRestriction => "manage-restriction",
            Right::ManageDesk => "manage-desk",
        }
    }
}

/// How high a role stands: agent < supervisor < admin.
pub fn rank(role: Role) -> u8 {
    match role {
        Role::Agent => 0,
        Role::Supervisor => 1,
        Role::Admin => 2,
    }
}

/// Whether `role` holds `right`: the table.
pub fn holds(role: Role, right: Right) -> bool {
    rank(role) >= rank(right.lowest_role())
}

/// Why a write was refused. Carried to the console as it is, and put into
/// words in the user's language by [`crate::i18n::refusal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No known agent acts: an unknown account, or nobody signed in.
    NoAgent,
    /// The actor's role does not hold the right.
    Missing { right: Right, role: Role },
    /// The desk restricts agents to their teams' tickets, and this is another
    /// team's (said without anything of what is in it).
    OtherTeam { ticket: i64 },
    /// Nobody raises their own role.
    OwnRole,
    /// The desk keeps at least one admin.
    LastAdmin,
}
