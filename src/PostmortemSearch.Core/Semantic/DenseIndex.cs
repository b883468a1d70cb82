using System.Numerics.Tensors;

namespace PostmortemSearch.Core.Semantic;

/// <summary>A dense hit: the postmortem, its best passage's cosine, and that passage (for the snippet and its section).</summary>
public sealed record DenseHit(string Id, float Score, DenseDocMeta Meta, Passage Passage);

/// <summary>
/// Every embedded passage in memory, scored by brute force: the cosine (a dot product of unit vectors, with
/// System.Numerics.Tensors) of the query against each passage of each postmortem the caller may see; a postmortem
/// scores as its best passage. Restricted postmortems are skipped before scoring for callers without the scope, so
/// nothing about them can leak through scores. Readers take a snapshot; writers replace it (copy on write).
/// </summary>
public sealed class DenseIndex(int dimensions)
{
    private sealed record Entry(EmbeddedDoc Doc, float[] Matrix, float[] Centroid);

    private sealed record Snapshot(Entry[] Entries, Dictionary<string, int> Positions)
    {
        public static readonly Snapshot Empty = new([], new Dictionary<string, int>(StringComparer.Ordinal));
    }

    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public int Dimensions => dimensions;

    /// <summary>Postmortems with vectors (all of them; see <see cref="CountVisible"/>).</summary>
    public int Count => _snapshot.Entries.Length;

    public int Passages => _snapshot.Entries.Sum(e => e.Doc.Passages.Count);

    public int CountVisible(bool includeRestricted) =>
        includeRestricted ? Count : _snapshot.Entries.Count(e => !e.Doc.Meta.Restricted);

    public bool Contains(string id) => _snapshot.Positions.ContainsKey(id);

    /// <summary>Adds or replaces postmortems' vectors and removes <paramref name="removed"/>.</summary>
    public void Apply(IReadOnlyList<EmbeddedDoc> upserts, IEnumerable<string>? removed = null)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        lock (_writeLock)
        {
            var byId = _snapshot.Entries.ToDictionary(e => e.Doc.Id, StringComparer.Ordinal);
            foreach (var id in removed ?? []) byId.Remove(id);
            foreach (var doc in upserts) byId[doc.Id] = Pack(doc);
            var entries = byId.Values.ToArray();
            var positions = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
            for (int i = 0; i < entries.Length; i++) positions[entries[i].Doc.Id] = i;
            _snapshot = new Snapshot(entries, positions);
        }
    }

    private Entry Pack(EmbeddedDoc doc)
    {
        var matrix = new float[doc.Vectors.Length * dimensions];
        var centroid = new float[dimensions];
        for (int i = 0; i < doc.Vectors.Length; i++)
        {
            if (doc.Vectors[i].Length != dimensions) throw new ArgumentException($"{doc.Id}: a vector of {doc.Vectors[i].Length} dimensions, expected {dimensions}", nameof(doc));
            doc.Vectors[i].CopyTo(matrix, i * dimensions);
            TensorPrimitives.Add(centroid, doc.Vectors[i], centroid);
        }
        float norm = TensorPrimitives.Norm(centroid);
        if (norm > 0) TensorPrimitives.Divide(centroid, norm, centroid);
        return new Entry(doc, matrix, centroid);
    }

    /// <summary>
    /// The <paramref name="k"/> visible postmortems whose best passage is closest to <paramref name="query"/>, at least
    /// <paramref name="minScore"/>, that <paramref name="accept"/> lets through (the query's filters).
    /// </summary>
    public IReadOnlyList<DenseHit> Search(ReadOnlySpan<float> query, int k, bool includeRestricted, float minScore = float.MinValue, Func<DenseDocMeta, bool>? accept = null)
    {
        if (query.Length != dimensions) throw new ArgumentException($"a query vector of {query.Length} dimensions, expected {dimensions}", nameof(query));
        var snap = _snapshot;
        var top = new PriorityQueue<(int Entry, int Passage), (float Score, string Id)>(k + 1, TopComparer.Instance);
        for (int e = 0; e < snap.Entries.Length; e++)
        {
            var entry = snap.Entries[e];
            if (entry.Doc.Meta.Restricted && !includeRestricted) continue;
            if (accept is not null && !accept(entry.Doc.Meta)) continue;
            var (score, passage) = Best(entry, query);
            if (score < minScore) continue;
            top.Enqueue((e, passage), (score, entry.Doc.Id));
            if (top.Count > k) top.Dequeue();
        }
        return Drain(snap, top);
    }

    /// <summary>Postmortems nearest to <paramref name="id"/> by the cosine of their passage centroids (itself excluded).</summary>
    public IReadOnlyList<DenseHit> Neighbours(string id, int k, bool includeRestricted, float minScore)
    {
        var snap = _snapshot;
        if (!snap.Positions.TryGetValue(id, out int self)) return [];
        var centroid = snap.Entries[self].Centroid;
        var top = new PriorityQueue<(int Entry, int Passage), (float Score, string Id)>(k + 1, TopComparer.Instance);
        for (int e = 0; e < snap.Entries.Length; e++)
        {
            var entry = snap.Entries[e];
            if (e == self || (entry.Doc.Meta.Restricted && !includeRestricted)) continue;
            float score = TensorPrimitives.Dot(centroid, entry.Centroid);
            if (score < minScore) continue;
            top.Enqueue((e, Best(entry, centroid).Passage), (score, entry.Doc.Id));
            if (top.Count > k) top.Dequeue();
        }
        return Drain(snap, top);
    }

    private (float Score, int Passage) Best(Entry entry, ReadOnlySpan<float> query)
    {
        float best = float.MinValue;
        int bestPassage = 0;
        var matrix = entry.Matrix.AsSpan();
        for (int p = 0, offset = 0; offset < matrix.Length; p++, offset += dimensions)
        {
            float score = TensorPrimitives.Dot(query, matrix.Slice(offset, dimensions));
            if (score > best) (best, bestPassage) = (score, p);
        }
        return (best, bestPassage);
    }

    private static List<DenseHit> Drain(Snapshot snap, PriorityQueue<(int Entry, int Passage), (float Score, string Id)> top)
    {
        var hits = new List<DenseHit>(top.Count);
        while (top.TryDequeue(out var item, out var key))
        {
            var doc = snap.Entries[item.Entry].Doc;
            hits.Add(new DenseHit(doc.Id, key.Score, doc.Meta, doc.Passages[item.Passage]));
        }
        hits.Reverse();
        return hits;
    }

    /// <summary>The queue's head is the weakest kept hit: lowest score, then the larger id (ties resolve by id, deterministically).</summary>
    private sealed class TopComparer : IComparer<(float Score, string Id)>
    {
        public static readonly TopComparer Instance = new();

        public int Compare((float Score, string Id) x, (float Score, string Id) y)
        {
            int c = x.Score.CompareTo(y.Score);
            return c != 0 ? c : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
