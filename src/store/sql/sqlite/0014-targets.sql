-- wubiao schema, version 14: annual target management (目标管理). A unit's items for a
-- year, on card 1 (a department's only card; a street's 实绩) or card 2 (a street's 过程),
-- each with its points and scoring rule; the results reported for them; the year's adds,
-- subtracts and vetoes. Numbers are in thousandths (12.5 points is 12500), exact in both
-- engines. Results and adjustments name an item by its unit and code, so importing the
-- items again keeps the results of the codes that remain.
CREATE TABLE target_items (
  year    INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  code    TEXT NOT NULL,
  name    TEXT NOT NULL,
  card    INTEGER NOT NULL CHECK (card IN (1, 2)),
  points  INTEGER NOT NULL CHECK (points > 0),
  rule    TEXT NOT NULL CHECK (rule IN ('ratio', 'inverse', 'deduct', 'workstyle')),
  target  INTEGER,
  -- what the letter says of it: 职能, 共性, 效能建设 or 争先创优; the indicator and the
  -- measure; the deadline; the department that assesses it; the person who owns it; a
  -- department item's "定" dimensions (a JSON object, dimension name to text)
  category    TEXT NOT NULL DEFAULT 'function'
              CHECK (category IN ('function', 'common', 'efficiency', 'excellence')),
  indicator   TEXT NOT NULL DEFAULT '',
  measure     TEXT NOT NULL DEFAULT '',
  deadline    TEXT,
  assessor_id INTEGER REFERENCES units(id),
  owner       TEXT NOT NULL DEFAULT '',
  ding        TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (year, unit_id, code)
);
CREATE TABLE target_results (
  year      INTEGER NOT NULL,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  code      TEXT NOT NULL,
  actual    INTEGER,
  deduction INTEGER,
  -- who scored it and why (none for a result imported from the office's file)
  note       TEXT,
  by_user_id INTEGER,
  at         INTEGER,
  PRIMARY KEY (year, unit_id, code)
);
CREATE TABLE target_adjustments (
  id      INTEGER PRIMARY KEY,
  year    INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind    TEXT NOT NULL CHECK (kind IN ('add', 'subtract', 'veto')),
  level   TEXT CHECK (level IN ('national', 'province', 'city', 'district', 'street')),
  event   TEXT NOT NULL,
  -- where it came from: NULL for the office's file (which an import replaces), or the
  -- record a confirmed proposal names ('bulletin:12')
  source  TEXT
);
CREATE INDEX target_adjustments_year ON target_adjustments(year, unit_id);
-- The year's scheme (cards, "定" dimensions, grade cut-offs, points per level) as a JSON
-- object; a year without one uses the defaults.
CREATE TABLE target_schemes (
  year   INTEGER PRIMARY KEY,
  scheme TEXT NOT NULL,
  set_at INTEGER NOT NULL
);
-- A unit's responsibility letter (目标责任书) for a year: drafted and issued by the office,
-- signed by the unit's head, then in force; a change after signing is an amendment.
CREATE TABLE target_letters (
  year        INTEGER NOT NULL,
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  status      TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'signed', 'in_force')),
  issued_at   INTEGER,
  signed_at   INTEGER,
  signed_by   TEXT,
  in_force_at INTEGER,
  amendments  INTEGER NOT NULL DEFAULT 0,
  selfcheck    TEXT,
  selfcheck_at INTEGER,
  returned_reason TEXT,
  returned_at     INTEGER,
  PRIMARY KEY (year, unit_id)
);
-- Each amendment of a signed letter: why, by whom, and the items before and after (JSON).
CREATE TABLE target_amendments (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  reason     TEXT NOT NULL,
  before     TEXT NOT NULL,
  after      TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX target_amendments_letter ON target_amendments(year, unit_id);
-- The year-end: the sheet published (its SHA-256 recorded) with an appeal window, then final.
CREATE TABLE target_years (
  year         INTEGER PRIMARY KEY,
  published_at INTEGER,
  appeal_until TEXT,
  final_at     INTEGER,
  sheet_hash   TEXT
);
-- Progress reports on an item, quarter by quarter, with their evidence.
CREATE TABLE target_reports (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  code       TEXT NOT NULL,
  quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  text       TEXT NOT NULL,
  evidence   TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX target_reports_item ON target_reports(year, unit_id, code);
-- Reminders sent before an item's deadline: one per item and deadline.
CREATE TABLE target_reminders (
  year     INTEGER NOT NULL,
  unit_id  INTEGER NOT NULL REFERENCES units(id),
  code     TEXT NOT NULL,
  deadline TEXT NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (year, unit_id, code, deadline)
);
-- Appeals (复核) against the published sheet, and the office's decisions.
CREATE TABLE target_appeals (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  code        TEXT,
  reason      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'rejected')),
  decision    TEXT,
  by_user_id  INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  decided_by  INTEGER,
  decided_at  INTEGER
);
CREATE INDEX target_appeals_year ON target_appeals(year, unit_id);
-- The office's decision on a proposed subtract (a bulletin of the unit's problem).
CREATE TABLE target_proposals (
  year       INTEGER NOT NULL,
  source     TEXT NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  status     TEXT NOT NULL CHECK (status IN ('confirmed', 'declined')),
  note       TEXT,
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (year, source)
);
