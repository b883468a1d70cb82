using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PostmortemSearch.Core.Analytics.Curation;

namespace PostmortemSearch.Core.Store;

/// <summary>A stored factor-statement vector.</summary>
public sealed record StoredStatementVector(string PostmortemId, int Ordinal, string Text, float[] Vector);

/// <summary>Factor analytics' tables: statement vectors, curation decisions, the imported taxonomy, catch-up progress.</summary>
public sealed partial class PostmortemStore
{
    private static readonly JsonSerializerOptions CurationJson = new(JsonSerializerDefaults.Web);
    private long _factorsVersion;

    /// <summary>Bumped by every curation decision and taxonomy import through this instance.</summary>
    public long FactorsVersion => Interlocked.Read(ref _factorsVersion);

    /// <summary>Replaces the vectors of <paramref name="postmortemId"/> for <paramref name="model"/> (one transaction).</summary>
    public void SaveStatementVectors(string postmortemId, string model, IReadOnlyList<(int Ordinal, string Text, float[] Vector)> vectors)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM statement_vectors WHERE postmortem_id = $id AND model = $model", ("$id", postmortemId), ("$model", model));
        foreach (var (ordinal, text, vector) in vectors)
            Execute(connection, transaction, "INSERT INTO statement_vectors(postmortem_id, ordinal, model, text, vector) VALUES ($id, $ordinal, $model, $text, $vector)",
                ("$id", postmortemId), ("$ordinal", ordinal), ("$model", model), ("$text", text), ("$vector", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()));
        transaction.Commit();
    }

    public void DeleteStatementVectors(string postmortemId)
    {
        using var connection = Open();
        Execute(connection, null, "DELETE FROM statement_vectors WHERE postmortem_id = $id", ("$id", postmortemId));
    }

    /// <summary>Every stored statement vector of <paramref name="model"/>.</summary>
    public IReadOnlyList<StoredStatementVector> StatementVectors(string model, string? postmortemId = null)
    {
        using var connection = Open();
        using var command = Command(connection, null,
            "SELECT postmortem_id, ordinal, text, vector FROM statement_vectors WHERE model = $model" + (postmortemId is null ? "" : " AND postmortem_id = $id"),
            [("$model", model), ("$id", postmortemId)]);
        using var reader = command.ExecuteReader();
        var list = new List<StoredStatementVector>();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(3);
            list.Add(new StoredStatementVector(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }
        return list;
    }

    /// <summary>How far a derived data set (e.g. "statement-vectors:model") has read the change log.</summary>
    public long DerivedProgress(string name)
    {
        using var connection = Open();
        return Scalar(connection, null, "SELECT seq FROM derived_progress WHERE name = $name", ("$name", name)) is long seq ? seq : 0;
    }

    public void SetDerivedProgress(string name, long seq)
    {
        using var connection = Open();
        Execute(connection, null, "INSERT INTO derived_progress(name, seq) VALUES ($name, $seq) ON CONFLICT(name) DO UPDATE SET seq = excluded.seq", ("$name", name), ("$seq", seq));
    }

    /// <summary>Stores a curation decision (and an audit-log line) with who and when; returns it with its sequence number.</summary>
    public CurationDecision AddCuration(CurationDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var now = _time.GetUtcNow();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var json = JsonSerializer.Serialize(decision with { At = now }, CurationJson);
        Execute(connection, transaction, "INSERT INTO factor_curations(at, actor, action, cluster_id, json) VALUES ($at, $actor, $action, $cluster, $json)",
            ("$at", Iso(now)), ("$actor", decision.Actor), ("$action", JsonSerializer.Serialize(decision.Action, CurationJson).Trim('"')), ("$cluster", decision.ClusterId), ("$json", json));
        var seq = Convert.ToInt64(Scalar(connection, transaction, "SELECT last_insert_rowid()"), CultureInfo.InvariantCulture);
        Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, $action, $target, $detail)",
            ("$at", Iso(now)), ("$actor", decision.Actor), ("$action", "curation"), ("$target", decision.ClusterId),
            ("$detail", $"{JsonSerializer.Serialize(decision.Action, CurationJson).Trim('"')} {decision.ClusterId}{(decision.TargetClusterId is null ? "" : " → " + decision.TargetClusterId)}{(decision.Label is null ? "" : " '" + decision.Label + "'")}, {decision.Statements.Count} statements"));
        transaction.Commit();
        Interlocked.Increment(ref _factorsVersion);
        return decision with { Seq = seq, At = now };
    }

    /// <summary>Every curation decision, oldest first.</summary>
    public IReadOnlyList<CurationDecision> Curations()
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT seq, json FROM factor_curations ORDER BY seq", []);
        using var reader = command.ExecuteReader();
        var list = new List<CurationDecision>();
        while (reader.Read())
            list.Add(JsonSerializer.Deserialize<CurationDecision>(reader.GetString(1), CurationJson)! with { Seq = reader.GetInt64(0) });
        return list;
    }

    /// <summary>The imported taxonomy JSON, or null when the shipped one is in use.</summary>
    public string? TaxonomyJson()
    {
        using var connection = Open();
        return Scalar(connection, null, "SELECT json FROM factor_taxonomy WHERE id = 1") as string;
    }

    public void SaveTaxonomyJson(string json, string actor, string? detail = null)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "INSERT INTO factor_taxonomy(id, json, at, actor) VALUES (1, $json, $at, $actor) ON CONFLICT(id) DO UPDATE SET json = excluded.json, at = excluded.at, actor = excluded.actor",
            ("$json", json), ("$at", Iso(_time.GetUtcNow())), ("$actor", actor));
        Execute(connection, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ($at, $actor, 'taxonomy-import', NULL, $detail)",
            ("$at", Iso(_time.GetUtcNow())), ("$actor", actor), ("$detail", detail));
        transaction.Commit();
        Interlocked.Increment(ref _factorsVersion);
    }
}
