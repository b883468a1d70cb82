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
    ActionItemCounts ActionItems,
    Distribution TimeToDetectMinutes,
    Distribution TimeToResolveMinutes);

/// <summary>How often one cluster's incidents fell in one period, and how many of them recurred it.</summary>
public sealed record ClusterPeriod(string Period, int Incidents, int Recurring);

public sealed record ClusterTrend(string Id, string Label, string? Category, IReadOnlyList<ClusterPeriod> Series);

/// <summary>
/// What the trends cover. <see cref="From"/>/<see cref="To"/> (inclusive dates) default to <see cref="TrendSpan.Dense"/>,
/// the span where the data is; periods always stop at the last one with an incident.
/// </summary>
public sealed record TrendQuery(TrendPeriod By = TrendPeriod.Quarter, DateOnly? From = null, DateOnly? To = null, PostmortemFilter? Filter = null)
{
    /// <summary>More periods than this is not a chart anyone can read (60 years of quarters, 20 of months): narrow the range.</summary>
    public const int MaxPeriods = 240;
}

/// <summary>
/// The range the periods cover and where the data is: <see cref="DataFrom"/>..<see cref="DataTo"/> are the earliest and
/// latest dated incidents (after the filter), <see cref="DenseFrom"/> the start of the span without far-off outliers (the
/// default range), <see cref="Outside"/> the dated incidents left out by the range.
/// </summary>
public sealed record TrendSpan(DateOnly? From, DateOnly? To, DateOnly? DataFrom, DateOnly? DataTo, DateOnly? DenseFrom, int Outside, int Undated, string? Note)
{
    /// <summary>A gap longer than this before a handful of incidents marks them as outliers (a mistyped year, a 1628 write-up).</summary>
    public const int OutlierGapDays = 730;

    /// <summary>
    /// The earliest date of the span where the data is: after the latest gap longer than <see cref="OutlierGapDays"/>
    /// that has at most 5 % of the incidents (at least 2, but always fewer than half) before it; the earliest date when
    /// there is no such gap.
    /// </summary>
    public static DateOnly? Dense(IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count == 0) return null;
        var sorted = dates.Order().ToArray();
        var allowed = Math.Min(Math.Max(2, sorted.Length / 20), (sorted.Length - 1) / 2);
        var start = sorted[0];
        for (var i = 1; i < sorted.Length && i <= allowed; i++)
            if (sorted[i].DayNumber - sorted[i - 1].DayNumber > OutlierGapDays) start = sorted[i];
        return start;
    }
}

/// <summary>What <c>pmsearch trends --json</c> and <c>GET /api/trends</c> answer: the periods and the per-cluster series.</summary>
public sealed record TrendReport(TrendPeriod By, DateOnly AsOf, IReadOnlyList<TrendPoint> Periods, IReadOnlyList<ClusterTrend> Clusters)
{
    /// <summary>What the periods' recurrence rate counts.</summary>
    public string RecurrenceDefinition { get; init; } = Recurrence.HeadlineDefinition;
    public TrendSpan Span { get; init; } = new(null, null, null, null, null, 0, 0, null);
    /// <summary>The filter the figures were computed under ("" when none).</summary>
    public string Filter { get; init; } = "";
    /// <summary>Which of the filter's service or team names no postmortem has (see <see cref="PostmortemFilter.Unmatched"/>); null when all occur.</summary>
    public string? FilterNote { get; init; }
}

/// <summary>A trend range that cannot be drawn (too many periods, or from after to); the message says how to fix it.</summary>
public sealed class TrendRangeException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>Per-month or per-quarter trends with honest statistics: medians, p90, geometric means and n — never a mean alone.</summary>
public static class Trends
{
    /// <summary>The trends over every dated incident in the default range (the span where the data is).</summary>
    public static TrendReport Report(IReadOnlyList<Postmortem> postmortems, IReadOnlyList<FactorCluster> clusters, TrendPeriod period, DateOnly asOf) =>
        Report(postmortems, clusters, new TrendQuery(period), asOf);

    /// <summary>
    /// The periods of <paramref name="query"/>'s range plus, for every cluster shared by more than one incident, its
    /// incidents and recurring incidents per period. Recurrence is decided over all postmortems (an earlier incident of
    /// another service still makes this one a repeat); the filter then picks which incidents are counted.
    /// </summary>
    public static TrendReport Report(IReadOnlyList<Postmortem> postmortems, IReadOnlyList<FactorCluster> clusters, TrendQuery query, DateOnly asOf, int windowDays = Recurrence.DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter ?? PostmortemFilter.None;
        var counted = filter.Apply(postmortems);
        var dates = counted.Select(IncidentTime.DateOf).OfType<DateOnly>().Where(d => d <= asOf).ToList();
        var span = Span(dates, counted.Count, query, asOf);
        var periods = span.From is { } from && span.To is { } to ? Periods(postmortems, counted, clusters, query.By, from, to, asOf, windowDays) : [];

        var byId = postmortems.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var countedIds = counted.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var trends = new List<ClusterTrend>();
        foreach (var cluster in clusters.Where(c => c.IncidentIds.Count > 1))
        {
            var recurring = Recurrence.RecurringIncidents(cluster, byId, windowDays);
            var series = cluster.IncidentIds
                .Where(countedIds.Contains)
                .Select(id => (Id: id, Date: byId.TryGetValue(id, out var p) ? IncidentTime.DateOf(p) : null))
                .Where(x => x.Date is { } d && d >= span.From && d <= span.To)
                .GroupBy(x => Key(PeriodStart(x.Date!.Value, query.By), query.By), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ClusterPeriod(g.Key, g.Count(), g.Count(x => recurring.Contains(x.Id))))
                .ToList();
            if (series.Count > 0) trends.Add(new ClusterTrend(cluster.Id, cluster.Label, cluster.Category, series));
        }
        return new TrendReport(query.By, asOf, periods, trends) { Span = span, Filter = filter.ToString(), FilterNote = filter.Unmatched(postmortems) };
    }

    /// <summary>The range actually drawn: the query's, else the dense span; ending at the last incident in it.</summary>
    private static TrendSpan Span(List<DateOnly> dates, int total, TrendQuery query, DateOnly asOf)
    {
        if (query.From is { } f && query.To is { } t && f > t) throw new TrendRangeException("from", $"from ({f:yyyy-MM-dd}) is after to ({t:yyyy-MM-dd})");
        var undated = total - dates.Count;
        if (dates.Count == 0) return new TrendSpan(query.From, query.To, null, null, null, 0, undated, null);
        var dataFrom = dates.Min();
        var dataTo = dates.Max();
        var dense = TrendSpan.Dense(dates)!.Value;
        var from = query.From ?? dense;
        var last = Latest(dates, from, query.To ?? asOf) ?? query.To ?? dataTo;
        string? clipped = null;
        if (query.From is null && CountPeriods(PeriodStart(from, query.By), PeriodStart(last, query.By), query.By) > TrendQuery.MaxPeriods)
        {
            // The default range must always draw: keep the latest MaxPeriods periods and say where they start.
            from = PeriodStart(last, query.By).AddMonths(-(TrendQuery.MaxPeriods - 1) * (query.By == TrendPeriod.Month ? 1 : 3));
            clipped = $"the data spans more than {TrendQuery.MaxPeriods} {(query.By == TrendPeriod.Month ? "months" : "quarters")}, so the default range shows the latest {TrendQuery.MaxPeriods} (from {from:yyyy-MM-dd}); set from or group by quarter to see earlier ones";
        }
        var inRange = dates.Where(d => d >= from && d <= (query.To ?? asOf)).ToList();
        // Stop at the last period with data: a year of empty quarters after the last incident is not a trend.
        var to = inRange.Count > 0 ? inRange.Max() : query.To ?? dataTo;
        var periods = CountPeriods(PeriodStart(from, query.By), PeriodStart(to, query.By), query.By);
        if (periods > TrendQuery.MaxPeriods)
            throw new TrendRangeException(query.From is null ? "to" : "from",
                $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {periods:N0} {(query.By == TrendPeriod.Month ? "months" : "quarters")}; at most {TrendQuery.MaxPeriods} can be shown — narrow from/to{(query.By == TrendPeriod.Month ? " or group by quarter" : "")}");
        var outside = dates.Count - inRange.Count;
        string? note = null;
        if (query.From is null && dense > dataFrom)
        {
            var before = dates.Count(d => d < dense);
            note = $"{before} incident{(before == 1 ? "" : "s")} dated long before the rest (earliest {dataFrom:yyyy-MM-dd}) {(before == 1 ? "is" : "are")} outside the default range, which starts at {dense:yyyy-MM-dd}; set from to include {(before == 1 ? "it" : "them")}";
        }
        if (clipped is not null) note = note is null ? clipped : $"{note}; {clipped}";
        return new TrendSpan(from, to, dataFrom, dataTo, dense, outside, undated, note);
    }

    private static DateOnly? Latest(List<DateOnly> dates, DateOnly from, DateOnly to)
    {
        DateOnly? latest = null;
        foreach (var d in dates) if (d >= from && d <= to && (latest is null || d > latest)) latest = d;
        return latest;
    }

    private static int CountPeriods(DateOnly first, DateOnly last, TrendPeriod period) =>
        first > last ? 0 : ((last.Year - first.Year) * 12 + last.Month - first.Month) / (period == TrendPeriod.Month ? 1 : 3) + 1;

    private static List<TrendPoint> Periods(IReadOnlyList<Postmortem> all, IReadOnlyList<Postmortem> counted, IReadOnlyList<FactorCluster> clusters, TrendPeriod period, DateOnly from, DateOnly to, DateOnly asOf, int windowDays)
    {
        var recurring = Recurrence.Repeats(clusters, all, windowDays);
        var dated = counted.Where(pm => IncidentTime.DateOf(pm) is { } d && d >= from && d <= to).ToList();
        var points = new List<TrendPoint>();
        for (var start = PeriodStart(from, period); start <= to; start = Next(start, period))
        {
            var end = Next(start, period);
            var members = dated.Where(pm => IncidentTime.DateOf(pm) is { } d && d >= start && d < end).ToList();
            points.Add(Point(Key(start, period), start, members, recurring, asOf));
        }
        return points;
    }

    /// <summary>
    /// Every period from the earliest dated incident to the last period with an incident up to <paramref name="asOf"/>
    /// (empty periods inside included, so gaps show). An incident belongs to the period of its start, else of its
    /// postmortem date; undated ones are left out.
    /// </summary>
    public static IReadOnlyList<TrendPoint> Build(IReadOnlyList<Postmortem> all, IReadOnlyList<FactorCluster> clusters, TrendPeriod period, DateOnly asOf, int windowDays = Recurrence.DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(clusters);
        var dates = all.Select(IncidentTime.DateOf).OfType<DateOnly>().Where(d => d <= asOf).ToList();
        if (dates.Count == 0) return [];
        return Periods(all, all, clusters, period, dates.Min(), dates.Max(), asOf, windowDays);
    }

    internal static TrendPoint Point(string key, DateOnly start, IReadOnlyList<Postmortem> members, IReadOnlySet<string> recurring, DateOnly asOf) =>
        new(key, start,
            new Figure(members.Count, members.Count, Stats.SmallNWarning(members.Count)),
            Figure.Ratio(members.Count(pm => recurring.Contains(pm.Id)), members.Count),
            Stats.Describe(members.Select(DurationMinutes).OfType<double>().ToList()),
            Stats.Describe(members.Select(TimeToPostmortemDays).OfType<double>().ToList()),
            CountActionItems(members, asOf),
            Stats.Describe(members.Select(TimeToDetectMinutes).OfType<double>().ToList()),
            Stats.Describe(members.Select(TimeToResolveMinutes).OfType<double>().ToList()));

    /// <summary>Minutes from the incident's start to its detection; null when either is missing or the order is impossible.</summary>
    public static double? TimeToDetectMinutes(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        return Minutes(pm.IncidentStart, pm.DetectedAt);
    }

    /// <summary>Minutes from detection to resolution (what responders control; start → resolved is the duration).</summary>
    public static double? TimeToResolveMinutes(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        return Minutes(pm.DetectedAt, pm.ResolvedAt);
    }

    private static double? Minutes(Timestamp? from, Timestamp? to) =>
        from is { } a && to is { } b && b.ToInstant() - a.ToInstant() is var d && d >= TimeSpan.Zero ? d.TotalMinutes : null;

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
