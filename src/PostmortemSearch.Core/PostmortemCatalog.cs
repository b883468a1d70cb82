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

/// <summary>How far <see cref="PostmortemCatalog.CatchUp"/> is: <paramref name="Done"/> of <paramref name="Total"/> postmortems; <paramref name="Rebuild"/> when the index is built from scratch.</summary>
public sealed record IndexProgress(int Done, int Total, bool Rebuild);

/// <summary>
/// The store plus what is derived from it and kept in step with every change: the search index (on disk beside the
/// store, <c>&lt;db&gt;.index/</c>, caught up from the store's change log on open and after every save and delete)
/// and the factor clusters. The CLI and the server both go through it, so a save is always followed by the index update.
/// </summary>
public sealed class PostmortemCatalog : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly Lock _analyticsLock = new();
    private readonly Dictionary<bool, (long Version, AnalyticsSnapshot Snapshot)> _analytics = [];
    private long _factorsVersion = -1;

    private const int CatchUpPage = 5_000;
    /// <summary>More changes than this fraction of the store behind: rebuilding is cheaper than replaying them one by one.</summary>
    private const double RebuildFraction = 0.5;

    /// <summary>Opens the catalog; the index is caught up with the store before this returns (progress for long catch-ups).</summary>
    public PostmortemCatalog(PostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null, IProgress<IndexProgress>? progress = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
        Index = SearchIndex.Open(IndexFolder(store.Path), searchOptions);
        var watch = Stopwatch.StartNew();
        CatchUp(progress);
        IndexBuildTime = watch.Elapsed;
    }

    /// <summary>Where the index of the store at <paramref name="storePath"/> lives.</summary>
    public static string IndexFolder(string storePath) => storePath + ".index";

    public PostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

    /// <summary>How long catching the index up with the store took when the catalog opened (near zero for a current index).</summary>
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
            // The last version of an id in the batch is what the store kept: no need to read it back.
            var latest = batch.Where(p => changed.Contains(p.Id)).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            if (latest.Count > 0) CatchUp(null, latest);
            return results;
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            var removed = Store.Delete(id, actor);
            if (removed) CatchUp();
            return removed;
        }
    }

    /// <summary>
    /// Brings the index up to the store's last change: nothing to do when the index commit records it; the changes
    /// since the recorded sequence are replayed (also those written by another process); a missing index, one from
    /// another schema, one ahead of the store (a restored backup) or one far behind is rebuilt. Then commits with
    /// the sequence reached, so a crash between a store commit and an index commit is repaired on the next open.
    /// Searches keep answering from the previous state until the new one is refreshed in. Returns the postmortems applied.
    /// </summary>
    public int CatchUp(IProgress<IndexProgress>? progress = null) => CatchUp(progress, null);

    private int CatchUp(IProgress<IndexProgress>? progress, IReadOnlyDictionary<string, Postmortem>? known)
    {
        lock (_writeLock)
        {
            if (Index.ReadOnly)
            {
                Index.Refresh();
                return 0;
            }
            var storeSeq = Store.LastChangeSeq();
            var indexSeq = Index.CommittedSeq;
            if (indexSeq == storeSeq) return 0;
            if (indexSeq is not { } from || from > storeSeq || storeSeq - from > Math.Max(CatchUpPage, Store.Count() * RebuildFraction))
            {
                var all = Store.All();
                progress?.Report(new IndexProgress(0, all.Count, Rebuild: true));
                Index.Build(all, new Progress(progress, all.Count));
                Index.Commit(storeSeq);
                return all.Count;
            }
            var applied = 0;
            while (true)
            {
                var changes = Store.ChangesSince(from, CatchUpPage);
                if (changes.Count == 0) break;
                var last = changes.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
                var upserts = new List<Postmortem>();
                var deletes = new List<string>();
                foreach (var change in last)
                {
                    var p = change.Deleted ? null : known?.GetValueOrDefault(change.Id) ?? Store.Get(change.Id);
                    if (p is null) deletes.Add(change.Id);
                    else upserts.Add(p);
                }
                Index.Remove(deletes);
                Index.Upsert(upserts);
                applied += last.Count;
                from = changes[^1].Seq;
                progress?.Report(new IndexProgress(applied, applied, Rebuild: false));
            }
            Index.Commit(from);
            return applied;
        }
    }

    /// <summary>After a bulk import: catches up, then merges the index to one segment (a few seconds at 10⁵ postmortems).</summary>
    public void MergeIndex()
    {
        lock (_writeLock)
        {
            CatchUp();
            if (Index.CommittedSeq is { } seq) Index.MergeSegments(seq);
        }
    }

    private sealed class Progress(IProgress<IndexProgress>? inner, int total) : IProgress<int>
    {
        public void Report(int value) => inner?.Report(new IndexProgress(value, total, Rebuild: true));
    }

    public Postmortem? Get(string id, Caller caller) =>
        Store.Get(id) is { } p && (caller.CanSeeRestricted || !p.Restricted) ? p : null;

    public IReadOnlyList<Postmortem> All(Caller caller) =>
        caller.CanSeeRestricted ? Store.All() : [.. Store.All().Where(p => !p.Restricted)];

    /// <summary>Search as <paramref name="caller"/>: restricted postmortems are excluded from hits and facets unless the caller may see them.</summary>
    public SearchResults Search(SearchRequest request, Caller caller, CancellationToken cancellationToken = default)
    {
        // Clustering is only needed for the factor: filter; plain searches never wait for it.
        if (request.Factor is not null || request.Query.Contains("factor:", StringComparison.OrdinalIgnoreCase)) EnsureFactors();
        return Index.Search(request with { IncludeRestricted = caller.CanSeeRestricted }, cancellationToken);
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

    public void Dispose()
    {
        Index.Dispose();
        Store.Dispose();
    }
}
