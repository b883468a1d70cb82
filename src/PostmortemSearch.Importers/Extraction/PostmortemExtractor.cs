using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// The one place that knows postmortem semantics: turns a format-neutral <see cref="DocumentOutline"/> into a
/// <see cref="Postmortem"/>. Headings become sections, sections feed fields through heading synonyms, key/value
/// pairs set metadata, timeline and action items come from tables and lines. What it could not find is recorded
/// in diagnostics. Pure: the same outline always gives the same postmortem.
/// </summary>
public static partial class PostmortemExtractor
{
    public static Postmortem Extract(DocumentOutline outline, SourceInfo source, string id) => Extract(outline, source, id, null);

    /// <summary>As <see cref="Extract(DocumentOutline, SourceInfo, string)"/>; dates after <paramref name="importedOn"/> are flagged.</summary>
    public static Postmortem Extract(DocumentOutline outline, SourceInfo source, string id, DateOnly? importedOn)
    {
        ArgumentNullException.ThrowIfNull(outline);
        outline = outline with { Blocks = TypedBullets.Join(outline.Blocks) };
        // A document that writes "30/01/2025" anywhere means its "04/03/2025" as 4 March.
        using var dayFirst = DateTimeText.PreferDayFirst(DateTimeText.WritesDayFirst(
            Opening(BlockText.Render(outline.Blocks), 200_000) + "\n" + string.Join("\n", outline.Metadata.Select(m => m.Value))));
        var diagnostics = new List<Diagnostic>(outline.Diagnostics);
        var sections = Sectionize(outline, out var promotedTitle);
        var meta = new MetadataCollector();
        foreach (var entry in outline.Metadata) meta.Add(entry.Key, entry.Value);
        CollectMetadata(sections, meta);

        var statedZone = (meta[MetaField.Timezone] is { } tz ? DateTimeText.ZoneOf(tz) : null)
            ?? sections.Select(s => DateTimeText.StatedZone(s.Heading + "\n" + BlockText.Render(s.Blocks))).FirstOrDefault(z => z is not null)
            // "## Timeline (UTC)": the heading names the zone of the times under it.
            ?? sections.Where(s => s.Field == SectionField.Timeline).Select(s => MetadataKeys.ZoneOf(s.Heading) ?? DateTimeText.ZoneInParentheses(s.Heading)).FirstOrDefault(z => z is not null);

        // A list that is all "Key: value" lines is the section's metadata, not its prose (it stays in sections[]).
        string Text(SectionField field) => string.Join("\n\n", sections.Where(s => s.Field == field)
            .Select(s => BlockText.Render(s.Blocks.Where(b => b is not ListBlock l || !MetadataCollector.IsPairList([.. l.Items.Select(i => i.Text)])))).Where(t => t.Length > 0));
        List<string> ItemsOf(SectionField field) => [.. sections.Where(s => s.Field == field).SelectMany(s => BlockText.Items(s.Blocks)).Distinct()];
        string? Prose(SectionField field, MetaField fallback) => NullIfEmpty(Text(field)) ?? meta[fallback];

        // Times: a bare date ("Date: 2025-03-04") gives the day for time-only values. When a document gives several bare
        // dates (front matter "date" and an "Incident date"), the earliest is the incident's.
        var bareDates = meta.All(MetaField.IncidentDate).Select(t => DateTimeText.TryParseDate(t, out var d) ? d : (DateOnly?)null).OfType<DateOnly>().Order().ToList();
        DateOnly? incidentDate = bareDates.Count > 0 ? bareDates[0] : null;
        Timestamp? Time(MetaField field)
        {
            var text = meta[field];
            if (text is null) return null;
            if (DateTimeText.TryParseTimestamp(text, incidentDate, meta.ZoneOf(field) ?? statedZone, out var ts))
            {
                if (DateTimeText.FindFirst(text) is { Ambiguous: true })
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"'{text}' is ambiguous (day/month or month/day); read as {ts.Date:yyyy-MM-dd}"));
                return ts;
            }
            diagnostics.Add(DateTimeText.Unrepresentable(text)
                ? new Diagnostic(DiagnosticSeverity.Warning, $"'{text}' cannot be represented with its offset (it lies outside the range of instants); {field} rejected")
                : new Diagnostic(DiagnosticSeverity.Warning, $"could not read '{text}' as a date/time for {field}"));
            return null;
        }
        var start = Time(MetaField.IncidentStart);
        var detected = Time(MetaField.DetectedAt);
        var mitigated = Time(MetaField.MitigatedAt);
        var resolved = Time(MetaField.ResolvedAt);
        start ??= ProseTime(sections, ProseStart(), incidentDate, statedZone, "start", diagnostics);
        // "started 12 March 2025 09:14 UTC, was detected at 09:20": a time without a date takes the start's day (a bare
        // "Date:" later than a dated start is when the postmortem was written); with neither, the first date the summary
        // writes ("On 18 July 2023 the ledger…").
        var proseDate = start?.Date ?? incidentDate ?? OpeningDate(sections);
        Timestamp? windowEnd = null;
        if (start is null && ProseWindow(sections, proseDate, statedZone) is { } window)
        {
            // "From 22:12 to 23:05 IST, 18% of requests timed out": the window of impact the write-up states. Its end is
            // the end of impact: the resolution only when the timeline does not say when the incident was closed.
            start = window.From;
            windowEnd = window.To;
            // "from 10:04 to 11:37 Eastern": the zone the window names is the incident's when the document states none.
            statedZone ??= window.From.Offset;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"incident start read from the window '{Shorten(window.Text)}'"));
        }
        proseDate = start?.Date ?? incidentDate ?? proseDate;
        // Detection: every signal the prose gives is a candidate; the earliest (after the start) wins once the timeline is read.
        var detectedCandidates = new List<TimeCandidate?>();
        if (detected is null)
        {
            TimeCandidate? Cue(Regex cue, string what)
            {
                var scratch = new List<Diagnostic>();
                return ProseTime(sections, cue, proseDate, statedZone, what, scratch, start) is { } at ? new TimeCandidate(at, scratch[^1].Message) : null;
            }
            detectedCandidates.Add(Cue(ProseDetected(), "detected"));
            detectedCandidates.Add(Cue(ProseNoticed(), "detected"));
            if (SectionTimes(sections, SectionField.Detection, proseDate, statedZone) is [var first, ..])
                detectedCandidates.Add(new TimeCandidate(first, "detected time is the first time the Detection section states"));
        }
        mitigated ??= ProseTime(sections, ProseMitigated(), proseDate, statedZone, "mitigated", diagnostics, start);
        resolved ??= ProseTime(sections, ProseResolved(), proseDate, statedZone, "resolved", diagnostics, start);

        // "Date: 2025-03-11" next to an explicit start on 2025-03-04 is the date the postmortem was written.
        DateOnly? bareLaterDate = start is { } st && bareDates.Count > 0 && bareDates[^1] > st.Date ? bareDates[^1] : null;
        Diagnostic? dateOnlyStart = null;
        if (start is null && incidentDate is { } onlyDate)
        {
            start = statedZone is { } z ? new Timestamp(onlyDate.ToDateTime(TimeOnly.MinValue), z) : Timestamp.Unzoned(onlyDate.ToDateTime(TimeOnly.MinValue));
            dateOnlyStart = new Diagnostic(DiagnosticSeverity.Info, "incident start known only as a date");
            diagnostics.Add(dateOnlyStart);
        }
        incidentDate = start?.Date ?? incidentDate;

        // Timeline from timeline sections, and timeline tables wherever they stand.
        var timelineContext = new TimelineExtractor.Context { Date = incidentDate, StatedZone = statedZone };
        var timeline = new List<TimelineEntry>();
        foreach (var section in sections)
        {
            if (section.Field == SectionField.Timeline)
            {
                if (section.Inherited) TimelineExtractor.SetDate(section.Heading, timelineContext);
                timeline.AddRange(TimelineExtractor.FromBlocks(section.Blocks, timelineContext));
            }
            else
            {
                // A "Milestone | Time" table (start, detected, mitigated, resolved) is the incident's key times: metadata, not more timeline.
                foreach (var table in section.Blocks.OfType<TableBlock>().Where(t => TimelineExtractor.IsTimelineTable(t) && !IsKeyTimesTable(t)))
                    timeline.AddRange(TimelineExtractor.FromTable(table, timelineContext));
            }
        }
        if (timelineContext.Unzoned > 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"{timelineContext.Unzoned} timeline time(s) have no time zone; kept as written, not shifted"));
        if (timelineContext.Ambiguous > 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"{timelineContext.Ambiguous} timeline date(s) are ambiguous (day/month or month/day); read {(DateTimeText.WritesDayFirst(BlockText.Render(outline.Blocks)) ? "day" : "month")} first"));
        if (timelineContext.Undated > 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"{timelineContext.Undated} timeline time(s) have no date the document states; 'at' left empty"));

        // Times the metadata did not give, read off the timeline.
        var dated = timeline.Where(t => t.At is not null).ToList();
        DateOnly? writtenOn = null;
        if (dateOnlyStart is not null && dated.Count > 0 && dated.All(t => t.At!.Value.Date < start!.Value.Date))
        {
            // "Date: 2025-01-29" over a timeline of 27 January: the date is when the write-up was done (the SRE book's
            // template puts it there), not the incident's day.
            writtenOn = start!.Value.Date;
            start = null;
            diagnostics.Remove(dateOnlyStart);
            dateOnlyStart = null;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"the document's date {writtenOn:yyyy-MM-dd} is after every timeline entry: read as the postmortem date"));
        }
        // "22:40 OUTAGE BEGINS", "14:05 … customer impact begins": the entry that says so is the start, not the deploy
        // or maintenance before it — when the document gave no start time, or only its date.
        if ((start is null || dateOnlyStart is not null) && dated.FirstOrDefault(t => ImpactBegins().IsMatch(t.Text)) is { } begins
            && (start is null || Math.Abs(begins.At!.Value.Date.DayNumber - start.Value.Date.DayNumber) <= 1))
        {
            start = begins.At;
            if (dateOnlyStart is not null) diagnostics.Remove(dateOnlyStart);
            dateOnlyStart = null;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"incident start taken from the timeline entry '{Shorten(begins.Text)}'"));
        }
        if (dateOnlyStart is not null && dated.Where(t => t.At!.Value.Date == start!.Value.Date).MinBy(t => t.At!.Value.ToInstant()) is { } firstOfDay)
        {
            // "Date: 2025-03-04" and a timeline from 23:40: the incident started at 23:40, not at midnight.
            start = firstOfDay.At;
            diagnostics.Remove(dateOnlyStart);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "incident start taken from the first timeline entry on the incident date"));
        }
        if (start is null && dated.Count > 0)
        {
            start = dated.MinBy(t => t.At!.Value.ToInstant())!.At;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "incident start taken from the first timeline entry"));
        }
        if (start is null)
        {
            // "On March 20, 2022, at 03:16:34 UTC, our network…": a full date and time in the opening prose.
            foreach (var prose in new[] { Text(SectionField.Summary), meta[MetaField.Summary], Text(SectionField.Impact) })
            {
                if (prose is null || DateTimeText.FindFirst(Opening(prose)) is not { Date: not null, Time: not null } found) continue;
                if (DateTimeText.ToTimestamp(found, null, statedZone, out var fromProse))
                {
                    start = fromProse;
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "incident start taken from the first date and time in the summary"));
                    break;
                }
            }
        }
        if (detected is null)
        {
            var scratch = new List<Diagnostic>();
            var fromTimeline = FirstMatching([.. dated.Where(t => !NotDetected().IsMatch(t.Text))], DetectedWords(), "detected", scratch) is { } at ? new TimeCandidate(at, scratch[^1].Message) : null;
            if ((EarliestFrom([.. detectedCandidates, fromTimeline], start) ?? fromTimeline) is { } earliest)
            {
                detected = WithTimelineZone(earliest.At, dated);
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, earliest.Why));
            }
        }
        resolved ??= LastMatching(dated, ResolvedWords(), diagnostics);
        if (resolved is null && windowEnd is not null)
        {
            resolved = windowEnd;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "resolved time read from the end of the stated window"));
        }
        if (mitigated is null && MitigationInResolution(SectionTimes(sections, SectionField.Resolution, proseDate, statedZone), start, resolved) is { } fix)
        {
            mitigated = WithTimelineZone(fix, dated);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "mitigated time is the first time the Resolution section states"));
        }
        mitigated ??= FirstMatching(dated, MitigatedWords(), "mitigated", diagnostics);
        if (resolved is null && LastEntryAsEnd(dated, start) is { } lastEntry)
        {
            resolved = lastEntry.At;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"resolved time taken from the last timeline entry '{Shorten(lastEntry.Text)}'"));
        }
        if (start is { } s && resolved is { } r && r.ToInstant() < s.ToInstant() && r.Date == s.Date && meta[MetaField.ResolvedAt] is { } rt && DateTimeText.ReadLeading(rt)?.Date is null)
        {
            resolved = new Timestamp(r.Local.AddDays(1), r.Offset);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "resolved time is earlier than the start on the same day; read as the next day"));
        }

        var duration = meta[MetaField.Duration] is { } durationText ? DateTimeText.ParseDuration(durationText) : null;
        if (duration is null && start is { } s2 && resolved is { } r2 && r2.ToInstant() > s2.ToInstant())
            duration = r2.ToInstant() - s2.ToInstant();

        // The byline opens the document: the preamble, or the first section when a heading opens it.
        var byline = Byline(sections[0]) ?? sections.Skip(1).Where(s => s.Blocks.Count > 0).Take(1).Select(Byline).FirstOrDefault();
        DateOnly? postmortemDate = meta[MetaField.PostmortemDate] is { } pmText && DateTimeText.TryParseDate(pmText, out var pmd) ? pmd : bareLaterDate ?? writtenOn ?? byline?.Date;
        if (postmortemDate is null && meta.DocumentDate is { } documentDate && DateTimeText.TryParseDate(documentDate, out var dd))
        {
            // "Date: 2024-11-02" at the head of the page is the document's own date: it wins over when a wiki saved the page.
            postmortemDate = dd;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "postmortem date taken from the document's own 'Date' line"));
        }
        if (postmortemDate is null && outline.Created is { } created)
        {
            postmortemDate = created.Date;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "postmortem date taken from the document's creation date"));
        }
        else if (postmortemDate is null && outline.Modified is { } modified)
        {
            // "last modified on 02 May 2025": when a page was last saved (often by a bot, months later), not when it was written.
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"no postmortem date: the document states none, and its last-modified date ({modified.Date:yyyy-MM-dd}) is not taken for one"));
        }

        // Action items: action sections, plus task lists and action tables anywhere else.
        var actionItems = new List<ActionItem>();
        foreach (var section in sections)
        {
            if (section.Field == SectionField.ActionItems)
                actionItems.AddRange(ActionItemExtractor.FromBlocks(section.Blocks, outline.Tickets));
            else if (section.Field == SectionField.Timeline)
            {
                // "Time | Action | Owner" under Timeline is who did what when, not follow-up work; only explicit task lists count.
                foreach (var tasks in section.Blocks.OfType<ListBlock>().Where(l => l.IsTaskList))
                    actionItems.AddRange(ActionItemExtractor.FromList(tasks, outline.Tickets));
            }
            else
            {
                foreach (var block in section.Blocks)
                {
                    if (block is ListBlock { IsTaskList: true } tasks) actionItems.AddRange(ActionItemExtractor.FromList(tasks, outline.Tickets));
                    else if (block is TableBlock table && ActionItemExtractor.IsActionTable(table) && !TimelineExtractor.IsTimelineTable(table))
                        actionItems.AddRange(ActionItemExtractor.FromTable(table, outline.Tickets));
                }
            }
        }

        var severityRaw = meta[MetaField.Severity] ?? SeverityInText(outline.Title ?? promotedTitle) ?? outline.Labels.Select(SeverityInText).FirstOrDefault(s => s is not null);
        if (severityRaw is null)
        {
            // "This was declared a SEV-2 incident." — prose that states the severity when no field does.
            severityRaw = new[] { Text(SectionField.Summary), string.Join("\n", sections[0].Blocks.OfType<ParagraphBlock>().Select(p => p.Text)), Text(SectionField.Impact) }
                .Select(t => SeverityOfThisIncident(Opening(t))).FirstOrDefault(v => v is not null);
            if (severityRaw is not null) diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"severity '{severityRaw}' read from the summary prose"));
        }
        var severity = SeverityNormalizer.Normalize(severityRaw);
        if (severityRaw is not null && severity is null)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"severity '{severityRaw}' is not one the importer can normalise"));

        var labels = outline.Labels.Concat(meta.All(MetaField.Tags).SelectMany(SplitList)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var restricted = meta.All(MetaField.Restricted).Any(RestrictedMarking.IsRestrictedValue)
            || labels.Any(RestrictedMarking.IsRestrictedLabel)
            || outline.Blocks.Any(b => b is ParagraphBlock { Text: var p } ? RestrictedMarking.IsBanner(p) : b is HeadingBlock { Text: var h } && RestrictedMarking.IsBanner(h));
        var services = meta.All(MetaField.Services).SelectMany(SplitList).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var title = outline.Title ?? meta[MetaField.Title] ?? promotedTitle;
        if (title is null && FirstSentence(outline.Blocks.OfType<ParagraphBlock>().FirstOrDefault()?.Text) is { } sentence)
        {
            title = sentence;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, "the document has no title; its first sentence is used"));
        }
        if (title is null)
        {
            title = Path.GetFileNameWithoutExtension(source.Path.Split('!', '#')[^1]);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, "the document has no title; the file name is used"));
        }

        List<string> postmortemOwners = [.. meta.All(MetaField.PostmortemOwner).SelectMany(SplitPeople).Distinct(StringComparer.OrdinalIgnoreCase)];
        var rootCauses = ItemsOf(SectionField.RootCauses);
        if (rootCauses.Count == 0 && meta[MetaField.RootCause] is { } rc) rootCauses.Add(rc);
        var factors = ItemsOf(SectionField.ContributingFactors);
        var wentWrong = ItemsOf(SectionField.WentWrong);

        var postmortem = new Postmortem
        {
            Id = id,
            Title = title,
            Source = source,
            Status = meta[MetaField.Status],
            Severity = severity,
            SeverityRaw = severityRaw,
            Services = services,
            Teams = [.. meta.All(MetaField.Teams).SelectMany(SplitList).Distinct(StringComparer.OrdinalIgnoreCase)],
            Authors = [.. outline.Authors.Concat(meta.All(MetaField.Authors).SelectMany(SplitPeople))
                // "Owner: A, B and C" / "Postmortem owner: Platform Reliability Team" names who wrote it when no author line does.
                .Concat(meta.All(MetaField.Authors).Count == 0 ? postmortemOwners : [])
                // "Co-author: B" next to "Postmortem owner: A": both wrote it.
                .Concat(meta.All(MetaField.CoAuthors).SelectMany(SplitPeople))
                .Concat(meta.All(MetaField.Authors).Count == 0 && postmortemOwners.Count == 0 ? byline?.Names ?? [] : [])
                .Distinct(StringComparer.OrdinalIgnoreCase)],
            Owner = postmortemOwners.FirstOrDefault() ?? (meta[MetaField.Owner] is { } ic ? SplitPeople(ic).FirstOrDefault() : null),
            Participants = ParticipantsOf(sections, meta),
            IncidentStart = start,
            DetectedAt = detected,
            MitigatedAt = mitigated,
            ResolvedAt = resolved,
            PostmortemDate = postmortemDate,
            Duration = duration,
            Summary = Prose(SectionField.Summary, MetaField.Summary) ?? PreambleProse(sections[0]),
            Impact = Prose(SectionField.Impact, MetaField.Impact),
            Detection = Prose(SectionField.Detection, MetaField.Detection),
            Trigger = Prose(SectionField.Trigger, MetaField.Trigger),
            RootCauses = rootCauses,
            ContributingFactors = factors,
            Resolution = Prose(SectionField.Resolution, MetaField.Resolution),
            Timeline = timeline,
            ActionItems = actionItems,
            Lessons = LessonsOf(sections, ItemsOf(SectionField.WentWell), wentWrong, ItemsOf(SectionField.GotLucky)),
            Tags = labels,
            Restricted = restricted,
            Metadata = meta.Unmapped,
            Sections = [.. sections.Where(s => s.Heading.Length > 0 || s.Blocks.Count > 0)
                .Select(s => s.Heading.Length == 0
                    ? new Section(PreambleHeading, null, BlockText.Render(s.Blocks))
                    : new Section(s.Heading, HeadingVocabulary.FieldName(s.Field), BlockText.Render(s.Blocks)))
                .Where(s => s.Text.Length > 0 || s.Field is not null)],
            Diagnostics = diagnostics,
        };
        return postmortem with { Diagnostics = [.. diagnostics, .. Missing(postmortem), .. DateSanity(postmortem, importedOn)] };
    }

    /// <summary>The name given to text before the first heading.</summary>
    public const string PreambleHeading = "Introduction";

    private static IEnumerable<Diagnostic> Missing(Postmortem p)
    {
        if (p.Severity is null) yield return new Diagnostic(DiagnosticSeverity.Info, "no severity found");
        if (p.IncidentStart is null) yield return new Diagnostic(DiagnosticSeverity.Info, "no incident start time found");
        if (p.ResolvedAt is null) yield return new Diagnostic(DiagnosticSeverity.Info, "no resolved time found");
        if (p.RootCauses.Count == 0) yield return new Diagnostic(DiagnosticSeverity.Info, "no root cause section found");
        if (p.Timeline.Count == 0) yield return new Diagnostic(DiagnosticSeverity.Info, "no timeline found");
        if (p.ActionItems.Count == 0) yield return new Diagnostic(DiagnosticSeverity.Info, "no action items found");
        if (p.Services.Count == 0) yield return new Diagnostic(DiagnosticSeverity.Info, "no services named");
    }

    private static Timestamp? FirstMatching(List<TimelineEntry> dated, Regex words, string what, List<Diagnostic> diagnostics)
    {
        var hit = dated.FirstOrDefault(t => words.IsMatch(t.Text));
        if (hit is null) return null;
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"{what} time taken from the timeline entry '{Shorten(hit.Text)}'"));
        return hit.At;
    }

    private static Timestamp? LastMatching(List<TimelineEntry> dated, Regex words, List<Diagnostic> diagnostics)
    {
        var hit = dated.LastOrDefault(t => words.IsMatch(t.Text) && !NotResolved().IsMatch(t.Text));
        if (hit is null) return null;
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"resolved time taken from the timeline entry '{Shorten(hit.Text)}'"));
        return hit.At;
    }

    /// <summary>"Impact started 2025-09-03 19:12 +01:00, detected …": times written in sentences.</summary>
    private static Timestamp? ProseTime(List<RawSection> sections, Regex cue, DateOnly? date, TimeSpan? zone, string what, List<Diagnostic> diagnostics, Timestamp? after = null)
    {
        foreach (var section in sections.Where(s => s.Field is not (SectionField.Timeline or SectionField.ActionItems)))
        {
            foreach (var block in section.Blocks.OfType<ParagraphBlock>())
            {
                foreach (Match m in cue.Matches(block.Text))
                {
                    var found = DateTimeText.ReadLeading(Around(block.Text, m.Index + m.Length));
                    // "started 11 June 09:14, detected 09:31": the last date written before the time is its day.
                    var day = LastDateBefore(block.Text, m.Index) ?? date;
                    if (found is not { Time: not null } || (found.DateIn(day) ?? day) is null) continue;
                    if (!DateTimeText.ToTimestamp(found, day, found.Zone ?? ZoneAfter(block.Text, m.Index) ?? zone, out var at)) continue;
                    // "started 14 November 23:41, mitigated 00:20": a time without a date more than half a day before the
                    // start is after midnight, on the next day.
                    if (found.DateIn(day) is null && after is { } a && at.ToInstant() < a.ToInstant() - TimeSpan.FromHours(12))
                        at = new Timestamp(at.Local.AddDays(1), at.Offset);
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"{what} time read from the sentence '{Shorten(Around(block.Text, m.Index))}'"));
                    return at;
                }
            }
        }
        return null;
    }

    /// <summary>How far around a cue word a time is looked for: sentences are short, paragraphs may be megabytes.</summary>
    private const int WindowLength = 300;

    /// <summary>The opening of a prose field: where a write-up states its date and severity, bounded so a huge section stays cheap.</summary>
    private static string Opening(string text, int length = 4_000) => text.Length <= length ? text : text[..length];

    /// <summary>The text after <paramref name="index"/>, bounded: copying the rest of a huge paragraph for every match is quadratic.</summary>
    private static string Around(string text, int index) => text.Substring(index, Math.Min(WindowLength, text.Length - index));

    private static DateOnly? LastDateBefore(string text, int index)
    {
        DateOnly? last = null;
        var from = Math.Max(0, index - WindowLength);
        foreach (Match m in AnyDate().Matches(text[from..index]))
            if (DateTimeText.FindFirst(m.Value)?.Date is { } d) last = d;
        return last;
    }

    /// <summary>The zone written later in the same sentence ("detected 09:31, resolved 10:40 UTC"), for times written without one.</summary>
    private static TimeSpan? ZoneAfter(string text, int index)
    {
        var sentence = Around(text, index);
        var end = sentence.IndexOfAny(['.', '\n']);
        if (end >= 0) sentence = sentence[..end];
        if (ZoneToken().Match(sentence) is { Success: true } z) return DateTimeText.ZoneOf(z.Value);
        // "started 12 March 09:14 UTC, was detected at 09:20": the zone of the time before it in the paragraph.
        var before = ZoneToken().Matches(text[Math.Max(0, index - WindowLength)..index]);
        return before.Count > 0 ? DateTimeText.ZoneOf(before[^1].Value) : null;
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnyDate();

    [GeneratedRegex(@"\b(?:UTC|GMT)(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?\b|\b(?:PST|PDT|EST|EDT|CST|CDT|MST|MDT|CET|CEST|BST|IST|JST|AEST|AEDT|ET|PT)\b")]
    private static partial Regex ZoneToken();

    /// <summary>Most rows name an incident milestone ("Impact start", "Detected", "Resolved") in their first cell.</summary>
    internal static bool IsKeyTimesTable(TableBlock table)
    {
        var body = table.Rows.Skip(table.HeaderRows).Where(r => r.Count >= 2).ToList();
        if (body.Count == 0) return false;
        var milestones = body.Count(r => MetadataKeys.Classify(r[0], r[1]) is MetaField.IncidentStart or MetaField.DetectedAt or MetaField.MitigatedAt or MetaField.ResolvedAt or MetaField.IncidentDate or MetaField.Duration);
        return milestones * 2 > body.Count;
    }

    private sealed record BylineSentence(IReadOnlyList<string> Names, DateOnly? Date);

    /// <summary>"Written by Hugo Lemaire, 18 March 2025." / "Prepared by A and B for the review on 15 April 2024.": who wrote it, and when.</summary>
    private static BylineSentence? Byline(RawSection preamble)
    {
        foreach (var p in preamble.Blocks.OfType<ParagraphBlock>())
        {
            var m = BylineWords().Match(p.Text);
            if (!m.Success) continue;
            var names = NameListSeparators().Split(m.Groups["names"].Value).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            var end = p.Text.IndexOf(". ", m.Index + m.Length, StringComparison.Ordinal);
            var rest = p.Text[(m.Index + m.Length)..(end < 0 ? p.Text.Length : end + 1)];
            return new BylineSentence(names, DateTimeText.FindFirst(rest)?.Date);
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:[Ww]ritten|[Pp]repared|[Cc]ompiled|[Dd]rafted|[Aa]uthored|[Ww]rite-?up|[Pp]ost-?mortem|[Rr]eview)(?: up)? by (?<names>\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+){0,2}(?:(?:, | and | & )\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+){0,2})*)")]
    private static partial Regex BylineWords();

    [GeneratedRegex(@", | and | & ")]
    private static partial Regex NameListSeparators();

    private sealed record Window(Timestamp From, Timestamp? To, string Text);

    /// <summary>"From 07:40 to 10:15 ET on Nov 19, 2024", "between 14:02 and 15:10 UTC": a stated window of impact, in the opening prose.</summary>
    private static Window? ProseWindow(List<RawSection> sections, DateOnly? date, TimeSpan? zone)
    {
        // The summary, impact and opening first; then any other prose section ("## When: The incident ran from 10:04 to 11:37").
        var ordered = sections.Where(s => s.Field is SectionField.Summary or SectionField.Impact || s.Heading.Length == 0)
            .Concat(sections.Where(s => s.Field is SectionField.None && s.Heading.Length > 0));
        foreach (var section in ordered)
        {
            foreach (var block in section.Blocks.OfType<ParagraphBlock>())
            {
                foreach (Match m in WindowStart().Matches(block.Text))
                {
                    var rest = Around(block.Text, m.Index + m.Length);
                    var opening = DateTimeText.ReadLeading(rest);
                    if (opening is not { Time: not null }) continue;
                    // "Between 21:40 on 6 May and 01:30 on 7 May 2025": each time may carry its own day after "on".
                    var afterOpening = rest[opening.Length..];
                    var openingOn = TimeOnDay().Match(afterOpening);
                    if (openingOn.Success) afterOpening = afterOpening[openingOn.Length..];
                    var joint = WindowJoint().Match(afterOpening);
                    if (!joint.Success) continue;
                    var closing = DateTimeText.ReadLeading(afterOpening[joint.Length..]);
                    if (closing is not { Time: not null }) continue;
                    var after = afterOpening[(joint.Length + closing.Length)..];
                    var closingOn = TimeOnDay().Match(after);
                    var closingDay = closingOn.Success ? DayOf(closingOn, null) : null;
                    var openingDay = openingOn.Success ? DayOf(openingOn, closingDay?.Year ?? date?.Year) : null;
                    var day = opening.DateIn(date) ?? openingDay ?? (OnDate().Match(after) is { Success: true } onDate ? DateTimeText.FindFirst(onDate.Groups[1].Value)?.Date : null)
                        ?? LastDateBefore(block.Text, m.Index) ?? date;
                    var z = opening.Zone ?? closing.Zone ?? DateTimeText.BracketedZone(closingOn.Success ? after[closingOn.Length..] : after)
                        ?? (day is { } named ? DateTimeText.UsZoneName(after, named) : null) ?? zone;
                    if (!DateTimeText.ToTimestamp(opening with { Zone = z }, day, z, out var start)) continue;
                    Timestamp? end = DateTimeText.ToTimestamp(closing with { Zone = closing.Zone ?? z }, closing.DateIn(day) ?? closingDay ?? day, z, out var e) ? e : null;
                    if (end is { } en && en.ToInstant() < start.ToInstant()) end = new Timestamp(en.Local.AddDays(1), en.Offset);
                    return new Window(start, end, Around(block.Text, m.Index));
                }
            }
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:from|between)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex WindowStart();

    /// <summary>" on 6 May", " on May 7, 2025", " on 7 May 2025" after a time in a window.</summary>
    [GeneratedRegex(@"^\s*on\s+(?<day>\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,9}|\p{L}{3,9}\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+(?<year>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex TimeOnDay();

    /// <summary>The day a <see cref="TimeOnDay"/> match names, with its own year or else <paramref name="year"/>.</summary>
    private static DateOnly? DayOf(Match on, int? year)
    {
        var y = on.Groups["year"].Success ? on.Groups["year"].Value : year?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return y is null ? null : DateTimeText.FindFirst(on.Groups["day"].Value + " " + y)?.Date;
    }

    [GeneratedRegex(@"^\s*(?:to|and|until|till|through|–|—|-)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex WindowJoint();

    [GeneratedRegex(@"^\s*(?:[A-Za-z]{1,12}\s*)?,?\s*on\s+((?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?[^,.;]{4,30}(?:,\s*\d{4})?)", RegexOptions.IgnoreCase)]
    private static partial Regex OnDate();

    [GeneratedRegex(@"\b(impact|incident|outage|problem|issue|trouble|disruption|degradation|errors?) (started|began|begins|starts)( at| on)?\s+|\b(started|began)( at| on)?\s+(?=\d|[A-Z][a-z]{2})(?<=(?:^|[:;,]\s{0,2})(?:started|began)(?: at| on)?\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex ProseStart();

    [GeneratedRegex(@"\b(outage|impact|incident|degradation|disruption|errors?|failures?|problems?|issues?|downtime|backlog) (begins?|began|starts?|started)\b|(?:^|[/;]\s*)first\b[^;]{0,20}?\b(errors?|failures?|timeouts?|[45]\d\d|oom|crash(es)?)\b|\b(starts?|started|begins?|began) (climbing|growing|rising|failing|timing out|to (climb|grow|rise|fail|time out|back up))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImpactBegins();

    [GeneratedRegex(@"\b(detected|alerted|paged)( at| on)?\s+(?=\d|[A-Z][a-z]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex ProseDetected();

    [GeneratedRegex(@"\bmitigated( at| on)?\s+(?=\d|[A-Z][a-z]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex ProseMitigated();

    [GeneratedRegex(@"\b(fully )?(resolved|recovered)( at| on)?\s+(?=\d|[A-Z][a-z]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex ProseResolved();

    /// <summary>Lessons sections that write "Went well: …" / "Got lucky: …" lines instead of sub-headings.</summary>
    private static Lessons LessonsOf(List<RawSection> sections, List<string> wentWell, List<string> wentWrong, List<string> gotLucky)
    {
        foreach (var section in sections.Where(s => s.Field == SectionField.Lessons))
        {
            var lines = section.Blocks.SelectMany(b => b switch
            {
                ParagraphBlock p => p.Text.Split('\n'),
                ListBlock l => l.Items.Select(i => i.Text),
                _ => [],
            });
            foreach (var line in lines)
            {
                var m = LessonLine().Match(line);
                if (!m.Success) continue;
                var target = HeadingVocabulary.Classify(m.Groups["key"].Value) switch
                {
                    SectionField.WentWell => wentWell,
                    SectionField.WentWrong => wentWrong,
                    SectionField.GotLucky => gotLucky,
                    _ => null,
                };
                target?.Add(m.Groups["text"].Value.Trim());
            }
        }
        return new Lessons { WentWell = wentWell, WentWrong = wentWrong, GotLucky = gotLucky };
    }

    [GeneratedRegex(@"^(?<key>[^:]{3,40}):\s*(?<text>\S.*)$")]
    private static partial Regex LessonLine();

    private static string? FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var line = text.Split('\n')[0];
        var end = SentenceEnd().Match(line);
        var sentence = end.Success ? line[..(end.Index + 1)] : line;
        if (sentence.Length <= 90) return sentence.TrimEnd('.');
        var cut = sentence.LastIndexOf(' ', 87);
        return sentence[..(cut > 40 ? cut : 87)] + "…";
    }

    [GeneratedRegex(@"[.!?](?=\s+[A-Z]|$)")]
    private static partial Regex SentenceEnd();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string? SeverityInText(string? text) => text is null ? null : SeverityToken().Match(text) is { Success: true } m ? m.Value : null;

    private static IEnumerable<string> SplitList(string value) =>
        ListSeparators().Split(value).Select(v => v.Trim().Trim('`', '*', '"', '\'').Trim()).Where(v => v.Length > 0 && v.Length < 80);

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    [GeneratedRegex(@"\b(SEV|Sev|sev)[\s\-_]?[0-5]\b")]
    private static partial Regex SeverityToken();

    /// <summary>
    /// The severity a sentence gives this incident ("This was declared a SEV-2 incident"), not a rule about severities in
    /// general ("A SEV1 means a full outage", "Sev 1 and Sev 2 incidents need a review"): a sentence naming two levels, or
    /// saying what a level means or needs, is general.
    /// </summary>
    internal static string? SeverityOfThisIncident(string text)
    {
        foreach (var sentence in SentenceSplit().Split(text))
        {
            var matches = SeverityInProse().Matches(sentence);
            if (matches.Count == 0) continue;
            if (matches.Select(m => m.Value.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal)).Distinct().Count() > 1 || GeneralRule().IsMatch(sentence)) continue;
            return matches[0].Value;
        }
        return null;
    }

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"\b(means?|need|needs|should|must|always|never|every|each|any|such as|e\.g\.|for example|write|defined? as|levels?|scale|to SEV\s?\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GeneralRule();

    [GeneratedRegex(@"\b(?:SEV|Sev|sev)[\s\-_]?[0-5]\b|\b(?:[Ss]everity|[Pp]riority)(?: level)?[\s:\-]*[0-5]\b|\bP[0-4](?= incident\b)")]
    private static partial Regex SeverityInProse();

    [GeneratedRegex(@"\s*(?:[,;]|\s/\s|\band\b)\s*")]
    private static partial Regex ListSeparators();

    [GeneratedRegex(@"\b(alert(ed|s)?|paged|pages|page fired|pagerduty|detected|notices|noticed|reported|reports? that|(customers?|users?|merchants?|partners?|support|players?|sellers?) reports?|first report|on-?call (was )?(paged|alerted)|monitor(ing)? fired|alarms? (fires?|fired|triggered|went off)|(shoppers?|clients?|patients?|drivers?|staff|members?|callers?|people) (reports?|complain(s|ed)?)|support tickets?|tickets? (opened|filed|raised))\b", RegexOptions.IgnoreCase)]
    private static partial Regex DetectedWords();

    [GeneratedRegex(@"\b(mitigat(ed|ion)|rolled back|roll-?back\b[^;]{0,30}?\b(complete|completed|finished|done)|reverted|(feature )?flag\b[^;]{0,40}?\b(disabled|turned off|switched off)|(rules?|config(uration)?|settings?) restored|traffic\b[^;]{0,30}?\b(switched|moved|shifted|failed over)|failover complete|fail(ed)? over to|switched to (the )?(backup|secondary|standby)|traffic (moved|shifted|switched|drained)|impact (ended|stopped)|recover(s|ing)?|error rates? (dropped|returned|back)|writes resume|throttled)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MitigatedWords();

    [GeneratedRegex(@"\b(resolved|fully (recovered|restored)|all clear|incident (closed|resolved|over)|back to normal|service restored|recovered|resolution confirmed|(outage|impact|incident) (ends|ended|is over))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResolvedWords();

    [GeneratedRegex(@"\b(not|partially|un)\s*(resolved|recovered)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotResolved();
}
