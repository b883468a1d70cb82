namespace PostmortemSearch.Core.Store;

/// <summary>The audit trail on PostgreSQL, linked as the SQLite store links it (PostmortemStore.Audit.cs).</summary>
public sealed partial class PostgresPostmortemStore
{
    public IReadOnlyList<AuditRecord> AuditTrail(int limit = 50, string? action = null) => Run(c =>
    {
        // One snapshot: an import committing between the two reads cannot show its audit entry without its rows.
        using var transaction = c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var entries = new List<AuditEntry>();
        using (var command = Command(c, transaction,
            "SELECT seq, at, actor, action, target, detail FROM audit_log WHERE (@action::text IS NULL OR action = @action) ORDER BY seq DESC LIMIT @limit",
            [("action", action), ("limit", limit)]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }
        var records = new List<AuditRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var touched = new List<AuditTouch>();
            if (entry.Action == "delete" && entry.Target is { } target) touched.Add(new AuditTouch(target, "deleted", null, null));
            else if (entry.Action == "import")
            {
                using var command = Command(c, transaction,
                    "SELECT postmortem_id, status, path, error FROM import_log WHERE audit_seq = @seq OR (audit_seq IS NULL AND at = @at AND actor = @actor) ORDER BY seq",
                    [("seq", entry.Seq), ("at", entry.At), ("actor", entry.Actor)]);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    touched.Add(new AuditTouch(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            var ids = touched.Where(t => t.PostmortemId is not null && t.Status != "unchanged").Select(t => t.PostmortemId!).Distinct(StringComparer.Ordinal).ToList();
            records.Add(new AuditRecord(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Detail ?? entry.Target, ids, touched));
        }
        transaction.Commit();
        return records;
    });
}
