-- Whose run it is: the subject of the caller who sent its prompt (for a rejection's new attempt,
-- the reviewer), so that the cap on runs per caller (VIBEGRAPHER_RUNS_MAX_PER_CALLER) counts the
-- caller's working runs on every instance sharing the database, not those of one instance.
-- Runs from before this column have no caller and count for nobody.
ALTER TABLE vibecode_runs ADD COLUMN caller_subject VARCHAR(255);

-- The count made at each run's start: a caller's RUNNING runs whose lease is live.
CREATE INDEX ix_vibecode_runs_caller_status ON vibecode_runs (caller_subject, status, lease_until);
