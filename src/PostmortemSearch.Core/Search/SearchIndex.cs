using Lucene.Net.Search.Similarities;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// Search over postmortems, on Lucene.Net: a thin adapter that turns postmortems into Lucene documents
/// (<see cref="IndexSchema"/>), requests into Lucene queries (<see cref="QueryMapper"/>) and Lucene hits back into
/// <see cref="SearchResults"/>. The index lives in memory (tests, benchmarks) or on disk beside the store
/// (<see cref="Open"/>), where it is derived data: <see cref="CommittedSeq"/> says which store change it reflects.
/// Many concurrent readers, one writer at a time; a search sees one point-in-time state, and writes become visible
/// to new searches as soon as the write call returns (near-real-time), before any commit.
/// </summary>
public sealed partial class SearchIndex : IDisposable
{
    private readonly SearchIndexOptions _options;
    private readonly LuceneIndex _lucene;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, string[]> _factorsById = new(StringComparer.Ordinal);
    private volatile Dictionary<string, HashSet<string>> _idsByFactor = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An index in memory.</summary>
    public SearchIndex(SearchIndexOptions? options = null)
        : this(options ?? SearchIndexOptions.Default, null)
    {
    }

    private SearchIndex(SearchIndexOptions options, string? folder)
    {
        _options = options;
        var similarity = new BM25Similarity(options.K1, options.B);
        _lucene = folder is null ? LuceneIndex.InMemory(options.Analyzer, similarity) : LuceneIndex.Open(folder, options.Analyzer, similarity);
    }

    /// <summary>Opens (creating if needed) the on-disk index in <paramref name="folder"/>. Another process holding it makes this one read-only.</summary>
    public static SearchIndex Open(string folder, SearchIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new SearchIndex(options ?? SearchIndexOptions.Default, folder);
    }

    public SearchIndexOptions Options => _options;

    public Analyzer Analyzer => _options.Analyzer;

    /// <summary>The store change-log sequence the last commit reflects; null when the index is new, was deleted or has another schema.</summary>
    public long? CommittedSeq => _lucene.CommittedSeq;

    /// <summary>Another process owns the on-disk index: writes here are ignored (that process catches up from the store) and searches read its commits.</summary>
    public bool ReadOnly => _lucene.ReadOnly;

    /// <summary>Number of live (not deleted) postmortems, restricted ones included.</summary>
    public int Count
    {
        get
        {
            using var lease = _lucene.Acquire(includeRestricted: true);
            return lease.Reader.NumDocs;
        }
    }

    /// <summary>Replaces the whole index with <paramref name="postmortems"/> (the bulk path; later duplicates of an id win), merged to one segment.</summary>
    public void Build(IEnumerable<Postmortem> postmortems, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        BuildDocuments(postmortems.Select(DocRecord.From), progress);
    }

    internal void BuildDocuments(IEnumerable<DocRecord> docs, IProgress<int>? progress = null)
    {
        lock (_writeLock)
        {
            _lucene.DeleteAll();
            var batch = new List<DocRecord>(1000);
            var done = 0;
            foreach (var d in docs)
            {
                batch.Add(d);
                if (batch.Count < 1000) continue;
                _lucene.Upsert(batch);
                done += batch.Count;
                batch.Clear();
                progress?.Report(done);
            }
            _lucene.Upsert(batch);
            done += batch.Count;
            progress?.Report(done);
            _lucene.MergeToOneSegment();
            _lucene.Refresh();
        }
    }

    /// <summary>Adds or replaces one postmortem (same id = update).</summary>
    public void Upsert(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        Upsert([postmortem]);
    }

    /// <summary>Adds or replaces a batch of postmortems; visible to searches when this returns.</summary>
    public void Upsert(IEnumerable<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        var docs = postmortems.Select(DocRecord.From).ToList();
        if (docs.Count == 0) return;
        lock (_writeLock)
        {
            _lucene.Upsert(docs);
            _lucene.Refresh();
        }
    }

    /// <summary>Removes a postmortem; returns false when the id is not indexed.</summary>
    public bool Remove(string id)
    {
        lock (_writeLock)
        {
            var found = _lucene.Delete(id);
            _lucene.Refresh();
            return found;
        }
    }

    /// <summary>Removes several postmortems (one refresh).</summary>
    public void Remove(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_writeLock)
        {
            foreach (var id in ids) _lucene.Delete(id);
            _lucene.Refresh();
        }
    }

    /// <summary>Durably commits what was written, recording the store change-log sequence it reflects.</summary>
    public void Commit(long storeSeq)
    {
        lock (_writeLock) _lucene.Commit(storeSeq);
    }

    /// <summary>Merges the index to one segment (after a bulk import: queries then visit one segment) and commits.</summary>
    public void MergeSegments(long storeSeq)
    {
        lock (_writeLock)
        {
            _lucene.MergeToOneSegment();
            _lucene.Commit(storeSeq);
        }
    }

    /// <summary>Re-reads the commits of the process that owns the index (read-only mode); otherwise a no-op refresh.</summary>
    public void Refresh() => _lucene.Refresh();

    /// <summary>Sets the factor cluster ids of a postmortem (used by <c>factor:</c>); kept across re-imports.</summary>
    public void SetFactors(string postmortemId, IReadOnlyList<string> clusterIds)
    {
        ArgumentNullException.ThrowIfNull(clusterIds);
        lock (_writeLock)
        {
            _factorsById[postmortemId] = [.. clusterIds];
            var byFactor = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, factors) in _factorsById)
                foreach (var f in factors)
                {
                    if (!byFactor.TryGetValue(f, out var set)) byFactor[f] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(id);
                }
            _idsByFactor = byFactor;
        }
    }

    private HashSet<string>? IdsWithAnyFactor(IReadOnlyList<string> factors)
    {
        if (factors.Count == 0) return null;
        var byFactor = _idsByFactor;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in factors)
            if (byFactor.TryGetValue(f, out var set)) ids.UnionWith(set);
        return ids;
    }

    public void Dispose() => _lucene.Dispose();
}
