using System.Globalization;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks.Relevance;

/// <summary>
/// nDCG@10 on the judged symptom queries, ours next to a peer engine (../shared/peers, e.g. Lucene 8 EnglishAnalyzer
/// BM25) on the same documents. <c>relevance-export</c> writes the inputs in the peers format; the peer runs on them;
/// <c>relevance-compare</c> scores its OUT.json and our SearchIndex with one formula (<see cref="Judgments.NdcgAt10"/>).
/// </summary>
public static class RelevanceCommands
{
    private const string CorpusFile = "corpus.jsonl", QueriesFile = "queries.txt", JudgmentsFile = "judgments.tsv";

    /// <summary>
    /// <c>relevance-export OUTDIR [--root REPO]</c>: imports ingest-samples/ with the project's importer and writes
    /// OUTDIR/corpus.jsonl (id, title, then one string field per search field group — summary, symptoms (impact,
    /// detection, timeline), causes (trigger, root causes, factors), resolution, actions, rest (lessons, other sections,
    /// tags, services, metadata) — the text our index sees, which the peers harnesses join into their body),
    /// OUTDIR/queries.txt (one query a line) and OUTDIR/judgments.tsv (query TAB plain|shorthand TAB title=grade;…).
    /// </summary>
    public static int Export(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: relevance-export OUTDIR [--root REPO]");
            return 2;
        }
        var outDir = Directory.CreateDirectory(args[0]).FullName;
        var root = Option(args, "--root") ?? Judgments.FindRepoRoot();
        var corpus = ImportSamples(root);
        var judgments = Judgments.LoadTestData(root);

        using (var writer = new StreamWriter(Path.Combine(outDir, CorpusFile), append: false, new UTF8Encoding(false)))
        {
            foreach (var p in corpus)
            {
                var line = new Dictionary<string, string> { ["id"] = p.Id, ["title"] = p.Title };
                foreach (var group in DocRecord.From(p).Texts.Where(t => t.Field != SearchField.Title).GroupBy(t => t.Field))
                    line[group.Key.ToString().ToLowerInvariant()] = string.Join('\n', group.Select(t => t.Text));
                writer.Write(JsonSerializer.Serialize(line));
                writer.Write('\n');
            }
        }
        File.WriteAllText(Path.Combine(outDir, QueriesFile), string.Concat(judgments.Select(j => j.Query + "\n")));
        File.WriteAllText(Path.Combine(outDir, JudgmentsFile), string.Concat(judgments.Select(j =>
            $"{j.Query}\t{(j.Shorthand ? "shorthand" : "plain")}\t{Judgments.FormatGrades(j.Grades)}\n")));
        Console.WriteLine($"wrote {corpus.Count} postmortems, {judgments.Count} queries and their grades to {outDir}");
        return 0;
    }

    /// <summary>
    /// <c>relevance-compare DIR PEER_OUT.json [--root REPO] [--out FILE.md]</c>: per-query nDCG@10 of our SearchIndex
    /// (postmortems imported from ingest-samples/, structured fields, default options — what RelevanceTests measures),
    /// of our SearchIndex over DIR/corpus.jsonl flattened to title + body as the peer saw it, and of the peer's top ids.
    /// </summary>
    public static int Compare(string[] args)
    {
        if (args.Length < 2 || args[0].StartsWith("--", StringComparison.Ordinal) || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: relevance-compare DIR PEER_OUT.json [--root REPO] [--out FILE.md]");
            return 2;
        }
        var (dir, peerPath) = (args[0], args[1]);
        var root = Option(args, "--root") ?? Judgments.FindRepoRoot();
        var judgments = File.ReadLines(Path.Combine(dir, JudgmentsFile)).Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .Select(f => new Judgment(f[0], Judgments.ParseGrades(f[2]), f[1] == "shorthand")).ToList();

        var (flatDocs, _) = PeersCorpus.Load(Path.Combine(dir, CorpusFile));
        var titleOf = flatDocs.ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);

        using var peerJson = JsonDocument.Parse(File.ReadAllText(peerPath));
        var peerName = peerJson.RootElement.TryGetProperty("engine_version", out var v) ? v.GetString() ?? "peer" : "peer";
        var peerResults = peerJson.RootElement.GetProperty("results").EnumerateArray().ToList();
        if (peerResults.Count != judgments.Count)
            throw new InvalidDataException($"{peerPath} has {peerResults.Count} results for {judgments.Count} judged queries");

        var structured = new SearchIndex();
        structured.Build(ImportSamples(root));
        var flat = new SearchIndex();
        flat.BuildDocuments([.. flatDocs.Select(d => DocRecord.FromText(d.Id, d.Title, d.Body))]);

        var rows = new List<(Judgment J, double Ours, double Flat, double Peer)>();
        for (var i = 0; i < judgments.Count; i++)
        {
            var j = judgments[i];
            var peerQuery = peerResults[i].GetProperty("query").GetString();
            if (peerQuery != j.Query.Trim()) throw new InvalidDataException($"result {i} is for '{peerQuery}', expected '{j.Query}'");
            var peerTop = peerResults[i].GetProperty("top").EnumerateArray().Select(e => titleOf[e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString()!]);
            rows.Add((j, Ndcg(structured, j, titleOf), Ndcg(flat, j, titleOf), Judgments.NdcgAt10(peerTop, j.Grades)));
        }

        var md = Render(rows, peerName);
        Console.Write(md);
        if (Option(args, "--out") is { } outPath) File.WriteAllText(outPath, md);
        return 0;
    }

    private static double Ndcg(SearchIndex index, Judgment j, Dictionary<string, string> titleOf)
    {
        var hits = index.Search(new SearchRequest { Query = j.Query, Limit = 10, IncludeRestricted = true }).Hits;
        return Judgments.NdcgAt10(hits.Select(h => titleOf[h.Id]), j.Grades);
    }

    private static string Render(List<(Judgment J, double Ours, double Flat, double Peer)> rows, string peerName)
    {
        static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
        static string D(double x) => (x >= 0 ? "+" : "") + x.ToString("0.000", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"| set | query | ours | ours, title + body only | {peerName} | ours − peer |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var (j, ours, flat, peer) in rows)
            sb.Append(CultureInfo.InvariantCulture, $"| {(j.Shorthand ? "shorthand" : "plain")} | {j.Query.Replace("|", "\\|", StringComparison.Ordinal)} | {F(ours)} | {F(flat)} | {F(peer)} | {D(ours - peer)} |\n");
        sb.Append("\n| queries | n | ours | ours, title + body only | ").Append(peerName).Append(" | ours − peer (± 1.96 SE, paired) | peer better | ours better | tied |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (name, subset) in new[] { ("all", rows), ("plain", rows.Where(r => !r.J.Shorthand).ToList()), ("shorthand", rows.Where(r => r.J.Shorthand).ToList()) })
        {
            const double eps = 1e-9;
            var diffs = subset.Select(r => r.Ours - r.Peer).ToList();
            var mean = diffs.Average();
            var se = Math.Sqrt(diffs.Sum(d => (d - mean) * (d - mean)) / (diffs.Count - 1) / diffs.Count);
            sb.Append(CultureInfo.InvariantCulture, $"| {name} | {subset.Count} | **{F(subset.Average(r => r.Ours))}** | {F(subset.Average(r => r.Flat))} | **{F(subset.Average(r => r.Peer))}** | {D(mean)} ± {F(1.96 * se)} | ");
            sb.Append(CultureInfo.InvariantCulture, $"{subset.Count(r => r.Peer > r.Ours + eps)} | {subset.Count(r => r.Ours > r.Peer + eps)} | {subset.Count(r => Math.Abs(r.Ours - r.Peer) <= eps)} |\n");
        }
        return sb.ToString();
    }

    /// <summary>ingest-samples/ through the importer, ids relative to the repository root (as RelevanceTests reads it).</summary>
    private static List<Postmortem> ImportSamples(string root) =>
        [.. new Importer().ReadPaths([Path.Combine(root, "ingest-samples")], root).SelectMany(o => o.Postmortems)];

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
