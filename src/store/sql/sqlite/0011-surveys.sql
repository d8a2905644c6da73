-- wubiao schema, version 11: the statistics bureau's satisfaction survey (效果终端测评).
-- A survey belongs to a campaign and has a round (baseline 普查, endpoint 终端测评). Its
-- frame lists the people who may be drawn, their names and phones sealed with the
-- district's key; the seed's hash is recorded before the frame closes and the seed
-- revealed for the draw; each drawn person gets an outcome and, when completed, answers.

-- The statistics bureau's staff: role stats. SQLite cannot alter a CHECK, but widening one
-- changes nothing on disk, so the table's recorded text is edited (the schema version is
-- bumped after the migrations, which makes every connection read it again).
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, '''unit'', ''leader'')', '''unit'', ''leader'', ''stats'')')
 WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = OFF;

CREATE TABLE surveys (
  id            INTEGER PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES campaigns(id),
  round         TEXT NOT NULL CHECK (round IN ('baseline', 'endpoint')),
  title         TEXT NOT NULL,
  state         TEXT NOT NULL
    CHECK (state IN ('draft', 'committed', 'closed', 'fieldwork', 'finished', 'published')),
  design        TEXT NOT NULL,  -- {"margin", "confidence", "p", "response_rate", "min_n"}
  items         TEXT NOT NULL,  -- the questionnaire: [{"dimension", "label", "overall"}]
  scale         TEXT NOT NULL,  -- points of 满意, 基本满意, 不满意: "100,75,55"
  recheck_share INTEGER NOT NULL, -- per cent of completed interviews re-contacted (复核)
  seed_hash     TEXT,           -- SHA-256 of the seed, hex: recorded at commit
  seed_box      TEXT,           -- the server's seed, sealed, until it is revealed
  seed          TEXT,           -- the revealed seed, hex
  results       TEXT,           -- the estimates as published, frozen
  notice        TEXT,           -- the results notice (测评结果通报)
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    INTEGER NOT NULL,
  committed_at  INTEGER,
  closed_at     INTEGER,
  drawn_at      INTEGER,
  finished_at   INTEGER,
  published_at  INTEGER
);
CREATE UNIQUE INDEX surveys_round ON surveys(campaign_id, round);

-- The design of each unit, fixed when the frame closes: N people, n to draw.
CREATE TABLE survey_units (
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  frame_n   INTEGER NOT NULL,
  sample_n  INTEGER NOT NULL,
  PRIMARY KEY (survey_id, unit_id)
);

-- The frame: one row per person. contact is their name and phone sealed (secretbox).
CREATE TABLE survey_people (
  id            INTEGER PRIMARY KEY,
  survey_id     INTEGER NOT NULL REFERENCES surveys(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  unit_code     TEXT NOT NULL,    -- as the frame gave it: the draw's key uses it
  respondent_id TEXT NOT NULL,
  stratum       TEXT NOT NULL,
  contact       TEXT,
  draw_pos      INTEGER,        -- 1, 2, … in the unit's draw order; NULL: not drawn
  outcome       TEXT
    CHECK (outcome IN ('completed', 'refused', 'unreachable', 'ineligible')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  mode          TEXT CHECK (mode IN ('cati', 'self')),
  outcome_at    INTEGER,
  outcome_by    INTEGER REFERENCES users(id),
  held_by       INTEGER REFERENCES users(id), -- the interviewer calling now
  held_until    INTEGER,
  code_hash     TEXT,           -- SHA-256 of the one-time code for self-completion
  recheck       INTEGER NOT NULL DEFAULT 0, -- 1: drawn for re-contact; 2: re-contacted
  UNIQUE (survey_id, respondent_id)
);
CREATE INDEX survey_people_draw ON survey_people(survey_id, unit_id, draw_pos);
CREATE UNIQUE INDEX survey_people_code ON survey_people(code_hash) WHERE code_hash IS NOT NULL;

-- Answers: one per person, item and pass (0 the interview, 1 the re-contact).
CREATE TABLE survey_answers (
  person_id INTEGER NOT NULL REFERENCES survey_people(id),
  item      INTEGER NOT NULL,
  pass      INTEGER NOT NULL,
  answer    TEXT NOT NULL
    CHECK (answer IN ('satisfied', 'basically_satisfied', 'unsatisfied', 'unaware')),
  PRIMARY KEY (person_id, item, pass)
);

-- The survey's share of a unit's composite score when the campaign has published survey
-- results, per cent; the work figures have the rest (default 70 / 30).
ALTER TABLE schemes ADD COLUMN survey_share INTEGER NOT NULL DEFAULT 70;
