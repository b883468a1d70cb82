using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Tests.Analytics;

public class FactorClustererTests
{
    private static FactorClustering Cluster(params string[] texts)
    {
        var statements = texts.Select((t, i) => new FactorStatement("pm-" + i, t, FactorKind.RootCause)).ToList();
        return FactorSetScoreTests.Clusterer().Cluster(statements);
    }

    [Fact]
    public void Certificate_wordings_cluster_together()
    {
        var result = Cluster(
            "cert expired",
            "TLS certificate was not renewed",
            "expired SSL cert",
            "Disk on the database host filled up",
            "Connection pool exhausted under load");

        Assert.Equal(result.StatementClusterIds[0], result.StatementClusterIds[1]);
        Assert.Equal(result.StatementClusterIds[0], result.StatementClusterIds[2]);
        Assert.NotEqual(result.StatementClusterIds[0], result.StatementClusterIds[3]);
        Assert.Equal("cert-expiry", result.StatementClusterIds[0]);
    }

    [Fact]
    public void Cache_ttl_and_dns_ttl_stay_apart()
    {
        var result = Cluster(
            "cache TTL was too short",
            "the cache TTL expired entries too early",
            "DNS TTL was too long",
            "long DNS TTL kept the old record");

        Assert.Equal(result.StatementClusterIds[0], result.StatementClusterIds[1]);
        Assert.Equal(result.StatementClusterIds[2], result.StatementClusterIds[3]);
        Assert.NotEqual(result.StatementClusterIds[0], result.StatementClusterIds[2]);
    }

    [Fact]
    public void Same_input_and_seed_give_the_same_clusters()
    {
        var statements = ParaphraseSet.Tuning.Select((p, i) => new FactorStatement("pm-" + i, p.Text, FactorKind.ContributingFactor)).ToList();
        var a = FactorSetScoreTests.Clusterer(new FactorClustererOptions { Seed = 7 }).Cluster(statements);
        var b = FactorSetScoreTests.Clusterer(new FactorClustererOptions { Seed = 7 }).Cluster(statements);

        Assert.Equal(a.StatementClusterIds, b.StatementClusterIds);
        Assert.Equal(a.Clusters.Select(c => (c.Id, c.Label, string.Join(",", c.Terms))), b.Clusters.Select(c => (c.Id, c.Label, string.Join(",", c.Terms))));
    }

    public static TheoryData<string> Sets => new() { nameof(ParaphraseSet.Tuning), nameof(ParaphraseSet.HeldOut), nameof(ParaphraseSet.Fresh) };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Different_wordings_of_the_same_cause_cluster_together(string set)
    {
        var pairs = set switch
        {
            nameof(ParaphraseSet.Tuning) => ParaphraseSet.Tuning,
            nameof(ParaphraseSet.HeldOut) => ParaphraseSet.HeldOut,
            _ => ParaphraseSet.Fresh,
        };
        var statements = pairs.Select((p, i) => new FactorStatement("pm-" + i, p.Text, FactorKind.RootCause)).ToList();

        var result = FactorSetScoreTests.Clusterer().Cluster(statements);
        var score = FactorClusterEvaluation.ScoreStatements(result, pairs.Select(p => p.Cause).ToList());

        Assert.True(score.AdjustedRandIndex >= 0.5, $"ARI {score.AdjustedRandIndex:F3}");
        Assert.True(score.NormalizedMutualInformation >= 0.8, $"NMI {score.NormalizedMutualInformation:F3}");
    }

    [Fact]
    public void Clusters_carry_label_terms_category_incidents_and_dates()
    {
        var all = new[]
        {
            Some.Postmortem("a", start: "2025-01-10T10:00:00Z", rootCauses: ["The TLS certificate expired."]),
            Some.Postmortem("b", start: "2025-06-01T10:00:00Z", rootCauses: ["Expired SSL cert on the load balancer."]),
            Some.Postmortem("c", start: "2025-03-01T10:00:00Z", rootCauses: ["Disk filled with logs on the primary."]),
        };

        var cluster = FactorSetScoreTests.Clusterer().Cluster(all).Clusters.Single(c => c.Id == "cert-expiry");

        Assert.Equal("TLS certificate expired", cluster.Label);
        Assert.DoesNotContain(cluster.Terms, t => t.Any(char.IsDigit) || t.Length < 3);
        Assert.NotNull(cluster.Category);
        Assert.NotEmpty(cluster.Terms);
        Assert.Equal(["a", "b"], cluster.IncidentIds);
        Assert.Equal(new DateOnly(2025, 1, 10), cluster.FirstSeen);
        Assert.Equal(new DateOnly(2025, 6, 1), cluster.LastSeen);
        Assert.Equal(0.5, cluster.RecurrenceRate);
    }

    [Fact]
    public void Terms_are_words_people_wrote_never_stems()
    {
        var result = Cluster("The failover changed because the replica was lagging.", "Failover changed again because replica lag grew.");
        var terms = result.Clusters.SelectMany(c => c.Terms).ToList();

        Assert.DoesNotContain("chang", terms);
        Assert.DoesNotContain("failov", terms);
        Assert.DoesNotContain("becaus", terms);
        Assert.Contains(terms, t => t is "failover" or "replica" or "changed");
    }

    [Fact]
    public void Statements_no_concept_recognises_still_cluster_by_wording()
    {
        var result = Cluster(
            "the widget reconciler skipped orphaned widgets",
            "widget reconciler skipped orphaned widgets again",
            "quarterly invoice renderer produced blank pages");

        Assert.Equal(result.StatementClusterIds[0], result.StatementClusterIds[1]);
        Assert.NotEqual(result.StatementClusterIds[0], result.StatementClusterIds[2]);
        Assert.StartsWith("c-", result.StatementClusterIds[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_typo_still_finds_its_category()
    {
        var statements = new[]
        {
            new FactorStatement("a", "The TLS certificate expired on the edge proxies.", FactorKind.RootCause),
            new FactorStatement("b", "Our internal certifcate had reached the end of its validity.", FactorKind.RootCause),
        };

        var result = FactorSetScoreTests.Clusterer().Cluster(statements);

        Assert.Equal(["cert-expiry", "cert-expiry"], result.StatementClusterIds);
    }
}
