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
        return Task.CompletedTask;
    }
}
