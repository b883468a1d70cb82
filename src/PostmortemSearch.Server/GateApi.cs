using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>
/// <c>GET /api/gate?service=…</c>: the release gate for CI pipelines. 200 with <c>pass</c> true or false (the decision is
/// data, not an HTTP error); thresholds default to the PMSEARCH_GATE_* settings and can be overridden per call.
/// </summary>
public static class GateApi
{
    public static RouteHandlerBuilder MapGate(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/gate", Gate).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems().WithTags("Release gate")
            .WithSummary("Release gate for a service: fails when an incident of the gated severities has no completed postmortem postmortemDays after resolution, or has action items overdue by more than graceDays; strict=true also fails a service no incident names; {service, pass, reasons:[…]}");

    private static Results<Ok<GateResult>, ValidationProblem> Gate(
        string? service, string? severities, string? postmortemDays, string? graceDays, string? strict, ClaimsPrincipal user, PostmortemCatalog catalog, SurfaceSettings settings)
    {
        var errors = new RequestErrors();
        var name = errors.Text(service, "service", 200);
        if (name is null) errors.Add("service", "is required, e.g. ?service=checkout-api");
        var options = settings.Gate;
        if (!string.IsNullOrWhiteSpace(severities))
        {
            if (GateOptions.ParseSeverities(severities, QueryParser.NormalizeSeverity) is { } list) options = options with { Severities = list };
            else errors.Add("severities", $"must be a comma-separated list of severities, each {QueryParser.SeverityForms}");
        }
        options = options with
        {
            PostmortemDays = errors.Int(postmortemDays, "postmortemDays", 0, 3650, options.PostmortemDays),
            GraceDays = errors.Int(graceDays, "graceDays", 0, 3650, options.GraceDays),
            Strict = errors.OneOf(strict, "strict", "true", "false") is { } s ? s == "true" : options.Strict,
        };
        if (errors.Any || name is null) return errors.ToProblem();
        return TypedResults.Ok(ReleaseGate.Evaluate(catalog.All(user.ToCaller()), name, options, catalog.Today));
    }
}
