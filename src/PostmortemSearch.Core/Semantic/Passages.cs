using System.Text;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Semantic;

/// <summary>One embedded piece of a postmortem: the headings of the sections it holds and its text (≤ the model's token cap).</summary>
public sealed record Passage(int Ordinal, string Section, string Text);

/// <summary>
/// Splits a postmortem into passages for embedding: its sections in reading order, consecutive short sections packed
/// together up to the model's token cap (one vector per ~256 tokens keeps 10⁵ postmortems within memory and the
/// embedding time proportional to the text), a section longer than the cap split at sentence and line ends.
/// </summary>
public static class Passages
{
    /// <summary>Leaves room for the [CLS]/[SEP] tokens and the heading written before a section's text.</summary>
    private const int Headroom = 16;

    public static IReadOnlyList<Passage> Split(Postmortem postmortem, IEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        ArgumentNullException.ThrowIfNull(embedder);
        int budget = embedder.MaxTokens - Headroom;
        var passages = new List<Passage>();
        var headings = new List<string>();
        var text = new StringBuilder();
        int tokens = 0;

        void Flush()
        {
            if (text.Length == 0) return;
            passages.Add(new Passage(passages.Count, string.Join(", ", headings.Distinct(StringComparer.Ordinal)), text.ToString()));
            headings.Clear();
            text.Clear();
            tokens = 0;
        }

        foreach (var (heading, body) in Sections(postmortem))
        {
            foreach (var piece in Pieces(body, embedder, budget))
            {
                int count = embedder.CountTokens(piece.Text) + (piece.First ? embedder.CountTokens(heading) : 0);
                if (tokens > 0 && tokens + count > budget) Flush();
                if (text.Length > 0) text.Append('\n');
                if (piece.First || headings.Count == 0) text.Append(heading).Append(": ");
                text.Append(piece.Text);
                headings.Add(heading);
                tokens += count;
            }
        }
        Flush();
        return passages;
    }

    /// <summary>
    /// The sections embedding reads, each once: the title with the summary first, then every section as written, then
    /// any field no section holds (postmortems imported as JSON may carry fields without sections).
    /// </summary>
    private static IEnumerable<(string Heading, string Text)> Sections(Postmortem p)
    {
        yield return ("Title", string.IsNullOrWhiteSpace(p.Summary) ? p.Title : p.Title + ". " + p.Summary);
        bool skipSummarySection = !string.IsNullOrWhiteSpace(p.Summary);
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "summary" };
        foreach (var section in p.Sections)
        {
            if (section.Field is { } field) covered.Add(field);
            if (string.IsNullOrWhiteSpace(section.Text)) continue;
            if (skipSummarySection && string.Equals(section.Field, "summary", StringComparison.OrdinalIgnoreCase)) { skipSummarySection = false; continue; }
            yield return (string.IsNullOrWhiteSpace(section.Heading) ? "Text" : section.Heading.Trim(), section.Text.Trim());
        }
        (string Field, string Heading, string? Text)[] fields =
        [
            ("impact", "Impact", p.Impact),
            ("detection", "Detection", p.Detection),
            ("trigger", "Trigger", p.Trigger),
            ("rootCauses", "Root cause", Join(p.RootCauses)),
            ("contributingFactors", "Contributing factors", Join(p.ContributingFactors)),
            ("resolution", "Resolution", p.Resolution),
            ("timeline", "Timeline", Join(p.Timeline.Select(t => t.Text))),
            ("actionItems", "Action items", Join(p.ActionItems.Select(a => a.Text))),
            ("lessons", "Lessons learned", Join(p.Lessons.WentWell.Concat(p.Lessons.WentWrong).Concat(p.Lessons.GotLucky))),
        ];
        foreach (var (field, heading, text) in fields)
            if (!covered.Contains(field) && !string.IsNullOrWhiteSpace(text)) yield return (heading, text.Trim());
    }

    private static string Join(IEnumerable<string> values) => string.Join('\n', values.Where(v => !string.IsNullOrWhiteSpace(v)));

    /// <summary>A section's text in pieces under the budget: whole if it fits, else sentences and lines grouped greedily.</summary>
    private static IEnumerable<(string Text, bool First)> Pieces(string body, IEmbedder embedder, int budget)
    {
        if (embedder.CountTokens(body) <= budget)
        {
            yield return (body, true);
            yield break;
        }
        var current = new StringBuilder();
        int tokens = 0;
        bool first = true;
        foreach (var sentence in Sentences(body))
        {
            int count = embedder.CountTokens(sentence);
            if (tokens > 0 && tokens + count > budget)
            {
                yield return (current.ToString(), first);
                first = false;
                current.Clear();
                tokens = 0;
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(sentence); // a single sentence over the budget is cut by the model's cap
            tokens += count;
        }
        if (current.Length > 0) yield return (current.ToString(), first);
    }

    private static IEnumerable<string> Sentences(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            bool end = text[i] == '\n' || (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (!end) continue;
            var s = text[start..(i + 1)].Trim();
            if (s.Length > 0) yield return s;
            start = i + 1;
        }
        var rest = text[start..].Trim();
        if (rest.Length > 0) yield return rest;
    }
}
