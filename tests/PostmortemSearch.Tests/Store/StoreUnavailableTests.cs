using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Tests.Robustness;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>A replica whose PostgreSQL database stops answering: searches go on from its own index, the rest is a clear 503.</summary>
[Collection(PostgresTests.Name)]
public sealed class StoreUnavailableTests(PostgresServer server) : IDisposable
{
    private readonly TestDatabase _database = server.CreateDatabase();

    public void Dispose()
    {
        server.Admin($"ALTER DATABASE {_database.Name} ALLOW_CONNECTIONS true");
        _database.Dispose();
    }

    [Fact]
    public async Task With_the_database_unreachable_searches_answer_from_the_local_index_and_everything_else_is_a_503_until_it_is_back()
    {
        await using var host = await KestrelHost.StartAsync(_database.Address);
        using var client = host.Client();
        var word = Generated.Token("down", 1);
        var imported = await Import(client, "before.md", Docs.Postmortem($"Outage {word}"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();

        // The database goes away: no new connections, and the replica's pooled ones are cut.
        server.Admin($"ALTER DATABASE {_database.Name} ALLOW_CONNECTIONS false");
        server.Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_database.Name}' AND pid <> pg_backend_pid()");

        var search = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/search?q={word}", UriKind.Relative));
        Assert.Equal(1, search.GetProperty("total").GetInt32());

        foreach (var response in new[]
        {
            await client.GetAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative)),
            await Import(client, "during.md", Docs.Postmortem("Outage during the database outage")),
            await client.GetAsync(new Uri("/health", UriKind.Relative)),
        })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
            Assert.Contains("unavailable", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString());
        }

        // Back again: the same replica imports without a restart.
        server.Admin($"ALTER DATABASE {_database.Name} ALLOW_CONNECTIONS true");
        Assert.Equal(HttpStatusCode.OK, (await Import(client, "after.md", Docs.Postmortem("Outage after the database came back"))).StatusCode);
        Assert.Equal(2, host.Catalog.Store.Count());
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, string name, string markdown)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(markdown)), "files", name } };
        return await client.PostAsync(new Uri("/api/import", UriKind.Relative), form);
    }
}
