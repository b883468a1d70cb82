namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// Which model semantic search uses and how to load it. The model is loaded on first use only (a <c>pmsearch list</c>
/// never pays for it). <see cref="QueryModel"/> embeds search queries on the caller's thread; <see cref="BulkModel"/>
/// embeds passages after imports (in <c>serve</c> on a low-priority thread, whose priority its ONNX threads inherit).
/// </summary>
public sealed record SemanticOptions(string ModelId, string ModelVersion, int Dimensions, Func<IEmbedder> QueryModel, Func<IEmbedder> BulkModel)
{
    /// <summary>The environment variable that turns semantic features off (<c>off</c>, <c>0</c>, <c>false</c>, <c>no</c>).</summary>
    public const string SwitchVariable = "PMSEARCH_SEMANTIC";

    /// <summary>"id@version": vectors of any other key are never read.</summary>
    public string ModelKey => ModelId + "@" + ModelVersion;

    /// <summary>
    /// all-MiniLM-L6-v2 as <see cref="MiniLmEmbedder.Shared"/>: one session per process, loaded on first use. Queries
    /// run on the caller's thread; passages in batches on one thread per core.
    /// </summary>
    public static SemanticOptions MiniLm() =>
        new(MiniLmEmbedder.Id, MiniLmEmbedder.Version, MiniLmEmbedder.VectorDimensions,
            () => MiniLmEmbedder.Shared, () => MiniLmEmbedder.Shared.WithParallelism(Environment.ProcessorCount));

    /// <summary>Semantic search with one embedder for everything (tests: the real model or a fake).</summary>
    public static SemanticOptions For(IEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return new(embedder.ModelId, embedder.ModelVersion, embedder.Dimensions, () => embedder, () => embedder);
    }

    /// <summary>False when <c>PMSEARCH_SEMANTIC</c> says off: then no model is loaded and nothing is embedded.</summary>
    public static bool EnabledBy(string? value) =>
        value?.Trim().ToLowerInvariant() is not ("off" or "0" or "false" or "no");
}
