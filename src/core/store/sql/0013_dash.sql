-- Issue 13: the dashboard's refresh reads what it needs from indexes
-- alone. The targets not decided yet (due after now, in the window) are
-- counted per team and agent from the due-time indexes, which now carry
-- the ticket's groups: before, every due ticket's row of rollup_tickets
-- (its cells text) was read for them, once per grouping. "Working on it
-- now" (each agent's latest change or finished work session of the last
-- half hour) reads the agent and ticket from the time indexes, instead of
-- a row of events or work_sessions per recent change. The columns are
-- added at the end, so every query that used the old indexes uses these
-- the same way.
DROP INDEX rollup_tickets_due_a;
CREATE INDEX rollup_tickets_due_a ON rollup_tickets(due_a, team, assignee, channel, priority)
    WHERE due_a IS NOT NULL;
DROP INDEX rollup_tickets_due_b;
CREATE INDEX rollup_tickets_due_b ON rollup_tickets(due_b, team, assignee, channel, priority)
    WHERE due_b IS NOT NULL;
DROP INDEX events_at;
CREATE INDEX events_at ON events(at, kind, agent_id, ticket_id);
DROP INDEX work_sessions_ended;
CREATE INDEX work_sessions_ended ON work_sessions(ended_at, agent_id, ticket_id);
