using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>One line of the postmortem list.</summary>
public sealed record PostmortemSummary(
    string Id, string Title, string? Severity, Timestamp? IncidentStart, IReadOnlyList<string> Services,
    string? Status, int ActionItems, string SourceKind, string SourcePath, bool Restricted)
{
    public static PostmortemSummary From(Postmortem p) =>
        new(p.Id, p.Title, p.Severity, p.IncidentStart, p.Services, p.Status, p.ActionItems.Count, p.Source.Kind, p.Source.Path, p.Restricted);
}

public sealed record PostmortemPage(int Total, int Offset, int Limit, IReadOnlyList<PostmortemSummary> Items);

/// <summary><c>/api/postmortems</c>: list, get and delete stored postmortems.</summary>
public static class PostmortemsApi
{
    public static RouteGroupBuilder MapPostmortems(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/postmortems").WithTags("Postmortems");

        group.MapGet("/", List).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems()
            .WithSummary("Postmortems visible to the caller, newest incident first");

        group.MapGet("/{id}", (string id, ClaimsPrincipal user, PostmortemCatalog catalog) => Get(id, user, catalog))
            .RequireAuthorization(AccessPolicies.Read).ProducesReadProblems().ProducesIdProblems()
            .WithSummary("One postmortem in the schema's JSON shape");

        group.MapDelete("/{id}", Delete).RequireAuthorization(AccessPolicies.Admin).ProducesRoleProblems().ProducesIdProblems()
            .WithSummary("Delete a postmortem (admin); written to the audit log with the key's name");

        return group;
    }

    private static Results<Ok<PostmortemPage>, ValidationProblem> List(string? limit, string? offset, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var take = errors.Int(limit, "limit", 1, 1000, 100);
        var skip = errors.Int(offset, "offset", 0, 1_000_000, 0);
        if (errors.Any) return errors.ToProblem();
        var all = catalog.All(user.ToCaller());
        var items = all.Reverse().Skip(skip).Take(take).Select(PostmortemSummary.From).ToList();
        return TypedResults.Ok(new PostmortemPage(all.Count, skip, take, items));
    }

    internal static Results<Ok<Postmortem>, ProblemHttpResult, ValidationProblem> Get(string id, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        return catalog.Get(id, user.ToCaller()) is { } postmortem ? TypedResults.Ok(postmortem) : NotFound(id);
    }

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> Delete(string id, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        var caller = user.ToCaller();
        // A postmortem the caller cannot see does not exist for them, not even to delete.
        if (catalog.Get(id, caller) is null || !catalog.Delete(id, caller.Name)) return NotFound(id);
        return TypedResults.NoContent();
    }

    internal static ValidationProblem InvalidId()
    {
        var errors = new RequestErrors();
        errors.Add("id", "is not a postmortem id (letters, digits and . _ : - only, at most 128 characters)");
        return errors.ToProblem();
    }

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no postmortem with id '{id}'");
}
