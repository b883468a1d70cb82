using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Hold-out set D (Data/holdout-factors-d, 30 postmortems over 8 recurring causes), scored the same way as set B.
/// Its one unseen score (stop 10, main) was statements ARI 0.254 / NMI 0.886, incidents 0.630 / 0.844, recurrence 6/8.
/// The set is seen since: it may be measured on, but no rule may be written for its wording.
/// </summary>
public sealed class HoldoutFactorSetDTests(ITestOutputHelper output)
{
    [Fact]
    public void Holdout_set_d_statements_cluster_by_cause()
    {
        var s = BlindFactorSetBTests.Score(Path.Combine(RepoPaths.TestData, "holdout-factors-d"), FactorSetScoreTests.Clusterer(), output.WriteLine);
        // Measured on factors-b at 3e6afc5 (00:34 UTC, stop 18): 0.254 / 0.886, incidents 0.630 / 0.844, recurrence 6/8 — the
        // unseen score unchanged. Floors a little under it.
        Assert.Equal(0, s.Unmatched);
        Assert.True(s.Statements.AdjustedRandIndex >= 0.23, $"statement ARI {s.Statements.AdjustedRandIndex:0.000}");
        Assert.True(s.Statements.NormalizedMutualInformation >= 0.86, $"statement NMI {s.Statements.NormalizedMutualInformation:0.000}");
        Assert.True(s.Incidents.AdjustedRandIndex >= 0.58, $"incident ARI {s.Incidents.AdjustedRandIndex:0.000}");
        Assert.True(s.RecurrenceMatches >= 5, $"recurrence counts equal for only {s.RecurrenceMatches}/{s.Causes} causes");
    }
}
