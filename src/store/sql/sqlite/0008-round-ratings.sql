-- wubiao schema, version 8: a problem carries the counts of its current round's ratings
-- (valid ones, and unsatisfied among them), kept with each rating in the same transaction,
-- so that reading a problem says whether it may be closed without counting its ratings.
ALTER TABLE problems ADD COLUMN round_valid_ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE problems ADD COLUMN round_unsatisfied_ratings INTEGER NOT NULL DEFAULT 0;
UPDATE problems SET
  round_valid_ratings = (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = problems.id
    AND v.round = problems.round AND v.rating <> 'unaware'),
  round_unsatisfied_ratings = (SELECT COUNT(*) FROM evaluations v
    WHERE v.problem_id = problems.id AND v.round = problems.round AND v.rating = 'unsatisfied');
