-- wubiao schema, version 16: the registers of first contact (首接首问) and of efficiency
-- faults (行政效能过错), and accountability naming a person of the register.
-- A first-contact entry is a matter a member of staff received first: the visitor's need,
-- what they were told at once (一次性告知) and the time limit; its owner holds it until a
-- recorded hand-over or completion. Opinions about 推诿 may point at an entry.
CREATE TABLE first_contacts (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  person_id     INTEGER NOT NULL REFERENCES people(id),
  channel       TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'letter', 'web')),
  visitor       TEXT NOT NULL DEFAULT '',
  visitor_phone TEXT NOT NULL DEFAULT '',
  need          TEXT NOT NULL,
  told          TEXT NOT NULL,
  limit_on      TEXT NOT NULL,
  received_at   INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('open', 'handed_over', 'done')),
  to_person_id  INTEGER REFERENCES people(id),
  to_unit_id    INTEGER REFERENCES units(id),
  outcome       TEXT,
  closed_at     INTEGER,
  created_by    INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX first_contacts_unit ON first_contacts(unit_id, id);
CREATE INDEX first_contacts_person ON first_contacts(person_id, id);
ALTER TABLE opinions ADD COLUMN contact_id INTEGER REFERENCES first_contacts(id);
-- A fault case against a unit: where it came from, its type and facts; proposed by the
-- sweep for a flagged case still not rectified after its deadline (one per problem),
-- confirmed or dismissed by the office, decided with the people responsible and their
-- sanctions, appealed once.
CREATE TABLE faults (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  source        TEXT NOT NULL
                CHECK (source IN ('overdue', 'opinion', 'inspection', 'first_contact')),
  problem_id    INTEGER REFERENCES problems(id),
  opinion_id    INTEGER REFERENCES opinions(id),
  contact_id    INTEGER REFERENCES first_contacts(id),
  type          TEXT NOT NULL
                CHECK (type IN ('refuse', 'shirk', 'delay', 'overreach', 'procedure', 'other')),
  facts         TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'open', 'dismissed', 'decided',
                                                 'appealed', 'revoked')),
  unit_sanction TEXT,
  authority     TEXT,
  decided_on    TEXT,
  note          TEXT,
  appeal        TEXT,
  appealed_at   INTEGER,
  appeal_note   TEXT,
  created_at    INTEGER NOT NULL,
  created_by    INTEGER NOT NULL,
  decided_at    INTEGER,
  decided_by    INTEGER
);
CREATE INDEX faults_unit ON faults(unit_id, id);
CREATE UNIQUE INDEX faults_overdue ON faults(problem_id) WHERE source = 'overdue';
CREATE TABLE fault_people (
  fault_id  INTEGER NOT NULL REFERENCES faults(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  role      TEXT NOT NULL CHECK (role IN ('handler', 'reviewer', 'approver')),
  resp      TEXT NOT NULL CHECK (resp IN ('direct', 'leadership')),
  sanction  TEXT NOT NULL,
  PRIMARY KEY (fault_id, person_id)
);
CREATE INDEX fault_people_person ON fault_people(person_id);
ALTER TABLE accountability ADD COLUMN person_id INTEGER REFERENCES people(id);
