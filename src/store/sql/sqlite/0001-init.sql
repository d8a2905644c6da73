-- wubiao schema, version 1: the three levels, the responsible units, the five forms,
-- accounts, and the hash-chained audit log.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Days that differ from the weekday rule: public holidays and make-up working days.
CREATE TABLE calendar (
  day  TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday'))
);

CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('office', 'station', 'point', 'department', 'street')),
  parent_id  INTEGER REFERENCES units(id),
  station_id INTEGER REFERENCES units(id),
  code       TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_station ON units(station_id);

CREATE TABLE users (
  id           INTEGER PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'station', 'point', 'unit', 'leader')),
  unit_id      INTEGER REFERENCES units(id),
  pwhash       TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);

-- Only a hash of each session token is kept.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE campaigns (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  year       INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE phases (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  kind        TEXT NOT NULL CHECK (kind IN ('survey', 'rectify', 'evaluate')),
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, kind)
);

CREATE TABLE problems (
  id              INTEGER PRIMARY KEY,
  campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
  target_unit_id  INTEGER NOT NULL REFERENCES units(id),
  unit_id         INTEGER REFERENCES units(id),
  dimension       TEXT NOT NULL,
  title           TEXT NOT NULL,
  summary         TEXT NOT NULL,
  category        TEXT,
  severity        TEXT NOT NULL,
  opinion_count   INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL,
  due_on          TEXT,
  flagged         INTEGER NOT NULL DEFAULT 0,
  flag_due_on     TEXT,
  delisted        INTEGER NOT NULL DEFAULT 0,
  return_reason   TEXT,
  reply           TEXT,
  plan            TEXT,
  measures        TEXT,
  evidence        TEXT,
  percent         INTEGER NOT NULL DEFAULT 0,
  ext_pending     INTEGER NOT NULL DEFAULT 0,
  ext_due_on      TEXT,
  ext_reason      TEXT,
  reopen_count    INTEGER NOT NULL DEFAULT 0,
  round           INTEGER NOT NULL DEFAULT 0,
  created_by      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  dispatched_at   INTEGER,
  acknowledged_at INTEGER,
  answered_at     INTEGER,
  rectified_at    INTEGER,
  verified_at     INTEGER,
  closed_at       INTEGER
);
CREATE INDEX problems_unit ON problems(unit_id, status);
CREATE INDEX problems_target ON problems(target_unit_id);
CREATE INDEX problems_campaign ON problems(campaign_id, status);

CREATE TABLE opinions (
  id              INTEGER PRIMARY KEY,
  campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
  point_id        INTEGER REFERENCES units(id),
  target_unit_id  INTEGER NOT NULL REFERENCES units(id),
  dimension       TEXT NOT NULL,
  source          TEXT NOT NULL,
  channel         TEXT NOT NULL,
  content         TEXT NOT NULL,
  submitter_name  TEXT,
  submitter_phone TEXT,
  received_at     INTEGER NOT NULL,
  status          TEXT NOT NULL,
  problem_id      INTEGER REFERENCES problems(id),
  receipt         TEXT NOT NULL UNIQUE,
  reject_reason   TEXT,
  entered_by      INTEGER,
  created_at      INTEGER NOT NULL
);
CREATE INDEX opinions_problem ON opinions(problem_id);
CREATE INDEX opinions_point ON opinions(point_id);
CREATE INDEX opinions_target ON opinions(target_unit_id);
CREATE INDEX opinions_campaign ON opinions(campaign_id, status);

-- Form 4 history: every progress report of a rectification.
CREATE TABLE progress (
  id         INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  measures   TEXT NOT NULL,
  percent    INTEGER NOT NULL,
  evidence   TEXT NOT NULL,
  done       INTEGER NOT NULL,
  by_user_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX progress_problem ON progress(problem_id);

-- Form 5: ratings of a rectification's effect, per verification round. The public
-- rate once per receipt and round; staff may record several (paper forms).
CREATE TABLE evaluations (
  id         INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  round      INTEGER NOT NULL,
  rating     TEXT NOT NULL,
  note       TEXT NOT NULL,
  by_user_id INTEGER,
  opinion_id INTEGER REFERENCES opinions(id),
  created_at INTEGER NOT NULL,
  UNIQUE (problem_id, round, opinion_id)
);

CREATE TABLE bulletins (
  id           INTEGER PRIMARY KEY,
  problem_id   INTEGER NOT NULL REFERENCES problems(id),
  text         TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  by_user_id   INTEGER NOT NULL
);
CREATE INDEX bulletins_problem ON bulletins(problem_id);

-- The audit log: append-only, each row's hash covers the previous row's hash.
CREATE TABLE events (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,
  actor_unit_id INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  subject_type  TEXT NOT NULL,
  subject_id    INTEGER NOT NULL,
  from_status   TEXT,
  to_status     TEXT,
  data          TEXT,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX events_subject ON events(subject_type, subject_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
