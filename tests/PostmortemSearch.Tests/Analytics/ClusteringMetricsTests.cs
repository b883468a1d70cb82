using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Clustering;

namespace PostmortemSearch.Tests.Analytics;

public class ClusteringMetricsTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }, 1.0, 1.0)]            // identical
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0, 1.0)]            // same partition, other names
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 0.571428571, 0.8)]    // scikit-learn documentation example
    [InlineData(new[] { 0, 0, 0, 1, 1, 1 }, new[] { 0, 0, 1, 1, 2, 2 }, 0.242424242, 0.515803743)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.0, 0.0)]            // all singletons against one class
    public void Ari_and_nmi_match_reference_values(int[] truth, int[] predicted, double ari, double nmi)
    {
        Assert.Equal(ari, ClusteringMetrics.AdjustedRandIndex(truth, predicted), 6);
        Assert.Equal(nmi, ClusteringMetrics.NormalizedMutualInformation(truth, predicted), 6);
    }

    [Fact]
    public void Multi_label_truth_is_scored_against_the_first_or_the_best_matching_label()
    {
        IReadOnlyList<IReadOnlyList<string>> labels = [["cloud", "dns"], ["dns"], ["dns"], ["config"]];
        string[] predicted = ["a", "a", "a", "b"];

        Assert.Equal(1.0, FactorClusterEvaluation.Score(predicted, labels, MultiLabelMode.BestMatching).AdjustedRandIndex, 6);
        Assert.True(FactorClusterEvaluation.Score(predicted, labels, MultiLabelMode.First).AdjustedRandIndex < 1.0);
    }
}
