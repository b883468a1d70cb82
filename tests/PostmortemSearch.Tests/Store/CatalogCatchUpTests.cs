using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>
/// <see cref="PostmortemCatalog.CatchUp"/>: a catalog applies what another writer (process, replica) put in the change
/// log — imports, updates, re-classification, deletes — to its own index. Two catalogs on one SQLite file stand in for
/// two replicas here; ReplicaTests runs the same with two processes on PostgreSQL.
/// </summary>
public sealed class CatalogCatchUpTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PostmortemCatalog _writer;
    private readonly PostmortemCatalog _follower;

    public CatalogCatchUpTests()
    {
        _writer = new PostmortemCatalog(PostmortemStore.Open(_dir.File("pm.db")));
        // a replica keeps its own index (as on PostgreSQL): the follower catches up from the change log into its own folder
        _follower = new PostmortemCatalog(PostmortemStore.Open(_dir.File("pm.db")), indexFolder: _dir.File("follower.index"));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _follower.Dispose();
        _dir.Dispose();
    }

    private static readonly Caller Reader = new("reader", CanSeeRestricted: false);

    private static int Hits(PostmortemCatalog catalog, string query, Caller? caller = null) =>
        catalog.Search(new SearchRequest { Query = query }, caller ?? Caller.Cli).Total;

    [Fact]
    public void Imports_updates_reclassification_and_deletes_by_another_writer_reach_the_index_on_catch_up()
    {
        var p = Some.FromMarkdown("# Disk full\n## Summary\nThe zebrafish volume filled up.\n", "a.md");
        _writer.Save([p with { Source = p.Source with { ContentHash = "h1" } }], "t");
        Assert.Equal(1, _follower.CatchUp());
        Assert.Equal(1, Hits(_follower, "zebrafish"));
        Assert.Equal(_writer.Store.LastChangeSeq(), _follower.AppliedSeq);
        Assert.Equal(0, _follower.CatchUp());

        var restricted = p with { Restricted = true, Source = p.Source with { ContentHash = "h2" } };
        _writer.Save([restricted], "t");
        _follower.CatchUp();
        Assert.Equal((0, 1), (Hits(_follower, "zebrafish", Reader), Hits(_follower, "zebrafish")));

        _writer.Delete(p.Id, "t");
        _follower.CatchUp();
        Assert.Equal(0, Hits(_follower, "zebrafish"));
        Assert.Empty(_follower.All(Caller.Cli));
    }

    [Fact]
    public void Catch_up_applies_the_log_and_reports_progress_up_to_the_last_change()
    {
        var batch = Enumerable.Range(0, 2_500).Select(i => Some.FromMarkdown($"# Outage {i}\n## Summary\nNumber {i} broke.\n", $"p{i}.md")).ToList();
        _writer.Save(batch, "t");
        var reports = new CollectingProgress();
        Assert.Equal(2_500, _follower.CatchUp(reports));
        Assert.NotEmpty(reports.Values);
        Assert.Equal(2_500, reports.Values[^1].Done);
        Assert.Equal(_writer.Store.LastChangeSeq(), _follower.AppliedSeq);
        Assert.Equal(2_500, _follower.Index.Count);
    }

    /// <summary>Progress reported synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class CollectingProgress : IProgress<IndexProgress>
    {
        public List<IndexProgress> Values { get; } = [];
        public void Report(IndexProgress value) => Values.Add(value);
    }

    [Fact]
    public void Reads_of_a_follower_catch_up_first_and_analytics_are_recomputed_for_another_writers_change()
    {
        var first = _follower.Analytics(Caller.Cli);
        Assert.Same(first, _follower.Analytics(Caller.Cli));
        _writer.Save([Some.FromMarkdown("# Cert expired\n## Root cause\nThe zebrafish TLS certificate expired.\n", "c.md")], "t");
        Assert.Equal(1, Hits(_follower, "zebrafish"));
        Assert.Equal(0, _follower.CatchUp());
        Assert.Single(_follower.Analytics(Caller.Cli).Postmortems);
    }
}
