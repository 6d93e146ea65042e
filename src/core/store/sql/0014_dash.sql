-- Issue 13: the dashboard's team and agent tables, and every reader of the
-- backlog's and holds' daily changes, range over rollups_measure (grouping,
-- measure, day): each entry then cost a lookup of its row in the primary
-- key for n and total (some 6,000 cells for the agent table at 30 days,
-- and every day's changes since the desk began). The index now carries
-- them, so those ranges read the index alone. Same name and leading
-- columns: every query that used it (`INDEXED BY rollups_measure`) uses
-- it the same way.
DROP INDEX rollups_measure;
CREATE INDEX rollups_measure ON rollups(grouping, measure, day, grp, n, total);
