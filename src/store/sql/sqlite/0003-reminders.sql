-- wubiao schema, version 3: reminders (催办) and escalations (督办) of overdue problems.
-- Each holds the deadline it was made for, so a new deadline starts the cycle again.
ALTER TABLE problems ADD COLUMN reminded_due TEXT;
ALTER TABLE problems ADD COLUMN escalated_due TEXT;
CREATE INDEX problems_due ON problems(status, due_on);
