using System.Text.Json;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Semantic;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Hold-out set F (Data/holdout-factors-f): 30 Markdown postmortems over 10 recurring causes worded differently every
/// time plus one-off factors, and 30 judged symptom queries (15 lexical, 15 paraphrases sharing no content word with
/// the relevant documents), written by a helper who had seen neither the code, the taxonomy nor the other sets.
/// Scored once as it came, on main 7707fe5, with the same scoring as set B (factors) and the blind search set; the
/// first scores are in the floors below and in the folder's README. Nothing has been tuned on it.
/// </summary>
public sealed class HoldoutSetFTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "holdout-factors-f");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private sealed record Judged(string Query, string Kind, Dictionary<string, int> Relevant);

    [Fact]
    public void Set_f_factors_hold_their_first_score()
    {
        var s = BlindFactorSetBTests.Score(Folder, FactorSetScoreTests.Clusterer(), output.WriteLine);
        output.WriteLine($"statements: n={s.Statements.N} ARI={s.Statements.AdjustedRandIndex:0.000} NMI={s.Statements.NormalizedMutualInformation:0.000} clusters={s.Statements.PredictedClusters} classes={s.Statements.TrueClasses} unmatched={s.Unmatched}");
        output.WriteLine($"incidents: ARI={s.Incidents.AdjustedRandIndex:0.000} NMI={s.Incidents.NormalizedMutualInformation:0.000}; recurrence counts equal for {s.RecurrenceMatches}/{s.Causes} causes");
        // First score, as it came: statements ARI 0.017 / NMI 0.870 (71 clusters for 76 classes), incidents 0.022 / 0.695;
        // recurrence counts equal for 7/10 causes (no cause recurs within 365 days here, so that figure says little).
        // Read: the statements of causes the taxonomy does not know were put under the nearest known category
        // (config push, capacity, database failover) instead of being grouped with each other.
        Assert.Equal(0, s.Unmatched);
        Assert.True(s.Statements.AdjustedRandIndex >= 0.01, $"statement ARI {s.Statements.AdjustedRandIndex:0.000} under its first score");
        Assert.True(s.Statements.NormalizedMutualInformation >= 0.86, $"statement NMI {s.Statements.NormalizedMutualInformation:0.000} under its first score");
    }

    [Fact]
    public void Set_f_search_holds_its_first_score()
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("f.db")), FixedTime.At(2026, 12, 31), semantic: SemanticOptions.For(RealModel.Embedder));
        var postmortems = new Importer().ReadPaths([Folder], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        catalog.Save(postmortems, "test");
        catalog.Semantic!.CatchUp();
        var files = postmortems.ToDictionary(p => p.Id, p => Path.GetFileName(p.Source.Path));
        var judged = JsonSerializer.Deserialize<List<Judged>>(File.ReadAllText(Path.Combine(Folder, "queries.json")), Web)!;

        double Score(Judged q, Func<SearchRequest, SearchResults> search)
        {
            var hits = search(new SearchRequest { Query = q.Query, Limit = 10 }).Hits;
            var gains = hits.Select(h => q.Relevant.GetValueOrDefault(files[h.Id])).ToList();
            return Ndcg.Dcg(gains) / Ndcg.Dcg([.. q.Relevant.Values.OrderDescending().Take(10)]);
        }
        var lexical = judged.Select(q => (q.Kind, Ndcg: Score(q, r => catalog.Index.Search(r with { IncludeRestricted = true })))).ToList();
        var hybrid = judged.Select(q => (q.Kind, Ndcg: Score(q, r => catalog.Search(r, Caller.Cli)))).ToList();
        double Mean(List<(string Kind, double Ndcg)> rows, string? kind = null) => rows.Where(r => kind is null || r.Kind == kind).Average(r => r.Ndcg);

        output.WriteLine($"postmortems {postmortems.Count}, queries {judged.Count}");
        output.WriteLine($"lexical {Mean(lexical):0.000} (lexical {Mean(lexical, "lexical"):0.000}, paraphrase {Mean(lexical, "paraphrase"):0.000})");
        output.WriteLine($"hybrid  {Mean(hybrid):0.000} (lexical {Mean(hybrid, "lexical"):0.000}, paraphrase {Mean(hybrid, "paraphrase"):0.000})");
        // First score, as it came: lexical 0.417 (lexical queries 0.692, paraphrases 0.142), hybrid 0.472 (0.690 / 0.253).
        Assert.Equal(30, postmortems.Count);
        Assert.Equal(30, judged.Count);
        Assert.True(Mean(hybrid) >= 0.46, $"hybrid nDCG@10 {Mean(hybrid):0.000} under its first score");
        Assert.True(Mean(hybrid, "paraphrase") > Mean(lexical, "paraphrase"), "hybrid not above lexical on paraphrases");
    }
}
