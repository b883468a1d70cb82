using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>The CLI's small consistencies (issue 14): stores, backups, order, severities, inspect, skips, busy ports.</summary>
public sealed class SurfaceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public SurfaceCommandTests()
    {
        foreach (var (name, markdown) in SurfaceDocs.Corpus) _dir.Write(Path.Combine("docs", name), markdown);
        _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));
        Assert.Equal(0, _cli.Run("import", "docs").ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("list")]
    [InlineData("show", "pm-x")]
    [InlineData("export")]
    [InlineData("search", "certificate")]
    [InlineData("trends")]
    [InlineData("factors")]
    [InlineData("review", "2025Q3")]
    [InlineData("gate", "checkout-api")]
    [InlineData("action-items")]
    [InlineData("audit")]
    [InlineData("backup", "copy.db")]
    [InlineData("history", "pm-x")]
    [InlineData("restore", "pm-x", "1")]
    [InlineData("migrate", "--to", "postgresql://u:p@127.0.0.1:1/none")]
    public void Read_verbs_never_create_a_missing_store(params string[] args)
    {
        var typo = _dir.File("typo.db");
        var result = new CliRunner(_dir.Path, typo).Run(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no store at {typo}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(typo));
    }

    [Fact]
    public void Backup_refuses_to_overwrite_without_force()
    {
        var target = _dir.Write("existing.db", "not a database");

        var refused = _cli.Run("backup", target);
        var forced = _cli.Run("backup", target, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exists; pass --force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("backed up 4 postmortem(s)", forced.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void List_is_newest_first_like_the_api()
    {
        var titles = _cli.Run("list", "--json").Json.EnumerateArray().Select(r => r.GetProperty("title").GetString()).ToList();

        Assert.Equal(["Checkout down after certificate expiry", "Payments slow after a config push", "Search latency from pool exhaustion", "A write-up from 1628"], titles);
    }

    [Theory]
    [InlineData("severity:S1")]     // the README lists it; it was rejected
    [InlineData("severity:SEV1")]
    [InlineData("severity:P1")]
    [InlineData("severity:sev-1")]
    [InlineData("severity:P0")]     // stored as SEV1 on import, so found as SEV1
    public void Every_documented_severity_form_finds_the_sev1(string filter)
    {
        var result = _cli.Run("search", $"certificate {filter}", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public void A_bad_severity_names_the_forms_that_work()
    {
        var result = _cli.Run("search", "severity:SEV9");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("S1, P1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_opens_a_zip_and_one_entry_of_it()
    {
        var zip = _dir.File("export.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(archive.CreateEntry("space/one.md").Open())) w.Write("# First page\n\n## Summary\nOne.\n");
            using (var w = new StreamWriter(archive.CreateEntry("space/two.md").Open())) w.Write("# Second page\n\n## Summary\nTwo.\n");
        }

        var all = _cli.Run("inspect", zip);
        var one = _cli.Run("inspect", zip + "!/space/two.md");
        var missing = _cli.Run("inspect", zip + "!/space/three.md");

        Assert.Equal(0, all.ExitCode);
        Assert.Contains("title: First page", all.Out, StringComparison.Ordinal);
        Assert.Contains("title: Second page", all.Out, StringComparison.Ordinal);
        Assert.Equal(0, one.ExitCode);
        Assert.DoesNotContain("First page", one.Out, StringComparison.Ordinal);
        Assert.Contains("title: Second page", one.Out, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no entry 'space/three.md'", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_says_why_a_space_index_gives_no_postmortem_on_its_own_and_inside_a_zip()
    {
        var index = RepoPaths.Sample("confluence", "dlx_index.html");
        var zip = _dir.File("space.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(index, "space/index.html");
            using var w = new StreamWriter(archive.CreateEntry("space/one.md").Open());
            w.Write("# First page\n\n## Summary\nOne.\n");
        }

        var file = _cli.Run("inspect", index);
        var listing = _cli.Run("inspect", zip);
        var entry = _cli.Run("inspect", zip + "!/space/index.html");

        Assert.Equal(0, file.ExitCode);
        Assert.Contains("dlx_index.html: no postmortem: a Confluence space index (\"Space Details\" and the list of the export's pages), not a page of its own; import skips it", file.Out, StringComparison.Ordinal);
        Assert.Equal(0, listing.ExitCode);
        Assert.Contains("space.zip!/space/index.html: no postmortem: a Confluence space index", listing.Out, StringComparison.Ordinal);
        Assert.Contains("title: First page", listing.Out, StringComparison.Ordinal);
        Assert.Equal(0, entry.ExitCode);
        Assert.Contains("space/index.html: no postmortem: a Confluence space index", entry.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("First page", entry.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--grace-days: 'abc' is not a whole number", "gate", "checkout-api", "--grace-days", "abc")]
    [InlineData("--limit: 'lots' is not a whole number", "search", "certificate", "--limit", "lots")]
    [InlineData("restore: 'abc' is not a whole number", "restore", "pm-x", "abc")]
    public void A_value_of_the_wrong_kind_is_named_in_words_not_dotnet_types(string expected, params string[] args)
    {
        var result = _cli.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_into_a_missing_folder_is_one_line_naming_the_option()
    {
        var target = Path.Combine(_dir.Path, "no-such-folder", "x.md");

        var result = _cli.Run("action-items", "--out", target);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--out: cannot write {target}: the folder {Path.GetDirectoryName(target)} does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void History_and_restore_of_an_unknown_id_say_there_is_none()
    {
        var history = _cli.Run("history", "pm-nope");
        var restore = _cli.Run("restore", "pm-nope", "1");

        Assert.Equal(1, history.ExitCode);
        Assert.Contains("no postmortem with id 'pm-nope'", history.Error, StringComparison.Ordinal);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("no postmortem with id 'pm-nope'", restore.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Importing_only_missing_paths_creates_no_store()
    {
        var db = _dir.File("new.db");

        var result = new CliRunner(_dir.Path, db).Run("import", "nope.md");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no such file or folder: {Path.Combine(_dir.Path, "nope.md")}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Audit_text_lists_twenty_touched_postmortems_per_entry_and_counts_the_rest()
    {
        for (var i = 0; i < 25; i++)
            _dir.Write($"bulk/doc-{i:00}.md", SurfaceDocs.Doc($"Bulk outage {i}", "bulk-api", "SEV4", "2025-04-01 10:00 UTC", "2025-04-01 11:00 UTC", "Final"));
        Assert.Equal(0, _cli.Run("import", "bulk").ExitCode);

        var text = _cli.Run("audit", "--limit", "1").Out;
        var json = _cli.Run("audit", "--limit", "1", "--json").Json;

        Assert.Equal(20, text.Split('\n').Count(l => l.StartsWith("    imported", StringComparison.Ordinal)));
        Assert.Contains("    … 5 more (--json lists every one)", text, StringComparison.Ordinal);
        Assert.Equal(25, json[0].GetProperty("touched").GetArrayLength());
    }

    [Fact]
    public void Import_summarises_why_files_were_skipped()
    {
        _dir.Write("mixed/README.txt", "notes");
        _dir.Write("mixed/build.py", "print(1)");
        _dir.Write("mixed/tools.py", "print(2)");
        _dir.Write("mixed/real.md", SurfaceDocs.Doc("Another outage", "orders-api", "SEV3", "2025-05-01 10:00 UTC", "2025-05-01 11:00 UTC", "Final"));

        var result = _cli.Run("import", "mixed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 imported, 0 updated, 0 unchanged, 0 rejected, 3 skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped: 2 × .py is not a postmortem format: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 × .txt is not a postmortem format: README.txt", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_a_busy_port_says_so_in_one_line_with_a_hint()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var result = _cli.Run("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains($"cannot listen on http://127.0.0.1:{port}: the address is already in use", lines[0], StringComparison.Ordinal);
        Assert.Contains($"--urls http://127.0.0.1:{port + 1}", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
