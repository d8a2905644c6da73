-- wubiao schema, version 13: where a rating came from. A rating of an opinion that an
-- account entered (a point's paper form, or a submission on the public page made while
-- logged in) is marked, so the office sees which of "the public's" ratings passed through
-- staff hands; one of an opinion entered by the rated unit's own account does not count.
ALTER TABLE evaluations ADD COLUMN staff_entered INTEGER NOT NULL DEFAULT 0;
UPDATE evaluations SET staff_entered = 1 WHERE opinion_id IN
  (SELECT id FROM opinions WHERE entered_by IS NOT NULL AND entered_by <> 0);
