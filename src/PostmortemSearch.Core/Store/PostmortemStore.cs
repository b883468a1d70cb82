using System.Globalization;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Store;

/// <summary>What saving one postmortem did.</summary>
public enum SaveStatus { Imported, Updated, Unchanged }

public sealed record SaveResult(string Id, SaveStatus Status);

/// <summary>One entry of the change log: <paramref name="Id"/> was written (or deleted) at sequence <paramref name="Seq"/>.</summary>
public sealed record StoreChange(long Seq, string Id, bool Deleted);

public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);

/// <summary>
/// The system of record: one SQLite file in WAL mode. Each batch is one transaction, so a crash leaves the store
/// as it was before the batch. Writers are serialised by SQLite (BEGIN IMMEDIATE with a busy timeout);
/// readers never see a half-written batch.
/// </summary>
public sealed class PostmortemStore : IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _keepAlive;

    private PostmortemStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
        _keepAlive = Open();
    }

    public string Path { get; private init; } = "";

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and applies pending migrations.</summary>
    public static PostmortemStore Open(string path, TimeProvider? time = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        var store = new PostmortemStore(builder.ToString(), time ?? TimeProvider.System) { Path = full };
        store.Migrate();
        return store;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Migrate()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Migrations.Steps.Length)
            throw new InvalidOperationException($"{Path} was written by a newer PostmortemSearch (schema {version}; this version knows {Migrations.Steps.Length})");
        for (var step = version; step < Migrations.Steps.Length; step++)
        {
            Execute(connection, transaction, Migrations.Steps[step]);
            Execute(connection, transaction, $"PRAGMA user_version = {step + 1}");
        }
        transaction.Commit();
    }

    /// <summary>Saves a batch in one transaction: new ids are imported, changed content updated, identical content left alone.</summary>
    public IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null)
    {
        var now = _time.GetUtcNow();
        var results = new List<SaveResult>(batch.Count);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var postmortem in batch)
        {
            var existing = Scalar(connection, transaction, "SELECT content_hash FROM postmortems WHERE id = $id", ("$id", postmortem.Id)) as string;
            SaveStatus status;
            if (existing is null) status = SaveStatus.Imported;
            else if (existing == postmortem.Source.ContentHash) status = SaveStatus.Unchanged;
            else status = SaveStatus.Updated;
            if (status != SaveStatus.Unchanged) Write(connection, transaction, postmortem, now, status == SaveStatus.Imported);
            Execute(connection, transaction, "INSERT INTO import_log(at, actor, path, status, postmortem_id) VALUES ($at, $actor, $path, $status, $id)",
                ("$at", Iso(now)), ("$actor", actor), ("$path", postmortem.Source.Path), ("$status", status.ToString().ToLowerInvariant()), ("$id", postmortem.Id));
            results.Add(new SaveResult(postmortem.Id, status));
        }
        foreach (var (path, error) in rejected ?? [])
        {
            Execute(connection, transaction, "INSERT INTO import_log(at, actor, path, status, error) VALUES ($at, $actor, $path, 'rejected', $error)",
                ("$at", Iso(now)), ("$actor", actor), ("$path", path), ("$error", error));
        }
        var changed = results.Count(r => r.Status != SaveStatus.Unchanged);
        Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, 'import', NULL, $detail)",
            ("$at", Iso(now)), ("$actor", actor),
            ("$detail", $"{results.Count(r => r.Status == SaveStatus.Imported)} imported, {results.Count(r => r.Status == SaveStatus.Updated)} updated, {results.Count(r => r.Status == SaveStatus.Unchanged)} unchanged, {rejected?.Count ?? 0} rejected"));
        transaction.Commit();
        if (changed > 0) Interlocked.Increment(ref _version);
        return results;
    }

    private long _version;

    /// <summary>Bumped by every committed change made through this instance (caches compare it).</summary>
    public long Version => Interlocked.Read(ref _version);

    private static void Write(SqliteConnection c, SqliteTransaction t, Postmortem p, DateTimeOffset now, bool isNew)
    {
        var stored = p with { Source = p.Source with { ImportedAt = now } };
        if (!isNew) Execute(c, t, "DELETE FROM postmortems WHERE id = $id", ("$id", p.Id));
        Execute(c, t, """
            INSERT INTO postmortems(id, title, source_kind, source_path, content_hash, severity, incident_start, resolved_at, postmortem_date, restricted, json, imported_at, updated_at)
            VALUES ($id, $title, $kind, $path, $hash, $severity, $start, $resolved, $pmdate, $restricted, $json, $now, $now)
            """,
            ("$id", p.Id), ("$title", p.Title), ("$kind", p.Source.Kind), ("$path", p.Source.Path), ("$hash", p.Source.ContentHash),
            ("$severity", p.Severity), ("$start", p.IncidentStart?.ToString()), ("$resolved", p.ResolvedAt?.ToString()),
            ("$pmdate", p.PostmortemDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("$restricted", p.Restricted ? 1 : 0),
            ("$json", PostmortemJson.Serialize(stored)), ("$now", Iso(now)));
        for (var i = 0; i < p.ActionItems.Count; i++)
        {
            var a = p.ActionItems[i];
            Execute(c, t, "INSERT INTO action_items(postmortem_id, ordinal, text, owner, due, status, ticket) VALUES ($id, $i, $text, $owner, $due, $status, $ticket)",
                ("$id", p.Id), ("$i", i), ("$text", a.Text), ("$owner", a.Owner), ("$due", a.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("$status", a.Status.ToString().ToLowerInvariant()), ("$ticket", a.Ticket));
        }
        for (var i = 0; i < p.Timeline.Count; i++)
        {
            var e = p.Timeline[i];
            Execute(c, t, "INSERT INTO timeline_entries(postmortem_id, ordinal, at, at_text, text) VALUES ($id, $i, $at, $atText, $text)",
                ("$id", p.Id), ("$i", i), ("$at", e.At?.ToString()), ("$atText", e.AtText), ("$text", e.Text));
        }
        foreach (var service in p.Services.Distinct(StringComparer.OrdinalIgnoreCase))
            Execute(c, t, "INSERT INTO services(postmortem_id, service) VALUES ($id, $service)", ("$id", p.Id), ("$service", service));
        LogChange(c, t, p.Id, deleted: false, now);
    }

    private static void LogChange(SqliteConnection c, SqliteTransaction t, string id, bool deleted, DateTimeOffset now) =>
        Execute(c, t, "INSERT INTO changes(postmortem_id, kind, at) VALUES ($id, $kind, $at)",
            ("$id", id), ("$kind", deleted ? "deleted" : "changed"), ("$at", Iso(now)));

    /// <summary>The sequence of the last committed change (0 for a store that never changed); seen by every process and replica.</summary>
    public long LastChangeSeq()
    {
        using var connection = Open();
        return Convert.ToInt64(Scalar(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM changes"), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Changes after <paramref name="seq"/>, oldest first, at most <paramref name="limit"/>. An id written several times
    /// appears once per write: a reader applies them in order (the last one wins).
    /// </summary>
    public IReadOnlyList<StoreChange> ChangesSince(long seq, int limit = 10_000)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT seq, postmortem_id, kind FROM changes WHERE seq > $seq ORDER BY seq LIMIT $limit",
            [("$seq", seq), ("$limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<StoreChange>();
        while (reader.Read()) list.Add(new StoreChange(reader.GetInt64(0), reader.GetString(1), reader.GetString(2) == "deleted"));
        return list;
    }

    public Postmortem? Get(string id)
    {
        using var connection = Open();
        return Scalar(connection, null, "SELECT json FROM postmortems WHERE id = $id", ("$id", id)) is string json ? PostmortemJson.Deserialize(json) : null;
    }

    /// <summary>Postmortems with exactly this title (an upload of a file the CLI imported is found by its title, then compared).</summary>
    public IReadOnlyList<Postmortem> WithTitle(string title)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM postmortems WHERE title = $title ORDER BY id LIMIT 50";
        command.Parameters.AddWithValue("$title", title);
        var list = new List<Postmortem>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add(PostmortemJson.Deserialize(reader.GetString(0)));
        return list;
    }

    /// <summary>Every postmortem, ordered by incident start then id (a consistent snapshot: one read transaction).</summary>
    public IReadOnlyList<Postmortem> All()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT json FROM postmortems ORDER BY COALESCE(incident_start, postmortem_date, ''), id";
        var list = new List<Postmortem>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add(PostmortemJson.Deserialize(reader.GetString(0)));
        return list;
    }

    public int Count(bool includeRestricted = true)
    {
        using var connection = Open();
        var sql = includeRestricted ? "SELECT COUNT(*) FROM postmortems" : "SELECT COUNT(*) FROM postmortems WHERE restricted = 0";
        return Convert.ToInt32(Scalar(connection, null, sql), CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes a postmortem; the deletion is written to the audit log with the actor.</summary>
    public bool Delete(string id, string actor)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var removed = Execute(connection, transaction, "DELETE FROM postmortems WHERE id = $id", ("$id", id)) > 0;
        if (removed)
        {
            Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target) VALUES ($at, $actor, 'delete', $id)",
                ("$at", Iso(_time.GetUtcNow())), ("$actor", actor), ("$id", id));
            LogChange(connection, transaction, id, deleted: true, _time.GetUtcNow());
        }
        transaction.Commit();
        if (removed) Interlocked.Increment(ref _version);
        return removed;
    }

    /// <summary>Records an audited action that changed nothing in the postmortems table (e.g. a rejected upload).</summary>
    public void Audit(string actor, string action, string? target, string? detail)
    {
        using var connection = Open();
        Execute(connection, null, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, $action, $target, $detail)",
            ("$at", Iso(_time.GetUtcNow())), ("$actor", actor), ("$action", action), ("$target", target), ("$detail", detail));
    }

    public IReadOnlyList<AuditEntry> AuditLog(int limit = 100)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<AuditEntry>();
        while (reader.Read())
        {
            list.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return list;
    }

    /// <summary>An online, consistent copy of the store (SQLite backup API); safe while the service reads and writes.</summary>
    public void Backup(string destination)
    {
        var full = System.IO.Path.GetFullPath(destination);
        if (string.Equals(full, Path, StringComparison.Ordinal)) throw new ArgumentException("the backup file must differ from the store itself", nameof(destination));
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        if (File.Exists(full)) File.Delete(full);
        using var source = Open();
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        target.Open();
        source.BackupDatabase(target);
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c>; "ok" when the file is sound.</summary>
    public string IntegrityCheck()
    {
        using var connection = Open();
        return Scalar(connection, null, "PRAGMA integrity_check") as string ?? "no answer";
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);

    private static object? Scalar(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static int Execute(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
