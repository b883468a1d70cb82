using System.Net;

namespace PostmortemSearch.Server.Auth;

/// <summary>
/// Protections for a browser on the same machine, where a page from another site is the attacker:
/// <list type="bullet">
/// <item>a state-changing request (POST, PUT, PATCH, DELETE) whose <c>Sec-Fetch-Site</c> says another site, or whose
/// <c>Origin</c> is not this host, is refused (403) — a multipart form POST needs no CORS preflight, so without this a
/// page on any site could upload into an open-mode service;</item>
/// <item>in open mode (no API keys: everyone is the admin) only loopback host names are served (a <c>Host</c> such as
/// <c>evil.example</c> is DNS rebinding: 421), and only connections that arrive on and come from a loopback
/// address — whatever Kestrel ended up binding.</item>
/// </list>
/// </summary>
public static class RequestOriginGuard
{
    public static IApplicationBuilder UseRequestOriginGuard(this IApplicationBuilder app, bool openAccess) =>
        app.Use((context, next) => Check(context, openAccess) is { } refusal ? refusal : next(context));

    private static Task? Check(HttpContext context, bool openAccess)
    {
        if (openAccess)
        {
            var connection = context.Connection;
            if ((connection.RemoteIpAddress is { } remote && !IsLoopback(remote)) || (connection.LocalIpAddress is { } local && !IsLoopback(local)))
                return Refuse(context, StatusCodes.Status403Forbidden, "Forbidden", "without API keys this service answers loopback clients only; set PMSEARCH_API_KEYS to serve other machines");
            if (!IsLoopbackHost(context.Request.Host.Host))
                return Refuse(context, StatusCodes.Status421MisdirectedRequest, "Misdirected request",
                    "without API keys this service answers only to loopback host names (localhost, 127.0.0.1, [::1]); the Host header names another");
        }
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)) return null;
        var fetchSite = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
            return Refuse(context, StatusCodes.Status403Forbidden, "Cross-site request refused", $"a {context.Request.Method} from another site (Sec-Fetch-Site: {fetchSite}) may not change this service");
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsSameOrigin(origin, context.Request))
            return Refuse(context, StatusCodes.Status403Forbidden, "Cross-site request refused", $"a {context.Request.Method} from another origin may not change this service");
        return null;
    }

    private static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>localhost (and *.localhost, which resolves to loopback), 127.0.0.0/8 and ::1.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var name = host.Trim('[', ']');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name, out var address) && IsLoopback(address);
    }

    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false; // includes "null" (sandboxed frames, file: pages)
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) && (uri.IsDefaultPort ? request.Host.Port is null : uri.Port == request.Host.Port);
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
