using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

public sealed record OverdueActionItem(string PostmortemId, string Text, string? Owner, DateOnly? Due);

public sealed record ActionItemSummary(int Total, int Done, int Open, int Unknown, int Overdue, IReadOnlyList<OverdueActionItem> OverdueList);

/// <summary>An action item of the quarter lacking an owner, a due date or a ticket.</summary>
public sealed record ActionItemGapEntry(string PostmortemId, string Text, bool MissingOwner, bool MissingDue, bool MissingTicket);

/// <summary>How many of the quarter's action items lack an owner, a due date or a ticket, and which.</summary>
public sealed record ActionItemHygiene(int Total, int LackingOwner, int LackingDue, int LackingTicket, IReadOnlyList<ActionItemGapEntry> Items);

public sealed record CompletenessEntry(string PostmortemId, double Score, IReadOnlyList<string> Missing);

/// <summary>
/// Participation: of a quarter's postmortems, how many list who took part (<see cref="Listing"/> = the n of
/// <see cref="Participants"/>), and the median / p90 number of participants among those — postmortems that list
/// nobody are not counted as zero (the document did not say).
/// </summary>
public sealed record Participation(int Postmortems, int Listing, Distribution Participants)
{
    public static Participation Of(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        var counts = postmortems.Where(pm => pm.Participants.Count > 0).Select(pm => (double)pm.Participants.Count).ToList();
        return new Participation(postmortems.Count, counts.Count, Stats.Describe(counts));
    }
}

/// <summary>A factor cluster as seen from one quarter: its incidents in the quarter and how many of them recur it.</summary>
public sealed record ReviewCluster(string Id, string Label, string? Category, int IncidentsInQuarter, int RecurringInQuarter, int IncidentsTotal, IReadOnlyList<string> IncidentIds);

/// <summary>The figures of a quarter without the lists, for the comparison with the previous quarter.</summary>
public sealed record QuarterSummary(
    string Quarter,
    int Postmortems,
    Distribution TimeToPostmortemDays,
    ActionItemCounts ActionItems,
    int BlamelessFindings,
    Distribution CompletenessScore,
    Figure RecurrenceRate,
    int RecurrencesAfterRemediation)
{
    public Participation Participation { get; init; } = new(0, 0, Distribution.Empty);

    /// <summary>Minutes from start to detection, as on the trends page (median, p90, n).</summary>
    public Distribution TimeToDetectMinutes { get; init; } = Distribution.Empty;

    /// <summary>Minutes from detection to resolution, as on the trends page.</summary>
    public Distribution TimeToResolveMinutes { get; init; } = Distribution.Empty;
}

/// <summary>The quarterly meta-review of the postmortem process: one quarter, compared with the previous one.</summary>
public sealed record QuarterlyReview
{
    public required string Quarter { get; init; }
    public required DateOnly AsOf { get; init; }

    /// <summary>The dashboards' filter the review covers ("service checkout-api, severity SEV1"); "" for every postmortem.</summary>
    public string Filter { get; init; } = "";

    /// <summary>Which service or team of the filter no postmortem names ("… check the name (known: …)"); null when all occur.</summary>
    public string? FilterNote { get; init; }
    public IReadOnlyList<string> PostmortemIds { get; init; } = [];
    public required Distribution TimeToPostmortemDays { get; init; }
    public Distribution TimeToDetectMinutes { get; init; } = Distribution.Empty;
    public Distribution TimeToResolveMinutes { get; init; } = Distribution.Empty;
    public required ActionItemSummary ActionItems { get; init; }
    public required ActionItemHygiene ActionItemGaps { get; init; }
    public IReadOnlyList<BlamelessFinding> BlamelessFindings { get; init; } = [];
    public IReadOnlyList<CompletenessEntry> Completeness { get; init; } = [];
    public IReadOnlyList<ReviewCluster> Clusters { get; init; } = [];
    /// <summary>Repeat incidents by primary cause (see <see cref="RecurrenceDefinition"/>).</summary>
    public required Figure RecurrenceRate { get; init; }
    public string RecurrenceDefinition { get; init; } = Recurrence.HeadlineDefinition;
    public IReadOnlyList<RemediationRecurrence> RecurrencesAfterRemediation { get; init; } = [];
    public required QuarterSummary PreviousQuarter { get; init; }
    /// <summary>How many of the quarter's postmortems list participants, and how many they list (median, p90).</summary>
    public Participation Participation { get; init; } = new(0, 0, Distribution.Empty);

    public const int TopClusters = 10;

    /// <summary>
    /// The review of the postmortems <paramref name="filter"/> keeps, saying so in <see cref="Filter"/> (and, in
    /// <see cref="FilterNote"/>, which of its names no postmortem carries). As on the trends page, recurrence is decided
    /// over all of <paramref name="all"/> (an earlier incident of another service still makes one a repeat); the filter
    /// picks which incidents are counted.
    /// </summary>
    public static QuarterlyReview Build(IReadOnlyList<Postmortem> all, PostmortemFilter filter, string quarter, DateOnly asOf, FactorClustering? clustering = null)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(filter);
        return Build(all, filter.Apply(all), quarter, asOf, clustering, Recurrence.DefaultWindowDays) with { Filter = filter.ToString(), FilterNote = filter.Unmatched(all) };
    }

    /// <summary>
    /// Builds the review of <paramref name="quarter"/> ("2025Q3"). A quarter's postmortems are those whose incident start
    /// (else postmortem date) falls in it. Clusters come from <paramref name="clustering"/>, or are computed over all postmortems.
    /// </summary>
    public static QuarterlyReview Build(IReadOnlyList<Postmortem> all, string quarter, DateOnly asOf, FactorClustering? clustering = null, int windowDays = Recurrence.DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(all);
        return Build(all, all, quarter, asOf, clustering, windowDays);
    }

    private static QuarterlyReview Build(IReadOnlyList<Postmortem> all, IReadOnlyList<Postmortem> counted, string quarter, DateOnly asOf, FactorClustering? clustering, int windowDays)
    {
        var (start, end) = Trends.ParseQuarter(quarter);
        clustering ??= new FactorClusterer().Cluster(all);
        var clusters = clustering.Clusters;
        var byId = Recurrence.ById(all);
        var recurringAny = Recurrence.Repeats(clusters, all, windowDays);
        var countedIds = counted.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var afterRemediation = Recurrence.AfterRemediation(clusters, all).Where(r => countedIds.Contains(r.IncidentId)).ToList();
        var members = InQuarter(counted, start, end);
        var ids = members.Select(pm => pm.Id).ToHashSet(StringComparer.Ordinal);
        var counts = Trends.CountActionItems(members, asOf);
        var quality = members.Select(Quality.Check).ToList();

        var reviewClusters = clusters
            .Select(c =>
            {
                var inQuarter = c.IncidentIds.Where(ids.Contains).ToList();
                var recurring = Recurrence.RecurringIncidents(c, byId, windowDays);
                return new ReviewCluster(c.Id, c.Label, c.Category, inQuarter.Count, inQuarter.Count(recurring.Contains), c.IncidentIds.Count, inQuarter);
            })
            .Where(c => c.IncidentsInQuarter > 0 && c.IncidentsTotal > 1)
            .OrderByDescending(c => c.RecurringInQuarter).ThenByDescending(c => c.IncidentsInQuarter).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(TopClusters).ToList();

        var previousStart = start.AddMonths(-3);
        return new QuarterlyReview
        {
            Quarter = Trends.Key(start, TrendPeriod.Quarter),
            AsOf = asOf,
            PostmortemIds = members.Select(pm => pm.Id).ToList(),
            TimeToPostmortemDays = Stats.Describe(members.Select(Trends.TimeToPostmortemDays).OfType<double>().ToList()),
            TimeToDetectMinutes = Stats.Describe(members.Select(Trends.TimeToDetectMinutes).OfType<double>().ToList()),
            TimeToResolveMinutes = Stats.Describe(members.Select(Trends.TimeToResolveMinutes).OfType<double>().ToList()),
            ActionItems = new ActionItemSummary(counts.Total, counts.Done, counts.Open, counts.Unknown, counts.Overdue,
                members.SelectMany(pm => pm.ActionItems.Where(i => Trends.IsOverdue(i, asOf)).Select(i => new OverdueActionItem(pm.Id, i.Text, i.Owner, i.Due)))
                    .OrderBy(o => o.Due).ThenBy(o => o.PostmortemId, StringComparer.Ordinal).ToList()),
            ActionItemGaps = Hygiene(members.Sum(pm => pm.ActionItems.Count), quality),
            BlamelessFindings = quality.SelectMany(q => q.BlamelessFindings).ToList(),
            Completeness = quality.Select(q => new CompletenessEntry(q.PostmortemId, q.Completeness.Score, q.Completeness.Missing)).ToList(),
            Clusters = reviewClusters,
            RecurrenceRate = Figure.Ratio(members.Count(pm => recurringAny.Contains(pm.Id)), members.Count),
            RecurrencesAfterRemediation = afterRemediation.Where(r => r.IncidentDate >= start && r.IncidentDate < end).ToList(),
            PreviousQuarter = Summarise(counted, previousStart, asOf, recurringAny, afterRemediation),
            Participation = Participation.Of(members),
        };
    }

    private static ActionItemHygiene Hygiene(int total, IReadOnlyList<QualityReport> quality)
    {
        var items = quality.SelectMany(q => q.ActionItemGaps.Select(g => new ActionItemGapEntry(q.PostmortemId, g.Text, g.MissingOwner, g.MissingDue, g.MissingTicket))).ToList();
        return new ActionItemHygiene(total, items.Count(i => i.MissingOwner), items.Count(i => i.MissingDue), items.Count(i => i.MissingTicket), items);
    }

    private static QuarterSummary Summarise(IReadOnlyList<Postmortem> all, DateOnly start, DateOnly asOf, IReadOnlySet<string> recurringAny, IReadOnlyList<RemediationRecurrence> afterRemediation)
    {
        var end = start.AddMonths(3);
        var members = InQuarter(all, start, end);
        var quality = members.Select(Quality.Check).ToList();
        return new QuarterSummary(
            Trends.Key(start, TrendPeriod.Quarter),
            members.Count,
            Stats.Describe(members.Select(Trends.TimeToPostmortemDays).OfType<double>().ToList()),
            Trends.CountActionItems(members, asOf),
            quality.Sum(q => q.BlamelessFindings.Count),
            Stats.Describe(quality.Select(q => q.Completeness.Score).ToList()),
            Figure.Ratio(members.Count(pm => recurringAny.Contains(pm.Id)), members.Count),
            afterRemediation.Count(r => r.IncidentDate >= start && r.IncidentDate < end))
        {
            Participation = Participation.Of(members),
            TimeToDetectMinutes = Stats.Describe(members.Select(Trends.TimeToDetectMinutes).OfType<double>().ToList()),
            TimeToResolveMinutes = Stats.Describe(members.Select(Trends.TimeToResolveMinutes).OfType<double>().ToList()),
        };
    }

    /// <summary>The summary of this review's own quarter, shaped like <see cref="PreviousQuarter"/>.</summary>
    public QuarterSummary Summary() => new(
        Quarter, PostmortemIds.Count, TimeToPostmortemDays,
        new ActionItemCounts(ActionItems.Total, ActionItems.Done, ActionItems.Open, ActionItems.Unknown, ActionItems.Overdue, Stats.SmallNWarning(ActionItems.Total)),
        BlamelessFindings.Count, Stats.Describe(Completeness.Select(c => c.Score).ToList()), RecurrenceRate, RecurrencesAfterRemediation.Count)
    { Participation = Participation, TimeToDetectMinutes = TimeToDetectMinutes, TimeToResolveMinutes = TimeToResolveMinutes };

    private static List<Postmortem> InQuarter(IReadOnlyList<Postmortem> all, DateOnly start, DateOnly end) =>
        all.Where(pm => IncidentTime.DateOf(pm) is { } d && d >= start && d < end)
            .OrderBy(pm => IncidentTime.Of(pm)).ThenBy(pm => pm.Id, StringComparer.Ordinal).ToList();
}
