using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PostmortemSearch.Server.Auth;

/// <summary>Declares the <c>X-Api-Key</c> header in the OpenAPI document so clients and tools know how to authenticate.</summary>
internal sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key from PMSEARCH_API_KEYS (roles reader, importer, admin; +restricted sees restricted postmortems). Not needed when the service runs without keys on loopback.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
        // Any request from a client address that sent too many wrong keys is answered 429 (KeyFailureThrottle), whatever
        // the endpoint and even with a right key: a guess must not be told apart while the address is throttled.
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Responses ??= [];
                operation.Responses.TryAdd("429", new OpenApiResponse
                {
                    Description = "Too many wrong API keys from this client address; retry after the Retry-After header's seconds",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/problem+json"] = new OpenApiMediaType() },
                });
            }
        }
        return Task.CompletedTask;
    }
}
