-- wubiao schema, version 6 on PostgreSQL (SQLite's 12): a login's use. Each session records
-- when it was last used, so that one left idle ends, and where it was made (address and
-- browser), so that its owner can list their logins and end the ones they do not know.
ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen = created_at;
CREATE INDEX sessions_user ON sessions(user_id, last_seen);
