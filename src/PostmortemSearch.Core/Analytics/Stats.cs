namespace PostmortemSearch.Core.Analytics;

/// <summary>A figure with the number of observations behind it, and a warning when that number is too small to compare periods.</summary>
public sealed record Figure(double? Value, int N, string? Warning)
{
    /// <summary><paramref name="numerator"/> / <paramref name="n"/>; null value when n is 0.</summary>
    public static Figure Ratio(int numerator, int n) => new(n == 0 ? null : (double)numerator / n, n, Stats.SmallNWarning(n));
}

/// <summary>A distribution summarised robustly: median, p90 and geometric mean (never the mean alone), with its n.</summary>
public sealed record Distribution(int N, double? Median, double? P90, double? GeometricMean, string? Warning)
{
    public static Distribution Empty { get; } = new(0, null, null, null, Stats.SmallNWarning(0));
}

/// <summary>Order statistics used by trends and reviews.</summary>
public static class Stats
{
    /// <summary>Below this many observations a figure carries a warning.</summary>
    public const int SmallN = 5;

    public static string? SmallNWarning(int n) => n < SmallN ? $"n={n} < {SmallN}: too small to compare periods" : null;

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Percentile by linear interpolation between closest ranks (Hyndman–Fan type 7, numpy's default).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.OrderBy(v => v).ToArray();
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Geometric mean of the positive values (a zero duration has no logarithm; those are left out).</summary>
    public static double? GeometricMean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var positive = values.Where(v => v > 0).ToList();
        return positive.Count == 0 ? null : Math.Exp(positive.Average(Math.Log));
    }

    public static Distribution Describe(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return Distribution.Empty;
        return new Distribution(values.Count, Round(Median(values)), Round(Percentile(values, 0.9)), GeometricMean(values) is { } g ? Round(g) : null, SmallNWarning(values.Count));
    }

    private static double Round(double v) => Math.Round(v, 3, MidpointRounding.AwayFromZero);
}
