-- Issue 13: rates that cannot pass 100%. The resolution rate now counts,
-- per agent, the tickets held at some moment of the window (cells `held`,
-- `held_open` and their repeats, which replace `assigned_to`), and the
-- escalation rate the escalated tickets among those created in the window
-- (`escalated` on the day a ticket was created). A desk's stored cells are
-- of the old kind: emptied here, so that store::migrate computes every
-- ticket's rollups again in this same transaction (as after 0006).
DELETE FROM rollups;
DELETE FROM rollup_values;
DELETE FROM rollup_tickets;
DELETE FROM rollup_dirty;
