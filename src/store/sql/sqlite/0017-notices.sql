-- wubiao schema, version 17: bulletins as documents (通报): criticism (批评) or praise (表扬),
-- with a number (文号), drafted by the office and signed off (签发) by a leader, for the
-- logged-in units (internal) or the public; about problems, units or people, or none;
-- corrected with a reason (each earlier text kept) or withdrawn with one. A flag's notice
-- is such a document, issued with the flag (bulletin_id names the flag's record).
CREATE TABLE notices (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('criticism', 'praise')),
  number          TEXT,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  scope           TEXT NOT NULL CHECK (scope IN ('internal', 'public')),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'withdrawn')),
  bulletin_id     INTEGER REFERENCES bulletins(id),
  drafted_by      INTEGER NOT NULL,
  drafted_at      INTEGER NOT NULL,
  signer          TEXT,
  signed_by       INTEGER,
  signed_at       INTEGER,
  withdrawn_at    INTEGER,
  withdrawn_reason TEXT,
  revision        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX notices_number ON notices(number) WHERE number IS NOT NULL;
CREATE TABLE notice_subjects (
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  kind      TEXT NOT NULL CHECK (kind IN ('problem', 'unit', 'person')),
  ref_id    INTEGER NOT NULL,
  PRIMARY KEY (notice_id, kind, ref_id)
);
CREATE TABLE notice_revisions (
  id         INTEGER PRIMARY KEY,
  notice_id  INTEGER NOT NULL REFERENCES notices(id),
  reason     TEXT NOT NULL,
  before     TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX notice_revisions_notice ON notice_revisions(notice_id, id);
