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
/// the store on open, then caught up from the store's change log after every save and delete here, and by
/// <see cref="CatchUp"/> for changes made elsewhere — another process or replica) and the factor clusters. The CLI and the server both go
/// through it, so a save is always followed by the index update.
/// </summary>
public sealed class PostmortemCatalog : IDisposable
{
    private readonly Lock _writeLock = new();
    private long _factorsVersion = -1;

    public PostmortemCatalog(IPostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
        Index = new SearchIndex(searchOptions);
        Factors = new FactorAnalytics(store, Time, SharedStatementEmbedding.FromEnvironment);
        var watch = Stopwatch.StartNew();
        // The sequence is read before the rows: a change committed in between is applied again by CatchUp (upserts are idempotent).
        var seq = store.LastChangeSeq();
        Index.Build(store.All());
        _appliedSeq = seq;
        IndexBuildTime = watch.Elapsed;
    }

    public IPostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

    /// <summary>Factor clusters, statement vectors, taxonomy and curation.</summary>
    public FactorAnalytics Factors { get; }

    /// <summary>How long building the index from the store took when the catalog opened.</summary>
    public TimeSpan IndexBuildTime { get; }

    /// <summary>Today, for "overdue" and review figures.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Saves a batch (one transaction) as <paramref name="caller"/> (default: the CLI, which sees restricted
    /// postmortems) and then brings the index up to date with what changed. Who may update what is the store's rule
    /// (<see cref="PostmortemStore.Save"/>).
    /// </summary>
    public IReadOnlyList<SaveResult> Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null, Caller? caller = null)
    {
        lock (_writeLock)
        {
            // The store decides ids and rights; the index then follows the change log (this batch, and anything another
            // replica committed meanwhile), reading back exactly what the store kept.
            var outcome = Store.Save(batch, actor, rejected, (caller ?? Caller.Cli).CanSeeRestricted);
            CatchUp();
            return outcome.Results;
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            var removed = Store.Delete(id, actor);
            CatchUp();
            return removed;
        }
    }

    private readonly Lock _catchUpLock = new();
    private long _appliedSeq;

    /// <summary>The last change-log sequence this catalog's derived data (index, analytics) reflects.</summary>
    public long AppliedSeq => Interlocked.Read(ref _appliedSeq);

    /// <summary>
    /// Applies the store's change log after <see cref="AppliedSeq"/> to the derived data: writes and deletes made
    /// through this catalog, by another process on the same file, or by another replica on the same database.
    /// Returns how many changes it applied; <paramref name="progress"/> hears (applied, last) after each page.
    /// </summary>
    public int CatchUp(Action<long, long>? progress = null)
    {
        lock (_catchUpLock)
        {
            var applied = 0;
            while (true)
            {
                var changes = Store.ChangesSince(AppliedSeq, CatchUpPage);
                if (changes.Count == 0) return applied;
                // Only the last change of an id in the page matters; the row is read now, so a write committed after
                // the page was read is simply applied early (and again when its own change comes round).
                var upserts = new List<Postmortem>();
                foreach (var change in changes.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()))
                {
                    if (!change.Deleted && Readable(change.Id) is { } postmortem) upserts.Add(postmortem);
                    else Index.Remove(change.Id);
                }
                if (upserts.Count > 0) Index.Upsert(upserts);
                Interlocked.Exchange(ref _appliedSeq, changes[^1].Seq);
                Store.MarkChanged(); // caches keyed on the store's version (factor analytics) see other writers' changes
                applied += changes.Count;
                progress?.Invoke(changes[^1].Seq, Store.LastChangeSeq());
            }
        }
    }

    private const int CatchUpPage = 1_000;

    /// <summary>A damaged row is left out of the index (the store reports it), not a reason to stop catching up.</summary>
    private Postmortem? Readable(string id)
    {
        try
        {
            return Store.Get(id);
        }
        catch (UnreadablePostmortemException)
        {
            return null;
        }
    }

    /// <summary>Makes a kept version current again (admin); the index follows.</summary>
    public Postmortem? Restore(string id, long version, string actor)
    {
        lock (_writeLock)
        {
            var restored = Store.Restore(id, version, actor);
            CatchUp();
            return restored;
        }
    }

    /// <summary>Kept versions of a postmortem, as <paramref name="caller"/> may see them (restricted versions only with the scope).</summary>
    public IReadOnlyList<PostmortemVersion> History(string id, Caller caller) =>
        [.. Store.History(id).Where(v => caller.CanSeeRestricted || !v.Restricted)];

    /// <summary>
    /// The postmortem if <paramref name="caller"/> may see it. Visibility is decided from the id and restricted
    /// columns before any row is read: an unknown and a restricted id answer alike and in the same time.
    /// </summary>
    public Postmortem? Get(string id, Caller caller)
    {
        CatchUp();
        if (!Store.IsVisible(id, caller.CanSeeRestricted)) return null;
        return Store.Get(id) is { } p && (caller.CanSeeRestricted || !p.Restricted) ? p : null;
    }

    public IReadOnlyList<Postmortem> All(Caller caller)
    {
        CatchUp();
        return caller.CanSeeRestricted ? Store.All() : [.. Store.All().Where(p => !p.Restricted)];
    }

    /// <summary>Search as <paramref name="caller"/>: restricted postmortems are excluded from hits and facets unless the caller may see them.</summary>
    public SearchResults Search(SearchRequest request, Caller caller)
    {
        // Clustering is only needed for the factor: filter; plain searches never wait for it.
        try
        {
            CatchUp();
        }
        catch (StoreUnavailableException)
        {
            // The store is down: answer from this replica's index as it stands (read-only); the follower catches up later.
        }
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
        CatchUp();
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
        if (Interlocked.Read(ref _factorsVersion) == AppliedSeq) return;
        var version = AppliedSeq;
        var snapshot = Analytics(Caller.Cli);
        var byPostmortem = snapshot.Clustering.Clusters
            .SelectMany(c => c.IncidentIds.Select(id => (id, c.Id)))
            .GroupBy(x => x.id, StringComparer.Ordinal);
        foreach (var group in byPostmortem) Index.SetFactors(group.Key, [.. group.Select(x => x.Item2).Distinct()]);
        Interlocked.Exchange(ref _factorsVersion, version);
    }

    public void Dispose() => Store.Dispose();
}
