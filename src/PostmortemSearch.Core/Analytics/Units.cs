using System.Globalization;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// One convention for shares (recurrence rate, template completeness, share of action items done): JSON carries the
/// fraction 0–1, as computed; everything rendered (CLI text, Markdown, HTML, CSV, the web UI) shows a whole percent,
/// "100%". Durations are minutes in data and hours or days only where a heading says so.
/// </summary>
public static class Units
{
    public static string Percent(double? fraction, string missing = "—") =>
        fraction is { } v ? (Math.Round(v * 100, MidpointRounding.AwayFromZero)).ToString("0", CultureInfo.InvariantCulture) + "%" : missing;

    /// <summary>"75% (n=4)".</summary>
    public static string Percent(double? fraction, int n) => $"{Percent(fraction)} (n={n.ToString(CultureInfo.InvariantCulture)})";
}
