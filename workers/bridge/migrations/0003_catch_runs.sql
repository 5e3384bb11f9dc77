-- Catch-hook runs: every accepted payload, mapped to its action's input, kept before the 202 (never lost).
-- state: queued → done | failed (the API refused it) | dead (retries exhausted)
CREATE TABLE catch_runs (
  id TEXT PRIMARY KEY,
  recipe_id TEXT NOT NULL,
  action TEXT NOT NULL,
  input TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  result_id TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX catch_runs_by_recipe ON catch_runs (recipe_id, created_at_ms);
