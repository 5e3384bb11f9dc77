-- Every accepted event, once: the id is the SHA-256 of the signed body, so ActuallyCare's retries and a second
-- subscription sending the same bytes find the row that is already here.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  event_ts TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);
CREATE INDEX events_received ON events (received_at_ms);

-- One row per (event, destination). state: queued → delivered | dead | parked (destination disabled) | dropped
-- (destination removed from the config). `generation` grows with each replay; a queue message of an older
-- generation is stale. `attempts` counts failed attempts against the limit (a Retry-After wait is not one);
-- `tries` counts every request. A lease keeps two copies of one message from sending at once.
CREATE TABLE deliveries (
  event_id TEXT NOT NULL,
  destination_id TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  generation INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  tries INTEGER NOT NULL DEFAULT 0,
  lease_until_ms INTEGER,
  last_error TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  delivered_at_ms INTEGER,
  PRIMARY KEY (event_id, destination_id)
);
CREATE INDEX deliveries_destination ON deliveries (destination_id, state, updated_at_ms);

-- The delivery log: one row per request to a destination.
-- outcome: delivered | failed | rate_limited | gone. error_class: network | timeout | http_5xx | http_4xx |
-- redirect | rate_limited | gone (null when delivered).
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  destination_id TEXT NOT NULL,
  generation INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER NOT NULL,
  error_class TEXT,
  duration_ms INTEGER NOT NULL,
  response_snippet TEXT,
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX attempts_event ON attempts (event_id, id);
CREATE INDEX attempts_destination ON attempts (destination_id, id);
CREATE INDEX attempts_created ON attempts (created_at_ms);

-- What the worker learnt about a destination at run time: disabled (410 Gone, a failure streak) and why.
CREATE TABLE destination_state (
  id TEXT PRIMARY KEY,
  disabled_at_ms INTEGER,
  disabled_reason TEXT,
  failure_streak INTEGER NOT NULL DEFAULT 0,
  updated_at_ms INTEGER NOT NULL
);
