using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PostmortemSearch.Core.Search;

/// <summary>A parsed query as Lucene runs it, plus the weighted terms the snippets highlight.</summary>
internal sealed record MappedQuery(Query Query, Filter? Filter, bool HasText, IReadOnlyDictionary<string, float> Terms)
{
    /// <summary>The user wrote words, but none of them is searchable (stop words only, symbols, a prefix nothing starts with): no hits.</summary>
    public bool MatchesNothing { get; init; }
}

/// <summary>
/// The one place that maps the documented query language (<see cref="ParsedQuery"/>) onto Lucene queries. Free words
/// and prefix expansions become ONE flat disjunction of term queries over the weighted fields (Lucene.Net 4.8 scores
/// nested boolean queries much more slowly; the flat OR has the same hits and scores); phrases are required,
/// exclusions prohibited, filters a <see cref="Filter"/> that does not score. Prefixes are expanded over the
/// caller's reader, so a public caller's <c>word*</c> never expands to a word only restricted postmortems hold.
/// </summary>
internal static class QueryMapper
{
    /// <summary>
    /// A query word with an ops-vocabulary synonym splits its weight between the word and the group's canonical term,
    /// so having a synonym does not make a word count more than the other words of the query.
    /// </summary>
    private const float SynonymShare = 0.5f;
    private const float PrefixWeight = 0.8f;

    static QueryMapper()
    {
        // 64 query parts × synonyms × 7 fields, or 50 prefix expansions × 7 fields, exceed Lucene's default of 1024
        BooleanQuery.MaxClauseCount = 16_384;
    }

    public static MappedQuery Map(ParsedQuery parsed, IndexReader reader, Analyzer analyzer, SearchIndexOptions options, IReadOnlyCollection<string>? factorIds)
    {
        var weights = options.FieldWeights();
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        void AddTerm(string term, float weight)
        {
            if (!terms.TryGetValue(term, out var w) || w < weight) terms[term] = weight;
        }
        void AddTokens(IReadOnlyList<Token> tokens)
        {
            var synonymAt = tokens.Where(t => t.Kind == TokenKind.Synonym).Select(t => t.Position).ToHashSet();
            foreach (var t in tokens)
                AddTerm(t.Text, t.Kind == TokenKind.Synonym ? SynonymShare : synonymAt.Contains(t.Position) ? 1f - SynonymShare : 1f);
        }
        if (parsed.Terms.Count > 0) AddTokens(analyzer.Analyze(string.Join(' ', parsed.Terms)));

        var phrases = new List<Query>();
        foreach (var p in parsed.Phrases)
        {
            var tokens = analyzer.Analyze(p);
            AddTokens(tokens);
            if (PhraseOverFields(tokens) is { } phrase) phrases.Add(phrase);
        }
        foreach (var prefix in parsed.Prefixes)
            foreach (var word in ExpandPrefix(reader, analyzer, prefix, options.MaxPrefixExpansions))
                foreach (var t in analyzer.Analyze(word))
                    AddTerm(t.Text, PrefixWeight);

        var query = new BooleanQuery(disableCoord: true);
        foreach (var (term, weight) in terms)
            for (var f = 0; f < IndexSchema.TextFields.Length; f++)
                query.Add(new TermQuery(new Term(IndexSchema.TextFields[f], term)) { Boost = weight * weights[f] }, Occur.SHOULD);
        foreach (var phrase in phrases) query.Add(phrase, Occur.MUST);

        var hasText = terms.Count > 0;
        var wroteText = parsed.Terms.Count > 0 || parsed.Phrases.Count > 0 || parsed.Prefixes.Count > 0 || parsed.IgnoredParts > 0;
        var matchesNothing = wroteText && !hasText || parsed.Phrases.Count > phrases.Count;
        if (!hasText) query.Add(new MatchAllDocsQuery(), Occur.MUST);

        foreach (var word in parsed.ExcludedTerms)
        {
            var tokens = analyzer.Analyze(word).Where(t => t.Kind == TokenKind.Word).ToList();
            if (tokens.Count == 1)
                foreach (var field in IndexSchema.TextFields) query.Add(new TermQuery(new Term(field, tokens[0].Text)), Occur.MUST_NOT);
            else if (PhraseOverFields(tokens) is { } phrase) query.Add(phrase, Occur.MUST_NOT);
        }
        foreach (var p in parsed.ExcludedPhrases)
            if (PhraseOverFields(analyzer.Analyze(p)) is { } phrase) query.Add(phrase, Occur.MUST_NOT);

        return new MappedQuery(query, Filters(parsed, factorIds), hasText, terms) { MatchesNothing = matchesNothing };
    }

    /// <summary>The phrase's words (not the vocabulary terms stacked on them) at their positions, in any one text field.</summary>
    private static BooleanQuery? PhraseOverFields(IReadOnlyList<Token> tokens)
    {
        var words = tokens.Where(t => t.Kind == TokenKind.Word).ToList();
        if (words.Count == 0) return null;
        var any = new BooleanQuery(disableCoord: true);
        foreach (var field in IndexSchema.TextFields)
        {
            if (words.Count == 1)
            {
                any.Add(new TermQuery(new Term(field, words[0].Text)), Occur.SHOULD);
                continue;
            }
            var phrase = new PhraseQuery();
            foreach (var w in words) phrase.Add(new Term(field, w.Text), w.Position - words[0].Position);
            any.Add(phrase, Occur.SHOULD);
        }
        return any;
    }

    /// <summary>Surface words starting with <paramref name="prefix"/> that a live document of this reader holds, most frequent first.</summary>
    internal static List<string> ExpandPrefix(IndexReader reader, Analyzer analyzer, string prefix, int max)
    {
        var folded = analyzer.SurfaceWords(prefix) is [var first, ..] ? first.Text : null;
        if (string.IsNullOrEmpty(folded)) return [];
        var candidates = new List<(string Word, int Df)>();
        var terms = MultiFields.GetTerms(reader, IndexSchema.Words);
        if (terms is null) return [];
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var e = terms.GetEnumerator();
        var start = new BytesRef(folded);
        if (e.SeekCeil(start) == TermsEnum.SeekStatus.END) return [];
        do
        {
            if (!StringHelper.StartsWith(e.Term, start)) break;
            var df = LiveDocFrequency(e, liveDocs, int.MaxValue);
            if (df > 0) candidates.Add((e.Term.Utf8ToString(), df));
        } while (e.MoveNext());
        return [.. candidates.OrderByDescending(c => c.Df).ThenBy(c => c.Word, StringComparer.Ordinal).Take(max).Select(c => c.Word)];
    }

    /// <summary>Documents not deleted that hold the enumerator's current term, counting up to <paramref name="stopAt"/>.</summary>
    internal static int LiveDocFrequency(TermsEnum e, IBits? liveDocs, int stopAt)
    {
        if (liveDocs is null) return Math.Min(e.DocFreq, stopAt);
        var docs = e.Docs(liveDocs, null, DocsFlags.NONE);
        var n = 0;
        while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            if (++n >= stopAt) break;
        return n;
    }

    /// <summary>The query's filters alone (factor: needs the factor ids, so it is left to <see cref="Map"/>), or null when it has none.</summary>
    public static Filter? FilterOf(ParsedQuery q) => Filters(q, null);

    private static QueryWrapperFilter? Filters(ParsedQuery q, IReadOnlyCollection<string>? factorIds)
    {
        var all = new BooleanQuery();
        void AnyOf(string field, IReadOnlyList<string> values)
        {
            if (values.Count == 0) return;
            var any = new BooleanQuery();
            foreach (var v in values) any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
            all.Add(any, Occur.MUST);
        }
        AnyOf(IndexSchema.Service, q.Services);
        AnyOf(IndexSchema.Team, q.Teams);
        AnyOf(IndexSchema.Severity, [.. q.Severities.Select(s => s.ToUpperInvariant())]);
        AnyOf(IndexSchema.Status, q.Statuses);
        AnyOf(IndexSchema.Tag, q.Tags);
        if (q.Factors.Count > 0)
        {
            if (factorIds is null || factorIds.Count == 0) all.Add(new BooleanQuery(), Occur.MUST); // matches nothing
            else all.Add(new ConstantScoreQuery(new TermsFilter([.. factorIds.Select(id => new Term(IndexSchema.Id, id))])), Occur.MUST);
        }
        if (q.After is not null || q.Before is not null)
        {
            int? min = q.After?.DayNumber, max = q.Before?.DayNumber;
            all.Add(NumericRangeQuery.NewInt32Range(IndexSchema.Day, min, max, minInclusive: true, maxInclusive: false), Occur.MUST);
        }
        return all.Clauses.Count == 0 ? null : new QueryWrapperFilter(all);
    }
}
