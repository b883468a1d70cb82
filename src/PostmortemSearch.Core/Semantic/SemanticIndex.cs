using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core.Semantic;

/// <summary>How far embedding is, as a search result and /health report it.</summary>
public sealed record SemanticStatus(string Mode, string? Model, int Embedded, int Postmortems, bool Complete, string? Reason = null)
{
    /// <summary>Semantic features switched off (<c>PMSEARCH_SEMANTIC=off</c>).</summary>
    public static readonly SemanticStatus Off = new("lexical", null, 0, 0, Complete: false, Reason: "semantic search is off (PMSEARCH_SEMANTIC=off)");
}

/// <summary>Progress of one catch-up: postmortems embedded so far and change-log entries still ahead.</summary>
public readonly record struct EmbeddingProgress(int Embedded, long Remaining);

/// <summary>
/// The semantic half of the catalog: passage vectors in the store (either backend, <see cref="IVectorStore"/>), their
/// in-memory <see cref="DenseIndex"/>, and the catch-up that embeds whatever the store's change log holds past the last
/// embedded sequence (after an import, after a crash, after another process or replica wrote the store, after a model
/// change). Each process or replica keeps its own dense index; vectors another one already stored are read, not re-embedded. Searches use whatever is embedded so far.
/// </summary>
public sealed class SemanticIndex
{
    /// <summary>Change-log entries per step: one Embed call, one transaction, one progress report.</summary>
    private const int ChangesPerStep = 32;

    private readonly IPostmortemStore _store;
    private readonly Lock _loadLock = new();
    private readonly Lock _catchUpLock = new();
    private volatile bool _loaded;
    /// <summary>The change-log sequence the in-memory index reflects (another process may have embedded further).</summary>
    private long _appliedSeq;

    public SemanticIndex(IPostmortemStore store, SemanticOptions options)
    {
        _store = store;
        Options = options;
        Vectors = IVectorStore.For(store, options.ModelKey);
        Dense = new DenseIndex(options.Dimensions);
    }

    public SemanticOptions Options { get; }
    public IVectorStore Vectors { get; }
    public DenseIndex Dense { get; }

    /// <summary>Reads the stored vectors of this model into memory, once (first search, similar or catch-up).</summary>
    public void EnsureLoaded()
    {
        if (_loaded) return;
        lock (_loadLock)
        {
            if (_loaded) return;
            Vectors.ForgetOtherModels();
            long seq = Vectors.ProgressSeq(); // read first: whatever is written after it is caught up below
            Dense.Apply(Vectors.LoadAll(Options.Dimensions));
            Interlocked.Exchange(ref _appliedSeq, seq);
            _loaded = true;
        }
    }

    /// <summary>The query's vector (the query model; loads it on first use).</summary>
    public float[] EmbedQuery(string text) => Options.QueryModel().Embed([text])[0];

    public SemanticStatus Status(bool includeRestricted)
    {
        EnsureLoaded();
        int total = _store.Count(includeRestricted);
        int embedded = Math.Min(Dense.CountVisible(includeRestricted), total);
        // What this process holds in memory decides, not the shared progress: another replica may have embedded further.
        bool complete = embedded == total && Interlocked.Read(ref _appliedSeq) >= _store.LastChangeSeq();
        return new SemanticStatus("hybrid", Options.ModelId, embedded, total, complete);
    }

    /// <summary>True when the change log holds entries not yet embedded.</summary>
    public bool Behind => Interlocked.Read(ref _appliedSeq) < _store.LastChangeSeq();

    /// <summary>
    /// Embeds every change after the last embedded sequence, in steps of <see cref="ChangesPerStep"/> entries, each
    /// written with its progress in one transaction (so an interrupted catch-up resumes where it stopped). Returns how
    /// many postmortems were embedded. One catch-up at a time; a second caller waits and then finds little to do.
    /// </summary>
    public int CatchUp(Action<EmbeddingProgress>? progress = null, CancellationToken cancel = default)
    {
        EnsureLoaded();
        lock (_catchUpLock)
        {
            int embedded = 0;
            while (!cancel.IsCancellationRequested)
            {
                var changes = _store.ChangesSince(Interlocked.Read(ref _appliedSeq), ChangesPerStep);
                if (changes.Count == 0) break;
                embedded += Step(changes);
                Interlocked.Exchange(ref _appliedSeq, changes[^1].Seq);
                progress?.Invoke(new EmbeddingProgress(embedded, Math.Max(0, _store.LastChangeSeq() - changes[^1].Seq)));
            }
            return embedded;
        }
    }

    private int Step(IReadOnlyList<Store.StoreChange> changes)
    {
        var ids = changes.Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
        // Vectors another process (or an earlier run) already wrote for the current content are read, not re-embedded.
        var stored = Vectors.LoadCurrent(ids, Options.Dimensions).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var removed = new List<string>();
        var reused = new List<EmbeddedDoc>();
        var docs = new List<(Schema.Postmortem Postmortem, IReadOnlyList<Passage> Passages)>();
        IEmbedder? embedder = null;
        foreach (var id in ids)
        {
            // The store's current content decides (the last write wins); a deleted one lost its vectors with its row.
            if (_store.Get(id) is not { } postmortem) removed.Add(id);
            else if (stored.TryGetValue(id, out var done) && done.ContentHash == postmortem.Source.ContentHash) reused.Add(done);
            else docs.Add((postmortem, Passages.Split(postmortem, embedder ??= Options.BulkModel())));
        }
        var texts = docs.SelectMany(d => d.Passages.Select(p => p.Text)).ToList();
        var vectors = texts.Count > 0 ? embedder!.Embed(texts) : [];
        var embeddedDocs = new List<EmbeddedDoc>(docs.Count);
        int next = 0;
        foreach (var (postmortem, passages) in docs)
        {
            embeddedDocs.Add(new EmbeddedDoc(postmortem.Id, postmortem.Source.ContentHash, DenseDocMeta.Of(postmortem), passages, vectors[next..(next + passages.Count)]));
            next += passages.Count;
        }
        var written = Vectors.Write(embeddedDocs, changes[^1].Seq);
        // Not written = changed again since it was read: its stored vectors are gone, the later entry embeds it.
        removed.AddRange(embeddedDocs.Where(d => !written.Contains(d.Id)).Select(d => d.Id));
        Dense.Apply([.. reused, .. embeddedDocs.Where(d => written.Contains(d.Id))], removed);
        return written.Count;
    }
}
