using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Search;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>ingest-samples imported into a temp store and embedded with the real model, once per test run (it takes seconds).</summary>
public static class SemanticCorpus
{
    private static readonly TempDirectory Dir = new();

    private static readonly Lazy<PostmortemCatalog> Shared = new(() =>
    {
        var catalog = new PostmortemCatalog(PostmortemStore.Open(Dir.File("samples.db")), FixedTime.At(2025, 12, 31), semantic: SemanticOptions.For(RealModel.Embedder));
        catalog.Save(RelevanceTests.Corpus.Value, "test");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        catalog.Semantic!.CatchUp();
        EmbedTime = watch.Elapsed;
        return catalog;
    });

    public static PostmortemCatalog Catalog => Shared.Value;

    /// <summary>How long embedding the corpus took (reported by the tests, never asserted).</summary>
    public static TimeSpan EmbedTime { get; private set; }

    /// <summary>Mean nDCG@10 of the repository's judged set (relevance-queries*.tsv) through <paramref name="search"/>.</summary>
    public static double MeanNdcg(Func<SearchRequest, SearchResults> search, Action<string>? log = null)
    {
        var titles = RelevanceTests.Corpus.Value.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Title);
        var total = 0.0;
        var judged = RelevanceTests.Judgments.Value;
        foreach (var (query, grades, _) in judged)
        {
            var hits = search(new SearchRequest { Query = query, Limit = 10, IncludeRestricted = true }).Hits;
            var gains = hits.Select(h => grades.GetValueOrDefault(titles[h.Id])).ToList();
            var ideal = grades.Values.OrderDescending().Take(10).ToList();
            var ndcg = Ndcg.Dcg(gains) / Ndcg.Dcg(ideal);
            log?.Invoke($"{ndcg:0.00}  {query}  → {string.Join(" | ", hits.Take(3).Select(h => titles[h.Id]))}");
            total += ndcg;
        }
        return total / judged.Count;
    }
}

/// <summary>Discounted cumulative gain with exponential gains (2^g − 1), as every judged set here is scored.</summary>
public static class Ndcg
{
    public static double Dcg(IReadOnlyList<int> gains) =>
        gains.Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
}
