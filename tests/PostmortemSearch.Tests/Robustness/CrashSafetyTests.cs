using System.Diagnostics;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// <c>pmsearch import</c> killed with SIGKILL at seeded random moments: the store reopens sound and holds exactly
/// the state before the batch or exactly the state after it, never a half-imported postmortem, and a fresh catalog
/// finds every stored postmortem.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Import_killed_at_random_points_leaves_the_store_before_or_after_the_batch()
    {
        var batchSize = Robust.Size(1_000, 3_000);
        var kills = Robust.Size(5, 20);
        var random = new Random(20251231);

        // A store that already holds a known first batch, kept as a pristine single-file copy.
        Generated.WriteFolder(_dir.File("first"), "aa", 40, "firstbatch");
        var seeded = _dir.File("seeded.db");
        Assert.Equal(0, new CliRunner(_dir.Path, seeded).Run("import", "first").ExitCode);
        var pristine = _dir.File("pristine.db");
        using (var store = PostmortemStore.Open(seeded)) store.Backup(pristine);
        var before = StoreProbe.IdsAndHashes(pristine);

        Generated.WriteFolder(_dir.File("big"), "bb", batchSize, "bigbatch");
        var expectedNew = new Importer().ReadPaths([_dir.File("big")], _dir.Path).SelectMany(o => o.Postmortems).Select(p => p.Id + "=" + p.Source.ContentHash);
        var after = new SortedSet<string>(before.Concat(expectedNew), StringComparer.Ordinal);
        Assert.Equal(before.Count + batchSize, after.Count);

        // Calibration: one uninterrupted run says how long an import takes and that it ends in the "after" state.
        var calibration = Fresh("calibration.db", pristine);
        var watch = Stopwatch.StartNew();
        using (var child = ChildCli.Start(_dir.Path, "import", "big", "--db", calibration))
        {
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)), "the uninterrupted import did not finish");
            Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}: {ChildCli.ErrorsOf(child)}");
        }
        var full = watch.Elapsed;
        Assert.Equal(after, Verify(calibration, before, after));
        output.WriteLine($"{batchSize:N0} postmortems over {before.Count}: uninterrupted import {full.TotalSeconds:0.0} s");

        var outcomes = new List<string>();
        for (var run = 0; run < kills; run++)
        {
            var db = Fresh($"kill-{run}.db", pristine);
            using var child = ChildCli.Start(_dir.Path, "import", "big", "--db", db);
            string when;
            bool exited;
            if (run % 3 != 1)
            {
                // At a random moment: 30–105 % of a full run (mostly while reading), or 85–105 % (around the commit).
                var delay = full * (run % 3 == 0 ? 0.3 + (0.75 * random.NextDouble()) : 0.85 + (0.2 * random.NextDouble()));
                when = $"at {delay.TotalMilliseconds:0} ms";
                exited = child.WaitForExit(delay);
            }
            else
            {
                // Inside the save transaction: once the write-ahead log has grown past a random size.
                var walBytes = random.Next(16 * 1024, 4 * 1024 * 1024);
                when = $"with the WAL past {walBytes / 1024} KB";
                while (!(exited = child.HasExited) && !(File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > walBytes)) Thread.Sleep(1);
            }
            if (!exited) child.Kill(entireProcessTree: true);
            child.WaitForExit();
            var state = Verify(db, before, after);
            var label = exited ? "finished first" : state.SetEquals(before) ? "killed → before" : "killed → after";
            outcomes.Add(label);
            output.WriteLine($"run {run}: kill {when}: {label}");
        }
        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}")));
    }

    private string Fresh(string name, string pristine)
    {
        var path = _dir.File(name);
        File.Copy(pristine, path);
        return path;
    }

    /// <summary>Reopens the store as the service would and checks it; returns its (id=hash) set.</summary>
    private static SortedSet<string> Verify(string db, SortedSet<string> before, SortedSet<string> after)
    {
        using (var store = PostmortemStore.Open(db)) Assert.Equal("ok", store.IntegrityCheck());
        Assert.Equal("ok", StoreProbe.IntegrityCheck(db));
        var state = StoreProbe.IdsAndHashes(db);
        Assert.True(state.SetEquals(before) || state.SetEquals(after),
            $"{db} holds {state.Count} postmortems: neither the {before.Count} before nor the {after.Count} after the batch");
        Assert.Empty(StoreProbe.HalfWritten(db));

        using var catalog = new PostmortemCatalog(PostmortemStore.Open(db));
        foreach (var postmortem in catalog.All(Caller.Cli))
        {
            var token = postmortem.Title.Split(' ')[1];
            var results = catalog.Search(new SearchRequest { Query = token, Limit = 5 }, Caller.Cli);
            Assert.True(results.Total == 1 && results.Hits[0].Id == postmortem.Id, $"searching '{token}' found {results.Total} hit(s), not {postmortem.Id}");
        }
        return state;
    }
}
