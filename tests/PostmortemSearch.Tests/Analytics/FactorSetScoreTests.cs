using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Statement-level scores of the clusterer with the real sentence model on every labelled set the team holds, printed
/// for tuning and held as floors. The statement truth of a postmortem set is its incident's cause for every statement.
/// </summary>
public sealed class FactorSetScoreTests(ITestOutputHelper output)
{
    internal static readonly Lazy<StatementEmbedding> Embedding = new(() => new StatementEmbedding(RealModel.Embedder));

    internal static FactorClusterer Clusterer(FactorClustererOptions? options = null) => new(options, embedding: Embedding.Value);

    internal static (List<FactorStatement> Statements, List<string> Causes) FactorsTsv()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.TestData, "factors-blind.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        return ([.. rows.Select(p => new FactorStatement(p[1], p[2], FactorKind.ContributingFactor))], [.. rows.Select(p => p[0])]);
    }

    internal static (List<Postmortem> Postmortems, List<FactorStatement> Statements, List<string> Causes) PostmortemSet(string set)
    {
        var folder = Path.Combine(RepoPaths.TestData, set);
        var truth = File.ReadAllLines(Path.Combine(folder, "truth.tsv")).Where(l => l.Contains('\t'))
            .Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
        var postmortems = new Importer().ReadPaths([folder], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        var causeOf = postmortems.ToDictionary(p => p.Id, p => truth[Path.GetFileName(p.Source.Path)], StringComparer.Ordinal);
        var statements = FactorStatements.ExtractAll(postmortems).ToList();
        return (postmortems, statements, [.. statements.Select(s => causeOf[s.PostmortemId])]);
    }

    private ClusteringScore Report(string name, FactorClustering clustering, List<string> causes)
    {
        var score = FactorClusterEvaluation.ScoreStatements(clustering, causes);
        output.WriteLine($"{name}: n={score.N} ARI={score.AdjustedRandIndex:0.000} NMI={score.NormalizedMutualInformation:0.000} clusters={score.PredictedClusters} causes={score.TrueClasses}");
        return score;
    }

    [Theory]
    [InlineData("factors-blind.tsv", 0.0, 0.0)]
    [InlineData("blind-postmortems", 0.0, 0.0)]
    [InlineData("blind-postmortems-2", 0.0, 0.0)]
    public void Statements_cluster_by_cause_with_the_sentence_model(string set, double ariFloor, double nmiFloor)
    {
        var clusterer = Clusterer();
        ClusteringScore score;
        if (set.EndsWith(".tsv", StringComparison.Ordinal))
        {
            var (statements, causes) = FactorsTsv();
            score = Report(set, clusterer.Cluster(statements), causes);
        }
        else
        {
            var (postmortems, statements, causes) = PostmortemSet(set);
            score = Report(set, clusterer.Cluster(statements, postmortems), causes);
        }
        Assert.True(score.AdjustedRandIndex >= ariFloor, $"ARI {score.AdjustedRandIndex:0.000}");
        Assert.True(score.NormalizedMutualInformation >= nmiFloor, $"NMI {score.NormalizedMutualInformation:0.000}");
    }

    /// <summary>A grid over the clusterer's knobs on the team's own sets (never a blind set before its first score); PMSEARCH_FACTOR_SWEEP=1.</summary>
    [Fact]
    public void Sweep()
    {
        if (Environment.GetEnvironmentVariable("PMSEARCH_FACTOR_SWEEP") != "1") return;
        var tsv = FactorsTsv();
        var sets = new[] { PostmortemSet("blind-postmortems"), PostmortemSet("blind-postmortems-2") };
        foreach (var conf in new[] { 0.15f, 0.25f, 0.35f, 0.5f })
            foreach (var l2 in new[] { 0.01f, 0.05f, 0.2f })
                foreach (var z in new[] { 1.5, 2.0, 2.5, 3.0 })
                {
                    var c = Clusterer(new FactorClustererOptions { Confidence = conf, L2Regularization = l2, ThresholdDeviations = z });
                    var scores = new List<ClusteringScore> { FactorClusterEvaluation.ScoreStatements(c.Cluster(tsv.Statements), tsv.Causes) };
                    foreach (var (p, st, causes) in sets) scores.Add(FactorClusterEvaluation.ScoreStatements(c.Cluster(st, p), causes));
                    output.WriteLine($"conf={conf} l2={l2} z={z}: " + string.Join("  ", scores.Select(x => $"{x.AdjustedRandIndex:0.000}/{x.NormalizedMutualInformation:0.000}/{x.PredictedClusters}"))
                        + $"  mean ARI {scores.Average(x => x.AdjustedRandIndex):0.000} NMI {scores.Average(x => x.NormalizedMutualInformation):0.000}");
                }
    }
}
