using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>When an incident happened: incident start, else the postmortem date (midnight UTC); null when neither is known.</summary>
public static class IncidentTime
{
    public static DateTimeOffset? Of(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        if (postmortem.IncidentStart is { } start) return start.ToInstant();
        if (postmortem.PostmortemDate is { } date) return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return null;
    }

    public static DateOnly? DateOf(Postmortem postmortem) => postmortem.IncidentStart?.Date ?? postmortem.PostmortemDate;
}

/// <summary>An incident in a cluster that happened after every action item of an earlier incident in the same cluster was done.</summary>
public sealed record RemediationRecurrence(string ClusterId, string ClusterLabel, string IncidentId, DateOnly? IncidentDate, string EarlierIncidentId, DateOnly? EarlierPostmortemDate);

/// <summary>
/// Recurrence as ARCHITECTURE.md defines it: an incident <i>recurs</i> cluster C if an earlier incident (within the
/// window, default 365 days) also has a statement in C. Incidents with no known time take no part (they cannot be ordered).
/// "Earlier" is strict: two incidents at the same instant do not recur each other.
/// </summary>
public static class Recurrence
{
    public const int DefaultWindowDays = 365;

    /// <summary>Ids of the incidents of <paramref name="cluster"/> that recur it.</summary>
    public static IReadOnlySet<string> RecurringIncidents(FactorCluster cluster, IReadOnlyDictionary<string, Postmortem> byId, int windowDays = DefaultWindowDays) =>
        RecurringIncidents(cluster.IncidentIds, id => byId.TryGetValue(id, out var pm) ? IncidentTime.Of(pm) : null, windowDays);

    internal static HashSet<string> RecurringIncidents(IEnumerable<string> incidentIds, Func<string, DateTimeOffset?> timeOf, int windowDays)
    {
        var dated = incidentIds.Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, At: timeOf(id)))
            .Where(p => p.At is not null)
            .Select(p => (p.Id, At: p.At!.Value))
            .OrderBy(p => p.At).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var window = TimeSpan.FromDays(windowDays);
        var recurring = new HashSet<string>(StringComparer.Ordinal);
        var lastStrictlyEarlier = (DateTimeOffset?)null;
        for (var i = 0; i < dated.Count; i++)
        {
            if (i > 0 && dated[i].At > dated[i - 1].At)
            {
                lastStrictlyEarlier = dated[i - 1].At;
            }
            if (lastStrictlyEarlier is { } earlier && dated[i].At - earlier <= window) recurring.Add(dated[i].Id);
        }
        return recurring;
    }

    /// <summary>Recurrence rate of a cluster: recurring incidents / incidents with a known time; n = that denominator.</summary>
    public static Figure Rate(FactorCluster cluster, IReadOnlyDictionary<string, Postmortem> byId, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var n = cluster.IncidentIds.Count(id => byId.TryGetValue(id, out var pm) && IncidentTime.Of(pm) is not null);
        return Figure.Ratio(RecurringIncidents(cluster, byId, windowDays).Count, n);
    }

    /// <summary>What the headline recurrence rate counts, shown beside the figure in the UI and the review.</summary>
    public const string HeadlineDefinition =
        "Repeat incidents / incidents: an incident is a repeat when its primary cause (its first root cause, else its trigger) " +
        "falls in a cause cluster that an earlier incident within 365 days also had. Clusters marked 'not a cause' do not count; " +
        "other factors of the incident do not make it a repeat.";

    /// <summary>
    /// The primary cause statement of each postmortem: its first root cause, else its trigger, else its first statement.
    /// </summary>
    public static Dictionary<string, FactorCluster> PrimaryCauseClusters(IReadOnlyList<FactorCluster> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        static int Rank(FactorKind kind) => kind switch { FactorKind.RootCause => 0, FactorKind.Trigger => 1, _ => 2 };
        var best = new Dictionary<string, (int Rank, int Order, FactorCluster Cluster)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var cluster in clusters)
            foreach (var s in cluster.Statements)
            {
                var candidate = (Rank(s.Kind), s.Entry >= 0 ? s.Entry : 10_000 + order++, cluster);
                if (!best.TryGetValue(s.PostmortemId, out var current) || (candidate.Item1, candidate.Item2).CompareTo((current.Rank, current.Order)) < 0)
                    best[s.PostmortemId] = candidate;
            }
        return best.ToDictionary(kv => kv.Key, kv => kv.Value.Cluster, StringComparer.Ordinal);
    }

    /// <summary>Ids of the repeat incidents of <see cref="HeadlineDefinition"/>.</summary>
    public static IReadOnlySet<string> Repeats(IReadOnlyList<FactorCluster> clusters, IReadOnlyList<Postmortem> all, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(all);
        var byId = ById(all);
        var window = TimeSpan.FromDays(windowDays);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, cluster) in PrimaryCauseClusters(clusters))
        {
            if (cluster.NotACause || !byId.TryGetValue(id, out var pm) || IncidentTime.Of(pm) is not { } at) continue;
            foreach (var other in cluster.IncidentIds)
                if (other != id && byId.TryGetValue(other, out var earlier) && IncidentTime.Of(earlier) is { } before && before < at && at - before <= window)
                {
                    result.Add(id);
                    break;
                }
        }
        return result;
    }

    /// <summary>Ids of all incidents that recur any cluster.</summary>
    public static IReadOnlySet<string> RecurringAny(IReadOnlyList<FactorCluster> clusters, IReadOnlyList<Postmortem> all, int windowDays = DefaultWindowDays)
    {
        var byId = ById(all);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in clusters) result.UnionWith(RecurringIncidents(cluster, byId, windowDays));
        return result;
    }

    /// <summary>Overall recurrence rate for a period [from, toExclusive): incidents in the period that recur any cluster / incidents in the period.</summary>
    public static Figure OverallRate(IReadOnlyList<FactorCluster> clusters, IReadOnlyList<Postmortem> all, DateOnly from, DateOnly toExclusive, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(all);
        var recurring = RecurringAny(clusters, all, windowDays);
        var inPeriod = all.Where(pm => IncidentTime.DateOf(pm) is { } d && d >= from && d < toExclusive).ToList();
        return Figure.Ratio(inPeriod.Count(pm => recurring.Contains(pm.Id)), inPeriod.Count);
    }

    /// <summary>
    /// Recurrences after remediation: incident B in cluster C, an earlier incident A in C with at least one action item
    /// and every action item done. Completion dates are rarely recorded, so an item marked done counts as done before B
    /// when A's postmortem date is before B's incident date (a postmortem records the state when it was written; later
    /// imports update it). Not limited to the recurrence window: a fix that held for two years and then failed still failed.
    /// </summary>
    public static IReadOnlyList<RemediationRecurrence> AfterRemediation(IReadOnlyList<FactorCluster> clusters, IReadOnlyList<Postmortem> all)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var byId = ById(all);
        var result = new List<RemediationRecurrence>();
        foreach (var cluster in clusters)
        {
            var incidents = cluster.IncidentIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
            var remediated = incidents.Where(a => a.ActionItems.Count > 0 && a.ActionItems.All(i => i.Status == ActionStatus.Done) && a.PostmortemDate is not null).ToList();
            foreach (var b in incidents)
            {
                if (IncidentTime.DateOf(b) is not { } bDate || IncidentTime.Of(b) is not { } bAt) continue;
                var earlier = remediated
                    .Where(a => a.Id != b.Id && IncidentTime.Of(a) is { } aAt && aAt < bAt && a.PostmortemDate < bDate)
                    .OrderByDescending(a => IncidentTime.Of(a)).ThenBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault();
                if (earlier is not null)
                    result.Add(new RemediationRecurrence(cluster.Id, cluster.Label, b.Id, bDate, earlier.Id, earlier.PostmortemDate));
            }
        }
        return result.OrderBy(r => r.IncidentDate).ThenBy(r => r.ClusterId, StringComparer.Ordinal).ThenBy(r => r.IncidentId, StringComparer.Ordinal).ToList();
    }

    internal static Dictionary<string, Postmortem> ById(IReadOnlyList<Postmortem> all)
    {
        var byId = new Dictionary<string, Postmortem>(StringComparer.Ordinal);
        foreach (var pm in all) byId[pm.Id] = pm;
        return byId;
    }
}
