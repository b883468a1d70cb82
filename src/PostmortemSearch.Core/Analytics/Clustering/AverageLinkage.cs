using System.Numerics.Tensors;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>
/// Average-linkage agglomerative clustering of unit vectors, cut at a cosine threshold (number of clusters
/// chosen by the data). Exact (nearest-neighbour chain, O(n²)) up to <see cref="ExactLimit"/> points; above it,
/// spherical k-means splits the points into cells, each cell is clustered exactly, and the cell clusters'
/// centroids are clustered again — the same cut, approximated, in about O(n·√n).
/// </summary>
internal static class AverageLinkage
{
    public const int ExactLimit = 2500;

    /// <summary>Cluster label per point (0..k-1, numbered by first occurrence). Deterministic under <paramref name="seed"/>.</summary>
    /// <param name="cannotLink">Optional group per point (e.g. its postmortem): two points of one group never share a cluster.</param>
    public static int[] Cluster(IReadOnlyList<float[]> points, float threshold, int seed, IReadOnlyList<int>? cannotLink = null)
    {
        var weights = new int[points.Count];
        Array.Fill(weights, 1);
        return Renumber(ClusterWeighted(points, weights, threshold, seed, depth: 0, cannotLink));
    }

    private static int[] ClusterWeighted(IReadOnlyList<float[]> points, int[] weights, float threshold, int seed, int depth, IReadOnlyList<int>? cannotLink)
    {
        if (points.Count <= ExactLimit || depth > 4) return Exact(points, weights, threshold, cannotLink);

        var cells = SphericalKMeans.Assign(points, (points.Count + ExactLimit / 2 - 1) / (ExactLimit / 2), seed + depth, iterations: 6);
        var labels = new int[points.Count];
        var centroids = new List<float[]>();
        var centroidWeights = new List<int>();
        foreach (var cell in cells.Select((c, i) => (c, i)).GroupBy(p => p.c).OrderBy(g => g.Key))
        {
            var members = cell.Select(p => p.i).ToArray();
            var local = Exact(members.Select(i => points[i]).ToList(), members.Select(i => weights[i]).ToArray(), threshold,
                cannotLink is null ? null : members.Select(i => cannotLink[i]).ToArray());
            var offset = centroids.Count;
            var k = local.Max() + 1;
            for (var j = 0; j < k; j++) { centroids.Add(new float[points[0].Length]); centroidWeights.Add(0); }
            for (var m = 0; m < members.Length; m++)
            {
                var c = offset + local[m];
                labels[members[m]] = c;
                TensorPrimitives.MultiplyAdd(points[members[m]], weights[members[m]], centroids[c], centroids[c]);
                centroidWeights[c] += weights[members[m]];
            }
        }
        foreach (var centroid in centroids) Normalize(centroid);
        if (centroids.Count > points.Count * 0.9) return labels;   // nothing more to merge at this level
        // Cell clusters are merged without the cannot-link constraint: an approximation that only large inputs take.
        var merged = ClusterWeighted(centroids, centroidWeights.ToArray(), threshold, seed, depth + 1, null);
        for (var i = 0; i < labels.Length; i++) labels[i] = merged[labels[i]];
        return labels;
    }

    /// <summary>Nearest-neighbour chain; a cluster whose nearest neighbour is farther than the cut is final.</summary>
    private static int[] Exact(IReadOnlyList<float[]> points, int[] weights, float threshold, IReadOnlyList<int>? cannotLink)
    {
        var n = points.Count;
        var maxDistance = 1f - threshold;
        var d = new float[(long)n * n];
        Parallel.For(0, n, i =>
        {
            // A cannot-link pair is infinitely far; average linkage keeps it so for every cluster that contains it.
            for (var j = 0; j < n; j++)
                d[(long)i * n + j] = i == j || (cannotLink is not null && cannotLink[i] == cannotLink[j]) ? float.PositiveInfinity : 1f - TensorPrimitives.Dot(points[i], points[j]);
        });

        var size = weights.Select(w => (double)w).ToArray();
        var active = new bool[n];
        Array.Fill(active, true);
        var parent = Enumerable.Range(0, n).ToArray();
        var remaining = n;
        var chain = new List<int>();
        var nextStart = 0;
        while (remaining > 0)
        {
            if (chain.Count == 0)
            {
                while (!active[nextStart]) nextStart++;
                chain.Add(nextStart);
            }
            var a = chain[^1];
            var previous = chain.Count >= 2 ? chain[^2] : -1;
            var b = -1;
            var best = float.PositiveInfinity;
            var row = (long)a * n;
            if (previous >= 0) { b = previous; best = d[row + previous]; }
            for (var c = 0; c < n; c++)
                if (active[c] && c != a && d[row + c] < best) { best = d[row + c]; b = c; }

            if (b < 0 || best > maxDistance)
            {
                active[a] = false;      // final: nothing within the cut now, and average linkage only moves clusters apart
                remaining--;
                chain.Clear();
                continue;
            }
            if (b == previous)
            {
                chain.RemoveRange(chain.Count - 2, 2);
                var (keep, drop) = a < b ? (a, b) : (b, a);
                var sk = size[keep];
                var sd = size[drop];
                for (var c = 0; c < n; c++)
                {
                    if (!active[c] || c == keep || c == drop) continue;
                    var merged = (float)((sk * d[(long)keep * n + c] + sd * d[(long)drop * n + c]) / (sk + sd));
                    d[(long)keep * n + c] = merged;
                    d[(long)c * n + keep] = merged;
                }
                size[keep] = sk + sd;
                active[drop] = false;
                parent[drop] = keep;
                remaining--;
            }
            else chain.Add(b);
        }
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var r = i;
            while (parent[r] != r) r = parent[r];
            labels[i] = r;
        }
        return Renumber(labels);
    }

    internal static int[] Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        return labels.Select(l => map.TryGetValue(l, out var m) ? m : map[l] = map.Count).ToArray();
    }

    internal static void Normalize(Span<float> v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
    }
}

/// <summary>Spherical k-means (cosine), k-means++ seeding from a seeded sample; used only to partition large inputs.</summary>
internal static class SphericalKMeans
{
    public static int[] Assign(IReadOnlyList<float[]> points, int k, int seed, int iterations)
    {
        var random = new Random(seed);
        var dim = points[0].Length;
        k = Math.Min(k, points.Count);
        var centroids = new List<float[]> { (float[])points[random.Next(points.Count)].Clone() };
        var sample = Enumerable.Range(0, Math.Min(points.Count, 20 * k)).Select(_ => random.Next(points.Count)).ToArray();
        var nearest = sample.Select(i => 1f - TensorPrimitives.Dot(points[i], centroids[0])).ToArray();
        while (centroids.Count < k)
        {
            var total = nearest.Sum(x => (double)Math.Max(x, 0) * Math.Max(x, 0));
            var pick = random.NextDouble() * total;
            var chosen = sample.Length - 1;
            for (var s = 0; s < sample.Length; s++)
            {
                pick -= (double)Math.Max(nearest[s], 0) * Math.Max(nearest[s], 0);
                if (pick <= 0) { chosen = s; break; }
            }
            var c = (float[])points[sample[chosen]].Clone();
            centroids.Add(c);
            for (var s = 0; s < sample.Length; s++) nearest[s] = Math.Min(nearest[s], 1f - TensorPrimitives.Dot(points[sample[s]], c));
        }

        var labels = new int[points.Count];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Parallel.For(0, points.Count, i =>
            {
                var best = 0;
                var bestSim = float.NegativeInfinity;
                for (var c = 0; c < centroids.Count; c++)
                {
                    var sim = TensorPrimitives.Dot(points[i], centroids[c]);
                    if (sim > bestSim) { bestSim = sim; best = c; }
                }
                labels[i] = best;
            });
            var sums = Enumerable.Range(0, centroids.Count).Select(_ => new float[dim]).ToArray();
            for (var i = 0; i < points.Count; i++) TensorPrimitives.Add(sums[labels[i]], points[i], sums[labels[i]]);
            for (var c = 0; c < centroids.Count; c++)
                if (TensorPrimitives.Norm(sums[c]) > 0) { AverageLinkage.Normalize(sums[c]); centroids[c] = sums[c]; }
        }
        return labels;
    }
}
