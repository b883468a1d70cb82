using BenchmarkDotNet.Attributes;
using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Benchmarks.Analytics;

/// <summary>
/// Factor clustering at scale: targets 10,000 statements ≤ 5 s and 100,000 ≤ 60 s on 2 cores, vectors already stored.
/// Input: synthetic statements from paraphrases of common causes with random noise words (so no two are identical),
/// plus 10% statements of noise words only (they stay unassigned and take the discovery path, the costly one).
/// "Stored" vectors: the real model embeds each paraphrase once; every statement gets its paraphrase's vector plus
/// seeded noise (as distinct sentences of one meaning would), remembered as if read from statement_vectors. The
/// clustering run then does what it does on a live store: train the classifier, featurize, classify, discover.
/// </summary>
[MemoryDiagnoser]
public class FactorClusteringBenchmarks
{
    private IReadOnlyList<FactorStatement> _statements = [];
    private StatementEmbedding? _embedding;

    [Params(10_000, 100_000)]
    public int Statements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _statements = SyntheticFactors.Generate(Statements, seed: 1);
        _embedding = SyntheticFactors.StoredVectors(_statements, new PostmortemSearch.Core.Semantic.MiniLmEmbedder(), seed: 1);
    }

    [Benchmark]
    public int Cluster() => new FactorClusterer(embedding: _embedding).Cluster(_statements).Clusters.Count;
}

/// <summary>Statement embedding throughput of the real model (target ≥ 250 statements/s), batches as import sends them.</summary>
[MemoryDiagnoser]
public class StatementEmbeddingBenchmarks
{
    private readonly PostmortemSearch.Core.Semantic.MiniLmEmbedder _model = new();
    private IReadOnlyList<string> _texts = [];

    [GlobalSetup]
    public void Setup() => _texts = [.. SyntheticFactors.Generate(512, seed: 2).Select(s => s.Text)];

    /// <summary>512 statements per operation: statements/s = 512 / mean.</summary>
    [Benchmark(OperationsPerInvoke = 512)]
    public int Embed512() => _model.Embed(_texts).Length;
}

/// <summary>Deterministic synthetic factor statements.</summary>
public static class SyntheticFactors
{
    private static readonly string[][] Causes =
    [
        ["the TLS certificate expired", "SSL cert was not renewed in time", "expired x509 certificate on the proxy"],
        ["the connection pool was exhausted", "ran out of database connections", "no free connections in the pool"],
        ["a memory leak caused OOM kills", "the heap grew until out of memory", "pods were OOMKilled"],
        ["the disk filled up with logs", "no space left on device", "the volume ran out of space"],
        ["a bad config push", "misconfigured setting rolled out", "an invalid configuration change"],
        ["a feature flag was enabled for everyone", "the toggle was flipped by mistake", "kill switch misfired"],
        ["a bad deploy introduced a regression", "the new release crashed", "the binary push had a bug"],
        ["DNS resolution failed", "the DNS record was deleted", "resolvers returned NXDOMAIN"],
        ["stale cache entries were served", "cache invalidation missed updates", "cache TTL was too short"],
        ["traffic spike exceeded capacity", "sudden surge of requests", "peak load overwhelmed the fleet"],
        ["the cloud provider had an outage", "a third-party vendor failed", "the payment processor was down"],
        ["consumer lag grew on the topic", "the queue backlog kept growing", "messages piled up in the queue"],
        ["replication lag on the replica", "the database failover was slow", "split brain during leader election"],
        ["no alert fired for the failure", "monitoring gap on the queue", "customers reported it before our alerting"],
        ["the runbook was outdated", "no documented procedure existed", "the escalation path was unclear"],
        ["clients retried without backoff", "a retry storm amplified the load", "aggressive retries hammered the API"],
        ["network partition isolated a zone", "packet loss between data centers", "a switch failure cut connectivity"],
        ["utility power was lost", "a UPS failure dropped two racks", "a breaker tripped in the data hall"],
        ["schema migration locked the table", "an ALTER TABLE blocked writes", "the database migration ran too early"],
        ["the API key expired", "the rotated secret was not redeployed", "expired credentials for the service account"],
    ];

    private static readonly string[] Noise =
    [
        "checkout", "payments", "search", "api", "gateway", "orders", "billing", "auth", "eu-west-1", "us-east-1",
        "during", "peak", "overnight", "again", "briefly", "cluster", "primary", "service", "tier", "shard",
        "widget", "ledger", "invoice", "catalog", "profile", "session", "report", "export", "import", "sync",
    ];

    /// <summary>Vectors as if stored: each statement's paraphrase embedded once by <paramref name="model"/>, plus seeded noise.</summary>
    public static StatementEmbedding StoredVectors(IReadOnlyList<FactorStatement> statements, PostmortemSearch.Core.Semantic.IEmbedder model, int seed)
    {
        var embedding = new StatementEmbedding(model);
        var random = new Random(seed);
        var templates = statements.Select(s => Template(s.Text)).Distinct(StringComparer.Ordinal).ToList();
        var vectors = model.Embed(templates).Select((v, i) => (templates[i], v)).ToDictionary(p => p.Item1, p => p.v, StringComparer.Ordinal);
        foreach (var s in statements)
        {
            var v = (float[])vectors[Template(s.Text)].Clone();
            for (var d = 0; d < v.Length; d++) v[d] += (float)(random.NextDouble() - 0.5) * 0.02f;
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            embedding.Remember(s.Text, v);
        }
        return embedding;
    }

    private static string Template(string text)
    {
        var cut = text.LastIndexOf(" in ", StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : "misbehaved";
    }

    public static IReadOnlyList<FactorStatement> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var result = new List<FactorStatement>(count);
        for (var i = 0; i < count; i++)
        {
            var pm = "pm-" + (i / 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string text;
            if (random.NextDouble() < 0.1)
                text = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Noise[random.Next(Noise.Length)])) + " misbehaved";
            else
            {
                var cause = Causes[random.Next(Causes.Length)];
                text = $"{cause[random.Next(cause.Length)]} in {Noise[random.Next(Noise.Length)]} {Noise[random.Next(Noise.Length)]}";
            }
            result.Add(new FactorStatement(pm, text, FactorKind.ContributingFactor));
        }
        return result;
    }
}
