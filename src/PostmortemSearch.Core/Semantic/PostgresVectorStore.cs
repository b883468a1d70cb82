using System.Data;
using System.Runtime.InteropServices;
using System.Text.Json;
using Npgsql;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// The vectors in the shared PostgreSQL database (tables of PostgreSQL migration 5), read and written by every replica.
/// A postmortem's vectors are keyed by postmortem, model and the content hash they were embedded from, so two replicas
/// embedding the same change at once insert the same key: the second waits for the first to commit and then finds the
/// row there (<c>ON CONFLICT DO NOTHING</c>), never a duplicate and never an error; vectors of a content a postmortem
/// no longer has are dropped when its current content is written.
/// </summary>
public sealed class PostgresVectorStore(PostgresPostmortemStore store, string modelKey) : IVectorStore
{
    public string ModelKey { get; } = modelKey;

    public void ForgetOtherModels() => store.Retrying(c =>
    {
        using var transaction = c.BeginTransaction();
        PostgresPostmortemStore.Execute(c, transaction, "DELETE FROM vector_docs WHERE model <> @model", ("model", ModelKey));
        PostgresPostmortemStore.Execute(c, transaction, "DELETE FROM vector_progress WHERE model <> @model", ("model", ModelKey));
        transaction.Commit();
        return 0;
    });

    public long ProgressSeq() => store.Run(c =>
        PostgresPostmortemStore.Scalar(c, null, "SELECT change_seq FROM vector_progress WHERE model = @model", ("model", ModelKey)) is long seq ? seq : 0);

    public IReadOnlySet<string> Write(IReadOnlyList<EmbeddedDoc> docs, long progressSeq)
    {
        ArgumentNullException.ThrowIfNull(docs);
        // The last copy of an id wins; rows are locked in id order, so two replicas' batches queue instead of deadlocking.
        var ordered = docs.GroupBy(d => d.Id, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        return store.Retrying(c =>
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            using var transaction = c.BeginTransaction();
            foreach (var doc in ordered)
            {
                if (WriteOne(c, transaction, doc)) written.Add(doc.Id);
                // Vectors of any other content of this postmortem are stale. "Other than current" is decided in the
                // statement that deletes, so a newer content's vectors written meanwhile by another replica stay.
                PostgresPostmortemStore.Execute(c, transaction, """
                    DELETE FROM vector_docs d WHERE d.postmortem_id = @id AND d.model = @model
                    AND d.content_hash IS DISTINCT FROM (SELECT p.content_hash FROM postmortems p WHERE p.id = d.postmortem_id)
                    """, ("id", doc.Id), ("model", ModelKey));
            }
            PostgresPostmortemStore.Execute(c, transaction, """
                INSERT INTO vector_progress(model, change_seq) VALUES (@model, @seq)
                ON CONFLICT (model) DO UPDATE SET change_seq = GREATEST(vector_progress.change_seq, excluded.change_seq)
                """, ("model", ModelKey), ("seq", progressSeq));
            transaction.Commit();
            return written;
        });
    }

    /// <summary>True when the vectors of <paramref name="doc"/>'s content are in the store afterwards (written now, or by another replica).</summary>
    private bool WriteOne(NpgsqlConnection c, NpgsqlTransaction t, EmbeddedDoc doc)
    {
        var inserted = PostgresPostmortemStore.Execute(c, t, """
            INSERT INTO vector_docs(postmortem_id, model, content_hash, meta)
            SELECT id, @model, content_hash, @meta FROM postmortems WHERE id = @id AND content_hash = @hash
            ON CONFLICT (postmortem_id, model, content_hash) DO NOTHING
            """, ("id", doc.Id), ("model", ModelKey), ("hash", doc.ContentHash), ("meta", JsonSerializer.Serialize(doc.Meta)));
        if (inserted == 0)
        {
            // Either the content changed since it was read (skipped: a later change-log entry embeds it), or another
            // replica committed the same content's vectors first (kept: theirs are as good as ours).
            return PostgresPostmortemStore.Scalar(c, t, """
                SELECT 1 FROM vector_docs d JOIN postmortems p ON p.id = d.postmortem_id AND p.content_hash = d.content_hash
                WHERE d.postmortem_id = @id AND d.model = @model AND d.content_hash = @hash
                """, ("id", doc.Id), ("model", ModelKey), ("hash", doc.ContentHash)) is not null;
        }
        if (doc.Passages.Count == 0) return true;
        using var batch = new NpgsqlBatch(c, t);
        for (int i = 0; i < doc.Passages.Count; i++)
        {
            batch.BatchCommands.Add(PostgresPostmortemStore.BatchCommand("""
                INSERT INTO passage_vectors(postmortem_id, model, content_hash, ordinal, section, text, vector) VALUES (@id, @model, @hash, @i, @section, @text, @vector)
                """, ("id", doc.Id), ("model", ModelKey), ("hash", doc.ContentHash), ("i", i), ("section", doc.Passages[i].Section), ("text", doc.Passages[i].Text),
                ("vector", MemoryMarshal.AsBytes(doc.Vectors[i].AsSpan()).ToArray())));
        }
        batch.ExecuteNonQuery();
        return true;
    }

    public IReadOnlyList<EmbeddedDoc> LoadAll(int dimensions) => Load(dimensions, null);

    public IReadOnlyList<EmbeddedDoc> LoadCurrent(IReadOnlyList<string> ids, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0 ? [] : Load(dimensions, [.. ids]);
    }

    /// <summary>Vectors of the current content only (an updated postmortem's old vectors stay until its new ones are written).</summary>
    private List<EmbeddedDoc> Load(int dimensions, string[]? ids) => store.Run(c =>
    {
        // One snapshot for both reads: a write between them cannot pair a document with another write's passages.
        using var transaction = c.BeginTransaction(IsolationLevel.RepeatableRead);
        var current = """
            FROM vector_docs d JOIN postmortems p ON p.id = d.postmortem_id AND p.content_hash = d.content_hash
            WHERE d.model = @model
            """ + (ids is null ? "" : " AND d.postmortem_id = ANY(@ids)");
        (string, object?)[] parameters = [("model", ModelKey), ("ids", ids ?? [])];
        var docs = new Dictionary<string, (string Hash, DenseDocMeta Meta, List<Passage> Passages, List<float[]> Vectors)>(StringComparer.Ordinal);
        using (var command = PostgresPostmortemStore.Command(c, transaction, "SELECT d.postmortem_id, d.content_hash, d.meta " + current, parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                docs[reader.GetString(0)] = (reader.GetString(1), JsonSerializer.Deserialize<DenseDocMeta>(reader.GetString(2))!, [], []);
        }
        using (var command = PostgresPostmortemStore.Command(c, transaction, """
            SELECT v.postmortem_id, v.ordinal, v.section, v.text, v.vector
            FROM passage_vectors v JOIN vector_docs d ON d.postmortem_id = v.postmortem_id AND d.model = v.model AND d.content_hash = v.content_hash
            JOIN postmortems p ON p.id = d.postmortem_id AND p.content_hash = d.content_hash
            WHERE d.model = @model
            """ + (ids is null ? "" : " AND d.postmortem_id = ANY(@ids)") + " ORDER BY v.postmortem_id COLLATE \"C\", v.ordinal", parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!docs.TryGetValue(reader.GetString(0), out var doc)) continue;
                var bytes = (byte[])reader.GetValue(4);
                if (bytes.Length != dimensions * sizeof(float))
                    throw new InvalidDataException($"a stored vector of {reader.GetString(0)} in {store.Location} has {bytes.Length / sizeof(float)} dimensions, the model {ModelKey} has {dimensions}");
                doc.Passages.Add(new Passage(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
                doc.Vectors.Add(MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }
        }
        transaction.Commit();
        return docs.Where(d => d.Value.Passages.Count > 0)
            .Select(d => new EmbeddedDoc(d.Key, d.Value.Hash, d.Value.Meta, d.Value.Passages, [.. d.Value.Vectors])).ToList();
    });
}
