using System.Diagnostics;
using PostmortemSearch.Core.Analytics;
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

    public PostmortemCatalog(PostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
        Index = new SearchIndex(searchOptions);
        var watch = Stopwatch.StartNew();
        // Read before the rows: a change committed between the two is applied again by CatchUp, never missed.
        _seenSeq = store.LastChangeSeq();
        Index.Build(store.All());
        IndexBuildTime = watch.Elapsed;
    }

    public PostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

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
            CatchUpLocked();
            var outcome = Store.Save(batch, actor, rejected, (caller ?? Caller.Cli).CanSeeRestricted);
            // The last version of an id in the batch is what the store kept, under the id the store gave it.
            var latest = outcome.Results.Select((r, i) => (r, p: batch[i]))
                .Where(x => x.r.Status is SaveStatus.Imported or SaveStatus.Updated)
                .Select(x => x.p with { Id = x.r.Id })
                .GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            if (latest.Count > 0) Index.Upsert(latest);
            // Nobody else wrote between our catch-up and this batch: the index now holds everything up to its end.
            if (outcome.SeqBefore == _seenSeq) Volatile.Write(ref _seenSeq, outcome.SeqAfter);
            return outcome.Results;
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

    /// <summary>Makes a kept version current again (admin); the index follows.</summary>
    public Postmortem? Restore(string id, long version, string actor)
    {
        lock (_writeLock)
        {
            var restored = Store.Restore(id, version, actor);
            if (restored is not null) Index.Upsert([restored]);
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

    private long _seenSeq;

    /// <summary>
    /// Brings the search index (and, through the store's version, analytics) up to date with changes another process
    /// or replica committed to the store (e.g. <c>pmsearch import</c> while <c>pmsearch serve</c> runs), from the store's
    /// change log. Cheap when nothing changed (SQLite's data_version on an open connection), so every read calls it.
    /// </summary>
    public void CatchUp()
    {
        // Read before catching up: a commit after this read changes the next one, so nothing is missed; a reader that
        // sees a newer version than the one applied waits on the lock for a catch-up in progress.
        var dataVersion = Store.DataVersion();
        if (dataVersion == Volatile.Read(ref _appliedDataVersion)) return;
        lock (_writeLock)
        {
            if (Store.LastChangeSeq() > _seenSeq) CatchUpLocked();
            Volatile.Write(ref _appliedDataVersion, dataVersion);
        }
    }

    private long _appliedDataVersion = -1;

    private void CatchUpLocked()
    {
        var applied = false;
        while (true)
        {
            var changes = Store.ChangesSince(_seenSeq, 1000);
            if (changes.Count == 0) break;
            var upserts = new List<Postmortem>();
            foreach (var change in changes.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()))
            {
                Postmortem? current = null;
                if (!change.Deleted)
                {
                    try
                    {
                        current = Store.Get(change.Id);
                    }
                    catch (UnreadablePostmortemException)
                    {
                        current = null;
                    }
                }
                if (current is null) Index.Remove(change.Id);
                else upserts.Add(current);
            }
            if (upserts.Count > 0) Index.Upsert(upserts);
            Volatile.Write(ref _seenSeq, changes[^1].Seq);
            applied = true;
        }
        if (applied) Store.MarkChanged();
    }

    /// <summary>Search as <paramref name="caller"/>: restricted postmortems are excluded from hits and facets unless the caller may see them.</summary>
    public SearchResults Search(SearchRequest request, Caller caller)
    {
        // Clustering is only needed for the factor: filter; plain searches never wait for it.
        CatchUp();
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

    /// <summary>Postmortems and clusters over what <paramref name="caller"/> may see; recomputed only after the store changed.</summary>
    public AnalyticsSnapshot Analytics(Caller caller)
    {
        var key = caller.CanSeeRestricted;
        CatchUp();
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
