using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Server;

/// <summary>
/// What <c>/health</c> answers; <see cref="Counted"/> says which postmortems <see cref="Postmortems"/> counts;
/// <paramref name="Semantic"/>: how far embedding is over the unrestricted postmortems (null when semantic search is off).
/// </summary>
public sealed record HealthReport(string Status, int Postmortems, string Counted, SemanticStatus? Semantic = null)
{
    /// <summary>The endpoint is open to everyone, so it must not disclose how many restricted postmortems exist.</summary>
    public const string UnrestrictedOnly = "unrestricted postmortems only (restricted ones are not disclosed on this open endpoint)";
}

/// <summary>
/// <c>GET /health</c>: the store answers ("ok", or "degraded: N unreadable" when damaged rows were skipped), and how many
/// readable unrestricted postmortems it holds (open to everyone, so restricted ones are not counted).
/// </summary>
public static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Check).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithTags("Health").WithSummary("Store reachable, and how many unrestricted postmortems it holds (counted says so)");

    private static Results<Ok<HealthReport>, ProblemHttpResult> Check(PostmortemCatalog catalog, ILoggerFactory logs)
    {
        try
        {
            // Rows the last full read skipped (damaged JSON or pages): the service runs, degraded, and says how many.
            // Restricted ones are not counted: health is open to everyone.
            var unreadable = catalog.Store.Unreadable.Count(u => !u.Value);
            var status = unreadable > 0 ? $"degraded: {unreadable} unreadable" : "ok";
            return TypedResults.Ok(new HealthReport(status, catalog.Store.Count(includeRestricted: false) - unreadable, HealthReport.UnrestrictedOnly,
                catalog.Semantic?.Status(includeRestricted: false)));
        }
        catch (Exception e) when (e is SqliteException or StoreUnavailableException)
        {
            logs.CreateLogger(typeof(HealthApi)).LogError(e, "health check: the store did not answer");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "the postmortem store did not answer");
        }
    }
}
