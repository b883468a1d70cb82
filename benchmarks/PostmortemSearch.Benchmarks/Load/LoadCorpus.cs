using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks.Load;

/// <summary>One line of the peers corpus (make_corpus.py): text is "Heading. body" paragraphs separated by blank lines.</summary>
internal sealed record CorpusLine(string Id, string Title, string Text, string Service, string Severity, DateOnly Date, string[] Tags, int DurationMinutes, string Raw);

/// <summary>
/// The load test's documents: the peers corpus generator (deterministic under its seed), mapped to the schema
/// (for the initial store, saved through <c>PostmortemCatalog.Save</c>) or rendered as Markdown (for the concurrent upload).
/// </summary>
internal static partial class LoadCorpus
{
    /// <summary>Runs <c>make_corpus.py --docs N --seed S</c> into <paramref name="outPath"/>.</summary>
    public static void Generate(string script, int docs, int seed, string outPath)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { script, "--docs", docs.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", outPath })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) throw new TimeoutException("make_corpus.py did not finish in 10 minutes");
        if (process.ExitCode != 0) throw new InvalidOperationException($"make_corpus.py failed ({process.ExitCode}): {stderr.Result}");
    }

    /// <summary>Finds <c>shared/peers/make_corpus.py</c> in the working directory or one of its parents.</summary>
    public static string? FindGenerator()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "peers", "make_corpus.py"), Path.Combine(dir.FullName, "..", "shared", "peers", "make_corpus.py") })
                if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    public static IEnumerable<CorpusLine> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            string S(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var id = r.GetProperty("id") is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : S("id");
            var tags = r.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray() : [];
            var date = DateOnly.TryParseExact(S("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : new DateOnly(2024, 1, 1);
            var minutes = r.TryGetProperty("duration_minutes", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 0;
            yield return new CorpusLine(id, S("title"), S("text"), S("service"), S("severity"), date, tags, minutes, line);
        }
    }

    /// <summary>"Summary. …" → ("Summary", "…"), per blank-line separated paragraph.</summary>
    public static IEnumerable<(string Heading, string Body)> Paragraphs(string text)
    {
        foreach (var p in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dot = p.IndexOf(". ", StringComparison.Ordinal);
            if (dot > 0 && dot <= 40) yield return (p[..dot], p[(dot + 2)..]);
            else yield return ("Notes", p);
        }
    }

    /// <summary>The schema record, as a reader would produce it for this document (id from the source key, content hash of the line).</summary>
    public static Postmortem ToPostmortem(CorpusLine c)
    {
        string? summary = null, impact = null, resolution = null;
        var roots = new List<string>();
        var timeline = new List<TimelineEntry>();
        var actions = new List<ActionItem>();
        var sections = new List<Section>();
        foreach (var (heading, body) in Paragraphs(c.Text))
        {
            string? field = null;
            switch (heading.ToLowerInvariant())
            {
                case "summary": summary = body; field = "summary"; break;
                case "impact": impact = body; field = "impact"; break;
                case "resolution": resolution = body; field = "resolution"; break;
                case "root cause": roots.Add(body); field = "rootCauses"; break;
                case "timeline":
                    field = "timeline";
                    foreach (var (at, text) in TimelineEntries(body)) timeline.Add(new TimelineEntry(null, at, text));
                    break;
                case "action items":
                    field = "actionItems";
                    actions.AddRange(Sentences(body).Select(s => new ActionItem { Text = s, Ticket = Ticket().Match(s) is { Success: true } t ? t.Value : null }));
                    break;
            }
            sections.Add(new Section(heading, field, body));
        }
        var start = Timestamp.FromOffset(new DateTimeOffset(c.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return new Postmortem
        {
            Id = Importer.StableId($"load-corpus.jsonl#{c.Id}"),
            Title = c.Title,
            Source = new SourceInfo
            {
                Kind = SourceKinds.JsonLines,
                Path = "load-corpus.jsonl",
                PageId = c.Id,
                ContentHash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Raw))),
            },
            Status = "Closed",
            Severity = c.Severity.Length > 0 ? c.Severity : null,
            SeverityRaw = c.Severity.Length > 0 ? c.Severity : null,
            Services = c.Service.Length > 0 ? [c.Service] : [],
            IncidentStart = start,
            PostmortemDate = c.Date,
            Duration = c.DurationMinutes > 0 ? TimeSpan.FromMinutes(c.DurationMinutes) : null,
            Summary = summary,
            Impact = impact,
            RootCauses = roots,
            Resolution = resolution,
            Timeline = timeline,
            ActionItems = actions,
            Tags = c.Tags,
            Sections = sections,
        };
    }

    /// <summary>The same document as a Markdown postmortem with YAML front matter (what an upload carries).</summary>
    public static string ToMarkdown(CorpusLine c)
    {
        var md = new StringBuilder();
        md.Append("---\n");
        md.Append("title: \"").Append(c.Title.Replace("\"", "'", StringComparison.Ordinal)).Append("\"\n");
        md.Append("date: ").Append(c.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        if (c.Severity.Length > 0) md.Append("severity: ").Append(c.Severity).Append('\n');
        if (c.Service.Length > 0) md.Append("services: [").Append(c.Service).Append("]\n");
        if (c.Tags.Length > 0) md.Append("tags: [").Append(string.Join(", ", c.Tags)).Append("]\n");
        md.Append("status: Closed\n---\n\n# ").Append(c.Title).Append("\n\n");
        if (c.DurationMinutes > 0) md.Append("**Duration:** ").Append(c.DurationMinutes.ToString(CultureInfo.InvariantCulture)).Append(" min\n\n");
        foreach (var (heading, body) in Paragraphs(c.Text))
        {
            md.Append("## ").Append(heading).Append("\n\n");
            switch (heading.ToLowerInvariant())
            {
                case "timeline":
                    foreach (var (at, text) in TimelineEntries(body)) md.Append("- ").Append(at).Append(' ').Append(text).Append('\n');
                    md.Append('\n');
                    break;
                case "action items":
                    foreach (var s in Sentences(body)) md.Append("- [ ] ").Append(s).Append('\n');
                    md.Append('\n');
                    break;
                default:
                    md.Append(body).Append("\n\n");
                    break;
            }
        }
        return md.ToString();
    }

    private static IEnumerable<(string At, string Text)> TimelineEntries(string body)
    {
        var parts = TimeMark().Split(body);
        // Split with a capture group: [lead, time, text, time, text, …]
        if (parts.Length > 0 && parts[0].Trim().Length > 0) yield return ("", parts[0].Trim());
        for (var i = 1; i + 1 < parts.Length; i += 2) yield return (parts[i], parts[i + 1].Trim());
    }

    private static IEnumerable<string> Sentences(string body) =>
        body.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.EndsWith('.') ? s : s + ".");

    [GeneratedRegex(@"(?:^|\s)(\d{2}:\d{2}) ")]
    private static partial Regex TimeMark();

    [GeneratedRegex(@"[A-Z]+-\d+")]
    private static partial Regex Ticket();
}
