using System.Net.Http.Json;
using System.Text.Json;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>One unreadable row, or a store from a newer version, never makes the store unusable: skipped, named, reported.</summary>
public sealed class DamagedStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;
    private readonly string _database;

    public DamagedStoreTests()
    {
        _database = _dir.File("pm.db");
        _cli = new CliRunner(_dir.Path, _database);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Imports two postmortems and damages the JSON of the first; returns (damaged id, good id).</summary>
    private (string Damaged, string Good) TwoWithOneDamaged()
    {
        _dir.Write("in/a.md", Docs.Postmortem("Damaged one"));
        _dir.Write("in/b.md", Docs.Postmortem("Good one", service: "payments-gateway"));
        var rows = _cli.Run("import", "in", "--json").Json.EnumerateArray().ToList();
        var damaged = rows.Single(r => r.GetProperty("title").GetString() == "Damaged one").GetProperty("id").GetString()!;
        var good = rows.Single(r => r.GetProperty("title").GetString() == "Good one").GetProperty("id").GetString()!;
        StoreDamage.BreakJson(_database, damaged);
        return (damaged, good);
    }

    [Fact]
    public void List_search_export_and_import_skip_a_damaged_row_and_name_it()
    {
        var (damaged, good) = TwoWithOneDamaged();

        var list = _cli.Run("list");
        Assert.Equal(1, list.ExitCode);
        Assert.Contains(good, list.Out, StringComparison.Ordinal);
        Assert.Contains(damaged, list.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", list.Error, StringComparison.Ordinal);

        var search = _cli.Run("search", "certificate", "--json");
        Assert.Equal(0, search.ExitCode);
        Assert.Equal(good, Assert.Single(search.Json.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());

        var export = _cli.Run("export");
        Assert.Equal(1, export.ExitCode);
        var line = Assert.Single(export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(good, line, StringComparison.Ordinal);
        Assert.Contains(damaged, export.Error, StringComparison.Ordinal);

        _dir.Write("more/c.md", Docs.Postmortem("Third one", service: "orders-api"));
        var import = _cli.Run("import", "more", "--json");
        Assert.Equal(0, import.ExitCode);
        Assert.Equal("imported", Assert.Single(import.Json.EnumerateArray()).GetProperty("status").GetString());

        var show = _cli.Run("show", damaged);
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("cannot be read", show.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_starts_on_a_damaged_store_and_health_says_degraded()
    {
        var (damaged, good) = TwoWithOneDamaged();

        await using var server = await KestrelHost.StartAsync(_database);
        var http = server.Client();
        var health = await http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));
        var list = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/postmortems", UriKind.Relative));
        var one = await http.GetAsync(new Uri($"/api/postmortems/{damaged}", UriKind.Relative));
        var delete = await http.DeleteAsync(new Uri($"/api/postmortems/{damaged}", UriKind.Relative));

        Assert.Equal("degraded: 1 unreadable", health.GetProperty("status").GetString());
        Assert.Equal(good, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, one.StatusCode);
        Assert.Contains("cannot be read", await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public void A_store_written_by_a_newer_schema_is_a_one_line_message()
    {
        _dir.Write("in/a.md", Docs.Postmortem("Any"));
        _cli.Run("import", "in");
        StoreDamage.SetSchemaVersion(_database, 99);

        foreach (var verb in new[] { "list", "export", "search" })
        {
            var result = verb == "search" ? _cli.Run(verb, "x") : _cli.Run(verb);
            Assert.Equal(1, result.ExitCode);
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("newer PostmortemSearch", line, StringComparison.Ordinal);
        }
    }
}
