using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Server;

public sealed record HealthReport(string Status, int Postmortems);

/// <summary>
/// <c>GET /health</c>: the store answers ("ok", or "degraded: N unreadable" when damaged rows were skipped), and how many
/// readable unrestricted postmortems it holds (open to everyone, so restricted ones are not counted).
/// </summary>
public static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Check).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithTags("Health").WithSummary("Store reachable, and its postmortem count");

    private static Results<Ok<HealthReport>, ProblemHttpResult> Check(PostmortemCatalog catalog, ILoggerFactory logs)
    {
        try
        {
            // Rows the last full read skipped (damaged JSON or pages): the service runs, degraded, and says how many.
            // Restricted ones are not counted: health is open to everyone.
            var unreadable = catalog.Store.Unreadable.Count(u => !u.Value);
            var status = unreadable > 0 ? $"degraded: {unreadable} unreadable" : "ok";
            return TypedResults.Ok(new HealthReport(status, catalog.Store.Count(includeRestricted: false) - unreadable));
        }
        catch (Exception e) when (e is SqliteException or StoreUnavailableException)
        {
            logs.CreateLogger(typeof(HealthApi)).LogError(e, "health check: the store did not answer");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "the postmortem store did not answer");
        }
    }
}
