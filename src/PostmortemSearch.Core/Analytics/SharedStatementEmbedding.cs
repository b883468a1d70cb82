using PostmortemSearch.Core.Semantic;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// The sentence model for factor statements: the process's one model (<see cref="MiniLmEmbedder.Shared"/>, which
/// search uses too), batches on one thread per core.
/// <c>PMSEARCH_SEMANTIC=off</c> switches it off: clustering then uses the text features alone.
/// </summary>
public static class SharedStatementEmbedding
{
    private static readonly Lazy<StatementEmbedding> Model = new(() => new StatementEmbedding(MiniLmEmbedder.Shared.WithParallelism(Environment.ProcessorCount)));

    public static StatementEmbedding? FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("PMSEARCH_SEMANTIC"), "off", StringComparison.OrdinalIgnoreCase) ? null : Model.Value;
}
