using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Clustering quality against curated labels: the 242 real public incidents of ../shared/samples/markdown-icco
/// (multi-label categories) and our own ingest-samples (one true cause group each, from samples-truth.json).
/// </summary>
public sealed class IccoClusteringTests(ITestOutputHelper output)
{
    [Fact]
    public void Clusters_agree_with_the_curated_icco_categories_above_the_floor()
    {
        var postmortems = new Importer().ReadPaths([RepoPaths.Sample("markdown-icco")], RepoPaths.Root)
            .SelectMany(o => o.Postmortems).Where(p => p.Tags.Count > 0).ToList();
        var score = FactorClusterEvaluation.ScoreIncidents(FactorSetScoreTests.Clusterer(), postmortems, p => p.Tags, MultiLabelMode.BestMatching);
        output.WriteLine($"icco: n={score.N} ARI={score.AdjustedRandIndex:0.000} NMI={score.NormalizedMutualInformation:0.000} clusters={score.PredictedClusters} classes={score.TrueClasses}");
        // Categories are coarse (cloud, config-change, automation…) and multi-label; causes are finer. The floor guards against regressions.
        Assert.True(score.NormalizedMutualInformation >= 0.30, $"NMI {score.NormalizedMutualInformation:0.000}");
        Assert.True(score.AdjustedRandIndex >= 0.05, $"ARI {score.AdjustedRandIndex:0.000}");
    }

    [Fact]
    public void Clusters_agree_with_the_cause_groups_of_our_own_samples()
    {
        var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.TestData, "samples-truth.json"))).RootElement.GetProperty("postmortems");
        var causeByTitle = truth.EnumerateArray().ToDictionary(e => e.GetProperty("title").GetString()!, e => e.GetProperty("causeGroup").GetString()!);
        var postmortems = new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root)
            .SelectMany(o => o.Postmortems).Where(p => causeByTitle.ContainsKey(p.Title)).ToList();
        var score = FactorClusterEvaluation.ScoreIncidents(FactorSetScoreTests.Clusterer(), postmortems, p => [causeByTitle[p.Title]], MultiLabelMode.First);
        output.WriteLine($"ingest-samples: n={score.N} ARI={score.AdjustedRandIndex:0.000} NMI={score.NormalizedMutualInformation:0.000} clusters={score.PredictedClusters} classes={score.TrueClasses}");
        Assert.True(score.N >= 17);
        Assert.True(score.AdjustedRandIndex >= 0.5, $"ARI {score.AdjustedRandIndex:0.000}");
        Assert.True(score.NormalizedMutualInformation >= 0.85, $"NMI {score.NormalizedMutualInformation:0.000}");
    }
}
