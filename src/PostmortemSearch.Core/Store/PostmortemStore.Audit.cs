using System.Globalization;

namespace PostmortemSearch.Core.Store;

/// <summary>One postmortem an audited action touched, with what happened to it (imported, updated, unchanged, rejected, deleted).</summary>
public sealed record AuditTouch(string? PostmortemId, string Status, string? Path, string? Error);

/// <summary>An audit-log entry with the postmortems it touched.</summary>
public sealed record AuditRecord(long Seq, DateTimeOffset At, string Actor, string Action, string? Detail, IReadOnlyList<string> PostmortemIds, IReadOnlyList<AuditTouch> Touched);

public sealed partial class PostmortemStore
{
    /// <summary>
    /// The newest audit entries (at most <paramref name="limit"/>, optionally only one action), each with the postmortems
    /// it touched: for an import, the import_log rows of its batch (linked since migration 3; older rows by time and
    /// actor); for a delete, its target.
    /// </summary>
    public IReadOnlyList<AuditRecord> AuditTrail(int limit = 50, string? action = null)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var entries = new List<AuditEntry>();
        using (var command = Command(connection, transaction,
            "SELECT seq, at, actor, action, target, detail FROM audit_log WHERE ($action IS NULL OR action = $action) ORDER BY seq DESC LIMIT $limit",
            [("$action", action), ("$limit", limit)]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                entries.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        var records = new List<AuditRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var touched = new List<AuditTouch>();
            if (entry.Action == "delete" && entry.Target is { } target) touched.Add(new AuditTouch(target, "deleted", null, null));
            else if (entry.Action == "import")
            {
                using var command = Command(connection, transaction,
                    "SELECT postmortem_id, status, path, error FROM import_log WHERE audit_seq = $seq OR (audit_seq IS NULL AND at = $at AND actor = $actor) ORDER BY seq",
                    [("$seq", entry.Seq), ("$at", Iso(entry.At)), ("$actor", entry.Actor)]);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    touched.Add(new AuditTouch(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            var ids = touched.Where(t => t.PostmortemId is not null && t.Status != "unchanged").Select(t => t.PostmortemId!).Distinct(StringComparer.Ordinal).ToList();
            records.Add(new AuditRecord(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Detail ?? entry.Target, ids, touched));
        }
        return records;
    }
}
