using System.Diagnostics;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core;

/// <summary>Who is asking: callers without the restricted scope never see restricted postmortems.</summary>
public sealed record Caller(string Name, bool CanSeeRestricted)
{
    public static readonly Caller Cli = new("cli", CanSeeRestricted: true);
}

/// <summary>What analytics reads: the postmortems a caller may see and their factor clusters, computed once per store version.</summary>
public sealed record AnalyticsSnapshot(IReadOnlyList<Postmortem> Postmortems, FactorClustering Clustering);

/// <summary>
/// The store plus what is derived from it and kept in step with every change: the in-memory search index (built from
/// the store on open, updated on every save and delete) and the factor clusters. The CLI and the server both go
/// through it, so a save is always followed by the index update.
/// </summary>
public sealed class PostmortemCatalog : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly Lock _analyticsLock = new();
    private readonly Dictionary<bool, (long Version, AnalyticsSnapshot Snapshot)> _analytics = [];
    private long _factorsVersion = -1;

    public PostmortemCatalog(PostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null, SemanticOptions? semantic = null)
    {
        Store = store;
        Semantic = semantic is null ? null : new SemanticIndex(store, semantic);
        Time = time ?? TimeProvider.System;
        Index = new SearchIndex(searchOptions);
        var watch = Stopwatch.StartNew();
        Index.Build(store.All());
        IndexBuildTime = watch.Elapsed;
    }

    public PostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

    /// <summary>Vectors and dense retrieval; null when semantic search is off (no model is ever loaded then).</summary>
    public SemanticIndex? Semantic { get; }

    /// <summary>Raised after a save or delete committed (the background embedder wakes up on it).</summary>
    public event Action? Changed;

    /// <summary>How long building the index from the store took when the catalog opened.</summary>
    public TimeSpan IndexBuildTime { get; }

    /// <summary>Today, for "overdue" and review figures.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>Saves a batch (one transaction) and then brings the index up to date with what changed.</summary>
    public IReadOnlyList<SaveResult> Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null)
    {
        lock (_writeLock)
        {
            var results = Store.SaveBatch(batch, actor, rejected);
            var changed = new HashSet<string>(results.Where(r => r.Status != SaveStatus.Unchanged).Select(r => r.Id), StringComparer.Ordinal);
            // The last version of an id in the batch is what the store kept.
            var latest = batch.Where(p => changed.Contains(p.Id)).GroupBy(p => p.Id).Select(g => g.Last()).ToList();
            if (latest.Count > 0) Index.Upsert(latest);
            if (latest.Count > 0) Changed?.Invoke();
            return results;
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            var removed = Store.Delete(id, actor);
            if (removed) Index.Remove(id);
            if (removed) Changed?.Invoke();
            return removed;
        }
    }

    public Postmortem? Get(string id, Caller caller) =>
        Store.Get(id) is { } p && (caller.CanSeeRestricted || !p.Restricted) ? p : null;

    public IReadOnlyList<Postmortem> All(Caller caller) =>
        caller.CanSeeRestricted ? Store.All() : [.. Store.All().Where(p => !p.Restricted)];

    /// <summary>Search as <paramref name="caller"/>: restricted postmortems are excluded from hits and facets unless the caller may see them.</summary>
    public SearchResults Search(SearchRequest request, Caller caller)
    {
        // Clustering is only needed for the factor: filter; plain searches never wait for it.
        if (request.Factor is not null || request.Query.Contains("factor:", StringComparison.OrdinalIgnoreCase)) EnsureFactors();
        var scoped = request with { IncludeRestricted = caller.CanSeeRestricted };
        return Semantic is null ? Index.Search(scoped) : HybridSearch.Search(Index, Semantic, scoped);
    }

    public IReadOnlyList<SimilarHit>? Similar(string id, int k, Caller caller)
    {
        if (Get(id, caller) is null) return null;
        EnsureFactors();
        // Shared clusters are named from the clustering of what the caller may see (as /api/factors is): a cluster
        // label built over restricted statements must not reach a caller without access.
        var clusters = Analytics(caller).Clustering.Clusters.Where(c => c.IncidentIds.Contains(id, StringComparer.Ordinal)).ToList();
        var lexical = Index.Similar(id, k, caller.CanSeeRestricted);
        var hits = Semantic is null ? lexical : SimilarIncidents.Merge(lexical, Semantic, id, k, caller.CanSeeRestricted);
        return [.. hits.Select(hit => WithSharedClusters(hit, clusters))];
    }

    private static SimilarHit WithSharedClusters(SimilarHit hit, List<FactorCluster> clustersOfSelf)
    {
        var shared = clustersOfSelf.Where(c => c.IncidentIds.Contains(hit.Id, StringComparer.Ordinal)).ToList();
        var reasons = shared.Select(c => "both: " + c.Label)
            .Concat(hit.Reasons.Count > 0 ? hit.Reasons : hit.SharedTerms.Count > 0 ? ["shared terms: " + string.Join(", ", hit.SharedTerms)] : []);
        return hit with { SharedFactors = [.. shared.Select(c => c.Id)], SharedFactorLabels = [.. shared.Select(c => c.Label)], Reasons = [.. reasons] };
    }

    /// <summary>Postmortems and clusters over what <paramref name="caller"/> may see; recomputed only after the store changed.</summary>
    public AnalyticsSnapshot Analytics(Caller caller)
    {
        var key = caller.CanSeeRestricted;
        lock (_analyticsLock)
        {
            var version = Store.Version;
            if (_analytics.TryGetValue(key, out var cached) && cached.Version == version) return cached.Snapshot;
            var postmortems = All(caller);
            var snapshot = new AnalyticsSnapshot(postmortems, new FactorClusterer().Cluster(postmortems));
            _analytics[key] = (version, snapshot);
            return snapshot;
        }
    }

    /// <summary>Keeps the index's <c>factor:</c> column in step with the clusters over all postmortems.</summary>
    private void EnsureFactors()
    {
        if (Interlocked.Read(ref _factorsVersion) == Store.Version) return;
        var version = Store.Version;
        var snapshot = Analytics(Caller.Cli);
        var byPostmortem = snapshot.Clustering.Clusters
            .SelectMany(c => c.IncidentIds.Select(id => (id, c.Id)))
            .GroupBy(x => x.id, StringComparer.Ordinal);
        foreach (var group in byPostmortem) Index.SetFactors(group.Key, [.. group.Select(x => x.Item2).Distinct()]);
        Interlocked.Exchange(ref _factorsVersion, version);
    }

    public void Dispose() => Store.Dispose();
}
