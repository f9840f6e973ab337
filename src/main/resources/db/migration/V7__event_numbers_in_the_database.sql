-- Where each project's event numbering stands, so that any number of instances sharing the
-- database number one project's events without a gap or a duplicate: an append increments the
-- project's row, which holds the row's lock until the events are committed. Rows are made by the
-- first append of a project; existing projects continue from their newest logged event.
CREATE TABLE project_event_counters (
    project_id  VARCHAR(36) NOT NULL,
    last_seq    BIGINT      NOT NULL,
    CONSTRAINT pk_project_event_counters PRIMARY KEY (project_id),
    CONSTRAINT fk_project_event_counters_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

INSERT INTO project_event_counters (project_id, last_seq)
    SELECT project_id, MAX(seq) FROM project_events GROUP BY project_id;
