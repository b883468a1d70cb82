using BenchmarkDotNet.Attributes;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// Embedding throughput of the real model (all-MiniLM-L6-v2, ONNX Runtime, all cores): full passages of 256 tokens cut
/// from the text of ingest-samples (what import embeds), and short statements (root-cause and factor bullets, what
/// factor clustering and queries embed). One invocation embeds 128 passages or 256 statements (four or more batches,
/// so batches can run side by side); OperationsPerInvoke makes the reported time per text, so texts/s = 1 s / Mean.
/// <see cref="Session"/>: "shared" is what the product runs (the process's one session, one intra-op thread, batches
/// on one thread per core); "intra-op" is one session that spreads each batch over every core (the design before).
/// </summary>
[ShortRunJob]
public class EmbeddingBenchmarks
{
    private const int PassageBatch = 128;
    private const int StatementBatch = 256;
    private MiniLmEmbedder? _own;
    private IEmbedder _model = null!;

    [Params("shared", "intra-op")]
    public string Session { get; set; } = "shared";
    private string[] _passages = [];
    private string[] _statements = [];

    [GlobalSetup]
    public void Setup()
    {
        if (Session == "shared") _model = MiniLmEmbedder.Shared.WithParallelism(Environment.ProcessorCount);
        else _model = _own = new MiniLmEmbedder();
        var postmortems = new Importer().ReadPaths([SampleText.IngestSamples], SampleText.Root).SelectMany(o => o.Postmortems).ToList();
        var words = string.Join(' ', postmortems.SelectMany(p => p.Sections.Select(s => s.Text))).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var passages = new List<string>();
        for (int start = 0; passages.Count < PassageBatch; start += 150)
        {
            var text = string.Join(' ', words.Skip(start % Math.Max(1, words.Length - 400)).Take(400));
            passages.Add(text);
        }
        if (passages.Any(p => _model.CountTokens(p) < 256)) throw new InvalidOperationException("a benchmark passage is under 256 tokens");
        _passages = [.. passages];
        _statements = [.. postmortems.SelectMany(p => p.RootCauses.Concat(p.ContributingFactors)).Where(s => s.Length > 20).Take(StatementBatch)];
        while (_statements.Length < StatementBatch) _statements = [.. _statements, .. _statements];
        _statements = _statements[..StatementBatch];
    }

    [Benchmark(Description = "passage of 256 tokens (128 per call)", OperationsPerInvoke = PassageBatch)]
    public int Passages() => _model.Embed(_passages).Length;

    [Benchmark(Description = "short statement (256 per call)", OperationsPerInvoke = StatementBatch)]
    public int Statements() => _model.Embed(_statements).Length;

    [GlobalCleanup]
    public void Cleanup() => _own?.Dispose();
}

/// <summary>
/// Brute-force dense scoring (TensorPrimitives dot products over every visible passage, top 100 kept) at 10⁴ and 10⁵
/// passages: random unit vectors (seeded) in groups of four per postmortem, as imports produce (~3–4 passages each).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class DenseScoringBenchmarks
{
    private DenseIndex _index = null!;
    private float[] _query = [];

    [Params(10_000, 100_000)]
    public int Passages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        float[] Unit()
        {
            var v = new float[MiniLmEmbedder.VectorDimensions];
            for (int i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            return v;
        }
        var meta = new DenseDocMeta("t", null, null, [], null, [], null, Restricted: false);
        var docs = Enumerable.Range(0, Passages / 4).Select(d => new EmbeddedDoc($"pm-{d:x8}", "h", meta,
            [.. Enumerable.Range(0, 4).Select(p => new Passage(p, "s", "x"))], [.. Enumerable.Range(0, 4).Select(_ => Unit())])).ToList();
        _index = new DenseIndex(MiniLmEmbedder.VectorDimensions);
        _index.Apply(docs);
        _query = Unit();
    }

    [Benchmark(Description = "cosine top-100 over all passages")]
    public int Score() => _index.Search(_query, 100, includeRestricted: false).Count;
}

/// <summary>Where the repository's sample exports are, from the benchmark's build folder.</summary>
internal static class SampleText
{
    public static string Root { get; } = FindRoot();

    public static string IngestSamples => Path.Combine(Root, "ingest-samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "ingest-samples"))) return dir.FullName;
        throw new DirectoryNotFoundException("ingest-samples not found above " + AppContext.BaseDirectory);
    }
}
