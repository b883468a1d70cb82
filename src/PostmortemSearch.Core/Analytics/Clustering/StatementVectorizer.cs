using System.Numerics.Tensors;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>
/// Dense unit vectors for statements: hashed TF-IDF of word unigrams + bigrams, hashed TF-IDF of character
/// 3–5-grams (morphology: "renewal" ~ "renewed"), and the LSA projection (associations learnt from the corpus).
/// Each block is normalised and weighted, then the whole vector is normalised, so a dot product is a cosine.
/// </summary>
internal sealed class StatementVectorizer
{
    private const int WordDims = 256;
    private const int CharDims = 256;
    private const float WordWeight = 1.0f;
    private const float CharWeight = 0.7f;
    private const float LsaWeight = 0.8f;

    private readonly float[] _idf = new float[WordDims + CharDims];
    private readonly LsaModel? _lsa;

    public int Dimensions => WordDims + CharDims + (_lsa?.Rank ?? 0);

    public StatementVectorizer(IReadOnlyList<IReadOnlyList<string>> statements, LsaModel? lsa)
    {
        _lsa = lsa;
        var df = new int[WordDims + CharDims];
        var seen = new HashSet<int>();
        foreach (var tokens in statements)
        {
            seen.Clear();
            foreach (var (bucket, _) in Features(tokens)) if (seen.Add(bucket)) df[bucket]++;
        }
        for (var b = 0; b < df.Length; b++) _idf[b] = (float)Math.Log((1.0 + statements.Count) / (1.0 + df[b]) + 1.0);
    }

    public float[] Vectorize(IReadOnlyList<string> tokens)
    {
        var v = new float[Dimensions];
        foreach (var (bucket, sign) in Features(tokens)) v[bucket] += sign;
        for (var b = 0; b < WordDims + CharDims; b++)
            if (v[b] != 0) v[b] = MathF.Sign(v[b]) * (1 + MathF.Log(MathF.Abs(v[b]))) * _idf[b];
        Block(v.AsSpan(0, WordDims), WordWeight);
        Block(v.AsSpan(WordDims, CharDims), CharWeight);
        if (_lsa is not null)
        {
            var latent = v.AsSpan(WordDims + CharDims, _lsa.Rank);
            _lsa.Project(tokens, latent);
            Block(latent, LsaWeight);
        }
        AverageLinkage.Normalize(v);
        return v;
    }

    private static void Block(Span<float> block, float weight)
    {
        var norm = TensorPrimitives.Norm(block);
        if (norm > 0) TensorPrimitives.Multiply(block, weight / norm, block);
    }

    private static IEnumerable<(int Bucket, float Sign)> Features(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            yield return Hash(tokens[i], null);
            if (i + 1 < tokens.Count) yield return Hash(tokens[i], tokens[i + 1]);
            var padded = "<" + tokens[i] + ">";
            for (var n = 3; n <= 5; n++)
                for (var s = 0; s + n <= padded.Length; s++)
                    yield return Bucket(Fnv(padded.AsSpan(s, n), 2166136261u), CharDims, WordDims);
        }
    }

    private static (int, float) Hash(string a, string? b)
    {
        var h = Fnv(a.AsSpan(), 2166136261u);
        if (b is not null) h = Fnv(b.AsSpan(), Fnv(" ".AsSpan(), h));
        return Bucket(h, WordDims, 0);
    }

    private static (int, float) Bucket(uint h, int dims, int offset) => (offset + (int)(h % (uint)dims), (h & 0x80000000u) != 0 ? -1f : 1f);

    internal static uint Fnv(ReadOnlySpan<char> text, uint h)
    {
        foreach (var c in text) { h ^= c; h *= 16777619u; }
        return h;
    }
}
