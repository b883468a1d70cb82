using System.Collections.Concurrent;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// Sentence embeddings for factor statements, in the shape of the shared embedder (texts → unit vectors, with a model
/// id), plus a cache by text so taxonomy examples and stored statement vectors are embedded once.
/// </summary>
public sealed class StatementEmbedding
{
    private readonly Func<IReadOnlyList<string>, float[][]> _embed;
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    public StatementEmbedding(string modelId, Func<IReadOnlyList<string>, float[][]> embed)
    {
        ModelId = modelId;
        _embed = embed;
    }

    /// <summary>The shared embedder; the model id carries its version, so vectors of another version are not reused.</summary>
    public StatementEmbedding(Semantic.IEmbedder embedder)
        : this((embedder ?? throw new ArgumentNullException(nameof(embedder))).ModelId + "@" + embedder.ModelVersion, embedder.Embed)
    {
    }

    public string ModelId { get; }

    /// <summary>Known vectors (e.g. read from the store), so they are not computed again.</summary>
    public void Remember(string text, float[] vector) => _cache[text] = vector;

    public int Cached => _cache.Count;

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        for (var start = 0; start < missing.Count; start += 256)
        {
            var batch = missing.GetRange(start, Math.Min(256, missing.Count - start));
            var vectors = _embed(batch);
            if (vectors.Length != batch.Count) throw new InvalidOperationException($"embedder {ModelId} returned {vectors.Length} vectors for {batch.Count} texts");
            for (var i = 0; i < batch.Count; i++) _cache[batch[i]] = vectors[i];
        }
        return [.. texts.Select(t => _cache[t])];
    }
}
