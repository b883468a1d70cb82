using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Core;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

/// <summary>Who may update what through <c>POST /api/import</c>, the kept versions an admin restores, and what readers see of ids and paths.</summary>
public sealed class ImportRightsTests
{
    private const string Importer = "importer-key";
    private const string Admin = "admin-key-1-2f8b9c0d7e";

    private static MultipartFormDataContent Upload(string name, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    private static string WithOwnId(string markdown, string ownId) =>
        markdown.Replace("---\ntitle:", $"---\nid: {ownId}\ntitle:", StringComparison.Ordinal);

    private static async Task<JsonElement> UploadRow(HttpClient client, string name, string content)
    {
        var response = await client.PostAsync(new Uri("/api/import", UriKind.Relative), Upload(name, content));
        // 200 when the file was kept; 422 (rows in the problem) when it was rejected.
        return Assert.Single((await ApiHost.ImportRows(response)).EnumerateArray());
    }

    [Fact]
    public async Task An_upload_carrying_a_restricted_postmortems_own_id_leaves_it_untouched_and_answers_as_for_an_unknown_id()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var secret = host.Import("secret.md", WithOwnId(Docs.Postmortem("Secret vault outage", service: "vault", restricted: true), "page-4711"));
        var importer = host.Client(Importer);

        var attack = await UploadRow(importer, "harmless.md", WithOwnId(Docs.Postmortem("Harmless page"), "page-4711"));
        var control = await UploadRow(importer, "harmless2.md", WithOwnId(Docs.Postmortem("Harmless page two"), "page-never-used"));

        var kept = host.Catalog.Store.Get(secret)!;
        Assert.Equal("Secret vault outage", kept.Title);
        Assert.True(kept.Restricted);
        // The same answer as for an id nobody holds: same fields, same status, an id of its own.
        Assert.Equal("imported", attack.GetProperty("status").GetString());
        Assert.Equal(control.GetProperty("status").GetString(), attack.GetProperty("status").GetString());
        Assert.Equal(control.EnumerateObject().Select(p => p.Name), attack.EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(secret, attack.GetProperty("id").GetString());
        Assert.Empty(host.Catalog.Store.History(secret));
    }

    [Fact]
    public async Task An_import_from_another_source_is_refused_with_the_reason_and_changes_nothing()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var id = host.Import("checkout.md", Docs.Postmortem("Checkout certificate expiry"));
        var line = JsonSerializer.Serialize(new { id, title = "Harmless page", source = new { kind = "confluence-html", path = "harmless.html" }, summary = "nothing" });

        var row = await UploadRow(host.Client(Admin), "restore.jsonl", line + "\n");

        Assert.Equal("rejected", row.GetProperty("status").GetString());
        Assert.Contains("another source", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Checkout certificate expiry", host.Catalog.Store.Get(id)!.Title);
    }

    [Fact]
    public async Task An_update_keeps_the_previous_version_which_an_admin_lists_and_restores()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var importer = host.Client(Importer);
        var id = (await UploadRow(importer, "db.md", WithOwnId(Docs.Postmortem("Database failover v1"), "db-1"))).GetProperty("id").GetString()!;
        var update = await UploadRow(importer, "db.md", WithOwnId(Docs.Postmortem("Database failover v2"), "db-1"));
        Assert.Equal("updated", update.GetProperty("status").GetString());
        var admin = host.Client(Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await importer.GetAsync(new Uri($"/api/postmortems/{id}/history", UriKind.Relative))).StatusCode);
        var history = await ApiHost.Json(await admin.GetAsync(new Uri($"/api/postmortems/{id}/history", UriKind.Relative)));
        var version = Assert.Single(history.EnumerateArray());
        Assert.Equal("Database failover v1", version.GetProperty("title").GetString());
        Assert.Equal("updated", version.GetProperty("reason").GetString());

        var restore = await admin.PostAsync(new Uri($"/api/postmortems/{id}/history/{version.GetProperty("version").GetInt64()}/restore", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        var current = await ApiHost.Json(await admin.GetAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative)));
        Assert.Equal("Database failover v1", current.GetProperty("title").GetString());
        Assert.Equal(2, (await ApiHost.Json(await admin.GetAsync(new Uri($"/api/postmortems/{id}/history", UriKind.Relative)))).GetArrayLength());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("../../etc/passwd")]
    [InlineData("x300")]
    public async Task Ids_the_api_would_reject_are_refused_on_import(string id)
    {
        if (id == "x300") id = new string('a', 300);
        using var host = new ApiHost(ApiHost.Keys);
        var line = JsonSerializer.Serialize(new { id, title = "Odd id", source = new { kind = "jsonl", path = "odd.jsonl" }, summary = "s" });

        var row = await UploadRow(host.Client(Admin), "odd.jsonl", line + "\n");

        Assert.Equal("rejected", row.GetProperty("status").GetString());
        Assert.Contains("not a valid postmortem id", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task A_restricted_id_is_not_found_without_its_row_being_read()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var secret = host.Import("secret.md", Docs.Postmortem("Secret outage", restricted: true));
        // A row the server could not even parse: a 404 proves the answer came from the id and restricted columns alone.
        StoreDamage.BreakJson(host.Catalog.Store.Location, secret);

        var response = await host.Client("reader-key-1").GetAsync(new Uri($"/api/postmortems/{secret}", UriKind.Relative));
        var unknown = await host.Client("reader-key-1").GetAsync(new Uri("/api/postmortems/pm-000000000000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal((await ApiHost.Json(unknown)).GetProperty("title").GetString(), (await ApiHost.Json(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Readers_see_source_paths_without_the_folders_above_the_import_and_admins_see_them_whole()
    {
        using var host = new ApiHost(ApiHost.Keys);
        using var dir = new TempDirectory();
        var file = dir.Write("exports/team-a/cert.md", Docs.Postmortem("Certificate expiry"));
        // Imported from a working directory the file is not under: the store records its absolute path.
        var outcomes = new PostmortemSearch.Importers.Importer().ReadPaths([file], "/nonexistent-cwd").ToList();
        ImportBatch.Save(host.Catalog, outcomes, "cli");

        var asReader = await ApiHost.Json(await host.Client("reader-key-1").GetAsync(new Uri("/api/postmortems", UriKind.Relative)));
        var asAdmin = await ApiHost.Json(await host.Client(Admin).GetAsync(new Uri("/api/postmortems", UriKind.Relative)));

        var readerPath = asReader.GetProperty("items")[0].GetProperty("sourcePath").GetString();
        Assert.Equal("cert.md", readerPath);
        Assert.Equal(file, asAdmin.GetProperty("items")[0].GetProperty("sourcePath").GetString());
        var id = asReader.GetProperty("items")[0].GetProperty("id").GetString();
        var one = await ApiHost.Json(await host.Client("reader-key-1").GetAsync(new Uri($"/api/postmortems/{id}", UriKind.Relative)));
        Assert.DoesNotContain(dir.Path, one.GetRawText(), StringComparison.Ordinal);
    }
}

/// <summary>Damages a store the way a bad disk or a hand edit would, behind the store's back.</summary>
internal static class StoreDamage
{
    public static void BreakJson(string database, string id) =>
        Execute(database, "UPDATE postmortems SET json = '{\"id\": broken' WHERE id = $id", id);

    public static void SetSchemaVersion(string database, int version) =>
        Execute(database, $"PRAGMA user_version = {version}", null);

    private static void Execute(string database, string sql, string? id)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null) command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }
}
