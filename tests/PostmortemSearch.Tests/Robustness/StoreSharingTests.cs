using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// The CLI writing to a store that a running server holds open: the server catches up from the store's change log
/// (PostmortemCatalog.CatchUp) instead of serving a stale index until restart. Two catalogs over one file, as with two
/// processes; the server is the real host on Kestrel.
/// </summary>
public sealed class StoreSharingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<JsonElement> Search(HttpClient client, string q) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/search?q={Uri.EscapeDataString(q)}", UriKind.Relative));

    /// <summary>Polls for up to ten seconds: "within seconds", without a timed assertion on how fast.</summary>
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }

    [Fact]
    public async Task A_postmortem_the_cli_imports_or_re_marks_restricted_while_serve_runs_shows_in_the_servers_search_without_a_restart()
    {
        var database = _dir.File("pm.db");
        var cli = new CliRunner(_dir.Path, database);
        _dir.Write("in/first.md", Docs.Postmortem("Checkout certificate expiry"));
        Assert.Equal(0, cli.Run("import", "in").ExitCode);
        await using var server = await KestrelHost.StartAsync(database, apiKeys: ApiHost.Keys);
        var http = server.Client("reader-key-1"); // no restricted scope
        Assert.Equal(1, (await Search(http, "certificate")).GetProperty("total").GetInt32());

        // Another process imports: the server's search finds it.
        _dir.Write("in/second.md", Docs.Postmortem("Payments gateway kafka lag", service: "payments-gateway").Replace("certificate expired on the load balancer", "kafka consumer lagged behind", StringComparison.Ordinal));
        Assert.Equal(0, cli.Run("import", "in").ExitCode);
        Assert.True(await Eventually(async () => (await Search(http, "kafka")).GetProperty("total").GetInt32() == 1), "the server never saw the CLI's import");

        // Another process re-marks the first restricted: its title and snippet leave the open search.
        _dir.Write("in/first.md", Docs.Postmortem("Checkout certificate expiry", restricted: true));
        Assert.Equal(0, cli.Run("import", "in").ExitCode);
        Assert.True(await Eventually(async () => !(await Search(http, "certificate")).GetRawText().Contains("Checkout certificate expiry", StringComparison.Ordinal)),
            "the server still shows a postmortem the CLI re-marked restricted");
        var list = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/postmortems", UriKind.Relative));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }
}
