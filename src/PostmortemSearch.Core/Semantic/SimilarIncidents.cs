using System.Globalization;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// Similar incidents from two kinds of evidence, fused by reciprocal rank: the lexical engine's shared terms and the
/// dense neighbours (cosine of the postmortems' passage centroids), each hit saying which evidence it has.
/// Shared factor clusters are added by the catalog.
/// </summary>
public static class SimilarIncidents
{
    /// <summary>Below this centroid cosine two postmortems are not alike in meaning (short ops postmortems share ~0.35–0.42 by genre alone).</summary>
    public const float MinCosine = 0.45f;

    /// <summary>
    /// Fuses the lexical neighbours with the dense ones; <paramref name="index"/> decides which dense neighbours are
    /// still visible to the caller (the vector cache may not have caught up with a delete or a re-classification).
    /// </summary>
    public static IReadOnlyList<SimilarHit> Merge(IReadOnlyList<SimilarHit> lexical, SemanticIndex semantic, Search.SearchIndex index, string id, int k, bool includeRestricted)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(semantic);
        ArgumentNullException.ThrowIfNull(index);
        semantic.EnsureLoaded();
        var neighbours = semantic.Dense.Neighbours(id, Math.Max(k * 2, 20), includeRestricted, MinCosine);
        var visible = index.Visible(neighbours.Select(n => n.Id), includeRestricted);
        var dense = neighbours.Where(n => visible.Contains(n.Id)).ToList();
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < lexical.Count; i++) scores[lexical[i].Id] = 1.0 / (HybridSearch.RrfK + i + 1);
        for (int i = 0; i < dense.Count; i++) scores[dense[i].Id] = scores.GetValueOrDefault(dense[i].Id) + 1.0 / (HybridSearch.RrfK + i + 1);
        var lexicalById = lexical.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var denseById = dense.ToDictionary(h => h.Id, StringComparer.Ordinal);

        var hits = new List<SimilarHit>();
        foreach (var (hitId, score) in scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(k))
        {
            var reasons = new List<string>();
            lexicalById.TryGetValue(hitId, out var lex);
            if (lex is { SharedTerms.Count: > 0 }) reasons.Add("shared terms: " + string.Join(", ", lex.SharedTerms));
            if (denseById.TryGetValue(hitId, out var near))
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"close in meaning ({near.Score:0.00}): {near.Passage.Section}"));
            var hit = lex ?? FromDense(near!);
            hits.Add(hit with { Score = Math.Round(score * 100, 4), Reasons = reasons });
        }
        return hits;
    }

    private static SimilarHit FromDense(DenseHit hit)
    {
        Schema.Timestamp? start = Schema.Timestamp.TryParse(hit.Meta.IncidentStart, out var t) ? t : null;
        return new SimilarHit(hit.Id, hit.Meta.Title, start, hit.Meta.Severity, hit.Meta.Services, 0, [], []);
    }
}
