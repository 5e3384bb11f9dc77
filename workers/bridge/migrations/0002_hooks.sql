-- REST hooks (Zapier's subscribe/unsubscribe): one row per subscription, owned by the token label that made it.
CREATE TABLE hooks (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  target_url TEXT NOT NULL,
  filter TEXT,
  owner TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at_ms INTEGER NOT NULL,
  ended_at_ms INTEGER,
  end_reason TEXT
);
CREATE INDEX hooks_by_event ON hooks (event, active);

-- One row per (hook, log entry) to deliver: the outbox the queue works through.
-- state: queued → delivered | filtered | cancelled | gone | dead
CREATE TABLE hook_deliveries (
  hook_id TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (hook_id, cursor)
);
CREATE INDEX hook_deliveries_by_state ON hook_deliveries (state, updated_at_ms);
