using PostmortemSearch.Core.Analytics.Clustering;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>How well a clustering agrees with true labels.</summary>
public sealed record ClusteringScore(double AdjustedRandIndex, double NormalizedMutualInformation, int N, int PredictedClusters, int TrueClasses);

/// <summary>How multi-label ground truth is reduced to one label per item.</summary>
public enum MultiLabelMode
{
    /// <summary>The first label listed.</summary>
    First,
    /// <summary>The item's label that is most common among the items of its predicted cluster (favourable to the clustering).</summary>
    BestMatching,
}

/// <summary>Scores factor clusterings against known causes (tests, the ICCO sample set, tuning).</summary>
public static class FactorClusterEvaluation
{
    /// <summary>Scores one predicted cluster per item against one or more true labels per item (items without labels are skipped).</summary>
    public static ClusteringScore Score(IReadOnlyList<string> predicted, IReadOnlyList<IReadOnlyList<string>> trueLabels, MultiLabelMode mode = MultiLabelMode.First)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(trueLabels);
        if (predicted.Count != trueLabels.Count) throw new ArgumentException("one label list per predicted item", nameof(trueLabels));
        var keep = Enumerable.Range(0, predicted.Count).Where(i => trueLabels[i].Count > 0).ToArray();
        var majority = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var i in keep)
        {
            var counts = majority.TryGetValue(predicted[i], out var c) ? c : majority[predicted[i]] = new(StringComparer.Ordinal);
            foreach (var label in trueLabels[i]) counts[label] = counts.GetValueOrDefault(label) + 1;
        }
        var truth = keep.Select(i => mode == MultiLabelMode.First
            ? trueLabels[i][0]
            : trueLabels[i].OrderByDescending(l => majority[predicted[i]][l]).ThenBy(l => trueLabels[i].ToList().IndexOf(l)).First()).ToList();
        var pred = keep.Select(i => predicted[i]).ToList();
        return new ClusteringScore(
            ClusteringMetrics.AdjustedRandIndex(truth, pred),
            ClusteringMetrics.NormalizedMutualInformation(truth, pred),
            keep.Length, pred.Distinct(StringComparer.Ordinal).Count(), truth.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Scores statements against a true cause per statement.</summary>
    public static ClusteringScore ScoreStatements(FactorClustering clustering, IReadOnlyList<string> trueCauses)
    {
        ArgumentNullException.ThrowIfNull(clustering);
        ArgumentNullException.ThrowIfNull(trueCauses);
        return Score(clustering.StatementClusterIds, trueCauses.Select(c => (IReadOnlyList<string>)[c]).ToList());
    }

    /// <summary>
    /// One cluster per incident: the cluster holding most of its statements, root causes and triggers counting double
    /// (they name the cause; contributing factors are often generic — "no runbook") (ties: the larger cluster). An incident
    /// with no statement gets its own singleton id <c>none:&lt;id&gt;</c>. For incident-level labels such as ICCO categories.
    /// </summary>
    public static IReadOnlyList<string> DominantClusterPerIncident(FactorClustering clustering, IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(clustering);
        ArgumentNullException.ThrowIfNull(postmortems);
        var rank = clustering.Clusters.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var perIncident = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var cluster in clustering.Clusters)
            foreach (var statement in cluster.Statements)
            {
                var counts = perIncident.TryGetValue(statement.PostmortemId, out var c) ? c : perIncident[statement.PostmortemId] = new(StringComparer.Ordinal);
                counts[cluster.Id] = counts.GetValueOrDefault(cluster.Id) + Weight(statement.Kind);
            }
        return postmortems.Select(pm => perIncident.TryGetValue(pm.Id, out var counts)
            ? counts.OrderByDescending(kv => kv.Value).ThenBy(kv => rank[kv.Key]).First().Key
            : "none:" + pm.Id).ToList();
    }

    private static int Weight(FactorKind kind) => kind is FactorKind.RootCause or FactorKind.Trigger ? 2 : 1;

    /// <summary>Clusters <paramref name="postmortems"/> and scores each incident's dominant cluster against its labels.</summary>
    public static ClusteringScore ScoreIncidents(FactorClusterer clusterer, IReadOnlyList<Postmortem> postmortems, Func<Postmortem, IReadOnlyList<string>> labelsOf, MultiLabelMode mode = MultiLabelMode.BestMatching)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(labelsOf);
        var clustering = clusterer.Cluster(postmortems);
        return Score(DominantClusterPerIncident(clustering, postmortems), postmortems.Select(labelsOf).ToList(), mode);
    }
}
