using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>One action item with the postmortem it belongs to.</summary>
public sealed record ActionItemRow(
    string PostmortemId, string PostmortemTitle, string Text, string? Owner, DateOnly? Due, ActionStatus Status,
    bool Overdue, string? Ticket, string? Priority, string? TicketUrl, IReadOnlyList<string> Teams, IReadOnlyList<string> Services, string? Severity);

/// <summary>The counts are over every item the filters (service, team, severity, owner) leave; <c>Items</c> also honours the status.</summary>
public sealed record ActionItemList(DateOnly Today, int Total, int Open, int Overdue, int Done, IReadOnlyList<ActionItemRow> Items)
{
    /// <summary>A service, team or owner of the filter that nothing names (see <see cref="ActionItems.Unmatched"/>).</summary>
    public string? FilterNote { get; init; }
}

/// <summary>
/// <c>GET /api/action-items</c> across the postmortems the caller may see, filtered by status, owner, service, team and
/// severity; <c>GET /api/action-items/report</c>: the same grouped by owner and team, oldest due first, as JSON, Markdown or CSV.
/// </summary>
public static class ActionItemsApi
{
    public static IEndpointRouteBuilder MapActionItems(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/action-items", List)
            .RequireAuthorization(AccessPolicies.Read)
            .ProducesReadProblems()
            .WithTags("Action items")
            .WithSummary("Action items; open = not marked done (open or unknown), overdue = open with a due date before today (UTC); filters owner, service, team, severity; ticketUrl from PMSEARCH_TICKET_URL");
        routes.MapGet("/api/action-items/report", Report)
            .RequireAuthorization(AccessPolicies.Read)
            .ProducesReadProblems()
            .WithTags("Action items")
            .AddOpenApiOperationTransformer(DeclareTextVariants)
            .WithSummary("The outstanding action-item report (default status=open, as the CLI; status=overdue for the daily report), grouped by owner and team, oldest due first; format=json|md|csv");
        return routes;
    }

    private static Results<Ok<ActionItemList>, ValidationProblem> List(
        string? status, string? owner, string? service, string? team, string? severity, ClaimsPrincipal user, PostmortemCatalog catalog, SurfaceSettings settings)
    {
        var errors = new RequestErrors();
        var filter = errors.OneOf(status, "status", ActionItemQuery.Statuses);
        var query = new ActionItemQuery(null, errors.Text(owner, "owner", 200), DashboardFilter.Read(errors, service, team, severity));
        if (errors.Any) return errors.ToProblem();

        var today = catalog.Today;
        var visible = catalog.All(user.ToCaller());
        var all = ActionItems.List(visible, query, today, settings.Tickets);
        var items = all.Where(a => filter switch
        {
            "open" => a.Status != ActionStatus.Done,
            "overdue" => a.Overdue,
            "done" => a.Status == ActionStatus.Done,
            _ => true,
        });
        return TypedResults.Ok(new ActionItemList(today, all.Count, all.Count(a => a.Status != ActionStatus.Done), all.Count(a => a.Overdue),
            all.Count(a => a.Status == ActionStatus.Done), [.. items.Select(Row)]) { FilterNote = ActionItems.Unmatched(visible, query) });
    }

    /// <summary>format=md and format=csv answer 200 with text: declared next to the JSON body Ok&lt;ActionItemReport&gt; declares.</summary>
    private static Task DeclareTextVariants(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            foreach (var type in new[] { "text/markdown", "text/csv" })
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        return Task.CompletedTask;
    }

    private static ActionItemRow Row(ActionItemEntry a) =>
        new(a.PostmortemId, a.PostmortemTitle, a.Text, a.Owner, a.Due, a.Status, a.Overdue, a.Ticket, a.Priority, a.TicketUrl, a.Teams, a.Services, a.Severity);

    private static Results<Ok<ActionItemReport>, ContentHttpResult, ValidationProblem> Report(
        string? status, string? owner, string? service, string? team, string? severity, string? format,
        ClaimsPrincipal user, PostmortemCatalog catalog, SurfaceSettings settings, HttpResponse response)
    {
        var errors = new RequestErrors();
        var chosen = errors.OneOf(status, "status", [.. ActionItemQuery.Statuses, "all"]) ?? "open";
        var kind = errors.OneOf(format, "format", "json", "md", "csv") ?? "json";
        var query = new ActionItemQuery(chosen == "all" ? null : chosen, errors.Text(owner, "owner", 200), DashboardFilter.Read(errors, service, team, severity));
        if (errors.Any) return errors.ToProblem();
        var report = ActionItems.Report(catalog.All(user.ToCaller()), query, catalog.Today, settings.Tickets);
        if (kind == "json") return TypedResults.Ok(report);
        response.Headers.ContentDisposition = $"inline; filename=\"action-items-{report.Status}-{report.AsOf:yyyy-MM-dd}.{kind}\"";
        return kind == "md"
            ? TypedResults.Text(ActionItems.ToMarkdown(report), "text/markdown; charset=utf-8")
            : TypedResults.Text(ActionItems.ToCsv(report), "text/csv; charset=utf-8");
    }
}
