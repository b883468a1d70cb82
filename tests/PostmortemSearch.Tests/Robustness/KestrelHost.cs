using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PostmortemSearch.Core;
using PostmortemSearch.Server;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// The real host (ServerApp on Kestrel, 127.0.0.1, a free port) over a store file: request size limits and
/// concurrent requests behave as in production, unlike the in-memory TestServer.
/// </summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public PostmortemCatalog Catalog => _app.Services.GetRequiredService<PostmortemCatalog>();

    public static async Task<KestrelHost> StartAsync(string database, long? maxUploadBytes = null, string apiKeys = "")
    {
        var app = ServerApp.Build(new ServerOptions
        {
            Database = database,
            Urls = "http://127.0.0.1:0",
            ApiKeys = apiKeys,
            MaxUploadBytes = maxUploadBytes,
            WebRoot = Path.Combine(Path.GetTempPath(), "pmsearch-no-webroot"),
            Args = ["--Logging:LogLevel:Default=Warning"],
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(app, new Uri(address));
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();   // the container disposes the catalog it created
    }
}
