using System.Diagnostics;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core;

/// <summary>Who is asking: callers without the restricted scope never see restricted postmortems.</summary>
public sealed record Caller(string Name, bool CanSeeRestricted)
{
    public static readonly Caller Cli = new("cli", CanSeeRestricted: true);
}

/// <summary>What analytics reads: the postmortems a caller may see and their factor clusters, computed once per store version.</summary>
public sealed record AnalyticsSnapshot(IReadOnlyList<Postmortem> Postmortems, FactorClustering Clustering)
{
    /// <summary>When the clusters were computed.</summary>
    public DateTimeOffset ComputedAt { get; init; }
    /// <summary>The store or curation changed since; a newer result is being computed in the background.</summary>
    public bool Stale { get; init; }
}

/// <summary>
/// The store plus what is derived from it and kept in step with every change: the in-memory search index (built from
/// the store on open, updated on every save and delete) and the factor clusters. The CLI and the server both go
/// through it, so a save is always followed by the index update.
/// </summary>
public sealed class PostmortemCatalog : IDisposable
{
    private readonly Lock _writeLock = new();
    private long _factorsVersion = -1;

    public PostmortemCatalog(PostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
        Index = new SearchIndex(searchOptions);
        Factors = new FactorAnalytics(store, Time, SharedStatementEmbedding.FromEnvironment);
        var watch = Stopwatch.StartNew();
        Index.Build(store.All());
        IndexBuildTime = watch.Elapsed;
    }

    public PostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

    /// <summary>Factor clusters, statement vectors, taxonomy and curation.</summary>
    public FactorAnalytics Factors { get; }

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
            if (latest.Count > 0 && Factors.Background) Factors.Refresh();
            return results;
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            var removed = Store.Delete(id, actor);
            if (removed) Index.Remove(id);
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
        return Index.Search(request with { IncludeRestricted = caller.CanSeeRestricted });
    }

    public IReadOnlyList<SimilarHit>? Similar(string id, int k, Caller caller)
    {
        if (Get(id, caller) is null) return null;
        EnsureFactors();
        // Shared clusters are named from the clustering of what the caller may see (as /api/factors is): a cluster
        // label built over restricted statements must not reach a caller without access.
        var clusters = Analytics(caller).Clustering.Clusters.Where(c => c.IncidentIds.Contains(id, StringComparer.Ordinal)).ToList();
        return [.. Index.Similar(id, k, caller.CanSeeRestricted).Select(hit => WithSharedClusters(hit, clusters))];
    }

    private static SimilarHit WithSharedClusters(SimilarHit hit, List<FactorCluster> clustersOfSelf)
    {
        var shared = clustersOfSelf.Where(c => c.IncidentIds.Contains(hit.Id, StringComparer.Ordinal)).ToList();
        return hit with { SharedFactors = [.. shared.Select(c => c.Id)], SharedFactorLabels = [.. shared.Select(c => c.Label)] };
    }

    /// <summary>Postmortems and clusters over what <paramref name="caller"/> may see; recomputed only after the store or curation changed.</summary>
    public AnalyticsSnapshot Analytics(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return Factors.Snapshot(caller.CanSeeRestricted, () => All(caller));
    }

    /// <summary>Stores a curation decision made by <paramref name="caller"/> and returns it with the clusters recomputed.</summary>
    public (CurationDecision Decision, AnalyticsSnapshot Snapshot) Curate(CurationRequest request, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var decision = Factors.Curate(request, caller.Name, Analytics(caller) is { Stale: false } fresh ? fresh : Factors.Recompute(caller.CanSeeRestricted, () => All(caller)));
        return (decision, Factors.Recompute(caller.CanSeeRestricted, () => All(caller)));
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
