using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// The vectors in the store's SQLite file (tables of migration 3), per model (see <see cref="IVectorStore"/>): a vector written with another model (id
/// and version) is never read, and a model change starts embedding again from the beginning of the change log.
/// </summary>
public sealed class SqliteVectorStore : IVectorStore
{
    private readonly string _connectionString;

    public SqliteVectorStore(PostmortemStore store, string modelKey)
    {
        ArgumentNullException.ThrowIfNull(store);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = store.Path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30 }.ToString();
        ModelKey = modelKey;
    }

    /// <summary>"id@version" of the model whose vectors this reads and writes.</summary>
    public string ModelKey { get; }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Drops the vectors and progress of any other model (one model's vectors at a time: they are not comparable).</summary>
    public void ForgetOtherModels()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM vector_docs WHERE model <> $model", ("$model", ModelKey));
        Execute(connection, transaction, "DELETE FROM vector_progress WHERE model <> $model", ("$model", ModelKey));
        transaction.Commit();
    }

    /// <summary>The change-log sequence up to which every change has been embedded with this model.</summary>
    public long ProgressSeq()
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT change_seq FROM vector_progress WHERE model = $model", ("$model", ModelKey));
        return command.ExecuteScalar() is long seq ? seq : 0;
    }

    /// <summary>
    /// Writes the vectors of a batch and moves the progress to <paramref name="progressSeq"/> in one transaction, so a
    /// crash either keeps both or neither. A postmortem whose stored content no longer has the hash it was embedded
    /// from (changed or deleted meanwhile) is skipped: a later change-log entry embeds it again. Returns the ids written.
    /// </summary>
    public IReadOnlySet<string> Write(IReadOnlyList<EmbeddedDoc> docs, long progressSeq)
    {
        ArgumentNullException.ThrowIfNull(docs);
        var written = new HashSet<string>(StringComparer.Ordinal);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var doc in docs)
        {
            Execute(connection, transaction, "DELETE FROM vector_docs WHERE postmortem_id = $id", ("$id", doc.Id));
            int inserted = Execute(connection, transaction, """
                INSERT INTO vector_docs(postmortem_id, model, content_hash, meta)
                SELECT id, $model, content_hash, $meta FROM postmortems WHERE id = $id AND content_hash = $hash
                """, ("$id", doc.Id), ("$model", ModelKey), ("$hash", doc.ContentHash), ("$meta", JsonSerializer.Serialize(doc.Meta)));
            if (inserted == 0) continue;
            for (int i = 0; i < doc.Passages.Count; i++)
            {
                Execute(connection, transaction, "INSERT INTO passage_vectors(postmortem_id, ordinal, section, text, vector) VALUES ($id, $i, $section, $text, $vector)",
                    ("$id", doc.Id), ("$i", i), ("$section", doc.Passages[i].Section), ("$text", doc.Passages[i].Text),
                    ("$vector", MemoryMarshal.AsBytes(doc.Vectors[i].AsSpan()).ToArray()));
            }
            written.Add(doc.Id);
        }
        Execute(connection, transaction, "INSERT INTO vector_progress(model, change_seq) VALUES ($model, $seq) ON CONFLICT(model) DO UPDATE SET change_seq = MAX(change_seq, excluded.change_seq)",
            ("$model", ModelKey), ("$seq", progressSeq));
        transaction.Commit();
        return written;
    }

    /// <summary>Every postmortem embedded with this model, with its passages and vectors (read once when search opens).</summary>
    public IReadOnlyList<EmbeddedDoc> LoadAll(int dimensions) => Load(dimensions, "");

    /// <summary>Those of <paramref name="ids"/> embedded with this model from their current content.</summary>
    public IReadOnlyList<EmbeddedDoc> LoadCurrent(IReadOnlyList<string> ids, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return [];
        var list = string.Join(',', ids.Select(id => "'" + id.Replace("'", "''", StringComparison.Ordinal) + "'"));
        return Load(dimensions, $" AND d.postmortem_id IN ({list}) AND d.content_hash = (SELECT content_hash FROM postmortems p WHERE p.id = d.postmortem_id)");
    }

    private List<EmbeddedDoc> Load(int dimensions, string where)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var docs = new Dictionary<string, (string Hash, DenseDocMeta Meta, List<Passage> Passages, List<float[]> Vectors)>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction, "SELECT d.postmortem_id, d.content_hash, d.meta FROM vector_docs d WHERE d.model = $model" + where, ("$model", ModelKey)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                docs[reader.GetString(0)] = (reader.GetString(1), JsonSerializer.Deserialize<DenseDocMeta>(reader.GetString(2))!, [], []);
        }
        using (var command = Command(connection, transaction, """
            SELECT v.postmortem_id, v.ordinal, v.section, v.text, v.vector FROM passage_vectors v
            JOIN vector_docs d ON d.postmortem_id = v.postmortem_id WHERE d.model = $model
            """ + where + " ORDER BY v.postmortem_id, v.ordinal", ("$model", ModelKey)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!docs.TryGetValue(reader.GetString(0), out var doc)) continue;
                var bytes = (byte[])reader.GetValue(4);
                if (bytes.Length != dimensions * sizeof(float))
                    throw new InvalidDataException($"a stored vector of {reader.GetString(0)} has {bytes.Length / sizeof(float)} dimensions, the model {ModelKey} has {dimensions}");
                doc.Passages.Add(new Passage(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
                doc.Vectors.Add(MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }
        }
        return [.. docs.Where(d => d.Value.Passages.Count > 0).Select(d => new EmbeddedDoc(d.Key, d.Value.Hash, d.Value.Meta, d.Value.Passages, [.. d.Value.Vectors]))];
    }

    private static int Execute(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
