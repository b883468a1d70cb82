using System.Diagnostics;
using System.Globalization;
using PostmortemSearch.Benchmarks.Load;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// <c>seed-store CORPUS.jsonl DB [--docs N]</c>: a store of N peers-corpus postmortems saved through
/// <see cref="PostmortemCatalog.Save"/> in batches of 500 (store commit, then index catch-up and commit, as an import
/// does), then the index merged to one segment — the store that <c>pmsearch search --db DB</c> is timed against.
/// </summary>
public static class SeedStoreCommand
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: seed-store CORPUS.jsonl DB [--docs N]");
            return 2;
        }
        var docs = args.Length >= 4 && args[2] == "--docs" ? int.Parse(args[3], CultureInfo.InvariantCulture) : int.MaxValue;
        var watch = Stopwatch.StartNew();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(args[1]));
        var n = 0;
        foreach (var chunk in LoadCorpus.Read(args[0]).Take(docs).Chunk(500))
        {
            catalog.Save([.. chunk.Select(LoadCorpus.ToPostmortem)], "seed-store");
            n += chunk.Length;
            if (n % 5000 == 0) Console.WriteLine($"[seed-store] {n} saved, {watch.Elapsed.TotalSeconds:F1} s");
        }
        var saved = watch.Elapsed.TotalSeconds;
        catalog.MergeIndex();
        Console.WriteLine($"[seed-store] {n} postmortems saved and indexed in {saved:F1} s ({n / saved:F0}/s); merged to one segment in {watch.Elapsed.TotalSeconds - saved:F1} s");
        return 0;
    }
}
