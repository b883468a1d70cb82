using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Timeline entries from tables (a time column and an event column) and from lines such as
/// <c>2025-03-04 14:02 UTC – text</c> or <c>14:02 text</c> under a date heading. Times keep the zone
/// they were written with, or the zone the document states for all its times; others stay unzoned.
/// </summary>
internal static partial class TimelineExtractor
{
    public sealed class Context
    {
        public DateOnly? Date { get; set; }
        public TimeSpan? StatedZone { get; set; }
        public int Unzoned { get; set; }
        public int Undated { get; set; }
        public int Ambiguous { get; set; }
        /// <summary>The time of the previous entry written without a date, to notice a timeline crossing midnight.</summary>
        public TimeOnly? LastTime { get; set; }
    }

    public static List<TimelineEntry> FromBlocks(IEnumerable<Block> blocks, Context context)
    {
        var entries = new List<TimelineEntry>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    SetDate(h.Text, context);
                    break;
                case ParagraphBlock p:
                    foreach (var line in p.Text.Split('\n'))
                        AddLine(line, context, entries, allowDateOnly: true);
                    break;
                case ListBlock list:
                    foreach (var item in list.Items)
                        AddLine(item.Text, context, entries, allowDateOnly: true);
                    break;
                case TableBlock table:
                    entries.AddRange(FromTable(table, context));
                    break;
                case CodeBlock code:
                    foreach (var line in code.Text.Split('\n'))
                        AddLine(line, context, entries, allowDateOnly: false);
                    break;
            }
        }
        return entries;
    }

    /// <summary>A heading or bold line that is just a date ("Tuesday, March 4 2025") sets the date of the times after it.</summary>
    public static bool SetDate(string text, Context context)
    {
        // "6–7 May 2025" / "May 6–7, 2025": a timeline over two days starts on the first (midnight moves it on).
        var line = DayRange().Replace(Strip(text), "${first}${tail}");
        var m = DateTimeText.ReadLeading(line);
        if (m?.Date is null || m.Time is not null) return false;
        var rest = line[m.Length..].Trim().TrimStart(',', ';').Trim();
        // "…, all times UTC+01:00." says the zone, as "(all times UTC+01:00)" does.
        if (rest.Length > 12 && !(rest.StartsWith('(') && rest.EndsWith(')')) && !(rest.Length <= 40 && DateTimeText.StatedZone(rest) is not null)) return false;
        context.Date = m.Date;
        context.LastTime = null;
        // "2025-05-13 (all times UTC+02:00)": the times under this date are in that zone.
        if (DateTimeText.StatedZone(rest) is { } zone) context.StatedZone = zone;
        return true;
    }

    private static void AddLine(string raw, Context context, List<TimelineEntry> entries, bool allowDateOnly)
    {
        var line = Strip(raw);
        if (line.Length == 0) return;
        // A line that is only a date (or a day range, perhaps with its zone) dates the times after it, as a heading does.
        if (allowDateOnly && SetDate(raw, context)) return;
        var m = DateTimeText.ReadLeading(line);
        if (m is null) return;
        var rest = Separator().Replace(line[m.Length..], "").Trim();
        if (m.Time is null)
        {
            if (rest.Length < 3 || (rest.StartsWith('(') && rest.EndsWith(')')))
            {
                // A date line starts a new day: the times after it are not compared with the last day's for midnight roll-over.
                if (allowDateOnly) (context.Date, context.LastTime) = (m.Date, null);
                return;
            }
        }
        if (rest.Length == 0) return;
        entries.Add(Entry(m, line[..m.Length].Trim(), rest, context));
    }

    private static TimelineEntry Entry(DateTimeText.Match m, string atText, string text, Context context)
    {
        if (m.Ambiguous) context.Ambiguous++;
        if (m.DateIn(context.Date) is { } d) { context.Date = d; context.LastTime = null; }
        else if (m.Time is { } t && context.Date is { } day)
        {
            // "23:40 … 23:55 … 00:20" under one date: the 00:20 is the next day, or it would read as the start of the incident.
            if (context.LastTime is { } last && last.ToTimeSpan() - t.ToTimeSpan() > TimeSpan.FromHours(12)) context.Date = day.AddDays(1);
            context.LastTime = t;
        }
        if (m.Zone is null && context.StatedZone is null && m.Time is not null) context.Unzoned++;
        if (DateTimeText.ToTimestamp(m, context.Date, context.StatedZone, out var at))
            return new TimelineEntry(at, atText, text);
        context.Undated++;
        return new TimelineEntry(null, atText, text);
    }

    public static IEnumerable<TimelineEntry> FromTable(TableBlock table, Context context)
    {
        if (table.Rows.Count == 0) yield break;
        var header = table.Rows[0];
        var dateCol = header.ToList().FindIndex(h => DateHeader().IsMatch(h.Trim()));
        var timeCol = header.ToList().FindIndex(h => TimeHeader().IsMatch(h.Trim()) && !DateHeader().IsMatch(h.Trim()));
        var hasHeader = timeCol >= 0 || dateCol >= 0 || table.HeaderRows > 0;
        var body = table.Rows.Skip(hasHeader ? Math.Max(1, table.HeaderRows) : 0).ToList();
        if (timeCol < 0 && dateCol < 0)
        {
            // No header names the time: the first column whose cells mostly read as times.
            var width = table.Rows.Max(r => r.Count);
            timeCol = Enumerable.Range(0, width).FirstOrDefault(c => body.Count(r => c < r.Count && DateTimeText.ReadLeading(r[c]) is not null) * 2 > body.Count, -1);
            if (timeCol < 0) yield break;
        }
        if (timeCol < 0) { timeCol = dateCol; dateCol = -1; }
        // "Time (UTC)": the header states the zone of the column.
        var headerZone = hasHeader && timeCol < header.Count ? HeaderZone().Match(header[timeCol]) is { Success: true } hz ? DateTimeText.ZoneOf(hz.Groups[1].Value) : null : null;
        if (headerZone is not null) context = new Context { Date = context.Date, StatedZone = headerZone };
        var eventCols = Enumerable.Range(0, header.Count).Where(c => c != timeCol && c != dateCol).ToList();
        var preferred = eventCols.Where(c => EventHeader().IsMatch(header[c].Trim())).ToList();
        if (preferred.Count > 0 && hasHeader) eventCols = preferred;
        foreach (var row in body)
        {
            if (timeCol >= row.Count) continue;
            if (dateCol >= 0 && dateCol < row.Count) SetDate(row[dateCol], context);
            var cell = Strip(row[timeCol]);
            var m = DateTimeText.ReadLeading(cell);
            var text = string.Join(" — ", eventCols.Where(c => c < row.Count && row[c].Trim().Length > 0).Select(c => row[c].Trim()));
            if (m is null)
            {
                if (text.Length > 0 && cell.Length > 0) { context.Undated++; yield return new TimelineEntry(null, cell, text); }
                continue;
            }
            var tail = cell[m.Length..].Trim();
            if (tail.Length > 0 && !ZoneOnly().IsMatch(tail)) text = text.Length > 0 ? tail + " — " + text : tail;
            if (text.Length == 0) continue;
            yield return Entry(m, cell[..m.Length].Trim(), text, context);
        }
    }

    /// <summary>Whether a table is a timeline wherever it stands (a time/when column and another column).</summary>
    public static bool IsTimelineTable(TableBlock table) =>
        table.Rows.Count >= 2 && table.Rows[0].Count >= 2 && table.Rows[0].Any(h => TimeHeader().IsMatch(h.Trim()))
        && table.Rows[0].Any(h => EventHeader().IsMatch(h.Trim()));

    private static string Strip(string text) => LeadingMarks().Replace(text.Trim(), "").Replace("**", "", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"^([\-*•·–—>]+\s*|\[|\()")]
    private static partial Regex LeadingMarks();

    [GeneratedRegex(@"^(?<first>\d{1,2})\s*[–—-]\s*\d{1,2}(?<tail>\s+\p{L}{3,9},?\s+\d{4})|^(?<first>\p{L}{3,9}\s+\d{1,2})\s*[–—-]\s*\d{1,2}(?<tail>,?\s+\d{4})", RegexOptions.CultureInvariant)]
    private static partial Regex DayRange();

    /// <summary>What stands between the time and the text: a dash or colon, or the end of a range ("09:31–09:40 rollback" keeps 09:31 and "rollback").</summary>
    [GeneratedRegex(@"^\s*[\]\)]?\s*(?:(?:[-–—]|\bto\b|\buntil\b)\s*\d{1,2}(?::\d{2}|h\d{2})(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:UTC|GMT|Z|[A-Z]{2,4}T)\)?)?\s*[-–—:|]*|[-–—:|>~]+)?\s*")]
    private static partial Regex Separator();

    /// <summary>A time column's header, with or without the zone it states ("Timestamp (UTC)", "Date / Time (PDT)").</summary>
    [GeneratedRegex(@"^(time|times|timestamp|time ?stamp|when|date ?/ ?time|date ?& ?time|date and time|datetime|time \w{1,5}|utc|at|hh:mm|clock|date|local time)(\s*\([^)]{1,12}\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeHeader();

    [GeneratedRegex(@"^(date|day)$", RegexOptions.IgnoreCase)]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"^(event|events|description|what happened|what|action|actions|activity|details|detail|note|notes|update|entry|summary|comment|message|milestone|observation|step|log|narrative|occurrence|change)", RegexOptions.IgnoreCase)]
    private static partial Regex EventHeader();

    [GeneratedRegex(@"\(\s*([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\s*\)")]
    private static partial Regex HeaderZone();

    [GeneratedRegex(@"^\(?[A-Z]{1,5}\)?$")]
    private static partial Regex ZoneOnly();
}
