using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>A factor statement as the API shows it: with the key curation names it by.</summary>
public sealed record FactorStatementView(string Key, string PostmortemId, string Text, FactorKind Kind);

/// <summary>A cluster without its full statement list (which is paged at /api/factors/{id}/statements).</summary>
public sealed record FactorClusterView(
    string Id, string Label, IReadOnlyList<string> Terms, string? Category, string? Concept, bool Discovered, bool NotACause,
    int StatementCount, IReadOnlyList<FactorStatementView> Statements, IReadOnlyList<string> IncidentIds,
    DateOnly? FirstSeen, DateOnly? LastSeen, double? RecurrenceRate, int RecurringIncidents);

/// <summary>
/// <c>GET /api/factors</c>: clusters (paged), each with its first statements; when the result was computed, its age,
/// and whether a newer one is being computed.
/// </summary>
public sealed record FactorList(IReadOnlyList<FactorClusterView> Clusters, int Total, int Offset, int Limit, DateTimeOffset ComputedAt, double AgeSeconds, bool Stale);

public sealed record FactorStatementPage(string ClusterId, int Total, int Offset, int Limit, IReadOnlyList<FactorStatementView> Statements);

/// <summary><c>GET /api/factors</c> and <c>GET /api/trends</c>: computed over the postmortems the caller may see.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Analytics").RequireAuthorization(AccessPolicies.Read);
        group.MapGet("/factors", Factors).ProducesReadProblems()
            .WithSummary("Recurring contributing-factor clusters (paged: offset, limit; statements = how many statements per cluster): label, terms, category, incidents, recurrence rate, computedAt and age");
        group.MapGet("/factors/{id}/statements", Statements).ProducesReadProblems()
            .WithSummary("The statements of one factor cluster, paged (offset, limit)");
        group.MapGet("/trends", Trends).ProducesReadProblems()
            .WithSummary("Per-quarter or per-month incidents, recurrence, duration, time to detect / resolve / postmortem, action items (each with n and small-sample warnings), plus per-cluster series; from/to (2025-03-31, 2025-03, 2025 or 2025Q1: from its first day, to its last; default: the span where the data is), service, team, severity");
        return routes;
    }

    internal static FactorStatementView View(FactorStatement s) => new(CuratedStatement.KeyOf(s), s.PostmortemId, s.Text, s.Kind);

    internal static FactorClusterView View(FactorCluster c, int statements) => new(
        c.Id, c.Label, c.Terms, c.Category, c.Concept, c.Discovered, c.NotACause, c.Statements.Count,
        [.. c.Statements.Take(statements).Select(View)], c.IncidentIds, c.FirstSeen, c.LastSeen, c.RecurrenceRate, c.RecurringIncidents);

    internal static FactorList List(AnalyticsSnapshot snapshot, TimeProvider time, int offset = 0, int limit = 1000, int statements = 20)
    {
        var clusters = snapshot.Clustering.Clusters;
        return new FactorList([.. clusters.Skip(offset).Take(limit).Select(c => View(c, statements))], clusters.Count, offset, limit,
            snapshot.ComputedAt, Math.Round(Math.Max(0, (time.GetUtcNow() - snapshot.ComputedAt).TotalSeconds), 1), snapshot.Stale);
    }

    private static Results<Ok<FactorList>, ValidationProblem> Factors(string? offset, string? limit, string? statements, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var o = errors.Int(offset, "offset", 0, int.MaxValue, 0);
        var l = errors.Int(limit, "limit", 1, 1000, 1000);
        var s = errors.Int(statements, "statements", 0, 1000, 20);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(List(catalog.Analytics(user.ToCaller()), catalog.Time, o, l, s));
    }

    private static Results<Ok<FactorStatementPage>, NotFound<ProblemDetails>, ValidationProblem> Statements(string id, string? offset, string? limit, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var o = errors.Int(offset, "offset", 0, int.MaxValue, 0);
        var l = errors.Int(limit, "limit", 1, 1000, 100);
        if (errors.Any) return errors.ToProblem();
        var cluster = catalog.Analytics(user.ToCaller()).Clustering.Clusters.FirstOrDefault(c => c.Id == id);
        if (cluster is null) return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"no factor cluster '{id}'", Status = 404 });
        return TypedResults.Ok(new FactorStatementPage(id, cluster.Statements.Count, o, l, [.. cluster.Statements.Skip(o).Take(l).Select(View)]));
    }

    private static Results<Ok<TrendReport>, ValidationProblem> Trends(
        string? by, string? from, string? to, string? service, string? team, string? severity, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var period = errors.OneOf(by, "by", "quarter", "month") == "month" ? TrendPeriod.Month : TrendPeriod.Quarter;
        var query = new TrendQuery(period, errors.Bound(from, "from", end: false), errors.Bound(to, "to", end: true), DashboardFilter.Read(errors, service, team, severity));
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
