using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// <c>pmsearch backup</c> of the store a running server is writing to gives a sound, consistent snapshot; and
/// export → import into an empty store gives the same postmortems, factor clusters and search results.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class BackupWhileServingTests(ITestOutputHelper output) : IDisposable
{
    private const int PerUpload = 5;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MultipartFormDataContent Upload(int upload)
    {
        var form = new MultipartFormDataContent();
        for (var n = upload * PerUpload; n < (upload + 1) * PerUpload; n++)
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(Generated.Markdown("gg", n, "uploadword")));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(body, "files", $"up-{n:00000}.md");
        }
        return form;
    }

    private static MultipartFormDataContent Samples()
    {
        var form = new MultipartFormDataContent();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.IngestSamples, "markdown"), "*.md").Order(StringComparer.Ordinal))
        {
            var body = new ByteArrayContent(File.ReadAllBytes(file));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(body, "files", Path.GetFileName(file));
        }
        return form;
    }

    [Fact]
    public async Task Backup_during_uploads_is_a_consistent_snapshot_and_export_import_round_trips()
    {
        var uploads = Robust.Size(40, 200);
        var db = _dir.File("served.db");
        await using var host = await KestrelHost.StartAsync(db);
        using var client = host.Client();
        var seed = await client.PostAsync(new Uri("/api/import", UriKind.Relative), Samples());
        Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        var seeded = StoreProbe.IdsAndHashes(db);
        // An upload's id comes from its bytes (two teams' postmortem.md are two postmortems): the answers name them, in order.
        var uploadIds = new List<string>();

        var uploading = Task.Run(async () =>
        {
            for (var u = 0; u < uploads; u++)
            {
                using var form = Upload(u);
                var response = await client.PostAsync(new Uri("/api/import", UriKind.Relative), form);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var rows = await ApiHost.Json(response);
                lock (uploadIds) uploadIds.AddRange(rows.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            }
        });

        var cli = new CliRunner(_dir.Path, db);
        var backups = new List<(string Path, int Uploads)>();
        for (var b = 0; !uploading.IsCompleted || b < 2; b++)
        {
            var file = _dir.File($"backup-{b}.db");
            var result = cli.Run("backup", file);
            Assert.True(result.ExitCode == 0, result.Error);
            backups.Add((file, CheckSnapshot(file, seeded, uploadIds)));
            await Task.Delay(50);
        }
        await uploading;
        output.WriteLine($"{backups.Count} backups taken during {uploads} uploads; they held {string.Join(", ", backups.Select(b => b.Uploads))} whole upload(s)");
        Assert.Contains(backups, b => b.Uploads > 0 && b.Uploads < uploads);

        // Export → import into an empty store: same postmortems, clusters and search results.
        var exported = cli.Run("export").Out;
        _dir.Write("export.jsonl", exported);
        var restoredDb = _dir.File("restored.db");
        var restoredCli = new CliRunner(_dir.Path, restoredDb);
        Assert.Equal(0, restoredCli.Run("import", "export.jsonl").ExitCode);
        Assert.Equal(exported, restoredCli.Run("export").Out);

        using var original = new PostmortemCatalog(PostmortemStore.Open(db), FixedTime.At(2025, 12, 31));
        using var restored = new PostmortemCatalog(PostmortemStore.Open(restoredDb), FixedTime.At(2025, 12, 31));
        Assert.Equal(Clusters(original), Clusters(restored));
        Assert.NotEmpty(Clusters(original));
        foreach (var query in new[] { "certificate expired", "\"load balancer\"", "checkout -certificate", "rollout*", "severity:SEV2 checkout", "uploadword", "disk full", "after:2025-03 before:2025-07 outage", "service:checkout-api", "factor:cert-expiry" })
            Assert.Equal(Hits(original, query), Hits(restored, query));
    }

    /// <summary>The backup is sound and holds the seed plus the first k uploads whole; returns k.</summary>
    private static int CheckSnapshot(string file, SortedSet<string> seeded, List<string> uploadIds)
    {
        Assert.Equal("ok", StoreProbe.IntegrityCheck(file));
        Assert.Empty(StoreProbe.HalfWritten(file));
        var state = StoreProbe.IdsAndHashes(file);
        Assert.Superset(seeded, state);
        var ids = state.Select(s => s[..s.IndexOf('=', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var uploaded = state.Count - seeded.Count;
        Assert.True(uploaded % PerUpload == 0, $"the backup holds {uploaded} uploaded postmortems: part of an upload");
        // the uploads answered so far (a committed upload may not have answered yet when the backup was taken)
        List<string> answered;
        lock (uploadIds) answered = [.. uploadIds.Take(uploaded)];
        Assert.All(answered, id => Assert.Contains(id, ids));
        return uploaded / PerUpload;
    }

    private static List<string> Clusters(PostmortemCatalog catalog) =>
        [.. catalog.Analytics(Caller.Cli).Clustering.Clusters.Select(c => $"{c.Id}|{c.Label}|{string.Join(",", c.IncidentIds.Order(StringComparer.Ordinal))}")];

    private static List<string> Hits(PostmortemCatalog catalog, string query)
    {
        var results = catalog.Search(new SearchRequest { Query = query, Limit = 20 }, Caller.Cli);
        return [$"total {results.Total}", .. results.Hits.Select(h => $"{h.Id} {h.Score:0.0000}")];
    }
}
