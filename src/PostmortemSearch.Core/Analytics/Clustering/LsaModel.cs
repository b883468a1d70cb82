using MathNet.Numerics.LinearAlgebra;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>
/// Latent semantic analysis: a truncated SVD of the TF-IDF document × term matrix of the corpus (all sections
/// of all postmortems), so words that occur in the same documents land near each other. Randomized range finder
/// (one power iteration) + eigen-decomposition of the small projected Gram matrix: no dense terms × terms matrix.
/// </summary>
internal sealed class LsaModel
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _idf;
    private readonly float[] _termVectors; // terms × rank, row-major

    public int Rank { get; }

    private LsaModel(Dictionary<string, int> vocabulary, float[] idf, float[] termVectors, int rank)
    {
        _vocabulary = vocabulary;
        _idf = idf;
        _termVectors = termVectors;
        Rank = rank;
    }

    /// <summary>Fits the model; null when the corpus is too small to learn associations from.</summary>
    public static LsaModel? Fit(IReadOnlyList<IReadOnlyList<string>> documents, int rank, int seed, int maxTerms = 6000, int maxDocuments = 20000)
    {
        if (documents.Count > maxDocuments)
        {
            var step = (double)documents.Count / maxDocuments;
            documents = Enumerable.Range(0, maxDocuments).Select(i => documents[(int)(i * step)]).ToList();
        }
        var docs = documents.Where(d => d.Count > 0).ToList();
        if (docs.Count < 8) return null;

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in docs)
            foreach (var term in doc.Distinct())
                df[term] = df.GetValueOrDefault(term) + 1;
        var vocabulary = df.Where(kv => kv.Value >= 2 && kv.Value <= docs.Count * 0.5)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxTerms).Select((kv, i) => (kv.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        rank = Math.Min(rank, Math.Min(vocabulary.Count, docs.Count) / 2);
        if (rank < 2) return null;
        var idf = new float[vocabulary.Count];
        foreach (var (term, index) in vocabulary) idf[index] = (float)Math.Log((1.0 + docs.Count) / (1.0 + df[term]) + 1.0);

        var rows = docs.Select(d => Weigh(d, vocabulary, idf)).Where(r => r.Length > 0).ToList();
        var n = rows.Count;
        var t = vocabulary.Count;
        var l = Math.Min(rank + 10, Math.Min(n, t));

        var random = new Random(seed);
        var g = new double[t, l];
        for (var i = 0; i < t; i++)
            for (var j = 0; j < l; j++) g[i, j] = Gaussian(random);

        var y = MultiplyA(rows, g, n, l);            // A G: n × l
        var z = MultiplyAt(rows, y, t, l);           // Aᵀ A G: t × l
        y = MultiplyA(rows, z, n, l);                // A Aᵀ A G: one power iteration
        var q = Matrix<double>.Build.DenseOfArray(y).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var bt = MultiplyAt(rows, q.ToArray(), t, q.ColumnCount);  // Bᵀ = Aᵀ Q: t × l
        var btm = Matrix<double>.Build.DenseOfArray(bt);
        var gram = btm.TransposeThisAndMultiply(btm);               // B Bᵀ: l × l
        var evd = gram.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, gram.RowCount).OrderByDescending(i => evd.EigenValues[i].Real).Take(rank).ToArray();

        var termVectors = new float[t * rank];
        for (var k = 0; k < rank; k++)
        {
            var sigma = Math.Sqrt(Math.Max(evd.EigenValues[order[k]].Real, 1e-12));
            var u = evd.EigenVectors.Column(order[k]);
            var v = btm * u / sigma;                                 // right singular vector: Bᵀ u / σ
            for (var i = 0; i < t; i++) termVectors[i * rank + k] = (float)v[i];
        }
        return new LsaModel(vocabulary, idf, termVectors, rank);
    }

    /// <summary>Folds a tokenized text into the latent space (Vᵀ q), unnormalised.</summary>
    public void Project(IReadOnlyList<string> tokens, Span<float> output)
    {
        output.Clear();
        foreach (var token in tokens)
        {
            if (!_vocabulary.TryGetValue(token, out var index)) continue;
            var row = _termVectors.AsSpan(index * Rank, Rank);
            var w = _idf[index];
            for (var k = 0; k < Rank; k++) output[k] += w * row[k];
        }
    }

    private static (int Term, float Weight)[] Weigh(IReadOnlyList<string> doc, Dictionary<string, int> vocabulary, float[] idf)
    {
        var tf = new Dictionary<int, int>();
        foreach (var term in doc)
            if (vocabulary.TryGetValue(term, out var i)) tf[i] = tf.GetValueOrDefault(i) + 1;
        var row = tf.OrderBy(kv => kv.Key).Select(kv => (kv.Key, (float)((1 + Math.Log(kv.Value)) * idf[kv.Key]))).ToArray();
        var norm = MathF.Sqrt(row.Sum(p => p.Item2 * p.Item2));
        for (var i = 0; i < row.Length; i++) row[i].Item2 /= norm;
        return row;
    }

    private static double[,] MultiplyA(List<(int Term, float Weight)[]> rows, double[,] right, int n, int l)
    {
        var result = new double[n, l];
        Parallel.For(0, n, d =>
        {
            foreach (var (term, weight) in rows[d])
                for (var j = 0; j < l; j++) result[d, j] += weight * right[term, j];
        });
        return result;
    }

    private static double[,] MultiplyAt(List<(int Term, float Weight)[]> rows, double[,] left, int t, int l)
    {
        var result = new double[t, l];
        for (var d = 0; d < rows.Count; d++)
            foreach (var (term, weight) in rows[d])
                for (var j = 0; j < l; j++) result[term, j] += weight * left[d, j];
        return result;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
