using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

public sealed class ImportApiTests
{
    private static ByteArrayContent File(byte[] bytes, string type = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Upload_of_files_and_a_zip_returns_a_row_per_postmortem_and_rejected_file()
    {
        using var host = new ApiHost(ApiHost.Keys);
        var form = new MultipartFormDataContent
        {
            { File(Encoding.UTF8.GetBytes(Docs.Postmortem("Uploaded outage"))), "files", "outage.md" },
            { File(Zip(("a/one.md", Docs.Postmortem("Zipped one")), ("b/two.md", Docs.Postmortem("Zipped two")))), "files", "bundle.zip" },
            { File([0x00, 0x01, 0x02]), "files", "binary.exe" },
        };

        var response = await host.Client("importer-key").PostAsync(new Uri("/api/import", UriKind.Relative), form);
        var rows = (await ApiHost.Json(response)).EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["imported", "imported", "imported", "rejected"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("outage.md", rows[0].GetProperty("path").GetString());
        Assert.StartsWith("pm-", rows[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("binary.exe", rows[3].GetProperty("path").GetString());
        Assert.False(string.IsNullOrEmpty(rows[3].GetProperty("error").GetString()));
        Assert.Equal(3, host.Catalog.Store.Count());
        var audit = host.Catalog.Store.AuditLog()[0];
        Assert.Equal(("ci", "import"), (audit.Actor, audit.Action));
    }

    [Fact]
    public async Task An_upload_where_every_file_is_rejected_is_a_422_with_the_rows()
    {
        using var host = new ApiHost();
        var form = new MultipartFormDataContent
        {
            { File([0x00, 0x01, 0x02]), "files", "binary.exe" },
            { File(Encoding.UTF8.GetBytes("")), "files", "empty.md" },
        };

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), form);
        var problem = await ApiHost.Json(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Nothing imported", problem.GetProperty("title").GetString());
        var rows = problem.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        Assert.Equal(0, host.Catalog.Store.Count());
    }

    [Theory]
    [InlineData(500, "500 bytes")]
    [InlineData(20_000, "19.5 KB (20,000 bytes)")]
    [InlineData(100L * 1024 * 1024, "100 MB")]
    public void The_upload_limit_is_written_in_a_unit_that_shows_it(long limit, string expected) =>
        Assert.Equal(expected, PostmortemSearch.Server.ImportApi.Size(limit));

    [Fact]
    public async Task A_413_names_the_real_limit_even_below_one_megabyte()
    {
        using var host = new ApiHost(maxUploadBytes: 2000);
        var form = new MultipartFormDataContent { { File(new byte[10_000]), "files", "big.md" } };

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), form);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit of 2 KB (2,000 bytes)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0 MB", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploading_the_same_file_twice_is_unchanged_the_second_time()
    {
        using var host = new ApiHost();
        var client = host.Client();
        MultipartFormDataContent Form() => new() { { File(Encoding.UTF8.GetBytes(Docs.Postmortem("Same"))), "files", "same.md" } };

        await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form());
        var second = await ApiHost.Json(await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form()));

        Assert.Equal("unchanged", second[0].GetProperty("status").GetString());
        Assert.Equal(1, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task Two_different_uploads_with_the_same_file_name_are_two_postmortems()
    {
        using var host = new ApiHost();
        var client = host.Client();
        MultipartFormDataContent Form(string title) => new() { { File(Encoding.UTF8.GetBytes(Docs.Postmortem(title))), "files", "postmortem.md" } };

        var first = await ApiHost.Json(await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("Team A checkout outage")));
        var second = await ApiHost.Json(await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("Team B search outage")));

        Assert.Equal("imported", second[0].GetProperty("status").GetString());
        Assert.NotEqual(first[0].GetProperty("id").GetString(), second[0].GetProperty("id").GetString());
        Assert.Equal(2, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task Uploading_a_file_the_cli_imported_is_the_same_postmortem_unchanged()
    {
        using var host = new ApiHost();
        using var dir = new TempDirectory();
        var markdown = Docs.Postmortem("Imported from disk first");
        var path = dir.Write("incidents/2025/checkout.md", markdown);
        var cliRows = ImportBatch.Save(host.Catalog, [.. new Importer().ReadPaths([path], dir.Path)], "cli");

        var form = new MultipartFormDataContent { { File(Encoding.UTF8.GetBytes(markdown)), "files", "checkout.md" } };
        var upload = await ApiHost.Json(await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), form));

        Assert.Equal("unchanged", upload[0].GetProperty("status").GetString());
        Assert.Equal(Assert.Single(cliRows).Id, upload[0].GetProperty("id").GetString());
        Assert.Equal(1, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task An_uploaded_page_with_its_own_id_keeps_it_whatever_the_file_is_called()
    {
        using var host = new ApiHost();
        var client = host.Client();
        const string front = "---\nid: INC-7781\ntitle: Queue stalled\nseverity: SEV2\nstart_time: 2025-05-02T10:00:00Z\n---\n## Summary\nThe consumer pool stopped.\n";
        MultipartFormDataContent Form(string name, string extra) => new() { { File(Encoding.UTF8.GetBytes(front + extra)), "files", name } };

        var first = await ApiHost.Json(await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("draft.md", "")));
        var renamed = await ApiHost.Json(await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("final.md", "\n## Resolution\nRestarted the pool.\n")));

        Assert.Equal(first[0].GetProperty("id").GetString(), renamed[0].GetProperty("id").GetString());
        Assert.Equal("updated", renamed[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_upload_that_fills_the_store_is_a_507_that_keeps_what_was_stored_and_the_server_serving()
    {
        // PMSEARCH_MAX_STORE_MB makes SQLite answer "full" (SQLITE_FULL) exactly as a full disk does.
        using var host = new ApiHost(ApiHost.Keys, settings: new Dictionary<string, string> { [Core.Store.PostmortemStore.MaxSizeVariable] = "1" });
        var client = host.Client("importer-key");
        MultipartFormDataContent Form(string name, string markdown) => new() { { File(Encoding.UTF8.GetBytes(markdown)), "files", name } };
        var kept = await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("kept.md", Docs.Postmortem("Checkout certificate expired")));
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var keptId = (await ApiHost.Json(kept))[0].GetProperty("id").GetString()!;
        var words = string.Join(' ', Enumerable.Range(0, 300_000).Select(i => $"w{i:x}"));   // ~2.4 MB of text, no two words alike
        var big = Docs.Postmortem("Queue backlog after deploy", service: "orders").Replace("certificate expired on the load balancer", words, StringComparison.Ordinal);

        var response = await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("big.md", big));
        var problem = await ApiHost.Json(response);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("disk is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing from this upload was saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sqlite", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, host.Catalog.Store.Count());
        Assert.Equal("ok", ((Core.Store.PostmortemStore)host.Catalog.Store).IntegrityCheck());
        var reader = host.Client("reader-key-1");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri($"/api/postmortems/{keptId}", UriKind.Relative))).StatusCode);
        var search = await ApiHost.Json(await reader.GetAsync(new Uri("/api/search?q=backlog", UriKind.Relative)));
        Assert.Equal(0, search.GetProperty("total").GetInt32());
        // a small upload after it still fits and is stored
        var after = await client.PostAsync(new Uri("/api/import", UriKind.Relative), Form("small.md", Docs.Postmortem("Orders queue backlog", service: "orders")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task An_upload_without_files_is_a_400_problem()
    {
        using var host = new ApiHost();
        var form = new MultipartFormDataContent { { new StringContent("just a field"), "note" } };

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_a_415_problem()
    {
        using var host = new ApiHost();

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), new StringContent("{\"files\":[]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_a_413_problem_and_nothing_is_saved()
    {
        using var host = new ApiHost(maxUploadBytes: 4096);
        var form = new MultipartFormDataContent { { File(Encoding.UTF8.GetBytes(Docs.Postmortem("Big") + new string('x', 10_000))), "files", "big.md" } };

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task A_streamed_upload_over_the_limit_without_content_length_is_a_413()
    {
        using var host = new ApiHost(maxUploadBytes: 4096);
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Docs.Postmortem("Big") + new string('x', 10_000))));
        var form = new MultipartFormDataContent { { body, "files", "big.md" } };
        await form.LoadIntoBufferAsync();
        var chunked = new StreamContent(await form.ReadAsStreamAsync());
        chunked.Headers.ContentType = form.Headers.ContentType;

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static MultipartFormDataContent TinyFiles(int count)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++) form.Add(File(Encoding.UTF8.GetBytes($"# Tiny postmortem {i}\n\n## Summary\nDisk {i} filled up.\n")), "files", $"tiny-{i}.md");
        return form;
    }

    [Fact]
    public async Task An_upload_of_1500_tiny_files_imports_them_all()
    {
        using var host = new ApiHost();

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), TinyFiles(1500));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(1500, (await ApiHost.Json(response)).GetArrayLength());
        Assert.Equal(1500, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task An_upload_of_more_files_than_the_limit_says_too_many_files_not_too_large()
    {
        using var host = new ApiHost();

        var response = await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), TinyFiles(PostmortemSearch.Server.ServerOptions.MaxUploadFiles + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ApiHost.Json(response);
        Assert.Equal("Too many files", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Catalog.Store.Count());
    }

    [Theory]
    [InlineData("Multipart body length limit 4096 exceeded.", 413, "Upload too large")]
    [InlineData("Form value count limit 10000 exceeded.", 413, "Too many files")]
    [InlineData("Multipart headers count limit 16 exceeded.", 400, "Invalid upload")]
    [InlineData("Line length limit 16384 exceeded.", 400, "Invalid upload")]
    [InlineData("Form key or value length limit 2048 exceeded.", 400, "Invalid upload")]
    [InlineData("Unexpected end of Stream, the content may have already been read by another component.", 400, "Invalid upload")]
    public void Each_form_limit_has_its_own_problem(string message, int status, string title)
    {
        var problem = PostmortemSearch.Server.ImportApi.FormProblem(message, 4096).ProblemDetails;

        Assert.Equal(status, problem.Status);
        Assert.Equal(title, problem.Title);
        if (status == 400) Assert.Contains(message.TrimEnd('.'), problem.Detail, StringComparison.Ordinal);
    }
}
