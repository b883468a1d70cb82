using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Search;

/// <summary>
/// nDCG@10 over judged symptom queries (tests/.../Data/relevance-queries.tsv, worded differently from the documents;
/// grade 2 = this incident, 1 = related) against ingest-samples/, and ablations showing that the ops vocabulary,
/// stemming and field weights each earn their place.
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<Postmortem>> Corpus = new(() =>
        [.. new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root).SelectMany(o => o.Postmortems)]);

    private static readonly Lazy<List<(string Query, Dictionary<string, int> Grades)>> Judgments = new(LoadJudgments);

    private static List<(string Query, Dictionary<string, int> Grades)> LoadJudgments()
    {
        var list = new List<(string, Dictionary<string, int>)>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepoPaths.TestData, "relevance-queries.tsv")))
        {
            if (!line.Contains('\t') || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            var grades = new Dictionary<string, int>();
            foreach (var judgment in parts[1].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = judgment.LastIndexOf('=');
                grades[judgment[..eq].Trim()] = int.Parse(judgment[(eq + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            list.Add((parts[0], grades));
        }
        return list;
    }

    internal static double MeanNdcg(SearchIndexOptions options, ITestOutputHelper? log = null)
    {
        var index = new SearchIndex(options);
        index.Build(Corpus.Value);
        var titles = Corpus.Value.ToDictionary(p => p.Id, p => p.Title);
        var total = 0.0;
        foreach (var (query, grades) in Judgments.Value)
        {
            var hits = index.Search(new SearchRequest { Query = query, Limit = 10, IncludeRestricted = true }).Hits;
            var gains = hits.Select(h => grades.GetValueOrDefault(titles[h.Id])).ToList();
            var ideal = grades.Values.OrderDescending().Take(10).ToList();
            var ndcg = Dcg(gains) / Dcg(ideal);
            log?.WriteLine($"{ndcg:0.00}  {query}  → {string.Join(" | ", hits.Take(3).Select(h => titles[h.Id]))}");
            total += ndcg;
        }
        return total / Judgments.Value.Count;
    }

    private static double Dcg(IReadOnlyList<int> gains) =>
        gains.Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();

    [Fact]
    public void The_judged_set_is_big_enough_and_names_real_documents()
    {
        Assert.True(Judgments.Value.Count >= 30);
        var titles = Corpus.Value.Select(p => p.Title).ToHashSet();
        var missing = Judgments.Value.SelectMany(j => j.Grades.Keys).Where(t => !titles.Contains(t)).Distinct().ToList();
        Assert.True(missing.Count == 0, "judged titles not imported: " + string.Join("; ", missing));
    }

    [Fact]
    public void Ndcg_at_10_is_above_the_floor()
    {
        var ndcg = MeanNdcg(SearchIndexOptions.Default, output);
        output.WriteLine($"mean nDCG@10 = {ndcg:0.000}");
        Assert.True(ndcg >= 0.80, $"mean nDCG@10 {ndcg:0.000} is under the 0.80 floor");
    }

    [Fact]
    public void Ops_vocabulary_stemming_and_field_weights_each_improve_ranking()
    {
        var full = MeanNdcg(SearchIndexOptions.Default);
        var noSynonyms = MeanNdcg(SearchIndexOptions.Default with { Analyzer = new Analyzer(new AnalyzerOptions { Synonyms = false }) });
        var noStemming = MeanNdcg(SearchIndexOptions.Default with { Analyzer = new Analyzer(new AnalyzerOptions { Stemming = false }) });
        var flat = MeanNdcg(SearchIndexOptions.Default with
        {
            TitleWeight = 1, SummaryWeight = 1, SymptomsWeight = 1, CausesWeight = 1, ResolutionWeight = 1, ActionsWeight = 1, RestWeight = 1,
        });
        output.WriteLine($"full {full:0.000}  no synonyms {noSynonyms:0.000}  no stemming {noStemming:0.000}  flat weights {flat:0.000}");
        Assert.True(full > noSynonyms, $"synonyms: {full:0.000} vs {noSynonyms:0.000} without");
        Assert.True(full > noStemming, $"stemming: {full:0.000} vs {noStemming:0.000} without");
        Assert.True(full > flat, $"field weights: {full:0.000} vs {flat:0.000} flat");
    }
}
