using Npgsql;

namespace PostmortemSearch.Core.Store;

/// <summary><c>pmsearch migrate --to postgresql://…</c>: an existing store (usually the SQLite file) moved into this database.</summary>
public sealed partial class PostgresPostmortemStore
{
    /// <summary>How many postmortems are copied between progress reports.</summary>
    public const int CopyProgressStep = 500;

    /// <summary>
    /// Copies every postmortem of <paramref name="source"/> (with its original import time), its import log and its
    /// audit log into this database, which must be empty, in ONE transaction: an interrupted migration leaves the
    /// target empty, so running it again is the whole recovery. <paramref name="progress"/> hears (copied, total).
    /// Returns how many postmortems were copied.
    /// </summary>
    public int CopyFrom(IPostmortemStore source, string actor, Action<int, int>? progress = null)
    {
        var postmortems = source.All();
        var imports = source.ImportLog(int.MaxValue);
        var audit = source.AuditLog(int.MaxValue);
        var now = _time.GetUtcNow().ToUniversalTime();
        var copied = Retrying(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var held = Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM postmortems"), System.Globalization.CultureInfo.InvariantCulture);
            var changes = Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM changes"), System.Globalization.CultureInfo.InvariantCulture);
            if (held > 0 || changes > 0)
                throw new StoreNotEmptyException($"{Location} already holds {held} postmortem(s) and {changes} change(s); migrate into an empty database (drop and create it again)");
            for (var i = 0; i < postmortems.Count; i++)
            {
                var p = postmortems[i];
                SaveOne(connection, transaction, p, canSeeRestricted: true, now, p.Source.ImportedAt?.ToUniversalTime() ?? now, actor);
                if ((i + 1) % CopyProgressStep == 0 || i + 1 == postmortems.Count) progress?.Invoke(i + 1, postmortems.Count);
            }
            // The logs oldest first, so their new sequence numbers keep the original order.
            using (var logs = new NpgsqlBatch(connection, transaction))
            {
                foreach (var row in imports.Reverse())
                {
                    logs.BatchCommands.Add(BatchCommand("INSERT INTO import_log(at, actor, path, status, postmortem_id, error) VALUES (@at, @actor, @path, @status, @id, @error)",
                        ("at", row.At.ToUniversalTime()), ("actor", row.Actor), ("path", row.Path), ("status", row.Status), ("id", row.PostmortemId), ("error", row.Error)));
                }
                foreach (var entry in audit.Reverse())
                {
                    logs.BatchCommands.Add(BatchCommand("INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, @action, @target, @detail)",
                        ("at", entry.At.ToUniversalTime()), ("actor", entry.Actor), ("action", entry.Action), ("target", entry.Target), ("detail", entry.Detail)));
                }
                logs.BatchCommands.Add(BatchCommand("INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, 'migrate', @target, @detail)",
                    ("at", now), ("actor", actor), ("target", source.Location),
                    ("detail", $"{postmortems.Count} postmortem(s), {imports.Count} import-log row(s), {audit.Count} audit entries copied")));
                logs.ExecuteNonQuery();
            }
            LogChanges(connection, transaction, [.. postmortems.Select(p => p.Id)], deleted: false, now);
            transaction.Commit();
            return postmortems.Count;
        });
        if (copied > 0) Interlocked.Increment(ref _version);
        return copied;
    }
}

/// <summary>A migration target that already holds data (the message says how much, and what to do).</summary>
public sealed class StoreNotEmptyException(string message) : Exception(message);
