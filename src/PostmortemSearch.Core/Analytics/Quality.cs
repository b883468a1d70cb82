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
        var people = pm.Authors.Concat(pm.Owner is null ? [] : [pm.Owner]).Concat(pm.ActionItems.Select(a => a.Owner).OfType<string>()).ToList();
        foreach (var (field, text) in texts)
            foreach (var f in BlamelessLanguage.Find(text, people))
                if (seen.Add((f.Text, f.Sentence)))
                    findings.Add(new BlamelessFinding(pm.Id, field, f.Text, f.Sentence, f.Suggestion, f.Advice));
        return findings;
    }
}

/// <summary>A blaming span in a text, with a rewording of its sentence.</summary>
public sealed record BlameMatch(string Text, string Sentence, string Suggestion, string Advice);

/// <summary>
/// Finds blaming language using the patterns in <c>Analytics/Data/blame-patterns.txt</c>. A pattern's subject
/// ({WHO}) is a person when it is a known first name (<c>first-names.txt</c>), a name the postmortem itself gives
/// (its authors and owners), he/she — or, for verbs only people do ("forgot to", "was careless"), any capitalised
/// name that <c>not-people.txt</c> does not list.
/// </summary>
public static class BlamelessLanguage
{
    private enum Kind { Phrase, Named, Person }

    private sealed record Pattern(Regex Regex, Kind Kind, string Replacement, string Advice);

    private static readonly Lazy<(List<Pattern> Patterns, HashSet<string> Names, HashSet<string> NotPeople)> Data = new(Load);

    public static IReadOnlyList<BlameMatch> Find(string text) => Find(text, []);

    /// <param name="people">Names the document gives (authors, owners); any form: "Sven Olsen", "@sven.olsen", "sven@example.com".</param>
    public static IReadOnlyList<BlameMatch> Find(string text, IEnumerable<string> people)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(people);
        var (patterns, names, notPeople) = Data.Value;
        var known = NamesOf(people, notPeople);
        var result = new List<BlameMatch>();
        foreach (var sentence in FactorStatements.SplitSentences(text))
        {
            var matches = new List<(Pattern Pattern, Match Match)>();
            foreach (var pattern in patterns)
                for (var m = pattern.Regex.Match(sentence); m.Success; m = pattern.Regex.Match(sentence, m.Index + 1))
                {
                    if (!IsPerson(m.Groups["who"], pattern.Kind)) continue;
                    if (matches.Any(t => m.Index < t.Match.Index + t.Match.Length && t.Match.Index < m.Index + m.Length)) continue;
                    matches.Add((pattern, m));
                }
            if (matches.Count == 0) continue;
            var suggestion = Suggestion(sentence, matches);
            foreach (var (pattern, m) in matches.OrderBy(x => x.Match.Index))
                result.Add(new BlameMatch(m.Value, sentence, suggestion, pattern.Advice));
        }
        return result;

        // One suggestion per sentence, every finding in it mended: each clause (split at "; ") is said again by the
        // first pattern that found something in it, the others stay as written.
        static string Suggestion(string sentence, List<(Pattern Pattern, Match Match)> matches)
        {
            var clauses = new List<string>();
            var start = 0;
            while (start <= sentence.Length)
            {
                var end = sentence.IndexOf("; ", start, StringComparison.Ordinal);
                if (end < 0) end = sentence.Length;
                var clause = sentence[start..end];
                var found = matches.FirstOrDefault(x => x.Match.Index >= start && x.Match.Index < end);
                if (found.Pattern is { } pattern)
                {
                    var m = found.Match;
                    var length = Math.Min(m.Length, end - m.Index);
                    clause = BlamelessRewrite.Suggest(clause, m.Index - start, length, pattern.Replacement);
                    if (m.Groups["who"] is { Success: true } who && pattern.Kind != Kind.Phrase) clause = BlamelessRewrite.WithoutPerson(clause, who.Value);
                    if (end < sentence.Length) clause = clause.TrimEnd('.');
                    if (start > 0 && clause.Length > 1 && char.IsLower(clause[1])) clause = char.ToLowerInvariant(clause[0]) + clause[1..];
                }
                clauses.Add(clause);
                if (end == sentence.Length) break;
                start = end + 2;
            }
            return string.Join("; ", clauses);
        }

        bool IsPerson(Group who, Kind kind)
        {
            if (kind == Kind.Phrase || !who.Success) return true;
            var first = who.Value.Split(' ')[0];
            if (first.Equals("he", StringComparison.OrdinalIgnoreCase) || first.Equals("she", StringComparison.OrdinalIgnoreCase)) return true;
            if (names.Contains(first) || known.Contains(first)) return true;
            return kind == Kind.Person && !notPeople.Contains(first);
        }
    }

    /// <summary>The capitalised name parts of people's names, handles and e-mail addresses of two or three parts; team names give none.</summary>
    internal static HashSet<string> NamesOf(IEnumerable<string> people, HashSet<string> notPeople)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in people)
        {
            var person = raw.Trim().TrimStart('@');
            var at = person.IndexOf('@', StringComparison.Ordinal);
            if (at > 0) person = person[..at];
            var parts = person.Split([' ', '.', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
            // One word could be a team ("Payments"); a person's name or handle has two or three parts ("sven.olsen").
            if (parts.Length is < 2 or > 3 || parts.Any(p => !p.All(char.IsLetter))) continue;
            var named = parts.Where(p => p.Length >= 3).Select(p => char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()).ToList();
            if (named.Any(notPeople.Contains) || parts.Any(p => p.Length > 1 && p.All(char.IsUpper))) continue;  // "Platform team", "SRE"
            result.UnionWith(named);
        }
        return result;
    }

    private static (List<Pattern>, HashSet<string>, HashSet<string>) Load()
    {
        static IEnumerable<string> Words(string resource) => CauseLexicon.ReadResource(resource).Split('\n')
            .Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var names = Words("first-names.txt").ToHashSet(StringComparer.Ordinal);
        var notPeople = Words("not-people.txt").ToHashSet(StringComparer.Ordinal);
        // Any capitalised name, optionally with a capitalised surname; whether it is a person is decided per match.
        const string who = @"(?<who>\b(?-i:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?:\s(?-i:\p{Lu}\p{Ll}+)(?=[\s'’]))?\b|\b(?:he|she)\b)";
        var patterns = new List<Pattern>();
        foreach (var raw in CauseLexicon.ReadResource("blame-patterns.txt").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(" | ", 4, StringSplitOptions.TrimEntries);
            var kind = parts[0] switch { "phrase" => Kind.Phrase, "named" => Kind.Named, "person" => Kind.Person, _ => (Kind?)null };
            if (parts.Length != 4 || kind is null) throw new FormatException($"blame patterns: cannot read '{line}'");
            var regex = parts[1].Replace("{WHO}", who, StringComparison.Ordinal);
            patterns.Add(new Pattern(new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), kind.Value, parts[2], parts[3]));
        }
        return (patterns, names, notPeople);
    }
}
