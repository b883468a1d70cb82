namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>External clustering scores against true labels: adjusted Rand index and normalised mutual information.</summary>
internal static class ClusteringMetrics
{
    /// <summary>Adjusted Rand index (Hubert–Arabie): 1 = identical partitions, ~0 = chance, can be negative.</summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        var (table, rows, cols, n) = Contingency(truth, predicted);
        if (n < 2) return 1.0;
        var index = table.Values.Sum(Choose2);
        var a = rows.Values.Sum(Choose2);
        var b = cols.Values.Sum(Choose2);
        var expected = a * b / Choose2(n);
        var max = (a + b) / 2;
        return max - expected == 0 ? 1.0 : (index - expected) / (max - expected);
    }

    /// <summary>Normalised mutual information with arithmetic-mean normalisation (scikit-learn's default): MI / ((H(T)+H(P))/2).</summary>
    public static double NormalizedMutualInformation<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        var (table, rows, cols, n) = Contingency(truth, predicted);
        if (n == 0) return 1.0;
        double N = n;
        var hTruth = -rows.Values.Sum(c => c / N * Math.Log(c / N));
        var hPred = -cols.Values.Sum(c => c / N * Math.Log(c / N));
        if (hTruth == 0 && hPred == 0) return 1.0;
        var mi = table.Sum(kv => kv.Value / N * Math.Log(N * kv.Value / ((double)rows[kv.Key.Item1] * cols[kv.Key.Item2])));
        var denominator = (hTruth + hPred) / 2;
        return denominator == 0 ? 0 : Math.Clamp(mi / denominator, 0, 1);
    }

    private static double Choose2(int k) => k * (k - 1) / 2.0;

    private static (Dictionary<(TA, TB), int> Table, Dictionary<TA, int> Rows, Dictionary<TB, int> Cols, int N) Contingency<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predicted differ in length");
        var table = new Dictionary<(TA, TB), int>();
        var rows = new Dictionary<TA, int>();
        var cols = new Dictionary<TB, int>();
        for (var i = 0; i < truth.Count; i++)
        {
            table[(truth[i], predicted[i])] = table.GetValueOrDefault((truth[i], predicted[i])) + 1;
            rows[truth[i]] = rows.GetValueOrDefault(truth[i]) + 1;
            cols[predicted[i]] = cols.GetValueOrDefault(predicted[i]) + 1;
        }
        return (table, rows, cols, truth.Count);
    }
}
