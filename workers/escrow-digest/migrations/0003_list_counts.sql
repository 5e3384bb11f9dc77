-- How many escrows each list held at the last run ("all" = the unarchived list without a status filter, else one
-- status): the next run chooses from them between one combined list and one list per status (run/list-plan.ts).
CREATE TABLE list_counts (
  list TEXT PRIMARY KEY,
  total INTEGER NOT NULL,
  observed_at TEXT NOT NULL
);
