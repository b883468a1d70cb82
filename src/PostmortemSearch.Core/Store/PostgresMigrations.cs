namespace PostmortemSearch.Core.Store;

/// <summary>
/// The PostgreSQL schema: the same tables as <see cref="Migrations"/> (each step names the SQLite step it matches),
/// applied in order on open; <c>pmsearch_schema.version</c> holds the last applied. Text columns keep the
/// same strings the SQLite store keeps (the postmortem JSON verbatim, timestamps as written in the schema); log and
/// change times are <c>timestamptz</c>.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly string[] Steps =
    [
        // 1: postmortems (full JSON + filter columns), their action items, timeline and services; import and audit logs.
        // revision counts the writes of a row (optimistic concurrency: an update names the revision it read).
        """
        CREATE TABLE postmortems (
            id text PRIMARY KEY,
            title text NOT NULL,
            source_kind text NOT NULL,
            source_path text NOT NULL,
            content_hash text NOT NULL,
            severity text,
            incident_start text,
            resolved_at text,
            postmortem_date text,
            restricted boolean NOT NULL DEFAULT false,
            json text NOT NULL,
            revision integer NOT NULL DEFAULT 1,
            imported_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX postmortems_start ON postmortems(incident_start);
        CREATE TABLE action_items (
            postmortem_id text NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            text text NOT NULL,
            owner text,
            due text,
            status text NOT NULL,
            ticket text,
            PRIMARY KEY (postmortem_id, ordinal)
        );
        CREATE INDEX action_items_status ON action_items(status, due);
        CREATE TABLE timeline_entries (
            postmortem_id text NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            at text,
            at_text text NOT NULL,
            text text NOT NULL,
            PRIMARY KEY (postmortem_id, ordinal)
        );
        CREATE TABLE services (
            postmortem_id text NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            service text NOT NULL
        );
        CREATE INDEX services_service ON services(service);
        CREATE INDEX services_postmortem ON services(postmortem_id);
        CREATE TABLE import_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            path text NOT NULL,
            status text NOT NULL,
            postmortem_id text,
            error text
        );
        CREATE TABLE audit_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text,
            detail text
        );
        """,
        // 2: the change log. Writers append to it while holding a transaction-scoped advisory lock up to their commit,
        // so sequence order is commit order and a replica reading "after seq N" can never skip a late-committing write.
        """
        CREATE TABLE changes (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            postmortem_id text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('changed', 'deleted')),
            at timestamptz NOT NULL
        );
        CREATE INDEX changes_postmortem ON changes(postmortem_id);
        INSERT INTO changes(postmortem_id, kind, at) SELECT id, 'changed', updated_at FROM postmortems ORDER BY id COLLATE "C";
        """,
        // 3 (SQLite step 5): previous versions of every updated, deleted or restored postmortem, and the source's own page id as a
        // column for the overwrite rule (as SQLite's step 3).
        """
        CREATE TABLE postmortem_versions (
            version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            postmortem_id text NOT NULL,
            title text NOT NULL,
            source_kind text NOT NULL,
            source_path text NOT NULL,
            content_hash text NOT NULL,
            restricted boolean NOT NULL,
            json text NOT NULL,
            replaced_at timestamptz NOT NULL,
            replaced_by text NOT NULL,
            reason text NOT NULL CHECK (reason IN ('updated', 'deleted', 'restored'))
        );
        CREATE INDEX postmortem_versions_id ON postmortem_versions(postmortem_id, version);
        ALTER TABLE postmortems ADD COLUMN source_page_id text;
        UPDATE postmortems SET source_page_id = (json::jsonb) -> 'source' ->> 'pageId';
        """,
        // 4 (factors; SQLite step 4): statement vectors, curation decisions, an imported taxonomy (revision counts its imports, so
        // every replica sees a change), derived-data progress (as SQLite's step 4).
        """
        CREATE TABLE statement_vectors (
            postmortem_id text NOT NULL,
            ordinal integer NOT NULL,
            model text NOT NULL,
            text text NOT NULL,
            vector bytea NOT NULL,
            PRIMARY KEY (postmortem_id, ordinal, model)
        );
        CREATE TABLE factor_curations (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            cluster_id text NOT NULL,
            json text NOT NULL
        );
        CREATE TABLE factor_taxonomy (
            id integer PRIMARY KEY CHECK (id = 1),
            json text NOT NULL,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            revision bigint NOT NULL DEFAULT 1
        );
        CREATE TABLE derived_progress (
            name text PRIMARY KEY,
            seq bigint NOT NULL
        );
        """,
        // 5 (SQLite step 3): passage vectors for semantic search (Semantic/PostgresVectorStore.cs), shared by every
        // replica. Keyed by postmortem, model and the content hash they were embedded from, so replicas embedding the
        // same change at once write the same key (the second finds the first's row); a deleted postmortem takes its
        // vectors along; vector_progress is the change-log sequence embedded so far per model, by whichever replica.
        """
        CREATE TABLE vector_docs (
            postmortem_id text NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            model text NOT NULL,
            content_hash text NOT NULL,
            meta text NOT NULL,
            PRIMARY KEY (postmortem_id, model, content_hash)
        );
        CREATE INDEX vector_docs_model ON vector_docs(model);
        CREATE TABLE passage_vectors (
            postmortem_id text NOT NULL,
            model text NOT NULL,
            content_hash text NOT NULL,
            ordinal integer NOT NULL,
            section text NOT NULL,
            text text NOT NULL,
            vector bytea NOT NULL,
            PRIMARY KEY (postmortem_id, model, content_hash, ordinal),
            FOREIGN KEY (postmortem_id, model, content_hash) REFERENCES vector_docs(postmortem_id, model, content_hash) ON DELETE CASCADE
        );
        CREATE TABLE vector_progress (
            model text PRIMARY KEY,
            change_seq bigint NOT NULL
        );
        """,
        // 6 (SQLite step 6): each import_log row names the audit entry of its batch, so the audit trail links an import
        // to the postmortems it touched exactly. Rows written before this step have none (matched by time and actor).
        """
        ALTER TABLE import_log ADD COLUMN audit_seq bigint;
        CREATE INDEX import_log_audit ON import_log(audit_seq);
        """,
    ];
}
