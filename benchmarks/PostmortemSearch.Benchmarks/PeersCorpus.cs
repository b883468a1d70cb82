using System.Text;
using System.Text.Json;

namespace PostmortemSearch.Benchmarks;

/// <summary>The peers corpus: id, title, and body = text + every other string / string-list field in file order, newline-joined (as the Lucene harness builds it).</summary>
public sealed record PeersDocument(string Id, string Title, string Body);

public static class PeersCorpus
{
    public static (List<PeersDocument> Docs, long TextBytes) Load(string path, int limit = int.MaxValue)
    {
        var docs = new List<PeersDocument>();
        long bytes = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (docs.Count >= limit) break;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var id = root.GetProperty("id") is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : root.GetProperty("id").GetString()!;
            var title = StringOf(root.TryGetProperty("title", out var t) ? t : default);
            var body = new StringBuilder(StringOf(root.TryGetProperty("text", out var x) ? x : default));
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is "id" or "title" or "text") continue;
                var s = StringOf(p.Value);
                if (s.Length == 0) continue;
                if (body.Length > 0) body.Append('\n');
                body.Append(s);
            }
            var b = body.ToString();
            docs.Add(new PeersDocument(id, title, b));
            bytes += Encoding.UTF8.GetByteCount(title) + Encoding.UTF8.GetByteCount(b);
        }
        return (docs, bytes);
    }

    /// <summary>Strings as-is, arrays of strings joined by a space, everything else "".</summary>
    private static string StringOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Array => string.Join(' ', e.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString())),
        _ => "",
    };

    /// <summary>The corpus path: PEERS_CORPUS_{N} or PEERS_CORPUS env var; generate with ../shared/peers/make_corpus.py.</summary>
    public static string PathFor(int docs) =>
        Environment.GetEnvironmentVariable($"PEERS_CORPUS_{docs}") ?? Environment.GetEnvironmentVariable("PEERS_CORPUS")
        ?? throw new InvalidOperationException($"Set PEERS_CORPUS_{docs} (or PEERS_CORPUS) to a corpus made by make_corpus.py --docs {docs} --seed 42.");
}
