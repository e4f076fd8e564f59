-- The baseline's only table: one row per request.
CREATE TABLE inbox (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL);
