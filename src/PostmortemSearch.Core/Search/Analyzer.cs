using System.Collections.Concurrent;
using System.Reflection;

namespace PostmortemSearch.Core.Search;

/// <summary>What kind of token the analyzer produced.</summary>
public enum TokenKind
{
    /// <summary>An ordinary word, or one part of a split identifier.</summary>
    Word,
    /// <summary>An identifier kept whole (<c>us-east-1</c>, <c>oomkilled</c>) at the position of its first part.</summary>
    Compound,
    /// <summary>The canonical term of an ops-vocabulary group, added at the position of the word(s) it stands for.</summary>
    Synonym,
}

/// <summary>One analyzed token: the index term, its position, and the UTF-16 offsets [Start, End) of the text it came from.</summary>
public readonly record struct Token(string Text, int Position, int Start, int End, TokenKind Kind);

/// <summary>Switches for the analysis chain, so an ablation can show what each stage contributes.</summary>
public sealed record AnalyzerOptions
{
    public static readonly AnalyzerOptions Default = new();
    public bool Synonyms { get; init; } = true;
    public bool Stemming { get; init; } = true;
    public bool StopWords { get; init; } = true;
}

internal interface ITokenSink
{
    void Add(string term, string display, int position, int start, int end, TokenKind kind);
}

/// <summary>
/// The one analysis chain for indexing, querying, snippets and "similar": tokenizer (identifiers kept whole
/// and split) → lower-case + diacritic fold → ops vocabulary (Data/synonyms.txt) → stop words (Data/stopwords.txt)
/// → Porter2 English stemmer. Thread-safe; share one instance.
/// </summary>
public sealed class Analyzer
{
    private const int MaxTokenLength = 64;
    private const int MaxCacheEntries = 400_000;

    private static readonly Lazy<Analyzer> DefaultInstance = new(() => new Analyzer(AnalyzerOptions.Default));

    private readonly HashSet<string> _stopWords;
    private readonly Dictionary<string, Canonical> _singleByFolded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Canonical> _singleByTerm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PhraseEntry[]> _phrasesByFirstTerm = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WordInfo> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;

    [ThreadStatic] private static List<RawWord>? t_raw;
    private int _cacheCount;

    public static Analyzer Default => DefaultInstance.Value;

    public AnalyzerOptions Options { get; }

    public Analyzer(AnalyzerOptions? options = null, string? synonymsText = null, string? stopWordsText = null)
    {
        Options = options ?? AnalyzerOptions.Default;
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _stopWords = new HashSet<string>(ReadLines(stopWordsText ?? ReadResource("stopwords.txt")), StringComparer.Ordinal);
        if (Options.Synonyms) LoadSynonyms(synonymsText ?? ReadResource("synonyms.txt"));
    }

    /// <summary>Analyzes <paramref name="text"/> into index terms with positions and character offsets.</summary>
    public IReadOnlyList<Token> Analyze(string text)
    {
        var sink = new ListSink { Tokens = [] };
        Analyze(text, 0, ref sink);
        return sink.Tokens;
    }

    /// <summary>The index term for a single word (folded, stemmed, no synonyms), or null for a stop word or no word.</summary>
    internal string? TermOf(string word)
    {
        Span<char> buf = stackalloc char[MaxTokenLength * 2];
        var n = Fold(word.AsSpan(), buf);
        if (n == 0 || n > MaxTokenLength) return null;
        var info = Lookup(buf[..n]);
        return info.Stop ? null : info.Term;
    }

    /// <summary>Streams tokens to <paramref name="sink"/>; positions start at <paramref name="basePosition"/>. Returns the next free position.</summary>
    internal int Analyze<TSink>(string text, int basePosition, ref TSink sink) where TSink : ITokenSink
    {
        var raw = t_raw ??= new List<RawWord>(256);
        raw.Clear();
        var next = Tokenize(text, basePosition, raw);
        Emit(raw, ref sink);
        return next;
    }

    private int Tokenize(string text, int position, List<RawWord> raw)
    {
        Span<char> fold = stackalloc char[MaxTokenLength * 2 + 8];
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            if (!IsWordChar(text, i)) { i++; continue; }
            // A compound: word chars, joined by single joiners that sit between word chars.
            var start = i;
            var joiners = 0;
            while (i < n)
            {
                if (IsWordChar(text, i)) { i += char.IsHighSurrogate(text[i]) && i + 1 < n ? 2 : 1; continue; }
                if (IsJoiner(text[i]) && i + 1 < n && IsWordChar(text, i + 1)) { joiners++; i++; continue; }
                if (IsApostrophe(text[i]) && i + 1 < n && char.IsLetter(text[i + 1]) && i > start && char.IsLetter(text[i - 1])) { i++; continue; }
                break;
            }
            var end = i;
            // possessive 's is dropped, as Lucene's English analyzer does
            if (end - start > 2 && (text[end - 1] is 's' or 'S') && IsApostrophe(text[end - 2])) end -= 2;
            var span = text.AsSpan(start, end - start);
            if (span.Length > 256) { position++; continue; }

            var camel = joiners == 0 && HasCamelBoundary(span);
            if (joiners == 0 && !camel)
            {
                AddWord(raw, span, start, end, position, TokenKind.Word, fold);
                position++;
                continue;
            }
            // whole identifier first (same position as its first part), then the parts
            if (span.Length <= MaxTokenLength)
                AddWord(raw, span, start, end, position, TokenKind.Compound, fold);
            var partStart = 0;
            for (var k = 0; k <= span.Length; k++)
            {
                if (k < span.Length && !IsJoiner(span[k])) continue;
                if (k > partStart)
                {
                    var part = span[partStart..k];
                    var sub = 0;
                    for (var c = 1; c <= part.Length; c++)
                    {
                        if (c < part.Length && !IsCamelBoundary(part, c)) continue;
                        var piece = part[sub..c];
                        if (!(piece.Length == 1 && char.IsLetter(piece[0])))
                        {
                            AddWord(raw, piece, start + partStart + sub, start + partStart + c, position, TokenKind.Word, fold);
                            position++;
                        }
                        sub = c;
                    }
                }
                partStart = k + 1;
            }
        }
        return position;
    }

    private void AddWord(List<RawWord> raw, ReadOnlySpan<char> word, int start, int end, int position, TokenKind kind, Span<char> fold)
    {
        var n = Fold(word, fold);
        if (n == 0 || n > MaxTokenLength) return;
        raw.Add(new RawWord(Lookup(fold[..n]), position, start, end, kind));
    }

    private void Emit<TSink>(List<RawWord> raw, ref TSink sink) where TSink : ITokenSink
    {
        for (var i = 0; i < raw.Count; i++)
        {
            var w = raw[i];
            var info = w.Info;
            if (!info.Stop || w.Kind == TokenKind.Compound)
                sink.Add(info.Term, info.Folded, w.Position, w.Start, w.End, w.Kind);
            if (info.Synonym is { } syn && syn.Term != info.Term)
                sink.Add(syn.Term, syn.Display, w.Position, w.Start, w.End, TokenKind.Synonym);
            if (w.Kind == TokenKind.Word && _phrasesByFirstTerm.TryGetValue(info.Term, out var phrases))
            {
                foreach (var phrase in phrases)
                {
                    if (MatchPhrase(raw, i, phrase.Terms, out var lastEnd))
                    {
                        sink.Add(phrase.Canonical.Term, phrase.Canonical.Display, w.Position, w.Start, lastEnd, TokenKind.Synonym);
                        break;
                    }
                }
            }
        }
    }

    private static bool MatchPhrase(List<RawWord> raw, int first, string[] terms, out int lastEnd)
    {
        lastEnd = raw[first].End;
        var j = first + 1;
        for (var t = 1; t < terms.Length; t++)
        {
            while (j < raw.Count && raw[j].Kind == TokenKind.Compound) j++;
            if (j >= raw.Count || !ReferenceEquals(raw[j].Info.Term, terms[t]) && raw[j].Info.Term != terms[t]) return false;
            lastEnd = raw[j].End;
            j++;
        }
        return true;
    }

    private WordInfo Lookup(ReadOnlySpan<char> folded)
    {
        if (_cacheBySpan.TryGetValue(folded, out var info)) return info;
        var s = new string(folded);
        info = CreateInfo(s);
        // ConcurrentDictionary.Count takes every lock; keep our own (approximate) count
        if (_cacheCount < MaxCacheEntries && _cache.TryAdd(s, info)) Interlocked.Increment(ref _cacheCount);
        return info;
    }

    private WordInfo CreateInfo(string folded)
    {
        var stop = Options.StopWords && _stopWords.Contains(folded);
        var term = Options.Stemming && !HasDigit(folded) ? EnglishStemmer.Stem(folded) : folded;
        Canonical? synonym = null;
        if (Options.Synonyms && (_singleByFolded.TryGetValue(folded, out var c) || _singleByTerm.TryGetValue(term, out c))) synonym = c;
        return new WordInfo(folded, term, stop, synonym);
    }

    private void LoadSynonyms(string text)
    {
        var phrases = new Dictionary<string, List<PhraseEntry>>(StringComparer.Ordinal);
        foreach (var line in ReadLines(text))
        {
            var entries = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (entries.Length == 0) continue;
            var canonicalTerms = WordTerms(entries[0]);
            if (canonicalTerms.Length == 0) continue;
            var canonical = new Canonical(string.Intern(string.Join('_', canonicalTerms)), entries[0].ToLowerInvariant());
            foreach (var entry in entries)
            {
                var terms = WordTerms(entry);
                if (terms.Length == 1)
                {
                    var folded = FoldString(entry);
                    _singleByFolded.TryAdd(folded, canonical);
                    _singleByTerm.TryAdd(terms[0], canonical);
                }
                else if (terms.Length > 1)
                {
                    if (!phrases.TryGetValue(terms[0], out var list)) phrases[terms[0]] = list = [];
                    list.Add(new PhraseEntry(terms, canonical));
                }
            }
        }
        foreach (var (first, list) in phrases)
            _phrasesByFirstTerm[first] = [.. list.OrderByDescending(p => p.Terms.Length)];
    }

    /// <summary>The stemmed terms of a vocabulary entry, split the way the tokenizer splits text (stop words kept).</summary>
    private string[] WordTerms(string entry)
    {
        var result = new List<string>();
        foreach (var word in entry.Split([' ', '-', '.', '/', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = FoldString(word);
            if (folded.Length == 0) continue;
            result.Add(Options.Stemming && !HasDigit(folded) ? EnglishStemmer.Stem(folded) : folded);
        }
        // an entry like "x.509" or "oom-killed" is a single identifier to the tokenizer when written without spaces
        if (!entry.Contains(' ', StringComparison.Ordinal) && result.Count > 1)
            return [FoldString(entry)];
        return [.. result];
    }

    private static string FoldString(string s)
    {
        Span<char> buf = stackalloc char[Math.Min(512, s.Length * 2 + 4)];
        var n = Fold(s.AsSpan(0, Math.Min(s.Length, 250)), buf);
        return new string(buf[..n]);
    }

    private static string ReadResource(string name)
    {
        var assembly = typeof(Analyzer).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(r => r.EndsWith("Search.Data." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> ReadLines(string text) =>
        text.Split('\n').Select(l => (l.IndexOf('#', StringComparison.Ordinal) is var h and >= 0 ? l[..h] : l).Trim()).Where(l => l.Length > 0);

    private static bool HasDigit(string s)
    {
        foreach (var c in s)
            if (char.IsAsciiDigit(c)) return true;
        return false;
    }

    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsAsciiLetterOrDigit(c)) return true;
        if (c < 128) return false;
        return char.IsLetterOrDigit(c);
    }

    private static bool IsJoiner(char c) => c is '-' or '.' or '_' or '/' or ':' or '@';
    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool HasCamelBoundary(ReadOnlySpan<char> s)
    {
        for (var i = 1; i < s.Length; i++)
            if (IsCamelBoundary(s, i)) return true;
        return false;
    }

    /// <summary>True when a new camel-case piece starts at <paramref name="i"/>: aB, or the B of ABc.</summary>
    private static bool IsCamelBoundary(ReadOnlySpan<char> s, int i)
    {
        if (!char.IsUpper(s[i])) return false;
        var prev = s[i - 1];
        if (char.IsLower(prev)) return true;
        return char.IsUpper(prev) && i + 1 < s.Length && char.IsLower(s[i + 1]) && i >= 2;
    }

    /// <summary>Lower-cases and strips diacritics (Latin scripts); returns the length written to <paramref name="dst"/>.</summary>
    internal static int Fold(ReadOnlySpan<char> src, Span<char> dst)
    {
        var n = 0;
        foreach (var ch in src)
        {
            if (n >= dst.Length - 2) break;
            if (ch < 128)
            {
                dst[n++] = ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch;
                continue;
            }
            if (ch == '\u2019') { dst[n++] = '\''; continue; }
            var lower = char.ToLowerInvariant(ch);
            switch (lower)
            {
                case 'ß': dst[n++] = 's'; dst[n++] = 's'; continue;
                case 'æ': dst[n++] = 'a'; dst[n++] = 'e'; continue;
                case 'œ': dst[n++] = 'o'; dst[n++] = 'e'; continue;
            }
            dst[n++] = FoldChar(lower);
        }
        return n;
    }

    private const string Latin1From = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    private const string Latin1To = "aaaaaaceeeeiiiinoooooouuuuyy";
    private const string ExtAFrom = "āăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉōŏőŕŗřśŝşšţťŧũūŭůűųŵŷźżž";
    private const string ExtATo = "aaaccccddeeeeegggghhiiiiijklllllnnnnooorrrsssstttuuuuuuwyzzz";

    private static char FoldChar(char c)
    {
        var i = Latin1From.IndexOf(c, StringComparison.Ordinal);
        if (i >= 0) return Latin1To[i];
        i = ExtAFrom.IndexOf(c, StringComparison.Ordinal);
        return i >= 0 ? ExtATo[i] : c;
    }

    private sealed record Canonical(string Term, string Display);

    private sealed record PhraseEntry(string[] Terms, Canonical Canonical);

    private sealed record WordInfo(string Folded, string Term, bool Stop, Canonical? Synonym);

    private readonly record struct RawWord(WordInfo Info, int Position, int Start, int End, TokenKind Kind);

    private struct ListSink : ITokenSink
    {
        public List<Token> Tokens;

        public readonly void Add(string term, string display, int position, int start, int end, TokenKind kind) =>
            Tokens.Add(new Token(term, position, start, end, kind));
    }
}
