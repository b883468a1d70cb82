using System.Text;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>
/// Tokenizers for factor statements. <see cref="Shared"/> — the search analysis chain (ops vocabulary, stop words,
/// Porter2) — is the clusterer's default, so search and clustering read words alike; it scored at least as well on
/// the blind factor sets. <see cref="Tokenize"/> is the older light chain (lowercase, stop words, light suffix stripping),
/// kept for comparison.
/// </summary>
public static class FactorText
{
    /// <summary>The search analysis chain's terms (<see cref="Search.Analyzer.Default"/>), in order.</summary>
    public static IReadOnlyList<string> Shared(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Search.Analyzer.Default.Analyze(text);
        var terms = new string[tokens.Count];
        for (var i = 0; i < terms.Length; i++) terms[i] = tokens[i].Text;
        return terms;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into", "onto", "over", "under",
        "and", "or", "but", "if", "then", "than", "so", "that", "this", "these", "those", "it", "its", "it's", "there",
        "is", "was", "were", "are", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "having",
        "which", "who", "whom", "what", "when", "where", "while", "because", "due", "also", "such", "some", "any", "all",
        "our", "we", "us", "they", "them", "their", "he", "she", "his", "her", "i", "my", "you", "your",
        "can", "could", "would", "should", "will", "may", "might", "must", "shall", "about", "after", "before", "during",
        "very", "just", "only", "more", "most", "other", "same", "each", "both", "via",
    };

    /// <summary>Lowercase word tokens with stop words removed and light stemming; "no"/"not" are kept.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || (c == '\'' && word.Length > 0)) word.Append(c);
            else Flush();
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString().TrimEnd('\'');
            word.Clear();
            if (w.EndsWith("n't", StringComparison.Ordinal)) { tokens.Add("not"); return; }
            w = w.Replace("'", "", StringComparison.Ordinal);
            if (w.Length < 2 && !char.IsDigit(w[0])) return;
            if (StopWords.Contains(w)) return;
            tokens.Add(Stem(w));
        }
    }

    /// <summary>Surface words for people to read (cluster terms): lowercase, stop words, numbers and words under three letters dropped, never stemmed.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var raw in text + " ")
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsLetter(c) || ((c == '-' || c == '\'') && word.Length > 0)) { word.Append(c); continue; }
            if (char.IsDigit(c)) { word.Clear().Append('0'); continue; }
            var w = word.ToString().Trim('-', '\'');
            word.Clear();
            if (w.Length >= 3 && w.All(ch => char.IsLetter(ch) || ch == '-') && !StopWords.Contains(w) && !SurfaceStopWords.Contains(w)) words.Add(w);
        }
        return words;
    }

    // Words that say nothing about a cause when shown as a cluster's terms.
    private static readonly HashSet<string> SurfaceStopWords = new(StringComparer.Ordinal)
    {
        "not", "no", "nor", "out", "off", "up", "down", "one", "two", "three", "new", "old", "still", "never", "without", "within",
        "across", "between", "every", "until", "once", "again", "since", "how", "why", "whose", "yet", "too", "much", "many",
        "got", "get", "made", "make", "went", "set", "use", "used", "using", "per", "like", "well", "way", "led", "caused", "cause",
    };

    /// <summary>Light English suffix stripping: plurals, -ed/-ing (with undoubling), -al, -ly, final -e/-y.</summary>
    public static string Stem(string w)
    {
        if (w.Length <= 3 || !w.All(char.IsLetter)) return w;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("ied", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("sses", StringComparison.Ordinal)) w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)) w = w[..^1];

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length >= 6) w = Undouble(w[..^3]);
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length >= 5) w = Undouble(w[..^2]);
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length >= 6) w = w[..^2];
        else if (w.EndsWith("al", StringComparison.Ordinal) && w.Length >= 6) w = w[..^2];

        if (w.Length > 4 && (w[^1] == 'e' || w[^1] == 'y')) w = w[..^1];
        return w;
    }

    private static string Undouble(string w) =>
        w.Length >= 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') && !IsVowel(w[^1]) ? w[..^1] : w;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
