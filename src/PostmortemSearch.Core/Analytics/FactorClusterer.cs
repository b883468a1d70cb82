using System.Globalization;
using System.Numerics.Tensors;
using PostmortemSearch.Core.Analytics.Clustering;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// Clusters factor statements by meaning. (1) Statements the cause lexicon recognises are merged by concept —
/// "cert expired", "TLS certificate was not renewed" and "expired SSL cert" all mean cert-expiry. (2) The rest are
/// vectorised (hashed word/bigram and character-n-gram TF-IDF plus an LSA projection learnt from every section of
/// the corpus) and clustered by average linkage cut at a cosine threshold. (3) A cluster of the rest joins the
/// concept cluster whose centroid it is close to. Deterministic under <see cref="FactorClustererOptions.Seed"/>.
/// </summary>
public sealed class FactorClusterer
{
    private readonly FactorClustererOptions _options;
    private readonly Func<string, IReadOnlyList<string>> _tokenize;
    private readonly CauseLexicon _lexicon;

    /// <param name="tokenize">Analysis chain; default <see cref="FactorText.Shared"/>. The lexicon is tokenized with it too.</param>
    public FactorClusterer(FactorClustererOptions? options = null, Func<string, IReadOnlyList<string>>? tokenize = null)
    {
        _options = options ?? new FactorClustererOptions();
        _tokenize = tokenize ?? FactorText.Shared;
        _lexicon = CauseLexicon.LoadDefault(_tokenize);
    }

    public CauseLexicon Lexicon => _lexicon;

    /// <summary>Extracts the factor statements of <paramref name="postmortems"/> and clusters them; LSA is fitted on all their sections.</summary>
    public FactorClustering Cluster(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        var statements = FactorStatements.ExtractAll(postmortems);
        return Cluster(statements, CorpusOf(postmortems), postmortems);
    }

    /// <summary>The texts LSA learns from: every section of every postmortem (or its main fields when it has no sections).</summary>
    public static IReadOnlyList<string> CorpusOf(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        var corpus = new List<string>();
        foreach (var pm in postmortems)
        {
            if (pm.Sections.Count > 0) corpus.AddRange(pm.Sections.Select(s => s.Heading + "\n" + s.Text));
            else corpus.AddRange(new[] { pm.Title, pm.Summary, pm.Impact, pm.Detection, pm.Trigger, pm.Resolution }.OfType<string>());
            corpus.AddRange(pm.RootCauses);
            corpus.AddRange(pm.ContributingFactors);
        }
        return corpus;
    }

    /// <summary>
    /// Clusters <paramref name="statements"/>. <paramref name="corpus"/> feeds LSA (the statements themselves when null);
    /// <paramref name="postmortems"/> gives incident dates for first/last seen and recurrence (absent → null dates).
    /// </summary>
    public FactorClustering Cluster(IReadOnlyList<FactorStatement> statements, IReadOnlyList<string>? corpus = null, IReadOnlyList<Postmortem>? postmortems = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var n = statements.Count;
        var tokens = new IReadOnlyList<string>[n];
        var concept = new int[n];
        Parallel.For(0, n, i => tokens[i] = _tokenize(_options.UseLexicon ? _lexicon.CorrectText(statements[i].Text) : statements[i].Text));
        Array.Fill(concept, -1);
        if (_options.UseLexicon) ClassifyByEntry(statements, tokens, concept);

        var corpusTokens = corpus is null ? tokens : TokenizeAll(corpus).Concat(tokens).ToArray();
        var lsa = LsaModel.Fit(corpusTokens, _options.LsaRank, _options.Seed);
        var vectorizer = new StatementVectorizer(tokens, lsa);

        // Residual statements: clustered among themselves, then offered to the concept clusters.
        var residual = Enumerable.Range(0, n).Where(i => concept[i] < 0).ToArray();
        var group = new int[n];          // concept index, or Concepts.Count + residual cluster
        foreach (var i in Enumerable.Range(0, n).Where(i => concept[i] >= 0)) group[i] = concept[i];
        if (residual.Length > 0)
        {
            var vectors = new float[residual.Length][];
            Parallel.For(0, residual.Length, r => vectors[r] = vectorizer.Vectorize(tokens[residual[r]]));
            var labels = AverageLinkage.Cluster(vectors, _options.MergeThreshold, _options.Seed);
            var conceptCentroids = ConceptCentroids(tokens, concept, vectorizer);
            var target = new int[labels.Max() + 1];
            var centroids = new float[target.Length][];
            for (var c = 0; c < target.Length; c++) centroids[c] = new float[vectorizer.Dimensions];
            for (var r = 0; r < residual.Length; r++) TensorPrimitives.Add(centroids[labels[r]], vectors[r], centroids[labels[r]]);
            for (var c = 0; c < target.Length; c++)
            {
                var centroid = centroids[c];
                AverageLinkage.Normalize(centroid);
                target[c] = _lexicon.Concepts.Count + c;
                var best = _options.JoinThreshold;
                for (var k = 0; k < conceptCentroids.Length; k++)
                {
                    if (conceptCentroids[k] is not { } cc) continue;
                    var sim = TensorPrimitives.Dot(centroid, cc);
                    if (sim >= best) { best = sim; target[c] = k; }
                }
            }
            for (var r = 0; r < residual.Length; r++) group[residual[r]] = target[labels[r]];
            if (_options.UseIncidentContext) AdoptIncidentConcept(statements, group);
        }
        return Build(statements, tokens, group, postmortems ?? []);
    }

    /// <summary>
    /// Classifies each entry once. The sentences of one prose entry ("Deadlock. The renewal goroutine took leaseMu and
    /// then wanted queueMu. Neither could progress.") explain one cause between them, though most name it in none: the
    /// entry is classified as a whole and every sentence of it takes that concept.
    /// </summary>
    private void ClassifyByEntry(IReadOnlyList<FactorStatement> statements, IReadOnlyList<string>[] tokens, int[] concept)
    {
        var entries = Enumerable.Range(0, statements.Count)
            .GroupBy(i => statements[i].Entry >= 0 ? (statements[i].PostmortemId, statements[i].Entry) : (statements[i].PostmortemId, -1 - i))
            .Select(g => g.ToArray()).ToArray();
        Parallel.For(0, entries.Length, e =>
        {
            var members = entries[e];
            var joint = _lexicon.Classify(members.Length == 1 ? tokens[members[0]] : members.SelectMany(i => tokens[i]).ToList());
            foreach (var i in members) concept[i] = joint;
        });
    }

    /// <summary>
    /// A statement the lexicon does not recognise and no other statement resembles ("renewal reminders went to a list
    /// nobody reads") would be a cluster of one, which can never recur. It is read in the context of its postmortem
    /// instead: it joins the concept most of that postmortem's recognised statements have, when there is one.
    /// </summary>
    private void AdoptIncidentConcept(IReadOnlyList<FactorStatement> statements, int[] group)
    {
        var concepts = _lexicon.Concepts.Count;
        var size = group.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var conceptsOf = Enumerable.Range(0, statements.Count).Where(i => group[i] < concepts)
            .GroupBy(i => statements[i].PostmortemId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(i => group[i]).OrderByDescending(c => c.Count()).ThenBy(c => c.Min()).First().Key, StringComparer.Ordinal);
        for (var i = 0; i < statements.Count; i++)
            if (group[i] >= concepts && size[group[i]] == 1 && conceptsOf.TryGetValue(statements[i].PostmortemId, out var concept))
                group[i] = concept;
    }

    private IReadOnlyList<string>[] TokenizeAll(IReadOnlyList<string> texts)
    {
        var result = new IReadOnlyList<string>[texts.Count];
        Parallel.For(0, texts.Count, i => result[i] = _tokenize(texts[i]));
        return result;
    }

    /// <summary>Normalised mean vector per concept; summed in fixed chunks so the result does not depend on thread timing.</summary>
    private float[]?[] ConceptCentroids(IReadOnlyList<string>[] tokens, int[] concept, StatementVectorizer vectorizer)
    {
        const int chunk = 2048;
        var k = _lexicon.Concepts.Count;
        var chunks = (tokens.Length + chunk - 1) / chunk;
        var partial = new float[chunks][][];
        Parallel.For(0, chunks, b =>
        {
            var sums = new float[k][];
            for (var i = b * chunk; i < Math.Min(tokens.Length, (b + 1) * chunk); i++)
            {
                if (concept[i] < 0) continue;
                var v = vectorizer.Vectorize(tokens[i]);
                var sum = sums[concept[i]] ??= new float[vectorizer.Dimensions];
                TensorPrimitives.Add(sum, v, sum);
            }
            partial[b] = sums;
        });
        var centroids = new float[]?[k];
        for (var b = 0; b < chunks; b++)
            for (var c = 0; c < k; c++)
            {
                if (partial[b][c] is not { } s) continue;
                var total = centroids[c] ??= new float[vectorizer.Dimensions];
                TensorPrimitives.Add(total, s, total);
            }
        foreach (var c in centroids) if (c is not null) AverageLinkage.Normalize(c);
        return centroids;
    }

    private FactorClustering Build(IReadOnlyList<FactorStatement> statements, IReadOnlyList<string>[] tokens, int[] group, IReadOnlyList<Postmortem> postmortems)
    {
        var byId = Recurrence.ById(postmortems);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tokens) foreach (var term in t.Distinct()) df[term] = df.GetValueOrDefault(term) + 1;

        var clusters = new List<(FactorCluster Cluster, int Group)>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var members in Enumerable.Range(0, statements.Count).GroupBy(i => group[i]).OrderBy(g => g.Key))
        {
            var idx = members.ToArray();
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var i in idx)
                foreach (var term in tokens[i].Distinct())
                    weights[term] = weights.GetValueOrDefault(term) + Math.Log((1.0 + statements.Count) / df[term]);
            var terms = weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(6).Select(kv => kv.Key).ToList();
            var conceptInfo = members.Key < _lexicon.Concepts.Count ? _lexicon.Concepts[members.Key] : null;
            var id = conceptInfo?.Id ?? "c-" + StatementVectorizer.Fnv(string.Join(' ', terms.Take(3)).AsSpan(), 2166136261u).ToString("x8", CultureInfo.InvariantCulture);
            var unique = id;
            for (var s = 2; !usedIds.Add(unique); s++) unique = id + "-" + s.ToString(CultureInfo.InvariantCulture);
            var label = conceptInfo?.Label ?? Representative(idx.Select(i => statements[i].Text), terms);

            var incidents = idx.Select(i => statements[i].PostmortemId).Distinct(StringComparer.Ordinal)
                .OrderBy(pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.Of(pm) ?? DateTimeOffset.MaxValue : DateTimeOffset.MaxValue)
                .ThenBy(pid => pid, StringComparer.Ordinal).ToList();
            var dates = incidents.Select(pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.DateOf(pm) : null).OfType<DateOnly>().ToList();
            var recurring = Recurrence.RecurringIncidents(incidents, pid => byId.TryGetValue(pid, out var pm) ? IncidentTime.Of(pm) : null, _options.RecurrenceWindowDays);
            var dated = incidents.Count(pid => byId.TryGetValue(pid, out var pm) && IncidentTime.Of(pm) is not null);
            clusters.Add((new FactorCluster
            {
                Id = unique,
                Label = label,
                Terms = terms,
                Category = conceptInfo?.Category,
                Concept = conceptInfo?.Id,
                Statements = idx.Select(i => statements[i]).ToList(),
                IncidentIds = incidents,
                FirstSeen = dates.Count > 0 ? dates.Min() : null,
                LastSeen = dates.Count > 0 ? dates.Max() : null,
                RecurrenceRate = dated > 0 ? (double)recurring.Count / dated : null,
                RecurringIncidents = recurring.Count,
            }, members.Key));
        }

        var ordered = clusters.OrderByDescending(c => c.Cluster.IncidentIds.Count).ThenByDescending(c => c.Cluster.Statements.Count)
            .ThenBy(c => c.Cluster.Id, StringComparer.Ordinal).ToList();
        var idOfGroup = ordered.ToDictionary(c => c.Group, c => c.Cluster.Id);
        return new FactorClustering(ordered.Select(c => c.Cluster).ToList(), group.Select(g => idOfGroup[g]).ToList());
    }

    /// <summary>A short label for a cluster without a concept: its statement sharing most top terms, cut to eight words.</summary>
    private string Representative(IEnumerable<string> texts, IReadOnlyList<string> terms)
    {
        var best = texts.Select(t => (Text: t, Score: _tokenize(t).Intersect(terms).Count(), t.Length))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Length).ThenBy(p => p.Text, StringComparer.Ordinal).First().Text;
        var words = best.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 8 ? best.TrimEnd('.') : string.Join(' ', words.Take(8)).TrimEnd('.', ',') + "…";
    }
}
