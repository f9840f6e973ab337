-- The event log behind real-time replay: one row per published event, numbered per project.
CREATE TABLE project_events (
    project_id  VARCHAR(36) NOT NULL,
    seq         BIGINT      NOT NULL,
    type        VARCHAR(40) NOT NULL,
    data        VARCHAR     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_project_events PRIMARY KEY (project_id, seq),
    CONSTRAINT fk_project_events_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE INDEX ix_project_events_created_at ON project_events (created_at);
