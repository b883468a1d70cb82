using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PostmortemSearch.Server;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Tests.Server;

public sealed class AccessTests
{
    private static MultipartFormDataContent Upload(string name, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401_when_keys_are_configured()
    {
        using var host = new ApiHost(ApiHost.Keys);

        var response = await host.Client().GetAsync(new Uri("/api/postmortems", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_key_is_401()
    {
        using var host = new ApiHost(ApiHost.Keys);

        var response = await host.Client("not-a-key-at-all").GetAsync(new Uri("/api/postmortems", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reader_can_read_but_not_import_or_delete()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var id = host.Import("a.md", Docs.Postmortem("Kept"));
        var reader = host.Client("reader-key-1");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/api/postmortems", UriKind.Relative))).StatusCode);
        var import = await reader.PostAsync(new Uri("/api/import", UriKind.Relative), Upload("x.md", Docs.Postmortem("Nope")));
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal("application/problem+json", import.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative))).StatusCode);
        Assert.NotNull(host.Catalog.Store.Get(id));
    }

    [Fact]
    public async Task Importer_can_import_but_not_delete()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var id = host.Import("a.md", Docs.Postmortem("Kept"));
        var importer = host.Client("importer-key");

        Assert.Equal(HttpStatusCode.OK, (await importer.PostAsync(new Uri("/api/import", UriKind.Relative), Upload("x.md", Docs.Postmortem("New")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await importer.DeleteAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Restricted_postmortems_are_invisible_without_the_scope()
    {
        using var host = new ApiHost(ApiHost.Keys, now: new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        host.Import("open.md", Docs.Postmortem("Public outage", actionItems: "- [ ] Rotate the certificate (owner: jdoe, due: 2025-04-01)"));
        var secret = host.Import("secret.md", Docs.Postmortem("Secret outage", service: "vault", restricted: true,
            actionItems: "- [ ] Secret follow-up (owner: asmith, due: 2025-04-01)"));
        Assert.True(host.Catalog.Store.Get(secret)!.Restricted);

        foreach (var key in new[] { "reader-key-1", "importer-key", "admin-key-1-2f8b9c0d7e" })
        {
            var client = host.Client(key);
            var list = await ApiHost.Json(await client.GetAsync(new Uri("/api/postmortems", UriKind.Relative)));
            Assert.Equal(1, list.GetProperty("total").GetInt32());
            Assert.DoesNotContain("Secret", list.GetRawText(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative))).StatusCode);
            var items = await ApiHost.Json(await client.GetAsync(new Uri("/api/action-items", UriKind.Relative)));
            Assert.Equal(1, items.GetProperty("total").GetInt32());
            Assert.DoesNotContain("Secret", items.GetRawText(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("admin-key-1-2f8b9c0d7e").DeleteAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative))).StatusCode);
        Assert.NotNull(host.Catalog.Store.Get(secret));

        var scoped = host.Client("reader-key-2");
        Assert.Equal(2, (await ApiHost.Json(await scoped.GetAsync(new Uri("/api/postmortems", UriKind.Relative)))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative))).StatusCode);
        Assert.Equal(2, (await ApiHost.Json(await scoped.GetAsync(new Uri("/api/action-items", UriKind.Relative)))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task With_no_keys_everyone_is_an_anonymous_admin_with_restricted_access()
    {
        using var host = new ApiHost();
        var secret = host.Import("secret.md", Docs.Postmortem("Secret outage", restricted: true));

        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client().DeleteAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative))).StatusCode);
        Assert.Equal("anonymous", host.Catalog.Store.AuditLog()[0].Actor);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:8080", false)] // every interface
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://example.com:80", false)]
    public void Loopback_addresses_are_recognised(string url, bool loopback) => Assert.Equal(loopback, ServerApp.IsLoopback(url));

    [Fact]
    public void Without_keys_the_host_refuses_a_public_address()
    {
        var e = Assert.Throws<ServerStartException>(() => ServerApp.Build(new ServerOptions { Urls = "http://0.0.0.0:8080", Database = Path.Combine(Path.GetTempPath(), "pmsearch-refuse.db"), ApiKeys = "" }));

        Assert.Contains("no API keys configured", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("justaname", "name:role:key")]
    [InlineData("a:owner:longenough1", "role 'owner'")]
    [InlineData("a:reader:short", "shorter than 8")]
    [InlineData("a:reader:longenough1;a:admin:longenough2", "used twice")]
    public void Malformed_keys_are_refused_without_echoing_secrets(string spec, string message)
    {
        var e = Assert.Throws<FormatException>(() => ApiKeyRing.Parse(spec));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("longenough", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_parse_with_roles_and_the_restricted_scope()
    {
        var ring = ApiKeyRing.Parse(" ro:reader:reader-key-1 ; guild:Admin+restricted:admin-key-1-2f8b9c0d7e ;");

        Assert.Equal(["ro:reader", "guild:admin+restricted"], ring.Keys.Select(k => k.ToString()));
        Assert.Equal("guild", ring.Find("admin-key-1-2f8b9c0d7e")?.Name);
        Assert.Null(ring.Find("admin-key-2"));
    }
}
