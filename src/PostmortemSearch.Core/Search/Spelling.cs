using System.Text;

namespace PostmortemSearch.Core.Search;

/// <summary>"Did you mean": query words whose term is not in the index are replaced by the closest indexed word (edit distance ≤ 2, ties by document frequency).</summary>
internal static class Spelling
{
    private const int MaxDistance = 2;

    public static string? Suggest(IndexSnapshot snap, Analyzer analyzer, ParsedQuery parsed, string query)
    {
        if (parsed.Terms.Count == 0 || snap.LiveCount == 0) return null;
        var replacements = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in parsed.Terms)
        {
            if (word.Length < 3 || word.Length > 40 || word.Any(c => !char.IsLetter(c))) continue;
            var term = analyzer.TermOf(word);
            if (term is null || snap.DocFrequency(term) > 0) continue;
            if (Closest(snap, term, word.ToLowerInvariant()) is { } better) replacements[word] = better;
        }
        if (replacements.Count == 0) return null;
        var sb = new StringBuilder(query.Length);
        foreach (var part in query.Split(' '))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(replacements.TryGetValue(part, out var r) ? r : part);
        }
        return sb.ToString();
    }

    /// <summary>Compares both the stem with indexed stems and the word with each term's surface form.</summary>
    private static string? Closest(IndexSnapshot snap, string term, string word)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        var bestDf = 0;
        foreach (var (candidate, (df, display)) in snap.Vocabulary())
        {
            if (candidate.Contains('_', StringComparison.Ordinal)) continue;
            // Misspellings rarely change the first letter: comparing only those candidates keeps this cheap on a large vocabulary.
            if (candidate.Length == 0 || (candidate[0] != term[0] && (display.Length == 0 || display[0] != word[0]))) continue;
            var limit = Math.Min(bestDistance, MaxDistance);
            var distance = MaxDistance + 1;
            if (Math.Abs(candidate.Length - term.Length) <= MaxDistance) distance = Distance(term, candidate, limit);
            if (Math.Abs(display.Length - word.Length) <= MaxDistance) distance = Math.Min(distance, Distance(word, display, limit));
            if (distance < bestDistance || (distance == bestDistance && df > bestDf))
            {
                best = display;
                bestDistance = distance;
                bestDf = df;
            }
        }
        return bestDistance <= MaxDistance ? best : null;
    }

    /// <summary>Optimal string alignment distance, giving up (returning max+1) once it must exceed <paramref name="max"/>.</summary>
    internal static int Distance(string a, string b, int max)
    {
        if (b.Length > 64) return max + 1;
        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > max) return max + 1;
            var spare = prev2;
            prev2 = prev;
            prev = cur;
            cur = spare;
        }
        return prev[b.Length];
    }
}
