-- The event log: one row per ActuallyCare event, in arrival order. `cursor` is AUTOINCREMENT, so it only grows and
-- is never reused, even after retention deletes old rows: a cursor a caller holds stays meaningful forever.
-- origin: webhook | reconcile. change_key makes one change one row whichever path saw it first
-- (once-events: event:record; others: event:record:timestamp, the API's own receiver dedupe key).
CREATE TABLE events (
  cursor INTEGER PRIMARY KEY AUTOINCREMENT,
  event TEXT NOT NULL,
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  occurred_at_ms INTEGER NOT NULL,
  data TEXT NOT NULL,
  origin TEXT NOT NULL,
  body_hash TEXT UNIQUE,
  change_key TEXT NOT NULL UNIQUE,
  fanned_out INTEGER NOT NULL DEFAULT 0,
  logged_at_ms INTEGER NOT NULL
);
CREATE INDEX events_by_event ON events (event, cursor);
CREATE INDEX events_by_record ON events (resource, record_id, event, occurred_at_ms);
CREATE INDEX events_unfanned ON events (fanned_out, cursor);

-- The last state of each record the bridge has seen (from a webhook or a reconciliation scan): what a scan compares.
CREATE TABLE records (
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  status TEXT,
  PRIMARY KEY (resource, record_id)
);

-- Per resource: when its first full scan (the baseline) finished, and where an interrupted pass resumes.
CREATE TABLE reconcile_state (
  resource TEXT PRIMARY KEY,
  baseline_at_ms INTEGER,
  next_page INTEGER NOT NULL DEFAULT 1,
  pass_started_at_ms INTEGER,
  last_pass_at_ms INTEGER
);

-- Small facts learnt along the way, e.g. the team id webhooks carry (for /me).
CREATE TABLE facts (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
