using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;

namespace PostmortemSearch.Core.Search;

public sealed partial class SearchIndex
{
    private const int SimilarQueryTerms = 30;
    private const int SharedTermsShown = 5;

    /// <summary>
    /// Postmortems most like <paramref name="id"/> by Lucene's <see cref="MoreLikeThis"/> over its title, symptoms and
    /// causes (the most distinctive terms, by tf·idf over the caller's reader), with the terms both share as the reason.
    /// Scores are relative to the postmortem's own (1 = as alike as itself). Empty when the id is unknown or not visible.
    /// </summary>
    public IReadOnlyList<SimilarHit> Similar(string id, int k = 10, bool includeRestricted = false)
    {
        if (k <= 0) return [];
        using var lease = _lucene.Acquire(includeRestricted);
        var searcher = lease.Searcher;
        var self = searcher.Search(new TermQuery(new Term(IndexSchema.Id, id)), 1).ScoreDocs;
        if (self.Length == 0) return [];
        var doc = IndexSchema.FromStored(searcher.Doc(self[0].Doc));
        var content = doc.Texts.Where(t => t.Field is SearchField.Title or SearchField.Symptoms or SearchField.Causes).ToList();
        if (content.Count == 0) return [];

        var mlt = new MoreLikeThis(lease.Reader)
        {
            FieldNames = [IndexSchema.Title, IndexSchema.Symptoms, IndexSchema.Causes],
            Analyzer = IndexSchema.PerField(_options.Analyzer),
            MinTermFreq = 1,
            MinDocFreq = 1,
            MaxQueryTerms = SimilarQueryTerms,
            ApplyBoost = true,
        };
        if (mlt.Like(new StringReader(string.Join("\n", content.Select(t => t.Text))), IndexSchema.Symptoms) is not BooleanQuery like) return [];
        var query = new BooleanQuery(disableCoord: true);
        var queryTerms = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var clause in like.Clauses)
        {
            if (clause.Query is not TermQuery tq || !IsContentTerm(tq.Term.Text)) continue;
            query.Add(clause);
            queryTerms[tq.Term.Text] = Math.Max(queryTerms.GetValueOrDefault(tq.Term.Text), tq.Boost);
        }
        if (query.Clauses.Count == 0) return [];

        var top = searcher.Search(query, k + 1).ScoreDocs;
        var selfScore = top.FirstOrDefault(s => s.Doc == self[0].Doc)?.Score ?? top.FirstOrDefault()?.Score ?? 1f;
        var display = DisplayForms(content);
        var hits = new List<SimilarHit>();
        foreach (var sd in top)
        {
            if (sd.Doc == self[0].Doc || sd.Score <= 0) continue;
            var other = IndexSchema.FromStored(searcher.Doc(sd.Doc));
            var otherTerms = other.Texts.Where(t => t.Field is SearchField.Title or SearchField.Symptoms or SearchField.Causes)
                .SelectMany(t => _options.Analyzer.Analyze(t.Text)).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
            var shared = queryTerms.Where(q => otherTerms.Contains(q.Key)).OrderByDescending(q => q.Value).ThenBy(q => q.Key, StringComparer.Ordinal)
                .Take(SharedTermsShown).Select(q => display.GetValueOrDefault(q.Key, q.Key)).ToList();
            hits.Add(new SimilarHit(other.Id, other.Title, other.IncidentStart, other.Severity, other.Services,
                Math.Round(Math.Min(1.0, sd.Score / selfScore), 4), shared, []));
        }
        return [.. hits.OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).Take(k)];
    }

    /// <summary>For each index term of the texts, the first word it came from as written (lower-cased), to show as a reason.</summary>
    private Dictionary<string, string> DisplayForms(IEnumerable<StoredText> texts)
    {
        var display = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var t in _options.Analyzer.Analyze(text.Text))
                display.TryAdd(t.Text, t.Kind == TokenKind.Synonym ? t.Text.Replace('_', ' ') : text.Text[t.Start..t.End].ToLowerInvariant());
        return display;
    }

    /// <summary>
    /// Timeline clock times ("07", "08"), time zones and word fragments made incidents "similar" and showed up as their
    /// reasons: only terms of three or more characters that are not all digits count.
    /// </summary>
    private static bool IsContentTerm(string term) =>
        term.Length >= 3 && !term.All(char.IsAsciiDigit) && term is not ("utc" or "gmt");
}
