-- The send ledger: one row per occurrence (recipient and local date), claimed with compare-and-set updates.
CREATE TABLE sends (
  occurrence TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  local_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'sending', 'sent', 'skipped', 'failed')),
  claim_token TEXT,
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  -- 1 while a provider call may be under way: a crash then leaves the outcome unknown.
  in_flight INTEGER NOT NULL DEFAULT 0,
  -- Before this, a queue message is expected to be on its way; after it, the next tick re-enqueues.
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at_ms INTEGER NOT NULL,
  provider TEXT,
  provider_id TEXT,
  subject TEXT,
  error_code TEXT,
  error_detail TEXT,
  -- While sending: the rendered email and what it showed, so a retry sends exactly the same message.
  payload TEXT,
  snapshot TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX sends_by_date ON sends (local_date, recipient);

-- What each recipient's latest sent digest showed, for "changes since your last digest".
CREATE TABLE recipient_state (
  recipient TEXT PRIMARY KEY,
  digest_date TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- RFC 8058 one-click unsubscribes.
CREATE TABLE unsubscribes (
  recipient TEXT PRIMARY KEY,
  unsubscribed_at TEXT NOT NULL
);
