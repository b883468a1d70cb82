using System.Globalization;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Store;

/// <summary>What saving one postmortem did; <see cref="SaveStatus.Refused"/> carries the reason in <see cref="SaveResult.Reason"/>.</summary>
public enum SaveStatus { Imported, Updated, Unchanged, Refused }

/// <summary>
/// One postmortem of a batch: the id it was stored under (not always the id it arrived with: see
/// <see cref="PostmortemStore.SaveBatch"/>), and for a refused one, why.
/// </summary>
public sealed record SaveResult(string Id, SaveStatus Status, string? Reason = null);

/// <summary>A saved batch, with the change-log sequence before and after it (read inside its transaction).</summary>
public sealed record SaveOutcome(IReadOnlyList<SaveResult> Results, long SeqBefore, long SeqAfter);

/// <summary>One kept previous version of a postmortem (replaced by an update, a delete or a restore).</summary>
public sealed record PostmortemVersion(long Version, string PostmortemId, string Title, string SourceKind, string SourcePath,
    string ContentHash, bool Restricted, DateTimeOffset ReplacedAt, string ReplacedBy, string Reason);

/// <summary>One entry of the change log: <paramref name="Id"/> was written (or deleted) at sequence <paramref name="Seq"/>.</summary>
public sealed record StoreChange(long Seq, string Id, bool Deleted);

public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);

/// <summary>
/// The system of record: one SQLite file in WAL mode. Each batch is one transaction, so a crash leaves the store
/// as it was before the batch. Writers are serialised by SQLite (BEGIN IMMEDIATE with a busy timeout);
/// readers never see a half-written batch.
/// </summary>
public sealed partial class PostmortemStore : IPostmortemStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _keepAlive;
    private readonly long? _maxBytes;
    private long _maxPages;   // from _maxBytes and the file's page size, on the first open

    private PostmortemStore(string connectionString, TimeProvider time, long? maxBytes)
    {
        _connectionString = connectionString;
        _time = time;
        _maxBytes = maxBytes;
        _keepAlive = Open();
    }

    /// <summary>The variable that caps a SQLite store's size, in MB (unset: no cap but the disk's).</summary>
    public const string MaxSizeVariable = "PMSEARCH_MAX_STORE_MB";

    /// <summary>
    /// The cap <paramref name="value"/> (of <see cref="MaxSizeVariable"/>) names, in bytes: null when unset; a value that
    /// is not a positive whole number of MB is an error, not "no cap".
    /// </summary>
    public static long? MaxSizeFrom(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb is > 0 and < long.MaxValue / (1024 * 1024)) return mb * 1024 * 1024;
        throw new FormatException($"{MaxSizeVariable}={value} is not a size in MB (a positive whole number, e.g. 2048)");
    }

    public string Path { get; private init; } = "";

    public string Location => Path;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and applies pending migrations.</summary>
    /// <remarks>
    /// With <paramref name="maxBytes"/> the file never grows past that size: a write that would fails as a full disk
    /// does (SQLITE_FULL), its transaction rolled back, so an operator can keep the store from filling a shared disk.
    /// </remarks>
    public static PostmortemStore Open(string path, TimeProvider? time = null, long? maxBytes = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        var store = new PostmortemStore(builder.ToString(), time ?? TimeProvider.System, maxBytes) { Path = full };
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
        if (_maxBytes is { } max)
        {
            // max_page_count is per connection (never below the file's current size); set on every open, pooled or not.
            // The page size is fixed once the file exists: asked on the first open only.
            if (_maxPages == 0)
            {
                pragma.CommandText = "PRAGMA page_size";
                _maxPages = Math.Max(1, max / Convert.ToInt64(pragma.ExecuteScalar(), CultureInfo.InvariantCulture));
            }
            pragma.CommandText = $"PRAGMA max_page_count = {_maxPages}";
            pragma.ExecuteNonQuery();
        }
        return connection;
    }

    private void Migrate()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Migrations.Steps.Length)
            throw new StoreVersionException($"{Path} was written by a newer PostmortemSearch (store schema {version}; this version knows up to {Migrations.Steps.Length}); use that version or a newer one");
        for (var step = version; step < Migrations.Steps.Length; step++)
        {
            Execute(connection, transaction, Migrations.Steps[step]);
            Execute(connection, transaction, $"PRAGMA user_version = {step + 1}");
        }
        transaction.Commit();
    }

    /// <summary>Saves a batch in one transaction: new ids are imported, changed content updated, identical content left alone.</summary>
    public IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null,
        bool canSeeRestricted = true) => Save(batch, actor, rejected, canSeeRestricted).Results;

    /// <summary>
    /// Saves a batch in one transaction. Who may update what (the import rights; the rule lives here, inside the
    /// transaction, so it holds however ids were derived):
    /// <list type="bullet">
    /// <item>an id that is not a valid postmortem id (<see cref="PostmortemIds"/>) is refused;</item>
    /// <item>an existing postmortem is updated only from the same source identity (kind, the source's own page id,
    /// else its path); another source is refused with the reason — an admin deletes or restores instead;</item>
    /// <item>a restricted postmortem the caller may not see is never touched: the incoming document is stored as a
    /// new postmortem under an id derived from its own source, and the answer is "imported" exactly as if the hidden
    /// id did not exist (no existence oracle);</item>
    /// <item>every update keeps the previous version in <c>postmortem_versions</c>.</item>
    /// </list>
    /// </summary>
    public SaveOutcome Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null, bool canSeeRestricted = true)
    {
        var now = _time.GetUtcNow();
        var results = new List<SaveResult>(batch.Count);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var before = MaxSeq(connection, transaction);
        // The batch's import_log rows are linked to its audit entry below (the write lock makes "after this seq" exact).
        var logBefore = Convert.ToInt64(Scalar(connection, transaction, "SELECT COALESCE(MAX(seq), 0) FROM import_log"), CultureInfo.InvariantCulture);
        foreach (var incoming in batch)
        {
            var (postmortem, status, reason) = Decide(connection, transaction, incoming, canSeeRestricted);
            if (status is SaveStatus.Imported or SaveStatus.Updated) Write(connection, transaction, postmortem, now, isNew: status == SaveStatus.Imported, actor);
            Execute(connection, transaction, "INSERT INTO import_log(at, actor, path, status, postmortem_id, error) VALUES ($at, $actor, $path, $status, $id, $error)",
                ("$at", Iso(now)), ("$actor", actor), ("$path", incoming.Source.Path), ("$status", status.ToString().ToLowerInvariant()), ("$id", postmortem.Id), ("$error", reason));
            results.Add(new SaveResult(postmortem.Id, status, reason));
        }
        foreach (var (path, error) in rejected ?? [])
        {
            Execute(connection, transaction, "INSERT INTO import_log(at, actor, path, status, error) VALUES ($at, $actor, $path, 'rejected', $error)",
                ("$at", Iso(now)), ("$actor", actor), ("$path", path), ("$error", error));
        }
        var changed = results.Count(r => r.Status is SaveStatus.Imported or SaveStatus.Updated);
        Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, 'import', NULL, $detail)",
            ("$at", Iso(now)), ("$actor", actor),
            ("$detail", $"{results.Count(r => r.Status == SaveStatus.Imported)} imported, {results.Count(r => r.Status == SaveStatus.Updated)} updated, {results.Count(r => r.Status == SaveStatus.Unchanged)} unchanged, {results.Count(r => r.Status == SaveStatus.Refused) + (rejected?.Count ?? 0)} rejected"));
        Execute(connection, transaction, "UPDATE import_log SET audit_seq = last_insert_rowid() WHERE seq > $before", ("$before", logBefore));
        var after = MaxSeq(connection, transaction);
        transaction.Commit();
        if (changed > 0) Interlocked.Increment(ref _version);
        return new SaveOutcome(results, before, after);
    }

    internal sealed record ExistingRow(string Kind, string Path, string? PageId, string ContentHash, bool Restricted);

    private static (Postmortem Postmortem, SaveStatus Status, string? Reason) Decide(SqliteConnection c, SqliteTransaction t, Postmortem incoming, bool canSeeRestricted)
    {
        if (!PostmortemIds.IsValid(incoming.Id))
            return (incoming, SaveStatus.Refused, $"the id '{Shorten(incoming.Id)}' is not a valid postmortem id ({PostmortemIds.Rule})");
        var postmortem = incoming;
        var existing = Existing(c, t, postmortem.Id);
        if (existing is { Restricted: true } && !canSeeRestricted)
        {
            // Answer as if the hidden id did not exist: the document becomes its own postmortem.
            postmortem = incoming with { Id = RehomedId(incoming) };
            existing = Existing(c, t, postmortem.Id);
            if (existing is { Restricted: true } || (existing is not null && !SameSource(existing, postmortem)))
                return (incoming, SaveStatus.Refused, "this document cannot be imported with this key: ask an admin");
        }
        if (existing is null) return (postmortem, SaveStatus.Imported, null);
        if (!SameSource(existing, postmortem))
            return (postmortem, SaveStatus.Refused, OtherSource(postmortem.Id, existing));
        return existing.ContentHash == postmortem.Source.ContentHash ? (postmortem, SaveStatus.Unchanged, null) : (postmortem, SaveStatus.Updated, null);
    }

    private static ExistingRow? Existing(SqliteConnection c, SqliteTransaction t, string id)
    {
        using var command = Command(c, t, "SELECT source_kind, source_path, source_page_id, content_hash, restricted FROM postmortems WHERE id = $id", [("$id", id)]);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new ExistingRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt64(4) != 0);
    }

    /// <summary>Why an import may not update <paramref name="id"/> (shared by both backends).</summary>
    internal static string OtherSource(string id, ExistingRow existing) =>
        $"the id '{id}' belongs to a postmortem imported from another source ({existing.Kind} {existing.Path}); an import may update a postmortem only from its own source — an admin can delete it first";

    /// <summary>
    /// The same source: the same page id of its own from the same tool (any of its export kinds); without one, the same
    /// kind and path (one may be the other's tail: the file imported from another working directory, or uploaded by its name).
    /// </summary>
    internal static bool SameSource(ExistingRow existing, Postmortem incoming)
    {
        if (!string.Equals(existing.PageId, incoming.Source.PageId, StringComparison.Ordinal)) return false;
        // The page's own id: the same page whichever export of that tool it came in (a space re-exported as XML).
        if (existing.PageId is not null) return SourceKinds.Family(existing.Kind) == SourceKinds.Family(incoming.Source.Kind);
        if (!string.Equals(existing.Kind, incoming.Source.Kind, StringComparison.Ordinal)) return false;
        var a = existing.Path.Replace('\\', '/');
        var b = incoming.Source.Path.Replace('\\', '/');
        return a == b || a.EndsWith("/" + b, StringComparison.Ordinal) || b.EndsWith("/" + a, StringComparison.Ordinal);
    }

    /// <summary>The id a document gets when its own id is held by a postmortem the importer may not see: derived from the document's own source, so its re-import updates it.</summary>
    internal static string RehomedId(Postmortem p)
    {
        var key = $"{p.Id}\n{p.Source.Kind}\n{p.Source.PageId ?? p.Source.Path}";
        return "pm-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
    }

    internal static string Shorten(string id)
    {
        var clean = new string([.. id.Where(ch => !char.IsControl(ch))]);
        return clean.Length > 60 ? clean[..60] + "…" : clean;
    }

    private static long MaxSeq(SqliteConnection c, SqliteTransaction? t) =>
        Convert.ToInt64(Scalar(c, t, "SELECT COALESCE(MAX(seq), 0) FROM changes"), CultureInfo.InvariantCulture);

    /// <summary>Tells caches that the store changed through another process (the catalog's catch-up found changes).</summary>
    public void MarkChanged() => Interlocked.Increment(ref _version);

    private long _version;

    /// <summary>Bumped by every committed change made through this instance (caches compare it).</summary>
    public long Version => Interlocked.Read(ref _version);

    private static void Write(SqliteConnection c, SqliteTransaction t, Postmortem p, DateTimeOffset now, bool isNew, string actor, string reason = "updated")
    {
        var stored = p with { Source = p.Source with { ImportedAt = now } };
        if (!isNew)
        {
            KeepVersion(c, t, p.Id, now, actor, reason);
            Execute(c, t, "DELETE FROM postmortems WHERE id = $id", ("$id", p.Id));
        }
        Execute(c, t, """
            INSERT INTO postmortems(id, title, source_kind, source_path, source_page_id, content_hash, severity, incident_start, resolved_at, postmortem_date, restricted, json, imported_at, updated_at)
            VALUES ($id, $title, $kind, $path, $pageId, $hash, $severity, $start, $resolved, $pmdate, $restricted, $json, $now, $now)
            """,
            ("$id", p.Id), ("$title", p.Title), ("$kind", p.Source.Kind), ("$path", p.Source.Path), ("$pageId", p.Source.PageId), ("$hash", p.Source.ContentHash),
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

    /// <summary>Copies the current row of <paramref name="id"/> (its JSON as stored, read or not) into the version history.</summary>
    private static void KeepVersion(SqliteConnection c, SqliteTransaction t, string id, DateTimeOffset now, string actor, string reason) =>
        Execute(c, t, """
            INSERT INTO postmortem_versions(postmortem_id, title, source_kind, source_path, content_hash, restricted, json, replaced_at, replaced_by, reason)
            SELECT id, title, source_kind, source_path, content_hash, restricted, json, $at, $actor, $reason FROM postmortems WHERE id = $id
            """, ("$id", id), ("$at", Iso(now)), ("$actor", actor), ("$reason", reason));

    /// <summary>Kept versions of <paramref name="id"/>, newest first (admins list them to restore one).</summary>
    public IReadOnlyList<PostmortemVersion> History(string id)
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT version, postmortem_id, title, source_kind, source_path, content_hash, restricted, replaced_at, replaced_by, reason
            FROM postmortem_versions WHERE postmortem_id = $id ORDER BY version DESC
            """, [("$id", id)]);
        using var reader = command.ExecuteReader();
        var list = new List<PostmortemVersion>();
        while (reader.Read())
        {
            list.Add(new PostmortemVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt64(6) != 0, DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture), reader.GetString(8), reader.GetString(9)));
        }
        return list;
    }

    /// <summary>
    /// Makes kept version <paramref name="version"/> of <paramref name="id"/> the current postmortem again (the current
    /// one, if any, is kept as a version first). Null when there is no such version or it cannot be read.
    /// </summary>
    public Postmortem? Restore(string id, long version, string actor)
    {
        var now = _time.GetUtcNow();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (Scalar(connection, transaction, "SELECT json FROM postmortem_versions WHERE postmortem_id = $id AND version = $v", ("$id", id), ("$v", version)) is not string json)
            return null;
        Postmortem restored;
        try
        {
            restored = PostmortemJson.Deserialize(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        restored = restored with { Id = id };
        var exists = Scalar(connection, transaction, "SELECT 1 FROM postmortems WHERE id = $id", ("$id", id)) is not null;
        Write(connection, transaction, restored, now, isNew: !exists, actor, reason: "restored");
        Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, 'restore', $id, $detail)",
            ("$at", Iso(now)), ("$actor", actor), ("$id", id), ("$detail", string.Create(CultureInfo.InvariantCulture, $"version {version}")));
        transaction.Commit();
        Interlocked.Increment(ref _version);
        return restored;
    }

    private static void LogChange(SqliteConnection c, SqliteTransaction t, string id, bool deleted, DateTimeOffset now) =>
        Execute(c, t, "INSERT INTO changes(postmortem_id, kind, at) VALUES ($id, $kind, $at)",
            ("$id", id), ("$kind", deleted ? "deleted" : "changed"), ("$at", Iso(now)));

    private readonly Lock _keepAliveLock = new();

    /// <summary>
    /// SQLite's <c>PRAGMA data_version</c> on this store's long-lived connection: it differs between two calls when any
    /// other connection — another process or this one's pooled writers — committed in between. A few microseconds, so
    /// readers can ask it before every read instead of querying the change log.
    /// </summary>
    public long DataVersion()
    {
        lock (_keepAliveLock)
        {
            using var command = _keepAlive.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

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

    /// <summary>The postmortem, or null when there is none; throws <see cref="UnreadablePostmortemException"/> for a damaged row.</summary>
    public Postmortem? Get(string id)
    {
        using var connection = Open();
        return Scalar(connection, null, "SELECT json FROM postmortems WHERE id = $id", ("$id", id)) is string json ? Parse(id, json) : null;
    }

    /// <summary>Postmortems with exactly this title (an upload of a file the CLI imported is found by its title, then compared).</summary>
    public IReadOnlyList<Postmortem> WithTitle(string title)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, json FROM postmortems WHERE title = $title ORDER BY id LIMIT 50";
        command.Parameters.AddWithValue("$title", title);
        var list = new List<Postmortem>();
        using var reader = command.ExecuteReader();
        // a damaged row is no match (it is reported elsewhere)
        while (reader.Read()) if (TryParse(reader.GetString(0), reader.GetString(1), out var postmortem)) list.Add(postmortem);
        return list;
    }

    /// <summary>
    /// Whether <paramref name="id"/> exists for a caller (restricted rows only with <paramref name="canSeeRestricted"/>),
    /// answered from the primary key and the restricted column without reading the row's JSON, so an unknown and a
    /// hidden id take the same time.
    /// </summary>
    public bool IsVisible(string id, bool canSeeRestricted)
    {
        using var connection = Open();
        var sql = canSeeRestricted ? "SELECT 1 FROM postmortems WHERE id = $id" : "SELECT 1 FROM postmortems WHERE id = $id AND restricted = 0";
        return Scalar(connection, null, sql, ("$id", id)) is not null;
    }

    /// <summary>
    /// Every readable postmortem, ordered by incident start then id (a consistent snapshot: one read transaction).
    /// A row that cannot be read is skipped and named in <see cref="Unreadable"/>; one bad row never costs the others.
    /// </summary>
    public IReadOnlyList<Postmortem> All()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var list = new List<Postmortem>();
        var unreadable = new Dictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            using var command = Command(connection, transaction, "SELECT id, restricted, json FROM postmortems ORDER BY COALESCE(incident_start, postmortem_date, ''), id", []);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (TryParse(id, reader.GetString(2), out var postmortem)) list.Add(postmortem);
                else unreadable[id] = reader.GetInt64(1) != 0;
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT / SQLITE_NOTADB mid-scan: read row by row so that only the damaged rows are lost.
            list.Clear();
            unreadable.Clear();
            ReadRowByRow(connection, transaction, list, unreadable);
        }
        _unreadable = unreadable;
        return list;
    }

    private static void ReadRowByRow(SqliteConnection connection, SqliteTransaction transaction, List<Postmortem> list, Dictionary<string, bool> unreadable)
    {
        var ids = new List<string>();
        using (var command = Command(connection, transaction, "SELECT id FROM postmortems ORDER BY COALESCE(incident_start, postmortem_date, ''), id", []))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) ids.Add(reader.GetString(0));
        }
        foreach (var id in ids)
        {
            try
            {
                using var command = Command(connection, transaction, "SELECT restricted, json FROM postmortems WHERE id = $id", [("$id", id)]);
                using var reader = command.ExecuteReader();
                if (!reader.Read()) continue;
                var restricted = reader.GetInt64(0) != 0;
                if (TryParse(id, reader.GetString(1), out var postmortem)) list.Add(postmortem);
                else unreadable[id] = restricted;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
            {
                unreadable[id] = true;
            }
        }
    }

    private IReadOnlyDictionary<string, bool> _unreadable = new Dictionary<string, bool>();

    /// <summary>
    /// Finds the rows whose JSON is not well-formed without deserialising every row (SQLite's json_valid) and adds them
    /// to <see cref="Unreadable"/>: a store opened for a search (its index is persistent, so nothing reads every row)
    /// still knows and names them. A damaged page makes the scan itself fail: then a full read decides.
    /// </summary>
    public IReadOnlyDictionary<string, bool> ScanUnreadable()
    {
        using var connection = Open();
        var found = new Dictionary<string, bool>(_unreadable, StringComparer.Ordinal);
        try
        {
            using var command = Command(connection, null, "SELECT id, restricted FROM postmortems WHERE NOT json_valid(json)", []);
            using var reader = command.ExecuteReader();
            while (reader.Read()) found[reader.GetString(0)] = reader.GetInt64(1) != 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            All();
            return _unreadable;
        }
        _unreadable = found;
        return found;
    }

    /// <summary>Ids of the rows the last full read (<see cref="All"/>) could not read, with whether each is restricted.</summary>
    public IReadOnlyDictionary<string, bool> Unreadable => _unreadable;

    internal static Postmortem Parse(string id, string json)
    {
        try
        {
            return PostmortemJson.Deserialize(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new UnreadablePostmortemException(id, "its stored JSON is damaged");
        }
    }

    internal static bool TryParse(string id, string json, out Postmortem postmortem)
    {
        try
        {
            postmortem = Parse(id, json);
            return true;
        }
        catch (UnreadablePostmortemException)
        {
            postmortem = null!;
            return false;
        }
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
        KeepVersion(connection, transaction, id, _time.GetUtcNow(), actor, "deleted");
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

    public IReadOnlyList<ImportLogEntry> ImportLog(int limit = 100)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT seq, at, actor, path, status, postmortem_id, error FROM import_log ORDER BY seq DESC LIMIT $limit", [("$limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<ImportLogEntry>();
        while (reader.Read())
        {
            list.Add(new ImportLogEntry(reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
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
