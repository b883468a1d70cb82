using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// Looks inside a store file with its own unpooled connection, bypassing PostmortemStore, so a test can judge
/// the file as SQLite sees it: integrity, the set of (id, content hash), and whether any postmortem is half-written.
/// </summary>
internal static class StoreProbe
{
    public static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = OpenReadOnly(path);
        return Scalar(connection, "PRAGMA integrity_check")?.ToString() ?? "no answer";
    }

    /// <summary>Every stored postmortem as "id=hash", sorted: two stores with equal sets hold the same documents.</summary>
    public static SortedSet<string> IdsAndHashes(string path)
    {
        using var connection = OpenReadOnly(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, content_hash FROM postmortems";
        using var reader = command.ExecuteReader();
        var set = new SortedSet<string>(StringComparer.Ordinal);
        while (reader.Read()) set.Add(reader.GetString(0) + "=" + reader.GetString(1));
        return set;
    }

    /// <summary>
    /// Ids whose child rows disagree with their stored JSON (action items, timeline entries, services):
    /// a half-imported postmortem. Empty when every row is whole.
    /// </summary>
    public static IReadOnlyList<string> HalfWritten(string path)
    {
        using var connection = OpenReadOnly(path);
        var children = new Dictionary<string, (long Actions, long Timeline, long Services)>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT p.id,
                       (SELECT COUNT(*) FROM action_items a WHERE a.postmortem_id = p.id),
                       (SELECT COUNT(*) FROM timeline_entries t WHERE t.postmortem_id = p.id),
                       (SELECT COUNT(*) FROM services s WHERE s.postmortem_id = p.id),
                       p.json
                FROM postmortems p
                """;
            using var reader = command.ExecuteReader();
            var broken = new List<string>();
            while (reader.Read())
            {
                using var json = JsonDocument.Parse(reader.GetString(4));
                var root = json.RootElement;
                var services = root.GetProperty("services").EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                if (reader.GetInt64(1) != root.GetProperty("actionItems").GetArrayLength()
                    || reader.GetInt64(2) != root.GetProperty("timeline").GetArrayLength()
                    || reader.GetInt64(3) != services)
                    broken.Add(reader.GetString(0));
            }
            var orphans = Convert.ToInt64(Scalar(connection, """
                SELECT (SELECT COUNT(*) FROM action_items WHERE postmortem_id NOT IN (SELECT id FROM postmortems))
                     + (SELECT COUNT(*) FROM timeline_entries WHERE postmortem_id NOT IN (SELECT id FROM postmortems))
                     + (SELECT COUNT(*) FROM services WHERE postmortem_id NOT IN (SELECT id FROM postmortems))
                """), CultureInfo.InvariantCulture);
            if (orphans > 0) broken.Add($"{orphans} orphan child row(s)");
            return broken;
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
