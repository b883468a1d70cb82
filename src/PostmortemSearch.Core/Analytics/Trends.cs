using System.Globalization;
using System.Text.Json.Serialization;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

[JsonConverter(typeof(JsonStringEnumConverter<TrendPeriod>))]
public enum TrendPeriod
{
    [JsonStringEnumMemberName("month")] Month,
    [JsonStringEnumMemberName("quarter")] Quarter,
}

/// <summary>Action items by status; overdue = open with a due date before "as of".</summary>
public sealed record ActionItemCounts(int Total, int Done, int Open, int Unknown, int Overdue, string? Warning);

/// <summary>One period of the trends. Every figure carries its n; small n carries a warning.</summary>
public sealed record TrendPoint(
    string Period,
    DateOnly Start,
    Figure Incidents,
    Figure RecurrenceRate,
    Distribution DurationMinutes,
    Distribution TimeToPostmortemDays,
    ActionItemCounts ActionItems);

/// <summary>How often one cluster's incidents fell in one period, and how many of them recurred it.</summary>
public sealed record ClusterPeriod(string Period, int Incidents, int Recurring);

public sealed record ClusterTrend(string Id, string Label, string? Category, IReadOnlyList<ClusterPeriod> Series);

/// <summary>What <c>pmsearch trends --json</c> and <c>GET /api/trends</c> answer: the periods and the per-cluster series.</summary>
public sealed record TrendReport(TrendPeriod By, DateOnly AsOf, IReadOnlyList<TrendPoint> Periods, IReadOnlyList<ClusterTrend> Clusters)
{
    /// <summary>What the periods' recurrence rate counts.</summary>
    public string RecurrenceDefinition { get; init; } = Recurrence.HeadlineDefinition;
}

/// <summary>Per-month or per-quarter trends with honest statistics: medians, p90, geometric means and n — never a mean alone.</summary>
public static class Trends
{
    /// <summary>The periods of <see cref="Build"/> plus, for every cluster shared by more than one incident, its incidents and recurring incidents per period.</summary>
    public static TrendReport Report(IReadOnlyList<Postmortem> postmortems, IReadOnlyList<FactorCluster> clusters, TrendPeriod period, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        ArgumentNullException.ThrowIfNull(clusters);
        var byId = postmortems.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var trends = new List<ClusterTrend>();
        foreach (var cluster in clusters.Where(c => c.IncidentIds.Count > 1))
        {
            var recurring = Recurrence.RecurringIncidents(cluster, byId);
            var series = cluster.IncidentIds
                .Select(id => (Id: id, Date: byId.TryGetValue(id, out var p) ? IncidentTime.DateOf(p) : null))
                .Where(x => x.Date is not null)
                .GroupBy(x => Key(PeriodStart(x.Date!.Value, period), period), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ClusterPeriod(g.Key, g.Count(), g.Count(x => recurring.Contains(x.Id))))
                .ToList();
            trends.Add(new ClusterTrend(cluster.Id, cluster.Label, cluster.Category, series));
        }
        return new TrendReport(period, asOf, Build(postmortems, clusters, period, asOf), trends);
    }

    /// <summary>
    /// Every period from the earliest dated incident to the period holding <paramref name="asOf"/> (empty periods included,
    /// so gaps show). An incident belongs to the period of its start, else of its postmortem date; undated ones are left out.
    /// </summary>
    public static IReadOnlyList<TrendPoint> Build(IReadOnlyList<Postmortem> all, IReadOnlyList<FactorCluster> clusters, TrendPeriod period, DateOnly asOf, int windowDays = Recurrence.DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(clusters);
        var dated = all.Where(pm => IncidentTime.DateOf(pm) is { } d && d <= asOf).ToList();
        if (dated.Count == 0) return [];
        var recurring = Recurrence.Repeats(clusters, all, windowDays);
        var first = PeriodStart(dated.Min(pm => IncidentTime.DateOf(pm)!.Value), period);
        var last = PeriodStart(asOf, period);
        var points = new List<TrendPoint>();
        for (var start = first; start <= last; start = Next(start, period))
        {
            var end = Next(start, period);
            var members = dated.Where(pm => IncidentTime.DateOf(pm) is { } d && d >= start && d < end).ToList();
            points.Add(Point(Key(start, period), start, members, recurring, asOf));
        }
        return points;
    }

    internal static TrendPoint Point(string key, DateOnly start, IReadOnlyList<Postmortem> members, IReadOnlySet<string> recurring, DateOnly asOf) =>
        new(key, start,
            new Figure(members.Count, members.Count, Stats.SmallNWarning(members.Count)),
            Figure.Ratio(members.Count(pm => recurring.Contains(pm.Id)), members.Count),
            Stats.Describe(members.Select(DurationMinutes).OfType<double>().ToList()),
            Stats.Describe(members.Select(TimeToPostmortemDays).OfType<double>().ToList()),
            CountActionItems(members, asOf));

    /// <summary>The recorded duration, else resolved − start; null when unknown or negative.</summary>
    public static double? DurationMinutes(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        var duration = pm.Duration ?? (pm.ResolvedAt is { } r && pm.IncidentStart is { } s ? r.ToInstant() - s.ToInstant() : null);
        return duration is { } d && d >= TimeSpan.Zero ? d.TotalMinutes : null;
    }

    /// <summary>Days from the resolved date to the postmortem date; null when either is missing or the order is impossible.</summary>
    public static double? TimeToPostmortemDays(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        if (pm.ResolvedAt is not { } resolved || pm.PostmortemDate is not { } written) return null;
        var days = written.DayNumber - resolved.Date.DayNumber;
        return days >= 0 ? days : null;
    }

    public static ActionItemCounts CountActionItems(IEnumerable<Postmortem> postmortems, DateOnly asOf)
    {
        var items = postmortems.SelectMany(pm => pm.ActionItems).ToList();
        return new ActionItemCounts(
            items.Count,
            items.Count(i => i.Status == ActionStatus.Done),
            items.Count(i => i.Status == ActionStatus.Open),
            items.Count(i => i.Status == ActionStatus.Unknown),
            items.Count(i => IsOverdue(i, asOf)),
            Stats.SmallNWarning(items.Count));
    }

    public static bool IsOverdue(ActionItem item, DateOnly asOf) =>
        item is { Status: ActionStatus.Open, Due: { } due } && due < asOf;

    public static DateOnly PeriodStart(DateOnly date, TrendPeriod period) => period == TrendPeriod.Month
        ? new DateOnly(date.Year, date.Month, 1)
        : new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1);

    public static DateOnly Next(DateOnly start, TrendPeriod period) => start.AddMonths(period == TrendPeriod.Month ? 1 : 3);

    /// <summary>"2025-03" for a month, "2025Q1" for a quarter.</summary>
    public static string Key(DateOnly start, TrendPeriod period) => period == TrendPeriod.Month
        ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : $"{start.Year.ToString(CultureInfo.InvariantCulture)}Q{((start.Month - 1) / 3 + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses "2025Q3" (also "2025-Q3", "Q3 2025") into [start, end).</summary>
    public static (DateOnly Start, DateOnly End) ParseQuarter(string quarter)
    {
        ArgumentNullException.ThrowIfNull(quarter);
        var m = System.Text.RegularExpressions.Regex.Match(quarter.Trim(), @"^(?:(?<y>\d{4})\s*-?\s*[Qq](?<q>[1-4])|[Qq](?<q>[1-4])\s*-?\s*(?<y>\d{4}))$");
        if (!m.Success) throw new FormatException($"'{quarter}' is not a quarter like 2025Q3");
        var start = new DateOnly(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), (int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture) - 1) * 3 + 1, 1);
        return (start, start.AddMonths(3));
    }
}
