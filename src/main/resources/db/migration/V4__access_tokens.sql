-- Personal access tokens for scripts and CI. The secret is never stored: only its SHA-256 (the
-- secret is 256 random bits, so a fast hash gives nothing to guess from).
CREATE TABLE access_tokens (
    id            VARCHAR(36)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    secret_hash   VARCHAR(64)  NOT NULL,
    owner_subject VARCHAR(255) NOT NULL,
    owner_name    VARCHAR(255) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_access_tokens_secret_hash UNIQUE (secret_hash)
);

CREATE INDEX ix_access_tokens_owner ON access_tokens (owner_subject, created_at);
