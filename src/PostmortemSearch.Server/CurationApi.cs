using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Analytics.Taxonomy;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>A curation as posted: action (rename, merge, split, move, not-a-cause), target cluster, label, statement keys.</summary>
public sealed record CurationBody(string? Action, string? Target, string? Label, IReadOnlyList<string>? Statements);

public sealed record CurationResult(CurationDecision Decision, FactorList Factors);

/// <summary>
/// Curation of factor clusters (<c>POST /api/factors/{id}/curations</c>, <c>GET /api/factors/curations</c>) and the
/// taxonomy (<c>GET/PUT /api/taxonomy</c>). Writes need the import role; every decision is stored with who and when.
/// </summary>
public static class CurationApi
{
    public static IEndpointRouteBuilder MapCuration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Curation");
        group.MapPost("/factors/{id}/curations", Curate).RequireAuthorization(AccessPolicies.Import).ProducesRoleProblems()
            .WithSummary("Rename, merge (target), split (statements, label), move (statements, target) or mark not-a-cause; returns the decision and the recomputed clusters");
        group.MapGet("/factors/curations", (PostmortemCatalog catalog) => TypedResults.Ok(catalog.Store.Curations())).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems()
            .WithSummary("Every curation decision, oldest first, with who and when");
        group.MapGet("/taxonomy", (PostmortemCatalog catalog) => TypedResults.Ok(catalog.Factors.Taxonomy))
            .RequireAuthorization(AccessPolicies.Read).ProducesReadProblems().WithSummary("The factor taxonomy in use (JSON: categories with label, description, examples)");
        group.MapPut("/taxonomy", ImportTaxonomy).RequireAuthorization(AccessPolicies.Import).ProducesRoleProblems()
            .WithSummary("Replaces the taxonomy with the posted JSON document (validated: ids, labels, at least 8 examples per category)");
        return routes;
    }

    private static Results<Ok<CurationResult>, NotFound<ProblemDetails>, ValidationProblem> Curate(string id, CurationBody? body, ClaimsPrincipal user, PostmortemCatalog catalog)
    {
        var errors = new RequestErrors();
        var action = errors.OneOf(body?.Action, "action", "rename", "merge", "split", "move", "not-a-cause");
        if (body?.Action is null) errors.Add("action", "is required: rename, merge, split, move or not-a-cause");
        if (errors.Any || action is null) return errors.ToProblem();
        var request = new CurationRequest(action switch
        {
            "rename" => CurationAction.Rename,
            "merge" => CurationAction.Merge,
            "split" => CurationAction.Split,
            "move" => CurationAction.Move,
            _ => CurationAction.NotACause,
        }, id, body!.Target, body.Label, body.Statements);
        try
        {
            var (decision, snapshot) = catalog.Curate(request, user.ToCaller());
            return TypedResults.Ok(new CurationResult(decision, AnalyticsApi.List(snapshot, catalog.Time)));
        }
        catch (CurationException e) when (e.NotFound)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = e.Message, Status = 404 });
        }
        catch (CurationException e)
        {
            errors.Add(action, e.Message);
            return errors.ToProblem();
        }
    }

    private static async Task<Results<Ok<FactorTaxonomy>, ValidationProblem>> ImportTaxonomy(HttpRequest request, ClaimsPrincipal user, PostmortemCatalog catalog, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        try
        {
            return TypedResults.Ok(catalog.Factors.ImportTaxonomy(json, "request body", user.ToCaller().Name));
        }
        catch (TaxonomyFormatException e)
        {
            var errors = new RequestErrors();
            errors.Add("taxonomy", e.Message);
            return errors.ToProblem();
        }
        catch (JsonException e)
        {
            var errors = new RequestErrors();
            errors.Add("taxonomy", e.Message);
            return errors.ToProblem();
        }
    }
}
