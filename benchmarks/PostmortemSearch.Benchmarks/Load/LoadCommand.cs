using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Server;

namespace PostmortemSearch.Benchmarks.Load;

/// <summary>
/// <c>load</c>: a bounded load test of the real HTTP server on loopback. Generates N postmortems (peers corpus, seeded),
/// saves them into a temp SQLite store through <see cref="PostmortemCatalog.Save"/>, hosts <see cref="ServerApp"/> on
/// http://127.0.0.1:0, then for a fixed window runs C concurrent clients issuing <c>GET /api/search?q=…</c> while one
/// importer uploads Markdown postmortems to <c>POST /api/import</c> in batches. Every response is checked; latency is
/// measured per request with Stopwatch. Stops by itself (time and request bounds).
/// </summary>
public static class LoadCommand
{
    private const string Usage = "usage: load [--docs 20000] [--seconds 30] [--concurrency 8] [--import-docs 2000] [--import-batch 50] "
        + "[--max-requests 1000000] [--seed 42] [--limit 20] [--corpus FILE.jsonl] [--queries FILE] [--log-level Warning] [--keep-store] [--profile] [--out FILE]";

    private const double TargetP99Ms = 50;
    private const int TargetDocs = 20_000;

    private sealed record Options
    {
        public int Docs { get; set; } = 20_000;
        public double Seconds { get; set; } = 30;
        public int Concurrency { get; set; } = 8;
        public int ImportDocs { get; set; } = 2_000;
        public int ImportBatch { get; set; } = 50;
        public long MaxRequests { get; set; } = 1_000_000;
        public int Seed { get; set; } = 42;
        public int Limit { get; set; } = 20;
        public string? Corpus { get; set; }
        public string? Queries { get; set; }
        public string LogLevel { get; set; } = "Warning";
        public bool KeepStore { get; set; }
        public bool Profile { get; set; }
        public GCLatencyMode? GcLatency { get; set; }
        public string? Out { get; set; }
    }

    /// <summary>One search request as the client saw it.</summary>
    private readonly record struct Sample(long StartTicks, long Ticks, bool DuringImport, bool Ok);

    public static int Run(string[] args)
    {
        Options o;
        try
        {
            o = Parse(args);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        return RunAsync(o).GetAwaiter().GetResult();
    }

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--docs": o.Docs = Int(); break;
                case "--seconds": o.Seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--import-docs": o.ImportDocs = Int(); break;
                case "--import-batch": o.ImportBatch = Int(); break;
                case "--max-requests": o.MaxRequests = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": o.Seed = Int(); break;
                case "--limit": o.Limit = Int(); break;
                case "--corpus": o.Corpus = Next(); break;
                case "--queries": o.Queries = Next(); break;
                case "--log-level": o.LogLevel = Next(); break;
                case "--keep-store": o.KeepStore = true; break;
                case "--profile": o.Profile = true; break;
                case "--gc-latency": o.GcLatency = Enum.Parse<GCLatencyMode>(Next()); break;
                case "--out": o.Out = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (o.Docs < 1 || o.Concurrency < 1 || o.ImportDocs < 0 || o.ImportBatch < 1 || o.MaxRequests < 1 || o.Limit < 1) throw new ArgumentException("counts must be positive");
        if (o.Seconds <= 0 || o.Seconds > 3600) throw new ArgumentException("--seconds must be in (0, 3600]");
        if (o.Concurrency > 256) throw new ArgumentException("--concurrency at most 256");
        return o;
    }

    private static async Task<int> RunAsync(Options o)
    {
        var report = new Report();
        var work = Directory.CreateTempSubdirectory("pmsearch-load-");
        try
        {
            // 1. Documents: the first --docs go into the store before the server starts, the next --import-docs are uploaded during the window.
            var phase = Stopwatch.StartNew();
            var corpusPath = o.Corpus;
            if (corpusPath is null)
            {
                var script = LoadCorpus.FindGenerator() ?? throw new FileNotFoundException("shared/peers/make_corpus.py not found above the working directory; pass --corpus FILE.jsonl");
                corpusPath = Path.Combine(work.FullName, "corpus.jsonl");
                LoadCorpus.Generate(script, o.Docs + o.ImportDocs, o.Seed, corpusPath);
                report.Line("corpus", $"make_corpus.py --docs {o.Docs + o.ImportDocs} --seed {o.Seed} ({phase.Elapsed.TotalSeconds:F1} s)");
            }
            else report.Line("corpus", corpusPath);
            var lines = LoadCorpus.Read(corpusPath).Take(o.Docs + o.ImportDocs).ToList();
            if (lines.Count < o.Docs + o.ImportDocs) throw new InvalidOperationException($"the corpus holds {lines.Count} docs; need {o.Docs + o.ImportDocs}");
            var queries = o.Queries is null ? LoadQueries.Default : [.. File.ReadAllLines(o.Queries).Select(l => l.Trim()).Where(l => l.Length > 0)];
            if (queries.Length == 0) throw new InvalidOperationException("no queries");

            // 2. The store, through the real save path (one transaction + one index upsert per batch).
            phase.Restart();
            var dbPath = Path.Combine(work.FullName, "load.db");
            using (var seed = new PostmortemCatalog(PostmortemStore.Open(dbPath)))
            {
                foreach (var chunk in lines.Take(o.Docs).Chunk(500))
                    seed.Save([.. chunk.Select(LoadCorpus.ToPostmortem)], "load-seed");
            }
            report.Line("store", $"{o.Docs} postmortems saved in batches of 500 ({phase.Elapsed.TotalSeconds:F1} s, {new FileInfo(dbPath).Length / 1e6:F1} MB)");

            // 3. The server as `pmsearch serve` runs it: open the store (index built on open), ServerApp on loopback, no API keys.
            phase.Restart();
            using var catalog = new PostmortemCatalog(PostmortemStore.Open(dbPath));
            report.Line("index build on open", $"{catalog.IndexBuildTime.TotalSeconds:F2} s ({catalog.Index.Count} docs)");
            var app = ServerApp.Build(new ServerOptions
            {
                Catalog = catalog,
                Urls = "http://127.0.0.1:0",
                Args = [$"--Logging:LogLevel:Default={o.LogLevel}"],
            });
            await using (app)
            {
                await app.StartAsync();
                if (o.GcLatency is { } mode) GCSettings.LatencyMode = mode;
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                var baseUri = new Uri(address);
                if (!IPAddress.TryParse(baseUri.Host, out var ip) || !IPAddress.IsLoopback(ip)) throw new InvalidOperationException($"refusing a non-loopback target {address}");
                report.Line("server", $"{address} (ServerApp in-process, Kestrel, log level {o.LogLevel}, started in {phase.Elapsed.TotalSeconds:F1} s)");

                using var handler = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = o.Concurrency + 2,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.None,
                };
                using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

                // Warm-up (not measured), so JIT and connection setup stay out of the numbers: every query once per client connection,
                // then two uploads that re-import stored postmortems (updates: the count stays at --docs) so the import path is
                // compiled too — otherwise the first uploads of the window JIT the importer and keep the search code at tier 0 —
                // then the queries again and a pause for the tiered JIT's background compiles.
                async Task SearchWarmUp() => await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async w =>
                {
                    foreach (var q in queries) using (await http.GetAsync(SearchPath(q, o.Limit))) { }
                }));
                await SearchWarmUp();
                foreach (var batch in lines.Take(Math.Min(o.Docs, 2 * o.ImportBatch)).Chunk(o.ImportBatch))
                    using (await http.PostAsync("/api/import", ImportForm(batch))) { }
                await SearchWarmUp();
                await Task.Delay(TimeSpan.FromSeconds(1));
                var docsAtStart = await HealthCount(http); // after the warm-up, whose uploads may add docs (Markdown ids differ from the seeded ones)

                Result result;
                string gc;
                using (var pauses = new GcPauses())
                {
                    result = await Measure(http, o, queries, lines.Skip(o.Docs).Take(o.ImportDocs).ToList());
                    gc = pauses.Summary();
                }
                var docsAtEnd = await HealthCount(http);
                await app.StopAsync();
                report.Summarise(o, result, docsAtStart, docsAtEnd, gc);
            }
            if (o.Profile)
            {
                // After the window, server stopped: stage timings of one search and one import batch, single-threaded.
                report.Blank();
                foreach (var (k, v) in LoadProfile.Search(catalog, queries, o.Limit, rounds: 5)) report.Line(k, v);
                var extra = lines.Skip(o.Docs).Take(Math.Max(o.ImportBatch * 10, 1)).ToList();
                foreach (var (k, v) in LoadProfile.Import(catalog, extra, o.ImportBatch, batches: 10)) report.Line(k, v);
            }
        }
        finally
        {
            if (!o.KeepStore)
            {
                SqliteCleanup();
                try { work.Delete(recursive: true); } catch (IOException) { }
            }
            else Console.WriteLine($"[load] kept {work.FullName}");
        }

        var text = report.ToString();
        Console.Write(text);
        if (o.Out is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o.Out))!);
            File.WriteAllText(o.Out, text);
            Console.WriteLine($"[load] wrote {o.Out}");
        }
        return report.Failed ? 1 : 0;
    }

    private static void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static string SearchPath(string q, int limit) => $"/api/search?q={Uri.EscapeDataString(q)}&limit={limit}";

    private static async Task<int> HealthCount(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/health"));
        return doc.RootElement.GetProperty("postmortems").GetInt32();
    }

    private sealed record Result(
        List<Sample> Samples, double WindowSeconds, long Errors, List<string> ErrorExamples,
        int ImportedDocs, int ImportBatches, int ImportErrors, double ImportSeconds, List<double> BatchMs, bool ImportFinished);

    private static async Task<Result> Measure(HttpClient http, Options o, string[] queries, List<CorpusLine> toImport)
    {
        var window = TimeSpan.FromSeconds(o.Seconds);
        var clock = Stopwatch.StartNew();
        long issued = 0, errors = 0;
        var examples = new List<string>();
        var importing = toImport.Count > 0 ? 1 : 0;
        void Error(string what)
        {
            Interlocked.Increment(ref errors);
            lock (examples) if (examples.Count < 5) examples.Add(what);
        }

        async Task<List<Sample>> Client(int worker)
        {
            var samples = new List<Sample>(4096);
            var qi = worker * 7 % queries.Length; // each client walks the queries from its own starting point
            while (clock.Elapsed < window && Interlocked.Increment(ref issued) <= o.MaxRequests)
            {
                var q = queries[qi];
                qi = (qi + 1) % queries.Length;
                var during = Volatile.Read(ref importing) == 1;
                var start = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    using var response = await http.GetAsync(SearchPath(q, o.Limit), HttpCompletionOption.ResponseContentRead);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var ticks = Stopwatch.GetTimestamp() - start;
                    ok = response.StatusCode == HttpStatusCode.OK && ValidSearch(body);
                    if (!ok) Error($"{(int)response.StatusCode} for q={q}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}");
                    samples.Add(new Sample(start, ticks, during, ok));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    Error($"{e.GetType().Name} for q={q}: {e.Message}");
                    samples.Add(new Sample(start, Stopwatch.GetTimestamp() - start, during, false));
                }
            }
            return samples;
        }

        var batchMs = new List<double>();
        int importedDocs = 0, importBatches = 0, importErrors = 0;
        double importSeconds = 0;
        var finished = toImport.Count == 0;
        async Task Importer()
        {
            var watch = Stopwatch.StartNew();
            try
            {
                foreach (var batch in toImport.Chunk(o.ImportBatch))
                {
                    if (clock.Elapsed >= window) break; // bounded by the same window
                    using var form = ImportForm(batch);
                    var t = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.PostAsync("/api/import", form);
                        var body = await response.Content.ReadAsStringAsync();
                        batchMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                        importBatches++;
                        if (response.StatusCode != HttpStatusCode.OK) { importErrors++; Error($"import {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}"); continue; }
                        using var rows = JsonDocument.Parse(body);
                        foreach (var row in rows.RootElement.EnumerateArray())
                        {
                            var status = row.GetProperty("status").GetString();
                            if (status is "imported" or "updated") importedDocs++;
                            else { importErrors++; Error($"import row {status}: {row.GetRawText()[..Math.Min(row.GetRawText().Length, 200)]}"); }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                    {
                        importErrors++;
                        Error($"import {e.GetType().Name}: {e.Message}");
                    }
                }
                finished = importBatches * o.ImportBatch >= toImport.Count;
            }
            finally
            {
                importSeconds = watch.Elapsed.TotalSeconds;
                Volatile.Write(ref importing, 0);
            }
        }

        var clients = Enumerable.Range(0, o.Concurrency).Select(w => Task.Run(() => Client(w))).ToList();
        var importer = Task.Run(Importer);
        var all = await Task.WhenAll(clients);
        var windowSeconds = clock.Elapsed.TotalSeconds;
        await importer;
        return new Result([.. all.SelectMany(s => s)], windowSeconds, errors, examples, importedDocs, importBatches, importErrors, importSeconds, batchMs, finished);
    }

    private static MultipartFormDataContent ImportForm(IEnumerable<CorpusLine> batch)
    {
        var form = new MultipartFormDataContent();
        foreach (var c in batch)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(LoadCorpus.ToMarkdown(c)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(file, "files", $"load-{c.Id}.md");
        }
        return form;
    }

    /// <summary>200 was checked by the caller; the body must be a search result: JSON object, total ≥ 0, hits an array.</summary>
    private static bool ValidSearch(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("total", out var total) && total.TryGetInt64(out var n) && n >= 0
                && root.TryGetProperty("hits", out var hits) && hits.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class Report
    {
        private readonly StringBuilder _text = new();

        public bool Failed { get; private set; }

        public void Blank() => _text.Append('\n');

        public void Line(string key, string value) => _text.Append(CultureInfo.InvariantCulture, $"{key,-28} {value}\n");

        public void Summarise(Options o, Result r, int docsAtStart, int docsAtEnd, string gc)
        {
            var ok = r.Samples.Where(s => s.Ok).ToList();
            var all = Sorted(r.Samples);
            var during = Sorted(r.Samples.Where(s => s.DuringImport));
            var after = Sorted(r.Samples.Where(s => !s.DuringImport));
            var p99 = Ms(Percentile(all, 99));
            var meetsTarget = r.Errors == 0 && p99 < TargetP99Ms;

            _text.Append('\n');
            Line("machine", $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}{(AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) && !concurrent ? ", non-concurrent" : "")}); load client and server share the same cores");
            Line("run", $"--docs {o.Docs} --seconds {o.Seconds} --concurrency {o.Concurrency} --import-docs {o.ImportDocs} --import-batch {o.ImportBatch} --limit {o.Limit} --max-requests {o.MaxRequests}");
            Line("requests", $"{r.Samples.Count} search requests in {r.WindowSeconds:F1} s ({ok.Count} ok)");
            Line("requests/s", $"{r.Samples.Count / r.WindowSeconds:F1}");
            Line("latency (all)", Stats(all));
            Line("latency (during import)", during.Length == 0 ? "-" : Stats(during));
            Line("latency (after import)", after.Length == 0 ? "-" : Stats(after));
            Line("errors", $"{r.Errors}" + (r.ErrorExamples.Count > 0 ? " — e.g. " + string.Join(" | ", r.ErrorExamples) : ""));
            var batches = r.BatchMs.ToArray();
            Array.Sort(batches);
            Line("import", $"{r.ImportedDocs} docs in {r.ImportBatches} uploads of {o.ImportBatch} Markdown files over {r.ImportSeconds:F1} s = {(r.ImportSeconds > 0 ? r.ImportedDocs / r.ImportSeconds : 0):F1} docs/s"
                + (r.ImportFinished ? "" : " (stopped at the end of the window)") + $", {r.ImportErrors} import errors");
            if (batches.Length > 0)
                Line("import upload latency", $"p50 {PercentileD(batches, 50):F0} ms, p95 {PercentileD(batches, 95):F0} ms, max {batches[^1]:F0} ms per {o.ImportBatch}-file upload");
            Line("GC in the window", gc);
            Line("postmortems", $"{docsAtStart} at start, {docsAtEnd} at end (GET /health)");
            Line("target", $"no errors and p99 < {TargetP99Ms} ms at {TargetDocs} postmortems on 2 cores: "
                + (meetsTarget ? "MET" : "MISSED") + $" (errors {r.Errors}, p99 {p99:F1} ms at {docsAtStart}→{docsAtEnd} docs on {Environment.ProcessorCount} cores)");
            Failed = r.Errors > 0;
        }

        private static long[] Sorted(IEnumerable<Sample> samples)
        {
            var a = samples.Select(s => s.Ticks).ToArray();
            Array.Sort(a);
            return a;
        }

        private static string Stats(long[] sorted) =>
            $"n {sorted.Length}, p50 {Ms(Percentile(sorted, 50)):F2} ms, p95 {Ms(Percentile(sorted, 95)):F2} ms, p99 {Ms(Percentile(sorted, 99)):F2} ms, max {Ms(sorted.Length == 0 ? 0 : sorted[^1]):F2} ms";

        private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

        /// <summary>Nearest-rank percentile of a sorted array (as the peers harness).</summary>
        private static long Percentile(long[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

        private static double PercentileD(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

        public override string ToString() => _text.ToString();
    }
}
