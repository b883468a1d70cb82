using System.Runtime.InteropServices;
using System.Text.Json;
using PostmortemSearch.Core.Analytics.Curation;

namespace PostmortemSearch.Core.Store;

/// <summary>Factor analytics' tables on PostgreSQL (the same contract as PostmortemStore.Factors.cs).</summary>
public sealed partial class PostgresPostmortemStore
{
    private static readonly JsonSerializerOptions CurationJson = new(JsonSerializerDefaults.Web);

    /// <summary>Read from the database, so a curation or taxonomy import on another replica invalidates this one's clusters too.</summary>
    public long FactorsVersion => Run(c => Scalar(c, null,
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM factor_curations) * 1000000 + (SELECT COALESCE(MAX(revision), 0) FROM factor_taxonomy)") is long v ? v : 0);

    /// <summary>
    /// Upserts, so two replicas storing the same postmortem's statements at once both succeed (the second waits for the
    /// first's row locks, then overwrites with the same vectors); statements the postmortem no longer has are dropped.
    /// </summary>
    public void SaveStatementVectors(string postmortemId, string model, IReadOnlyList<(int Ordinal, string Text, float[] Vector)> vectors) => Retrying(c =>
    {
        using var transaction = c.BeginTransaction();
        using var batch = new Npgsql.NpgsqlBatch(c, transaction);
        batch.BatchCommands.Add(BatchCommand("DELETE FROM statement_vectors WHERE postmortem_id = @id AND model = @model AND NOT (ordinal = ANY(@ordinals))",
            ("id", postmortemId), ("model", model), ("ordinals", vectors.Select(v => v.Ordinal).ToArray())));
        foreach (var (ordinal, text, vector) in vectors.OrderBy(v => v.Ordinal))
        {
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO statement_vectors(postmortem_id, ordinal, model, text, vector) VALUES (@id, @ordinal, @model, @text, @vector)
                ON CONFLICT (postmortem_id, ordinal, model) DO UPDATE SET text = excluded.text, vector = excluded.vector
                """, ("id", postmortemId), ("ordinal", ordinal), ("model", model), ("text", text), ("vector", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray())));
        }
        batch.ExecuteNonQuery();
        transaction.Commit();
        return 0;
    });

    public void DeleteStatementVectors(string postmortemId) => Run(c => Execute(c, null, "DELETE FROM statement_vectors WHERE postmortem_id = @id", ("id", postmortemId)));

    public IReadOnlyList<StoredStatementVector> StatementVectors(string model, string? postmortemId = null) => Run(c =>
    {
        using var command = Command(c, null,
            "SELECT postmortem_id, ordinal, text, vector FROM statement_vectors WHERE model = @model" + (postmortemId is null ? "" : " AND postmortem_id = @id"),
            [("model", model), ("id", postmortemId)]);
        using var reader = command.ExecuteReader();
        var list = new List<StoredStatementVector>();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(3);
            list.Add(new StoredStatementVector(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }
        return list;
    });

    public long DerivedProgress(string name) => Run(c => Scalar(c, null, "SELECT seq FROM derived_progress WHERE name = @name", ("name", name)) is long seq ? seq : 0);

    public void SetDerivedProgress(string name, long seq) => Run(c =>
        Execute(c, null, "INSERT INTO derived_progress(name, seq) VALUES (@name, @seq) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq", ("name", name), ("seq", seq)));

    public CurationDecision AddCuration(CurationDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var now = _time.GetUtcNow().ToUniversalTime();
        var action = JsonSerializer.Serialize(decision.Action, CurationJson).Trim('"');
        var seq = Retrying(c =>
        {
            using var transaction = c.BeginTransaction();
            var json = JsonSerializer.Serialize(decision with { At = now }, CurationJson);
            var inserted = (long)Scalar(c, transaction, "INSERT INTO factor_curations(at, actor, action, cluster_id, json) VALUES (@at, @actor, @action, @cluster, @json) RETURNING seq",
                ("at", now), ("actor", decision.Actor), ("action", action), ("cluster", decision.ClusterId), ("json", json))!;
            Execute(c, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, 'curation', @target, @detail)",
                ("at", now), ("actor", decision.Actor), ("target", decision.ClusterId),
                ("detail", $"{action} {decision.ClusterId}{(decision.TargetClusterId is null ? "" : " → " + decision.TargetClusterId)}{(decision.Label is null ? "" : " '" + decision.Label + "'")}, {decision.Statements.Count} statements"));
            transaction.Commit();
            return inserted;
        });
        return decision with { Seq = seq, At = now };
    }

    public IReadOnlyList<CurationDecision> Curations() => Run(c =>
    {
        using var command = Command(c, null, "SELECT seq, json FROM factor_curations ORDER BY seq", []);
        using var reader = command.ExecuteReader();
        var list = new List<CurationDecision>();
        while (reader.Read()) list.Add(JsonSerializer.Deserialize<CurationDecision>(reader.GetString(1), CurationJson)! with { Seq = reader.GetInt64(0) });
        return list;
    });

    public string? TaxonomyJson() => Run(c => Scalar(c, null, "SELECT json FROM factor_taxonomy WHERE id = 1") as string);

    public void SaveTaxonomyJson(string json, string actor, string? detail = null)
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        Retrying(c =>
        {
            using var transaction = c.BeginTransaction();
            Execute(c, transaction, """
                INSERT INTO factor_taxonomy(id, json, at, actor) VALUES (1, @json, @at, @actor)
                ON CONFLICT (id) DO UPDATE SET json = excluded.json, at = excluded.at, actor = excluded.actor, revision = factor_taxonomy.revision + 1
                """, ("json", json), ("at", now), ("actor", actor));
            Execute(c, transaction, "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (@at, @actor, 'taxonomy-import', NULL, @detail)", ("at", now), ("actor", actor), ("detail", detail));
            transaction.Commit();
            return 0;
        });
    }
}
