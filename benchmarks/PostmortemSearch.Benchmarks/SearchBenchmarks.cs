using BenchmarkDotNet.Attributes;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// Query latency on the peers corpus (synthetic postmortems, ~540 tokens each, Zipf filler and a long tail of
/// identifiers — representative of the symptom searches on-call engineers type). Corpus path from
/// PEERS_CORPUS_10000 / PEERS_CORPUS_100000 (or PEERS_CORPUS, truncated to Docs).
/// </summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private SearchIndex _index = null!;

    [Params(10_000, 100_000)]
    public int Docs { get; set; }

    [Params("checkout latency after deploy", "certificate expired", "OOM kill payments pods", "SEV1 full outage",
        "\"connection pool\" postgres", "disk full on elasticsearch cluster")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (docs, _) = PeersCorpus.Load(PeersCorpus.PathFor(Docs), Docs);
        _index = new SearchIndex();
        _index.BuildDocuments(docs.Select(d => DocRecord.FromText(d.Id, d.Title, d.Body)).ToList());
    }

    [Benchmark(Description = "top-10 ids")]
    public int TopIds() => _index.TopIds(Query, 10).Count;

    [Benchmark(Description = "full search (total, facets, snippets)")]
    public int Search() => _index.Search(new SearchRequest { Query = Query }).Hits.Count;
}

/// <summary>Bulk indexing of the peers corpus (the path used when the store opens).</summary>
[MemoryDiagnoser]
public class IndexingBenchmarks
{
    private List<DocRecord> _docs = null!;

    [Params(10_000, 100_000)]
    public int Docs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (docs, _) = PeersCorpus.Load(PeersCorpus.PathFor(Docs), Docs);
        _docs = [.. docs.Select(d => DocRecord.FromText(d.Id, d.Title, d.Body))];
    }

    [Benchmark]
    public int Build()
    {
        var index = new SearchIndex();
        index.BuildDocuments(_docs);
        return index.Count;
    }
}
