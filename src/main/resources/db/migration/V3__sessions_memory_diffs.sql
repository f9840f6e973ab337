-- A conversation with the agents about a project (global) or one node of it.
CREATE TABLE vibecode_sessions (
    id                  VARCHAR(36)  PRIMARY KEY,
    project_id          VARCHAR(36)  NOT NULL,
    openai_session_key  VARCHAR(300) NOT NULL,
    session_type        VARCHAR(10)  NOT NULL,
    node_id             VARCHAR(200),
    branch              VARCHAR(100),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_vibecode_sessions_key UNIQUE (openai_session_key),
    CONSTRAINT fk_vibecode_sessions_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE INDEX ix_vibecode_sessions_project ON vibecode_sessions (project_id);

-- An agent's memory: the Responses API input items of its past turns, in order, per memory key
-- (the coder's is the session key, the evaluator's the session key + "_evaluator").
CREATE TABLE agent_memory_items (
    memory_key  VARCHAR(320) NOT NULL,
    position    BIGINT       NOT NULL,
    item        VARCHAR      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_agent_memory_items PRIMARY KEY (memory_key, position)
);

-- A background run of the agents for one user message.
CREATE TABLE vibecode_runs (
    id           VARCHAR(36)  PRIMARY KEY,
    session_id   VARCHAR(36)  NOT NULL,
    status       VARCHAR(12)  NOT NULL,
    outcome      VARCHAR(12),
    detail       VARCHAR,
    finished_at  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_vibecode_runs_session FOREIGN KEY (session_id) REFERENCES vibecode_sessions (id) ON DELETE CASCADE
);

CREATE INDEX ix_vibecode_runs_session_status ON vibecode_runs (session_id, status);

-- A change the evaluator approved, waiting for (or past) the human's review.
CREATE TABLE diffs (
    id                   VARCHAR(36)  PRIMARY KEY,
    session_id           VARCHAR(36)  NOT NULL,
    project_id           VARCHAR(36)  NOT NULL,
    base_commit          VARCHAR(40)  NOT NULL,
    target_branch        VARCHAR(200) NOT NULL,
    diff_content         VARCHAR      NOT NULL,
    status               VARCHAR(24)  NOT NULL,
    vibecoder_prompt     VARCHAR      NOT NULL,
    evaluator_reasoning  VARCHAR,
    commit_message       VARCHAR,
    human_feedback       VARCHAR,
    committed_sha        VARCHAR(40),
    reverted_sha         VARCHAR(40),
    test_results         VARCHAR,
    tests_run_at         TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_diffs_session FOREIGN KEY (session_id) REFERENCES vibecode_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_diffs_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE INDEX ix_diffs_session ON diffs (session_id);
CREATE INDEX ix_diffs_project_status ON diffs (project_id, status);

-- Every step of every run, and the user's prompts: what a dashboard shows, stored before it is published.
CREATE TABLE conversation_messages (
    id                 VARCHAR(36)  PRIMARY KEY,
    session_id         VARCHAR(36)  NOT NULL,
    run_id             VARCHAR(36),
    position           BIGINT       NOT NULL,
    role               VARCHAR(12)  NOT NULL,
    agent              VARCHAR(12)  NOT NULL,
    message_type       VARCHAR(12)  NOT NULL,
    content            VARCHAR      NOT NULL,
    patch_preview      VARCHAR,
    iteration          INTEGER,
    token_usage        VARCHAR,
    diff_id            VARCHAR(36),
    last_response_id   VARCHAR(100),
    raw_response       VARCHAR,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_conversation_messages_session FOREIGN KEY (session_id) REFERENCES vibecode_sessions (id) ON DELETE CASCADE
);

CREATE INDEX ix_conversation_messages_session ON conversation_messages (session_id, position);

-- What every LLM call cost, kept apart from messages so that deleting a session does not reset a
-- project's spending (budgets are enforced from here).
CREATE TABLE llm_usage (
    id                    VARCHAR(36)  PRIMARY KEY,
    project_id            VARCHAR(36)  NOT NULL,
    session_id            VARCHAR(36)  NOT NULL,
    run_id                VARCHAR(36),
    model                 VARCHAR(100) NOT NULL,
    agent                 VARCHAR(12)  NOT NULL,
    prompt_tokens         BIGINT       NOT NULL,
    cached_prompt_tokens  BIGINT       NOT NULL,
    completion_tokens     BIGINT       NOT NULL,
    total_tokens          BIGINT       NOT NULL,
    cost_usd              DECIMAL(20, 10),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_llm_usage_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE INDEX ix_llm_usage_session ON llm_usage (session_id);
CREATE INDEX ix_llm_usage_project_time ON llm_usage (project_id, created_at);
