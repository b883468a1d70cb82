using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Server;

public sealed record HealthReport(string Status, int Postmortems);

/// <summary><c>GET /health</c>: the store answers, and how many unrestricted postmortems it holds (open to everyone, so restricted ones are not counted).</summary>
public static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Check).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithTags("Health").WithSummary("Store reachable, and its postmortem count");

    private static Results<Ok<HealthReport>, ProblemHttpResult> Check(PostmortemCatalog catalog, ILoggerFactory logs)
    {
        try
        {
            return TypedResults.Ok(new HealthReport("ok", catalog.Store.Count(includeRestricted: false)));
        }
        catch (Exception e) when (e is SqliteException or StoreUnavailableException)
        {
            logs.CreateLogger(typeof(HealthApi)).LogError(e, "health check: the store did not answer");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "the postmortem store did not answer");
        }
    }
}
