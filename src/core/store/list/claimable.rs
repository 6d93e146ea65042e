//! Which tickets an agent may take: the conditions "next ticket"
//! ([`crate::store::claim`]) and routing's choice of an agent
//! ([`crate::store::routing`]) share, so the two never disagree.
//!
//! A ticket is for the agent when it is active and unassigned and
//! - its team is one of the agent's teams (an agent without teams takes any
//!   team's; a ticket without a team is anyone's, unless the desk restricts
//!   agents to their own teams: [`crate::store::visibility`]);
//! - its tier is at most the agent's tier;
//! - its language is one the agent speaks (an agent without languages takes any);
//! - every tag of it that is a skill on this desk is one of the agent's skills.

/// The `WHERE` conditions of a ticket an agent may take, over `t` (tickets) and `a` (the agent).
/// `?restricted` is 1 when the desk hides other teams' tickets.
pub(crate) const FOR_AGENT: &str = "t.assignee_id IS NULL
    AND (t.status = 'new' OR t.status = 'open' OR t.status = 'pending' OR t.status = 'on_hold')
    AND t.merged_into_id IS NULL
    AND t.tier <= a.tier
    AND (CASE WHEN t.team_id IS NULL THEN NOT (:restricted AND EXISTS (SELECT 1 FROM agent_teams x WHERE x.agent_id = a.id))
              ELSE NOT EXISTS (SELECT 1 FROM agent_teams x WHERE x.agent_id = a.id)
                   OR EXISTS (SELECT 1 FROM agent_teams x WHERE x.agent_id = a.id AND x.team_id = t.team_id) END)
    AND (a.languages = '[]' OR EXISTS (SELECT 1 FROM json_each(a.languages) l WHERE l.value = lower(t.language)))
    AND NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id
        AND EXISTS (SELECT 1 FROM agents o, json_each(o.skills) s WHERE o.active = 1 AND s.value = g.tag)
        AND NOT EXISTS (SELECT 1 FROM json_each(a.skills) m WHERE m.value = g.tag))";
