using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Analytics;

public sealed class FactorAnalyticsTests
{
    private static void Import(PostmortemCatalog catalog, string name, string markdown) =>
        ImportBatch.Save(catalog, [.. new Importer().ReadFile(new SourceFile(name, Encoding.UTF8.GetBytes(markdown)))], "test");

    [Fact]
    public void In_the_background_an_import_never_waits_for_clustering_and_the_last_result_is_served_with_its_age()
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("store.db")));
        catalog.Factors.Background = true;
        Import(catalog, "a.md", CurationTests.Documents[0].Markdown);
        var first = catalog.Analytics(Caller.Cli);
        Assert.False(first.Stale);

        Import(catalog, "b.md", CurationTests.Documents[1].Markdown);
        var served = catalog.Analytics(Caller.Cli);
        Assert.True(served.Stale || served.Postmortems.Count == 2);


        var deadline = Environment.TickCount64 + 60_000;
        while (catalog.Analytics(Caller.Cli) is { Stale: true } && Environment.TickCount64 < deadline) Thread.Sleep(100);
        var fresh = catalog.Analytics(Caller.Cli);
        Assert.False(fresh.Stale);
        Assert.Equal(2, fresh.Postmortems.Count);
    }

    [Fact]
    public void Statement_vectors_are_stored_at_import_and_caught_up_from_the_change_log()
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("store.db")));
        Import(catalog, "a.md", CurationTests.Documents[0].Markdown);
        catalog.Factors.CatchUpVectors();
        var model = catalog.Factors.Embedding!.ModelId;
        var stored = catalog.Store.StatementVectors(model);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, v => Assert.Equal(384, v.Vector.Length));

        Assert.Equal(0, catalog.Factors.CatchUpVectors());
        var id = stored[0].PostmortemId;
        catalog.Delete(id, "test");
        catalog.Factors.CatchUpVectors();
        Assert.Empty(catalog.Store.StatementVectors(model));
    }
}
