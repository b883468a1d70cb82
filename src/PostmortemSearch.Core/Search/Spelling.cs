using System.Text;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// "Did you mean": query words whose term occurs in no document the caller may see are replaced by the closest word
/// that does (edit distance ≤ 2, ties by document frequency). Presence and frequency are counted over
/// <c>visible</c> docs only, so a word that occurs only in restricted postmortems is never suggested to — nor
/// recognised for — a caller without access.
/// </summary>
internal static class Spelling
{
    private const int MaxDistance = 2;

    /// <summary>Suggestions for a caller without the restricted scope.</summary>
    public static string? Suggest(IndexSnapshot snap, Analyzer analyzer, ParsedQuery parsed, string query) =>
        Suggest(snap, analyzer, parsed, query, snap.Visible);

    public static string? Suggest(IndexSnapshot snap, Analyzer analyzer, ParsedQuery parsed, string query, ulong[] visible)
    {
        if (parsed.Terms.Count == 0 || snap.LiveCount == 0) return null;
        var replacements = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in parsed.Terms)
        {
            if (word.Length < 3 || word.Length > 40 || word.Any(c => !char.IsLetter(c))) continue;
            var term = analyzer.TermOf(word);
            if (term is null || VisibleDocFrequency(snap, term, visible, stopAt: 1) > 0) continue;
            if (Closest(snap, term, word.ToLowerInvariant(), visible) is { } better) replacements[word] = better;
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

    /// <summary>
    /// Compares both the stem with indexed stems and the word with each term's surface form. Candidates are read from
    /// each segment's sorted terms, only the range sharing the first letter (misspellings rarely change it) — segments
    /// are immutable and shared between snapshots, so nothing is rebuilt after an import. The nearest ones are kept
    /// only if visible docs contain them, ranked by visible df.
    /// </summary>
    private static string? Closest(IndexSnapshot snap, string term, string word, ulong[] visible)
    {
        var candidates = new List<(string Term, string Display, int Distance)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in snap.Segments)
        {
            var sorted = segment.SortedTermIds();
            foreach (var first in term[0] == word[0] ? [term[0]] : new[] { term[0], word[0] })
                for (var k = segment.LowerBound(first.ToString()); k < sorted.Length; k++)
                {
                    var candidate = segment.Terms[sorted[k]];
                    if (candidate.Length == 0 || candidate[0] != first) break;
                    if (candidate.Contains('_', StringComparison.Ordinal) || !seen.Add(candidate)) continue;
                    var display = segment.Display[sorted[k]];
                    var distance = MaxDistance + 1;
                    if (Math.Abs(candidate.Length - term.Length) <= MaxDistance) distance = Distance(term, candidate, MaxDistance);
                    if (Math.Abs(display.Length - word.Length) <= MaxDistance) distance = Math.Min(distance, Distance(word, display, MaxDistance));
                    if (distance <= MaxDistance) candidates.Add((candidate, display, distance));
                }
        }
        foreach (var group in candidates.GroupBy(c => c.Distance).OrderBy(g => g.Key))
        {
            string? best = null;
            var bestDf = 0;
            foreach (var (candidate, display, _) in group.OrderBy(c => c.Term, StringComparer.Ordinal))
            {
                var df = VisibleDocFrequency(snap, candidate, visible, stopAt: int.MaxValue);
                if (df > bestDf) (best, bestDf) = (display, df);
            }
            if (best is not null) return best;
        }
        return null;
    }

    /// <summary>Live docs in <paramref name="visible"/> that contain <paramref name="term"/>, counting up to <paramref name="stopAt"/>.</summary>
    internal static int VisibleDocFrequency(IndexSnapshot snap, string term, ulong[] visible, int stopAt)
    {
        var df = 0;
        foreach (var seg in snap.Segments)
        {
            if (!seg.TermIds.TryGetValue(term, out var id)) continue;
            var cursor = new PostingCursor(seg, id, Impact.Dequantized);
            for (var d = cursor.Doc; d != PostingCursor.NoMoreDocs; d = cursor.NextDoc())
                if ((d >> 6) < visible.Length && (visible[d >> 6] & (1UL << d)) != 0 && ++df >= stopAt) return df;
        }
        return df;
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
