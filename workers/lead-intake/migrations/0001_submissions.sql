-- Every accepted submission, keyed by its idempotency key (the browser's submission id).
-- state: queued → delivered | duplicate | dead
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  form_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  lead_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per (form, email or phone) that became a lead: later submissions within the window are not posted again.
CREATE TABLE dedupe (
  form_id TEXT NOT NULL,
  contact_key TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (form_id, contact_key)
);
