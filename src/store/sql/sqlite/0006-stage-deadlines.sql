-- wubiao schema, version 6: the deadline in force when a problem was answered and when its
-- rectification was declared done, so a later extension or reopening cannot turn a late
-- answer into an on-time one after the fact.
ALTER TABLE problems ADD COLUMN answered_due_on TEXT;
ALTER TABLE problems ADD COLUMN rectified_due_on TEXT;
UPDATE problems SET answered_due_on = due_on WHERE answered_at IS NOT NULL;
UPDATE problems SET rectified_due_on = due_on WHERE rectified_at IS NOT NULL;
