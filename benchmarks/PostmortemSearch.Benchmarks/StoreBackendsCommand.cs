using System.Diagnostics;
using System.Globalization;
using System.Text;
using PostmortemSearch.Benchmarks.Load;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// <c>store-backends --postgres postgresql://…/EMPTY_DB [--docs 20000] [--batch 500] [--queries 2000] [--out FILE.md]</c>:
/// the same seeded corpus (shared/peers/make_corpus.py) into SQLite and into PostgreSQL, measuring what differs
/// between the backends — import throughput (one transaction per batch), index build from the store, read by id,
/// a replica's catch-up of one change — and search latency (which both answer from the local index).
/// </summary>
internal static class StoreBackendsCommand
{
    public static int Run(string[] args)
    {
        string? postgres = null, outPath = null, corpus = null;
        int docs = 20_000, batch = 500, queries = 2_000;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--postgres": postgres = Next(); break;
                case "--docs": docs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--queries": queries = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--corpus": corpus = Next(); break;
                case "--out": outPath = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (postgres is null) throw new ArgumentException("--postgres postgresql://user:password@host:5432/EMPTY_DB is required");

        var work = Directory.CreateTempSubdirectory("pmsearch-store-bench");
        try
        {
            if (corpus is null)
            {
                corpus = Path.Combine(work.FullName, "corpus.jsonl");
                LoadCorpus.Generate(LoadCorpus.FindGenerator() ?? throw new FileNotFoundException("shared/peers/make_corpus.py not found; pass --corpus"), docs, 42, corpus);
            }
            var postmortems = LoadCorpus.Read(corpus).Take(docs).Select(LoadCorpus.ToPostmortem).ToList();
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Store backends: SQLite vs PostgreSQL at {postmortems.Count:N0} postmortems");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/PostmortemSearch.Benchmarks -- store-backends --docs {docs} --batch {batch} --queries {queries} --postgres postgresql://…`, {Environment.ProcessorCount} cores, corpus make_corpus.py --seed 42; PostgreSQL {ServerVersion(postgres)} on loopback (the .ci/postgres throwaway cluster: fsync off); SQLite WAL, synchronous=NORMAL.");
            report.AppendLine();
            report.AppendLine("| backend | import (docs/s, batches of " + batch + ") | index build from store | get by id p50 / p99 | replica catch-up of 1 change | search p50 / p95 / p99 |");
            report.AppendLine("|---|---|---|---|---|---|");
            var sqliteFile = Path.Combine(work.FullName, "bench.db");
            report.AppendLine(Measure("SQLite", () => PostmortemStore.Open(sqliteFile), postmortems, batch, queries, Path.Combine(work.FullName, "sqlite")));
            report.AppendLine(Measure("PostgreSQL", () => PostgresPostmortemStore.Open(postgres), postmortems, batch, queries, Path.Combine(work.FullName, "postgres")));
            Console.WriteLine(report);
            if (outPath is not null) File.WriteAllText(outPath, report.ToString());
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Each catalog keeps its own index under <paramref name="indexRoot"/> (as each replica does), so the build is from the store.</summary>
    private static string Measure(string name, Func<IPostmortemStore> open, List<Postmortem> postmortems, int batch, int queries, string indexRoot)
    {
        Console.Error.WriteLine($"{name}: importing {postmortems.Count:N0}…");
        var importWatch = Stopwatch.StartNew();
        using (var store = open())
        {
            if (store.Count() > 0) throw new InvalidOperationException($"{store.Location} is not empty");
            foreach (var chunk in postmortems.Chunk(batch)) store.SaveBatch(chunk, "bench");
        }
        var importRate = postmortems.Count / importWatch.Elapsed.TotalSeconds;

        Console.Error.WriteLine($"{name}: building the index from the store…");
        using var catalog = new PostmortemCatalog(open(), indexFolder: Path.Combine(indexRoot, "first"));
        var build = catalog.IndexBuildTime;

        var ids = postmortems.Select(p => p.Id).ToArray();
        var gets = Time(2_000, i => catalog.Store.Get(ids[(i * 7919) % ids.Length]));

        // A second catalog is a second replica: one change written by the first, applied by the second.
        using var replica = new PostmortemCatalog(open(), indexFolder: Path.Combine(indexRoot, "second"));
        var catchUps = Time(50, i =>
        {
            var p = postmortems[i];
            catalog.Save([p with { Summary = $"{p.Summary} (edit {i})", Source = p.Source with { ContentHash = p.Source.ContentHash + "-" + i.ToString(CultureInfo.InvariantCulture) } }], "bench");
            replica.CatchUp();
        });

        var searches = Time(queries, i => catalog.Search(new SearchRequest { Query = LoadQueries.Default[i % LoadQueries.Default.Length] }, Caller.Cli));
        return $"| {name} | {importRate:N0} | {build.TotalSeconds:0.0} s | {Ms(gets, 50)} / {Ms(gets, 99)} ms | {Ms(catchUps, 50)} ms (p50, incl. the write) | {Ms(searches, 50)} / {Ms(searches, 95)} / {Ms(searches, 99)} ms |";
    }

    /// <summary>Runs <paramref name="action"/> n times after 20 warm-up calls (indices n.., so they never repeat a measured one); sorted milliseconds.</summary>
    private static List<double> Time(int n, Action<int> action)
    {
        for (var i = 0; i < 20; i++) action(n + i);
        var times = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var watch = Stopwatch.StartNew();
            action(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static string Ms(List<double> sorted, int percentile) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)].ToString("0.00", CultureInfo.InvariantCulture);

    private static string ServerVersion(string address)
    {
        using var source = Npgsql.NpgsqlDataSource.Create(PostgresAddress.Parse(address));
        using var command = source.CreateCommand("SHOW server_version");
        return command.ExecuteScalar() as string ?? "?";
    }
}
