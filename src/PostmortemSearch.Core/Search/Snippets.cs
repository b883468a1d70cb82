using System.Net;
using System.Text;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// Picks the best-matching window of the best-scoring stored text of a hit. Output is HTML: text escaped,
/// matched words wrapped in <c>&lt;mark&gt;</c>…<c>&lt;/mark&gt;</c>, "…" where the window cuts the text. A mark covers
/// exactly one token of the analysis chain (its offsets), never part of one: "db" does not mark inside "InnoDB".
/// </summary>
internal static class Snippets
{
    private const int WindowTokens = 28;
    private const int FallbackChars = 200;

    /// <summary>The stored text whose distinct matched terms weigh most (by field weight) is analysed again for the window.</summary>
    public static (string Html, string Section) Build(Analyzer analyzer, DocRecord doc, IReadOnlyDictionary<string, float> weights, float[] fieldWeights)
    {
        var (best, bestTokens) = BestTextByAnalysis(analyzer, doc, weights, fieldWeights);
        if (best is null || bestTokens is null)
        {
            var fallback = doc.Texts.FirstOrDefault(t => t.Field != SearchField.Title) ?? doc.Texts.FirstOrDefault();
            if (fallback is null) return ("", "");
            var cut = Math.Min(fallback.Text.Length, FallbackChars);
            return (WebUtility.HtmlEncode(fallback.Text[..cut]) + (cut < fallback.Text.Length ? "…" : ""), fallback.Heading);
        }
        return (Window(best.Text, bestTokens, weights), best.Heading);
    }

    private static (StoredText?, IReadOnlyList<Token>?) BestTextByAnalysis(Analyzer analyzer, DocRecord doc, IReadOnlyDictionary<string, float> weights, float[] fieldWeights)
    {
        StoredText? best = null;
        IReadOnlyList<Token>? bestTokens = null;
        var bestScore = 0f;
        foreach (var text in doc.Texts)
        {
            if (weights.Count == 0) break;
            var tokens = analyzer.Analyze(text.Text);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var score = 0f;
            foreach (var t in tokens)
                if (weights.TryGetValue(t.Text, out var w) && seen.Add(t.Text)) score += w;
            if (TextScore(text, score, fieldWeights) is var s && s > bestScore)
            {
                bestScore = s;
                best = text;
                bestTokens = tokens;
            }
        }
        return (best, bestTokens);
    }

    private static float TextScore(StoredText text, float termWeights, float[] fieldWeights)
    {
        var score = termWeights * fieldWeights[(int)text.Field];
        // the title is shown anyway: prefer a body section unless only the title matched
        return text.Field == SearchField.Title ? score * 0.01f : score;
    }

    private static string Window(string text, IReadOnlyList<Token> tokens, IReadOnlyDictionary<string, float> weights)
    {
        // slide a window of WindowTokens positions; score = sum of distinct matched terms' weights
        var bestStart = 0;
        var bestScore = -1f;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var score = 0f;
        var lo = 0;
        for (var hi = 0; hi < tokens.Count; hi++)
        {
            if (weights.TryGetValue(tokens[hi].Text, out var w) && Increment(counts, tokens[hi].Text) == 1) score += w;
            while (tokens[hi].Position - tokens[lo].Position >= WindowTokens)
            {
                if (weights.TryGetValue(tokens[lo].Text, out var lw) && Decrement(counts, tokens[lo].Text) == 0) score -= lw;
                lo++;
            }
            if (score > bestScore + 1e-6f)
            {
                bestScore = score;
                bestStart = lo;
            }
        }
        // start a couple of tokens before the first match for context
        var first = bestStart;
        while (first < tokens.Count && !weights.ContainsKey(tokens[first].Text)) first++;
        if (first == tokens.Count) first = bestStart;
        var startIdx = first;
        while (startIdx > 0 && tokens[first].Position - tokens[startIdx - 1].Position <= 3) startIdx--;
        var startPos = tokens[startIdx].Position;
        var endIdx = startIdx;
        while (endIdx + 1 < tokens.Count && tokens[endIdx + 1].Position - startPos < WindowTokens) endIdx++;

        var from = SentenceStart(text, tokens[startIdx].Start);
        var to = tokens[endIdx].End;
        var marks = new List<(int Start, int End)>();
        for (var i = startIdx; i <= endIdx; i++)
            if (weights.ContainsKey(tokens[i].Text)) marks.Add((tokens[i].Start, tokens[i].End));
        marks.Sort();
        var sb = new StringBuilder();
        if (from > 0) sb.Append('…');
        var at = from;
        for (var m = 0; m < marks.Count; m++)
        {
            var (s, e) = marks[m];
            while (m + 1 < marks.Count && marks[m + 1].Start <= e) e = Math.Max(e, marks[++m].End);
            if (s < at) s = at;
            if (e <= s) continue;
            sb.Append(WebUtility.HtmlEncode(text[at..s])).Append("<mark>").Append(WebUtility.HtmlEncode(text[s..e])).Append("</mark>");
            at = e;
        }
        sb.Append(WebUtility.HtmlEncode(text[at..to]));
        if (to < text.Length) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>Back up to the start of the sentence or line if it is close; otherwise start at the token.</summary>
    private static int SentenceStart(string text, int tokenStart)
    {
        for (var i = tokenStart - 1; i >= 0 && tokenStart - i < 60; i--)
            if (text[i] is '\n' or '.' or '!' or '?') return SkipSpace(text, i + 1);
        return tokenStart - 60 < 0 ? 0 : tokenStart;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static int Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    private static int Decrement(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) - 1;
}
