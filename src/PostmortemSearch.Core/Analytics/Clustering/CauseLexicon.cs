using System.Globalization;
using System.Reflection;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>A cause concept of the lexicon: what many differently worded statements mean.</summary>
public sealed record CauseConcept(string Id, string Label, int Priority, string? Category);

/// <summary>
/// The curated ops cause lexicon (<c>Analytics/Data/cause-lexicon.txt</c>): phrases and word-group rules
/// mapping surface wording to cause concepts. Matching runs on the tokens of the clusterer's tokenizer.
/// </summary>
public sealed partial class CauseLexicon
{
    private const int MaxPhraseTokens = 5;
    private readonly Dictionary<string, List<(int Concept, double Weight)>> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _groupPhrases = new(StringComparer.Ordinal);
    private readonly List<(int Concept, int[] Groups, double Weight)> _rules = [];
    private readonly Dictionary<string, int> _groupIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _surfaceWords = new(StringComparer.Ordinal);
    private readonly Dictionary<(char First, int Length), List<string>> _surfaceByShape = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _corrections = new(StringComparer.Ordinal);

    public IReadOnlyList<CauseConcept> Concepts { get; }

    private CauseLexicon(IReadOnlyList<CauseConcept> concepts) => Concepts = concepts;

    /// <summary>The embedded lexicon, tokenized with <paramref name="tokenize"/>.</summary>
    public static CauseLexicon LoadDefault(Func<string, IReadOnlyList<string>> tokenize) =>
        Parse(ReadResource("cause-lexicon.txt"), tokenize);

    internal static string ReadResource(string fileName)
    {
        var assembly = typeof(CauseLexicon).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Analytics.Data." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static CauseLexicon Parse(string text, Func<string, IReadOnlyList<string>> tokenize)
    {
        var concepts = new List<CauseConcept>();
        var terms = new List<(int Concept, string Phrase)>();
        var rules = new List<(int Concept, string[] Groups)>();
        var groups = new List<(string Name, string[] Phrases)>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("group ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                groups.Add((line[6..colon].Trim(), SplitList(line[(colon + 1)..])));
            }
            else if (line.StartsWith("concept ", StringComparison.Ordinal))
            {
                var parts = line[8..].Split('|', StringSplitOptions.TrimEntries);
                var category = parts.Length > 3 && parts[3] != "-" ? parts[3] : null;
                concepts.Add(new CauseConcept(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), category));
            }
            else if (line.StartsWith("term:", StringComparison.Ordinal))
                terms.AddRange(SplitList(line[5..]).Select(p => (concepts.Count - 1, p)));
            else if (line.StartsWith("rule:", StringComparison.Ordinal))
                rules.Add((concepts.Count - 1, line[5..].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            else throw new FormatException($"cause lexicon: cannot read line '{line}'");
        }

        var lexicon = new CauseLexicon(concepts);
        foreach (var (concept, entry) in terms)
        {
            var strong = entry.EndsWith('!');
            var phrase = entry.TrimEnd('!');
            var tokens = Usable(phrase, tokenize);
            if (tokens is null) continue;
            var weight = concepts[concept].Priority + 0.5 * (tokens.Count - 1) + (strong ? 2 : 0);
            Add(lexicon._phrases, string.Join(' ', tokens), (concept, weight));
        }
        for (var g = 0; g < groups.Count; g++)
        {
            lexicon._groupIndex[groups[g].Name] = g;
            foreach (var phrase in groups[g].Phrases)
            {
                var tokens = Usable(phrase, tokenize);
                if (tokens is null) continue;
                Add(lexicon._groupPhrases, string.Join(' ', tokens), g);
            }
        }
        foreach (var word in terms.Select(t => t.Phrase.TrimEnd('!')).Concat(groups.SelectMany(g => g.Phrases))
                     .SelectMany(p => p.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            if (lexicon._surfaceWords.Add(word) && word.Length >= MinCorrectedLength - 1 && word.All(char.IsLetter))
            {
                var shape = (word[0], word.Length);
                if (!lexicon._surfaceByShape.TryGetValue(shape, out var list)) lexicon._surfaceByShape[shape] = list = [];
                list.Add(word);
            }
        foreach (var (concept, names) in rules)
        {
            var ids = names.Select(n => lexicon._groupIndex.TryGetValue(n, out var id) ? id : throw new FormatException($"cause lexicon: unknown group '{n}'")).ToArray();
            lexicon._rules.Add((concept, ids, concepts[concept].Priority + 0.5 * ids.Length));
        }
        return lexicon;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(value)) list.Add(value);
    }

    /// <summary>
    /// The phrase's tokens, or null when it cannot be matched faithfully: empty, too long, or a phrase of several words
    /// the tokenizer reduced to one ("fail over" → "fail" would make every failure a failover).
    /// </summary>
    private static IReadOnlyList<string>? Usable(string phrase, Func<string, IReadOnlyList<string>> tokenize)
    {
        var tokens = tokenize(phrase);
        if (tokens.Count is 0 or > MaxPhraseTokens) return null;
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words > 1 && tokens.Count == 1 ? null : tokens;
    }

    private const int MinCorrectedLength = 7;

    /// <summary>
    /// <paramref name="text"/> with typos of the lexicon's own words corrected before any stemming ("certifcate" →
    /// "certificate", "connnection"): a word of seven letters or more that the lexicon does not know becomes the one
    /// lexicon word (same first letter) one edit away, when there is exactly one. Done on the surface text because
    /// stemming would otherwise take the typo beyond recognition.
    /// </summary>
    public string CorrectText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LongWord().Replace(text, m =>
        {
            var lower = m.Value.ToLowerInvariant();
            if (_surfaceWords.Contains(lower)) return m.Value;
            var fixedWord = _corrections.GetOrAdd(lower, Correct);
            return fixedWord == lower ? m.Value : fixedWord;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}{7,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LongWord();

    private string Correct(string token)
    {
        if (!token.All(char.IsLetter)) return token;
        string? found = null;
        for (var length = token.Length - 1; length <= token.Length + 1; length++)
        {
            if (!_surfaceByShape.TryGetValue((token[0], length), out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                if (!WithinOneEdit(token, candidate)) continue;
                if (found is not null && found != candidate) return token;   // ambiguous: leave it
                found = candidate;
            }
        }
        return found ?? token;
    }

    /// <summary>One insertion, deletion, substitution or transposition of neighbours apart.</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1 || a == b) return false;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (a.Length == b.Length)
        {
            if (a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))) return true;
            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
        }
        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }

    private static string[] SplitList(string s) => s.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Concept scores of a tokenized statement (index = concept index, 0 = no evidence): the best hit plus
    /// a little for every further hit, so several mentions of a concept beat one stray word.
    /// </summary>
    public double[] Score(IReadOnlyList<string> tokens)
    {
        var best = new double[Concepts.Count];
        var extra = new double[Concepts.Count];
        var groupsSeen = new bool[_groupIndex.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var key = tokens[i];
            for (var n = 1; n <= MaxPhraseTokens && i + n <= tokens.Count; n++)
            {
                if (n > 1) key = key + " " + tokens[i + n - 1];
                if (_phrases.TryGetValue(key, out var hits))
                    foreach (var (concept, weight) in hits) Hit(concept, weight);
                if (_groupPhrases.TryGetValue(key, out var gs))
                    foreach (var g in gs) groupsSeen[g] = true;
            }
        }
        foreach (var (concept, groups, weight) in _rules)
            if (groups.All(g => groupsSeen[g])) Hit(concept, weight);
        for (var c = 0; c < best.Length; c++) best[c] += Math.Min(extra[c], 1.0);
        return best;

        void Hit(int concept, double weight)
        {
            if (weight > best[concept]) { extra[concept] += best[concept] > 0 ? 0.25 : 0; best[concept] = weight; }
            else extra[concept] += 0.25;
        }
    }

    /// <summary>The winning concept index, or -1 when no concept has evidence. Ties go to the earlier concept in the file.</summary>
    public int Classify(IReadOnlyList<string> tokens)
    {
        var scores = Score(tokens);
        var bestIndex = -1;
        var bestScore = 0.0;
        for (var c = 0; c < scores.Length; c++)
            if (scores[c] > bestScore + 1e-9) { bestScore = scores[c]; bestIndex = c; }
        return bestIndex;
    }

    /// <summary>Whether the text carries any cause term (used to keep short fragments like "OOM").</summary>
    public bool HasCauseTerm(IReadOnlyList<string> tokens) => Classify(tokens) >= 0;
}
