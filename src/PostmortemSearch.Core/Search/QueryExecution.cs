using System.Numerics;

namespace PostmortemSearch.Core.Search;

/// <summary>A query analyzed against one snapshot: weighted OR terms, required/excluded phrases, excluded terms.</summary>
internal sealed class CompiledQuery
{
    public required ParsedQuery Parsed { get; init; }
    public required Dictionary<string, float> Terms { get; init; }
    public required List<PhraseSpec> Phrases { get; init; }
    public required List<string> ExcludedTerms { get; init; }
    public required List<PhraseSpec> ExcludedPhrases { get; init; }
    public bool HasText => Terms.Count > 0 || Phrases.Count > 0;
    public bool NeedsDocCheck => Phrases.Count > 0 || ExcludedTerms.Count > 0 || ExcludedPhrases.Count > 0;
}

/// <summary>Terms that must occur at the given position offsets from each other.</summary>
internal sealed record PhraseSpec(string[] Terms, int[] Offsets);

internal readonly record struct ScoredDoc(int Doc, float Score);

public sealed partial class SearchIndex
{
    /// <summary>
    /// A query word with an ops-vocabulary synonym splits its weight between the word and the group's canonical term,
    /// so having a synonym does not make a word count more than the other words of the query.
    /// </summary>
    private const float SynonymShare = 0.5f;
    private const float PrefixWeight = 0.8f;

    internal CompiledQuery Compile(IndexSnapshot snap, ParsedQuery parsed)
    {
        var analyzer = _options.Analyzer;
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        void AddTerm(string term, float weight)
        {
            if (!terms.TryGetValue(term, out var w) || w < weight) terms[term] = weight;
        }
        void AddTokens(IReadOnlyList<Token> tokens)
        {
            var synonymAt = tokens.Where(t => t.Kind == TokenKind.Synonym).Select(t => t.Position).ToHashSet();
            foreach (var t in tokens)
            {
                var shared = synonymAt.Contains(t.Position);
                AddTerm(t.Text, t.Kind == TokenKind.Synonym ? SynonymShare : shared ? 1f - SynonymShare : 1f);
            }
        }
        if (parsed.Terms.Count > 0) AddTokens(analyzer.Analyze(string.Join(' ', parsed.Terms)));

        var phrases = new List<PhraseSpec>();
        foreach (var p in parsed.Phrases)
        {
            var tokens = analyzer.Analyze(p);
            AddTokens(tokens);
            if (ToPhrase(tokens) is { } spec) phrases.Add(spec);
        }
        foreach (var prefix in parsed.Prefixes)
            foreach (var term in ExpandPrefix(snap, prefix))
                AddTerm(term, PrefixWeight);

        var excludedTerms = new List<string>();
        foreach (var word in parsed.ExcludedTerms)
        {
            var tokens = analyzer.Analyze(word);
            var compound = tokens.FirstOrDefault(t => t.Kind == TokenKind.Compound);
            if (compound.Text is not null) excludedTerms.Add(compound.Text);
            else excludedTerms.AddRange(tokens.Where(t => t.Kind == TokenKind.Word).Select(t => t.Text));
        }
        var excludedPhrases = parsed.ExcludedPhrases.Select(p => ToPhrase(analyzer.Analyze(p))).OfType<PhraseSpec>().ToList();
        return new CompiledQuery { Parsed = parsed, Terms = terms, Phrases = phrases, ExcludedTerms = excludedTerms, ExcludedPhrases = excludedPhrases };
    }

    private static PhraseSpec? ToPhrase(IReadOnlyList<Token> tokens)
    {
        var words = tokens.Where(t => t.Kind == TokenKind.Word).ToList();
        if (words.Count == 0) return null;
        var first = words[0].Position;
        return new PhraseSpec([.. words.Select(w => w.Text)], [.. words.Select(w => w.Position - first)]);
    }

    private List<string> ExpandPrefix(IndexSnapshot snap, string prefix)
    {
        Span<char> buf = stackalloc char[Math.Min(256, prefix.Length * 2 + 4)];
        var folded = new string(buf[..Analyzer.Fold(prefix.AsSpan(0, Math.Min(prefix.Length, 100)), buf)]);
        if (folded.Length == 0) return [];
        var stem = _options.Analyzer.TermOf(folded);
        var candidates = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var seg in snap.Segments)
        {
            var sorted = seg.SortedTermIds();
            foreach (var p in stem is not null && stem.Length < folded.Length ? new[] { folded, stem } : [folded])
            {
                for (var i = seg.LowerBound(p); i < sorted.Length && seg.Terms[sorted[i]].StartsWith(p, StringComparison.Ordinal); i++)
                {
                    var id = sorted[i];
                    candidates[seg.Terms[id]] = candidates.GetValueOrDefault(seg.Terms[id]) + seg.Df[id];
                }
            }
        }
        return [.. candidates.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(_options.MaxPrefixExpansions).Select(c => c.Key)];
    }

    /// <summary>Visible docs that pass the filters, as a bitset over doc ids.</summary>
    internal static ulong[] Accept(IndexSnapshot snap, ParsedQuery q, bool includeRestricted)
    {
        var baseSet = includeRestricted ? snap.VisibleAll : snap.Visible;
        if (!q.HasFilters) return baseSet;
        var result = (ulong[])baseSet.Clone();
        for (var w = 0; w < result.Length; w++)
        {
            var bits = result[w];
            while (bits != 0)
            {
                var d = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!PassesFilters(snap.Docs[d], q)) result[w] &= ~(1UL << d);
            }
        }
        return result;
    }

    private static bool PassesFilters(DocRecord doc, ParsedQuery q)
    {
        if (q.Services.Count > 0 && !q.Services.Any(s => doc.ServiceKeys.Contains(s))) return false;
        if (q.Severities.Count > 0 && (doc.Severity is null || !q.Severities.Contains(doc.Severity.ToUpperInvariant()))) return false;
        if (q.Statuses.Count > 0 && (doc.Status is null || !q.Statuses.Contains(doc.Status))) return false;
        if (q.Tags.Count > 0 && !q.Tags.Any(t => doc.Tags.Contains(t))) return false;
        if (q.Factors.Count > 0 && !q.Factors.Any(f => doc.Factors.Contains(f, StringComparer.OrdinalIgnoreCase))) return false;
        if (q.After is { } after && (doc.Date is not { } d1 || d1 < after)) return false;
        if (q.Before is { } before && (doc.Date is not { } d2 || d2 >= before)) return false;
        return true;
    }

    /// <summary>Top k by BM25F with MaxScore pruning: terms whose summed upper bounds cannot lift a doc over the k-th score are only probed, never iterated.</summary>
    internal List<ScoredDoc> TopK(IndexSnapshot snap, CompiledQuery q, ulong[] accept, int k, bool exhaustive = false)
    {
        var heap = new TopKHeap(k);
        var n = (float)Math.Max(1, snap.DocCount);
        var idfWeights = new Dictionary<string, float[]>(q.Terms.Count, StringComparer.Ordinal);
        foreach (var (term, weight) in q.Terms)
        {
            var df = snap.DocFrequency(term);
            if (df == 0) continue;
            var idf = MathF.Log(1f + (n - df + 0.5f) / (df + 0.5f));
            idfWeights[term] = Impact.ScoreTable(weight * idf, _options.K1);
        }
        if (idfWeights.Count == 0) return [];
        foreach (var seg in snap.Segments)
        {
            var cursors = new List<PostingCursor>(idfWeights.Count);
            foreach (var (term, table) in idfWeights)
                if (seg.TermIds.TryGetValue(term, out var id)) cursors.Add(new PostingCursor(seg, id, table));
            if (cursors.Count == 0) continue;
            var checker = q.NeedsDocCheck ? new DocChecker(seg, q) : null;
            if (checker is { Impossible: true }) continue;
            cursors.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
            MaxScore([.. cursors], heap, accept, checker, exhaustive);
        }
        return heap.ToSortedList();
    }

    private static void MaxScore(PostingCursor[] cursors, TopKHeap heap, ulong[] accept, DocChecker? checker, bool exhaustive)
    {
        var n = cursors.Length;
        var prefix = new float[n];
        var sum = 0f;
        for (var i = 0; i < n; i++) prefix[i] = sum += cursors[i].UpperBound;
        var theta = exhaustive ? float.NegativeInfinity : heap.Threshold;
        var firstEssential = 0;
        while (firstEssential < n && prefix[firstEssential] <= theta) firstEssential++;
        if (firstEssential == n) return;
        while (true)
        {
            var d = PostingCursor.NoMoreDocs;
            for (var i = firstEssential; i < n; i++)
                if (cursors[i].Doc < d) d = cursors[i].Doc;
            if (d == PostingCursor.NoMoreDocs) return;
            var score = 0f;
            for (var i = firstEssential; i < n; i++)
            {
                var c = cursors[i];
                if (c.Doc == d)
                {
                    score += c.Score;
                    c.NextDoc();
                }
            }
            if ((accept[d >> 6] & (1UL << d)) == 0) continue;
            var pruned = false;
            for (var i = firstEssential - 1; i >= 0; i--)
            {
                if (score + prefix[i] <= theta) { pruned = true; break; }
                var c = cursors[i];
                if (c.Doc < d) c.Advance(d);
                if (c.Doc == d) score += c.Score;
            }
            if (pruned || score <= theta) continue;
            if (checker is not null && !checker.Passes(d)) continue;
            heap.Insert(d, score);
            if (!exhaustive && heap.IsFull)
            {
                theta = heap.Threshold;
                while (firstEssential < n && prefix[firstEssential] <= theta) firstEssential++;
                if (firstEssential == n) return;
            }
        }
    }

    /// <summary>All matching docs (for the total and facets): union of the terms' postings, filtered.</summary>
    internal static ulong[] MatchAll(IndexSnapshot snap, CompiledQuery q, ulong[] accept)
    {
        var matched = new ulong[accept.Length];
        if (!q.HasText)
        {
            Array.Copy(accept, matched, accept.Length);
        }
        else
        {
            foreach (var seg in snap.Segments)
                foreach (var term in q.Terms.Keys)
                {
                    if (!seg.TermIds.TryGetValue(term, out var id)) continue;
                    var c = new PostingCursor(seg, id, Impact.Dequantized);
                    for (var d = c.Doc; d != PostingCursor.NoMoreDocs; d = c.NextDoc()) matched[d >> 6] |= 1UL << d;
                }
            for (var w = 0; w < matched.Length; w++) matched[w] &= accept[w];
        }
        if (!q.NeedsDocCheck) return matched;
        foreach (var seg in snap.Segments)
        {
            var checker = new DocChecker(seg, q);
            for (var d = seg.Base; d < seg.Base + seg.DocCount; d++)
            {
                if ((matched[d >> 6] & (1UL << d)) == 0) continue;
                if (checker.Impossible || !checker.Passes(d)) matched[d >> 6] &= ~(1UL << d);
            }
        }
        return matched;
    }

    /// <summary>Per-segment checks of phrases and exclusions for one candidate doc.</summary>
    private sealed class DocChecker
    {
        private readonly Segment _seg;
        private readonly (int[] Ids, int[] Offsets)[] _phrases;
        private readonly (int[] Ids, int[] Offsets)[] _excludedPhrases;
        private readonly PostingCursor[] _excluded;

        public bool Impossible { get; }

        public DocChecker(Segment seg, CompiledQuery q)
        {
            _seg = seg;
            var phrases = new List<(int[], int[])>();
            foreach (var p in q.Phrases)
            {
                var ids = Resolve(seg, p);
                if (ids is null) { Impossible = true; break; }
                phrases.Add((ids, p.Offsets));
            }
            _phrases = [.. phrases];
            _excludedPhrases = [.. q.ExcludedPhrases.Select(p => (Resolve(seg, p), p.Offsets)).Where(p => p.Item1 is not null).Select(p => (p.Item1!, p.Offsets))];
            _excluded = [.. q.ExcludedTerms.Select(t => seg.TermIds.TryGetValue(t, out var id) ? new PostingCursor(seg, id, Impact.Dequantized) : null).OfType<PostingCursor>()];
        }

        private static int[]? Resolve(Segment seg, PhraseSpec p)
        {
            var ids = new int[p.Terms.Length];
            for (var i = 0; i < ids.Length; i++)
                if (!seg.TermIds.TryGetValue(p.Terms[i], out ids[i])) return null;
            return ids;
        }

        /// <summary>Docs must be asked in increasing order (the exclusion cursors only move forward).</summary>
        public bool Passes(int doc)
        {
            foreach (var c in _excluded)
                if (c.Advance(doc) == doc) return false;
            var local = doc - _seg.Base;
            foreach (var (ids, offsets) in _phrases)
                if (!HasPhrase(local, ids, offsets)) return false;
            foreach (var (ids, offsets) in _excludedPhrases)
                if (HasPhrase(local, ids, offsets)) return false;
            return true;
        }

        private bool HasPhrase(int local, int[] ids, int[] offsets)
        {
            var lists = new int[ids.Length][];
            for (var i = 0; i < ids.Length; i++)
                if ((lists[i] = _seg.Positions(ids[i], local)!) is null) return false;
            foreach (var p0 in lists[0])
            {
                var all = true;
                for (var i = 1; i < ids.Length && all; i++)
                    all = Array.BinarySearch(lists[i], p0 + offsets[i]) >= 0;
                if (all) return true;
            }
            return false;
        }
    }

    /// <summary>A fixed-size min-heap on (score, then later doc id) keeping the k best.</summary>
    private sealed class TopKHeap(int k)
    {
        private readonly ScoredDoc[] _items = new ScoredDoc[Math.Max(1, k)];
        private int _count;

        public bool IsFull => _count == _items.Length;
        public float Threshold => IsFull ? _items[0].Score : float.NegativeInfinity;

        private static bool Less(ScoredDoc a, ScoredDoc b) => a.Score < b.Score || (a.Score == b.Score && a.Doc > b.Doc);

        public void Insert(int doc, float score)
        {
            var item = new ScoredDoc(doc, score);
            if (_count < _items.Length)
            {
                var i = _count++;
                _items[i] = item;
                while (i > 0)
                {
                    var parent = (i - 1) >> 1;
                    if (!Less(_items[i], _items[parent])) break;
                    (_items[i], _items[parent]) = (_items[parent], _items[i]);
                    i = parent;
                }
                return;
            }
            if (!Less(_items[0], item)) return;
            _items[0] = item;
            var j = 0;
            while (true)
            {
                var l = 2 * j + 1;
                if (l >= _count) break;
                var m = l + 1 < _count && Less(_items[l + 1], _items[l]) ? l + 1 : l;
                if (!Less(_items[m], _items[j])) break;
                (_items[m], _items[j]) = (_items[j], _items[m]);
                j = m;
            }
        }

        public List<ScoredDoc> ToSortedList()
        {
            var list = _items.AsSpan(0, _count).ToArray().ToList();
            list.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
            return list;
        }
    }
}
