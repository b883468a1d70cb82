using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

public sealed record FactorList(IReadOnlyList<FactorCluster> Clusters);

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
            .WithSummary("Per-quarter or per-month incidents, recurrence, duration, time to detect / resolve / postmortem, action items (each with n and small-sample warnings), plus per-cluster series; from/to (yyyy-mm-dd, default: the span where the data is), service, team, severity");
        return routes;
    }

    private static Results<Ok<TrendReport>, ValidationProblem> Trends(
        string? by, string? from, string? to, string? service, string? team, string? severity, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var period = errors.OneOf(by, "by", "quarter", "month") == "month" ? TrendPeriod.Month : TrendPeriod.Quarter;
        var query = new TrendQuery(period, errors.Date(from, "from"), errors.Date(to, "to"), DashboardFilter.Read(errors, service, team, severity));
        if (errors.Any) return errors.ToProblem();
        var snapshot = catalog.Analytics(user.ToCaller());
        try
        {
            return TypedResults.Ok(Core.Analytics.Trends.Report(snapshot.Postmortems, snapshot.Clustering.Clusters, query, catalog.Today));
        }
        catch (TrendRangeException e)
        {
            errors.Add(e.Parameter, e.Message);
            return errors.ToProblem();
        }
    }
}
