-- wubiao schema, version 2 on PostgreSQL (SQLite's 8): a problem carries the counts of its
-- current round's ratings (valid ones, and unsatisfied among them), kept with each rating
-- in the same transaction, so that reading a problem says whether it may be closed.
ALTER TABLE problems ADD COLUMN round_valid_ratings integer NOT NULL DEFAULT 0;
ALTER TABLE problems ADD COLUMN round_unsatisfied_ratings integer NOT NULL DEFAULT 0;
UPDATE problems SET
  round_valid_ratings = (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = problems.id
    AND v.round = problems.round AND v.rating <> 'unaware'),
  round_unsatisfied_ratings = (SELECT COUNT(*) FROM evaluations v
    WHERE v.problem_id = problems.id AND v.round = problems.round AND v.rating = 'unsatisfied');
COMMENT ON COLUMN problems.round_valid_ratings IS 'ratings of the current round other than unaware';
COMMENT ON COLUMN problems.round_unsatisfied_ratings IS 'unsatisfied ratings of the current round';
