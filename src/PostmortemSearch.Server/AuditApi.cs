using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary><c>GET /api/audit</c> (admin): who imported or deleted what and when, with the postmortem ids each action touched.</summary>
public static class AuditApi
{
    public static RouteHandlerBuilder MapAudit(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/audit", Audit).RequireAuthorization(AccessPolicies.Admin).ProducesRoleProblems().WithTags("Audit")
            .WithSummary("The audit log, newest first (admin): [{seq, at, actor, action, detail, postmortemIds, touched:[{postmortemId, status, path, error}]}]; limit (1-1000), action=import|delete");

    private static Results<Ok<IReadOnlyList<AuditRecord>>, ValidationProblem> Audit(string? limit, string? action, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var take = errors.Int(limit, "limit", 1, 1000, 50);
        var only = errors.OneOf(action, "action", "import", "delete");
        if (errors.Any) return errors.ToProblem();
        var trail = catalog.Store.AuditTrail(take, only);
        if (user.ToCaller().CanSeeRestricted) return TypedResults.Ok(trail);
        // An admin without the restricted scope does not learn restricted ids or paths here either.
        var restricted = catalog.Store.All().Where(p => p.Restricted).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<AuditRecord>>([.. trail.Select(r => r with
        {
            PostmortemIds = [.. r.PostmortemIds.Where(id => !restricted.Contains(id))],
            Touched = [.. r.Touched.Where(t => t.PostmortemId is null || !restricted.Contains(t.PostmortemId))],
        })]);
    }
}
