using System.Diagnostics;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// <c>pmsearch import</c> into a store that cannot grow (<c>PMSEARCH_MAX_STORE_MB</c>, which SQLite reports exactly as a
/// full disk): one line that says so, exit 1, and what was stored before is intact.
/// </summary>
public sealed class StoreFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Error) Run(string? maxMb, params string[] args)
    {
        var info = ChildCli.Info(_dir.Path, args);
        if (maxMb is null) info.Environment.Remove(PostmortemStore.MaxSizeVariable);
        else info.Environment[PostmortemStore.MaxSizeVariable] = maxMb;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pmsearch {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void An_import_that_fills_the_store_says_so_in_one_line_and_keeps_what_was_stored()
    {
        _dir.Write("first/kept.md", Docs.Postmortem("Checkout certificate expired"));
        var words = string.Join(' ', Enumerable.Range(0, 300_000).Select(i => $"w{i:x}"));
        _dir.Write("second/a.md", Docs.Postmortem("Orders queue backlog", service: "orders"));
        _dir.Write("second/big.md", Docs.Postmortem("Queue backlog after deploy", service: "orders").Replace("certificate expired on the load balancer", words, StringComparison.Ordinal));
        Assert.Equal(0, Run("1", "import", "--db", "pm.db", "first").Code);

        var full = Run("1", "import", "--db", "pm.db", "second");

        Assert.Equal(1, full.Code);
        var lines = full.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines, l => l.StartsWith("pmsearch:", StringComparison.Ordinal));
        Assert.Contains("the store's disk is full", line, StringComparison.Ordinal);
        Assert.Contains("nothing from this command was saved", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Error, StringComparison.Ordinal);
        var list = Run(null, "list", "--db", "pm.db", "--json");
        Assert.Equal(0, list.Code);
        Assert.Contains("Checkout certificate expired", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Orders queue backlog", list.Out, StringComparison.Ordinal);   // the batch is all or nothing
        Assert.Equal(0, Run(null, "import", "--db", "pm.db", "second").Code);           // without the cap it all fits

        var bad = Run("lots", "list", "--db", "pm.db");
        Assert.Equal(2, bad.Code);
        Assert.Contains("PMSEARCH_MAX_STORE_MB=lots is not a size in MB", bad.Error, StringComparison.Ordinal);
    }
}
