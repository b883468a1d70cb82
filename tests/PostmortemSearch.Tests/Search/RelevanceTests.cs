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
    internal static readonly Lazy<IReadOnlyList<Postmortem>> Corpus = new(() =>
        [.. new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root).SelectMany(o => o.Postmortems)]);

    internal static readonly Lazy<List<(string Query, Dictionary<string, int> Grades, bool Shorthand)>> Judgments = new(LoadJudgments);

    private static List<(string Query, Dictionary<string, int> Grades, bool Shorthand)> LoadJudgments()
    {
        var list = new List<(string, Dictionary<string, int>, bool)>();
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.TestData, "relevance-queries.tsv")).Select(l => (Line: l, Shorthand: false))
            .Concat(File.ReadAllLines(Path.Combine(RepoPaths.TestData, "relevance-queries-vocabulary.tsv")).Select(l => (Line: l, Shorthand: true)));
        foreach (var (line, shorthand) in lines)
        {
            if (!line.Contains('\t') || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            var grades = new Dictionary<string, int>();
            foreach (var judgment in parts[1].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = judgment.LastIndexOf('=');
                grades[judgment[..eq].Trim()] = int.Parse(judgment[(eq + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            list.Add((parts[0], grades, shorthand));
        }
        return list;
    }

    internal static double MeanNdcg(SearchIndexOptions options, ITestOutputHelper? log = null, bool shorthandOnly = false)
    {
        var index = new SearchIndex(options);
        index.Build(Corpus.Value);
        var titles = Corpus.Value.ToDictionary(p => p.Id, p => p.Title);
        var total = 0.0;
        var judged = shorthandOnly ? [.. Judgments.Value.Where(j => j.Shorthand)] : Judgments.Value;
        foreach (var (query, grades, _) in judged)
        {
            var hits = index.Search(new SearchRequest { Query = query, Limit = 10, IncludeRestricted = true }).Hits;
            var gains = hits.Select(h => grades.GetValueOrDefault(titles[h.Id])).ToList();
            var ideal = grades.Values.OrderDescending().Take(10).ToList();
            var ndcg = Dcg(gains) / Dcg(ideal);
            log?.WriteLine($"{ndcg:0.00}  {query}  → {string.Join(" | ", hits.Take(3).Select(h => titles[h.Id]))}");
            total += ndcg;
        }
        return total / judged.Count;
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
    public void Ops_vocabulary_and_stemming_each_improve_ranking_and_field_weights_are_reported()
    {
        var full = MeanNdcg(SearchIndexOptions.Default);
        var noSynonyms = MeanNdcg(SearchIndexOptions.Default with { Analyzer = new Analyzer(new AnalyzerOptions { Synonyms = false }) });
        var noStemming = MeanNdcg(SearchIndexOptions.Default with { Analyzer = new Analyzer(new AnalyzerOptions { Stemming = false }) });
        var flat = MeanNdcg(SearchIndexOptions.Default with
        {
            TitleWeight = 1, SummaryWeight = 1, SymptomsWeight = 1, CausesWeight = 1, ResolutionWeight = 1, ActionsWeight = 1, RestWeight = 1,
        });
        var shorthand = MeanNdcg(SearchIndexOptions.Default, shorthandOnly: true);
        var shorthandNoSynonyms = MeanNdcg(SearchIndexOptions.Default with { Analyzer = new Analyzer(new AnalyzerOptions { Synonyms = false }) }, shorthandOnly: true);
        output.WriteLine($"all queries: full {full:0.000}  no synonyms {noSynonyms:0.000}  no stemming {noStemming:0.000}  flat weights {flat:0.000}");
        output.WriteLine($"shorthand queries: full {shorthand:0.000}  no synonyms {shorthandNoSynonyms:0.000}");
        Assert.True(full > noStemming, $"stemming: {full:0.000} vs {noStemming:0.000} without");
        Assert.True(shorthand > shorthandNoSynonyms, $"synonyms on shorthand queries: {shorthand:0.000} vs {shorthandNoSynonyms:0.000} without");
        Assert.True(full >= noSynonyms - 0.01, $"synonyms cost more than 0.01 overall: {full:0.000} vs {noSynonyms:0.000}");
        // Field weights are not shown to help on this small corpus (see the issue note); they must not cost much either.
        Assert.True(full >= flat - 0.01, $"field weights cost more than 0.01: {full:0.000} vs {flat:0.000} flat");
    }
}
