-- wubiao schema, version 15: the register of each unit's people (name, post, rank, Party
-- member or not, active), an account's link to the person who uses it, and the items of a
-- responsibility letter split down to people (分解到人), their points adding up to the
-- item's; the year's rewards and penalties, for a unit or a person of it.
CREATE TABLE people (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  name         TEXT NOT NULL,
  post         TEXT NOT NULL DEFAULT '',
  rank         TEXT NOT NULL DEFAULT '',
  party_member INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   INTEGER NOT NULL
);
CREATE INDEX people_unit ON people(unit_id, id);
ALTER TABLE users ADD COLUMN person_id INTEGER REFERENCES people(id);
CREATE TABLE target_person_items (
  year      INTEGER NOT NULL,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  code      TEXT NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id),
  points    INTEGER NOT NULL CHECK (points > 0),
  task      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (year, unit_id, code, person_id)
);
CREATE INDEX target_person_items_person ON target_person_items(person_id, year);
-- Rewards and penalties decided on the year's assessment, for a unit or a person of its
-- register.
CREATE TABLE target_sanctions (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  person_id  INTEGER REFERENCES people(id),
  kind       TEXT NOT NULL CHECK (kind IN ('reward', 'penalty')),
  measure    TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX target_sanctions_year ON target_sanctions(year, unit_id);
