using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Whether an extracted document is a write-up of one incident. A space home page, an index of links, an unfilled
/// template, an empty form or a style guide all fill a field or two (an intro paragraph becomes a summary, a task list
/// becomes action items, "SEV1 means…" a severity), so the question is not "any field?" but "any field that only a
/// write-up of a particular incident has, with content that is not a prompt or a placeholder?". Supporting fields
/// (a summary taken from the opening paragraph, action items) count only next to such a field.
/// </summary>
internal static partial class PostmortemEvidence
{
    /// <summary>Null when the document reads as a postmortem; otherwise the reason it does not.</summary>
    public static string? WhyNot(Postmortem p)
    {
        var incidentTime = p.IncidentStart is not null || new[] { p.DetectedAt, p.MitigatedAt, p.ResolvedAt }.Any(t => t is not null);
        // A narrative of some length before any heading is a write-up (the public summaries in markdown-icco); a home
        // or index page opens with a line or two.
        // A document that is only a narrative (the public summaries in markdown-icco, one sentence or many) is a
        // write-up; a home or index page puts lists of links or sections about other things next to its intro.
        var intro = p.Sections.FirstOrDefault(s => s.Heading == PostmortemExtractor.PreambleHeading);
        // It must also tell of something going wrong: "Welcome to the engineering space" or notes of a team offsite are
        // narratives too, but of no incident.
        var narrative = intro is not null && HasContent(intro.Text) && !intro.Text.Split('\n').Any(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            && !p.Sections.Any(s => s.Field is null && s.Heading != PostmortemExtractor.PreambleHeading)
            && SomethingWentWrong().IsMatch(intro.Text.Length > 20_000 ? intro.Text[..20_000] : intro.Text);
        var datedTimeline = p.Timeline.Count(t => t.At is not null && !IsPrompt(t.Text));
        var causes = p.RootCauses.Concat(p.ContributingFactors).Append(p.Trigger ?? "").Count(HasContent);
        var prose = new[] { p.Impact, p.Detection, p.Resolution }.Count(t => t is not null && HasContent(t));
        var summarySection = p.Sections.Any(s => s.Field == "summary" && HasContent(s.Text)) || (p.Summary is { } sm && HasContent(sm) && !FromPreamble(p, sm));
        var lessons = p.Lessons.WentWell.Concat(p.Lessons.WentWrong).Concat(p.Lessons.GotLucky).Count(HasContent);
        var strong = incidentTime || narrative || datedTimeline > 0 || causes > 0 || prose > 0 || summarySection || lessons > 0 || p.Severity is not null && p.IncidentStart is not null;
        if (strong) return null;
        var prompts = p.Sections.Where(s => s.Field is not null and not "metadata" && s.Text.Length > 0).ToList();
        if (prompts.Count > 0 && prompts.All(s => !HasContent(s.Text)))
            return "no postmortem content: an unfilled template, its sections hold only prompts, questions and placeholders (<…>, TBD, INC-XXXX)";
        if (p.ActionItems.Count > 0 || p.Summary is not null || p.Severity is not null)
            return "no postmortem content: no incident in it (no incident time, dated timeline, cause, impact, detection, resolution or summary section — only an introduction, links, tasks or general remarks — a home, index or guide page?)";
        return "no postmortem content found: no summary, impact, cause, resolution, timeline, action items, severity or incident time (an empty template or another kind of document?)";
    }

    /// <summary>Text with at least one statement that is not a question, a placeholder or an instruction to the writer.</summary>
    internal static bool HasContent(string text)
    {
        // The first few thousand characters decide; splitting a megabyte section into sentences would not change the answer.
        foreach (var raw in Sentences().Split(text.Length > 20_000 ? text[..20_000] : text))
        {
            var sentence = raw.Trim().TrimStart('-', '*', '•', ' ').Trim();
            // A label ("Incident Number") is no statement; a short sentence ("It broke.") is.
            if (Words(sentence) < (sentence.EndsWith('.') || sentence.EndsWith('!') ? 2 : 4) || IsPrompt(sentence)) continue;
            return true;
        }
        return false;
    }

    /// <summary>A question, a placeholder, or an instruction addressed to whoever fills the template in.</summary>
    internal static bool IsPrompt(string sentence)
    {
        var s = sentence.Trim();
        return s.EndsWith('?') || Placeholder().IsMatch(s) || Instruction().IsMatch(s);
    }

    private static bool FromPreamble(Postmortem p, string summary)
    {
        var preamble = p.Sections.FirstOrDefault(s => s.Heading == PostmortemExtractor.PreambleHeading);
        var head = summary.Length > 40 ? summary[..40] : summary;
        return preamble is not null && preamble.Text.Contains(head, StringComparison.Ordinal) && !p.Sections.Any(s => s.Field == "summary");
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+|\s\|\s")]
    private static partial Regex Sentences();

    [GeneratedRegex(@"<[^>\n]{1,40}>|\[[^\]\n]{1,40}\]|\b(?:TBD|TBA|TODO|XXXX?|hh:mm|yyyy-mm-dd|lorem ipsum)\b|\b[A-Z]{2,10}-X{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?:write|describe|list|explain|ask|give|name|mention|link|attach|keep|include|copy|delete|fill|summari[sz]e|provide|enter|insert|state|outline|note down|document here|use this|you can|you should|learn more|remember to|make sure|replace|add (?:a|an|the|your) (?:short|brief|few|link|summary|description)|e\.g\.|for example)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Instruction();

    /// <summary>Words with which any account of an incident tells that something went wrong (English; stems by prefix).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(fail|outage|incident|error|crash|broke|down\b|downtime|lost|loss|bug|defect|disaster|collaps|explo|fire|leak|breach|corrupt|unavailab|degrad|delay|accident|fault|malfunction|mistake|wrong|problem|issue|recall|shut|halt|stopp|interrupt|damag|destroy|sank|sunk|kill|injur|death|died|overflow|overload|exceed|expire|stuck|hang|froze|freez|panic|abort|revert|rollback|roll back|spill|flood|blackout|glitch|misconfig|vulnerab|exploit|hack|attack|compromis|stolen|theft|miss|block|wip(e|ed|ing)\b|could not|couldn.t|cannot|can.t|unable|did not|didn.t|caus|limit|warning|access|read-only|took out|prevent)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SomethingWentWrong();
}
