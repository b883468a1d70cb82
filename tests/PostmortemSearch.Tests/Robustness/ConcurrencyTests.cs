using System.Collections.Concurrent;
using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>Searches answer exactly while an import runs; two importers on one store file both land (or one is refused cleanly).</summary>
[Collection(RunsAlone.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<Postmortem> Read(string batch, int from, int count, string shared) =>
        [.. Enumerable.Range(from, count).SelectMany(n =>
            new Importer().ReadFile(new SourceFile($"{batch}/{n}.md", Encoding.UTF8.GetBytes(Generated.Markdown(batch, n, shared)))).Single().Postmortems)];

    [Fact]
    public void Searches_answer_exactly_while_batches_are_imported()
    {
        var batches = Robust.Size(20, 80);
        const int perBatch = 25;
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(_dir.File("live.db")), FixedTime.At(2025, 12, 31));
        var existing = Read("aa", 0, 30, "preexistingword");
        catalog.Save(existing, "seed");
        var expected = existing.Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        var incoming = Enumerable.Range(0, batches).Select(b => Read("bb", b * perBatch, perBatch, "incomingword")).ToList();

        var errors = new ConcurrentQueue<string>();
        var done = 0;
        var (searches, newFound) = (0L, 0L);
        var importer = new Thread(() =>
        {
            try
            {
                foreach (var batch in incoming) catalog.Save(batch, "importer");
            }
            catch (Exception e) { errors.Enqueue("importer: " + e); }
            finally { Volatile.Write(ref done, 1); }
        });
        var searchers = Enumerable.Range(0, 3).Select(s => new Thread(() =>
        {
            var random = new Random(s);
            try
            {
                // Run at least a few rounds even if the importer finishes first.
                for (var round = 0; Volatile.Read(ref done) == 0 || round < 20; round++)
                {
                    var old = catalog.Search(new SearchRequest { Query = "preexistingword", Limit = 100 }, Caller.Cli);
                    var ids = old.Hits.Select(h => h.Id).Order(StringComparer.Ordinal).ToList();
                    if (old.Total != expected.Count || !ids.SequenceEqual(expected)) errors.Enqueue($"pre-existing search gave {old.Total} hit(s)");

                    var n = random.Next(batches * perBatch);
                    var found = catalog.Search(new SearchRequest { Query = Generated.Token("bb", n) }, Caller.Cli);
                    if (found.Total > 1) errors.Enqueue($"token {n} found {found.Total} documents");
                    if (found.Total == 1)
                    {
                        Interlocked.Increment(ref newFound);
                        var whole = catalog.Get(found.Hits[0].Id, Caller.Cli);
                        if (whole is null) errors.Enqueue($"{found.Hits[0].Id} is in the index but Get returned nothing");
                        else if (whole.ActionItems.Count != Generated.ActionItemsPerDoc || whole.Timeline.Count != Generated.TimelinePerDoc)
                            errors.Enqueue($"{whole.Id} found with {whole.ActionItems.Count} action items and {whole.Timeline.Count} timeline entries");
                    }
                    Interlocked.Increment(ref searches);
                }
            }
            catch (Exception e) { errors.Enqueue($"searcher {s}: {e}"); }
        })).ToList();

        importer.Start();
        searchers.ForEach(t => t.Start());
        importer.Join();
        searchers.ForEach(t => t.Join());
        output.WriteLine($"{batches * perBatch} imported in {batches} batches while {searches} search rounds ran ({newFound} found a new document)");

        Assert.Empty(errors);
        Assert.Equal(30 + (batches * perBatch), catalog.Store.Count());
        Assert.Equal(batches * perBatch, catalog.Search(new SearchRequest { Query = "incomingword", Limit = 1 }, Caller.Cli).Total);
    }

    [Fact]
    public void Two_stores_on_one_file_saving_at_once_both_land()
    {
        var path = _dir.File("shared.db");
        var left = Read("cc", 0, 200, "leftword");
        var right = Read("dd", 0, 200, "rightword");
        using var one = PostmortemStore.Open(path);
        using var two = PostmortemStore.Open(path);
        var failures = new ConcurrentQueue<Exception>();
        using var start = new Barrier(2);
        void Save(PostmortemStore store, List<Postmortem> docs)
        {
            try
            {
                start.SignalAndWait();
                foreach (var chunk in docs.Chunk(20)) store.SaveBatch(chunk, "writer");
            }
            catch (Exception e) { failures.Enqueue(e); }
        }
        var threads = new[] { new Thread(() => Save(one, left)), new Thread(() => Save(two, right)) };
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        Assert.Empty(failures);
        Assert.Equal("ok", StoreProbe.IntegrityCheck(path));
        Assert.Equal(left.Concat(right).Select(p => p.Id + "=" + p.Source.ContentHash).Order(StringComparer.Ordinal), StoreProbe.IdsAndHashes(path));
        Assert.Empty(StoreProbe.HalfWritten(path));
    }

    [Fact]
    public void Two_pmsearch_imports_at_once_on_one_store_both_complete_or_one_is_refused_cleanly()
    {
        var count = Robust.Size(300, 1_500);
        var db = _dir.File("two.db");
        Generated.WriteFolder(_dir.File("first"), "aa", 10, "firstbatch");
        Assert.Equal(0, new CliRunner(_dir.Path, db).Run("import", "first").ExitCode);
        var before = StoreProbe.IdsAndHashes(db);
        Generated.WriteFolder(_dir.File("left"), "ee", count, "leftword");
        Generated.WriteFolder(_dir.File("right"), "ff", count, "rightword");
        SortedSet<string> Expected(string folder) =>
            new(new Importer().ReadPaths([_dir.File(folder)], _dir.Path).SelectMany(o => o.Postmortems).Select(p => p.Id + "=" + p.Source.ContentHash), StringComparer.Ordinal);

        using var a = ChildCli.Start(_dir.Path, "import", "left", "--db", db);
        using var b = ChildCli.Start(_dir.Path, "import", "right", "--db", db);
        Assert.True(a.WaitForExit(TimeSpan.FromMinutes(2)) && b.WaitForExit(TimeSpan.FromMinutes(2)), "an import hung");
        var (errorsA, errorsB) = (ChildCli.ErrorsOf(a), ChildCli.ErrorsOf(b));
        output.WriteLine($"left: exit {a.ExitCode} {errorsA}; right: exit {b.ExitCode} {errorsB}");

        Assert.True(a.ExitCode == 0 || b.ExitCode == 0, "both imports failed");
        foreach (var (child, errors) in new[] { (a, errorsA), (b, errorsB) })
        {
            Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
            if (child.ExitCode != 0) Assert.Contains("pmsearch:", errors, StringComparison.Ordinal);
        }
        Assert.Equal("ok", StoreProbe.IntegrityCheck(db));
        var expected = new SortedSet<string>(before, StringComparer.Ordinal);
        if (a.ExitCode == 0) expected.UnionWith(Expected("left"));
        if (b.ExitCode == 0) expected.UnionWith(Expected("right"));
        Assert.Equal(expected, StoreProbe.IdsAndHashes(db));
        Assert.Empty(StoreProbe.HalfWritten(db));
    }
}
