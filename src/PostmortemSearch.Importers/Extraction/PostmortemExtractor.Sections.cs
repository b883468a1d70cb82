using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>The first half of extraction: the block stream split into sections, and the key/value metadata found in them.</summary>
public static partial class PostmortemExtractor
{
    private sealed class RawSection(string heading, int level, SectionField field, bool inherited)
    {
        public string Heading { get; } = heading;
        public int Level { get; } = level;
        public SectionField Field { get; } = field;
        /// <summary>True when the heading itself is unknown and the field comes from the enclosing section.</summary>
        public bool Inherited { get; } = inherited;
        public List<Block> Blocks { get; } = [];
        /// <summary>A one-paragraph section opened by a "Root cause: …" line rather than a heading.</summary>
        public bool IsLeadIn { get; init; }
        /// <summary>A row of a Question | Answer table: the question is the heading, the answer its one paragraph.</summary>
        public bool IsQuestion { get; init; }
    }

    /// <summary>Splits the block stream at headings; short bold lines and "Root cause:" lead-ins act as headings too.</summary>
    private static List<RawSection> Sectionize(DocumentOutline outline, out string? promotedTitle)
    {
        promotedTitle = null;
        var hasHeadings = outline.Blocks.Any(b => b is HeadingBlock);
        var sections = new List<RawSection> { new("", 0, SectionField.Metadata, inherited: false) };
        var stack = new List<RawSection>();
        var blocks = outline.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block is ParagraphBlock qp && WithoutQuickActions(qp) is var kept && kept != qp)
            {
                // "/label ~severity::2", "/assign @x": commands to the issue tracker, not the document's words.
                if (kept is null) continue;
                block = kept;
            }
            if (block is TableBlock qa && QuestionRows(qa) is { } questions)
            {
                // GitLab's "Question | Answer" tables: each question is a sub-section of the section around it.
                var parent = sections[^1].IsLeadIn || sections[^1].IsQuestion ? sections.Last(s => !s.IsLeadIn && !s.IsQuestion) : sections[^1];
                foreach (var (question, answer) in questions)
                {
                    var asked = HeadingVocabulary.Classify(question);
                    // An unknown question inherits the section's field unless its answer is a bare value ("Yes.", "9 minutes").
                    var inheritedField = asked == SectionField.None && parent.Field is not (SectionField.None or SectionField.Metadata) && !IsBareAnswer(answer);
                    var sub = new RawSection(question, 7, inheritedField ? parent.Field : asked, inheritedField) { IsQuestion = true };
                    sub.Blocks.Add(new ParagraphBlock(answer));
                    sections.Add(sub);
                }
                continue;
            }
            string? headingText = null;
            var level = 0;
            switch (block)
            {
                case HeadingBlock h:
                    headingText = h.Text;
                    level = h.Level;
                    break;
                case ParagraphBlock p when IsPseudoHeading(p, hasHeadings):
                    headingText = p.Text.TrimEnd(':').Trim();
                    level = 7; // below every real heading
                    break;
                case ParagraphBlock p when LeadIn(p.Text) is { } lead:
                    // "Root cause: the certificate expired." — a one-paragraph section.
                    var leadSection = new RawSection(lead.Heading, 7, lead.Field, inherited: false) { IsLeadIn = true };
                    leadSection.Blocks.Add(new ParagraphBlock(lead.Body));
                    sections.Add(leadSection);
                    continue;
            }
            if (headingText is null)
            {
                // A "Root cause: …" lead-in or a question is one paragraph: what follows it belongs to the section around it.
                var target = sections[^1].IsLeadIn || sections[^1].IsQuestion ? sections.Last(s => !s.IsLeadIn && !s.IsQuestion) : sections[^1];
                target.Blocks.Add(block);
                continue;
            }
            if (sections.Count == 1 && sections[0].Blocks.Count == 0 && level <= 2 && HeadingVocabulary.Classify(headingText) == SectionField.None)
            {
                // The document's own title repeated as its first heading ("# Postmortem: Checkout 502s…") opens the preamble.
                if (outline.Title is null && promotedTitle is null) { promotedTitle = headingText; continue; }
                if (IsTitleHeading(headingText, outline.Title ?? promotedTitle)) continue;
            }
            while (stack.Count > 0 && stack[^1].Level >= level) stack.RemoveAt(stack.Count - 1);
            var field = HeadingVocabulary.Classify(headingText);
            var inherited = false;
            if (field == SectionField.None && stack.Count > 0 && stack[^1].Field is not (SectionField.None or SectionField.Metadata))
            {
                field = stack[^1].Field == SectionField.Lessons ? SectionField.Lessons : stack[^1].Field;
                inherited = true;
            }
            var section = new RawSection(headingText, level, field, inherited);
            sections.Add(section);
            stack.Add(section);
        }
        return sections;
    }

    /// <summary>
    /// The rows of a two-column table whose header is "Question | Answer" (or whose first column asks questions), as
    /// (question, answer) pairs; null for any other table.
    /// </summary>
    private static List<(string Question, string Answer)>? QuestionRows(TableBlock table)
    {
        if (table.Rows.Count < 2 || table.Rows.Any(r => r.Count != 2)) return null;
        var header = table.Rows[0];
        var hasHeader = QuestionHeader().IsMatch(header[0].Trim()) && AnswerHeader().IsMatch(header[1].Trim());
        var body = table.Rows.Skip(hasHeader ? 1 : Math.Max(table.HeaderRows, 0)).Where(r => r[0].Trim().Length > 0).ToList();
        if (body.Count == 0) return null;
        if (!hasHeader && body.Count(r => r[0].TrimEnd().EndsWith('?')) * 3 < body.Count * 2) return null;
        return [.. body.Where(r => r[1].Trim().Length > 0).Select(r => (r[0].Trim(), r[1].Trim()))];
    }

    [GeneratedRegex(@"^(questions?|q)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionHeader();

    [GeneratedRegex(@"^(answers?|a|response|responses)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerHeader();

    /// <summary>"Yes.", "No", "9 minutes", "2026-09-14 08:31 UTC", "N/A": an answer that is a value, not prose.</summary>
    private static bool IsBareAnswer(string answer)
    {
        var a = answer.Trim().TrimEnd('.', '!');
        if (a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 6) return false;
        return YesNo().IsMatch(a) || DateTimeText.ParseDuration(a) is not null || DateTimeText.ReadLeading(a) is { } m && a.Length - m.Length <= 4;
    }

    [GeneratedRegex(@"^(yes|no|n/?a|none|partially|partly|unknown|tbd)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YesNo();

    /// <summary>The paragraph without GitLab quick-action lines ("/label ~x", "/assign @y"); null when nothing else is left.</summary>
    private static ParagraphBlock? WithoutQuickActions(ParagraphBlock p)
    {
        if (!p.Text.Contains('/', StringComparison.Ordinal)) return p;
        var lines = p.Text.Split('\n');
        var kept = lines.Where(l => !QuickAction().IsMatch(l)).ToList();
        if (kept.Count == lines.Length) return p;
        return kept.All(string.IsNullOrWhiteSpace) ? null : p with { Text = string.Join('\n', kept) };
    }

    /// <summary>A GitLab quick action: a known command word after a slash that opens the line, then its arguments.</summary>
    [GeneratedRegex(@"^\s*/(label|unlabel|relabel|assign|unassign|reassign|assign_reviewer|unassign_reviewer|milestone|remove_milestone|due|remove_due_date|estimate|remove_estimate|spend|remove_time_spent|close|reopen|relate|unrelate|severity|title|confidential|cc|todo|done|weight|clear_weight|epic|remove_epic|iteration|remove_iteration|health_status|clear_health_status|copy_metadata|duplicate|move|lock|unlock|award|page|timeline|promote|publish|escalate|link|zoom|remove_zoom|subscribe|unsubscribe|set_parent|add_child|blocks|blocked_by|status|tag|draft|ready|merge|approve|unapprove|rebase|target_branch|board_move|checkin_reminder|create_merge_request)(?=\s|$)[^\n]*$")]
    private static partial Regex QuickAction();

    private static bool IsPseudoHeading(ParagraphBlock p, bool documentHasHeadings)
    {
        var text = p.Text.Trim();
        if (text.Length is 0 or > 80 || text.Contains('\n', StringComparison.Ordinal)) return false;
        // A bold date line groups the timeline entries under it; as a heading it would close the Timeline section.
        if (DateTimeText.IsDateLine(text)) return false;
        var known = HeadingVocabulary.Classify(text.TrimEnd(':')) != SectionField.None;
        if (p.AllBold) return known || !documentHasHeadings;
        return known && text.EndsWith(':') && text.Length < 50;
    }

    private static (string Heading, SectionField Field, string Body)? LeadIn(string text)
    {
        // The key is in the first few dozen characters; matching on a bounded head keeps a megabyte paragraph linear.
        var head = text.Length > 200 ? text[..200] : text;
        var m = LeadInLine().Match(head);
        if (!m.Success || text.Length - m.Groups["body"].Index < 11)
        {
            // "Why it happened. The root cause was …": prose that opens with a known heading of two words or more and a full stop.
            var dotted = DottedLeadIn().Match(head);
            if (!dotted.Success || text.Length - dotted.Groups["body"].Index < 11 || dotted.Groups["key"].Value.Split(' ').Length < 2) return null;
            var dottedField = HeadingVocabulary.Classify(dotted.Groups["key"].Value);
            if (dottedField is SectionField.None or SectionField.Metadata or SectionField.Timeline or SectionField.Lessons) return null;
            return (dotted.Groups["key"].Value.Trim(), dottedField, text[dotted.Groups["body"].Index..].Trim());
        }
        // "Went well: …\nWent wrong: …\nGot lucky: …" is several labelled lines, not one section under the first label.
        if (text.Split('\n').Skip(1).Any(l => KeyValueish().IsMatch(l.TrimStart('*', '_', ' ')))) return null;
        // "Affected services: a, b" is a metadata line even though "Affected services" can head an Impact section.
        if (MetadataKeys.Classify(m.Groups["key"].Value) is not (MetaField.None or MetaField.Summary or MetaField.Impact or MetaField.Detection
            or MetaField.Trigger or MetaField.RootCause or MetaField.Resolution)) return null;
        var field = HeadingVocabulary.Classify(m.Groups["key"].Value);
        if (field is SectionField.None or SectionField.Metadata or SectionField.Timeline or SectionField.Lessons) return null;
        return (m.Groups["key"].Value.Trim(), field, text[m.Groups["body"].Index..].Trim());
    }

    /// <summary>Key/value pairs from the preamble, metadata sections and key/value tables anywhere.</summary>
    private static void CollectMetadata(List<RawSection> sections, MetadataCollector meta)
    {
        foreach (var section in sections)
        {
            var isMeta = section.Field == SectionField.Metadata;
            // "## Attendees" with "Dana Ortiz (IC)" lines: read as participants (ParticipantsOf), not as "Dana Ortiz: …" pairs.
            if (IsParticipantSection(section)) continue;
            // "When was the incident detected? | 2026-11-03 14:16 UTC": a question-form key and its answer.
            if (section.IsQuestion)
            {
                meta.Add(section.Heading, BlockText.Render(section.Blocks).Replace('\n', ' '), keepUnknown: false);
                continue;
            }
            if (isMeta && section.Heading.Length > 0 && MetadataKeys.Classify(section.Heading) != MetaField.None)
            {
                // "### Date" followed by "2025-03-04": the section is the value.
                var value = BlockText.Render(section.Blocks.Where(b => b is ParagraphBlock or ListBlock));
                if (value.Length is > 0 and < 300 && !value.Contains(':', StringComparison.Ordinal))
                {
                    meta.Add(section.Heading, section.Blocks.FirstOrDefault() is ListBlock l ? string.Join(", ", l.Items.Select(x => x.Text)) : value.Replace('\n', ' '));
                    continue;
                }
            }
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case TableBlock table:
                        meta.TryAddTable(table, keepUnknown: isMeta);
                        break;
                    case ParagraphBlock p when isMeta || section.Field == SectionField.None:
                        // "Incident: 03/10/2024. Service affected: reporting-db. Write-up by …": one pair per sentence.
                        foreach (var line in p.Text.Split('\n').SelectMany(l => l.Count(c => c == ':') >= 2 ? SentencePairs().Split(l) : [l]).SelectMany(SplitPairs)) meta.TryAddLine(line.TrimEnd('.'), keepUnknown: isMeta);
                        break;
                    case ListBlock list when isMeta || section.Field is SectionField.None or SectionField.Summary or SectionField.Impact:
                        foreach (var item in list.Items) meta.TryAddLine(item.Text, keepUnknown: isMeta);
                        break;
                }
            }
        }
    }

    private static bool IsTitleHeading(string heading, string? title)
    {
        var h = TitlePrefix().Replace(heading, "").Trim();
        if (h.Length == 0 || GenericTitle().IsMatch(heading.Trim())) return true;
        return title is not null && (title.Contains(h, StringComparison.OrdinalIgnoreCase) || h.Contains(TitlePrefix().Replace(title, "").Trim(), StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^(post-?mortem|incident (post-?mortem|review|report)|post-incident review|pir|coe|rca|retrospective)\s*[:\-–—]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TitlePrefix();

    [GeneratedRegex(@"^(post-?mortem|incident (post-?mortem|review|report)|post-incident review|incident report|retrospective)( report| document)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GenericTitle();

    /// <summary>"Author: X · Severity: SEV2 · Services: a, b" holds three pairs.</summary>
    private static IEnumerable<string> SplitPairs(string line)
    {
        foreach (var part in PairSeparator().Split(line))
        {
            // "Date of review: 2025-08-15 Author: Keisha Brown Severity: 2": split before every further known key.
            var cuts = KeyCuts(part);
            var start = 0;
            foreach (var cut in cuts)
            {
                yield return part[start..cut].Trim().TrimEnd(';', ',');
                start = cut;
            }
            yield return part[start..].Trim();
        }
    }

    [GeneratedRegex(@"(?<=[a-z0-9)]\.)\s+(?=\p{Lu})")]
    private static partial Regex SentencePairs();

    [GeneratedRegex(@"\s+(?:[·•|]|[/;](?=\s*\**[\p{L}][\p{L} ]{0,30}\**\s*:))\s+")]
    private static partial Regex PairSeparator();

    /// <summary>
    /// Where a known key starts before each later colon: the longest run of up to four words that names a field. A cut
    /// is made only after an earlier pair's value (or a run of prose): up to three words before a key, with no colon among
    /// them, are part of the key ("Retro meeting date:", "Blameless review date:" are one key each, never "… date:").
    /// </summary>
    private static List<int> KeyCuts(string line)
    {
        var cuts = new List<int>();
        var pieceStart = 0;
        for (var colon = line.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = line.IndexOf(':', colon + 1))
        {
            if (colon + 1 < line.Length && !char.IsWhiteSpace(line[colon + 1])) continue;
            var before = line[..colon].TrimEnd();
            var words = before.Split(' ');
            for (var n = Math.Min(4, words.Length); n >= 1; n--)
            {
                var key = string.Join(' ', words[^n..]);
                var at = before.Length - key.Length;
                if (MetadataKeys.Classify(key) == MetaField.None) continue;
                var lead = line[pieceStart..at];
                if (lead.Contains(':', StringComparison.Ordinal) || lead.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 3)
                {
                    cuts.Add(at);
                    pieceStart = at;
                }
                break;
            }
        }
        return cuts;
    }

    [GeneratedRegex(@"^(?<key>[A-Z][A-Za-z ']{2,30}?)\.\s+(?<body>[A-Z])")]
    private static partial Regex DottedLeadIn();

    [GeneratedRegex(@"^(?<key>[A-Z][A-Za-z ()']{2,30}?)\s*[:：]\s+(?<body>\S)")]
    private static partial Regex LeadInLine();

    /// <summary>Prose before the first heading summarises a document that has no summary section of its own.</summary>
    private static string? PreambleProse(RawSection preamble)
    {
        var paragraphs = preamble.Blocks.OfType<ParagraphBlock>()
            .Select(p => string.Join('\n', p.Text.Split('\n').Where(l => !KeyValueish().IsMatch(l))))
            .Where(t => t.Split(' ').Length >= 8).ToList();
        return paragraphs.Count == 0 ? null : string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex(@"^[\p{L}][\p{L} /()'_-]{0,40}:\s")]
    private static partial Regex KeyValueish();
}
