using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Core;

namespace PostmortemSearch.Server;

/// <summary>What <c>/health</c> answers; <see cref="Counted"/> says which postmortems <see cref="Postmortems"/> counts.</summary>
public sealed record HealthReport(string Status, int Postmortems, string Counted)
{
    /// <summary>The endpoint is open to everyone, so it must not disclose how many restricted postmortems exist.</summary>
    public const string UnrestrictedOnly = "unrestricted postmortems only (restricted ones are not disclosed on this open endpoint)";
}

/// <summary><c>GET /health</c>: the store answers, and how many unrestricted postmortems it holds (open to everyone, so restricted ones are not counted).</summary>
public static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Check).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithTags("Health").WithSummary("Store reachable, and how many unrestricted postmortems it holds (counted says so)");

    private static Results<Ok<HealthReport>, ProblemHttpResult> Check(PostmortemCatalog catalog, ILoggerFactory logs)
    {
        try
        {
            return TypedResults.Ok(new HealthReport("ok", catalog.Store.Count(includeRestricted: false), HealthReport.UnrestrictedOnly));
        }
        catch (SqliteException e)
        {
            logs.CreateLogger(typeof(HealthApi)).LogError(e, "health check: the store did not answer");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "the postmortem store did not answer");
        }
    }
}
