-- wubiao schema, version 10: duties. Each piece of work the mechanism gives a body with a
-- deadline is a row, judged by its own deadline whatever happens later: a point enters an
-- opinion (entry), its station summarizes or rejects it (merge) and dispatches the problem
-- (dispatch), the unit acknowledges (ack) and answers (feedback), the station verifies a
-- declared rectification (verify). A duty is done, released undone (the unit returned the
-- problem), or still held; one whose deadline passed while it was held counts late.
CREATE TABLE duties (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  kind        TEXT NOT NULL
    CHECK (kind IN ('entry', 'merge', 'dispatch', 'ack', 'feedback', 'verify')),
  problem_id  INTEGER REFERENCES problems(id),
  opinion_id  INTEGER REFERENCES opinions(id),
  holder_id   INTEGER NOT NULL REFERENCES units(id),
  station_id  INTEGER REFERENCES units(id),
  by_unit_id  INTEGER REFERENCES units(id),
  started_at  INTEGER NOT NULL,
  due_on      TEXT NOT NULL,
  done_at     INTEGER,
  released_at INTEGER
);
CREATE INDEX duties_problem ON duties(problem_id, kind) WHERE problem_id IS NOT NULL;
CREATE INDEX duties_opinion ON duties(opinion_id, kind) WHERE opinion_id IS NOT NULL;
CREATE INDEX duties_tally ON duties(campaign_id, started_at);
