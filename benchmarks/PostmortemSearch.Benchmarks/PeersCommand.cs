using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// Runs the peers benchmark contract (../shared/peers/README.md) for this project's index: load, build (timed),
/// warm-up rounds, timed rounds of query string → top-k ids on one thread, then OUT.json in the peers layout.
/// </summary>
public static class PeersCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: peers CORPUS.jsonl QUERIES.txt OUT.json [--iters N=50] [--warmup N=3] [--topk K=10] [--max-seconds S]");
            return 2;
        }
        var (corpusPath, queriesPath, outPath) = (args[0], args[1], args[2]);
        int iters = 50, warmup = 3, topk = 10;
        double maxSeconds = 0;
        for (var i = 3; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            switch (args[i])
            {
                case "--iters": iters = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--topk": topk = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--max-seconds": maxSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var sw = Stopwatch.StartNew();
        var (docs, textBytes) = PeersCorpus.Load(corpusPath);
        var queries = File.ReadAllLines(queriesPath).Where(l => l.Trim().Length > 0).ToList();
        var loadSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"[project] loaded {docs.Count} docs ({textBytes / 1e6:F1} MB text) and {queries.Count} queries in {loadSeconds:F2}s");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        sw.Restart();
        var index = new SearchIndex();
        index.BuildDocuments(docs.Select(d => DocRecord.FromText(d.Id, d.Title, d.Body)).ToList());
        var indexSeconds = sw.Elapsed.TotalSeconds;
        var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        const int segments = 1; // BuildDocuments merges to one segment (counted in the index time)
        Console.WriteLine($"[project] indexed {docs.Count} docs in {indexSeconds:F2}s: {docs.Count / indexSeconds:F0} docs/s, {textBytes / 1e6 / indexSeconds:F2} MB/s, index {indexBytes} bytes (managed heap delta, text kept by reference)");

        long sink = 0;
        for (var w = 0; w < warmup; w++)
            foreach (var q in queries) sink += index.TopIds(q, topk).Count;

        var lat = new long[queries.Count][];
        for (var qi = 0; qi < queries.Count; qi++) lat[qi] = new long[iters];
        var rounds = 0;
        var wall = Stopwatch.StartNew();
        for (var r = 0; r < iters; r++)
        {
            for (var qi = 0; qi < queries.Count; qi++)
            {
                var a = Stopwatch.GetTimestamp();
                var ids = index.TopIds(queries[qi], topk);
                lat[qi][r] = Stopwatch.GetTimestamp() - a;
                sink += ids.Count;
            }
            rounds++;
            if (maxSeconds > 0 && wall.Elapsed.TotalSeconds >= maxSeconds) break;
        }
        var wallSeconds = wall.Elapsed.TotalSeconds;

        double Us(long ticks) => Math.Round(ticks * 1e6 / Stopwatch.Frequency, 1);
        var all = new List<long>();
        var perQuery = new List<Dictionary<string, object?>>();
        long total = 0;
        for (var qi = 0; qi < queries.Count; qi++)
        {
            var l = lat[qi][..rounds];
            Array.Sort(l);
            all.AddRange(l);
            total += l.Sum();
            var top = index.TopIds(queries[qi], topk);
            perQuery.Add(new()
            {
                ["query"] = queries[qi],
                ["parsed"] = string.Join(' ', [index.Explain(queries[qi])]),
                ["hits"] = index.CountMatches(queries[qi]),
                ["p50_us"] = Us(Percentile(l, 50)),
                ["p95_us"] = Us(Percentile(l, 95)),
                ["p99_us"] = Us(Percentile(l, 99)),
                ["mean_us"] = Us(rounds == 0 ? 0 : l.Sum() / rounds),
                ["top"] = top.Select(t => t.Id).ToList(),
                ["scores"] = top.Select(t => Math.Round(t.Score, 3)).ToList(),
            });
        }
        var sorted = all.ToArray();
        Array.Sort(sorted);
        var samples = sorted.Length;
        var qps = samples / wallSeconds;
        var output = new Dictionary<string, object?>
        {
            ["engine"] = "project",
            ["engine_version"] = "PostmortemSearch SearchIndex on Lucene.Net 4.8.0-beta00018",
            ["runtime"] = $".NET {Environment.Version}",
            ["corpus"] = corpusPath,
            ["queries_file"] = queriesPath,
            ["config"] = new Dictionary<string, object?>
            {
                ["analyzer"] = "project Analyzer on Lucene.Net.Analysis.Common (standard tokenizer, possessive, lower case, ASCII folding, plurals, ops synonyms, stop words, Porter)",
                ["similarity"] = "Lucene BM25 k1=1.2 b=0.75 per field, title boost 1.5, body (summary) boost 1.2; one flat OR of term queries; in-memory RAMDirectory, merged to 1 segment",
                ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
                ["topk"] = topk,
                ["pruning"] = "none (Lucene 4.8 BooleanScorer)",
                ["timed_unit"] = "parse + analyze + top-k + id lookup",
                ["index_bytes_note"] = "managed heap delta of the index (RAMDirectory holds the index files, stored text included)",
            },
            ["index"] = new Dictionary<string, object?>
            {
                ["docs"] = docs.Count,
                ["corpus_file_bytes"] = new FileInfo(corpusPath).Length,
                ["text_bytes"] = textBytes,
                ["load_seconds"] = Math.Round(loadSeconds, 3),
                ["seconds"] = Math.Round(indexSeconds, 3),
                ["docs_per_sec"] = Math.Round(docs.Count / indexSeconds, 1),
                ["mb_per_sec"] = Math.Round(textBytes / 1e6 / indexSeconds, 3),
                ["index_bytes"] = indexBytes,
                ["segments"] = segments,
            },
            ["search"] = new Dictionary<string, object?>
            {
                ["queries"] = queries.Count,
                ["iterations"] = rounds,
                ["iterations_requested"] = iters,
                ["warmup_rounds"] = warmup,
                ["samples"] = samples,
                ["wall_seconds"] = Math.Round(wallSeconds, 3),
                ["qps"] = Math.Round(qps, 1),
                ["p50_us"] = Us(Percentile(sorted, 50)),
                ["p95_us"] = Us(Percentile(sorted, 95)),
                ["p99_us"] = Us(Percentile(sorted, 99)),
                ["mean_us"] = Us(samples == 0 ? 0 : total / samples),
                ["max_us"] = Us(samples == 0 ? 0 : sorted[^1]),
                ["threads"] = 1,
            },
            ["results"] = perQuery,
        };
        File.WriteAllText(outPath, JsonSerializer.Serialize(output, Indented) + "\n");
        Console.WriteLine($"[project] {queries.Count} queries x {rounds} rounds (warmup {warmup}): p50 {Us(Percentile(sorted, 50)):F1} us, p95 {Us(Percentile(sorted, 95)):F1} us, p99 {Us(Percentile(sorted, 99)):F1} us, {qps:F1} QPS (sink {sink})");
        Console.WriteLine($"[project] wrote {outPath}");
        return 0;
    }

    /// <summary>Nearest-rank percentile of a sorted array.</summary>
    private static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
