-- Timelines by escrow version: a timeline changes only with its escrow (a stored custom timeline is returned as
-- stored, the standard rows follow the record's dates), so a run fetches only escrows changed since the last one,
-- and a run cut short by the rate limit keeps what it already fetched.
CREATE TABLE timeline_cache (
  escrow_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  timeline TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
