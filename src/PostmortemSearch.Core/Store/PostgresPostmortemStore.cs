using System.Globalization;
using Npgsql;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Store;

/// <summary>
/// The store on PostgreSQL (Npgsql), for several replicas sharing one database. Same contract as the SQLite store:
/// each batch is one transaction (a replica killed mid-import leaves nothing: the server rolls the open transaction
/// back when the connection drops); two replicas importing the same source at once leave one row (the primary key
/// with <c>ON CONFLICT DO NOTHING</c>, then the row lock of <c>SELECT … FOR UPDATE</c> decides who updates); no lock
/// outlives a transaction. The change log is appended under a transaction-scoped advisory lock, so its sequence
/// order is commit order and a replica reading "after N" never skips a write that committed late.
/// </summary>
public sealed partial class PostgresPostmortemStore : IPostmortemStore
{
    // pg_advisory_xact_lock keys: arbitrary constants, one per purpose ("pmsearch" as ASCII, then a purpose digit).
    private const long ChangeLogLock = 0x706d7365617263_1;
    private const long MigrationLock = 0x706d7365617263_2;
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private long _version;

    private PostgresPostmortemStore(NpgsqlDataSource source, string location, TimeProvider time)
    {
        _source = source;
        _time = time;
        Location = location;
    }

    public string Location { get; }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Opens the database at <paramref name="address"/> (<c>postgresql://user:password@host:5432/name</c>) and applies pending migrations.</summary>
    public static PostgresPostmortemStore Open(string address, TimeProvider? time = null)
    {
        var builder = PostgresAddress.Parse(address);
        var location = $"postgresql://{(string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}";
        var store = new PostgresPostmortemStore(NpgsqlDataSource.Create(builder), location, time ?? TimeProvider.System);
        try
        {
            store.Migrate();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void Migrate() => Run(connection =>
    {
        using var transaction = connection.BeginTransaction();
        // Two replicas starting together: the second waits here, then finds the schema current.
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLock));
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS pmsearch_schema (version integer NOT NULL)");
        var version = Scalar(connection, transaction, "SELECT MAX(version) FROM pmsearch_schema") is int v ? v : 0;
        if (version > PostgresMigrations.Steps.Length)
            throw new InvalidOperationException($"{Location} was written by a newer PostmortemSearch (schema {version}; this version knows {PostgresMigrations.Steps.Length})");
        for (var step = version; step < PostgresMigrations.Steps.Length; step++)
            Execute(connection, transaction, PostgresMigrations.Steps[step]);
        if (version < PostgresMigrations.Steps.Length)
        {
            Execute(connection, transaction, "DELETE FROM pmsearch_schema");
            Execute(connection, transaction, "INSERT INTO pmsearch_schema(version) VALUES (@v)", ("v", PostgresMigrations.Steps.Length));
        }
        transaction.Commit();
        return 0;
    });

    public IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null,
        bool canSeeRestricted = true) => Save(batch, actor, rejected, canSeeRestricted).Results;

    /// <summary>The import rights are the SQLite store's (<see cref="PostmortemStore.Save"/>), decided here inside the transaction.</summary>
    public SaveOutcome Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null, bool canSeeRestricted = true)
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        var outcome = Retrying(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var before = MaxSeq(connection, transaction);
            var results = new SaveResult[batch.Count];
            // Rows are locked in id order, so two batches over the same ids queue instead of deadlocking.
            foreach (var i in Enumerable.Range(0, batch.Count).OrderBy(i => batch[i].Id, StringComparer.Ordinal))
            {
                var (stored, status, reason) = SaveOne(connection, transaction, batch[i], canSeeRestricted, now, now, actor);
                results[i] = new SaveResult(stored.Id, status, reason);
            }

            using (var log = new NpgsqlBatch(connection, transaction))
            {
                // The audit entry first: every import_log row of the batch names it (currval is this connection's own).
                int Count(SaveStatus status) => results.Count(r => r.Status == status);
                log.BatchCommands.Add(BatchCommand("INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, 'import', NULL, @detail)",
                    ("at", now), ("actor", actor),
                    ("detail", $"{Count(SaveStatus.Imported)} imported, {Count(SaveStatus.Updated)} updated, {Count(SaveStatus.Unchanged)} unchanged, {Count(SaveStatus.Refused) + (rejected?.Count ?? 0)} rejected")));
                const string AuditSeq = "currval(pg_get_serial_sequence('audit_log', 'seq'))";
                for (var i = 0; i < batch.Count; i++)
                {
                    log.BatchCommands.Add(BatchCommand($"INSERT INTO import_log(at, actor, path, status, postmortem_id, error, audit_seq) VALUES (@at, @actor, @path, @status, @id, @error, {AuditSeq})",
                        ("at", now), ("actor", actor), ("path", batch[i].Source.Path), ("status", results[i].Status.ToString().ToLowerInvariant()), ("id", results[i].Id), ("error", results[i].Reason)));
                }
                foreach (var (path, error) in rejected ?? [])
                {
                    log.BatchCommands.Add(BatchCommand($"INSERT INTO import_log(at, actor, path, status, error, audit_seq) VALUES (@at, @actor, @path, 'rejected', @error, {AuditSeq})",
                        ("at", now), ("actor", actor), ("path", path), ("error", error)));
                }
                log.ExecuteNonQuery();
            }
            var changed = results.Where(r => r.Status is SaveStatus.Imported or SaveStatus.Updated).Select(r => r.Id).ToArray();
            LogChanges(connection, transaction, changed, deleted: false, now);
            var after = MaxSeq(connection, transaction);
            transaction.Commit();
            return new SaveOutcome(results, before, after);
        });
        if (outcome.Results.Any(r => r.Status is SaveStatus.Imported or SaveStatus.Updated)) Interlocked.Increment(ref _version);
        return outcome;
    }

    private static long MaxSeq(NpgsqlConnection c, NpgsqlTransaction? t) => Scalar(c, t, "SELECT COALESCE(MAX(seq), 0) FROM changes") is long seq ? seq : 0;

    /// <summary>
    /// One postmortem under the import rights. The row is locked (<c>FOR UPDATE</c>) before the decision, so the
    /// decision holds to commit; a race with another replica inserting the same id is decided by the primary key
    /// (<c>ON CONFLICT DO NOTHING</c>), after which the loser decides again against the winner's row.
    /// </summary>
    private static (Postmortem Stored, SaveStatus Status, string? Reason) SaveOne(NpgsqlConnection c, NpgsqlTransaction t, Postmortem incoming, bool canSeeRestricted,
        DateTimeOffset now, DateTimeOffset importedAt, string actor)
    {
        if (!PostmortemIds.IsValid(incoming.Id))
            return (incoming, SaveStatus.Refused, $"the id '{PostmortemStore.Shorten(incoming.Id)}' is not a valid postmortem id ({PostmortemIds.Rule})");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var p = incoming;
            var existing = Existing(c, t, p.Id);
            if (existing is { Restricted: true } && !canSeeRestricted)
            {
                // Answer as if the hidden id did not exist: the document becomes its own postmortem.
                p = incoming with { Id = PostmortemStore.RehomedId(incoming) };
                existing = Existing(c, t, p.Id);
                if (existing is { Restricted: true } || (existing is not null && !PostmortemStore.SameSource(existing, p)))
                    return (incoming, SaveStatus.Refused, "this document cannot be imported with this key: ask an admin");
            }
            if (existing is null)
            {
                if (Execute(c, t, InsertRow + " ON CONFLICT (id) DO NOTHING", RowParameters(p, now, importedAt)) == 1)
                {
                    WriteChildren(c, t, p, replace: false);
                    return (p, SaveStatus.Imported, null);
                }
                continue; // another replica inserted this id meanwhile and committed: decide again against its row
            }
            if (!PostmortemStore.SameSource(existing, p)) return (p, SaveStatus.Refused, PostmortemStore.OtherSource(p.Id, existing));
            if (existing.ContentHash == p.Source.ContentHash) return (p, SaveStatus.Unchanged, null);
            KeepVersion(c, t, p.Id, now, actor, "updated");
            Execute(c, t, UpdateRow, RowParameters(p, now, importedAt));
            WriteChildren(c, t, p, replace: true);
            return (p, SaveStatus.Updated, null);
        }
        throw new InvalidOperationException($"postmortem {incoming.Id} was inserted and deleted by other writers during this import; import it again");
    }

    private static PostmortemStore.ExistingRow? Existing(NpgsqlConnection c, NpgsqlTransaction t, string id)
    {
        using var command = Command(c, t, "SELECT source_kind, source_path, source_page_id, content_hash, restricted FROM postmortems WHERE id = @id FOR UPDATE", [("id", id)]);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new PostmortemStore.ExistingRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetBoolean(4));
    }

    /// <summary>Copies the current row of <paramref name="id"/> (its JSON as stored) into the version history.</summary>
    private static void KeepVersion(NpgsqlConnection c, NpgsqlTransaction t, string id, DateTimeOffset now, string actor, string reason) =>
        Execute(c, t, """
            INSERT INTO postmortem_versions(postmortem_id, title, source_kind, source_path, content_hash, restricted, json, replaced_at, replaced_by, reason)
            SELECT id, title, source_kind, source_path, content_hash, restricted, json, @at, @actor, @reason FROM postmortems WHERE id = @id
            """, ("id", id), ("at", now), ("actor", actor), ("reason", reason));

    private const string UpdateRow = """
        UPDATE postmortems SET title = @title, source_kind = @kind, source_path = @path, source_page_id = @pageId, content_hash = @hash, severity = @severity,
            incident_start = @start, resolved_at = @resolved, postmortem_date = @pmdate, restricted = @restricted, json = @json,
            revision = revision + 1, imported_at = @importedAt, updated_at = @now
        WHERE id = @id
        """;

    private const string InsertRow = """
        INSERT INTO postmortems(id, title, source_kind, source_path, source_page_id, content_hash, severity, incident_start, resolved_at, postmortem_date, restricted, json, imported_at, updated_at)
        VALUES (@id, @title, @kind, @path, @pageId, @hash, @severity, @start, @resolved, @pmdate, @restricted, @json, @importedAt, @now)
        """;

    private static (string, object?)[] RowParameters(Postmortem p, DateTimeOffset now, DateTimeOffset importedAt)
    {
        var stored = p with { Source = p.Source with { ImportedAt = importedAt } };
        return
        [
            ("id", p.Id), ("title", p.Title), ("kind", p.Source.Kind), ("path", p.Source.Path), ("pageId", p.Source.PageId), ("hash", p.Source.ContentHash),
            ("severity", p.Severity), ("start", p.IncidentStart?.ToString()), ("resolved", p.ResolvedAt?.ToString()),
            ("pmdate", p.PostmortemDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("restricted", p.Restricted),
            ("json", PostmortemJson.Serialize(stored)), ("now", now), ("importedAt", importedAt),
        ];
    }

    /// <summary>Action items, timeline entries and services of one postmortem, in one round trip.</summary>
    private static void WriteChildren(NpgsqlConnection c, NpgsqlTransaction t, Postmortem p, bool replace)
    {
        using var batch = new NpgsqlBatch(c, t);
        if (replace)
        {
            foreach (var table in (string[])["action_items", "timeline_entries", "services"])
                batch.BatchCommands.Add(BatchCommand($"DELETE FROM {table} WHERE postmortem_id = @id", ("id", p.Id)));
        }
        for (var i = 0; i < p.ActionItems.Count; i++)
        {
            var a = p.ActionItems[i];
            batch.BatchCommands.Add(BatchCommand("INSERT INTO action_items(postmortem_id, ordinal, text, owner, due, status, ticket) VALUES (@id, @i, @text, @owner, @due, @status, @ticket)",
                ("id", p.Id), ("i", i), ("text", a.Text), ("owner", a.Owner), ("due", a.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("status", a.Status.ToString().ToLowerInvariant()), ("ticket", a.Ticket)));
        }
        for (var i = 0; i < p.Timeline.Count; i++)
        {
            var e = p.Timeline[i];
            batch.BatchCommands.Add(BatchCommand("INSERT INTO timeline_entries(postmortem_id, ordinal, at, at_text, text) VALUES (@id, @i, @at, @atText, @text)",
                ("id", p.Id), ("i", i), ("at", e.At?.ToString()), ("atText", e.AtText), ("text", e.Text)));
        }
        foreach (var service in p.Services.Distinct(StringComparer.OrdinalIgnoreCase))
            batch.BatchCommands.Add(BatchCommand("INSERT INTO services(postmortem_id, service) VALUES (@id, @service)", ("id", p.Id), ("service", service)));
        if (batch.BatchCommands.Count > 0) batch.ExecuteNonQuery();
    }

    /// <summary>Appends to the change log; the advisory lock is held to commit, so sequence order is commit order.</summary>
    private static void LogChanges(NpgsqlConnection c, NpgsqlTransaction t, string[] ids, bool deleted, DateTimeOffset now)
    {
        if (ids.Length == 0) return;
        Execute(c, t, "SELECT pg_advisory_xact_lock(@key)", ("key", ChangeLogLock));
        Execute(c, t, "INSERT INTO changes(postmortem_id, kind, at) SELECT id, @kind, @at FROM unnest(@ids::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n",
            ("ids", ids), ("kind", deleted ? "deleted" : "changed"), ("at", now));
        // Wakes replicas that LISTEN; delivered only on commit, and harmless when nobody listens.
        Execute(c, t, "NOTIFY pmsearch_changes");
    }

    public long LastChangeSeq() => Run(c => Scalar(c, null, "SELECT COALESCE(MAX(seq), 0) FROM changes") is long seq ? seq : 0);

    public IReadOnlyList<StoreChange> ChangesSince(long seq, int limit = 10_000) => Run(c =>
    {
        using var command = Command(c, null, "SELECT seq, postmortem_id, kind FROM changes WHERE seq > @seq ORDER BY seq LIMIT @limit", [("seq", seq), ("limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<StoreChange>();
        while (reader.Read()) list.Add(new StoreChange(reader.GetInt64(0), reader.GetString(1), reader.GetString(2) == "deleted"));
        return list;
    });

    public Postmortem? Get(string id) =>
        Run(c => Scalar(c, null, "SELECT json FROM postmortems WHERE id = @id", ("id", id)) is string json ? PostmortemStore.Parse(id, json) : null);

    public IReadOnlyList<Postmortem> WithTitle(string title) => Run(c =>
    {
        using var command = Command(c, null, """SELECT id, json FROM postmortems WHERE title = @title ORDER BY id COLLATE "C" LIMIT 50""", [("title", title)]);
        using var reader = command.ExecuteReader();
        var list = new List<Postmortem>();
        while (reader.Read()) list.Add(PostmortemStore.Parse(reader.GetString(0), reader.GetString(1)));
        return list;
    });

    public IReadOnlyList<Postmortem> All() => Run(c =>
    {
        // COLLATE "C": the same byte order as SQLite's, whatever the database's default collation.
        using var command = Command(c, null, """SELECT id, restricted, json FROM postmortems ORDER BY COALESCE(incident_start, postmortem_date, '') COLLATE "C", id COLLATE "C" """, []);
        using var reader = command.ExecuteReader();
        var list = new List<Postmortem>();
        var unreadable = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (reader.Read())
        {
            // One damaged row never costs the others: it is skipped and named in Unreadable.
            if (PostmortemStore.TryParse(reader.GetString(0), reader.GetString(2), out var postmortem)) list.Add(postmortem);
            else unreadable[reader.GetString(0)] = reader.GetBoolean(1);
        }
        _unreadable = unreadable;
        return list;
    });

    private IReadOnlyDictionary<string, bool> _unreadable = new Dictionary<string, bool>();

    public IReadOnlyDictionary<string, bool> Unreadable => _unreadable;

    public void MarkChanged() => Interlocked.Increment(ref _version);

    /// <summary>No cheap validity check on PostgreSQL 15 (no IS JSON): the last full read decides.</summary>
    public IReadOnlyDictionary<string, bool> ScanUnreadable() => _unreadable;

    /// <summary>The change log's last sequence: one indexed query (PostgreSQL has no connection-local data version).</summary>
    public long DataVersion() => LastChangeSeq();

    public bool IsVisible(string id, bool canSeeRestricted) => Run(c =>
        Scalar(c, null, canSeeRestricted ? "SELECT 1 FROM postmortems WHERE id = @id" : "SELECT 1 FROM postmortems WHERE id = @id AND NOT restricted", ("id", id)) is not null);

    public IReadOnlyList<PostmortemVersion> History(string id) => Run(c =>
    {
        using var command = Command(c, null, """
            SELECT version, postmortem_id, title, source_kind, source_path, content_hash, restricted, replaced_at, replaced_by, reason
            FROM postmortem_versions WHERE postmortem_id = @id ORDER BY version DESC
            """, [("id", id)]);
        using var reader = command.ExecuteReader();
        var list = new List<PostmortemVersion>();
        while (reader.Read())
        {
            list.Add(new PostmortemVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetBoolean(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8), reader.GetString(9)));
        }
        return list;
    });

    public Postmortem? Restore(string id, long version, string actor)
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        var restored = Retrying(c =>
        {
            using var transaction = c.BeginTransaction();
            if (Scalar(c, transaction, "SELECT json FROM postmortem_versions WHERE postmortem_id = @id AND version = @v", ("id", id), ("v", version)) is not string json
                || !PostmortemStore.TryParse(id, json, out var parsed))
                return null;
            var p = parsed with { Id = id };
            var exists = Scalar(c, transaction, "SELECT 1 FROM postmortems WHERE id = @id FOR UPDATE", ("id", id)) is not null;
            if (exists)
            {
                KeepVersion(c, transaction, id, now, actor, "restored");
                Execute(c, transaction, UpdateRow, RowParameters(p, now, now));
            }
            else
            {
                Execute(c, transaction, InsertRow, RowParameters(p, now, now));
            }
            WriteChildren(c, transaction, p, replace: exists);
            Execute(c, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, 'restore', @id, @detail)",
                ("at", now), ("actor", actor), ("id", id), ("detail", string.Create(CultureInfo.InvariantCulture, $"version {version}")));
            LogChanges(c, transaction, [id], deleted: false, now);
            transaction.Commit();
            return p with { Source = p.Source with { ImportedAt = now } };
        });
        if (restored is not null) Interlocked.Increment(ref _version);
        return restored;
    }

    public int Count(bool includeRestricted = true) => Run(c =>
        Convert.ToInt32(Scalar(c, null, includeRestricted ? "SELECT COUNT(*) FROM postmortems" : "SELECT COUNT(*) FROM postmortems WHERE NOT restricted"), CultureInfo.InvariantCulture));

    public bool Delete(string id, string actor)
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        var removed = Retrying(c =>
        {
            using var transaction = c.BeginTransaction();
            KeepVersion(c, transaction, id, now, actor, "deleted");
            var gone = Execute(c, transaction, "DELETE FROM postmortems WHERE id = @id", ("id", id)) > 0;
            if (gone)
            {
                Execute(c, transaction, "INSERT INTO audit_log(at, actor, action, target) VALUES (@at, @actor, 'delete', @id)", ("at", now), ("actor", actor), ("id", id));
                LogChanges(c, transaction, [id], deleted: true, now);
            }
            transaction.Commit();
            return gone;
        });
        if (removed) Interlocked.Increment(ref _version);
        return removed;
    }

    public void Audit(string actor, string action, string? target, string? detail) => Run(c =>
        Execute(c, null, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, @action, @target, @detail)",
            ("at", _time.GetUtcNow().ToUniversalTime()), ("actor", actor), ("action", action), ("target", target), ("detail", detail)));

    public IReadOnlyList<AuditEntry> AuditLog(int limit = 100) => Run(c =>
    {
        using var command = Command(c, null, "SELECT seq, at, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT @limit", [("limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<AuditEntry>();
        while (reader.Read())
        {
            list.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return list;
    });

    public IReadOnlyList<ImportLogEntry> ImportLog(int limit = 100) => Run(c =>
    {
        using var command = Command(c, null, "SELECT seq, at, actor, path, status, postmortem_id, error FROM import_log ORDER BY seq DESC LIMIT @limit", [("limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<ImportLogEntry>();
        while (reader.Read())
        {
            list.Add(new ImportLogEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return list;
    });

    public void Dispose() => _source.Dispose();
}
