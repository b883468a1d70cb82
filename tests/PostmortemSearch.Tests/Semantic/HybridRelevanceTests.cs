using PostmortemSearch.Core;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>Hybrid (BM25 + dense, RRF) against lexical alone on the repository's judged set over ingest-samples.</summary>
public sealed class HybridRelevanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Hybrid_ndcg_at_10_is_at_least_lexical_and_above_its_floor()
    {
        var catalog = SemanticCorpus.Catalog;
        output.WriteLine("lexical:");
        double lexical = SemanticCorpus.MeanNdcg(r => catalog.Index.Search(r), output.WriteLine);
        output.WriteLine("hybrid:");
        double hybrid = SemanticCorpus.MeanNdcg(r => catalog.Search(r, Caller.Cli), output.WriteLine);
        output.WriteLine($"mean nDCG@10: lexical {lexical:0.000}, hybrid {hybrid:0.000}");
        Assert.True(hybrid >= lexical, $"hybrid {hybrid:0.000} under lexical {lexical:0.000}");
        Assert.True(hybrid >= 0.80, $"hybrid {hybrid:0.000} under the 0.80 floor");
    }
}
