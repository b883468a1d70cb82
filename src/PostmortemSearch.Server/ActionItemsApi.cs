using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>One action item with the postmortem it belongs to.</summary>
public sealed record ActionItemRow(
    string PostmortemId, string PostmortemTitle, string Text, string? Owner, DateOnly? Due, ActionStatus Status,
    bool Overdue, string? Ticket, string? Priority);

public sealed record ActionItemList(DateOnly Today, int Total, int Open, int Overdue, int Done, IReadOnlyList<ActionItemRow> Items);

/// <summary><c>GET /api/action-items?status=open|overdue|done</c> across the postmortems the caller may see.</summary>
public static class ActionItemsApi
{
    public static RouteHandlerBuilder MapActionItems(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/action-items", List)
            .RequireAuthorization(AccessPolicies.Read)
            .ProducesReadProblems()
            .WithTags("Action items")
            .WithSummary("Action items; open = not marked done (open or unknown), overdue = status open with a due date before today (UTC); unknown status (Won't Do, Cancelled) is never overdue");

    private static Results<Ok<ActionItemList>, ValidationProblem> List(string? status, ClaimsPrincipal user, PostmortemCatalog catalog, TimeProvider time)
    {
        var errors = new RequestErrors();
        var filter = errors.OneOf(status, "status", "open", "overdue", "done");
        if (errors.Any) return errors.ToProblem();

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var all = catalog.All(user.ToCaller())
            .SelectMany(p => p.ActionItems.Select(a => new ActionItemRow(
                p.Id, p.Title, a.Text, a.Owner, a.Due, a.Status, IsOverdue(a, today), a.Ticket, a.Priority)))
            .ToList();
        var items = filter switch
        {
            "open" => all.Where(a => a.Status != ActionStatus.Done),
            "overdue" => all.Where(a => a.Overdue),
            "done" => all.Where(a => a.Status == ActionStatus.Done),
            _ => all,
        };
        return TypedResults.Ok(new ActionItemList(today, all.Count, all.Count(a => a.Status != ActionStatus.Done), all.Count(a => a.Overdue),
            all.Count(a => a.Status == ActionStatus.Done), [.. items.OrderBy(a => a.Due ?? DateOnly.MaxValue)]));
    }

    /// <summary>The one definition (Trends): open with a due date before today. Unknown (e.g. Won't Do, Cancelled) is never overdue.</summary>
    private static bool IsOverdue(ActionItem item, DateOnly today) => Core.Analytics.Trends.IsOverdue(item, today);
}
