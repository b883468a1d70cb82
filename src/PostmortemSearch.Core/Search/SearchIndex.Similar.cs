namespace PostmortemSearch.Core.Search;

public sealed partial class SearchIndex
{
    private const int SimilarQueryTerms = 30;
    private const int SharedTermsShown = 5;
    private const float SharedFactorBonus = 0.05f;

    /// <summary>
    /// Postmortems most like <paramref name="id"/>: TF-IDF cosine over title, symptoms and causes (candidates from the
    /// index, then rescored exactly), plus a small bonus per shared factor cluster. Empty when the id is unknown or not visible.
    /// </summary>
    public IReadOnlyList<SimilarHit> Similar(string id, int k = 10, bool includeRestricted = false)
    {
        var snap = _snapshot;
        if (k <= 0 || !snap.IdToDoc.TryGetValue(id, out var self)) return [];
        var doc = snap.Docs[self];
        if (doc.Restricted && !includeRestricted) return [];
        var query = ContentVector(snap, doc);
        if (query.Count == 0) return [];

        var top = query.OrderByDescending(kv => kv.Value).Take(SimilarQueryTerms).ToList();
        var max = top[0].Value;
        var compiled = new CompiledQuery
        {
            Parsed = new ParsedQuery(),
            Terms = top.ToDictionary(kv => kv.Key, kv => kv.Value / max, StringComparer.Ordinal),
            Phrases = [], ExcludedTerms = [], ExcludedPhrases = [],
        };
        var accept = (ulong[])(includeRestricted ? snap.VisibleAll : snap.Visible).Clone();
        accept[self >> 6] &= ~(1UL << self);
        var candidates = TopK(snap, compiled, accept, Math.Max(50, k * 5));

        var queryNorm = Norm(query);
        var hits = new List<SimilarHit>();
        foreach (var c in candidates)
        {
            var other = snap.Docs[c.Doc];
            var vector = ContentVector(snap, other);
            var dot = 0f;
            var contributions = new List<(string Term, float Value)>();
            foreach (var (term, w) in query)
                if (vector.TryGetValue(term, out var v))
                {
                    dot += w * v;
                    contributions.Add((term, w * v));
                }
            var norm = queryNorm * Norm(vector);
            var cosine = norm > 0 ? dot / norm : 0f;
            var sharedFactors = doc.Factors.Intersect(other.Factors, StringComparer.OrdinalIgnoreCase).ToList();
            var shared = contributions.OrderByDescending(x => x.Value).Take(SharedTermsShown).Select(x => snap.DisplayOf(x.Term)).ToList();
            hits.Add(new SimilarHit(other.Id, other.Title, other.IncidentStart, other.Severity, other.Services,
                Math.Round(cosine + SharedFactorBonus * sharedFactors.Count, 4), shared, sharedFactors));
        }
        // A neighbour that shares nothing is not similar: never pad the list with zero scores.
        return [.. hits.Where(h => h.Score > 0).OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).Take(k)];
    }

    /// <summary>TF-IDF weights ((1 + ln tf) · idf) of the title, symptoms and causes text of a doc.</summary>
    private Dictionary<string, float> ContentVector(IndexSnapshot snap, DocRecord doc)
    {
        var tf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in doc.Texts)
        {
            if (text.Field is not (SearchField.Title or SearchField.Symptoms or SearchField.Causes)) continue;
            foreach (var t in _options.Analyzer.Analyze(text.Text))
                if (t.Kind != TokenKind.Compound && IsContentTerm(t.Text)) tf[t.Text] = tf.GetValueOrDefault(t.Text) + 1;
        }
        var n = (float)Math.Max(1, snap.DocCount);
        var result = new Dictionary<string, float>(tf.Count, StringComparer.Ordinal);
        foreach (var (term, count) in tf)
        {
            var df = Math.Max(1, snap.DocFrequency(term));
            result[term] = (1f + MathF.Log(count)) * MathF.Log(1f + (n - df + 0.5f) / (df + 0.5f));
        }
        return result;
    }

    /// <summary>
    /// Timeline clock times ("07", "08"), time zones and word fragments ("po", "ps" of "POPs") made incidents "similar"
    /// and showed up as their reasons: only words of three or more characters that are not all digits count.
    /// </summary>
    private static bool IsContentTerm(string term) =>
        term.Length >= 3 && !term.All(char.IsAsciiDigit) && term is not ("utc" or "gmt");

    private static float Norm(Dictionary<string, float> v)
    {
        var sum = 0f;
        foreach (var x in v.Values) sum += x * x;
        return MathF.Sqrt(sum);
    }
}
