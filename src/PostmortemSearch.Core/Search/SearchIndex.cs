using System.Collections.Immutable;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// The in-memory inverted index: BM25F over weighted fields, positions for phrases, top-k with MaxScore pruning,
/// filter and facet columns. Many concurrent readers, one writer: every write builds a new immutable
/// <see cref="IndexSnapshot"/> and swaps it in, so a search never sees a half-updated document.
/// Updates add a small segment and tombstone the old doc; small segments are merged and a full
/// compaction runs when a quarter of the docs are tombstones.
/// </summary>
public sealed partial class SearchIndex
{
    private const int MaxSegments = 10;

    private readonly SearchIndexOptions _options;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, string[]> _factorsById = new(StringComparer.Ordinal);
    private volatile IndexSnapshot _snapshot;

    public SearchIndex(SearchIndexOptions? options = null)
    {
        _options = options ?? SearchIndexOptions.Default;
        _snapshot = IndexSnapshot.Empty;
    }

    public SearchIndexOptions Options => _options;

    public Analyzer Analyzer => _options.Analyzer;

    /// <summary>Number of live (not deleted) postmortems, restricted ones included.</summary>
    public int Count => _snapshot.LiveCount;

    internal IndexSnapshot Snapshot => _snapshot;

    /// <summary>Replaces the whole index with <paramref name="postmortems"/> (the bulk path; later duplicates of an id win).</summary>
    public void Build(IEnumerable<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        BuildDocuments(postmortems.Select(DocRecord.From).ToList());
    }

    internal void BuildDocuments(IReadOnlyList<DocRecord> docs)
    {
        lock (_writeLock)
        {
            _snapshot = CreateFresh(docs);
        }
    }

    /// <summary>Adds or replaces one postmortem (same id = update) without rebuilding the index.</summary>
    public void Upsert(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        UpsertDocuments([DocRecord.From(postmortem)]);
    }

    /// <summary>Adds or replaces a batch of postmortems as one new segment (one snapshot swap for the batch).</summary>
    public void Upsert(IEnumerable<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        UpsertDocuments(postmortems.Select(DocRecord.From).ToList());
    }

    internal void UpsertDocuments(IReadOnlyList<DocRecord> docs)
    {
        if (docs.Count == 0) return;
        lock (_writeLock)
        {
            var old = _snapshot;
            foreach (var d in docs)
                if (_factorsById.TryGetValue(d.Id, out var f)) d.Factors = f;
            var next = Append(old, docs, old.Segments);
            _snapshot = MaybeCompact(next);
        }
    }

    /// <summary>Removes a postmortem; returns false when the id is not indexed.</summary>
    public bool Remove(string id)
    {
        lock (_writeLock)
        {
            var old = _snapshot;
            if (!old.IdToDoc.TryGetValue(id, out var doc)) return false;
            var deleted = (ulong[])old.Deleted.Clone();
            deleted[doc >> 6] |= 1UL << doc;
            _snapshot = MaybeCompact(IndexSnapshot.Create(old.Segments, old.Docs, old.FacetColumns, old.DocCount, deleted, old.IdToDoc.Remove(id), old.AvgFieldLengths));
            return true;
        }
    }

    /// <summary>Sets the factor cluster ids of a postmortem (used by <c>factor:</c>, facets and "similar"); kept across re-imports.</summary>
    public void SetFactors(string postmortemId, IReadOnlyList<string> clusterIds)
    {
        ArgumentNullException.ThrowIfNull(clusterIds);
        lock (_writeLock)
        {
            var ids = clusterIds.ToArray();
            _factorsById[postmortemId] = ids;
            var snap = _snapshot;
            if (snap.IdToDoc.TryGetValue(postmortemId, out var doc)) snap.Docs[doc].Factors = ids;
        }
    }

    /// <summary>Merges every segment and drops tombstones (normally automatic).</summary>
    public void Compact()
    {
        lock (_writeLock)
        {
            _snapshot = CreateFresh(_snapshot.LiveDocs().ToList());
        }
    }

    private IndexSnapshot CreateFresh(IReadOnlyList<DocRecord> docs)
    {
        // later duplicates win
        var unique = new List<DocRecord>(docs.Count);
        var seen = new Dictionary<string, int>(docs.Count, StringComparer.Ordinal);
        foreach (var d in docs)
        {
            if (_factorsById.TryGetValue(d.Id, out var f)) d.Factors = f;
            if (seen.TryGetValue(d.Id, out var at)) unique[at] = d;
            else
            {
                seen[d.Id] = unique.Count;
                unique.Add(d);
            }
        }
        var (segments, avg) = BuildSegments(unique);
        var ids = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < unique.Count; i++) ids[unique[i].Id] = i;
        var array = new DocRecord[Math.Max(16, unique.Count)];
        unique.CopyTo(array);
        var columns = new FacetColumns(array.Length);
        for (var i = 0; i < unique.Count; i++) columns.Set(i, unique[i]);
        return IndexSnapshot.Create(segments, array, columns, unique.Count, new ulong[Words(array.Length)], ids.ToImmutable(), avg);
    }

    private IndexSnapshot Append(IndexSnapshot old, IReadOnlyList<DocRecord> docs, Segment[] keepSegments)
    {
        var baseDoc = old.DocCount;
        var (segment, avg) = BuildSegment(docs, baseDoc, old.LiveCount > 0 ? old.AvgFieldLengths : null);
        var array = old.Docs;
        var columns = old.FacetColumns;
        if (baseDoc + docs.Count > array.Length)
        {
            array = new DocRecord[Math.Max(array.Length * 2, baseDoc + docs.Count)];
            Array.Copy(old.Docs, array, baseDoc);
            columns = columns.CopyTo(array.Length, baseDoc);
        }
        for (var i = 0; i < docs.Count; i++)
        {
            array[baseDoc + i] = docs[i];
            columns.Set(baseDoc + i, docs[i]);
        }
        var deleted = new ulong[Words(array.Length)];
        Array.Copy(old.Deleted, deleted, old.Deleted.Length);
        var ids = old.IdToDoc.ToBuilder();
        for (var i = 0; i < docs.Count; i++)
        {
            if (ids.TryGetValue(docs[i].Id, out var previous)) deleted[previous >> 6] |= 1UL << previous;
            ids[docs[i].Id] = baseDoc + i;
        }
        Segment[] segments = segment is null ? keepSegments : [.. keepSegments, segment];
        return IndexSnapshot.Create(segments, array, columns, baseDoc + docs.Count, deleted, ids.ToImmutable(), old.LiveCount > 0 ? old.AvgFieldLengths : avg);
    }

    private IndexSnapshot MaybeCompact(IndexSnapshot snap)
    {
        var deletedCount = snap.DocCount - snap.LiveCount;
        if (snap.DocCount > 64 && deletedCount * 4 > snap.DocCount) return CreateFresh(snap.LiveDocs().ToList());
        if (snap.Segments.Length <= MaxSegments) return snap;
        // re-index the live docs of the smallest segments into one new segment (tiered: a bulk-built segment is not re-indexed
        // because of a 50-doc upload; merged segments grow geometrically, so each doc is re-indexed O(log n) times)
        var small = snap.Segments.OrderBy(s => s.DocCount).Take(snap.Segments.Length - MaxSegments / 2).ToList();
        Segment[] keep = [.. snap.Segments.Where(s => !small.Contains(s))];
        var docs = new List<DocRecord>();
        foreach (var s in small)
            for (var d = s.Base; d < s.Base + s.DocCount; d++)
                if (!snap.IsDeleted(d)) docs.Add(snap.Docs[d]);
        // docs of dropped segments are tombstoned by Append (same ids re-added); ones already deleted stay deleted
        var deleted = (ulong[])snap.Deleted.Clone();
        foreach (var s in small)
            for (var d = s.Base; d < s.Base + s.DocCount; d++) deleted[d >> 6] |= 1UL << d;
        var withoutSmall = IndexSnapshot.Create(keep, snap.Docs, snap.FacetColumns, snap.DocCount, deleted, snap.IdToDoc, snap.AvgFieldLengths);
        return Append(withoutSmall, docs, keep);
    }

    /// <summary>The bulk path: one segment per core for big inputs, analysed in parallel, sharing one set of field-length averages.</summary>
    private (Segment[] Segments, float[] Avg) BuildSegments(List<DocRecord> docs)
    {
        var parts = docs.Count < 4000 ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);
        if (parts == 1)
        {
            var (single, a) = BuildSegment(docs, 0, null);
            return (single is null ? [] : [single], a);
        }
        var size = (docs.Count + parts - 1) / parts;
        var builders = new SegmentBuilder[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var b = new SegmentBuilder(_options.Analyzer, 1 << 16);
            for (var i = p * size; i < Math.Min(docs.Count, (p + 1) * size); i++) b.Add(docs[i]);
            builders[p] = b;
        });
        var avg = new float[SegmentBuilder.FieldCount];
        foreach (var b in builders)
        {
            var partAvg = b.AverageFieldLengths();
            for (var f = 0; f < avg.Length; f++) avg[f] += partAvg[f] * b.DocCount / docs.Count;
        }
        var segments = new Segment[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p => segments[p] = builders[p].Finish(p * size, avg, _options));
        return (segments, avg);
    }

    private (Segment? Segment, float[] Avg) BuildSegment(IReadOnlyList<DocRecord> docs, int baseDoc, float[]? avg)
    {
        if (docs.Count == 0) return (null, avg ?? new float[SegmentBuilder.FieldCount]);
        var builder = new SegmentBuilder(_options.Analyzer, docs.Count > 1000 ? 1 << 16 : 1024);
        foreach (var d in docs) builder.Add(d);
        avg ??= builder.AverageFieldLengths();
        return (builder.Finish(baseDoc, avg, _options), avg);
    }

    private static int Words(int docs) => (docs + 63) >> 6;
}

/// <summary>One immutable state of the index; readers take a reference and use it for the whole request.</summary>
internal sealed class IndexSnapshot
{
    public static readonly IndexSnapshot Empty = Create([], new DocRecord[16], new FacetColumns(16), 0, new ulong[1], ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), new float[SegmentBuilder.FieldCount]);

    public required Segment[] Segments { get; init; }
    /// <summary>Shared append-only array; only [0, DocCount) belongs to this snapshot.</summary>
    public required DocRecord[] Docs { get; init; }
    /// <summary>Facet ordinals of <see cref="Docs"/>, shared and append-only in the same way.</summary>
    public required FacetColumns FacetColumns { get; init; }
    public required int DocCount { get; init; }
    public required ulong[] Deleted { get; init; }
    /// <summary>Live and not restricted.</summary>
    public required ulong[] Visible { get; init; }
    /// <summary>Live, restricted included.</summary>
    public required ulong[] VisibleAll { get; init; }
    public required ImmutableDictionary<string, int> IdToDoc { get; init; }
    public required float[] AvgFieldLengths { get; init; }
    public required int LiveCount { get; init; }


    public static IndexSnapshot Create(Segment[] segments, DocRecord[] docs, FacetColumns columns, int docCount, ulong[] deleted, ImmutableDictionary<string, int> ids, float[] avg)
    {
        var words = (docCount + 63) >> 6;
        var visible = new ulong[Math.Max(1, words)];
        var visibleAll = new ulong[Math.Max(1, words)];
        var live = 0;
        for (var d = 0; d < docCount; d++)
        {
            if ((deleted[d >> 6] & (1UL << d)) != 0) continue;
            live++;
            visibleAll[d >> 6] |= 1UL << d;
            if (!docs[d].Restricted) visible[d >> 6] |= 1UL << d;
        }
        return new IndexSnapshot
        {
            Segments = segments, Docs = docs, FacetColumns = columns, DocCount = docCount, Deleted = deleted, Visible = visible, VisibleAll = visibleAll,
            IdToDoc = ids, AvgFieldLengths = avg, LiveCount = live,
        };
    }

    public bool IsDeleted(int doc) => (Deleted[doc >> 6] & (1UL << doc)) != 0;

    public IEnumerable<DocRecord> LiveDocs()
    {
        for (var d = 0; d < DocCount; d++)
            if (!IsDeleted(d)) yield return Docs[d];
    }

    /// <summary>Document frequency summed over segments (tombstoned docs included, as in Lucene).</summary>
    public int DocFrequency(string term)
    {
        var df = 0;
        foreach (var s in Segments)
            if (s.TermIds.TryGetValue(term, out var id)) df += s.Df[id];
        return df;
    }

    public string DisplayOf(string term)
    {
        foreach (var s in Segments)
            if (s.TermIds.TryGetValue(term, out var id)) return s.Display[id];
        return term;
    }
}
