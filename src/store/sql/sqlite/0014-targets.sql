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
  PRIMARY KEY (year, unit_id, code)
);
CREATE TABLE target_results (
  year      INTEGER NOT NULL,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  code      TEXT NOT NULL,
  actual    INTEGER,
  deduction INTEGER,
  PRIMARY KEY (year, unit_id, code)
);
CREATE TABLE target_adjustments (
  id      INTEGER PRIMARY KEY,
  year    INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind    TEXT NOT NULL CHECK (kind IN ('add', 'subtract', 'veto')),
  level   TEXT CHECK (level IN ('national', 'province', 'city', 'district', 'street')),
  event   TEXT NOT NULL
);
CREATE INDEX target_adjustments_year ON target_adjustments(year, unit_id);
