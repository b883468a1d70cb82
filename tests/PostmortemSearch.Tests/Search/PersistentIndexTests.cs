using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Search;

/// <summary>The on-disk index beside the store: derived data that open finds current, behind, missing or broken, and repairs.</summary>
public sealed class PersistentIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string Db => _dir.File("pm.db");
    private string IndexFolder => PostmortemCatalog.IndexFolder(Db);

    public void Dispose() => _dir.Dispose();

    private PostmortemCatalog Open(IProgress<IndexProgress>? progress = null) =>
        new(PostmortemStore.Open(Db, FixedTime.At(2025, 12, 31)), FixedTime.At(2025, 12, 31), progress: progress);

    private static List<string> Ids(PostmortemCatalog catalog, string query) =>
        [.. catalog.Search(new SearchRequest { Query = query, Limit = 100 }, Caller.Cli).Hits.Select(h => h.Id).Order()];

    private void Seed()
    {
        using var catalog = Open();
        catalog.Save(Some.Corpus(), "test");
    }

    [Fact]
    public void An_index_that_is_current_is_opened_not_rebuilt()
    {
        Seed();
        Assert.True(Directory.Exists(Path.Combine(IndexFolder, "public")));
        var reports = new List<IndexProgress>();
        using var catalog = Open(new Collect(reports));
        Assert.Empty(reports);
        Assert.Equal(catalog.Store.LastChangeSeq(), catalog.Index.CommittedSeq);
        Assert.Equal(0, catalog.CatchUp());
        Assert.Equal(["pm-4"], Ids(catalog, "replication"));
        Assert.Equal(8, catalog.Index.Count);
    }

    [Fact]
    public void A_crash_between_the_store_commit_and_the_index_commit_is_repaired_on_open()
    {
        Seed();
        // The store commits; the process dies before the index is touched: simulated by writing the store alone.
        using (var store = PostmortemStore.Open(Db, FixedTime.At(2025, 12, 31)))
        {
            store.SaveBatch([Some.Postmortem("pm-9", "Kafka consumer lag", "The zookeeper quorum was lost.")], "crashed-import");
            Assert.True(store.Delete("pm-4", "crashed-import"));
            var changed = Some.Postmortem("pm-1", "Checkout latency after deploy", "Retitled: a flamegraph showed it.");
            store.SaveBatch([changed with { Source = changed.Source with { ContentHash = "second-version" } }], "crashed-import");
        }
        var reports = new List<IndexProgress>();
        using var catalog = Open(new Collect(reports));
        Assert.Equal(["pm-9"], Ids(catalog, "zookeeper"));
        Assert.Empty(Ids(catalog, "replication"));
        Assert.Equal(["pm-1"], Ids(catalog, "flamegraph"));
        Assert.Equal(catalog.Store.LastChangeSeq(), catalog.Index.CommittedSeq);
        Assert.DoesNotContain(reports, r => r.Rebuild); // caught up from the change log, not rebuilt
    }

    [Fact]
    public void An_index_deleted_by_hand_is_rebuilt_on_open_with_progress()
    {
        Seed();
        Directory.Delete(IndexFolder, recursive: true);
        var reports = new List<IndexProgress>();
        using var catalog = Open(new Collect(reports));
        Assert.Contains(reports, r => r.Rebuild && r.Done == 8 && r.Total == 8);
        Assert.Equal(["pm-4"], Ids(catalog, "replication"));
        Assert.Equal(catalog.Store.LastChangeSeq(), catalog.Index.CommittedSeq);
    }

    [Fact]
    public void A_corrupt_index_is_wiped_and_rebuilt_on_open()
    {
        Seed();
        foreach (var file in Directory.GetFiles(Path.Combine(IndexFolder, "public"), "segments_*")) File.WriteAllText(file, "not a segments file");
        using var catalog = Open();
        Assert.Equal(["pm-4"], Ids(catalog, "replication"));
    }

    [Fact]
    public void An_index_ahead_of_the_store_is_rebuilt()
    {
        Seed();
        // the store is replaced by an older, smaller one (a restored backup): the index recorded later changes
        foreach (var file in Directory.GetFiles(_dir.Path, "pm.db*")) File.Delete(file);
        using (var store = PostmortemStore.Open(Db)) store.SaveBatch([Some.Postmortem("only", "Lonely incident", "zookeeper")], "restore");
        using var catalog = Open();
        Assert.Equal(["only"], Ids(catalog, "zookeeper"));
        Assert.Empty(Ids(catalog, "replication"));
    }

    [Fact]
    public void A_second_process_reads_the_index_and_catches_up_with_the_writers_commits()
    {
        Seed();
        using var writer = Open();
        using var reader = Open(); // the writer holds the index lock: this one reads its commits
        Assert.True(reader.Index.ReadOnly);
        Assert.Equal(["pm-4"], Ids(reader, "replication"));
        writer.Save([Some.Postmortem("pm-10", "Zookeeper quorum lost", "zookeeper")], "test");
        // every read catches up first (the store's data version moved): no restart, no explicit CatchUp
        Assert.Equal(["pm-10"], Ids(reader, "zookeeper"));
        Assert.True(reader.Index.ReadOnly);
    }

    private sealed class Collect(List<IndexProgress> into) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => into.Add(value);
    }
}
