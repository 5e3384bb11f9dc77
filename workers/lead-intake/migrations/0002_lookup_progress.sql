-- After a post whose outcome is unknown (src/delivery/find-lead.ts, deliver-submission.ts):
-- lookup: how far the search for its lead has got (JSON): a later attempt goes on from there;
-- posted_at: when a post that may still land (a timeout) was sent (epoch ms): no attempt looks or posts again until
-- it had time to land.
ALTER TABLE submissions ADD COLUMN lookup TEXT;
ALTER TABLE submissions ADD COLUMN posted_at INTEGER;
