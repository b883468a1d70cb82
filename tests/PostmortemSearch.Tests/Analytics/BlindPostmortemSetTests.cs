using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Data/blind-postmortems: 30 Markdown postmortems, 10 true causes × 3, written by someone who had seen neither the
/// cause lexicon, the clusterer nor the other test sets; the root causes and factors of one cause are worded
/// deliberately differently (mechanism only, jargon vs plain, typos) and share distractor factors ("no runbook").
/// Scored once, as it came: never tuned on. truth.tsv gives each file's cause.
/// </summary>
public sealed class BlindPostmortemSetTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "blind-postmortems");

    private static (List<Postmortem> Postmortems, Dictionary<string, string> CauseOf) Load()
    {
        var truth = File.ReadAllLines(Path.Combine(Folder, "truth.tsv")).Where(l => l.Contains('\t'))
            .Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
        var postmortems = new Importer().ReadPaths([Folder], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        var causeOf = postmortems.ToDictionary(p => p.Id, p => truth[Path.GetFileName(p.Source.Path)], StringComparer.Ordinal);
        return (postmortems, causeOf);
    }

    [Fact]
    public void Every_blind_postmortem_imports_with_its_factors()
    {
        var (postmortems, _) = Load();
        Assert.Equal(30, postmortems.Count);
        Assert.All(postmortems, p => Assert.True(p.RootCauses.Count + p.ContributingFactors.Count >= 2, p.Source.Path));
    }

    [Fact]
    public void Incidents_cluster_by_their_true_cause_and_recurrence_counts_match()
    {
        var (postmortems, causeOf) = Load();
        var clustering = new FactorClusterer().Cluster(postmortems);
        var dominant = FactorClusterEvaluation.DominantClusterPerIncident(clustering, postmortems);
        var incidents = FactorClusterEvaluation.Score(dominant, postmortems.Select(p => (IReadOnlyList<string>)[causeOf[p.Id]]).ToList());
        var statements = FactorClusterEvaluation.ScoreStatements(clustering,
            FactorStatements.ExtractAll(postmortems).Select(s => causeOf[s.PostmortemId]).ToList());
        output.WriteLine($"incidents: ARI={incidents.AdjustedRandIndex:0.000} NMI={incidents.NormalizedMutualInformation:0.000} clusters={incidents.PredictedClusters}");
        output.WriteLine($"statements: ARI={statements.AdjustedRandIndex:0.000} NMI={statements.NormalizedMutualInformation:0.000} n={statements.N} clusters={statements.PredictedClusters}");

        if (Environment.GetEnvironmentVariable("PMSEARCH_BLIND_DETAIL") == "1")
        {
            for (var k = 0; k < postmortems.Count; k++) output.WriteLine($"DOM {causeOf[postmortems[k].Id],-22} {dominant[k],-26} {Path.GetFileName(postmortems[k].Source.Path)} {postmortems[k].Title}");
            var all = FactorStatements.ExtractAll(postmortems);
            for (var i = 0; i < all.Count; i++)
                output.WriteLine($"{causeOf[all[i].PostmortemId],-22} {clustering.StatementClusterIds[i],-26} {all[i].Kind,-18} {Path.GetFileName(postmortems.First(p => p.Id == all[i].PostmortemId).Source.Path)} {all[i].Text}");
        }

        // Recurrence per cause: the truth (an earlier incident of the same cause within 365 days) against the cluster
        // that holds most of the cause's incidents.
        var byCause = postmortems.GroupBy(p => causeOf[p.Id]).ToList();
        var matches = 0;
        foreach (var group in byCause)
        {
            var ordered = group.OrderBy(p => IncidentTime.Of(p)).ToList();
            var truthRecurring = ordered.Where((p, i) => ordered.Take(i).Any(q => (IncidentTime.Of(p)!.Value - IncidentTime.Of(q)!.Value).TotalDays <= 365)).Count();
            var clusterId = group.Select(p => dominant[postmortems.IndexOf(p)]).GroupBy(id => id).OrderByDescending(g => g.Count()).First().Key;
            var cluster = clustering.Clusters.FirstOrDefault(c => c.Id == clusterId);
            var ours = cluster is null ? 0 : cluster.IncidentIds.Where(id => group.Any(p => p.Id == id)).Count(id => IsRecurring(cluster, id, postmortems));
            if (ours == truthRecurring) matches++;
            output.WriteLine($"{group.Key,-22} truth {truthRecurring}  ours {ours}  ({clusterId}: {cluster?.Label})");
        }
        output.WriteLine($"recurrence counts equal for {matches}/{byCause.Count} causes");

        Assert.True(incidents.AdjustedRandIndex >= 0.5, $"incident ARI {incidents.AdjustedRandIndex:0.000}");
        Assert.True(incidents.NormalizedMutualInformation >= 0.8, $"incident NMI {incidents.NormalizedMutualInformation:0.000}");
        Assert.True(matches >= byCause.Count * 7 / 10, $"recurrence counts equal for only {matches}/{byCause.Count} causes");
    }

    private static bool IsRecurring(FactorCluster cluster, string id, List<Postmortem> all)
    {
        var byId = all.ToDictionary(p => p.Id);
        return Recurrence.RecurringIncidents(cluster, byId).Contains(id);
    }
}
