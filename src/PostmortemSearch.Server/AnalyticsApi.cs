using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

public sealed record FactorList(IReadOnlyList<FactorCluster> Clusters);

/// <summary>How often one cluster's incidents fell in one period, and how many of them recurred it.</summary>
public sealed record ClusterPeriod(string Period, int Incidents, int Recurring);

public sealed record ClusterTrend(string Id, string Label, string? Category, IReadOnlyList<ClusterPeriod> Series);

public sealed record TrendReport(TrendPeriod By, DateOnly AsOf, IReadOnlyList<TrendPoint> Periods, IReadOnlyList<ClusterTrend> Clusters);

/// <summary><c>GET /api/factors</c> and <c>GET /api/trends</c>: computed over the postmortems the caller may see.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Analytics").RequireAuthorization(AccessPolicies.Read);
        group.MapGet("/factors", (ClaimsPrincipal user, PostmortemCatalog catalog) => TypedResults.Ok(new FactorList(catalog.Analytics(user.ToCaller()).Clustering.Clusters)))
            .ProducesReadProblems()
            .WithSummary("Recurring contributing-factor clusters: label, terms, category, statements, incidents, recurrence rate");
        group.MapGet("/trends", Trends).ProducesReadProblems()
            .WithSummary("Per-quarter or per-month incidents, recurrence, duration, time to postmortem, action items (each with n and small-sample warnings), plus per-cluster series");
        return routes;
    }

    private static Results<Ok<TrendReport>, ValidationProblem> Trends(string? by, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var period = errors.OneOf(by, "by", "quarter", "month") == "month" ? TrendPeriod.Month : TrendPeriod.Quarter;
        if (errors.Any) return errors.ToProblem();
        var snapshot = catalog.Analytics(user.ToCaller());
        var points = Core.Analytics.Trends.Build(snapshot.Postmortems, snapshot.Clustering.Clusters, period, catalog.Today);
        return TypedResults.Ok(new TrendReport(period, catalog.Today, points, ClusterSeries(snapshot, period)));
    }

    /// <summary>Clusters shared by more than one incident, with their incidents and recurring incidents per period.</summary>
    private static List<ClusterTrend> ClusterSeries(AnalyticsSnapshot snapshot, TrendPeriod period)
    {
        var byId = snapshot.Postmortems.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var trends = new List<ClusterTrend>();
        foreach (var cluster in snapshot.Clustering.Clusters.Where(c => c.IncidentIds.Count > 1))
        {
            var recurring = Recurrence.RecurringIncidents(cluster, byId);
            var series = cluster.IncidentIds
                .Select(id => (Id: id, Date: byId.TryGetValue(id, out var p) ? IncidentTime.DateOf(p) : null))
                .Where(x => x.Date is not null)
                .GroupBy(x => Core.Analytics.Trends.Key(Core.Analytics.Trends.PeriodStart(x.Date!.Value, period), period), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ClusterPeriod(g.Key, g.Count(), g.Count(x => recurring.Contains(x.Id))))
                .ToList();
            trends.Add(new ClusterTrend(cluster.Id, cluster.Label, cluster.Category, series));
        }
        return trends;
    }
}
