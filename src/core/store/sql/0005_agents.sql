-- Many agents on one desk: next-ticket claims, routing state, presence expiry.

-- "Next ticket" looks only at unassigned active tickets, most urgent first;
-- this index holds exactly those, in queue order, so a claim on a desk of a
-- million tickets reads a handful of rows.
CREATE INDEX tickets_claimable ON tickets(sla_next_due_at, priority_rank, created_at, id)
    WHERE assignee_id IS NULL AND (status = 'new' OR status = 'open' OR status = 'pending' OR status = 'on_hold');

-- Round-robin routing remembers, per rule, the agent who got the last ticket.
ALTER TABLE routing_rules ADD COLUMN last_agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL;

-- Stale presence is found by its heartbeat.
CREATE INDEX presence_heartbeat ON presence(heartbeat_at);

-- When a draft's base version was taken, to tell the agent what changed
-- after it when a send is held.
ALTER TABLE drafts ADD COLUMN base_at INTEGER;
