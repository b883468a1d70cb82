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
        string? q, string? service, string? severity, string? after, string? before, string? factor, string? limit, string? offset,
        ClaimsPrincipal user, PostmortemCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var request = new SearchRequest
        {
            Query = errors.Text(q, "q", MaxQueryLength) ?? "",
            Service = errors.Text(service, "service", 200),
            Severity = errors.Text(severity, "severity", 20),
            After = errors.Text(after, "after", 40),
            Before = errors.Text(before, "before", 40),
            Factor = errors.Text(factor, "factor", 200),
            Limit = errors.Int(limit, "limit", 1, SearchRequest.MaxLimit, 20),
            Offset = errors.Int(offset, "offset", 0, 10_000, 0),
        };
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

    private static Results<Ok<IReadOnlyList<SimilarHit>>, ProblemHttpResult, ValidationProblem> Similar(string id, string? k, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return PostmortemsApi.InvalidId();
        var errors = new RequestErrors();
        var count = errors.Int(k, "k", 1, 50, 5);
        if (errors.Any) return errors.ToProblem();
        return catalog.Similar(id, count, user.ToCaller()) is { } hits ? TypedResults.Ok(hits) : PostmortemsApi.NotFound(id);
    }
}
