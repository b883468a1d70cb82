using System.Text.RegularExpressions;
using PostmortemSearch.Core.Analytics.Clustering;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>Which canonical template sections a postmortem has: score = present / canonical.</summary>
public sealed record Completeness(double Score, IReadOnlyList<string> Present, IReadOnlyList<string> Missing);

/// <summary>An action item lacking an owner, a due date or a ticket.</summary>
public sealed record ActionItemGap(string Text, bool MissingOwner, bool MissingDue, bool MissingTicket);

/// <summary>Blaming language: the offending span, the sentence it is in, a suggested rewording and why.</summary>
public sealed record BlamelessFinding(string PostmortemId, string Field, string Text, string Sentence, string Suggestion, string Advice);

/// <summary>Quality of one postmortem.</summary>
public sealed record QualityReport(string PostmortemId, Completeness Completeness, IReadOnlyList<ActionItemGap> ActionItemGaps, IReadOnlyList<BlamelessFinding> BlamelessFindings);

/// <summary>Template completeness, action-item hygiene and blameless-language findings of a postmortem.</summary>
public static class Quality
{
    /// <summary>The canonical sections, in template order.</summary>
    public static readonly IReadOnlyList<string> CanonicalSections = ["summary", "impact", "detection", "trigger/root cause", "resolution", "timeline", "action items", "lessons"];

    public static QualityReport Check(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        var gaps = postmortem.ActionItems
            .Where(a => a.Owner is null || a.Due is null || a.Ticket is null)
            .Select(a => new ActionItemGap(a.Text, string.IsNullOrWhiteSpace(a.Owner), a.Due is null, string.IsNullOrWhiteSpace(a.Ticket)))
            .ToList();
        return new QualityReport(postmortem.Id, CompletenessOf(postmortem), gaps, BlamelessFindings(postmortem));
    }

    public static Completeness CompletenessOf(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        var mappedFields = pm.Sections.Select(s => s.Field).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Has(string? text, params string[] fields) => !string.IsNullOrWhiteSpace(text) || fields.Any(f => mappedFields.Contains(f));
        var present = new[]
        {
            ("summary", Has(pm.Summary, "summary")),
            ("impact", Has(pm.Impact, "impact")),
            ("detection", Has(pm.Detection, "detection")),
            ("trigger/root cause", Has(pm.Trigger, "trigger", "rootCauses", "contributingFactors") || pm.RootCauses.Count > 0),
            ("resolution", Has(pm.Resolution, "resolution")),
            ("timeline", pm.Timeline.Count > 0 || mappedFields.Contains("timeline")),
            ("action items", pm.ActionItems.Count > 0 || mappedFields.Contains("actionItems")),
            ("lessons", pm.Lessons.WentWell.Count + pm.Lessons.WentWrong.Count + pm.Lessons.GotLucky.Count > 0 || mappedFields.Contains("lessons")),
        };
        var have = present.Where(p => p.Item2).Select(p => p.Item1).ToList();
        var missing = present.Where(p => !p.Item2).Select(p => p.Item1).ToList();
        return new Completeness(Math.Round((double)have.Count / present.Length, 3), have, missing);
    }

    /// <summary>Blameless-language findings over every narrative field and section (not action items: owners are named on purpose).</summary>
    public static IReadOnlyList<BlamelessFinding> BlamelessFindings(Postmortem pm)
    {
        ArgumentNullException.ThrowIfNull(pm);
        var texts = new List<(string Field, string Text)>();
        void Add(string field, string? text) { if (!string.IsNullOrWhiteSpace(text)) texts.Add((field, text)); }
        Add("title", pm.Title);
        Add("summary", pm.Summary);
        Add("impact", pm.Impact);
        Add("detection", pm.Detection);
        Add("trigger", pm.Trigger);
        foreach (var t in pm.RootCauses) Add("rootCauses", t);
        foreach (var t in pm.ContributingFactors) Add("contributingFactors", t);
        Add("resolution", pm.Resolution);
        foreach (var t in pm.Timeline) Add("timeline", t.Text);
        foreach (var t in pm.Lessons.WentWell.Concat(pm.Lessons.WentWrong).Concat(pm.Lessons.GotLucky)) Add("lessons", t);
        foreach (var s in pm.Sections) Add(s.Field ?? s.Heading, s.Text);

        var seen = new HashSet<(string, string)>();
        var findings = new List<BlamelessFinding>();
        foreach (var (field, text) in texts)
            foreach (var f in BlamelessLanguage.Find(text))
                if (seen.Add((f.Text, f.Sentence)))
                    findings.Add(new BlamelessFinding(pm.Id, field, f.Text, f.Sentence, f.Suggestion, f.Advice));
        return findings;
    }
}

/// <summary>A blaming span in a text, with a rewording of its sentence.</summary>
public sealed record BlameMatch(string Text, string Sentence, string Suggestion, string Advice);

/// <summary>Finds blaming language using the patterns in <c>Analytics/Data/blame-patterns.txt</c>.</summary>
public static class BlamelessLanguage
{
    private sealed record Pattern(Regex Regex, string Replacement, string Advice);

    private static readonly Lazy<List<Pattern>> Patterns = new(Load);

    public static IReadOnlyList<BlameMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<BlameMatch>();
        foreach (var sentence in FactorStatements.SplitSentences(text))
        {
            var taken = new List<(int Start, int End)>();
            foreach (var pattern in Patterns.Value)
                foreach (Match m in pattern.Regex.Matches(sentence))
                {
                    if (taken.Any(t => m.Index < t.End && t.Start < m.Index + m.Length)) continue;
                    taken.Add((m.Index, m.Index + m.Length));
                    var replacement = pattern.Replacement.Replace("{ROLE}", "the engineer", StringComparison.Ordinal);
                    var suggestion = sentence[..m.Index] + replacement + sentence[(m.Index + m.Length)..];
                    if (m.Index == 0 && suggestion.Length > 0) suggestion = char.ToUpperInvariant(suggestion[0]) + suggestion[1..];
                    result.Add(new BlameMatch(m.Value, sentence, suggestion, pattern.Advice));
                }
        }
        return result;
    }

    private static List<Pattern> Load()
    {
        var names = CauseLexicon.ReadResource("first-names.txt").Split('\n')
            .Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal);
        var who = $@"(?:\b(?-i:(?:{string.Join('|', names)}))(?:\s(?-i:[A-Z][a-z]+)(?=\s))?\b|\b(?:he|she)\b)";
        var patterns = new List<Pattern>();
        foreach (var raw in CauseLexicon.ReadResource("blame-patterns.txt").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(" | ", 4, StringSplitOptions.TrimEntries);
            if (parts.Length != 4 || parts[0] is not ("named" or "phrase")) throw new FormatException($"blame patterns: cannot read '{line}'");
            var regex = parts[1].Replace("{WHO}", who, StringComparison.Ordinal);
            patterns.Add(new Pattern(new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), parts[2], parts[3]));
        }
        return patterns;
    }
}
