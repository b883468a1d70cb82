using BenchmarkDotNet.Attributes;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// What every read pays for noticing another process's writes (PostmortemCatalog.CatchUp: one indexed MAX(seq) on
/// the change log when nothing changed), next to a get by id that includes it, and catching up on 100 changed rows.
/// A 1,000-postmortem SQLite store in a temp folder: the cost does not depend on the store's size (primary-key lookups).
/// </summary>
[MemoryDiagnoser]
public class CatchUpBenchmarks
{
    private string _folder = "";
    private PostmortemCatalog _catalog = null!;
    private PostmortemStore _writer = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pmsearch-catchup-" + Guid.NewGuid().ToString("N")[..8]);
        var file = Path.Combine(_folder, "pm.db");
        _writer = PostmortemStore.Open(file);
        _writer.SaveBatch([.. Enumerable.Range(0, 1000).Select(i => Make(i, 0))], "bench");
        _catalog = new PostmortemCatalog(PostmortemStore.Open(file));
    }

    private static Postmortem Make(int i, int round) => new()
    {
        Id = $"pm-{i:D6}",
        Title = $"Checkout certificate expiry {i} round {round}",
        Summary = "checkout-api returned 502 errors after a certificate expired on the load balancer",
        Source = new SourceInfo { Kind = SourceKinds.JsonLines, Path = $"bench/{i}.jsonl", ContentHash = $"{i}-{round}" },
    };

    [Benchmark(Description = "CatchUp, nothing changed")]
    public void CatchUpNoChange() => _catalog.CatchUp();

    [Benchmark(Description = "Get by id (includes CatchUp)")]
    public string? GetById() => _catalog.Get("pm-000500", Caller.Cli)?.Title;

    [Benchmark(Description = "another process saves 100, then CatchUp")]
    public void CatchUpAfterHundredWrites()
    {
        _round++;
        _writer.SaveBatch([.. Enumerable.Range(0, 100).Select(i => Make(i, _round))], "bench");
        _catalog.CatchUp();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _catalog.Dispose();
        _writer.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
