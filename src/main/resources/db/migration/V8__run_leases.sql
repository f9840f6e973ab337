-- Which instance works on a run, and until when its claim holds unless renewed: instances sharing
-- the database fail the runs of an instance that died once its lease has run out, and a starting
-- instance fails only its own earlier runs and expired ones, never the live runs of the others.
-- Runs from before this column have no owner and no lease: they count as expired.
ALTER TABLE vibecode_runs ADD COLUMN owner VARCHAR(36);
ALTER TABLE vibecode_runs ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;

CREATE INDEX ix_vibecode_runs_status_lease ON vibecode_runs (status, lease_until);
