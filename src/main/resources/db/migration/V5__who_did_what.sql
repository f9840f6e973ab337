-- Who did what: the person behind each prompt and each decision on a diff, and an audit log an
-- admin reads. People are kept by name and email as they were when they acted (a provider's
-- directory may change later; the record must not).
ALTER TABLE conversation_messages ADD COLUMN author_name VARCHAR(255);
ALTER TABLE conversation_messages ADD COLUMN author_email VARCHAR(320);

ALTER TABLE diffs ADD COLUMN reviewed_by_name VARCHAR(255);
ALTER TABLE diffs ADD COLUMN reviewed_by_email VARCHAR(320);
ALTER TABLE diffs ADD COLUMN reviewed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE diffs ADD COLUMN committed_by_name VARCHAR(255);
ALTER TABLE diffs ADD COLUMN committed_by_email VARCHAR(320);
ALTER TABLE diffs ADD COLUMN committed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE diffs ADD COLUMN reverted_by_name VARCHAR(255);
ALTER TABLE diffs ADD COLUMN reverted_by_email VARCHAR(320);
ALTER TABLE diffs ADD COLUMN reverted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE diffs ADD COLUMN tests_run_by_name VARCHAR(255);
ALTER TABLE diffs ADD COLUMN tests_run_by_email VARCHAR(320);

ALTER TABLE access_tokens ADD COLUMN owner_email VARCHAR(320);

-- No foreign keys: an entry outlives the project, session or token it names (a deletion is itself
-- an entry).
CREATE TABLE audit_entries (
    id             VARCHAR(36)  PRIMARY KEY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_subject  VARCHAR(255) NOT NULL,
    actor_name     VARCHAR(255) NOT NULL,
    actor_email    VARCHAR(320),
    actor_role     VARCHAR(20)  NOT NULL,
    action         VARCHAR(40)  NOT NULL,
    project_id     VARCHAR(36),
    target_id      VARCHAR(36),
    summary        VARCHAR(1000) NOT NULL
);

CREATE INDEX ix_audit_entries_newest ON audit_entries (occurred_at, id);
CREATE INDEX ix_audit_entries_project ON audit_entries (project_id, occurred_at);
