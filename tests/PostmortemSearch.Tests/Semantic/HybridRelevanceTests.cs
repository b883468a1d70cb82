using PostmortemSearch.Core;
using PostmortemSearch.Core.Semantic;
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
        output.WriteLine($"{catalog.Semantic!.Dense.Count} postmortems, {catalog.Semantic.Dense.Passages} passages embedded in {SemanticCorpus.EmbedTime.TotalSeconds:0.0} s");
        output.WriteLine($"mean nDCG@10: lexical {lexical:0.000}, hybrid {hybrid:0.000}");
        Assert.True(hybrid >= lexical, $"hybrid {hybrid:0.000} under lexical {lexical:0.000}");
        Assert.True(hybrid >= 0.80, $"hybrid {hybrid:0.000} under the 0.80 floor");
    }

    /// <summary>The grid the defaults were chosen from (reported, not asserted): list weights and the dense cosine floor.</summary>
    [Fact]
    public void Fusion_tuning_grid_is_reported()
    {
        var catalog = SemanticCorpus.Catalog;
        foreach (var lexicalWeight in new[] { 0.7, 1.0, 1.4 })
        foreach (var minCosine in new[] { 0.2f, 0.3f, 0.4f })
        {
            var tuning = new HybridTuning(lexicalWeight, 1.0, minCosine);
            double ndcg = SemanticCorpus.MeanNdcg(r => HybridSearch.Search(catalog.Index, catalog.Semantic!, r, tuning));
            output.WriteLine($"lexical weight {lexicalWeight:0.0}  min cosine {minCosine:0.00}: nDCG@10 {ndcg:0.000}");
        }
    }
}
