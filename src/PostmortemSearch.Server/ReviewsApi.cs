using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary><c>GET /api/reviews/{quarter}</c> (JSON) and <c>/api/reviews/{quarter}.md|.html|.csv|.json</c> downloads.</summary>
public static class ReviewsApi
{
    public static RouteHandlerBuilder MapReviews(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/reviews/{quarter}", Review).RequireAuthorization(AccessPolicies.Read).ProducesReadProblems()
            .AddOpenApiOperationTransformer(DeclareTextVariants)
            .WithTags("Analytics")
            .WithSummary("The quarterly meta-review, e.g. /api/reviews/2025Q3 (JSON) or /api/reviews/2025Q3.md, .html, .csv; optional service, team, severity filters");

    /// <summary>The .md, .html and .csv variants answer 200 with text: declared next to the JSON body Ok&lt;QuarterlyReview&gt; declares.</summary>
    private static Task DeclareTextVariants(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            foreach (var type in new[] { "text/markdown", "text/html", "text/csv" })
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        return Task.CompletedTask;
    }

    private static Results<Ok<QuarterlyReview>, ContentHttpResult, ValidationProblem> Review(
        string quarter, string? service, string? team, string? severity, ClaimsPrincipal user, PostmortemCatalog catalog, HttpResponse response)
    {
        var dot = quarter.LastIndexOf('.');
        var format = dot < 0 ? "json" : quarter[(dot + 1)..].ToLowerInvariant();
        var errors = new RequestErrors();
        if (format is not ("json" or "md" or "html" or "csv")) errors.Add("format", "must be .json, .md, .html or .csv");
        var filter = DashboardFilter.Read(errors, service, team, severity);
        var q = RequestErrors.ParseQuarter(dot < 0 ? quarter : quarter[..dot]);
        if (q is null) errors.Add("quarter", "must be a quarter like 2025Q3");
        if (errors.Any || q is null) return errors.ToProblem();

        var name = string.Create(CultureInfo.InvariantCulture, $"{q.Value.Year}Q{q.Value.Quarter}");
        var snapshot = catalog.Analytics(user.ToCaller());
        var review = QuarterlyReview.Build(snapshot.Postmortems, filter, name, catalog.Today, snapshot.Clustering);
        if (format == "json") return TypedResults.Ok(review);
        response.Headers.ContentDisposition = $"inline; filename=\"review-{name}.{format}\"";
        return format switch
        {
            "md" => TypedResults.Text(ReviewRenderer.ToMarkdown(review), "text/markdown; charset=utf-8"),
            "html" => TypedResults.Text(ReviewRenderer.ToHtml(review), "text/html; charset=utf-8"),
            _ => TypedResults.Text(ReviewRenderer.ToCsv(review), "text/csv; charset=utf-8"),
        };
    }
}
