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

-- Self-service views per hour (UTC, hour = floor(at / 3600)): the
-- dashboard's per-day counts of the window and the window before summed
-- from whole hours (with the few views of a partial hour at a day's edge,
-- in a time zone off the whole hour, counted from kb_views itself),
-- instead of stepping through every view of sixty days (177,000 at a
-- million tickets). Kept by the triggers below in the writing transaction;
-- a bulk load that sets kb_views' triggers aside, and `rollup --rebuild`,
-- fill it again from kb_views; `loket check` compares it with kb_views.
CREATE TABLE kb_views_hourly (
    hour INTEGER PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO kb_views_hourly (hour, n)
    SELECT (at - ((at % 3600) + 3600) % 3600) / 3600, count(*) FROM kb_views
    WHERE self_service = 1 GROUP BY 1;
CREATE TRIGGER kb_views_hourly_ai AFTER INSERT ON kb_views WHEN new.self_service = 1 BEGIN
    INSERT INTO kb_views_hourly (hour, n)
        VALUES ((new.at - ((new.at % 3600) + 3600) % 3600) / 3600, 1)
        ON CONFLICT (hour) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER kb_views_hourly_ad AFTER DELETE ON kb_views WHEN old.self_service = 1 BEGIN
    UPDATE kb_views_hourly SET n = n - 1
        WHERE hour = (old.at - ((old.at % 3600) + 3600) % 3600) / 3600;
END;
CREATE TRIGGER kb_views_hourly_au AFTER UPDATE OF at, self_service ON kb_views BEGIN
    UPDATE kb_views_hourly SET n = n - 1
        WHERE old.self_service = 1 AND hour = (old.at - ((old.at % 3600) + 3600) % 3600) / 3600;
    INSERT INTO kb_views_hourly (hour, n)
        SELECT (new.at - ((new.at % 3600) + 3600) % 3600) / 3600, 1 WHERE new.self_service = 1
        ON CONFLICT (hour) DO UPDATE SET n = n + 1;
END;
