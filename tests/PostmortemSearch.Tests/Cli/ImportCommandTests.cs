using System.IO.Compression;
using System.Text;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    private const string Good = """
        ---
        title: Checkout latency after cache flush
        severity: SEV3
        services: [checkout-api, redis-cache]
        ---
        ## Summary
        A cache flush sent every read to the database.
        ## Root cause
        - The flush job ran without throttling.
        """;

    public ImportCommandTests() => _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_confluence_page_imported_from_entities_xml_is_updated_by_its_html_re_export_not_refused()
    {
        File.Copy(Path.Combine(RepoPaths.IngestSamples, "confluence-xml", "entities.xml"), _dir.Write("xml/entities.xml", ""), overwrite: true);
        var first = _cli.Run("import", "xml", "--json");
        var fromXml = Assert.Single(first.Json.EnumerateArray(), r => r.GetProperty("path").GetString()!.EndsWith("#page=196610", StringComparison.Ordinal));
        // The same page (id 196610) exported again as a space HTML export: another export format, the same page.
        var html = File.ReadAllText(Path.Combine(RepoPaths.IngestSamples, "confluence-space", "Checkout-outage-2025-03-04_98304412.html"))
            .Replace("98304412", "196610", StringComparison.Ordinal);
        _dir.Write("html/Catalog-import-exhausts-Postgres-connection-pool_196610.html", html);

        var again = _cli.Run("import", "html", "--json");

        Assert.Equal(0, again.ExitCode);
        var row = Assert.Single(again.Json.EnumerateArray());
        Assert.Equal("updated", row.GetProperty("status").GetString());
        Assert.Equal(fromXml.GetProperty("id").GetString(), row.GetProperty("id").GetString());
        var shown = _cli.Run("show", row.GetProperty("id").GetString()!, "--json");
        Assert.Equal("confluence-html", shown.Json.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(3, _cli.Run("list", "--json").Json.GetArrayLength());
    }

    [Fact]
    public void Imports_then_reports_unchanged_then_updated()
    {
        _dir.Write("in/a.md", Good);
        var first = _cli.Run("import", "in", "--json");
        Assert.Equal(0, first.ExitCode);
        var row = Assert.Single(first.Json.EnumerateArray());
        Assert.Equal("imported", row.GetProperty("status").GetString());
        Assert.Equal("in/a.md", row.GetProperty("path").GetString());
        Assert.StartsWith("pm-", row.GetProperty("id").GetString());

        Assert.Contains("0 imported, 0 updated, 1 unchanged", _cli.Run("import", "in").Out);
        _dir.Write("in/a.md", Good.Replace("without throttling", "without any throttling", StringComparison.Ordinal));
        Assert.Contains("0 imported, 1 updated, 0 unchanged", _cli.Run("import", "in").Out);
        Assert.Single(_cli.Run("list", "--json").Json.EnumerateArray());
    }

    [Fact]
    public void Show_and_export_print_the_schema_in_camel_case()
    {
        _dir.Write("a.md", Good);
        var id = _cli.Run("import", "a.md", "--json").Json[0].GetProperty("id").GetString()!;
        var shown = _cli.Run("show", id, "--json");
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal("SEV3", shown.Json.GetProperty("severity").GetString());
        Assert.Equal("redis-cache", shown.Json.GetProperty("services")[1].GetString());
        var export = _cli.Run("export");
        var line = Assert.Single(export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var field in new[] { "id", "title", "source", "severity", "services", "authors", "incidentStart", "detectedAt", "mitigatedAt", "resolvedAt", "postmortemDate", "duration", "summary", "impact", "detection", "trigger", "rootCauses", "contributingFactors", "resolution", "timeline", "actionItems", "lessons", "tags", "sections", "diagnostics" })
            Assert.Contains($"\"{field}\":", line);
        Assert.Equal(1, _cli.Run("show", "pm-nope").ExitCode);
    }

    [Fact]
    public void Export_then_import_into_an_empty_store_gives_the_same_postmortems()
    {
        _dir.Write("in/a.md", Good);
        _dir.Write("in/b.md", Good.Replace("Checkout latency", "Search latency", StringComparison.Ordinal));
        _cli.Run("import", "in");
        var export = _cli.Run("export").Out;
        _dir.Write("backup.jsonl", export);
        var restored = new CliRunner(_dir.Path, _dir.File("restored.db"));
        Assert.Equal(0, restored.Run("import", "backup.jsonl").ExitCode);
        Assert.Equal(export, restored.Run("export").Out);
    }

    [Fact]
    public void Bad_files_are_rejected_one_by_one_and_the_rest_is_kept()
    {
        _dir.Write("in/good.md", Good);
        _dir.Write("in/empty.md", "");
        File.WriteAllBytes(_dir.File("in/binary.md"), [0x41, 0x00, 0x42, 0x00]);
        File.WriteAllBytes(_dir.File("in/broken.zip"), Encoding.ASCII.GetBytes("PK\x03\x04 this is not really a zip"));
        File.WriteAllBytes(_dir.File("in/random.docx"), [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 7))]);
        _dir.Write("in/backup.jsonl", "{\"id\": \"x\"\n");
        var result = _cli.Run("import", "in", "--json");

        Assert.Equal(1, result.ExitCode);
        var rows = result.Json.EnumerateArray().ToDictionary(r => r.GetProperty("path").GetString()!, r => r);
        Assert.Equal("imported", rows["in/good.md"].GetProperty("status").GetString());
        foreach (var bad in new[] { "in/empty.md", "in/binary.md", "in/broken.zip", "in/random.docx", "in/backup.jsonl" })
        {
            Assert.Equal("rejected", rows[bad].GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(rows[bad].GetProperty("error").GetString()));
        }
        Assert.Contains("NUL", rows["in/binary.md"].GetProperty("error").GetString());
        Assert.Single(_cli.Run("list", "--json").Json.EnumerateArray());
    }

    [Fact]
    public void Zip_slip_and_symlink_entries_are_refused_while_safe_entries_import()
    {
        var zip = _dir.File("export.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "space/good.md", Good);
            Write(archive, "../../evil.md", Good);
            Write(archive, "/etc/evil.md", Good);
            var link = archive.CreateEntry("space/link.md");
            link.ExternalAttributes = (0xA1FF << 16);
            using (var s = link.Open()) s.Write("/etc/passwd"u8);
        }
        var result = _cli.Run("import", "export.zip", "--json");
        var rows = result.Json.EnumerateArray().ToList();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(rows, r => r.GetProperty("path").GetString() == "export.zip!/space/good.md" && r.GetProperty("status").GetString() == "imported");
        Assert.Contains(rows, r => r.GetProperty("path").GetString()!.EndsWith("evil.md", StringComparison.Ordinal) && r.GetProperty("error").GetString()!.Contains("zip-slip"));
        Assert.Contains(rows, r => r.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String && r.GetProperty("error").GetString()!.Contains("absolute path"));
        Assert.Contains(rows, r => r.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String && r.GetProperty("error").GetString()!.Contains("symbolic link"));
    }

    [Fact]
    public void A_zip_bomb_is_refused_without_expanding_it_and_stored_data_is_untouched()
    {
        _dir.Write("good.md", Good);
        _cli.Run("import", "good.md");
        var before = _cli.Run("export").Out;
        var zip = _dir.File("bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("bomb.md", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 120; i++) s.Write(zeros);   // 120 MB of zeros compress to ~120 KB
        }
        var result = _cli.Run("import", "bomb.zip", "--json");
        Assert.Equal(1, result.ExitCode);
        var error = result.Json[0].GetProperty("error").GetString()!;
        Assert.True(error.Contains("zip bomb") || error.Contains("limit"), error);
        Assert.Equal(before, _cli.Run("export").Out);
    }

    [Fact]
    public void Too_many_zip_entries_are_refused()
    {
        var zip = _dir.File("many.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            for (var i = 0; i < 10_001; i++) archive.CreateEntry($"e{i}.md");
        var result = _cli.Run("import", "many.zip", "--json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("10,001 entries", result.Json[0].GetProperty("error").GetString());
    }

    [Fact]
    public void Non_utf8_text_is_read_as_windows_1252_with_a_warning()
    {
        File.WriteAllBytes(_dir.File("latin.md"), Encoding.Latin1.GetBytes("# Caf\u00e9 outage\n## Summary\nThe caf\u00e9 menu service failed.\n"));
        var id = _cli.Run("import", "latin.md", "--json").Json[0].GetProperty("id").GetString()!;
        var shown = _cli.Run("show", id, "--json").Json;
        Assert.Equal("Caf\u00e9 outage", shown.GetProperty("title").GetString());
        Assert.Contains(shown.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("UTF-8"));
    }

    [Fact]
    public void Utf16_with_a_bom_is_read()
    {
        File.WriteAllBytes(_dir.File("u16.md"), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Good)]);
        Assert.Equal(0, _cli.Run("import", "u16.md").ExitCode);
    }

    [Fact]
    public void Unsupported_extension_named_explicitly_is_rejected_and_usage_errors_exit_2()
    {
        _dir.Write("notes.pdf", "%PDF-1.4");
        var result = _cli.Run("import", "notes.pdf", "--json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a supported format (.pdf)", result.Json[0].GetProperty("error").GetString());
        Assert.Equal(2, _cli.Run("import").ExitCode);
        Assert.Equal(2, _cli.Run("frobnicate").ExitCode);
        Assert.Equal(1, _cli.Run("import", "does-not-exist.md").ExitCode);
    }

    private static void Write(ZipArchive archive, string name, string text)
    {
        var entry = archive.CreateEntry(name);
        using var s = entry.Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }
}
