using System.Text.Json;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Semantic;

namespace PostmortemSearch.Tests.Support;

/// <summary>nDCG@10 of one judged query, by how the query is worded ("lexical" or "paraphrase").</summary>
public sealed record JudgedQueryScore(string Kind, double Ndcg);

/// <summary>A judged set's queries run through lexical search and through hybrid search, with the real model.</summary>
public sealed record JudgedSearchScores(int Postmortems, int Queries, IReadOnlyList<JudgedQueryScore> Lexical, IReadOnlyList<JudgedQueryScore> Hybrid)
{
    public static double Mean(IReadOnlyList<JudgedQueryScore> rows, string? kind = null) => rows.Where(r => kind is null || r.Kind == kind).Average(r => r.Ndcg);
}

/// <summary>
/// How every held-out search set is scored: its postmortems imported into a fresh store with the real model, its
/// <c>queries.json</c> (query, kind, relevant file → grade) run at 10 hits, lexical alone and hybrid, as the CLI searches.
/// </summary>
public static class JudgedSearchSet
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Judged(string Query, string Kind, Dictionary<string, int> Relevant);

    public static JudgedSearchScores Score(string folder, Action<string> log)
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("judged.db")), FixedTime.At(2026, 12, 31), semantic: SemanticOptions.For(RealModel.Embedder));
        var postmortems = new Importer().ReadPaths([folder], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        catalog.Save(postmortems, "test");
        catalog.Semantic!.CatchUp();
        var files = postmortems.ToDictionary(p => p.Id, p => Path.GetFileName(p.Source.Path));
        var judged = JsonSerializer.Deserialize<List<Judged>>(File.ReadAllText(Path.Combine(folder, "queries.json")), Web)!;

        double Score(Judged q, Func<SearchRequest, SearchResults> search)
        {
            var hits = search(new SearchRequest { Query = q.Query, Limit = 10 }).Hits;
            var gains = hits.Select(h => q.Relevant.GetValueOrDefault(files[h.Id])).ToList();
            return Ndcg.Dcg(gains) / Ndcg.Dcg([.. q.Relevant.Values.OrderDescending().Take(10)]);
        }
        List<JudgedQueryScore> lexical = [.. judged.Select(q => new JudgedQueryScore(q.Kind, Score(q, r => catalog.Index.Search(r with { IncludeRestricted = true }))))];
        List<JudgedQueryScore> hybrid = [.. judged.Select(q => new JudgedQueryScore(q.Kind, Score(q, r => catalog.Search(r, Caller.Cli))))];
        var m = JudgedSearchScores.Mean;
        log($"postmortems {postmortems.Count}, queries {judged.Count}");
        log($"lexical {m(lexical, null):0.000} (lexical {m(lexical, "lexical"):0.000}, paraphrase {m(lexical, "paraphrase"):0.000})");
        log($"hybrid  {m(hybrid, null):0.000} (lexical {m(hybrid, "lexical"):0.000}, paraphrase {m(hybrid, "paraphrase"):0.000})");
        return new JudgedSearchScores(postmortems.Count, judged.Count, lexical, hybrid);
    }
}
