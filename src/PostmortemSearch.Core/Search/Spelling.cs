using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// "Did you mean": a query word that matches no document of the caller's reader (by any of its index terms, the
/// vocabulary ones included) is replaced by the closest surface word of that reader within two edits (Lucene's
/// Levenshtein automaton over the <see cref="IndexSchema.Words"/> terms; first letter kept), nearest first, then
/// the most live documents. The reader is the caller's audience, so a word that occurs only in restricted
/// postmortems is never suggested to — nor recognised for — a caller without access.
/// </summary>
internal static class Spelling
{
    private const int MaxEdits = 2;

    public static string? Suggest(IndexReader reader, Analyzer analyzer, ParsedQuery parsed, string query)
    {
        if (parsed.Terms.Count == 0 || reader.NumDocs == 0) return null;
        var words = MultiFields.GetTerms(reader, IndexSchema.Words);
        if (words is null) return null;
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var replacements = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in parsed.Terms)
        {
            if (word.Length < 3 || word.Length > 40 || word.Any(c => !char.IsLetter(c))) continue;
            if (HasHits(reader, analyzer, word)) continue;
            var surface = analyzer.SurfaceWords(word) is [var first, ..] ? first.Text : null;
            if (string.IsNullOrEmpty(surface)) continue;
            if (Closest(words, liveDocs, surface) is { } better) replacements[word] = better;
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

    /// <summary>True when a live document holds one of the word's index terms in any text field (stop words count as hits: nothing to correct).</summary>
    private static bool HasHits(IndexReader reader, Analyzer analyzer, string word)
    {
        var terms = analyzer.Analyze(word);
        if (terms.Count == 0) return true;
        var liveDocs = MultiFields.GetLiveDocs(reader);
        foreach (var t in terms)
            foreach (var field in IndexSchema.TextFields)
            {
                var docs = MultiFields.GetTermDocsEnum(reader, liveDocs, field, new BytesRef(t.Text), DocsFlags.NONE);
                if (docs is not null && docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) return true;
            }
        return false;
    }

    private static string? Closest(Terms words, IBits? liveDocs, string word)
    {
        var attributes = new Lucene.Net.Util.AttributeSource();
        var fuzzy = new FuzzyTermsEnum(words, attributes, new Term(IndexSchema.Words, word), MaxEdits, prefixLength: 1, transpositions: true);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestDf = 0;
        while (fuzzy.MoveNext())
        {
            var candidate = fuzzy.Term.Utf8ToString();
            if (candidate == word) continue;
            var distance = Distance(word, candidate, MaxEdits);
            if (distance > MaxEdits || distance > bestDistance) continue;
            var df = QueryMapper.LiveDocFrequency(fuzzy, liveDocs, int.MaxValue);
            if (df == 0) continue;
            if (distance < bestDistance || df > bestDf || (df == bestDf && string.CompareOrdinal(candidate, best) < 0))
                (best, bestDistance, bestDf) = (candidate, distance, df);
        }
        return best;
    }

    /// <summary>Optimal string alignment distance, giving up (returning max+1) once it must exceed <paramref name="max"/>.</summary>
    internal static int Distance(string a, string b, int max)
    {
        if (b.Length > 64 || Math.Abs(a.Length - b.Length) > max) return max + 1;
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
