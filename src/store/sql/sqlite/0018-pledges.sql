-- wubiao schema, version 18: leaders' pledges (十项承诺): a set of pledges of a leader (a
-- person of a unit's register) or of a unit's leadership team (班子) for a period, drafted
-- by the office or the unit and published; fulfilment records (践诺) with evidence; ratings
-- (评诺) by the public and by colleagues, whose givers are kept only to count each
-- colleague once and are never shown.
CREATE TABLE pledge_sets (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  person_id    INTEGER REFERENCES people(id),
  title        TEXT NOT NULL,
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  published_at INTEGER,
  created_by   INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX pledge_sets_unit ON pledge_sets(unit_id, id);
CREATE TABLE pledge_items (
  set_id INTEGER NOT NULL REFERENCES pledge_sets(id),
  no     INTEGER NOT NULL,
  text   TEXT NOT NULL,
  PRIMARY KEY (set_id, no)
);
CREATE TABLE pledge_records (
  id         INTEGER PRIMARY KEY,
  set_id     INTEGER NOT NULL REFERENCES pledge_sets(id),
  item_no    INTEGER NOT NULL,
  day        TEXT NOT NULL,
  text       TEXT NOT NULL,
  evidence   TEXT NOT NULL DEFAULT '',
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX pledge_records_set ON pledge_records(set_id, item_no, day);
CREATE TABLE pledge_ratings (
  id         INTEGER PRIMARY KEY,
  set_id     INTEGER NOT NULL REFERENCES pledge_sets(id),
  rater      TEXT NOT NULL CHECK (rater IN ('public', 'colleague')),
  rating     TEXT NOT NULL CHECK (rating IN ('satisfied', 'basically', 'unsatisfied')),
  note       TEXT NOT NULL DEFAULT '',
  by_user_id INTEGER,
  at         INTEGER NOT NULL
);
CREATE INDEX pledge_ratings_set ON pledge_ratings(set_id);
CREATE UNIQUE INDEX pledge_ratings_colleague ON pledge_ratings(set_id, by_user_id)
  WHERE by_user_id IS NOT NULL;
