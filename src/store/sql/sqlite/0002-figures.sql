-- wubiao schema, version 2: what the figures need.

-- The day by which a dispatched problem must be acknowledged (签收), set at dispatch.
ALTER TABLE problems ADD COLUMN ack_due_on TEXT;

-- Scoring schemes, versioned by the day they take effect: a period is scored with the
-- scheme in force on its first day, so changing the weights for March leaves January's
-- published scores as they were.
CREATE TABLE schemes (
  id          INTEGER PRIMARY KEY,
  valid_from  TEXT NOT NULL UNIQUE,
  weights     TEXT NOT NULL,
  scale       TEXT NOT NULL,
  grades      TEXT NOT NULL,
  min_count   INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  INTEGER NOT NULL
);

-- Accountability records (问责): measures against a named person or a unit for a problem.
CREATE TABLE accountability (
  id          INTEGER PRIMARY KEY,
  problem_id  INTEGER NOT NULL REFERENCES problems(id),
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  person      TEXT,
  kind        TEXT NOT NULL,
  note        TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  INTEGER NOT NULL
);
CREATE INDEX accountability_problem ON accountability(problem_id);
CREATE INDEX accountability_unit ON accountability(unit_id);

CREATE INDEX problems_dispatched ON problems(dispatched_at);
CREATE INDEX evaluations_problem ON evaluations(problem_id, rating);
CREATE INDEX events_kind ON events(kind, subject_id);
