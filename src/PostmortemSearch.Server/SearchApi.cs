using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary><c>GET /api/search</c> and <c>GET /api/postmortems/{id}/similar</c>, always as the calling key (restricted stays hidden).</summary>
public static class SearchApi
{
    /// <summary>One limit everywhere: the parser's (the README and the search box's maxlength say the same).</summary>
    public const int MaxQueryLength = QueryParser.MaxLength;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/search", Search).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems().WithTags("Search")
            .WithSummary("Search by symptom: {total, hits:[{id,title,incidentStart,severity,services,score,snippet,section}], facets, didYouMean?}; snippets are HTML with <mark>, the rest escaped");
        routes.MapGet("/api/postmortems/{id}/similar", Similar).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems().ProducesIdProblems()
            .WithTags("Search")
            .WithSummary("Nearest incidents by content and shared factor clusters, with the shared terms and factors as reasons");
        return routes;
    }

    private static Results<Ok<SearchResults>, ValidationProblem> Search(
        string? q, string? service, string? team, string? severity, string? after, string? before, string? factor, string? limit, string? offset,
        ClaimsPrincipal user, PostmortemCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var request = new SearchRequest
        {
            Query = errors.Text(q, "q", MaxQueryLength) ?? "",
            Service = errors.Text(service, "service", 200),
            Team = errors.Text(team, "team", 200),
            Severity = errors.Text(severity, "severity", 20),
            After = errors.Text(after, "after", 40),
            Before = errors.Text(before, "before", 40),
            Factor = errors.Text(factor, "factor", 200),
            Limit = errors.Int(limit, "limit", 1, SearchRequest.MaxLimit, 20),
            Offset = errors.Int(offset, "offset", 0, 10_000, 0),
        };
        CheckFilter(errors, "severity", request.Severity, v => QueryParser.NormalizeSeverity(v) is null ? $"'{v}' is not a severity; use {QueryParser.SeverityForms}" : null);
        CheckFilter(errors, "after", request.After, DateError);
        CheckFilter(errors, "before", request.Before, DateError);
        if (errors.Any) return errors.ToProblem();
        try
        {
            return TypedResults.Ok(catalog.Search(request, user.ToCaller(), cancellationToken));
        }
        catch (QueryException e)
        {
            errors.Add("q", e.Message);
            return errors.ToProblem();
        }
    }

    /// <summary>
    /// A filter parameter is checked on its own, so that its error names it: the index reports filter mistakes as query
    /// errors, and they were answered as errors in <c>q</c>.
    /// </summary>
    private static void CheckFilter(RequestErrors errors, string parameter, string? value, Func<string, string?> problem)
    {
        if (value is null || problem(value) is not { } message) return;
        errors.Add(parameter, message);
    }

    private static string? DateError(string value)
    {
        try
        {
            QueryParser.ParsePeriodStart(value);
            return null;
        }
        catch (QueryException)
        {
            return $"'{value}' is not a date; use yyyy, yyyy-mm, yyyy-mm-dd or yyyyQ1..Q4";
        }
    }

    /// <summary>
    /// <c>limit</c>, as in search and in <c>pmsearch similar --limit</c>. The old name <c>k</c> is refused with a pointer,
    /// not silently ignored.
    /// </summary>
    private static Results<Ok<IReadOnlyList<SimilarHit>>, ProblemHttpResult, ValidationProblem> Similar(string id, string? limit, string? k, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return PostmortemsApi.InvalidId();
        var errors = new RequestErrors();
        if (k is not null) errors.Add("k", "is now called limit (as in search and the CLI): use ?limit=N");
        var count = errors.Int(limit, "limit", 1, 100, 5);
        if (errors.Any) return errors.ToProblem();
        return catalog.Similar(id, count, user.ToCaller()) is { } hits ? TypedResults.Ok(hits) : PostmortemsApi.NotFound(id);
    }
}
