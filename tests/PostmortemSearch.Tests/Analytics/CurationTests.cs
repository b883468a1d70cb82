using System.Net;
using System.Net.Http.Json;
using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Analytics;

public sealed class CurationTests
{
    internal static string Doc(string title, string date, params string[] rootCauses) => $"""
        ---
        title: "{title}"
        severity: SEV2
        services: [checkout-api]
        start: {date} 10:00 UTC
        resolved: {date} 11:00 UTC
        ---
        # {title}

        ## Summary
        Checkout was degraded.

        ## Root Causes
        {string.Join("\n", rootCauses.Select(r => "- " + r))}
        """;

    internal static readonly (string Name, string Markdown)[] Documents =
    [
        ("a.md", Doc("Checkout certificate lapsed", "2025-01-10", "The TLS certificate on the checkout load balancer expired.", "The quarterly vendor invoice export wrote its files to the shared volume.")),
        ("b.md", Doc("Payments certificate expired", "2025-03-02", "The payments gateway certificate was not renewed before it expired.")),
        ("c.md", Doc("Orders disk filled", "2025-05-20", "Debug logging filled the disk of the orders database host.")),
    ];

    private static void Import(PostmortemCatalog catalog, IEnumerable<(string Name, string Markdown)> docs)
    {
        var importer = new Importer();
        ImportBatch.Save(catalog, [.. docs.SelectMany(d => importer.ReadFile(new SourceFile(d.Name, Encoding.UTF8.GetBytes(d.Markdown))))], "test");
    }

    private static FactorCluster ClusterOf(AnalyticsSnapshot s, string textStart) =>
        s.Clustering.Clusters.Single(c => c.Statements.Any(x => x.Text.StartsWith(textStart, StringComparison.Ordinal)));

    [Fact]
    public void Rename_move_and_not_a_cause_survive_a_reimport_and_a_restart_and_are_logged_with_who()
    {
        using var dir = new TempDirectory();
        var db = dir.File("store.db");
        using (var catalog = new PostmortemCatalog(PostmortemStore.Open(db)))
        {
            Import(catalog, Documents);
            var cert = ClusterOf(catalog.Analytics(Caller.Cli), "The TLS certificate");
            catalog.Curate(new CurationRequest(CurationAction.Rename, cert.Id, Label: "Certificates nobody renewed"), new Caller("lead@example.com", true));
            var invoice = ClusterOf(catalog.Analytics(Caller.Cli), "The quarterly vendor invoice");
            var renamed = ClusterOf(catalog.Analytics(Caller.Cli), "The TLS certificate");
            Assert.NotEqual(renamed.Id, invoice.Id);
            var key = CuratedStatement.KeyOf(invoice.Statements.Single(s => s.Text.StartsWith("The quarterly", StringComparison.Ordinal)));
            catalog.Curate(new CurationRequest(CurationAction.Move, invoice.Id, renamed.Id, StatementKeys: [key]), new Caller("lead@example.com", true));
            var (_, after) = catalog.Curate(new CurationRequest(CurationAction.NotACause, ClusterOf(catalog.Analytics(Caller.Cli), "Debug logging").Id), new Caller("lead@example.com", true));
            Assert.True(ClusterOf(after, "Debug logging").NotACause);
        }

        // Re-import (changed text elsewhere in the documents) and reopen the store: a new process.
        using (var catalog = new PostmortemCatalog(PostmortemStore.Open(db)))
        {
            Import(catalog, Documents.Select(d => (d.Name, d.Markdown.Replace("Checkout was degraded.", "Checkout was degraded for an hour.", StringComparison.Ordinal))));
            var snapshot = catalog.Analytics(Caller.Cli);
            Assert.Equal("Certificates nobody renewed", ClusterOf(snapshot, "The TLS certificate").Label);
            Assert.Same(ClusterOf(snapshot, "The TLS certificate"), ClusterOf(snapshot, "The quarterly vendor invoice"));
            Assert.True(ClusterOf(snapshot, "Debug logging").NotACause);
            var log = catalog.Store.Curations();
            Assert.Equal([CurationAction.Rename, CurationAction.Move, CurationAction.NotACause], log.Select(d => d.Action));
            Assert.All(log, d => Assert.Equal("lead@example.com", d.Actor));
            Assert.Contains(catalog.Store.AuditLog(), e => e.Action == "curation" && e.Actor == "lead@example.com");
        }
    }

    [Fact]
    public void A_moved_statement_teaches_the_classifier_where_similar_statements_go()
    {
        var clusterer = FactorSetScoreTests.Clusterer();
        const string novel = "The nightly partner reconciliation job uploaded its CSV twice.";
        var before = clusterer.Classify(novel).Category;
        var target = before == "bad-input-data" ? "queue-backlog" : "bad-input-data";
        var decisions = new[]
        {
            new CurationDecision
            {
                Actor = "lead", Action = CurationAction.Move, ClusterId = before, TargetClusterId = target,
                Statements = [new CuratedStatement("x#1", "x", "The partner reconciliation job uploaded the same CSV file twice overnight.")],
            },
        };
        var curated = new FactorClusterer(taxonomy: CuratedTaxonomy.Apply(Core.Analytics.Taxonomy.FactorTaxonomy.Default, decisions), embedding: FactorSetScoreTests.Embedding.Value);

        Assert.Equal(target, curated.Classify(novel).Category);
    }

    [Fact]
    public async Task The_api_renames_merges_and_splits_and_rejects_bad_requests_by_name()
    {
        using var host = new ApiHost();
        foreach (var (name, markdown) in Documents) host.Import(name, markdown);
        using var client = host.Client();
        var factors = await ApiHost.Json(await client.GetAsync(new Uri("/api/factors?statements=1", UriKind.Relative)));
        Assert.True(factors.GetProperty("clusters").EnumerateArray().All(c => c.GetProperty("statements").GetArrayLength() <= 1));
        var ids = factors.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.True(ids.Count >= 2);

        var renamed = await client.PostAsJsonAsync(new Uri($"/api/factors/{ids[0]}/curations", UriKind.Relative), new { action = "rename", label = "Our own label" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await ApiHost.Json(renamed);
        Assert.Contains(body.GetProperty("factors").GetProperty("clusters").EnumerateArray(), c => c.GetProperty("label").GetString() == "Our own label");

        var merged = await client.PostAsJsonAsync(new Uri($"/api/factors/{ids[1]}/curations", UriKind.Relative), new { action = "merge", target = ids[0] });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var clusters = (await ApiHost.Json(merged)).GetProperty("factors").GetProperty("clusters").EnumerateArray().ToList();
        Assert.DoesNotContain(clusters, c => c.GetProperty("id").GetString() == ids[1]);

        var big = clusters.First(c => c.GetProperty("statementCount").GetInt32() >= 2);
        var key = big.GetProperty("statements")[0].GetProperty("key").GetString();
        var split = await client.PostAsJsonAsync(new Uri($"/api/factors/{big.GetProperty("id").GetString()}/curations", UriKind.Relative), new { action = "split", label = "Split off", statements = new[] { key } });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        Assert.Contains((await ApiHost.Json(split)).GetProperty("factors").GetProperty("clusters").EnumerateArray(), c => c.GetProperty("label").GetString() == "Split off");

        var unknown = await client.PostAsJsonAsync(new Uri("/api/factors/no-such-cluster/curations", UriKind.Relative), new { action = "rename", label = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var badAction = await client.PostAsJsonAsync(new Uri($"/api/factors/{ids[0]}/curations", UriKind.Relative), new { action = "explode" });
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        Assert.Contains("action", await badAction.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var log = await ApiHost.Json(await client.GetAsync(new Uri("/api/factors/curations", UriKind.Relative)));
        Assert.Equal(3, log.GetArrayLength());
    }

    [Fact]
    public async Task The_taxonomy_exports_and_a_broken_one_is_refused_with_the_problem_named()
    {
        using var host = new ApiHost();
        using var client = host.Client();
        var exported = Core.Analytics.Taxonomy.FactorTaxonomy.Parse(await client.GetStringAsync(new Uri("/api/taxonomy", UriKind.Relative)), "GET /api/taxonomy").ToJson();
        Assert.Contains("cert-expiry", exported, StringComparison.Ordinal);

        var broken = await client.PutAsync(new Uri("/api/taxonomy", UriKind.Relative), new StringContent("""{"categories":[{"id":"x","label":"X","examples":["one"]}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("at least 8", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var edited = exported.Replace("\"TLS certificate expired\"", "\"Certificate ran out\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(new Uri("/api/taxonomy", UriKind.Relative), new StringContent(edited, Encoding.UTF8, "application/json"))).StatusCode);
        host.Import("a.md", Documents[0].Markdown);
        var factors = await ApiHost.Json(await client.GetAsync(new Uri("/api/factors", UriKind.Relative)));
        Assert.Contains(factors.GetProperty("clusters").EnumerateArray(), c => c.GetProperty("label").GetString() == "Certificate ran out");
    }
}
