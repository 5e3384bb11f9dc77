-- How far the search for an unanswered attempt's lead has got (JSON, see src/delivery/find-lead.ts): a later attempt
-- goes on from there instead of reading the same pages again.
ALTER TABLE submissions ADD COLUMN lookup TEXT;
