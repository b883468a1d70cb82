using System.Numerics.Tensors;
using PostmortemSearch.Core.Semantic;

namespace PostmortemSearch.Tests.Support;

/// <summary>
/// The real model as the product runs it: the process's one session (<see cref="MiniLmEmbedder.Shared"/>, 0.2–0.5 s and
/// 160 MB to load), with batches on every core as bulk embedding runs them.
/// </summary>
public static class RealModel
{
    private static readonly Lazy<IEmbedder> Shared = new(() => MiniLmEmbedder.Shared.WithParallelism(Environment.ProcessorCount));

    public static IEmbedder Embedder => Shared.Value;
}

/// <summary>
/// A tiny deterministic stand-in for the model where the model is not the point: each lower-cased word is hashed into
/// one of a few dimensions, so texts sharing words are close and texts sharing none are (nearly) orthogonal.
/// Counts what it embedded, for tests of what gets embedded when.
/// </summary>
public sealed class WordHashEmbedder(int dimensions = 64, string version = "1") : IEmbedder
{
    private int _embedded;

    public string ModelId => "word-hash";

    public string ModelVersion => version;

    public int Dimensions => dimensions;

    public int MaxTokens => 256;

    /// <summary>Texts embedded so far.</summary>
    public int Embedded => Volatile.Read(ref _embedded);

    public int CountTokens(string text) => Words(text).Length + 2;

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        Interlocked.Add(ref _embedded, texts.Count);
        return texts.Select(EmbedOne).ToArray();
    }

    private float[] EmbedOne(string text)
    {
        var vector = new float[dimensions];
        foreach (var word in Words(text).Take(MaxTokens - 2))
            vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word) % (uint)dimensions)] += 1;
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        else vector[0] = 1;
        return vector;
    }

    private static string[] Words(string text) =>
        text.ToLowerInvariant().Split((char[])[' ', '\n', '\r', '\t', '.', ',', ':', ';', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries);
}
