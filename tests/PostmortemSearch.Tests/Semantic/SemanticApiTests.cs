using System.Text.Json;
using PostmortemSearch.Tests.Server;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>Hybrid search through GET /api/search with the real model, embedded by serve's background worker.</summary>
public sealed class SemanticApiTests
{
    private static async Task WaitUntilEmbedded(HttpClient client, int postmortems)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // a failure bound on a loaded machine, not a timing assertion
        while (true)
        {
            var health = await ApiHost.Json(await client.GetAsync(new Uri("/health", UriKind.Relative)));
            var semantic = health.GetProperty("semantic");
            if (semantic.GetProperty("complete").GetBoolean() && semantic.GetProperty("embedded").GetInt32() == postmortems) return;
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), "background embedding did not finish: " + health);
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> Search(HttpClient client, string query) =>
        await ApiHost.Json(await client.GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString(query), UriKind.Relative)));

    private static List<string> Titles(JsonElement results) =>
        [.. results.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!)];

    [Fact]
    public async Task Background_embedding_catches_up_and_the_api_search_is_hybrid_without_leaking_restricted_postmortems()
    {
        using var host = new ApiHost(ApiHost.Keys, semantic: true);
        foreach (var (name, markdown) in SemanticDocs.All) host.Import(name, markdown);
        var reader = host.Client("reader-key-1");
        var restrictedReader = host.Client("reader-key-2");

        await WaitUntilEmbedded(host.Client(), postmortems: 4); // /health counts unrestricted postmortems

        var hybrid = await Search(reader, SemanticDocs.CertificateParaphrase);
        Assert.Equal("hybrid", hybrid.GetProperty("semantic").GetProperty("mode").GetString());
        Assert.Equal(SemanticDocs.CertificateTitle, Titles(hybrid)[0]);

        Assert.DoesNotContain(SemanticDocs.RestrictedTitle, Titles(await Search(reader, SemanticDocs.RestrictedParaphrase)));
        Assert.Equal(4, (await Search(reader, SemanticDocs.RestrictedParaphrase)).GetProperty("semantic").GetProperty("postmortems").GetInt32());
        Assert.Contains(SemanticDocs.RestrictedTitle, Titles(await Search(restrictedReader, SemanticDocs.RestrictedParaphrase)));
    }
}
