using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// The incident window where no metadata states it (times a section or sentence gives, earliest signal first), the
/// people a document names as its writers, and the sanity of the dates it states.
/// </summary>
public static partial class PostmortemExtractor
{
    private sealed record TimeCandidate(Timestamp At, string Why);

    /// <summary>
    /// The times a section of <paramref name="field"/> states, in reading order ("A finance alarm at 13:41 UTC flagged…"
    /// under Detection; "The secret was updated at 08:52 and the backlog drained by 09:05" under Resolution). A time
    /// without a date takes the last date written before it, then <paramref name="day"/>.
    /// </summary>
    private static List<Timestamp> SectionTimes(List<RawSection> sections, SectionField field, DateOnly? day, TimeSpan? zone)
    {
        var times = new List<Timestamp>();
        // "Response" is the whole of triage (paged at 09:31, correlated with the 09:02 deploy): not where the fix is timed.
        foreach (var section in sections.Where(s => s.Field == field && !(field == SectionField.Resolution && ResponseHeading().IsMatch(s.Heading))))
        {
            var text = Opening(BlockText.Render(section.Blocks));
            foreach (Match m in DateOrClock().Matches(text))
            {
                if (m.Index > 0 && char.IsLetterOrDigit(text[m.Index - 1])) continue;
                var found = DateTimeText.ReadLeading(Around(text, m.Index));
                if (found is not { Time: not null }) continue;
                var date = found.DateIn(day) ?? LastDateBefore(text, m.Index) ?? day;
                if (DateTimeText.ToTimestamp(found, date, found.Zone ?? ZoneAfter(text, m.Index) ?? zone, out var at) && !times.Contains(at)) times.Add(at);
            }
        }
        return times;
    }

    [GeneratedRegex(@"^\W*(incident )?response\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResponseHeading();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{1,2}[:h]\d{2}|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}", RegexOptions.IgnoreCase)]
    private static partial Regex DateOrClock();

    /// <summary>
    /// A prose time written without a zone ("writes resumed at 05:26") that names the same clock time as a zoned timeline
    /// entry ("2025-08-05 05:26 UTC | Space freed") is that entry's time: the document gave its zone there.
    /// </summary>
    private static Timestamp WithTimelineZone(Timestamp at, List<TimelineEntry> dated) =>
        at.HasZone ? at : dated.Select(t => t.At!.Value).FirstOrDefault(t => t.HasZone && t.Local == at.Local) is { HasZone: true } zoned ? zoned : at;

    /// <summary>The earliest candidate not before the start (the first signal is when the incident was detected).</summary>
    private static TimeCandidate? EarliestFrom(IEnumerable<TimeCandidate?> candidates, Timestamp? start) =>
        candidates.OfType<TimeCandidate>()
            .Where(c => start is not { } s || c.At.ToInstant() >= s.ToInstant())
            .MinBy(c => c.At.ToInstant());

    /// <summary>
    /// The first time the Resolution section states, as the mitigation ("The job was killed at 11:02 …; recovered by
    /// 11:09"): when it lies inside the window and is not the only time there, equal to the end.
    /// </summary>
    private static Timestamp? MitigationInResolution(List<Timestamp> times, Timestamp? start, Timestamp? resolved)
    {
        var inside = times.Where(t => (start is not { } s || t.ToInstant() >= s.ToInstant()) && (resolved is not { } r || t.ToInstant() <= r.ToInstant())).ToList();
        if (inside.Count == 0) return null;
        if (resolved is { } end && inside[0].ToInstant() == end.ToInstant()) return null;
        return inside[0];
    }

    /// <summary>
    /// The last timeline entry as the end of the incident when no entry says it ended: only when it lies after the start,
    /// within a week of it, and is not a later follow-up (a review, a retro, a postmortem meeting).
    /// </summary>
    private static TimelineEntry? LastEntryAsEnd(List<TimelineEntry> dated, Timestamp? start)
    {
        if (start is not { } s || dated.Count < 2) return null;
        var last = dated.MaxBy(t => t.At!.Value.ToInstant())!;
        var gap = last.At!.Value.ToInstant() - s.ToInstant();
        return gap > TimeSpan.Zero && gap <= TimeSpan.FromDays(7) && !FollowUp().IsMatch(last.Text) ? last : null;
    }

    [GeneratedRegex(@"\b(post-?mortem|retro(spective)?|review (meeting|held|published)|coe\b|pir\b|debrief|follow-?up)", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUp();

    /// <summary>
    /// "A seller reported a missing listing through support at 17:05", "nobody noticed until a partner emailed us at 07:30",
    /// "was first noticed at 10:19": a detection verb and, a few words on, "at" a time.
    /// </summary>
    [GeneratedRegex(@"\b(noticed|spotted|reported|emailed|called|escalated|raised|flagged|alarm(ed)?|fired)\b[^.;\n]{0,50}?\bat\s+(?=\d)", RegexOptions.IgnoreCase)]
    private static partial Regex ProseNoticed();

    /// <summary>"no alert", "without paging", "not detected": a timeline entry that says nobody was told.</summary>
    [GeneratedRegex(@"\b(no|without|not|never|nobody|none)\b\W+(\w+\W+)?(alert(ed|s)?|alarm(ed|s)?|paged?|paging|detected|noticed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotDetected();

    /// <summary>The first full date in the summary or the opening prose: the incident's day when nothing else says it.</summary>
    private static DateOnly? OpeningDate(List<RawSection> sections)
    {
        foreach (var section in sections.Where(s => s.Field is SectionField.Summary or SectionField.Impact || s.Heading.Length == 0))
            foreach (var p in section.Blocks.OfType<ParagraphBlock>())
                if (DateTimeText.FindFirst(Opening(p.Text, 600))?.Date is { } d) return d;
        return null;
    }

    /// <summary>
    /// The people a list names: "A, B and C", "A; B", and the same in the languages write-ups use ("Nerea Olaizola y
    /// Joaquín Sanz", "Camille Roussel et Yanis Benali", "A und B").
    /// </summary>
    private static IEnumerable<string> SplitPeople(string value) =>
        // "@mkaur": a mention names the person by their handle, without the "@".
        SplitList(value).SelectMany(v => PeopleJoiners().Split(v)).Select(v => v.Trim().TrimStart('@').Trim()).Where(v => v.Length > 0);

    [GeneratedRegex(@"\s+(?:y|e|et|und|en|og|och|i)\s+(?=\p{Lu})")]
    private static partial Regex PeopleJoiners();

    /// <summary>
    /// Dates a document states but hardly meant: a year before 1970 (a typo like 0205, or a genuinely old write-up), an
    /// incident time after the import day, or any date more than a year after it, is kept as written and flagged, so
    /// the reader can check it. Due dates and the postmortem date may lie ahead (a planned review), within a year.
    /// </summary>
    internal static IEnumerable<Diagnostic> DateSanity(Postmortem p, DateOnly? importedOn)
    {
        var stated = new List<(string What, DateOnly Date, bool MayBeAhead)>();
        foreach (var (what, at) in new[] { ("incident start", p.IncidentStart), ("detected time", p.DetectedAt), ("mitigated time", p.MitigatedAt), ("resolved time", p.ResolvedAt) })
            if (at is { } t) stated.Add((what, t.Date, false));
        if (p.PostmortemDate is { } pd) stated.Add(("postmortem date", pd, true));
        foreach (var entry in p.Timeline)
            if (entry.At is { } t) stated.Add(($"timeline entry '{Shorten(entry.Text)}'", t.Date, false));
        foreach (var item in p.ActionItems)
            if (item.Due is { } due) stated.Add(($"due date of '{Shorten(item.Text)}'", due, true));
        foreach (var (what, date, mayBeAhead) in stated)
        {
            if (date.Year < 1970)
                yield return new Diagnostic(DiagnosticSeverity.Warning, $"the {what} is in the year {date.Year} (before 1970): kept as written; check for a typo");
            else if (importedOn is { } today && !mayBeAhead && date > today)
                yield return new Diagnostic(DiagnosticSeverity.Warning, $"the {what} ({date:yyyy-MM-dd}) is after the day it was imported: kept as written; check for a typo");
            else if (importedOn is { } day && date > day.AddYears(1))
                yield return new Diagnostic(DiagnosticSeverity.Warning, $"the {what} ({date:yyyy-MM-dd}) is more than a year after the day it was imported: kept as written; check for a typo");
        }
    }
}
