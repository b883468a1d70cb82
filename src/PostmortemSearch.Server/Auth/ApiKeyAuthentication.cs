using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PostmortemSearch.Core;

namespace PostmortemSearch.Server.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the <see cref="ApiKeyRing"/>. With no keys configured every
/// request is the anonymous admin with restricted access (the host then refuses non-loopback addresses).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys, KeyFailureThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsEmpty) return Task.FromResult(Success(ApiKey.Anonymous));
        var values = Request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0])) return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count > 1) return Task.FromResult(AuthenticateResult.Fail("more than one X-Api-Key header"));
        var client = ClientOf(Context);
        if (throttle.BlockedFor(client) is { } wait)
        {
            Context.Items[ThrottledItem] = wait;
            return Task.FromResult(AuthenticateResult.Fail("too many unknown API keys from this client"));
        }
        if (keys.Find(values[0]!) is { } key) return Task.FromResult(Success(key));
        throttle.RecordFailure(client);
        return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
    }

    private const string ThrottledItem = "pmsearch.key-throttled";

    internal static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown client";

    private static AuthenticateResult Success(ApiKey key)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()) };
        if (key.Restricted) claims.Add(new Claim(AccessPolicies.ScopeClaim, AccessPolicies.RestrictedScope));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteProblem(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"{KeyFailureThrottle.MaxFailures} unknown API keys from this address within a minute; try again in {Math.Ceiling(wait.TotalSeconds):0} s");
        }
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var detail = Request.Headers.ContainsKey(HeaderName)
            ? "the X-Api-Key header does not hold a known API key"
            : "send an API key in the X-Api-Key header";
        return WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", $"the API key '{Context.User.Identity?.Name}' ({RoleOf(Context.User)}) may not do this");

    private static string RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value ?? "no role";

    private Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

/// <summary>The policies endpoints ask for, and how a principal becomes a catalog <see cref="Caller"/>.</summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Import = "import";
    public const string Admin = "admin";
    public const string ScopeClaim = "scope";
    public const string RestrictedScope = "restricted";

    public static IServiceCollection AddApiKeyAccess(this IServiceCollection services, Func<IServiceProvider, ApiKeyRing> keys)
    {
        services.AddSingleton(keys);
        services.AddSingleton<KeyFailureThrottle>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole("reader", "importer", "admin"))
            .AddPolicy(Import, p => p.RequireRole("importer", "admin"))
            .AddPolicy(Admin, p => p.RequireRole("admin"));
        return services;
    }

    /// <summary>The caller every catalog, search and analytics call is made for: restricted postmortems stay invisible without the scope.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? ApiKey.Anonymous.Name, user.HasClaim(ScopeClaim, RestrictedScope));
}
