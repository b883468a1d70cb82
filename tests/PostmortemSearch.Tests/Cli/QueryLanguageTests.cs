using System.Text.Json;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>Every form of the README's query language, through <c>pmsearch search --json</c> and through <c>GET /api/search</c>.</summary>
public sealed class QueryLanguageTests : IDisposable
{
    private const string Cert = "Checkout certificate expired";
    private const string Db = "Payments database failover";
    private const string Oom = "Search indexer out of memory";

    private static readonly (string Name, string Markdown)[] Files =
    [
        ("cert.md", Doc(Cert, "checkout-api", "SEV1", "2025-02-03", "tls", "Complete", "The TLS certificate expired on the load balancer.")),
        ("db.md", Doc(Db, "payments", "SEV2", "2025-06-10", "database", "Draft", "Replication lag grew during the failover of the primary.")),
        ("oom.md", Doc(Oom, "search", "SEV3", "2024-11-05", "memory", "Complete", "The indexer ran out of memory; a certificate rotation was unrelated.")),
    ];

    public static TheoryData<string, string[]> Forms => new()
    {
        { "certificate", [Cert, Oom] },                    // words
        { "\"certificate expired\"", [Cert] },             // exact phrase
        { "certificate -rotation", [Cert] },               // excluded word
        { "certificate -\"certificate rotation\"", [Cert] }, // excluded phrase
        { "replic*", [Db] },                               // prefix
        { "service:payments", [Db] },
        { "severity:SEV1", [Cert] },
        { "severity:P3", [Oom] },
        { "status:draft", [Db] },
        { "tag:tls", [Cert] },
        { "after:2025-03", [Db] },
        { "before:2025", [Oom] },
        { "certificate after:2025 before:2025Q2", [Cert] },
        { "the", [] },                                     // nothing searchable: no hits
    };

    private static string Doc(string title, string service, string severity, string date, string tag, string status, string body) => $"""
        ---
        title: "{title}"
        severity: {severity}
        services: [{service}]
        tags: [{tag}]
        status: {status}
        start: {date} 14:02 UTC
        resolved: {date} 15:10 UTC
        ---
        # {title}

        ## Summary
        {body}

        ## Root Causes
        - {body}
        """;

    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public QueryLanguageTests()
    {
        foreach (var (name, markdown) in Files) _dir.Write(Path.Combine("docs", name), markdown);
        _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));
        Assert.Equal(0, _cli.Run("import", _dir.File("docs")).ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private static string[] Titles(JsonElement results) =>
        [.. results.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Forms))]
    public void Through_the_cli(string query, string[] expected)
    {
        var result = _cli.Run("search", query, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Titles(result.Json));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Through_the_api(string query, string[] expected)
    {
        using var host = new ApiHost();
        foreach (var (name, markdown) in Files) host.Import(name, markdown);
        var response = await host.Client().GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString(query), UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), Titles(await ApiHost.Json(response)));
    }

    [Fact]
    public async Task Factor_filter_through_the_cli_and_the_api()
    {
        string factor;
        string[] expected;
        using (var catalog = new PostmortemCatalog(PostmortemStore.Open(_dir.File("pm.db")), FixedTime.At(2025, 12, 31)))
        {
            var cluster = catalog.Analytics(Caller.Cli).Clustering.Clusters.First(c => c.IncidentIds.Count > 0);
            factor = cluster.Id;
            expected = [.. cluster.IncidentIds.Select(id => catalog.Store.Get(id)!.Title).Distinct().Order(StringComparer.Ordinal)];
        }
        var cli = _cli.Run("search", $"factor:{factor}", "--json");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Equal(expected, Titles(cli.Json));

        using var host = new ApiHost();
        foreach (var (name, markdown) in Files) host.Import(name, markdown);
        var apiCluster = host.Catalog.Analytics(Caller.Cli).Clustering.Clusters.First(c => c.IncidentIds.Count > 0);
        var apiExpected = apiCluster.IncidentIds.Select(id => host.Catalog.Store.Get(id)!.Title).Distinct().Order(StringComparer.Ordinal);
        var response = await host.Client().GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString($"factor:{apiCluster.Id}"), UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(apiExpected, Titles(await ApiHost.Json(response)));
    }

    [Fact]
    public void A_second_search_opens_the_index_instead_of_rebuilding_it()
    {
        var first = _cli.Run("search", "certificate", "--json");
        var folder = PostmortemCatalog.IndexFolder(_dir.File("pm.db"));
        var stamp = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc);
        var second = _cli.Run("search", "certificate", "--json");
        Assert.Equal(first.Out, second.Out);
        Assert.Equal(stamp, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc));
    }
}
