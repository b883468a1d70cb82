using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks.Load;

/// <summary>
/// <c>load --profile</c>: where a search request and an import batch spend their time, single-threaded and in-process
/// (no HTTP): the Lucene query alone, the whole search, and serialisation, each timed with Stopwatch.
/// </summary>
internal static class LoadProfile
{
    private static readonly JsonSerializerOptions ServerJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IEnumerable<(string Key, string Value)> Search(PostmortemCatalog catalog, string[] queries, int limit, int rounds)
    {
        var index = catalog.Index;
        string[] names = ["top-k ids only (parse, map, Lucene search)", "catalog.Search (whole: + total, facets, snippets, did you mean)", "JSON serialize"];
        var ticks = names.Select(_ => new List<long>()).ToArray();
        long sink = 0;
        for (var r = 0; r < rounds + 1; r++)
        {
            foreach (var q in queries)
            {
                var t = new long[names.Length];
                var a = Stopwatch.GetTimestamp();
                sink += index.TopIds(q, limit).Count;
                var b = Stopwatch.GetTimestamp(); t[0] = b - a; a = b;
                var results = catalog.Search(new SearchRequest { Query = q, Limit = limit }, new Caller("load", CanSeeRestricted: false));
                b = Stopwatch.GetTimestamp(); t[1] = b - a; a = b;
                sink += JsonSerializer.SerializeToUtf8Bytes(results, ServerJson).Length;
                t[2] = Stopwatch.GetTimestamp() - a;
                if (r == 0) continue; // warm-up round
                for (var i = 0; i < names.Length; i++) ticks[i].Add(t[i]);
            }
        }
        yield return ("profile: search", $"{queries.Length} queries x {rounds} rounds, one thread, in-process at {index.Count} docs, limit {limit} (sink {sink})");
        for (var i = 0; i < names.Length; i++)
            yield return ($"  {names[i]}", Stats(ticks[i]));
    }

    public static IEnumerable<(string Key, string Value)> Import(PostmortemCatalog catalog, IReadOnlyList<CorpusLine> lines, int batchSize, int batches)
    {
        string[] names = ["read Markdown (Importer)", "store SaveBatch (SQLite)", "index Upsert"];
        var ticks = names.Select(_ => new List<long>()).ToArray();
        var importer = new Importer();
        var n = 0;
        foreach (var batch in lines.Chunk(batchSize).Take(batches))
        {
            var a = Stopwatch.GetTimestamp();
            var postmortems = batch.SelectMany(c => importer.ReadFile(new SourceFile($"profile-{c.Id}.md", Encoding.UTF8.GetBytes(LoadCorpus.ToMarkdown(c)))))
                .SelectMany(o => o.Postmortems).ToList();
            var b = Stopwatch.GetTimestamp(); ticks[0].Add(b - a); a = b;
            catalog.Store.SaveBatch(postmortems, "load-profile");
            b = Stopwatch.GetTimestamp(); ticks[1].Add(b - a); a = b;
            catalog.Index.Upsert(postmortems);
            ticks[2].Add(Stopwatch.GetTimestamp() - a);
            n += postmortems.Count;
        }
        yield return ("profile: import", $"{ticks[0].Count} batches of {batchSize} Markdown docs ({n} docs), one thread, in-process, per batch:");
        for (var i = 0; i < names.Length; i++)
            yield return ($"  {names[i]}", Stats(ticks[i]));
    }

    private static string Stats(List<long> ticks)
    {
        var a = ticks.ToArray();
        Array.Sort(a);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        long P(double p) => a.Length == 0 ? 0 : a[Math.Clamp((int)Math.Ceiling(p / 100.0 * a.Length) - 1, 0, a.Length - 1)];
        var mean = a.Length == 0 ? 0 : Ms(a.Sum()) / a.Length;
        return string.Create(CultureInfo.InvariantCulture, $"mean {mean,8:F3} ms, p50 {Ms(P(50)),8:F3} ms, p99 {Ms(P(99)),8:F3} ms, max {Ms(a.Length == 0 ? 0 : a[^1]),8:F3} ms");
    }
}
