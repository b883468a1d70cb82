using PostmortemSearch.Core.Semantic;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// The sentence model for factor statements, loaded once per process (160 MB) and shared by every catalog.
/// <c>PMSEARCH_SEMANTIC=off</c> switches it off: clustering then uses the text features alone.
/// </summary>
public static class SharedStatementEmbedding
{
    private static readonly Lazy<StatementEmbedding> Model = new(() => new StatementEmbedding(new MiniLmEmbedder()));

    public static StatementEmbedding? FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("PMSEARCH_SEMANTIC"), "off", StringComparison.OrdinalIgnoreCase) ? null : Model.Value;
}
