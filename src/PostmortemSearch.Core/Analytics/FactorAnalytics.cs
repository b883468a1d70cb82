using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Analytics.Taxonomy;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core.Analytics;

/// <summary>A curation request as a user makes it (the statements are resolved against the current clusters).</summary>
public sealed record CurationRequest(CurationAction Action, string ClusterId, string? TargetClusterId = null, string? Label = null, IReadOnlyList<string>? StatementKeys = null);

/// <summary>A curation request that cannot be carried out; <see cref="NotFound"/> when a named cluster or statement does not exist.</summary>
public sealed class CurationException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}

/// <summary>
/// Factor analytics over a store: statement vectors kept in step with the change log, the taxonomy (shipped or
/// imported) with every curation folded in, and the clusters — recomputed after a change, either at once (CLI) or in
/// the background while the last result is served with its age (<c>serve</c>).
/// </summary>
public sealed class FactorAnalytics
{
    private readonly IPostmortemStore _store;
    private readonly TimeProvider _time;
    private readonly Lazy<StatementEmbedding?> _embedding;
    private readonly Lock _lock = new();
    private readonly Lock _vectorLock = new();
    private readonly Dictionary<bool, (long Version, long FactorsVersion, AnalyticsSnapshot Snapshot)> _cache = [];
    private readonly Dictionary<bool, Func<IReadOnlyList<Postmortem>>> _loaders = [];
    private bool _loadedVectors;
    private Thread? _worker;
    private bool _dirty;

    public FactorAnalytics(IPostmortemStore store, TimeProvider time, Func<StatementEmbedding?> embedding, bool background = false)
    {
        _store = store;
        _time = time;
        _embedding = new Lazy<StatementEmbedding?>(embedding);
        Background = background;
    }

    /// <summary>Recompute in the background and serve the last result meanwhile (set by <c>serve</c>).</summary>
    public bool Background { get; set; }

    public StatementEmbedding? Embedding => _embedding.Value;

    public FactorClustererOptions Options { get; init; } = new();

    /// <summary>The imported taxonomy, or the shipped one.</summary>
    public FactorTaxonomy Taxonomy => _store.TaxonomyJson() is { } json ? FactorTaxonomy.Parse(json, "stored taxonomy") : FactorTaxonomy.Default;

    public CuratedTaxonomy Curated() => CuratedTaxonomy.Apply(Taxonomy, _store.Curations());

    /// <summary>Validates and stores <paramref name="json"/> as the taxonomy (<see cref="TaxonomyFormatException"/> names the problem).</summary>
    public FactorTaxonomy ImportTaxonomy(string json, string source, string actor)
    {
        var taxonomy = FactorTaxonomy.Parse(json, source);
        _store.SaveTaxonomyJson(taxonomy.ToJson(), actor, $"{taxonomy.Categories.Count} categories from {source}");
        return taxonomy;
    }

    /// <summary>
    /// Embeds the factor statements of every postmortem changed since the last catch-up (read from the change log) and
    /// stores the vectors; returns how many statements were embedded.
    /// </summary>
    public int CatchUpVectors()
    {
        if (Embedding is not { } embedding) return 0;
        lock (_vectorLock)
        {
            var progress = "statement-vectors:" + embedding.ModelId;
            if (!_loadedVectors)
            {
                foreach (var v in _store.StatementVectors(embedding.ModelId)) embedding.Remember(v.Text, v.Vector);
                _loadedVectors = true;
            }
            var seq = _store.DerivedProgress(progress);
            var embedded = 0;
            while (true)
            {
                var changes = _store.ChangesSince(seq, 2000);
                if (changes.Count == 0) break;
                foreach (var change in changes.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()))
                {
                    if (change.Deleted || _store.Get(change.Id) is not { } postmortem) { _store.DeleteStatementVectors(change.Id); continue; }
                    var statements = FactorStatements.Extract(postmortem);
                    var before = embedding.Cached;
                    var vectors = embedding.Embed([.. statements.Select(s => s.Text)]);
                    embedded += embedding.Cached - before;
                    _store.SaveStatementVectors(postmortem.Id, embedding.ModelId, [.. statements.Select((s, i) => (i, s.Text, vectors[i]))]);
                }
                seq = changes[^1].Seq;
                _store.SetDerivedProgress(progress, seq);
            }
            return embedded;
        }
    }

    /// <summary>The clusters over what <paramref name="load"/> returns; cached per store and curation version.</summary>
    public AnalyticsSnapshot Snapshot(bool restricted, Func<IReadOnlyList<Postmortem>> load)
    {
        lock (_lock)
        {
            _loaders[restricted] = load;
            var (version, factors) = (_store.Version, _store.FactorsVersion);
            if (_cache.TryGetValue(restricted, out var cached))
            {
                if (cached.Version == version && cached.FactorsVersion == factors) return cached.Snapshot;
                if (Background)
                {
                    Refresh();
                    return cached.Snapshot with { Stale = true };
                }
            }
        }
        return Compute(restricted, load);
    }

    /// <summary>Recomputes now (after a curation, so the curator sees its effect), whatever the mode.</summary>
    public AnalyticsSnapshot Recompute(bool restricted, Func<IReadOnlyList<Postmortem>> load) => Compute(restricted, load);

    private AnalyticsSnapshot Compute(bool restricted, Func<IReadOnlyList<Postmortem>> load)
    {
        var (version, factors) = (_store.Version, _store.FactorsVersion);
        CatchUpVectors();
        var postmortems = load();
        var clusterer = new FactorClusterer(Options, Curated(), Embedding);
        var snapshot = new AnalyticsSnapshot(postmortems, clusterer.Cluster(postmortems)) { ComputedAt = _time.GetUtcNow() };
        lock (_lock) _cache[restricted] = (version, factors, snapshot);
        return snapshot;
    }

    /// <summary>Starts (or marks for another round) the background recompute of every snapshot that has been asked for.</summary>
    public void Refresh()
    {
        lock (_lock)
        {
            _dirty = true;
            if (_worker is not null) return;
            _worker = new Thread(Work) { IsBackground = true, Priority = ThreadPriority.BelowNormal, Name = "factor analytics" };
            _worker.Start();
        }
    }

    private void Work()
    {
        while (true)
        {
            List<KeyValuePair<bool, Func<IReadOnlyList<Postmortem>>>> loaders;
            lock (_lock)
            {
                if (!_dirty) { _worker = null; return; }
                _dirty = false;
                loaders = [.. _loaders];
            }
            foreach (var (restricted, load) in loaders)
            {
                try { Compute(restricted, load); }
#pragma warning disable CA1031 // a failed background round keeps the last result; the next change tries again
                catch (Exception e) { Console.Error.WriteLine($"factor analytics: recompute failed: {e.Message}"); }
#pragma warning restore CA1031
            }
        }
    }

    /// <summary>Carries out a curation request against <paramref name="snapshot"/>'s clusters and stores the decision.</summary>
    public CurationDecision Curate(CurationRequest request, string actor, AnalyticsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);
        var clusters = snapshot.Clustering.Clusters;
        var cluster = clusters.FirstOrDefault(c => c.Id == request.ClusterId) ?? throw new CurationException($"no factor cluster '{request.ClusterId}'", notFound: true);
        FactorCluster? target = null;
        if (request.Action is CurationAction.Merge or CurationAction.Move)
        {
            if (string.IsNullOrWhiteSpace(request.TargetClusterId)) throw new CurationException("a target cluster is required");
            target = clusters.FirstOrDefault(c => c.Id == request.TargetClusterId) ?? throw new CurationException($"no factor cluster '{request.TargetClusterId}'", notFound: true);
            if (target.Id == cluster.Id) throw new CurationException("the target is the cluster itself");
        }
        var label = request.Label?.Trim();
        if (request.Action == CurationAction.Rename && string.IsNullOrWhiteSpace(label)) throw new CurationException("a new label is required");
        if (label is { Length: > 120 }) throw new CurationException("the label is longer than 120 characters");

        var all = cluster.Statements.Select(CuratedStatement.Of).ToList();
        var chosen = all;
        if (request.Action is CurationAction.Split or CurationAction.Move)
        {
            var keys = request.StatementKeys ?? [];
            if (keys.Count == 0) throw new CurationException("name the statements (their keys) to " + (request.Action == CurationAction.Split ? "split off" : "move"));
            var missing = keys.Where(k => all.All(s => s.Key != k)).ToList();
            if (missing.Count > 0) throw new CurationException($"statement {missing[0]} is not in cluster '{cluster.Id}'", notFound: true);
            chosen = [.. all.Where(s => keys.Contains(s.Key))];
            if (request.Action == CurationAction.Split && chosen.Count == all.Count) throw new CurationException("a split must leave at least one statement behind");
        }
        return _store.AddCuration(new CurationDecision
        {
            Actor = actor,
            Action = request.Action,
            ClusterId = cluster.Id,
            ClusterLabel = cluster.Label,
            TargetClusterId = target?.Id,
            TargetLabel = target?.Label,
            Label = label,
            Statements = chosen,
            TargetStatements = target is { Discovered: true } ? [.. target.Statements.Select(CuratedStatement.Of)] : [],
        });
    }
}
