-- Exact medians and p90 (issue 5): every FRT and TTR duration a ticket
-- adds to the rollups, kept beside its histogram cell. The histograms say
-- which bucket a median or p90 falls in and how far into it; a reader then
-- fetches only that bucket's durations in the window (the primary key
-- leads with measure, bucket and day) and picks the exact value.
-- measure: 'frt', 'frt_business', 'ttr' or 'ttr_business'; bucket: as in
-- the `measure#bucket` rollup cells; day: the local day the duration
-- counts on; the groups are the ticket's now, as in rollup_tickets. Kept
-- with the rollups by store::rollups (refresh, rebuild); after this step
-- the rollups are computed again, which fills it.
CREATE TABLE rollup_values (
    measure   TEXT NOT NULL,
    bucket    INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    team      TEXT NOT NULL,
    assignee  TEXT NOT NULL,
    channel   TEXT NOT NULL,
    priority  TEXT NOT NULL,
    PRIMARY KEY (measure, bucket, day, value, ticket_id)
) WITHOUT ROWID;
