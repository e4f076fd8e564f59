-- Staff sessions an admin can see and end: a public id (the cookie secret's hash stays private and is never
-- shown), when each was last used, and for sessions opened with the bootstrap secret a MAC of that secret keyed
-- with the session's own cookie secret (so D1 holds nothing that tells the bootstrap secret): when
-- STAFF_BOOTSTRAP_TOKEN changes, those sessions no longer verify and end on their next use.
ALTER TABLE staff_sessions ADD COLUMN id TEXT;
ALTER TABLE staff_sessions ADD COLUMN last_used_at TEXT;
ALTER TABLE staff_sessions ADD COLUMN bootstrap_mac TEXT;

-- Bootstrap sessions from before this migration have no MAC to check: they end (sign in again).
DELETE FROM staff_sessions WHERE via = 'token' AND token_id IS NULL;
UPDATE staff_sessions SET id = 'ses_' || lower(hex(randomblob(16))) WHERE id IS NULL;

CREATE UNIQUE INDEX staff_sessions_id ON staff_sessions (id);
CREATE INDEX staff_sessions_token ON staff_sessions (token_id) WHERE token_id IS NOT NULL;
