using System.Net;
using System.Text.RegularExpressions;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Core.Semantic;

/// <summary>The knobs of fusion: list weights in RRF and the cosine a dense hit needs. Tuned only on the repository's own judged sets.</summary>
public sealed record HybridTuning(double LexicalWeight = 1.0, double DenseWeight = 1.0, float MinCosine = 0.30f)
{
    public static readonly HybridTuning Default = new();
}

/// <summary>
/// Lexical (BM25) and dense results fused by reciprocal rank fusion, in the lexical engine's result shape. Queries whose
/// intent is exact stay lexical: phrases, prefixes, exclusions, ticket keys and ids, factor filters, filter-only queries.
/// Dense hits obey the query's other filters and the caller's visibility, and must reach a minimum cosine (a query
/// about nothing in the archive gets no dense hits).
/// </summary>
public static partial class HybridSearch
{
    /// <summary>RRF's constant: 1/(k + rank), 60 as in the original paper (Cormack et al. 2009).</summary>
    public const int RrfK = 60;

    /// <summary>How deep each list goes into the fusion.</summary>
    public const int Depth = 100;

    /// <summary>
    /// Searches <paramref name="lexicalIndex"/> and, unless the query is lexical-only, the dense index, and fuses them.
    /// <paramref name="request"/>.IncludeRestricted is the caller's scope. The result says how far embedding is.
    /// </summary>
    public static SearchResults Search(SearchIndex lexicalIndex, SemanticIndex semantic, SearchRequest request, HybridTuning? tuning = null, CancellationToken cancellationToken = default)
    {
        tuning ??= HybridTuning.Default;
        ArgumentNullException.ThrowIfNull(lexicalIndex);
        ArgumentNullException.ThrowIfNull(semantic);
        ArgumentNullException.ThrowIfNull(request);
        var parsed = QueryParser.Parse(request.Query);
        var status = semantic.Status(request.IncludeRestricted);
        if (LexicalOnlyReason(parsed, request) is { } reason)
            return lexicalIndex.Search(request, cancellationToken) with { Semantic = status with { Mode = "lexical", Reason = reason } };

        if (status.Embedded == 0) // nothing embedded yet: the lexical page as it is
            return lexicalIndex.Search(request, cancellationToken) with { Semantic = status with { Mode = "lexical", Reason = "no postmortem embedded yet" } };

        int offset = Math.Clamp(request.Offset, 0, 10_000);
        int limit = Math.Clamp(request.Limit, 1, SearchRequest.MaxLimit);
        int depth = Math.Max(Depth, offset + limit);
        var first = lexicalIndex.Search(request with { Offset = 0, Limit = SearchRequest.MaxLimit }, cancellationToken);
        var lexicalTop = new List<SearchHit>(first.Hits);
        while (lexicalTop.Count < Math.Min(depth, first.Total))
        {
            var more = lexicalIndex.Search(request with { Offset = lexicalTop.Count, Limit = SearchRequest.MaxLimit }, cancellationToken).Hits;
            if (more.Count == 0) break;
            lexicalTop.AddRange(more);
        }

        var vector = semantic.EmbedQuery(string.Join(' ', parsed.Terms));
        var dense = semantic.Dense.Search(vector, depth, request.IncludeRestricted, tuning.MinCosine, Filter(parsed, request));
        // the vector cache may lag the index (a delete, a re-classification to restricted, a new team not embedded yet): the index decides
        var filters = SearchIndex.WithRequestFilters(parsed, request);
        var visible = lexicalIndex.Visible(dense.Select(d => d.Id), request.IncludeRestricted, filters.HasFilters ? filters : null);
        dense = [.. dense.Where(d => visible.Contains(d.Id))];
        return Fuse(first, lexicalTop, dense, offset, limit, tuning) with { Semantic = status };
    }

    /// <summary>Why a query is answered lexically only, or null when dense retrieval joins in.</summary>
    public static string? LexicalOnlyReason(ParsedQuery parsed, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(request);
        if (parsed.Terms.Count == 0) return parsed.Phrases.Count > 0 || parsed.Prefixes.Count > 0 ? "exact phrase or prefix" : "no free text";
        if (parsed.Phrases.Count > 0 || parsed.Prefixes.Count > 0) return "exact phrase or prefix";
        if (parsed.ExcludedTerms.Count > 0 || parsed.ExcludedPhrases.Count > 0) return "exclusions";
        if (parsed.Factors.Count > 0 || !string.IsNullOrWhiteSpace(request.Factor)) return "factor filter";
        if (parsed.Terms.Any(t => TicketOrId().IsMatch(t))) return "ticket key or id";
        if (!parsed.Terms.Any(t => t.Any(char.IsLetterOrDigit))) return "no searchable word";
        return null;
    }

    /// <summary>Ticket keys (OPS-1234) and postmortem ids (pm-3fa2…) are looked up, not paraphrased.</summary>
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]{1,9}-\d+|pm-[0-9a-f]{6,})$")]
    private static partial Regex TicketOrId();

    /// <summary>The query's filters other than factor:, as the lexical engine applies them, for dense candidates.</summary>
    public static Func<DenseDocMeta, bool>? Filter(ParsedQuery parsed, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(request);
        var services = parsed.Services.Concat(request.Service is { Length: > 0 } s ? [s.Trim().ToLowerInvariant()] : []).ToList();
        var teams = parsed.Teams.Concat(request.Team is { Length: > 0 } t ? [t.Trim().ToLowerInvariant()] : []).ToList();
        var severities = parsed.Severities.Concat(request.Severity is { Length: > 0 } sev && QueryParser.NormalizeSeverity(sev) is { } n ? [n] : []).ToList();
        var after = Max(parsed.After, request.After is { Length: > 0 } a ? QueryParser.ParsePeriodStart(a, "after") : null);
        var before = Min(parsed.Before, request.Before is { Length: > 0 } b ? QueryParser.ParsePeriodStart(b, "before") : null);
        var statuses = parsed.Statuses;
        var tags = parsed.Tags;
        if (services.Count == 0 && teams.Count == 0 && severities.Count == 0 && statuses.Count == 0 && tags.Count == 0 && after is null && before is null) return null;
        return meta =>
            (services.Count == 0 || services.Any(x => meta.Services.Any(m => string.Equals(m, x, StringComparison.OrdinalIgnoreCase))))
            // vectors embedded before teams were kept carry none: let them through, the index filters them
            && (teams.Count == 0 || meta.Teams is null || teams.Any(x => meta.Teams.Any(m => string.Equals(m, x, StringComparison.OrdinalIgnoreCase))))
            && (severities.Count == 0 || (meta.Severity is { } v && severities.Contains(v.ToUpperInvariant())))
            && (statuses.Count == 0 || (meta.Status is { } st && statuses.Contains(st)))
            && (tags.Count == 0 || tags.Any(meta.Tags.Contains))
            && (after is not { } lo || (meta.Date is { } d1 && d1 >= lo))
            && (before is not { } hi || (meta.Date is { } d2 && d2 < hi));
    }

    private static DateOnly? Max(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : (x > y ? x : y);
    private static DateOnly? Min(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : (x < y ? x : y);

    /// <summary>
    /// Fuses the lexical top list (complete when <paramref name="lexical"/>'s total fits in it) with the dense hits and
    /// returns the requested page. A hit the lexical engine found keeps its snippet and section; a dense-only hit shows
    /// its best passage. Facets and did-you-mean are the lexical engine's.
    /// </summary>
    public static SearchResults Fuse(SearchResults lexical, IReadOnlyList<SearchHit> lexicalTop, IReadOnlyList<DenseHit> dense, int offset, int limit, HybridTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(lexicalTop);
        ArgumentNullException.ThrowIfNull(dense);
        tuning ??= HybridTuning.Default;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < lexicalTop.Count; i++) scores[lexicalTop[i].Id] = tuning.LexicalWeight / (RrfK + i + 1);
        for (int i = 0; i < dense.Count; i++) scores[dense[i].Id] = scores.GetValueOrDefault(dense[i].Id) + tuning.DenseWeight / (RrfK + i + 1);

        var lexicalById = lexicalTop.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var denseById = dense.ToDictionary(h => h.Id, StringComparer.Ordinal);
        // Equal fused scores (rank 1 in one list only, say) are ordered by cosine, then by lexical rank: never by id alone.
        var lexicalRank = lexicalTop.Select((h, i) => (h.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var ranked = scores.OrderByDescending(kv => kv.Value)
            .ThenByDescending(kv => denseById.TryGetValue(kv.Key, out var d) ? d.Score : float.MinValue)
            .ThenBy(kv => lexicalRank.GetValueOrDefault(kv.Key, int.MaxValue))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var page = ranked.Skip(offset).Take(limit).Select(kv =>
            lexicalById.TryGetValue(kv.Key, out var hit)
                ? hit with { Score = Math.Round(kv.Value * 100, 4) }
                : DenseOnly(denseById[kv.Key], Math.Round(kv.Value * 100, 4))).ToList();

        // The lexical list is complete when it holds every lexical match: then a dense hit outside it adds to the total.
        bool complete = lexicalTop.Count >= lexical.Total;
        int denseOnly = dense.Count(d => !lexicalById.ContainsKey(d.Id));
        return lexical with { Total = complete ? lexical.Total + denseOnly : Math.Max(lexical.Total, ranked.Count), Hits = page };
    }

    private static SearchHit DenseOnly(DenseHit hit, double score)
    {
        var meta = hit.Meta;
        Schema.Timestamp? start = Schema.Timestamp.TryParse(meta.IncidentStart, out var t) ? t : null;
        return new SearchHit(hit.Id, meta.Title, start, meta.Severity, meta.Services, score, Snippet(hit.Passage.Text), hit.Passage.Section);
    }

    /// <summary>The start of the best passage, HTML-escaped like every snippet (no marks: no word matched).</summary>
    private static string Snippet(string text)
    {
        const int Max = 240;
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var body = colon is > 0 and < 80 ? text[(colon + 2)..] : text;
        if (body.Length > Max)
        {
            int cut = body.LastIndexOf(' ', Max);
            body = body[..(cut > Max / 2 ? cut : Max)] + " …";
        }
        return WebUtility.HtmlEncode(body);
    }
}
