using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core.Semantic;

/// <summary>What a dense-only hit shows and what the filters of a query test, kept with a postmortem's vectors.</summary>
public sealed record DenseDocMeta(
    string Title, string? IncidentStart, string? Severity, IReadOnlyList<string> Services, string? Status,
    IReadOnlyList<string> Tags, DateOnly? Date, bool Restricted, IReadOnlyList<string>? Teams = null)
{
    public static DenseDocMeta Of(Postmortem p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Title, p.IncidentStart?.ToString(), p.Severity, p.Services, p.Status?.ToLowerInvariant(),
            [.. p.Tags.Select(t => t.ToLowerInvariant())], p.IncidentStart?.Date ?? p.PostmortemDate, p.Restricted,
            [.. p.Teams.Select(t => t.ToLowerInvariant())]);
    }
}

/// <summary>One postmortem's passages and their vectors, as embedded from the content with <see cref="ContentHash"/>.</summary>
public sealed record EmbeddedDoc(string Id, string ContentHash, DenseDocMeta Meta, IReadOnlyList<Passage> Passages, float[][] Vectors);

/// <summary>
/// Passage vectors kept in the store beside the postmortems, per model ("id@version"): <see cref="SqliteVectorStore"/>
/// in the SQLite file, <see cref="PostgresVectorStore"/> in the shared PostgreSQL database. Derived data: a vector
/// counts only while its content hash is the postmortem's current one, and a deleted postmortem takes its vectors along.
/// On a shared store, whichever replica embeds a change first writes the vectors; the others read them back instead of
/// embedding again (<see cref="LoadCurrent"/>), so a write of the same vectors twice must be harmless.
/// </summary>
public interface IVectorStore
{
    /// <summary>"id@version" of the model whose vectors this reads and writes.</summary>
    string ModelKey { get; }

    /// <summary>Drops the vectors and progress of any other model (one model's vectors at a time: they are not comparable).</summary>
    void ForgetOtherModels();

    /// <summary>The change-log sequence up to which every change has been embedded with this model (by anyone).</summary>
    long ProgressSeq();

    /// <summary>
    /// Writes the vectors of a batch and moves the progress to at least <paramref name="progressSeq"/> in one
    /// transaction. A postmortem whose stored content no longer has the hash it was embedded from is skipped (a later
    /// change-log entry embeds it again). Returns the ids written.
    /// </summary>
    IReadOnlySet<string> Write(IReadOnlyList<EmbeddedDoc> docs, long progressSeq);

    /// <summary>Every postmortem embedded with this model from its current content (read once when search opens).</summary>
    IReadOnlyList<EmbeddedDoc> LoadAll(int dimensions);

    /// <summary>Those of <paramref name="ids"/> embedded with this model from their current content.</summary>
    IReadOnlyList<EmbeddedDoc> LoadCurrent(IReadOnlyList<string> ids, int dimensions);

    /// <summary>The vector store of <paramref name="store"/>'s backend.</summary>
    static IVectorStore For(IPostmortemStore store, string modelKey) => store switch
    {
        PostmortemStore file => new SqliteVectorStore(file, modelKey),
        PostgresPostmortemStore shared => new PostgresVectorStore(shared, modelKey),
        _ => throw new ArgumentException($"no vector store for a {store?.GetType().Name ?? "null"} store", nameof(store)),
    };
}
