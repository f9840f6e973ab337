-- Plain SQL that runs unchanged on H2 2.x and PostgreSQL.
CREATE TABLE projects (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    slug        VARCHAR(200) NOT NULL,
    filename    VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_projects_slug UNIQUE (slug)
);

CREATE INDEX ix_projects_created_at ON projects (created_at);

CREATE TABLE test_cases (
    id          VARCHAR(36)  PRIMARY KEY,
    project_id  VARCHAR(36)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    code        VARCHAR      NOT NULL,
    quick_test  BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_test_cases_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE INDEX ix_test_cases_project ON test_cases (project_id);

-- One-time facts about this installation, such as whether the sample project was seeded.
CREATE TABLE installation_facts (
    name        VARCHAR(100) PRIMARY KEY,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
