using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>A search: the query string plus optional filters that are AND-ed in (the HTTP API passes them as separate parameters).</summary>
public sealed record SearchRequest
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public string Query { get; init; } = "";
    /// <summary>Page size, 1..100 (clamped).</summary>
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
    /// <summary>Include postmortems marked restricted (callers with the restricted scope only).</summary>
    public bool IncludeRestricted { get; init; }
    public string? Service { get; init; }
    /// <summary>Same as <c>team:</c> in the query.</summary>
    public string? Team { get; init; }
    public string? Severity { get; init; }
    /// <summary>Same formats as the <c>after:</c> filter (inclusive).</summary>
    public string? After { get; init; }
    /// <summary>Same formats as the <c>before:</c> filter (exclusive).</summary>
    public string? Before { get; init; }
    public string? Factor { get; init; }
}

/// <summary>One page of hits, the total number of visible matches, facet counts over all of them, and a spelling suggestion.</summary>
public sealed record SearchResults
{
    public int Total { get; init; }
    public IReadOnlyList<SearchHit> Hits { get; init; } = [];
    public SearchFacets Facets { get; init; } = SearchFacets.Empty;
    /// <summary>The query with misspelled words replaced by the closest indexed words, or null.</summary>
    public string? DidYouMean { get; init; }
    /// <summary>Whether dense retrieval took part (mode hybrid/lexical, and why not) and how far embedding is; null when semantic search is off.</summary>
    public Semantic.SemanticStatus? Semantic { get; init; }
}

/// <summary>
/// A hit. <see cref="Snippet"/> is HTML: the text is HTML-escaped and matched words are wrapped in
/// <c>&lt;mark&gt;</c>…<c>&lt;/mark&gt;</c>; <see cref="Section"/> names the heading of the section it came from.
/// </summary>
public sealed record SearchHit(
    string Id, string Title, Timestamp? IncidentStart, string? Severity, IReadOnlyList<string> Services,
    double Score, string Snippet, string Section);

public sealed record FacetValue(string Value, int Count);

public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Service, IReadOnlyList<FacetValue> Severity, IReadOnlyList<FacetValue> Year, IReadOnlyList<FacetValue> Quarter)
{
    public static readonly SearchFacets Empty = new([], [], [], []);
}

/// <summary>
/// A neighbour of a postmortem, with the terms that made it similar (display form, most contributing first) and the
/// factor clusters both share: <see cref="SharedFactors"/> are cluster ids, <see cref="SharedFactorLabels"/> their
/// labels in the same order.
/// </summary>
public sealed record SimilarHit(
    string Id, string Title, Timestamp? IncidentStart, string? Severity, IReadOnlyList<string> Services,
    double Score, IReadOnlyList<string> SharedTerms, IReadOnlyList<string> SharedFactors)
{
    public IReadOnlyList<string> SharedFactorLabels { get; init; } = [];
    /// <summary>Why it is similar, one reason per kind of evidence ("both: …", "shared terms: …", "close in meaning: …").</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}

/// <summary>Ranking knobs (boosts chosen on the judged set of RelevanceTests: per-field BM25 sums score a word found in
/// several fields more than BM25F did, so the boosts are gentler than the old ones): per-field boosts of the flat BM25 disjunction, BM25's k1 and b, the analysis chain, and the query time budget.</summary>
public sealed record SearchIndexOptions
{
    public static readonly SearchIndexOptions Default = new();
    public Analyzer Analyzer { get; init; } = Analyzer.Default;
    public float TitleWeight { get; init; } = 1.5f;
    public float SummaryWeight { get; init; } = 1.2f;
    public float SymptomsWeight { get; init; } = 1.2f;
    public float CausesWeight { get; init; } = 1.2f;
    public float ResolutionWeight { get; init; } = 1.2f;
    public float ActionsWeight { get; init; } = 1f;
    public float RestWeight { get; init; } = 0.8f;
    public float K1 { get; init; } = 1.2f;
    public float B { get; init; } = 0.75f;
    /// <summary>How many vocabulary terms one <c>prefix*</c> may expand to (most frequent first).</summary>
    public int MaxPrefixExpansions { get; init; } = 50;
    /// <summary>The longest one search may run before it is stopped with a <see cref="QueryException"/>.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);

    internal float[] FieldWeights() => [TitleWeight, SummaryWeight, SymptomsWeight, CausesWeight, ResolutionWeight, ActionsWeight, RestWeight];
}
