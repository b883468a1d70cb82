using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Tests.Robustness;
using PostmortemSearch.Tests.Semantic;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>
/// Hybrid search across replicas: postmortems uploaded through one <c>pmsearch serve</c> on PostgreSQL are found by a
/// paraphrase (no word in common) on a second replica, with the real model, and restricted ones stay hidden there.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class ReplicaSemanticTests(PostgresServer server) : IDisposable
{
    private const string AdminKey = "admin-key-5e8d1b4c7a2f9e0d63";
    private const string ReaderKey = "reader-key-7f3a9c2e41d8b6";

    private readonly TestDatabase _database = server.CreateDatabase();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _dir.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task A_paraphrase_finds_on_the_second_replica_what_was_uploaded_through_the_first_and_restricted_stays_hidden()
    {
        using var a = await ReplicaProcess.StartAsync(_database.Address, Directory.CreateDirectory(Path.Combine(_dir.Path, "a")).FullName);
        using var b = await ReplicaProcess.StartAsync(_database.Address, Directory.CreateDirectory(Path.Combine(_dir.Path, "b")).FullName);
        using var adminA = a.Client(AdminKey);
        using var readerB = b.Client(ReaderKey);
        using var adminB = b.Client(AdminKey);

        using (var form = new MultipartFormDataContent())
        {
            foreach (var (name, markdown) in SemanticDocs.All) form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(markdown)), "files", name);
            using var response = await adminA.PostAsync(new Uri("/api/import", UriKind.Relative), form);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // Replica B's dense index catches up from the shared store (a failure bound, not a timing assertion).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        JsonElement results;
        while (true)
        {
            results = await Search(readerB, SemanticDocs.CertificateParaphrase);
            var semantic = results.GetProperty("semantic");
            if (semantic.GetProperty("mode").GetString() == "hybrid" && semantic.GetProperty("complete").GetBoolean()) break;
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"replica B never searched in hybrid mode: {results}\n{b.Output}");
            await Task.Delay(250);
        }
        Assert.Equal(SemanticDocs.CertificateTitle, Titles(results)[0]);

        Assert.DoesNotContain(SemanticDocs.RestrictedTitle, Titles(await Search(readerB, SemanticDocs.RestrictedParaphrase)));
        Assert.Contains(SemanticDocs.RestrictedTitle, Titles(await Search(adminB, SemanticDocs.RestrictedParaphrase)));
    }

    private static async Task<JsonElement> Search(HttpClient client, string query) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=" + Uri.EscapeDataString(query), UriKind.Relative));

    private static List<string> Titles(JsonElement results) =>
        [.. results.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!)];
}
