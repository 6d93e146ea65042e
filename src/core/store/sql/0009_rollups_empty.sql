-- Every write ends by dropping rollup cells that fell to nothing
-- (store::rollups::refresh: DELETE ... WHERE n = 0 AND total = 0). Without
-- an index that is a scan of every cell: 87 ms per write on a desk of a
-- million tickets, the cost of each `loket mail deliver` and `ticket new`.
-- This partial index holds only the empty cells, which are almost always
-- none, so the delete reads nothing.
CREATE INDEX rollups_empty ON rollups(grouping) WHERE n = 0 AND total = 0;
