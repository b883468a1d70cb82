using System.Net;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

public sealed class PostmortemsApiTests
{
    [Fact]
    public async Task List_returns_imported_postmortems_newest_first()
    {
        using var host = new ApiHost();
        host.Import("a.md", Docs.Postmortem("Older outage", date: "2024-01-02"));
        host.Import("b.md", Docs.Postmortem("Newer outage", date: "2025-05-06"));

        var json = await ApiHost.Json(await host.Client().GetAsync(new Uri("/api/postmortems", UriKind.Relative)));

        Assert.Equal(2, json.GetProperty("total").GetInt32());
        Assert.Equal(["Newer outage", "Older outage"], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Get_returns_the_postmortem_in_camel_case()
    {
        using var host = new ApiHost();
        var id = host.Import("a.md", Docs.Postmortem("Cert expiry"));

        var response = await host.Client().GetAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative));
        var json = await ApiHost.Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("Cert expiry", json.GetProperty("title").GetString());
        Assert.Equal("SEV2", json.GetProperty("severity").GetString());
        Assert.Equal("checkout-api", json.GetProperty("services")[0].GetString());
    }

    [Theory]
    [InlineData("/api/postmortems?limit=0", "limit")]
    [InlineData("/api/postmortems?limit=abc", "limit")]
    [InlineData("/api/postmortems?limit=100000", "limit")]
    [InlineData("/api/postmortems?offset=-1", "offset")]
    [InlineData("/api/postmortems/%3Cscript%3E", "id")]
    [InlineData("/api/action-items?status=later", "status")]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        using var host = new ApiHost();

        var response = await host.Client().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ApiHost.Json(response)).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Unknown_id_is_a_404_problem()
    {
        using var host = new ApiHost();

        var response = await host.Client().GetAsync(new Uri("/api/postmortems/pm-000000000000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await ApiHost.Json(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var host = new ApiHost();

        var response = await host.Client().GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_can_delete_and_the_audit_log_names_the_key()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var id = host.Import("a.md", Docs.Postmortem("To delete"));

        var response = await host.Client("admin-key-1-2f8b9c0d7e").DeleteAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(host.Catalog.Store.Get(id));
        var entry = host.Catalog.Store.AuditLog()[0];
        Assert.Equal(("boss", "delete", id), (entry.Actor, entry.Action, entry.Target));
    }

    [Fact]
    public async Task Deleting_an_unknown_id_is_a_404()
    {
        using var host = new ApiHost();

        var response = await host.Client().DeleteAsync(new Uri("/api/postmortems/pm-000000000000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_reports_the_count_without_a_key()
    {
        using var host = new ApiHost(ApiHost.Keys);
        host.Import("a.md", Docs.Postmortem("One"));

        var json = await ApiHost.Json(await host.Client().GetAsync(new Uri("/health", UriKind.Relative)));

        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("postmortems").GetInt32());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        using var host = new ApiHost(ApiHost.Keys);

        var json = await ApiHost.Json(await host.Client().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = json.GetProperty("paths");
        foreach (var path in new[] { "/api/search", "/api/postmortems", "/api/postmortems/{id}", "/api/postmortems/{id}/similar", "/api/import", "/api/action-items", "/api/factors", "/api/trends", "/api/reviews/{quarter}", "/health" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        Assert.Equal("X-Api-Key", json.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Web_ui_is_served_at_the_root()
    {
        using var host = new ApiHost(ApiHost.Keys);

        var response = await host.Client().GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("PostmortemSearch", await response.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
