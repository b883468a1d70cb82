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
        // A template someone started from keeps its guidance to the writer ("This section documents…", "you should…")
        // in most sections even where an example is filled in; a write-up replaces it. Decided first: the examples
        // (a dated timeline of "Something bad happened") would otherwise pass for an incident.
        if (GuidanceSections(p) is { } guidance)
            return $"no postmortem content: a template with its guidance still in place ({guidance.Guided} of its {guidance.Written} written sections tell the writer what to put there: 'This section…', 'you should…', 'e.g.')";
        // A time of day on the start, or any later point of the window. A bare date ("Date: 9 Aug 2024") is as often the
        // page's date (a retrospective, a test report) as the incident's, so it only supports other evidence.
        var incidentTime = p.IncidentStart is { } start && start.Local.TimeOfDay != TimeSpan.Zero
            || new[] { p.DetectedAt, p.MitigatedAt, p.ResolvedAt }.Any(t => t is not null);
        // A document that is only a narrative (the public summaries in markdown-icco, one sentence or many) is a
        // write-up; a home or index page puts lists of links or sections about other things next to its intro.
        var intro = p.Sections.FirstOrDefault(s => s.Heading == PostmortemExtractor.PreambleHeading);
        // Headed template sections left empty beside an intro ("Sample template from…") make the intro a note on the template.
        var fields = p.Sections.Where(s => s.Field is not null and not "metadata").ToList();
        var blankTemplate = fields.Count >= 2 && fields.All(s => !HasContent(s.Text));
        // It must also tell of something going wrong: "Welcome to the engineering space" or notes of a team offsite are
        // narratives too, but of no incident; and it must not be a form whose fields wait to be filled in.
        var narrative = intro is not null && HasContent(intro.Text) && !intro.Text.Split('\n').Any(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            && !p.Sections.Any(s => s.Field is null && s.Heading != PostmortemExtractor.PreambleHeading)
            && !blankTemplate && !FormFields.Read(intro.Text).Unfilled
            && SomethingWentWrong().IsMatch(Head(intro.Text));
        var datedTimeline = p.Timeline.Count(t => t.At is not null && !IsPrompt(t.Text));
        var causes = p.RootCauses.Concat(p.ContributingFactors).Append(p.Trigger ?? "").Count(HasContent);
        var prose = new[] { p.Impact, p.Detection, p.Resolution }.Count(t => t is not null && HasContent(t));
        var summarySection = p.Sections.Any(s => s.Field == "summary" && HasContent(s.Text)) || (p.Summary is { } sm && HasContent(sm) && !FromPreamble(p, sm));
        var lessons = p.Lessons.WentWell.Concat(p.Lessons.WentWrong).Concat(p.Lessons.GotLucky).Count(HasContent);
        var incidentEvidence = incidentTime || narrative || datedTimeline > 0 || causes > 0 || prose > 0 || p.Severity is not null && p.IncidentStart is not null;
        // A summary or lessons alone are what a test report or a sprint retrospective has too ("respondents had trouble",
        // "start doing / stop doing"): they count when the title, summary or lessons tell of an incident.
        var supporting = (summarySection || lessons > 0) && (TellsOfIncident(p) || p.Severity is not null);
        if (incidentEvidence || supporting) return null;
        var prompts = p.Sections.Where(s => s.Field is not null and not "metadata" && s.Text.Length > 0).ToList();
        if (prompts.Count > 0 && prompts.All(s => !HasContent(s.Text)) || blankTemplate && intro is not null)
            return "no postmortem content: an unfilled template, its sections hold only prompts, questions and placeholders (<…>, TBD, INC-XXXX)";
        var form = FormFields.Read(string.Join("\n", p.Sections.Select(s => s.Text)));
        if (form.Unfilled)
            return $"no postmortem content: an empty form ({form.Blank} of its fields — 'Name:', '☐ …' — are blank, {form.Filled} filled in)";
        if (summarySection || lessons > 0)
            return "no postmortem content: no incident in it (a summary or lessons, but no incident time, impact, cause, detection, resolution or dated timeline, and nothing in it tells of an outage, error or failure — a test report, a retrospective, meeting notes?)";
        if (p.ActionItems.Count > 0 || p.Summary is not null || p.Severity is not null)
            return "no postmortem content: no incident in it (no incident time, dated timeline, cause, impact, detection, resolution or summary section — only an introduction, links, tasks or general remarks — a home, index or guide page?)";
        return "no postmortem content found: no summary, impact, cause, resolution, timeline, action items, severity or incident time (an empty template or another kind of document?)";
    }

    private static string Head(string text) => text.Length > 20_000 ? text[..20_000] : text;

    private static bool TellsOfIncident(Postmortem p)
    {
        var told = p.Sections.Where(s => s.Field is "summary" or "lessons" or "lessons.wentWell" or "lessons.wentWrong" or "lessons.gotLucky").Select(s => Head(s.Text))
            .Append(p.Title).Append(p.Summary is { } sm ? Head(sm) : "");
        return told.Any(t => IncidentWords().IsMatch(t));
    }

    /// <summary>
    /// (sections whose statements are mostly guidance, sections with statements) when at least three and two thirds of
    /// the written sections are guidance; null otherwise.
    /// </summary>
    private static (int Guided, int Written)? GuidanceSections(Postmortem p)
    {
        var written = 0;
        var guided = 0;
        foreach (var section in p.Sections)
        {
            if (section.Field == "metadata") continue;
            var statements = Statements(section.Text).Where(s => !IsPrompt(s) || IsGuidance(s)).ToList();
            if (statements.Count == 0) continue;
            written++;
            if (statements.Count(IsGuidance) * 2 >= statements.Count) guided++;
        }
        return guided >= 3 && guided * 3 >= written * 2 ? (guided, written) : null;
    }

    /// <summary>A sentence addressed to whoever fills the template in, or about the document itself rather than an incident.</summary>
    internal static bool IsGuidance(string sentence) => Guidance().IsMatch(sentence) || Instruction().IsMatch(sentence.Trim());

    /// <summary>The sentences of a text that are statements by length (labels and single words left out).</summary>
    private static IEnumerable<string> Statements(string text)
    {
        foreach (var raw in Sentences().Split(Head(text)))
        {
            var sentence = raw.Trim().TrimStart('-', '*', '•', ' ').Trim();
            if (Words(sentence) < (sentence.EndsWith('.') || sentence.EndsWith('!') ? 2 : 4) || sentence.EndsWith(':')) continue;
            yield return sentence;
        }
    }

    /// <summary>Text with at least one statement that is not a question, a placeholder, a label or an instruction to the writer.</summary>
    internal static bool HasContent(string text) => Statements(text).Any(s => !IsPrompt(s));

    /// <summary>A question, a placeholder, or an instruction addressed to whoever fills the template in.</summary>
    internal static bool IsPrompt(string sentence)
    {
        var s = sentence.Trim();
        // A note in brackets ("(all times in Pacific Time)") or an unticked choice of a form ("☐ Other") is no statement either.
        return s.EndsWith('?') || Placeholder().IsMatch(s) || Instruction().IsMatch(s) || Question().IsMatch(s)
            || s.StartsWith('(') && s.EndsWith(')') || s.Length > 0 && s[0] is '☐' or '□' or '❏' or '◻';
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

    /// <summary>A question written without its mark: "Who should be responsible for fixing it", "How it could be improved".</summary>
    [GeneratedRegex(@"^(?:who|what|when|where|why|how|which)\b[^,.;:]{0,40}?\b(?:should|could|would|can|must|might)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Question();

    /// <summary>
    /// Guidance of a template: it speaks of the document or section itself, to the writer ("you", "your readers"), or says
    /// what the writer should put there ("should include", "is intended to", "please").
    /// </summary>
    [GeneratedRegex(@"\b(?:this|the|each) (?:section|document|template|form|field)\b|\b(?:in|of) this (?:report|page)\b|^this is (?:a|an|the) (?:statement|outline|summary|description|list|overview|place|record) of\b|^this (?:informs|tells|shows|explains|helps)\b|\byou(?:r|rs)?\b|\b(?:should|must|will|can|may)(?: not| NOT| always| also| likely)? (?:be )?(?:include|included|contain|describe|document|list|conclude|mention|mentioned|cover)\b|\bis (?:intended|meant) to\b|\bplease\b|\bit is recommended\b|\bit.?s best to\b|\bfor example\b|\be\.g\.", RegexOptions.IgnoreCase)]
    private static partial Regex Guidance();

    /// <summary>Words that tell of an incident rather than of trouble in general (a test report's "respondents had trouble").</summary>
    [GeneratedRegex(@"\b(?:outage|incident|downtime|down\b|unavailab|degrad|error|fail|crash|breach|compromis|data loss|lost\b|latenc|time-?outs?\b|timed out|[45]\d\d\b|paged|alert|on-?call|roll(?:ed|ing)? ?back|revert|mitigat|root cause|post-?mortem|disrupt|interrupt|slow|spike|leak|expir|overload|exhaust|saturat|vulnerab|attack|malware|phish|ransom|exploit|corrupt|stopp|stall|queued|backlog|broke|\bfor (?:\d+|a|an|one|two|three|four|five|six|several|many) (?:hours?|minutes?|mins?|days?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentWords();

    /// <summary>Words with which any account of an incident tells that something went wrong (English; stems by prefix).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(fail|outage|incident|error|crash|broke|down\b|downtime|lost|loss|bug|defect|disaster|collaps|explo|fire|leak|breach|corrupt|unavailab|degrad|delay|accident|fault|malfunction|mistake|wrong|problem|issue|recall|shut|halt|stopp|interrupt|damag|destroy|sank|sunk|kill|injur|death|died|overflow|overload|exceed|expire|stuck|hang|froze|freez|panic|abort|revert|rollback|roll back|spill|flood|blackout|glitch|misconfig|vulnerab|exploit|hack|attack|compromis|stolen|theft|miss|block|wip(e|ed|ing)\b|could not|couldn.t|cannot|can.t|unable|did not|didn.t|caus|limit|warning|access|read-only|took out|prevent)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SomethingWentWrong();
}
