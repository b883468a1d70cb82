using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostmortemSearch.Core.Analytics.Taxonomy;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary><c>pmsearch taxonomy export/import</c>: the same document as GET/PUT /api/taxonomy, validated, audited.</summary>
public sealed class TaxonomyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public TaxonomyCommandTests()
    {
        foreach (var (name, markdown) in SurfaceDocs.Corpus) _dir.Write(Path.Combine("docs", name), markdown);
        _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));
        Assert.Equal(0, _cli.Run("import", "docs").ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private static string Relabel(string json, int index, string label)
    {
        var doc = JsonNode.Parse(json)!;
        doc["categories"]![index]!["label"] = label;
        return doc.ToJsonString();
    }

    [Fact]
    public void Export_prints_the_shipped_taxonomy_and_out_writes_the_same_document_to_a_file()
    {
        var printed = _cli.Run("taxonomy", "export");
        Assert.Equal(0, printed.ExitCode);
        var parsed = FactorTaxonomy.Parse(printed.Out, "stdout");
        Assert.Equal(FactorTaxonomy.Default.Categories.Select(c => c.Id), parsed.Categories.Select(c => c.Id));

        var written = _cli.Run("taxonomy", "export", "--out", "tax.json");
        Assert.Equal(0, written.ExitCode);
        Assert.Contains($"{parsed.Categories.Count} categories", written.Out, StringComparison.Ordinal);
        Assert.Equal(printed.Out.Trim(), File.ReadAllText(_dir.File("tax.json")).Trim());
    }

    [Fact]
    public void An_edited_export_imports_is_used_afterwards_and_leaves_an_audit_entry_naming_the_file()
    {
        Assert.Equal(0, _cli.Run("taxonomy", "export", "--out", "tax.json").ExitCode);
        var edited = _dir.Write("edited.json", Relabel(File.ReadAllText(_dir.File("tax.json")), 0, "Renamed by the guild"));

        var imported = _cli.Run("taxonomy", "import", "edited.json", "--actor", "sre-lead");

        Assert.Equal(0, imported.ExitCode);
        Assert.Contains(edited, imported.Out, StringComparison.Ordinal);
        var after = FactorTaxonomy.Parse(_cli.Run("taxonomy", "export").Out, "stdout");
        Assert.Equal("Renamed by the guild", after.Categories[0].Label);
        var audit = _cli.Run("audit", "--json").Json.EnumerateArray().First();
        Assert.Equal("taxonomy-import", audit.GetProperty("action").GetString());
        Assert.Equal("sre-lead", audit.GetProperty("actor").GetString());
        Assert.Contains("edited.json", audit.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Broken => new()
    {
        { """{"categories":[{"id":"x","label":"X","examples":["one","two"]}]}""", "category 1 'x'", "at least 8" },
        { """{"categories":[]}""", "categories", "empty" },
        { """{"categories":[{"id":"Bad Id","label":"X","examples":["a","b","c","d","e","f","g","h"]}]}""", "category 1 'Bad Id'", "lowercase letters" },
        { "this is not json", "not a taxonomy JSON document", "" },
        { """{"categories":[{"id":"x","examples":["a","b","c","d","e","f","g","h"]}]}""", "category 1 'x'", "has no label" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_file_is_refused_naming_the_file_and_the_problem_and_the_taxonomy_in_use_stays(string json, string where, string problem)
    {
        var before = _cli.Run("taxonomy", "export").Out;
        var path = _dir.Write("broken.json", json);

        var result = _cli.Run("taxonomy", "import", "broken.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Contains(where, result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);   // no stack trace
        Assert.Equal(before, _cli.Run("taxonomy", "export").Out);
        Assert.DoesNotContain(_cli.Run("audit", "--json").Json.EnumerateArray(), e => e.GetProperty("action").GetString() == "taxonomy-import");
    }

    [Fact]
    public void A_missing_file_is_a_usage_error_naming_it()
    {
        var result = _cli.Run("taxonomy", "import", "nowhere.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(_dir.File("nowhere.json"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_document_and_the_api_document_are_interchangeable()
    {
        using var host = new ApiHost(apiKeys: ApiHost.Keys);
        using var importer = host.Client("importer-key");

        // CLI export → PUT /api/taxonomy
        var cliJson = Relabel(_cli.Run("taxonomy", "export").Out, 1, "From the command line");
        var put = await importer.PutAsync(new Uri("/api/taxonomy", UriKind.Relative), new StringContent(cliJson, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var served = await importer.GetStringAsync(new Uri("/api/taxonomy", UriKind.Relative));
        Assert.Equal("From the command line", JsonDocument.Parse(served).RootElement.GetProperty("categories")[1].GetProperty("label").GetString());

        // GET /api/taxonomy → pmsearch taxonomy import
        _dir.Write("served.json", served);
        Assert.Equal(0, _cli.Run("taxonomy", "import", "served.json").ExitCode);
        Assert.Equal("From the command line", FactorTaxonomy.Parse(_cli.Run("taxonomy", "export").Out, "stdout").Categories[1].Label);
    }
}
