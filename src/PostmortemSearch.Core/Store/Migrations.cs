namespace PostmortemSearch.Core.Store;

/// <summary>Versioned schema migrations, applied in order on open (PRAGMA user_version holds the last applied).</summary>
internal static class Migrations
{
    public static readonly string[] Steps =
    [
        // 1: postmortems (full JSON + filter columns), their action items, timeline and services; import and audit logs.
        """
        CREATE TABLE postmortems (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            source_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            severity TEXT,
            incident_start TEXT,
            resolved_at TEXT,
            postmortem_date TEXT,
            restricted INTEGER NOT NULL DEFAULT 0,
            json TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX postmortems_start ON postmortems(incident_start);
        CREATE TABLE action_items (
            postmortem_id TEXT NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL,
            owner TEXT,
            due TEXT,
            status TEXT NOT NULL,
            ticket TEXT,
            PRIMARY KEY (postmortem_id, ordinal)
        );
        CREATE INDEX action_items_status ON action_items(status, due);
        CREATE TABLE timeline_entries (
            postmortem_id TEXT NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            at TEXT,
            at_text TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (postmortem_id, ordinal)
        );
        CREATE TABLE services (
            postmortem_id TEXT NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
            service TEXT NOT NULL
        );
        CREATE INDEX services_service ON services(service);
        CREATE TABLE import_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            path TEXT NOT NULL,
            status TEXT NOT NULL,
            postmortem_id TEXT,
            error TEXT
        );
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        """,
        // 2: the change log — a monotonic sequence of changed and deleted ids. Derived data (the search index, vectors,
        // other replicas and processes) catches up by reading it from the last sequence it has seen.
        """
        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            postmortem_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('changed', 'deleted')),
            at TEXT NOT NULL
        );
        CREATE INDEX changes_postmortem ON changes(postmortem_id);
        INSERT INTO changes(postmortem_id, kind, at) SELECT id, 'changed', updated_at FROM postmortems ORDER BY id;
        """,
        // 3: passage vectors for semantic search (Semantic/SqliteVectorStore.cs), derived data like the search index: rows go
        // with their postmortem (a re-import deletes and re-inserts the row, so stale vectors cascade away in the same
        // transaction); vector_docs holds what a dense-only hit shows and filters on; vector_progress the change-log
        // sequence embedded so far per model, so a crash or a model change resumes from the log.
        """
        CREATE TABLE vector_docs (
            postmortem_id TEXT PRIMARY KEY REFERENCES postmortems(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            meta TEXT NOT NULL
        );
        CREATE TABLE passage_vectors (
            postmortem_id TEXT NOT NULL REFERENCES vector_docs(postmortem_id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (postmortem_id, ordinal)
        );
        CREATE TABLE vector_progress (
            model TEXT PRIMARY KEY,
            change_seq INTEGER NOT NULL
        );
        """,
        // 4 (factors): factor-statement vectors (per statement and model; the text is kept so a changed statement is
        // re-embedded), curation decisions with who and when, and an imported taxonomy replacing the shipped one.
        """
        CREATE TABLE statement_vectors (
            postmortem_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            model TEXT NOT NULL,
            text TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (postmortem_id, ordinal, model)
        );
        CREATE TABLE factor_curations (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            cluster_id TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE TABLE factor_taxonomy (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            json TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE TABLE derived_progress (
            name TEXT PRIMARY KEY,
            seq INTEGER NOT NULL
        );
        """,
        // 5: previous versions of every updated, deleted or restored postmortem (restorable by an admin), and the
        // source's own page id as a column so the overwrite rule compares source identities without reading JSON.
        """
        CREATE TABLE postmortem_versions (
            version INTEGER PRIMARY KEY AUTOINCREMENT,
            postmortem_id TEXT NOT NULL,
            title TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            source_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            restricted INTEGER NOT NULL,
            json TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            replaced_by TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('updated', 'deleted', 'restored'))
        );
        CREATE INDEX postmortem_versions_id ON postmortem_versions(postmortem_id, version);
        ALTER TABLE postmortems ADD COLUMN source_page_id TEXT;
        UPDATE postmortems SET source_page_id = json_extract(json, '$.source.pageId') WHERE json_valid(json);
        """,
        // 6 (surfaces): each import_log row names the audit entry of its batch, so `pmsearch audit` / GET /api/audit can
        // say which postmortems an import touched. Rows written before this step have none (matched by time and actor).
        """
        ALTER TABLE import_log ADD COLUMN audit_seq INTEGER;
        CREATE INDEX import_log_audit ON import_log(audit_seq);
        """,
    ];
}
