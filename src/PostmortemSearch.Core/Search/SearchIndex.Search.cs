using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PostmortemSearch.Core.Search;

public sealed partial class SearchIndex
{
    private const int MaxOffset = 10_000;

    /// <summary>
    /// Runs a search over what the request's audience may see. Throws <see cref="QueryException"/> for a query it
    /// cannot understand or that exceeds the time budget, and <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled (the caller went away).
    /// </summary>
    public SearchResults Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = WithRequestFilters(QueryParser.Parse(request.Query), request);
        var limit = Math.Clamp(request.Limit, 1, SearchRequest.MaxLimit);
        var offset = Math.Clamp(request.Offset, 0, MaxOffset);
        using var lease = _lucene.Acquire(request.IncludeRestricted);
        var mapped = QueryMapper.Map(parsed, lease.Reader, _options.Analyzer, _options, IdsWithAnyFactor(parsed.Factors));
        if (mapped.MatchesNothing) return new SearchResults { DidYouMean = Spelling.Suggest(lease.Reader, _options.Analyzer, parsed, request.Query) };

        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(_options.TimeBudget.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var searcher = lease.Searcher;
        var top = TopFieldCollector.Create(mapped.HasText ? BestFirst : NewestFirst, offset + limit,
            fillFields: false, trackDocScores: mapped.HasText, trackMaxScore: false, docsScoredInOrder: false);
        var facets = new FacetCollector(deadline, cancellationToken);
        try
        {
            facets.Check();
            searcher.Search(mapped.Query, mapped.Filter, MultiCollector.Wrap(top, facets));
        }
        catch (TimeoutException)
        {
            throw new QueryException($"The search took longer than its {_options.TimeBudget.TotalSeconds:0.#} s budget; use fewer or more specific words.");
        }

        var scoreDocs = top.GetTopDocs(offset, limit).ScoreDocs;
        var weights = SnippetWeights(lease.Reader, mapped.Terms);
        var fieldWeights = _options.FieldWeights();
        var hits = new List<SearchHit>(scoreDocs.Length);
        foreach (var sd in scoreDocs)
        {
            var doc = IndexSchema.FromStored(searcher.Doc(sd.Doc));
            var (snippet, section) = Snippets.Build(_options.Analyzer, doc, weights, fieldWeights);
            var score = mapped.HasText ? Math.Round(sd.Score, 4) : 0;
            hits.Add(new SearchHit(doc.Id, doc.Title, doc.IncidentStart, doc.Severity, doc.Services, score, snippet, section));
        }
        return new SearchResults
        {
            Total = facets.Total,
            Hits = hits,
            Facets = facets.ToFacets(),
            DidYouMean = Spelling.Suggest(lease.Reader, _options.Analyzer, parsed, request.Query),
        };
    }

    /// <summary>
    /// Equal scores are ordered by id, not by Lucene's doc number: merges reorder doc numbers, and the same store must
    /// give the same page however its index was built.
    /// </summary>
    private static readonly Sort BestFirst = new(SortField.FIELD_SCORE, new SortField(IndexSchema.Id, SortFieldType.STRING));

    /// <summary>Filter-only and empty queries list the newest incidents first (then by id).</summary>
    private static readonly Sort NewestFirst = new(new SortField(IndexSchema.Day, SortFieldType.INT32, reverse: true), new SortField(IndexSchema.Id, SortFieldType.STRING));

    /// <summary>The benchmark's timed unit: query string → ids of the top k (visible docs, no facets, no snippets).</summary>
    internal IReadOnlyList<(string Id, float Score)> TopIds(string query, int k)
    {
        var parsed = QueryParser.Parse(query);
        using var lease = _lucene.Acquire(includeRestricted: false);
        var mapped = QueryMapper.Map(parsed, lease.Reader, _options.Analyzer, _options, IdsWithAnyFactor(parsed.Factors));
        if (mapped.MatchesNothing) return [];
        var collector = TopScoreDocCollector.Create(k, docsScoredInOrder: false);
        lease.Searcher.Search(mapped.Query, mapped.Filter, collector);
        var top = collector.GetTopDocs().ScoreDocs;
        var result = new (string, float)[top.Length];
        var ids = new IdLookup(lease.Reader);
        for (var i = 0; i < top.Length; i++) result[i] = (ids.Of(top[i].Doc), top[i].Score);
        return result;
    }

    /// <summary>
    /// Which of <paramref name="ids"/> the index holds for this audience now and, when <paramref name="filters"/> is given,
    /// match its filters (service, team, severity, status, tag, dates; not factor:). Dense hits come from a vector cache
    /// that catches up in the background and carries its own copy of the filter fields: a postmortem deleted, made
    /// restricted or re-filed since must not come back through it, so the index decides.
    /// </summary>
    public IReadOnlySet<string> Visible(IEnumerable<string> ids, bool includeRestricted, ParsedQuery? filters = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var visible = new HashSet<string>(StringComparer.Ordinal);
        if (wanted.Count == 0) return visible;
        using var lease = _lucene.Acquire(includeRestricted);
        var filter = filters is null ? null : QueryMapper.FilterOf(filters with { Factors = [] });
        var lookup = new IdLookup(lease.Reader);
        foreach (var chunk in wanted.Chunk(1000))
        {
            var any = new BooleanQuery();
            foreach (var id in chunk) any.Add(new TermQuery(new Term(IndexSchema.Id, id)), Occur.SHOULD);
            foreach (var hit in lease.Searcher.Search(any, filter, chunk.Length).ScoreDocs) visible.Add(lookup.Of(hit.Doc));
        }
        return visible;
    }

    /// <summary>Exact number of visible matches of a query.</summary>
    internal int CountMatches(string query)
    {
        var parsed = QueryParser.Parse(query);
        using var lease = _lucene.Acquire(includeRestricted: false);
        var mapped = QueryMapper.Map(parsed, lease.Reader, _options.Analyzer, _options, IdsWithAnyFactor(parsed.Factors));
        if (mapped.MatchesNothing) return 0;
        var count = new TotalHitCountCollector();
        lease.Searcher.Search(mapped.Query, mapped.Filter, count);
        return count.TotalHits;
    }

    /// <summary>The Lucene query a query string maps to (benchmarks report it).</summary>
    internal string Explain(string query)
    {
        using var lease = _lucene.Acquire(includeRestricted: false);
        return QueryMapper.Map(QueryParser.Parse(query), lease.Reader, _options.Analyzer, _options, null).Query.ToString();
    }

    /// <summary>The query with the request's own filter parameters (service, team, severity, after, before, factor) added.</summary>
    public static ParsedQuery WithRequestFilters(ParsedQuery q, SearchRequest r)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(r);
        if (r.Service is null && r.Team is null && r.Severity is null && r.After is null && r.Before is null && r.Factor is null) return q;
        var after = r.After is { Length: > 0 } a ? QueryParser.ParsePeriodStart(a, "after") : (DateOnly?)null;
        var before = r.Before is { Length: > 0 } b ? QueryParser.ParsePeriodStart(b, "before") : (DateOnly?)null;
        return q with
        {
            Services = r.Service is { Length: > 0 } s ? [.. q.Services, s.Trim().ToLowerInvariant()] : q.Services,
            Teams = r.Team is { Length: > 0 } t ? [.. q.Teams, t.Trim().ToLowerInvariant()] : q.Teams,
            Severities = r.Severity is { Length: > 0 } sev
                ? [.. q.Severities, QueryParser.NormalizeSeverity(sev) ?? throw new QueryException($"'{sev}' is not a severity; use {QueryParser.SeverityForms}.")]
                : q.Severities,
            Factors = r.Factor is { Length: > 0 } f ? [.. q.Factors, f.Trim()] : q.Factors,
            After = after is { } x && (q.After is null || x > q.After) ? x : q.After,
            Before = before is { } y && (q.Before is null || y < q.Before) ? y : q.Before,
        };
    }

    /// <summary>Query weight × BM25 idf per term, over the caller's reader (the field where the term is most common).</summary>
    internal static Dictionary<string, float> SnippetWeights(IndexReader reader, IReadOnlyDictionary<string, float> terms)
    {
        var n = (float)Math.Max(1, reader.MaxDoc);
        var result = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (term, weight) in terms)
        {
            var df = 0;
            foreach (var field in IndexSchema.TextFields) df = Math.Max(df, reader.DocFreq(new Term(field, term)));
            if (df > 0) result[term] = weight * MathF.Log(1f + (n - df + 0.5f) / (df + 0.5f));
        }
        return result;
    }

    /// <summary>Ids of hits from the id doc values (no stored-field decompression on the benchmark path).</summary>
    private sealed class IdLookup(IndexReader reader)
    {
        private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;
        private readonly BytesRef _scratch = new();

        public string Of(int doc)
        {
            var leaf = _leaves[ReaderUtil.SubIndex(doc, _leaves)];
            var values = leaf.AtomicReader.GetSortedDocValues(IndexSchema.Id);
            values.Get(doc - leaf.DocBase, _scratch);
            return _scratch.Utf8ToString();
        }
    }
}
