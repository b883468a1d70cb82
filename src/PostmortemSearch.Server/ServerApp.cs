using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary>Builds the one host both <c>Program</c> and <c>pmsearch serve</c> run: API, OpenAPI document and web UI.</summary>
public static class ServerApp
{
    public const string OpenAccessNotice = "no API keys configured: listening on loopback only";

    public static WebApplication Build(ServerOptions options)
    {
        var builder = WebApplication.CreateBuilder([.. options.Args]);
        var urls = options.Urls ?? builder.Configuration["urls"] ?? ServerOptions.DefaultUrls;
        builder.WebHost.UseUrls(urls);
        // Without an appsettings.json every request wrote five Information lines to the console of `pmsearch serve`;
        // the framework's warnings, errors and the "Now listening on" lines (Microsoft.Hosting.Lifetime) stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The handler's base class logs two Information lines per wrong key (without the address); KeyFailureThrottle
        // logs one warning per client and minute instead.
        builder.Logging.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        // Keys are API keys, not cookies: the "no XML encryptor" warning at every start is about nothing this host uses.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        if (!options.LogStartupNotices)
        {
            // The caller prints "listening on", the open-access notice and a failed start (a busy port) itself, once.
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        }

        builder.Services.AddSingleton(options.Catalog?.Time ?? options.Time ?? TimeProvider.System);
        if (options.Catalog is { } catalog) builder.Services.AddSingleton(catalog);
        else builder.Services.AddSingleton(sp => OpenCatalog(options, sp));
        builder.Services.AddHostedService<EmbeddingWorker>();
        builder.Services.AddSingleton(sp => SurfaceSettings.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<ChangeFollower>();
        builder.Services.AddApiKeyAccess(sp => ApiKeyRing.Parse(options.ApiKeys ?? sp.GetRequiredService<IConfiguration>()["PMSEARCH_API_KEYS"]));

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // The schema's JSON conventions (PostmortemJson): camelCase, nulls written, readable non-ASCII.
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeyOpenApi>());

        var app = builder.Build();

        // Resolved now so that a malformed PMSEARCH_API_KEYS stops the start with its message, not the first request.
        ApiKeyRing keys;
        try
        {
            keys = app.Services.GetRequiredService<ApiKeyRing>();
        }
        catch (FormatException e)
        {
            throw new ServerStartException(e.Message);
        }
        _ = app.Services.GetRequiredService<SurfaceSettings>(); // a bad PMSEARCH_TICKET_URL / PMSEARCH_GATE_* stops the start too
        try
        {
            _ = PostmortemStore.MaxSizeFrom(app.Configuration[PostmortemStore.MaxSizeVariable]);   // and so does a bad size cap
        }
        catch (FormatException e)
        {
            throw new ServerStartException(e.Message);
        }
        if (keys.IsEmpty)
        {
            var open = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(u => !IsLoopback(u));
            if (open is not null)
                throw new ServerStartException($"no API keys configured: refusing to listen on {open}; set PMSEARCH_API_KEYS (name:role:key;…) or use a loopback address such as {ServerOptions.DefaultUrls}");
            if (options.LogStartupNotices) app.Logger.LogWarning(OpenAccessNotice);
        }

        var maxUpload = options.MaxUploadBytes ?? app.Configuration.GetValue<long?>("PMSEARCH_MAX_UPLOAD_BYTES") ?? ServerOptions.DefaultMaxUploadBytes;
        var form = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FormOptions>>().Value;
        form.MultipartBodyLengthLimit = maxUpload;
        form.ValueCountLimit = ServerOptions.MaxUploadFiles;

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                StoreUnavailableException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = StoreUnavailable,
        });
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.UseRequestOriginGuard(keys.IsEmpty);
        UseWebUi(app, options.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapPostmortems();
        app.MapSearch();
        app.MapImport(maxUpload);
        app.MapActionItems();
        app.MapAnalytics();
        app.MapReviews();
        app.MapCuration();
        app.MapGate();
        app.MapAudit();
        return app;
    }

    /// <summary>
    /// Starts the host and checks the addresses Kestrel actually bound: configuration (<c>Kestrel__Endpoints__…</c>,
    /// an appsettings.json) can replace <c>--urls</c>, so without API keys any non-loopback address stops the host.
    /// (Until the check runs, <see cref="RequestOriginGuard"/> already refuses connections that are not loopback.)
    /// </summary>
    public static async Task<IReadOnlyList<string>> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (IsOpenAccess(app) && addresses.FirstOrDefault(a => !IsLoopback(a)) is { } open)
        {
            await app.StopAsync(CancellationToken.None);
            throw new ServerStartException($"no API keys configured: refusing to serve on {open} (bound from the Kestrel configuration); set PMSEARCH_API_KEYS or bind loopback addresses only");
        }
        return addresses;
    }

    /// <summary>True when no API keys are configured (everyone is the anonymous admin on loopback).</summary>
    public static bool IsOpenAccess(WebApplication app) => app.Services.GetRequiredService<ApiKeyRing>().IsEmpty;

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and [::1]; false for wildcards (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>) and other hosts.</summary>
    public static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    private static PostmortemCatalog OpenCatalog(ServerOptions options, IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var configured = configuration["PMSEARCH_DB"];
        var path = options.Database ?? (string.IsNullOrEmpty(configured) ? Path.Combine("data", "postmortems.db") : configured);
        var time = services.GetRequiredService<TimeProvider>();
        var semantic = SemanticOptions.EnabledBy(configuration[SemanticOptions.SwitchVariable]) ? SemanticOptions.MiniLm() : null;
        var store = PostmortemStores.Open(path, time, PostmortemStore.MaxSizeFrom(configuration[PostmortemStore.MaxSizeVariable]));
        var catalog = new PostmortemCatalog(store, time, semantic: semantic,
            indexFolder: PostmortemStores.IndexFolder(store, Directory.GetCurrentDirectory(), configuration["PMSEARCH_INDEX"]));
        catalog.Factors.Background = configuration["PMSEARCH_ANALYTICS"] != "foreground";   // tests that need fresh clusters after every import say so
        return catalog;
    }

    /// <summary>
    /// The store is unreachable (a replica whose database is down): a 503 that says so. Searches do not get here —
    /// they answer from this replica's own index; imports, deletes and reads of whole postmortems do.
    /// </summary>
    private static async Task StoreUnavailable(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is not StoreUnavailableException unavailable)
        {
            // Everything else: the framework's problem response for the status the selector chose.
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = error });
            return;
        }
        context.Response.Headers.RetryAfter = "5";
        await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable",
            detail: $"{unavailable.Message}. Searches still answer from this replica's index; imports, deletes and postmortem pages need the store and will work again when it is back.")
            .ExecuteAsync(context);
    }

    private static void UseWebUi(WebApplication app, string webRoot)
    {
        if (!Directory.Exists(webRoot))
        {
            app.Logger.LogWarning("web UI folder {WebRoot} not found: serving the API only", webRoot);
            return;
        }
        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Snippets arrive as HTML: no inline or foreign script may run even if one slipped through.
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";
        return next(context);
    }
}
