//! Every user intent the console knows, one variant each. Keys map to these
//! (see `keymap`), [`crate::tui::app::App::update`] applies them; nothing else
//! changes what the user sees. The serde names are the names the keymap file
//! uses (`page_down = ["pagedown", "ctrl-d"]`).

use serde::{Deserialize, Serialize};
use strum::VariantArray;

use crate::i18n::Msg;

/// The variants are declared in the order the help overlay and the palette
/// list them; [`Action::ALL`] is derived from that order (strum's
/// `VariantArray`), so it is never kept by hand.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Select the ticket below, or scroll the ticket down one line.
    Down,
    /// Select the ticket above, or scroll the ticket up one line.
    Up,
    /// One screenful down in the focused pane.
    PageDown,
    /// One screenful up in the focused pane.
    PageUp,
    /// The first ticket of the queue, or the top of the ticket.
    First,
    /// The last ticket of the queue, or the end of the ticket.
    Last,
    /// Open the selected ticket: the detail pane takes the focus.
    Open,
    /// Close the help, or leave the ticket for the queue. Never quits, so a
    /// habitual Esc cannot end a shift.
    Back,
    /// Move the focus to the other pane (on narrow terminals: show it).
    SwitchPane,
    /// Show the next status in the queue's status filter.
    NextStatusFilter,
    /// Show the previous status in the queue's status filter.
    PrevStatusFilter,
    /// Choose a saved view (with counts).
    Views,
    /// Save the queue's filters, search and sort as a view of one's own.
    SaveView,
    /// Filter the queue by priority, assignee, team, channel, tag or SLA.
    Filter,
    /// Search the queue by subject, customer and message bodies.
    Search,
    /// Sort the queue by the next column.
    CycleSort,
    /// Reverse the queue's sort order.
    ReverseSort,
    /// Mark or unmark the selected ticket for a bulk action.
    ToggleMark,
    /// Open the reply composer on the open ticket (a public reply).
    Reply,
    /// Open the composer for an internal note.
    Note,
    /// Open the command palette: every action by name, fuzzy search.
    Palette,
    /// Choose a status for the ticket (or the marked tickets).
    SetStatus,
    /// Choose a priority.
    SetPriority,
    /// Choose a support tier.
    SetTier,
    /// Assign to the signed-in agent.
    AssignMe,
    /// Choose an agent to assign to (or nobody).
    AssignTo,
    /// Assign to nobody.
    Unassign,
    /// Hand to a team (by name).
    SetTeam,
    /// Add a tag.
    AddTag,
    /// Remove a tag.
    RemoveTag,
    /// Log a phone call with its talk time.
    LogCall,
    /// Create a ticket (for example from a phone call).
    NewTicket,
    /// Merge the ticket into another one.
    MergeInto,
    /// Link the ticket to a related one.
    LinkTicket,
    /// Take the most urgent ticket you may work on ("next ticket").
    NextTicket,
    /// Set yourself away, or available again.
    ToggleAway,
    /// Escalate the ticket: next tier, another team or an expert, with a reason.
    Escalate,
    /// Show or hide the quoted history of mail in the thread (folded by
    /// default: the customer's new text comes first).
    ToggleQuoted,
    /// Put the ticket's failed or in-doubt reply e-mails back in the queue.
    RetryMail,
    /// Open the knowledge base: on the open ticket its suggested articles,
    /// else the categories; `/` searches as you type.
    KnowledgeBase,
    /// On the open ticket: insert the best suggested article's link and
    /// excerpt into the reply (the composer opens), and record the link.
    InsertSuggestion,
    /// On the ticket: save an attachment to disk (choose one, then a path).
    SaveAttachment,
    /// In the knowledge base: insert the article's link and an excerpt
    /// into the ticket's reply, and record the link on the ticket.
    KbInsert,
    /// In the knowledge base: narrow the lists and the search by
    /// department, language, tag or visibility (or clear the filters).
    KbFilter,
    /// Show or hide the key overview.
    ToggleHelp,
    /// Leave the console.
    Quit,
    /// In the composer: send (asks one confirming key).
    ComposerSend,
    /// In the composer: switch between public reply and internal note.
    ComposerToggleKind,
    /// In the composer: edit the draft in `$VISUAL` / `$EDITOR`.
    ComposerEditor,
    /// In the composer: insert a canned response.
    ComposerCanned,
    /// In the composer: open the knowledge base to insert an article.
    ComposerKb,
    /// In the composer: attach a file (a path prompt, Tab completes).
    ComposerAttach,
    /// In the composer: remove an attached file.
    ComposerDetach,
    /// In the composer: close it, keeping the draft.
    ComposerClose,
    /// Open the KPI dashboard; on the dashboard, go back to the queue.
    Dashboard,
    /// On the dashboard: the next window (today, 7 days, 30 days).
    NextWindow,
}

/// Where an action's keys work. Keys are unique within a context, so the
/// composer can use Esc and Ctrl-keys without taking them from the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The queue and the ticket.
    Main,
    /// The reply composer; every other key is text.
    Composer,
    /// The knowledge-base pane (it also uses the main keys to move).
    Kb,
    /// The dashboard (it also uses the main keys to move).
    Dashboard,
}

impl Action {
    /// Every action, in the order the help overlay lists them: the order of
    /// the declaration above, so a new variant cannot be left out.
    pub const ALL: &'static [Action] = <Action as VariantArray>::VARIANTS;

    /// The plain name the command palette lists (English, as scripts type
    /// it: "reply", "status", "new ticket"); `None` for moving around.
    pub fn command(self) -> Option<&'static str> {
        Some(match self {
            Action::Reply => "reply",
            Action::Note => "note",
            Action::SetStatus => "status",
            Action::SetPriority => "priority",
            Action::SetTier => "tier",
            Action::AssignMe => "assign to me",
            Action::AssignTo => "assign",
            Action::Unassign => "unassign",
            Action::SetTeam => "team",
            Action::AddTag => "tag",
            Action::RemoveTag => "untag",
            Action::LogCall => "call",
            Action::NewTicket => "new ticket",
            Action::MergeInto => "merge",
            Action::LinkTicket => "link",
            Action::NextTicket => "next ticket",
            Action::ToggleAway => "away",
            Action::Escalate => "escalate",
            Action::ToggleQuoted => "quoted history",
            Action::RetryMail => "retry mail",
            Action::NextStatusFilter => "filter status",
            Action::Views => "views",
            Action::SaveView => "save view",
            Action::Filter => "filter",
            Action::Search => "search",
            Action::CycleSort => "sort",
            Action::ReverseSort => "reverse sort",
            Action::ToggleMark => "mark",
            Action::ToggleHelp => "help",
            Action::Quit => "quit",
            Action::KnowledgeBase => "knowledge base",
            Action::Dashboard => "dashboard",
            Action::NextWindow => "dashboard window",
            Action::InsertSuggestion => "insert suggested article",
            Action::SaveAttachment => "save attachment",
            _ => return None,
        })
    }

    /// Where the action's keys work.
    pub fn context(self) -> Context {
        match self {
            Action::ComposerSend
            | Action::ComposerToggleKind
            | Action::ComposerEditor
            | Action::ComposerCanned
            | Action::ComposerClose
            | Action::ComposerKb
            | Action::ComposerAttach
            | Action::ComposerDetach => Context::Composer,
            Action::KbInsert | Action::KbFilter => Context::Kb,
            Action::NextWindow => Context::Dashboard,
            _ => Context::Main,
        }
    }

    /// The name the keymap file uses; the serde name, so both cannot differ.
    pub fn name(self) -> String {
        toml::Value::try_from(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The action a keymap file name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// What the help overlay says the action does.
    /// The right the action needs beyond working tickets, if any: the
    /// console greys it in the help and refuses the key saying why, before
    /// anything reaches the store (which checks again, [`crate::store::rights`]).
    pub fn right(self) -> Option<crate::store::rights::Right> {
        match self {
            Action::SetTeam => Some(crate::store::rights::Right::Reassign),
            _ => None,
        }
    }

    pub fn description(self) -> Msg {
        match self {
            Action::Up => Msg::ActionUp,
            Action::Down => Msg::ActionDown,
            Action::PageUp => Msg::ActionPageUp,
            Action::PageDown => Msg::ActionPageDown,
            Action::First => Msg::ActionFirst,
            Action::Last => Msg::ActionLast,
            Action::Open => Msg::ActionOpen,
            Action::Back => Msg::ActionBack,
            Action::SwitchPane => Msg::ActionSwitchPane,
            Action::NextStatusFilter => Msg::ActionNextStatus,
            Action::PrevStatusFilter => Msg::ActionPrevStatus,
            Action::ToggleHelp => Msg::ActionHelp,
            Action::Quit => Msg::ActionQuit,
            Action::Reply => Msg::ActionReply,
            Action::Note => Msg::ActionNote,
            Action::Palette => Msg::ActionPalette,
            Action::Views => Msg::ActionViews,
            Action::SaveView => Msg::ActionSaveView,
            Action::Filter => Msg::ActionFilter,
            Action::Search => Msg::ActionSearch,
            Action::CycleSort => Msg::ActionSort,
            Action::ReverseSort => Msg::ActionReverseSort,
            Action::ToggleMark => Msg::ActionMark,
            Action::SetStatus => Msg::ActionSetStatus,
            Action::SetPriority => Msg::ActionSetPriority,
            Action::SetTier => Msg::ActionSetTier,
            Action::AssignMe => Msg::ActionAssignMe,
            Action::AssignTo => Msg::ActionAssignTo,
            Action::Unassign => Msg::ActionUnassign,
            Action::SetTeam => Msg::ActionSetTeam,
            Action::AddTag => Msg::ActionAddTag,
            Action::RemoveTag => Msg::ActionRemoveTag,
            Action::LogCall => Msg::ActionLogCall,
            Action::NewTicket => Msg::ActionNewTicket,
            Action::MergeInto => Msg::ActionMerge,
            Action::LinkTicket => Msg::ActionLink,
            Action::NextTicket => Msg::ActionNextTicket,
            Action::ToggleAway => Msg::ActionToggleAway,
            Action::Escalate => Msg::ActionEscalate,
            Action::ToggleQuoted => Msg::ActionToggleQuoted,
            Action::RetryMail => Msg::ActionRetryMail,
            Action::ComposerSend => Msg::ActionComposerSend,
            Action::ComposerToggleKind => Msg::ActionComposerToggle,
            Action::ComposerEditor => Msg::ActionComposerEditor,
            Action::ComposerCanned => Msg::ActionComposerCanned,
            Action::ComposerClose => Msg::ActionComposerClose,
            Action::ComposerAttach => Msg::ActionComposerAttach,
            Action::ComposerDetach => Msg::ActionComposerDetach,
            Action::SaveAttachment => Msg::ActionSaveAttachment,
            Action::KnowledgeBase => Msg::ActionKnowledgeBase,
            Action::InsertSuggestion => Msg::ActionInsertSuggestion,
            Action::ComposerKb => Msg::ActionComposerKb,
            Action::KbInsert => Msg::ActionKbInsert,
            Action::KbFilter => Msg::ActionKbFilter,
            Action::Dashboard => Msg::ActionDashboard,
            Action::NextWindow => Msg::ActionNextWindow,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_snake_case() {
        for action in Action::ALL {
            let name = action.name();
            assert!(
                !name.is_empty() && !name.contains(char::is_uppercase),
                "{name}"
            );
            assert_eq!(Action::from_name(&name), Some(*action));
        }
        assert_eq!(Action::PageDown.name(), "page_down");
        assert_eq!(Action::from_name("pagedown"), None);
    }
}
