using System.Diagnostics;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Curation;
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
public sealed record AnalyticsSnapshot(IReadOnlyList<Postmortem> Postmortems, FactorClustering Clustering)
{
    /// <summary>When the clusters were computed.</summary>
    public DateTimeOffset ComputedAt { get; init; }
    /// <summary>The store or curation changed since; a newer result is being computed in the background.</summary>
    public bool Stale { get; init; }
}

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
    private long _factorsVersion = -1;

    private const int CatchUpPage = 5_000;
    /// <summary>More changes than this fraction of the store behind: rebuilding is cheaper than replaying them one by one.</summary>
    private const double RebuildFraction = 0.5;

    /// <summary>
    /// Opens the catalog; the index is caught up with the store before this returns (progress for long catch-ups).
    /// <paramref name="indexFolder"/>: where this process keeps its search index (default: beside a SQLite file; each
    /// replica of a PostgreSQL store keeps its own).
    /// </summary>
    public PostmortemCatalog(IPostmortemStore store, TimeProvider? time = null, SearchIndexOptions? searchOptions = null, IProgress<IndexProgress>? progress = null, SemanticOptions? semantic = null, string? indexFolder = null)
    {
        Store = store;
        // Passage vectors live in the store (Semantic/IVectorStore.cs); on PostgreSQL every replica shares them.
        Semantic = semantic is not null ? new SemanticIndex(store, semantic) : null;
        Time = time ?? TimeProvider.System;
        Index = SearchIndex.Open(indexFolder ?? (store is PostmortemStore file ? IndexFolder(file.Path)
            : throw new ArgumentException("a store that is not a local file needs a folder for this process's search index", nameof(indexFolder))), searchOptions);
        Factors = new FactorAnalytics(store, Time, SharedStatementEmbedding.FromEnvironment);
        var watch = Stopwatch.StartNew();
        CatchUp(progress);
        DropUnreadable();
        IndexBuildTime = watch.Elapsed;
    }

    /// <summary>
    /// A row damaged behind the store's back (no change-log entry) would stay searchable in the persistent index while
    /// every read of it fails: such rows leave the index and are reported (CLI stderr, /health "degraded").
    /// </summary>
    private void DropUnreadable()
    {
        var unreadable = Store.ScanUnreadable();
        if (unreadable.Count == 0 || Index.ReadOnly || Index.CommittedSeq is not { } seq) return;
        lock (_writeLock)
        {
            Index.Remove([.. unreadable.Keys]);
            Index.Commit(seq);
        }
    }

    /// <summary>Where the index of a SQLite store at <paramref name="storePath"/> lives.</summary>
    public static string IndexFolder(string storePath) => storePath + ".index";

    public IPostmortemStore Store { get; }
    public TimeProvider Time { get; }
    public SearchIndex Index { get; }

    /// <summary>Vectors and dense retrieval; null when semantic search is off (no model is ever loaded then).</summary>
    public SemanticIndex? Semantic { get; }

    /// <summary>Raised after a save or delete committed (the background embedder wakes up on it).</summary>
    public event Action? Changed;

    /// <summary>Factor clusters, statement vectors, taxonomy and curation.</summary>
    public FactorAnalytics Factors { get; }

    /// <summary>How long catching the index up with the store took when the catalog opened (near zero for a current index).</summary>
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
            var outcome = Store.Save(batch, actor, rejected, (caller ?? Caller.Cli).CanSeeRestricted);
            // The last version of an id in the batch is what the store kept, under the id the store gave it: no need to read it back.
            var latest = outcome.Results.Select((r, i) => (r, p: batch[i]))
                .Where(x => x.r.Status is SaveStatus.Imported or SaveStatus.Updated)
                .Select(x => x.p with { Id = x.r.Id })
                .GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            if (latest.Count > 0)
            {
                CatchUp(null, latest);
                Changed?.Invoke();
                if (Factors.Background) Factors.Refresh();
            }
            return outcome.Results;
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            var removed = Store.Delete(id, actor);
            if (removed)
            {
                CatchUp();
                Changed?.Invoke();
            }
            return removed;
        }
    }

    /// <summary>The last change-log sequence this process's search index reflects (0 before its first commit).</summary>
    public long AppliedSeq => Index.CommittedSeq ?? 0;

    /// <summary>Makes a kept version current again (admin); the index follows.</summary>
    public Postmortem? Restore(string id, long version, string actor)
    {
        lock (_writeLock)
        {
            var restored = Store.Restore(id, version, actor);
            if (restored is not null)
            {
                CatchUp();
                Changed?.Invoke();
            }
            return restored;
        }
    }

    /// <summary>Kept versions of a postmortem, as <paramref name="caller"/> may see them (restricted versions only with the scope).</summary>
    public IReadOnlyList<PostmortemVersion> History(string id, Caller caller) =>
        [.. Store.History(id).Where(v => caller.CanSeeRestricted || !v.Restricted)];

    /// <summary>
    /// Brings the index up to the store's last change: nothing to do when the index commit records it; the changes
    /// since the recorded sequence are replayed (also those written by another process); a missing index, one from
    /// another schema, one ahead of the store (a restored backup) or one far behind is rebuilt. Then commits with
    /// the sequence reached, so a crash between a store commit and an index commit is repaired on the next open.
    /// Searches keep answering from the previous state until the new one is refreshed in. Returns the postmortems applied.
    /// </summary>
    public int CatchUp(IProgress<IndexProgress>? progress = null)
    {
        // Every read calls this (writes by another process, e.g. `pmsearch import` while `serve` runs, must show).
        // Read the data version first: a commit after this read changes the next one, so nothing is missed. When it did
        // not move, nothing was committed anywhere (a few microseconds on the open connection). A read-only index
        // follows another process's index commits, which come after its store commits: it always refreshes.
        var dataVersion = Store.DataVersion();
        if (!Index.ReadOnly && dataVersion == Volatile.Read(ref _appliedDataVersion)) return 0;
        var applied = !Index.ReadOnly && Index.CommittedSeq == Store.LastChangeSeq() ? 0 : CatchUp(progress, null);
        if (applied > 0) Store.MarkChanged();
        Volatile.Write(ref _appliedDataVersion, dataVersion);
        return applied;
    }

    private long _appliedDataVersion = -1;

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
                    var p = change.Deleted ? null : known?.GetValueOrDefault(change.Id) ?? ReadOrNull(change.Id);
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

    /// <summary>A row that cannot be read leaves the index (the store reports it); it must not stop the catch-up.</summary>
    private Postmortem? ReadOrNull(string id)
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
    public SearchResults Search(SearchRequest request, Caller caller, CancellationToken cancellationToken = default)
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
        var scoped = request with { IncludeRestricted = caller.CanSeeRestricted };
        return Semantic is null ? Index.Search(scoped, cancellationToken) : HybridSearch.Search(Index, Semantic, scoped, cancellationToken: cancellationToken);
    }

    public IReadOnlyList<SimilarHit>? Similar(string id, int k, Caller caller)
    {
        if (Get(id, caller) is null) return null;
        EnsureFactors();
        // Shared clusters are named from the clustering of what the caller may see (as /api/factors is): a cluster
        // label built over restricted statements must not reach a caller without access.
        var clusters = Analytics(caller).Clustering.Clusters.Where(c => c.IncidentIds.Contains(id, StringComparer.Ordinal)).ToList();
        var lexical = Index.Similar(id, k, caller.CanSeeRestricted);
        var hits = Semantic is null ? lexical : SimilarIncidents.Merge(lexical, Semantic, Index, id, k, caller.CanSeeRestricted);
        return [.. hits.Select(hit => WithSharedClusters(hit, clusters))];
    }

    private static SimilarHit WithSharedClusters(SimilarHit hit, List<FactorCluster> clustersOfSelf)
    {
        var shared = clustersOfSelf.Where(c => c.IncidentIds.Contains(hit.Id, StringComparer.Ordinal)).ToList();
        var reasons = shared.Select(c => "both: " + c.Label)
            .Concat(hit.Reasons.Count > 0 ? hit.Reasons : hit.SharedTerms.Count > 0 ? ["shared terms: " + string.Join(", ", hit.SharedTerms)] : []);
        return hit with { SharedFactors = [.. shared.Select(c => c.Id)], SharedFactorLabels = [.. shared.Select(c => c.Label)], Reasons = [.. reasons] };
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
