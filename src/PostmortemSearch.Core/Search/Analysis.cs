using System.Reflection;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using LuceneAnalyzer = Lucene.Net.Analysis.Analyzer;

namespace PostmortemSearch.Core.Search;

/// <summary>What kind of token the analyzer produced.</summary>
public enum TokenKind
{
    /// <summary>A word of the text.</summary>
    Word,
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

/// <summary>
/// The one analysis chain for indexing, querying, snippets, "similar" and factor clustering, built from
/// Lucene.Net.Analysis.Common: standard tokenizer (UAX#29: "7,500", "InnoDB" and "mTLS" stay whole tokens) →
/// English possessive → lower case → ASCII folding → plural folding → ops vocabulary (Data/synonyms.txt) →
/// stop words (Data/stopwords.txt) → Porter2 (Snowball English) stemming, as the clustering was tuned with. The vocabulary matches words before stemming, so
/// "resolver" (a DNS word) does not pull in "resolved"; only plurals are folded first ("certificates").
/// Thread-safe; share one instance.
/// </summary>
public sealed class Analyzer
{
    internal const string SynonymType = "SYNONYM";
    /// <summary>Plurals are folded only from this length on: "dns", "k8s" and "sms" are not plurals.</summary>
    private const int MinPluralLength = 5;

    private static readonly Lazy<Analyzer> DefaultInstance = new(() => new Analyzer(AnalyzerOptions.Default));

    private readonly CharArraySet _stopWords;
    private readonly SynonymMap? _synonyms;

    public static Analyzer Default => DefaultInstance.Value;

    public AnalyzerOptions Options { get; }

    /// <summary>The index and query chain, as a Lucene analyzer (every text field uses it).</summary>
    internal LuceneAnalyzer Index { get; }

    /// <summary>Surface words (tokenized, lower-cased, folded; no stop words, stems or synonyms): did-you-mean and <c>prefix*</c>.</summary>
    internal LuceneAnalyzer Words { get; }

    public Analyzer(AnalyzerOptions? options = null, string? synonymsText = null, string? stopWordsText = null)
    {
        Options = options ?? AnalyzerOptions.Default;
        _stopWords = new CharArraySet(IndexSchema.Version, ReadLines(stopWordsText ?? ReadResource("stopwords.txt")).ToList(), ignoreCase: false);
        Words = LuceneAnalyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(IndexSchema.Version, reader);
            return new TokenStreamComponents(tokenizer, Surface(tokenizer));
        });
        if (Options.Synonyms) _synonyms = BuildSynonyms(synonymsText ?? ReadResource("synonyms.txt"));
        Index = LuceneAnalyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(IndexSchema.Version, reader);
            TokenStream stream = Surface(tokenizer);
            if (Options.Stemming) stream = new PluralFoldFilter(stream);
            if (_synonyms is not null) stream = new KeywordSynonymsFilter(new SynonymFilter(stream, _synonyms, ignoreCase: false));
            if (Options.StopWords) stream = new StopFilter(IndexSchema.Version, stream, _stopWords);
            if (Options.Stemming) stream = new SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.EnglishStemmer());
            return new TokenStreamComponents(tokenizer, stream);
        });
    }

    private static ASCIIFoldingFilter Surface(Tokenizer tokenizer) =>
        new ASCIIFoldingFilter(new LowerCaseFilter(IndexSchema.Version, new EnglishPossessiveFilter(IndexSchema.Version, tokenizer)));

    /// <summary>Analyzes <paramref name="text"/> into index terms with positions and character offsets.</summary>
    public IReadOnlyList<Token> Analyze(string text) => Run(Index, text);

    /// <summary>The surface words of <paramref name="text"/> as the did-you-mean and prefix vocabulary holds them.</summary>
    internal IReadOnlyList<Token> SurfaceWords(string text) => Run(Words, text);

    private static List<Token> Run(LuceneAnalyzer analyzer, string text)
    {
        var tokens = new List<Token>();
        using var stream = analyzer.GetTokenStream(IndexSchema.Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var kind = type.Type == SynonymType ? TokenKind.Synonym : TokenKind.Word;
            tokens.Add(new Token(term.ToString(), Math.Max(0, position), offset.StartOffset, offset.EndOffset, kind));
        }
        stream.End();
        return tokens;
    }

    /// <summary>
    /// One group per line: every entry (a word or a phrase, matched as analysed up to the synonym stage) also indexes
    /// as the group's canonical term, a single token ("disk full" → <c>disk_full</c>) so multi-word groups need no
    /// graph at query time.
    /// </summary>
    private SynonymMap BuildSynonyms(string text)
    {
        var prefix = LuceneAnalyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(IndexSchema.Version, reader);
            TokenStream stream = Surface(tokenizer);
            if (Options.Stemming) stream = new PluralFoldFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        });
        var builder = new SynonymMap.Builder(dedup: true);
        foreach (var line in ReadLines(text))
        {
            var entries = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (entries.Length == 0) continue;
            var canonicalWords = Run(prefix, entries[0]).Select(t => t.Text).ToArray();
            if (canonicalWords.Length == 0) continue;
            var canonical = new CharsRef(string.Join('_', canonicalWords));
            foreach (var entry in entries)
            {
                var words = Run(prefix, entry).Select(t => t.Text).ToArray();
                if (words.Length == 0 || (words.Length == 1 && words[0] == canonical.ToString())) continue;
                builder.Add(SynonymMap.Builder.Join(words, new CharsRef()), canonical, includeOrig: true);
            }
        }
        return builder.Build();
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

    /// <summary>Lucene's minimal English plural stemmer, for words of <see cref="MinPluralLength"/> or more characters.</summary>
    private sealed class PluralFoldFilter : TokenFilter
    {
        private readonly EnglishMinimalStemmer _stemmer = new();
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;

        public PluralFoldFilter(TokenStream input) : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            if (!_keyword.IsKeyword && _term.Length >= MinPluralLength) _term.Length = _stemmer.Stem(_term.Buffer, _term.Length);
            return true;
        }
    }

    /// <summary>Canonical vocabulary terms are index terms as written: the stemmer must not touch them.</summary>
    private sealed class KeywordSynonymsFilter : TokenFilter
    {
        private readonly ITypeAttribute _type;
        private readonly IKeywordAttribute _keyword;

        public KeywordSynonymsFilter(TokenStream input) : base(input)
        {
            _type = AddAttribute<ITypeAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            if (_type.Type == SynonymType) _keyword.IsKeyword = true;
            return true;
        }
    }
}
