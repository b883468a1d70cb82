using System.Numerics;

namespace PostmortemSearch.Core.Search;

public sealed partial class SearchIndex
{
    private const int MaxOffset = 10_000;

    /// <summary>Runs a search. Throws <see cref="QueryException"/> (and nothing else) for a query it cannot understand.</summary>
    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snap = _snapshot;
        var parsed = WithRequestFilters(QueryParser.Parse(request.Query), request);
        var compiled = Compile(snap, parsed);
        var accept = Accept(snap, parsed, request.IncludeRestricted);
        var limit = Math.Clamp(request.Limit, 1, SearchRequest.MaxLimit);
        var offset = Math.Clamp(request.Offset, 0, MaxOffset);

        var matched = MatchAll(snap, compiled, accept);
        var total = 0;
        foreach (var w in matched) total += BitOperations.PopCount(w);

        List<ScoredDoc> ranked;
        if (compiled.HasText)
        {
            ranked = TopK(snap, compiled, accept, offset + limit);
        }
        else
        {
            // no words: newest first
            ranked = [];
            for (var d = 0; d < snap.DocCount; d++)
                if ((matched[d >> 6] & (1UL << d)) != 0) ranked.Add(new ScoredDoc(d, 0f));
            ranked.Sort((a, b) => Nullable.Compare(snap.Docs[b.Doc].Date, snap.Docs[a.Doc].Date) is var c && c != 0 ? c : string.CompareOrdinal(snap.Docs[a.Doc].Id, snap.Docs[b.Doc].Id));
        }

        var weights = SnippetWeights(snap, compiled);
        var fieldWeights = _options.FieldWeights();
        var hits = new List<SearchHit>(limit);
        foreach (var r in ranked.Skip(offset).Take(limit))
        {
            var doc = snap.Docs[r.Doc];
            var segment = SegmentOf(snap, r.Doc);
            var (snippet, section) = Snippets.Build(_options.Analyzer, doc, weights, fieldWeights, segment, segment is null ? -1 : r.Doc - segment.Base);
            hits.Add(new SearchHit(doc.Id, doc.Title, doc.IncidentStart, doc.Severity, doc.Services, Math.Round(r.Score, 4), snippet, section));
        }

        return new SearchResults
        {
            Total = total,
            Hits = hits,
            Facets = Facets(snap, matched),
            DidYouMean = Spelling.Suggest(snap, _options.Analyzer, parsed, request.Query, request.IncludeRestricted ? snap.VisibleAll : snap.Visible),
        };
    }

    /// <summary>The benchmark's timed unit: query string → ids of the top k (visible docs, no facets, no snippets).</summary>
    internal IReadOnlyList<(string Id, float Score)> TopIds(string query, int k)
    {
        var snap = _snapshot;
        var parsed = QueryParser.Parse(query);
        var compiled = Compile(snap, parsed);
        var ranked = TopK(snap, compiled, Accept(snap, parsed, includeRestricted: false), k);
        var result = new (string, float)[ranked.Count];
        for (var i = 0; i < ranked.Count; i++) result[i] = (snap.Docs[ranked[i].Doc].Id, ranked[i].Score);
        return result;
    }

    /// <summary>Exact number of visible matches of a query.</summary>
    internal int CountMatches(string query)
    {
        var snap = _snapshot;
        var parsed = QueryParser.Parse(query);
        var matched = MatchAll(snap, Compile(snap, parsed), Accept(snap, parsed, includeRestricted: false));
        return matched.Sum(w => BitOperations.PopCount(w));
    }

    /// <summary>The segment holding a live doc (a merged-away segment is no longer in the snapshot).</summary>
    internal static Segment? SegmentOf(IndexSnapshot snap, int doc)
    {
        foreach (var s in snap.Segments)
            if (doc >= s.Base && doc < s.Base + s.DocCount) return s;
        return null;
    }

    private static ParsedQuery WithRequestFilters(ParsedQuery q, SearchRequest r)
    {
        if (r.Service is null && r.Severity is null && r.After is null && r.Before is null && r.Factor is null) return q;
        var after = r.After is { Length: > 0 } a ? QueryParser.ParsePeriodStart(a, "after") : (DateOnly?)null;
        var before = r.Before is { Length: > 0 } b ? QueryParser.ParsePeriodStart(b, "before") : (DateOnly?)null;
        return q with
        {
            Services = r.Service is { Length: > 0 } s ? [.. q.Services, s.Trim().ToLowerInvariant()] : q.Services,
            Severities = r.Severity is { Length: > 0 } sev
                ? [.. q.Severities, QueryParser.NormalizeSeverity(sev) ?? throw new QueryException($"'{sev}' is not a severity; use {QueryParser.SeverityForms}.")]
                : q.Severities,
            Factors = r.Factor is { Length: > 0 } f ? [.. q.Factors, f.Trim()] : q.Factors,
            After = after is { } x && (q.After is null || x > q.After) ? x : q.After,
            Before = before is { } y && (q.Before is null || y < q.Before) ? y : q.Before,
        };
    }

    internal static Dictionary<string, float> SnippetWeights(IndexSnapshot snap, CompiledQuery q)
    {
        var n = (float)Math.Max(1, snap.DocCount);
        var result = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (term, weight) in q.Terms)
        {
            var df = snap.DocFrequency(term);
            if (df > 0) result[term] = weight * MathF.Log(1f + (n - df + 0.5f) / (df + 0.5f));
        }
        return result;
    }

    internal static SearchFacets Facets(IndexSnapshot snap, ulong[] matched)
    {
        // One counter array per facet, indexed by interned value: an increment per matching document.
        var ordinals = snap.FacetColumns.Ordinals;
        var size = FacetOrdinals.Count + 64; // values interned by a concurrent writer after this read land in the slack or are skipped
        var pool = System.Buffers.ArrayPool<int>.Shared;
        int[] service = pool.Rent(size), severity = pool.Rent(size), year = pool.Rent(size), quarter = pool.Rent(size);
        try
        {
            Array.Clear(service, 0, size);
            Array.Clear(severity, 0, size);
            Array.Clear(year, 0, size);
            Array.Clear(quarter, 0, size);
            for (var w = 0; w < matched.Length; w++)
            {
                var bits = matched[w];
                while (bits != 0)
                {
                    var d = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    var at = d * FacetColumns.Width;
                    var s = ordinals[at];
                    if (s >= 0) { if (s < size) service[s]++; }
                    else if (s == FacetColumns.Several)
                        foreach (var x in snap.Docs[d].ServiceOrdinals) if (x < size) service[x]++;
                    if (ordinals[at + 1] is >= 0 and var sev && sev < size) severity[sev]++;
                    if (ordinals[at + 2] is >= 0 and var y && y < size) year[y]++;
                    if (ordinals[at + 3] is >= 0 and var q && q < size) quarter[q]++;
                }
            }
            return new SearchFacets(Sorted(Values(service, size)), Sorted(Values(severity, size), byValue: true),
                Sorted(Values(year, size), byValue: true, descending: true), Sorted(Values(quarter, size), byValue: true, descending: true));
        }
        finally
        {
            pool.Return(service);
            pool.Return(severity);
            pool.Return(year);
            pool.Return(quarter);
        }
    }

    private static Dictionary<string, int> Values(int[] counts, int size)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < size; i++)
            if (counts[i] > 0) values[FacetOrdinals.ValueOf(i)] = counts[i];
        return values;
    }

    private static List<FacetValue> Sorted(Dictionary<string, int> counts, bool byValue = false, bool descending = false)
    {
        var values = counts.Select(kv => new FacetValue(kv.Key, kv.Value));
        values = byValue
            ? (descending ? values.OrderByDescending(v => v.Value, StringComparer.Ordinal) : values.OrderBy(v => v.Value, StringComparer.Ordinal))
            : values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.OrdinalIgnoreCase);
        return [.. values];
    }
}
