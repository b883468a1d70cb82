using System.Text.Json;
using Microsoft.Data.Sqlite;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>Hybrid search through <c>pmsearch</c> with the real model: import embeds, search fuses, similar gives reasons.</summary>
public sealed class SemanticCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string WriteDocs()
    {
        foreach (var (name, markdown) in SemanticDocs.All) _dir.Write(Path.Combine("docs", name), markdown);
        return Path.Combine(_dir.Path, "docs");
    }

    private static List<string> Titles(JsonElement results) =>
        [.. results.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!)];

    [Fact]
    public void Import_embeds_and_search_json_is_hybrid_and_finds_a_paraphrase_that_lexical_search_misses()
    {
        var semantic = new CliRunner(_dir.Path, _dir.File("pm.db"), semantic: true);
        var lexical = new CliRunner(_dir.Path, _dir.File("pm.db"), semantic: false);
        Assert.Equal(0, semantic.Run("import", WriteDocs()).ExitCode);

        var hybrid = semantic.Run("search", "--json", SemanticDocs.CertificateParaphrase);
        Assert.Equal(0, hybrid.ExitCode);
        var status = hybrid.Json.GetProperty("semantic");
        Assert.Equal("hybrid", status.GetProperty("mode").GetString());
        Assert.True(status.GetProperty("complete").GetBoolean());
        Assert.Equal(5, status.GetProperty("embedded").GetInt32());
        Assert.True(Titles(hybrid.Json).IndexOf(SemanticDocs.CertificateTitle) is 0, string.Join(" | ", Titles(hybrid.Json)));
        var top = hybrid.Json.GetProperty("hits")[0];
        Assert.False(string.IsNullOrEmpty(top.GetProperty("snippet").GetString()));
        Assert.False(string.IsNullOrEmpty(top.GetProperty("section").GetString()));

        // A paraphrase sharing no word with its postmortem: only the dense half finds it (the CLI sees restricted ones).
        Assert.Contains(SemanticDocs.RestrictedTitle, Titles(semantic.Run("search", "--json", SemanticDocs.RestrictedParaphrase).Json));
        var plain = lexical.Run("search", "--json", SemanticDocs.RestrictedParaphrase);
        Assert.DoesNotContain(SemanticDocs.RestrictedTitle, Titles(plain.Json));
        Assert.Equal(JsonValueKind.Null, plain.Json.GetProperty("semantic").ValueKind);
    }

    [Fact]
    public void Exact_phrases_stay_lexical_through_the_cli()
    {
        var cli = new CliRunner(_dir.Path, _dir.File("pm.db"), semantic: true);
        cli.Run("import", WriteDocs());

        var result = cli.Run("search", "--json", "\"connection is not private\"");
        Assert.Equal("lexical", result.Json.GetProperty("semantic").GetProperty("mode").GetString());
        Assert.Equal(0, result.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public void With_semantic_search_off_nothing_is_embedded()
    {
        var cli = new CliRunner(_dir.Path, _dir.File("pm.db"), semantic: false);
        Assert.Equal(0, cli.Run("import", WriteDocs()).ExitCode);

        using var connection = new SqliteConnection($"Data Source={_dir.File("pm.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM passage_vectors";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public void Similar_names_a_neighbour_close_in_meaning_with_its_reason()
    {
        var cli = new CliRunner(_dir.Path, _dir.File("pm.db"), semantic: true);
        cli.Run("import", WriteDocs());
        var list = cli.Run("search", "--json", "auth service ran out of database connections").Json;
        var id = list.GetProperty("hits")[0].GetProperty("id").GetString()!;

        var similar = cli.Run("similar", "--json", id);
        Assert.Equal(0, similar.ExitCode);
        var pool = similar.Json.EnumerateArray().First(h => h.GetProperty("title").GetString()!.StartsWith("Orders API slow", StringComparison.Ordinal));
        Assert.Contains(pool.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("close in meaning", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
