-- Budgets per caller and for the whole server, enforced from the ledger (llm_usage). What was
-- spent stays spent: a project's deletion no longer takes its ledger rows with it, so deleting a
-- project and making a new one gives no tokens back. The rows keep the id of the project they
-- were spent for (it names nothing any more once the project is gone, like an audit entry's).
ALTER TABLE llm_usage DROP CONSTRAINT fk_llm_usage_project;

-- The subject of the caller whose prompt (or decision) made the call, as identity knows them: a
-- provider's sub, or the owner of a personal access token. Rows written before this column have
-- none and count only for the server's budget.
ALTER TABLE llm_usage ADD COLUMN caller_subject VARCHAR(255);

-- The daily sums read before every run and after every call: a range of one day in these
-- indexes, with the tokens in the index so the sum need not visit the table.
CREATE INDEX ix_llm_usage_caller_time ON llm_usage (caller_subject, created_at, total_tokens);
CREATE INDEX ix_llm_usage_time ON llm_usage (created_at, total_tokens);
