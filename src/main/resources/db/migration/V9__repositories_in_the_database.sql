-- Git repositories kept in the database, through JGit's DFS storage, so that every instance
-- sharing the database sees the same history. A repository is nothing but its rows: its packs'
-- files and its refs, both named by the repository's name. BYTEA is PostgreSQL's binary string
-- and H2's alias of VARBINARY, so this stays plain SQL for both.

-- One row per file of a pack (the pack itself, its index, bitmap index, ...). A pack's own facts
-- (source, state, object count, when it last changed state) are repeated on each of its files so
-- that making new packs visible and hiding the packs they replace is one UPDATE of this table.
-- state: 'written' (files stored, not yet visible), 'live' (listed to readers), 'replaced' (hidden,
-- deleted a while later so that a reader that listed it just before can still finish).
CREATE TABLE git_pack_files (
    repository    VARCHAR(255) NOT NULL,
    pack_name     VARCHAR(100) NOT NULL,
    extension     VARCHAR(20)  NOT NULL,
    pack_source   VARCHAR(24)  NOT NULL,
    state         VARCHAR(10)  NOT NULL,
    object_count  BIGINT       NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes         BYTEA        NOT NULL,
    CONSTRAINT pk_git_pack_files PRIMARY KEY (repository, pack_name, extension),
    CONSTRAINT ck_git_pack_files_state CHECK (state IN ('written', 'live', 'replaced'))
);

CREATE INDEX ix_git_pack_files_state ON git_pack_files (repository, state);

-- One row per ref: either an object id (with the object a tag peels to, for annotated tags) or
-- the name of the ref it points to. Updates are conditional on the row's old value, so of two
-- writers from the same old value exactly one changes it.
CREATE TABLE git_refs (
    repository       VARCHAR(255)  NOT NULL,
    ref_name         VARCHAR(1000) NOT NULL,
    object_id        VARCHAR(40),
    peeled_id        VARCHAR(40),
    symbolic_target  VARCHAR(1000),
    CONSTRAINT pk_git_refs PRIMARY KEY (repository, ref_name),
    CONSTRAINT ck_git_refs_kind CHECK ((object_id IS NULL) <> (symbolic_target IS NULL))
);
