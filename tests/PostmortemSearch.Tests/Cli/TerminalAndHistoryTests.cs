using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>The CLI's terminal output carries no escape sequences from documents; history and restore undo an overwrite.</summary>
public sealed class TerminalAndHistoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public TerminalAndHistoryTests() => _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));

    public void Dispose() => _dir.Dispose();

    private static string Doc(string title, string summary) => $"""
        ---
        title: "{title}"
        severity: SEV2
        services: [checkout-api]
        ---
        # {title}

        ## Summary
        {summary}

        ## Root Causes
        - The TLS certificate on the load balancer expired.
        """;

    [Fact]
    public void Show_list_and_search_print_document_text_without_terminal_escape_sequences()
    {
        // OSC 0 (window title), CSI 2J (clear screen), OSC 52 (clipboard write), an 8-bit CSI and a bidi override.
        var title = "Certificate expiry \u001b]0;pwned\u0007 here";
        var summary = "The certificate expired.\u001b[2J\u001b]52;c;ZWNobyBwd25lZA==\u0007 Checkout failed \u009b31m red \u202e txet";
        // The JSON-lines backup format carries text as it was stored, escapes included (the document readers drop them).
        var line = System.Text.Json.JsonSerializer.Serialize(new { id = "pm-escapes", title, summary, source = new { kind = "jsonl", path = "x.jsonl" } });
        _dir.Write("in/x.jsonl", line + "\n");
        var id = _cli.Run("import", "in", "--json").Json[0].GetProperty("id").GetString()!;

        foreach (var result in new[] { _cli.Run("show", id), _cli.Run("list"), _cli.Run("search", "certificate") })
        {
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(result.Out, c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
            Assert.DoesNotContain('\u202e', result.Out);
            Assert.Contains("Certificate expiry", result.Out, StringComparison.Ordinal);
        }
        // JSON keeps the text, escaped.
        Assert.Contains("\\u001b]0;pwned", _cli.Run("show", id, "--json").Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_overwritten_postmortem_is_listed_in_history_and_restored()
    {
        _dir.Write("in/a.md", Doc("Cache flush v1", "First version of the summary."));
        var id = _cli.Run("import", "in", "--json").Json[0].GetProperty("id").GetString()!;
        _dir.Write("in/a.md", Doc("Cache flush v2", "Second version of the summary."));
        Assert.Equal("updated", _cli.Run("import", "in", "--json").Json[0].GetProperty("status").GetString());

        var history = _cli.Run("history", id, "--json");
        Assert.Equal(0, history.ExitCode);
        var version = Assert.Single(history.Json.EnumerateArray());
        Assert.Equal("Cache flush v1", version.GetProperty("title").GetString());

        var restore = _cli.Run("restore", id, version.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, restore.ExitCode);
        Assert.Contains("Cache flush v1", _cli.Run("show", id).Out, StringComparison.Ordinal);
        Assert.Equal(2, _cli.Run("history", id, "--json").Json.GetArrayLength());
        Assert.Equal(1, _cli.Run("restore", id, "999").ExitCode);
    }

    [Fact]
    public void A_cli_import_from_another_source_does_not_replace_a_postmortem()
    {
        _dir.Write("in/a.md", Doc("Original", "Original summary."));
        var id = _cli.Run("import", "in", "--json").Json[0].GetProperty("id").GetString()!;
        var line = System.Text.Json.JsonSerializer.Serialize(new { id, title = "Harmless page", source = new { kind = "gdocs-json", path = "doc.json" }, summary = "nothing" });
        _dir.Write("other/x.jsonl", line + "\n");

        var result = _cli.Run("import", "other", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("rejected", result.Json[0].GetProperty("status").GetString());
        Assert.Contains("Original", _cli.Run("show", id).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classification: Company Confidential")]
    [InlineData("classification: Internal - Restricted")]
    [InlineData("sensitivity: Strictly confidential")]
    [InlineData("tlp: TLP:RED")]
    [InlineData("tags: [confidential]")]
    [InlineData("tags: [restricted-access, database]")]
    [InlineData("BODY:**Confidentiality:** Confidential")]
    [InlineData("BODY:RESTRICTED - DO NOT DISTRIBUTE")]
    public void Documents_marked_confidential_in_their_own_words_import_restricted(string marking)
    {
        var front = marking.StartsWith("BODY:", StringComparison.Ordinal) ? "" : marking + "\n";
        var body = marking.StartsWith("BODY:", StringComparison.Ordinal) ? marking["BODY:".Length..] + "\n\n" : "";
        _dir.Write("in/a.md", $"---\ntitle: Vault token leak\nseverity: SEV2\n{front}---\n{body}## Summary\nA token was exposed in CI logs.\n\n## Root Causes\n- Logs printed the token.\n");

        var id = _cli.Run("import", "in", "--json").Json[0].GetProperty("id").GetString()!;

        Assert.Contains("\"restricted\": true", _cli.Run("show", id, "--json").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classification: not restricted")]
    [InlineData("classification: non-confidential")]
    [InlineData("classification: Public")]
    [InlineData("restricted: no")]
    public void Documents_that_say_they_are_open_stay_open(string marking)
    {
        _dir.Write("in/a.md", $"---\ntitle: Cache flush\nseverity: SEV3\n{marking}\n---\n## Summary\nThe restricted-rate API returned 429s after a cache flush.\n\n## Root Causes\n- The flush job ran unthrottled.\n");

        var id = _cli.Run("import", "in", "--json").Json[0].GetProperty("id").GetString()!;

        Assert.Contains("\"restricted\": false", _cli.Run("show", id, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_confluence_page_with_a_view_restriction_in_entities_xml_imports_restricted()
    {
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "ingest-samples", "confluence-xml", "entities.xml"));
        var before = _cli.Run("import", Path.Combine(RepoPaths.Root, "ingest-samples", "confluence-xml", "entities.xml"), "--json").Json.EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "imported").ToList();
        var open = before.Select(r => r.GetProperty("id").GetString()!).First(id => _cli.Run("show", id, "--json").Out.Contains("\"restricted\": false", StringComparison.Ordinal));
        var pageId = System.Text.Json.JsonDocument.Parse(_cli.Run("show", open, "--json").Out).RootElement.GetProperty("source").GetProperty("pageId").GetString();
        var permission = $"""
            <object class="ContentPermissionSet" package="com.atlassian.confluence.security">
            <id name="id">990001</id>
            <property name="type"><![CDATA[View]]></property>
            <property name="owningContent" class="Page" package="com.atlassian.confluence.pages"><id name="id">{pageId}</id></property>
            </object>
            """;
        _dir.Write("restricted/entities.xml", sample.Replace("</hibernate-generic>", permission + "\n</hibernate-generic>", StringComparison.Ordinal));
        var db2 = new CliRunner(_dir.Path, _dir.File("second.db"));

        var rows = db2.Run("import", "restricted", "--json").Json.EnumerateArray().ToList();
        var page = rows.Single(r => r.GetProperty("path").GetString()!.EndsWith("#page=" + pageId, StringComparison.Ordinal)).GetProperty("id").GetString()!;

        Assert.Contains("\"restricted\": true", db2.Run("show", page, "--json").Out, StringComparison.Ordinal);
    }
}
