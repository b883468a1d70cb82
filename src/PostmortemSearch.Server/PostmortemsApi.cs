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

/// <summary>
/// What callers see of a source path. Ids of files on disk derive from their absolute path, so a reader who saw the
/// import folder could compute the ids of restricted files beside it: readers and importers see the path without the
/// folders above the import (relative paths as imported; absolute ones reduced to the file name and, inside a zip or
/// export, the entry). Admins see the path as stored.
/// </summary>
public static class SourcePaths
{
    public static string ForCaller(string path, ClaimsPrincipal user) => user.IsInRole("admin") ? path : WithoutRoot(path);

    public static string WithoutRoot(string path)
    {
        var normal = path.Replace('\\', '/');
        var rooted = normal.StartsWith('/') || (normal.Length > 2 && normal[1] == ':' && normal[2] == '/');
        if (!rooted) return normal;
        // "/srv/exports/space.zip!/pages/a.html" keeps "space.zip!/pages/a.html"; "/srv/x/a.md#page=1" keeps "a.md#page=1".
        var cut = normal.IndexOfAny(['!', '#']);
        var head = cut < 0 ? normal : normal[..cut];
        var name = head[(head.LastIndexOf('/') + 1)..];
        return cut < 0 ? name : name + normal[cut..];
    }

    public static Postmortem ForCaller(Postmortem p, ClaimsPrincipal user) =>
        user.IsInRole("admin") ? p : p with { Source = p.Source with { Path = WithoutRoot(p.Source.Path) } };
}

/// <summary>One kept version, as the history endpoint lists it.</summary>
public sealed record PostmortemVersionRow(long Version, string Title, string SourceKind, string SourcePath, bool Restricted, DateTimeOffset ReplacedAt, string ReplacedBy, string Reason);

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
            .WithSummary("Delete a postmortem (admin); written to the audit log with the key's name, the deleted version kept in its history");

        group.MapGet("/{id}/history", History).RequireAuthorization(AccessPolicies.Admin).ProducesRoleProblems().ProducesIdProblems()
            .WithSummary("Previous versions of a postmortem (admin), newest first: each update, delete and restore keeps the version it replaced");

        group.MapPost("/{id}/history/{version}/restore", Restore).RequireAuthorization(AccessPolicies.Admin).ProducesRoleProblems().ProducesIdProblems()
            .WithSummary("Make a kept version current again (admin); the version it replaces is kept too");

        return group;
    }

    private static Results<Ok<PostmortemPage>, ValidationProblem> List(string? limit, string? offset, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var take = errors.Int(limit, "limit", 1, 1000, 100);
        var skip = errors.Int(offset, "offset", 0, 1_000_000, 0);
        if (errors.Any) return errors.ToProblem();
        var all = catalog.All(user.ToCaller());
        var items = all.Reverse().Skip(skip).Take(take).Select(p => PostmortemSummary.From(SourcePaths.ForCaller(p, user))).ToList();
        return TypedResults.Ok(new PostmortemPage(all.Count, skip, take, items));
    }

    internal static Results<Ok<Postmortem>, ProblemHttpResult, ValidationProblem> Get(string id, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        try
        {
            return catalog.Get(id, user.ToCaller()) is { } postmortem ? TypedResults.Ok(SourcePaths.ForCaller(postmortem, user)) : NotFound(id);
        }
        catch (Core.Store.UnreadablePostmortemException e)
        {
            // Only reached for an id the caller may see (visibility is decided from the columns first).
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unreadable postmortem", detail: e.Message);
        }
    }

    private static Results<Ok<IReadOnlyList<PostmortemVersionRow>>, ProblemHttpResult, ValidationProblem> History(string id, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        var versions = catalog.History(id, user.ToCaller());
        if (versions.Count == 0 && !catalog.Store.IsVisible(id, user.ToCaller().CanSeeRestricted)) return NotFound(id);
        return TypedResults.Ok<IReadOnlyList<PostmortemVersionRow>>([.. versions.Select(v =>
            new PostmortemVersionRow(v.Version, v.Title, v.SourceKind, v.SourcePath, v.Restricted, v.ReplacedAt, v.ReplacedBy, v.Reason))]);
    }

    private static Results<Ok<Postmortem>, ProblemHttpResult, ValidationProblem> Restore(string id, string version, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        var caller = user.ToCaller();
        if (!long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || !catalog.History(id, caller).Any(v => v.Version == number))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"postmortem '{id}' has no kept version '{version}'");
        // Restoring over a current restricted postmortem needs the scope as much as reading it does.
        if (!caller.CanSeeRestricted && catalog.Store.IsVisible(id, canSeeRestricted: true) && !catalog.Store.IsVisible(id, canSeeRestricted: false))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"postmortem '{id}' has no kept version '{version}'");
        return catalog.Restore(id, number, caller.Name) is { } restored
            ? TypedResults.Ok(restored)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"version {number} of '{id}' cannot be read");
    }

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> Delete(string id, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        if (!RequestErrors.IsPlausibleId(id)) return InvalidId();
        var caller = user.ToCaller();
        // A postmortem the caller cannot see does not exist for them, not even to delete (decided from the columns, so a
        // row whose JSON is damaged can still be deleted).
        if (!catalog.Store.IsVisible(id, caller.CanSeeRestricted) || !catalog.Delete(id, caller.Name)) return NotFound(id);
        return TypedResults.NoContent();
    }

    internal static ValidationProblem InvalidId()
    {
        var errors = new RequestErrors();
        errors.Add("id", $"is not a postmortem id ({PostmortemIds.Rule})");
        return errors.ToProblem();
    }

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no postmortem with id '{id}'");
}
