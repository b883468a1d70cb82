using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostmortemSearch.Core;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

/// <summary>One API host per test: WebApplicationFactory&lt;Program&gt; over a temporary SQLite store, keys and clock as given.</summary>
public sealed class ApiHost : IDisposable
{
    public const string Keys = "ro:reader:reader-key-1;rx:reader+restricted:reader-key-2;ci:importer:importer-key;boss:admin:admin-key-1-2f8b9c0d7e";

    private readonly TempDirectory _dir = new();
    private readonly WebApplicationFactory<Program> _factory;

    public ApiHost(string? apiKeys = null, long? maxUploadBytes = null, DateTimeOffset? now = null, bool semantic = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
            web.UseSetting("PMSEARCH_DB", _dir.File("store.db"));
            web.UseSetting("PMSEARCH_API_KEYS", apiKeys ?? "");
            // Semantic search only where a test is about it (SemanticApiTests): it loads the model and embeds every import.
            web.UseSetting("PMSEARCH_SEMANTIC", semantic ? "on" : "off");
            web.UseSetting("PMSEARCH_ANALYTICS", "foreground");   // every test sees the clusters of what it just imported
            if (maxUploadBytes is { } max) web.UseSetting("PMSEARCH_MAX_UPLOAD_BYTES", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (now is { } fixedNow) web.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FixedClock(fixedNow)));
        });
    }

    public PostmortemCatalog Catalog => _factory.Services.GetRequiredService<PostmortemCatalog>();

    public HttpClient Client(string? apiKey = null)
    {
        var client = _factory.CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Imports Markdown through the shared import path (as the CLI would) and returns the new id.</summary>
    public string Import(string name, string markdown)
    {
        var outcomes = new Importer().ReadFile(new SourceFile(name, Encoding.UTF8.GetBytes(markdown))).ToList();
        var rows = ImportBatch.Save(Catalog, outcomes, "test");
        return Assert.Single(rows).Id ?? throw new InvalidOperationException($"{name} was not imported: {rows[0].Error}");
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    /// <summary>The per-file rows of an upload: the body of a 200, or the <c>rows</c> of the 422 answered when every file was rejected.</summary>
    public static async Task<JsonElement> ImportRows(HttpResponseMessage response)
    {
        var json = await Json(response);
        if (response.StatusCode == System.Net.HttpStatusCode.OK) return json;
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return json.GetProperty("rows");
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }
}

/// <summary>A clock that always says the same time.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Markdown postmortems for server tests.</summary>
public static class Docs
{
    public static string Postmortem(string title, string service = "checkout-api", bool restricted = false, string date = "2025-03-04", string actionItems = "", string? team = null) => $"""
        ---
        title: "{title}"
        severity: SEV2
        services: [{service}]
        {(team is null ? "" : $"teams: [{team}]")}
        restricted: {(restricted ? "yes" : "no")}
        start: {date} 14:02 UTC
        resolved: {date} 15:10 UTC
        ---
        # {title}

        ## Summary
        {service} returned 502 errors after a certificate expired on the load balancer.

        ## Root Causes
        - The TLS certificate on the load balancer expired.

        ## Action Items
        {actionItems}
        """;
}
