using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Hold-out set F (Data/holdout-factors-f): 30 Markdown postmortems over 10 recurring causes worded differently every
/// time plus one-off factors, and 30 judged symptom queries (15 lexical, 15 paraphrases sharing no content word with
/// the relevant documents), written by a helper who had seen neither the code, the taxonomy nor the other sets.
/// Scored once as it came, on main 7707fe5, with the same scoring as set B (factors) and the blind search set; the
/// first scores are in the floors below and in the folder's README. Nothing has been tuned on it.
/// </summary>
public sealed class HoldoutSetFTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "holdout-factors-f");

    [Fact]
    public void Set_f_factors_hold_their_first_score()
    {
        var s = BlindFactorSetBTests.Score(Folder, FactorSetScoreTests.Clusterer(), output.WriteLine);
        // First score, as it came: statements ARI 0.017 / NMI 0.870 (71 clusters for 76 classes), incidents 0.022 / 0.695;
        // recurrence counts equal for 7/10 causes (no cause recurs within 365 days here, so that figure says little).
        // Read: the statements of causes the taxonomy does not know were put under the nearest known category
        // (config push, capacity, database failover) instead of being grouped with each other.
        Assert.Equal(0, s.Unmatched);
        Assert.True(s.Statements.AdjustedRandIndex >= 0.01, $"statement ARI {s.Statements.AdjustedRandIndex:0.000} under its first score");
        Assert.True(s.Statements.NormalizedMutualInformation >= 0.86, $"statement NMI {s.Statements.NormalizedMutualInformation:0.000} under its first score");
    }

    [Fact]
    public void Set_f_search_holds_its_first_score()
    {
        var scores = JudgedSearchSet.Score(Folder, output.WriteLine);
        var (lexical, hybrid) = (scores.Lexical, scores.Hybrid);
        static double Mean(IReadOnlyList<JudgedQueryScore> rows, string? kind = null) => JudgedSearchScores.Mean(rows, kind);
        // First score, as it came: lexical 0.417 (lexical queries 0.692, paraphrases 0.142), hybrid 0.472 (0.690 / 0.253).
        Assert.Equal(30, scores.Postmortems);
        Assert.Equal(30, scores.Queries);
        Assert.True(Mean(hybrid) >= 0.46, $"hybrid nDCG@10 {Mean(hybrid):0.000} under its first score");
        Assert.True(Mean(hybrid, "paraphrase") > Mean(lexical, "paraphrase"), "hybrid not above lexical on paraphrases");
    }
}
