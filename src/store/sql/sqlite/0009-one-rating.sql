-- wubiao schema, version 9: at most one rating per source and verification round. A
-- rating naming an opinion (the public's by receipt, or staff entering that giver's paper
-- form) is that opinion's, already unique; one without is the rater's own, one per account
-- and round. Ratings recorded before this rule keep their rows, but a second one from the
-- same account and round no longer counts (counted = 0).
ALTER TABLE evaluations ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
UPDATE evaluations SET counted = 0 WHERE opinion_id IS NULL AND EXISTS (
  SELECT 1 FROM evaluations w WHERE w.problem_id = evaluations.problem_id
    AND w.round = evaluations.round AND w.opinion_id IS NULL
    AND w.by_user_id = evaluations.by_user_id AND w.id < evaluations.id);
CREATE UNIQUE INDEX evaluations_own ON evaluations(problem_id, round, by_user_id)
  WHERE opinion_id IS NULL AND counted = 1;
UPDATE problems SET
  round_valid_ratings = (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = problems.id
    AND v.round = problems.round AND v.rating <> 'unaware' AND v.counted = 1),
  round_unsatisfied_ratings = (SELECT COUNT(*) FROM evaluations v
    WHERE v.problem_id = problems.id AND v.round = problems.round AND v.rating = 'unsatisfied'
    AND v.counted = 1);
