using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// Every row of <see cref="HostileCorpus"/> through the CLI import and the upload endpoint, each over a store that
/// already holds a first batch: a clear per-file error (or a legitimate import), the process still answering,
/// bounded allocation and time, and nothing previously stored changed.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Cases => [.. HostileCorpus.All.Select(c => c.Name)];

    public void Dispose() => _dir.Dispose();

    private CliRunner SeededCli()
    {
        var cli = new CliRunner(_dir.Path, _dir.File("store.db"));
        Generated.WriteFolder(_dir.File("first"), "aa", 5, "firstbatch");
        Assert.Equal(0, cli.Run("import", "first").ExitCode);
        return cli;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cli_import_reports_the_problem_and_keeps_the_store(string name)
    {
        var hostile = HostileCorpus.Get(name);
        var cli = SeededCli();
        var before = cli.Run("export").Out;
        var content = hostile.Content();
        var relative = Path.Combine("cases", hostile.Name, hostile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.File(relative))!);
        File.WriteAllBytes(_dir.File(relative), content);

        var (result, allocated, elapsed) = Robust.Measure(() => cli.Run("import", relative, "--json"));
        output.WriteLine($"{name}: exit {result.ExitCode}, {Robust.Mb(allocated)} allocated for a {Robust.Mb(content.Length)} input, {elapsed.TotalMilliseconds:0} ms");

        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        var rows = result.Json.EnumerateArray().ToList();
        Robust.AssertRows(rows, hostile.Expected);
        Assert.InRange(allocated, 0, hostile.MaxAllocatedBytes);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeBudget);
        Robust.AssertOnlyAdditions(before, cli.Run("export").Out, Robust.ImportedIds(rows));
        Assert.Equal(0, cli.Run("search", "firstbatch").ExitCode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Upload_reports_the_problem_and_keeps_the_store(string name)
    {
        var hostile = HostileCorpus.Get(name);
        using var host = new ApiHost();
        for (var n = 0; n < 5; n++) host.Import($"first-{n}.md", Generated.Markdown("aa", n, "firstbatch"));
        var cli = new CliRunner(_dir.Path, host.Catalog.Store.Location);
        var before = cli.Run("export").Out;
        var content = hostile.Content();
        var client = host.Client();

        var (response, allocated, elapsed) = Robust.Measure(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var form = new MultipartFormDataContent { { body, "files", hostile.FileName } };
            return client.PostAsync(new Uri("/api/import", UriKind.Relative), form).GetAwaiter().GetResult();
        });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{name}: {(int)response.StatusCode}, {Robust.Mb(allocated)} allocated for a {Robust.Mb(content.Length)} upload, {elapsed.TotalMilliseconds:0} ms");

        // 200 when something was kept; 422 (with the same rows in the problem's "rows") when every file was rejected.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        var rows = (response.StatusCode == HttpStatusCode.OK ? root : root.GetProperty("rows")).EnumerateArray().ToList();
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity) Assert.All(rows, r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        Robust.AssertRows(rows, hostile.Expected);
        // The upload is held in memory (multipart copy + byte array), so allow a few copies of it.
        Assert.InRange(allocated, 0, hostile.MaxAllocatedBytes + (4L * content.Length));
        Assert.InRange(elapsed, TimeSpan.Zero, TimeBudget);
        Robust.AssertOnlyAdditions(before, cli.Run("export").Out, Robust.ImportedIds(rows));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
