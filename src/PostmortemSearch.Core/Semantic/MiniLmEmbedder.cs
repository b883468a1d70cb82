using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings computed locally (postmortems never leave the machine): FastBertTokenizer
/// WordPiece (matches the reference tokenizer), ONNX Runtime in batches, mean pooling over the attention mask, L2
/// normalisation, texts cut at 256 tokens as the model was trained.
/// </summary>
public sealed class MiniLmEmbedder : IEmbedder, IDisposable
{
    /// <summary>Texts per ONNX run; texts are sorted by length first so a batch pads little.</summary>
    private const int BatchSize = 32;

    private static readonly Lazy<MiniLmEmbedder> SharedModel = new(() => new MiniLmEmbedder(threads: 1));

    /// <summary>
    /// The one model of the process (160 MB once loaded), loaded on first use: search queries, passages after imports
    /// and factor statements all run on this one ONNX session. It computes on the calling thread (one intra-op thread);
    /// bulk work gets its cores from <see cref="WithParallelism"/>, which runs batches side by side on the same session
    /// (ONNX Runtime's Run is thread-safe), so a query never waits behind, nor competes with, a pool of ONNX threads.
    /// </summary>
    public static MiniLmEmbedder Shared => SharedModel.Value;

    private readonly int _parallelism;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer = new();
    private readonly Lock _tokenizerLock = new();
    private readonly bool _hasTokenTypeIds;
    private readonly string _outputName;

    /// <summary>Loads the model (0.2–0.5 s). <paramref name="threads"/>: ONNX Runtime's intra-op threads (default: all cores).</summary>
    public MiniLmEmbedder(string? weightsPath = null, int? threads = null)
    {
        _parallelism = 1;
        var (model, vocabulary) = MiniLmWeights.Read(weightsPath ?? MiniLmWeights.DefaultPath);
        using (var reader = new StringReader(vocabulary))
            _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(model, options);
        _hasTokenTypeIds = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
    }

    /// <summary>The model's name, known without loading it (stored vectors are checked against it).</summary>
    public const string Id = "all-MiniLM-L6-v2";

    /// <summary>Weights, tokenizer, pooling and cap: any change here gives other vectors, so it is part of the version.</summary>
    public const string Version = MiniLmWeights.PackageId + "-" + MiniLmWeights.PackageVersion + ";FastBertTokenizer-1.2.6;mean;l2;256";

    public const int VectorDimensions = 384;

    public string ModelId => Id;

    public string ModelVersion => Version;

    public int Dimensions => VectorDimensions;

    public int MaxTokens => 256;

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_tokenizerLock)
            return _tokenizer.Encode(text, maximumTokens: text.Length + 2).InputIds.Length; // a token is at least one character
    }

    public float[][] Embed(IReadOnlyList<string> texts) => Embed(texts, _parallelism);

    /// <summary>
    /// The same model with its batches run on up to <paramref name="parallelism"/> threads at once. The threads are new
    /// ones started by the caller's thread, so they inherit its scheduling priority (the low-priority embedder of
    /// <c>serve</c> stays low priority) and never take thread-pool threads from requests.
    /// </summary>
    public IEmbedder WithParallelism(int parallelism) => new ParallelView(this, Math.Max(1, parallelism));

    private float[][] Embed(IReadOnlyList<string> texts, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new long[texts.Count][];
        lock (_tokenizerLock)
        {
            for (int i = 0; i < texts.Count; i++)
                tokens[i] = Capped(_tokenizer.Encode(texts[i] ?? "", MaxTokens).InputIds.Span);
        }
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Length).ToArray();
        var vectors = new float[texts.Count][];
        var batches = (order.Length + BatchSize - 1) / BatchSize;
        if (parallelism <= 1 || batches <= 1)
        {
            for (int start = 0; start < order.Length; start += BatchSize)
                EmbedBatch(order.AsSpan(start, Math.Min(BatchSize, order.Length - start)), tokens, vectors);
            return vectors;
        }
        var next = -1;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            for (int b; (b = Interlocked.Increment(ref next)) < batches;)
            {
                var start = b * BatchSize;
                EmbedBatch(order.AsSpan(start, Math.Min(BatchSize, order.Length - start)), tokens, vectors);
            }
        }
        var threads = Enumerable.Range(0, Math.Min(parallelism, batches) - 1)
            .Select(_ => new Thread(() => Capture(Work)) { IsBackground = true, Name = "pmsearch embed" }).ToList();
        foreach (var thread in threads) thread.Start();
        Capture(Work);
        foreach (var thread in threads) thread.Join();
        failure?.Throw();
        return vectors;

        void Capture(Action work)
        {
            try
            {
                work();
            }
#pragma warning disable CA1031 // Rethrown on the calling thread once every worker has stopped.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Volatile.Write(ref next, batches);   // the others stop after their current batch
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }

    /// <summary>
    /// The cap applied here too: FastBertTokenizer 1.2.6 ignores maximumTokens after an earlier call with a larger one
    /// (<see cref="CountTokens"/>), so the ids are cut as the reference does: the first tokens, then [SEP].
    /// </summary>
    private long[] Capped(ReadOnlySpan<long> ids)
    {
        if (ids.Length <= MaxTokens) return ids.ToArray();
        var capped = ids[..MaxTokens].ToArray();
        capped[^1] = ids[^1];
        return capped;
    }

    private void EmbedBatch(ReadOnlySpan<int> batch, long[][] tokens, float[][] vectors)
    {
        int length = 0;
        foreach (int i in batch) length = Math.Max(length, tokens[i].Length);
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        for (int row = 0; row < batch.Length; row++)
        {
            var source = tokens[batch[row]];
            source.CopyTo(ids, row * length);
            mask.AsSpan(row * length, source.Length).Fill(1);
        }
        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var names = _hasTokenTypeIds ? new[] { "input_ids", "attention_mask", "token_type_ids" } : new[] { "input_ids", "attention_mask" };
        var values = _hasTokenTypeIds ? new[] { idsValue, maskValue, typesValue } : new[] { idsValue, maskValue };
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [_outputName]);
        ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (int row = 0; row < batch.Length; row++)
            vectors[batch[row]] = MeanPool(hidden.Slice(row * length * Dimensions, length * Dimensions), tokens[batch[row]].Length);
    }

    /// <summary>Mean of the first <paramref name="count"/> token vectors (the unmasked ones), L2-normalised.</summary>
    private float[] MeanPool(ReadOnlySpan<float> rowHidden, int count)
    {
        var vector = new float[Dimensions];
        for (int t = 0; t < count; t++)
            TensorPrimitives.Add(vector, rowHidden.Slice(t * Dimensions, Dimensions), vector);
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The shared model, embedding with more threads; disposing the view leaves the model alone.</summary>
    private sealed class ParallelView(MiniLmEmbedder model, int parallelism) : IEmbedder
    {
        public string ModelId => model.ModelId;

        public string ModelVersion => model.ModelVersion;

        public int Dimensions => model.Dimensions;

        public int MaxTokens => model.MaxTokens;

        public int CountTokens(string text) => model.CountTokens(text);

        public float[][] Embed(IReadOnlyList<string> texts) => model.Embed(texts, parallelism);
    }
}
