using System.Globalization;
using System.Numerics.Tensors;
using PostmortemSearch.Core.Analytics.Clustering;
using PostmortemSearch.Core.Analytics.Curation;
using PostmortemSearch.Core.Analytics.Taxonomy;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// Clusters factor statements by meaning, in two steps. (1) An ML.NET multiclass classifier (sentence embedding +
/// TF-IDF text features → L-BFGS maximum entropy), trained from the taxonomy's examples and the organisation's
/// curations, assigns each statement to a category when it is confident enough. (2) The statements it is not sure of
/// are clustered among themselves — average linkage on the mean of embedding cosine (mean-centred) and TF-IDF cosine,
/// never joining two statements of one postmortem, cut at a threshold read from the data — to discover causes the
/// taxonomy lacks. Curation pins statements last. Deterministic under <see cref="FactorClustererOptions.Seed"/>.
/// </summary>
public sealed class FactorClusterer
{
    private readonly FactorClustererOptions _options;
    private readonly CuratedTaxonomy _taxonomy;
    private readonly StatementEmbedding? _embedding;
    private readonly Lazy<StatementClassifier> _classifier;

    public FactorClusterer(FactorClustererOptions? options = null, CuratedTaxonomy? taxonomy = null, StatementEmbedding? embedding = null)
    {
        _options = options ?? new FactorClustererOptions();
        _taxonomy = taxonomy ?? CuratedTaxonomy.Uncurated(FactorTaxonomy.Default);
        _embedding = embedding;
        _classifier = new Lazy<StatementClassifier>(Train);
    }

    public CuratedTaxonomy Taxonomy => _taxonomy;

    /// <summary>Extracts the factor statements of <paramref name="postmortems"/> and clusters them.</summary>
    public FactorClustering Cluster(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        return Cluster(FactorStatements.ExtractAll(postmortems), postmortems);
    }

    /// <summary>The category the classifier gives one text, and its confidence (for tests and the curation page).</summary>
    public (string Category, float Confidence) Classify(string text)
    {
        var c = _classifier.Value.Classify([text], [_embedding?.Embed([text])[0]])[0];
        return (c.Category, c.Confidence);
    }

    private StatementClassifier Train()
    {
        var examples = _taxonomy.Categories.SelectMany(c => c.Examples.Select(e => (Text: e, Category: c.Id, Weight: 1f)))
            .Concat(_taxonomy.CuratedExamples.Select(e => (e.Text, e.Category, Weight: _options.CuratedExampleWeight)))
            .ToList();
        var vectors = _embedding?.Embed([.. examples.Select(e => e.Text)]);
        var dims = vectors is { Length: > 0 } ? vectors[0].Length : 0;
        return StatementClassifier.Train([.. examples.Select((e, i) => new TrainingExample(e.Text, vectors?[i], e.Category, e.Weight))], dims, _options.Seed, _options.L2Regularization);
    }

    /// <summary>Clusters <paramref name="statements"/>; <paramref name="postmortems"/> gives incident dates for first/last seen and recurrence.</summary>
    public FactorClustering Cluster(IReadOnlyList<FactorStatement> statements, IReadOnlyList<Postmortem>? postmortems = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var units = Units(statements);
        var unitTexts = units.Select(u => string.Join(" ", u.Select(i => statements[i].Text))).ToList();
        var unitVectors = UnitEmbeddings(statements, units);

        // (1) The classifier: confident units take their category.
        var group = new string[statements.Count];
        var unassigned = new List<int>();
        if (statements.Count > 0)
        {
            var classes = _classifier.Value.Classify(unitTexts, unitVectors ?? []);
            for (var u = 0; u < units.Count; u++)
            {
                if (classes[u].Confidence >= _options.Confidence) foreach (var i in units[u]) group[i] = classes[u].Category;
                else unassigned.Add(u);
            }
        }

        // (2) The rest: discovered clusters.
        if (unassigned.Count > 0)
        {
            var labels = Discover(statements, units, unassigned, unitTexts, unitVectors);
            for (var r = 0; r < unassigned.Count; r++)
                foreach (var i in units[unassigned[r]]) group[i] = "\u0001" + labels[r].ToString(CultureInfo.InvariantCulture);
        }

        // (3) Curation has the last word on the statements it named.
        var keys = statements.Select(CuratedStatement.KeyOf).ToArray();
        for (var i = 0; i < statements.Count; i++)
            if (_taxonomy.Pins.TryGetValue(keys[i], out var pinned)) group[i] = pinned;
        return Build(statements, keys, group, postmortems ?? []);
    }

    /// <summary>Sentences of one entry (a bullet, a table cell, a paragraph) explain one cause together: they are read as one unit.</summary>
    private List<int[]> Units(IReadOnlyList<FactorStatement> statements)
    {
        if (!_options.ReadEntriesTogether) return [.. Enumerable.Range(0, statements.Count).Select(i => new[] { i })];
        return [.. Enumerable.Range(0, statements.Count)
            .GroupBy(i => statements[i].Entry >= 0 ? (statements[i].PostmortemId, statements[i].Entry) : (statements[i].PostmortemId, -1 - i))
            .Select(g => g.ToArray())];
    }

    private float[][]? UnitEmbeddings(IReadOnlyList<FactorStatement> statements, List<int[]> units)
    {
        if (_embedding is null || statements.Count == 0) return null;
        var vectors = _embedding.Embed([.. statements.Select(s => s.Text)]);
        var result = new float[units.Count][];
        Parallel.For(0, units.Count, u =>
        {
            var v = new float[vectors[0].Length];
            foreach (var i in units[u]) TensorPrimitives.Add(v, vectors[i], v);
            AverageLinkage.Normalize(v);
            result[u] = v;
        });
        return result;
    }

    /// <summary>Average linkage over the unassigned units; returns a cluster number per unassigned unit.</summary>
    private int[] Discover(IReadOnlyList<FactorStatement> statements, List<int[]> units, List<int> unassigned, List<string> unitTexts, float[][]? unitVectors)
    {
        var text = TextFeatures.FitTransform([.. unassigned.Select(u => unitTexts[u])], _options.Seed);
        float[]? mean = null;
        if (unitVectors is not null)
        {
            // Mean-centring removes the direction every ops sentence shares, so cosines measure what differs.
            mean = new float[unitVectors[0].Length];
            foreach (var v in unitVectors) TensorPrimitives.Add(mean, v, mean);
            TensorPrimitives.Divide(mean, unitVectors.Length, mean);
        }
        var w = unitVectors is null ? 0f : _options.EmbeddingWeight;
        var points = new float[unassigned.Count][];
        Parallel.For(0, unassigned.Count, r =>
        {
            var textPart = text[r];
            var dims = textPart.Length + (unitVectors is null ? 0 : unitVectors[0].Length);
            var p = new float[dims];
            if (unitVectors is not null)
            {
                var e = p.AsSpan(0, unitVectors[0].Length);
                TensorPrimitives.Subtract(unitVectors[unassigned[r]], mean!, e);
                AverageLinkage.Normalize(e);
                TensorPrimitives.Multiply(e, MathF.Sqrt(w), e);
            }
            var t = p.AsSpan(dims - textPart.Length);
            TensorPrimitives.Multiply(textPart, MathF.Sqrt(1 - w), t);
            points[r] = p;
        });
        var postmortemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var cannotLink = unassigned.Select(u => { var pid = statements[units[u][0]].PostmortemId; return postmortemIndex.TryGetValue(pid, out var k) ? k : postmortemIndex[pid] = postmortemIndex.Count; }).ToArray();
        var threshold = Threshold(points, cannotLink);
        var labels = AverageLinkage.Cluster(points, threshold, _options.Seed, cannotLink);
        if (Environment.GetEnvironmentVariable("PMSEARCH_FACTOR_DEBUG") == "1") Console.Error.WriteLine($"discover: {points.Length} units, threshold {threshold:0.000}, {labels.Max() + 1} clusters");
        return labels;
    }

    /// <summary>
    /// The cut, read from the data: most pairs of statements are about different causes, so the similarity of a pair
    /// that shares one stands out from the distribution of all pairs — mean + z standard deviations (on a seeded sample).
    /// </summary>
    private float Threshold(float[][] points, int[] cannotLink)
    {
        if (points.Length < 3) return _options.MaximumThreshold;
        var random = new Random(_options.Seed);
        var sample = points.Length <= 800 ? Enumerable.Range(0, points.Length).ToArray() : [.. Enumerable.Range(0, 800).Select(_ => random.Next(points.Length))];
        double sum = 0, sumSq = 0;
        long count = 0;
        for (var a = 0; a < sample.Length; a++)
            for (var b = a + 1; b < sample.Length; b++)
            {
                if (cannotLink[sample[a]] == cannotLink[sample[b]] || sample[a] == sample[b]) continue;
                double s = TensorPrimitives.Dot(points[sample[a]], points[sample[b]]);
                sum += s; sumSq += s * s; count++;
            }
        if (count == 0) return _options.MaximumThreshold;
        var mean = sum / count;
        var sd = Math.Sqrt(Math.Max(0, sumSq / count - mean * mean));
        return (float)Math.Clamp(mean + _options.ThresholdDeviations * sd, _options.MinimumThreshold, _options.MaximumThreshold);
    }

    private FactorClustering Build(IReadOnlyList<FactorStatement> statements, string[] keys, string[] group, IReadOnlyList<Postmortem> postmortems)
    {
        var byId = Recurrence.ById(postmortems);
        var words = new IReadOnlyList<string>[statements.Count];
        Parallel.For(0, statements.Count, i => words[i] = FactorText.Words(statements[i].Text));
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in words) foreach (var term in t.Distinct()) df[term] = df.GetValueOrDefault(term) + 1;
        var categories = _taxonomy.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);

        var clusters = new List<(FactorCluster Cluster, string Group)>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var members in Enumerable.Range(0, statements.Count).GroupBy(i => group[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var idx = members.ToArray();
            var terms = TopTerms(idx, words, df, statements.Count);
            var category = categories.GetValueOrDefault(members.Key);
            var id = category?.Id ?? "c-" + StatementVectorizer.Fnv(idx.Select(i => keys[i]).Min(StringComparer.Ordinal).AsSpan(), 2166136261u).ToString("x8", CultureInfo.InvariantCulture);
            var unique = id;
            for (var s = 2; !usedIds.Add(unique); s++) unique = id + "-" + s.ToString(CultureInfo.InvariantCulture);

            var incidents = idx.Select(i => statements[i].PostmortemId).Distinct(StringComparer.Ordinal)
                .OrderBy(pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.Of(pm) ?? DateTimeOffset.MaxValue : DateTimeOffset.MaxValue)
                .ThenBy(pid => pid, StringComparer.Ordinal).ToList();
            var dates = incidents.Select(pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.DateOf(pm) : null).OfType<DateOnly>().ToList();
            var recurring = Recurrence.RecurringIncidents(incidents, pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.Of(pm) : null, _options.RecurrenceWindowDays);
            var dated = incidents.Count(pid => byId.TryGetValue(pid, out var pm) && IncidentTime.Of(pm) is not null);
            clusters.Add((new FactorCluster
            {
                Id = unique,
                Label = category?.Label ?? Representative(idx, statements, words, terms),
                Terms = terms,
                Category = category is null || category.SreCategory == "-" ? null : category.SreCategory,
                Concept = category?.Id,
                Discovered = category is null,
                NotACause = category is not null && _taxonomy.NotACause.Contains(category.Id),
                Statements = [.. idx.Select(i => statements[i])],
                IncidentIds = incidents,
                FirstSeen = dates.Count > 0 ? dates.Min() : null,
                LastSeen = dates.Count > 0 ? dates.Max() : null,
                RecurrenceRate = dated > 0 ? (double)recurring.Count / dated : null,
                RecurringIncidents = recurring.Count,
            }, members.Key));
        }

        var ordered = clusters.OrderByDescending(c => c.Cluster.IncidentIds.Count).ThenByDescending(c => c.Cluster.Statements.Count)
            .ThenBy(c => c.Cluster.Id, StringComparer.Ordinal).ToList();
        var idOfGroup = ordered.ToDictionary(c => c.Group, c => c.Cluster.Id, StringComparer.Ordinal);
        return new FactorClustering([.. ordered.Select(c => c.Cluster)], [.. group.Select(g => idOfGroup[g])]);
    }

    /// <summary>Words the statements share, most distinctive first; surface forms people wrote, never stems or numbers.</summary>
    private static List<string> TopTerms(int[] idx, IReadOnlyList<string>[] words, Dictionary<string, int> df, int total)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var i in idx)
            foreach (var term in words[i].Distinct())
                weights[term] = weights.GetValueOrDefault(term) + Math.Log((1.0 + total) / df[term]);
        var minimum = idx.Length >= 3 ? 2 : 1;   // a term of one statement out of many says nothing they share
        return [.. weights.Where(kv => idx.Length < 3 || idx.Count(i => words[i].Contains(kv.Key)) >= minimum)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(6).Select(kv => kv.Key)];
    }

    /// <summary>A discovered cluster's label: its statement that shares most of the cluster's terms, cut to ten words.</summary>
    private static string Representative(int[] idx, IReadOnlyList<FactorStatement> statements, IReadOnlyList<string>[] words, IReadOnlyList<string> terms)
    {
        var best = idx.Select(i => (Text: statements[i].Text, Score: words[i].Intersect(terms).Count(), statements[i].Text.Length))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Length).ThenBy(p => p.Text, StringComparer.Ordinal).First().Text;
        var parts = best.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 10 ? best.TrimEnd('.') : string.Join(' ', parts.Take(10)).TrimEnd('.', ',', ';') + "…";
    }
}
