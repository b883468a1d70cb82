using System.Globalization;
using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Reads dates and times as postmortems write them: ISO-8601, "Mar 5, 2025 2:30 PM PST", "5 March 2025",
/// "03/05/2025", "14:02 UTC", "2017-03-24 at 8:00AM PST". Zone abbreviations are fixed offsets; a time without
/// a zone stays unzoned (never shifted).
/// </summary>
internal static partial class DateTimeText
{
    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Z"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["UCT"] = TimeSpan.Zero,
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7), ["PT"] = TimeSpan.FromHours(-8),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4), ["ET"] = TimeSpan.FromHours(-5),
        ["BST"] = TimeSpan.FromHours(1), ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2),
        ["WET"] = TimeSpan.Zero, ["WEST"] = TimeSpan.FromHours(1), ["EET"] = TimeSpan.FromHours(2), ["EEST"] = TimeSpan.FromHours(3),
        ["IST"] = new TimeSpan(5, 30, 0), ["JST"] = TimeSpan.FromHours(9), ["KST"] = TimeSpan.FromHours(9),
        ["MEZ"] = TimeSpan.FromHours(1), ["MESZ"] = TimeSpan.FromHours(2),
        ["SGT"] = TimeSpan.FromHours(8), ["HKT"] = TimeSpan.FromHours(8),
        ["AEST"] = TimeSpan.FromHours(10), ["AEDT"] = TimeSpan.FromHours(11), ["NZST"] = TimeSpan.FromHours(12),
    };

    private const string ZoneNames = "UTC|GMT|UCT|PST|PDT|PT|MST|MDT|CST|CDT|EST|EDT|ET|BST|CET|CEST|WET|WEST|EET|EEST|IST|JST|KST|SGT|HKT|AEST|AEDT|NZST";
    private const string ZonePattern = @"(?<zone>Z\b|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}\b|\(?(?:" + ZoneNames + @")\)?\b)";
    // "14:02", "2:30 PM", "14h20" (French), and "1405Z" / "0920 CET" — four digits only when a zone follows, so "2025" and "1234 rows" stay numbers.
    private const string TimePattern =
        @"(?:(?<h>\d{1,2})(?::(?<mi>\d{2})(?::(?<s>\d{2})(?:\.\d+)?)?|(?=\s?[ap]\.?m\b))\s?(?<ampm>[ap]\.?m\.?\b)?" +
        @"|(?<h>\d{1,2})h(?<mi>\d{2})\b" +
        @"|(?<h>[01]\d|2[0-3])(?<mi>[0-5]\d)(?=\s?(?:Z\b|(?:" + ZoneNames + @")\b)))";
    // English, then the French, Spanish and German names write-ups use ("17 février 2026", "3 de julio de 2024", "3. Juli 2024").
    private const string MonthPattern = @"(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?" +
        @"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre" +
        @"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?tiembre|septiembre|octubre|noviembre|diciembre" +
        @"|januar|februar|m[äa]rz|juni|juli|oktober|dezember)\.?";
    private const string DatePattern =
        @"(?:(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})" +
        @"|" + MonthPattern + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})" +
        @"|(?<d>\d{1,2})(?:st|nd|rd|th|\.)?(?:\s+(?:of\s+|de\s+)?|-)" + MonthPattern + @"(?:,?\s+(?:de\s+|del\s+)?|-)(?<y>\d{4})" +
        // 03/04/2025: month or day first; FromGroups decides.
        @"|(?<a>\d{1,2})/(?<b>\d{1,2})/(?<y>\d{4}|\d{2})(?!\d)" +
        // 30.01.2025: the dotted form is day-first wherever it is written.
        @"|(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?!\d)" +
        // "Mar 4 14:02", "4 Mar 14:02": no year, so only with a time after it (else "May 3 engineers" would be a date).
        @"|" + MonthPattern + @"\s+(?<pd>\d{1,2})(?:st|nd|rd|th)?(?=,?\s+(?:at\s+)?\d{1,2}[:h]\d{2})" +
        @"|(?<pd>\d{1,2})(?:st|nd|rd|th)?\s+" + MonthPattern + @"(?=,?\s+(?:at\s+)?\d{1,2}[:h]\d{2}))";

    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>A date and/or time at the very start of <paramref name="text"/>.</summary>
    [GeneratedRegex(@"^\s*(?:(?:~|≈|ca\.|approx\.?|approximately|around)\s*)?(?:(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?" + DatePattern + @"(?:(?:,?\s+at\s+|\s*[T,@]\s*|\s+|\s*-\s*(?=\d{1,2}:))" + TimePattern + @")?|" + TimePattern + @")(?:\s*" + ZonePattern + @")?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Leading();

    /// <summary>A date anywhere in the text (used for values like "Tuesday, 4 March 2025 (approx.)").</summary>
    [GeneratedRegex(DatePattern + @"(?:(?:,?\s+at\s+|\s*[T,@]\s*|\s+)" + TimePattern + @")?(?:\s*" + ZonePattern + @")?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anywhere();

    // "All times in UTC", "(times in UTC)", "(all times UTC+02:00)", "(alle Zeiten MEZ)": only real zone names, so "all times in the log" is not a zone.
    // Also "All times are Eastern Standard Time (EST, UTC−5)": a spelled-out zone name before the abbreviation in brackets.
    [GeneratedRegex(@"(?:\ball times|\(times|^times|alle zeiten|\(zeiten|toutes les heures|todas las horas)(?: are| in| en| sind)?(?: (?:in|shown in|given in|listed in))?\s*(?:(?:[a-z]+ ){1,4}time\s*)?\(?(?<zone>(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|(?:" + ZoneNames + @"|MEZ|MESZ)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AllTimesIn();

    public sealed record Match(DateOnly? Date, TimeOnly? Time, TimeSpan? Zone, int Length)
    {
        /// <summary>"04/03/2025": both readings are dates; the one taken is the document's preference (month first unless it writes day-first elsewhere).</summary>
        public bool Ambiguous { get; init; }

        /// <summary>"Mar 4 14:02": a day without a year, placed in the year of the date around it.</summary>
        public (int Month, int Day)? MonthDay { get; init; }

        /// <summary>The date written, or the month and day written placed in the year of <paramref name="context"/>.</summary>
        public DateOnly? DateIn(DateOnly? context)
        {
            if (Date is not null || MonthDay is not { } md || context is not { } c) return Date;
            // A timeline that runs from 31 December into "Jan 1" is in the next year.
            var year = c.Month == 12 && md.Month == 1 ? c.Year + 1 : c.Year;
            return md.Day <= DateTime.DaysInMonth(year, md.Month) ? new DateOnly(year, md.Month, md.Day) : null;
        }
    }

    /// <summary>
    /// Whether ambiguous slash dates read day-first, for the extraction under way: a document that writes "30/01/2025"
    /// somewhere means "04/03/2025" as 4 March. Set by <see cref="PreferDayFirst"/> for one extraction.
    /// </summary>
    [ThreadStatic]
    private static bool t_dayFirst;

    /// <summary>Reads ambiguous slash dates day-first until the returned scope is disposed.</summary>
    public static IDisposable PreferDayFirst(bool dayFirst)
    {
        var previous = t_dayFirst;
        t_dayFirst = dayFirst;
        return new Restore(() => t_dayFirst = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Whether the text writes slash dates day-first: more dates whose first number cannot be a month than whose second cannot.</summary>
    public static bool WritesDayFirst(string text)
    {
        // "Dates in this report use the DD/MM/YYYY format": the document says so.
        var stated = StatedDateOrder().Match(text);
        if (stated.Success) return stated.Value[0] is 'd' or 'D';
        int dayFirst = 0, monthFirst = 0;
        foreach (System.Text.RegularExpressions.Match m in SlashDate().Matches(text))
        {
            var a = int.Parse(m.Groups["a"].ValueSpan, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
            if (a > 12 && b <= 12) dayFirst++;
            else if (b > 12 && a <= 12) monthFirst++;
        }
        return dayFirst > monthFirst;
    }

    [GeneratedRegex(@"(?<!\d)(?<a>\d{1,2})/(?<b>\d{1,2})/(?:\d{4}|\d{2})(?!\d)")]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"\b(?:dd/mm|mm/dd)/yy(?:yy)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatedDateOrder();

    /// <summary>Reads a date/time at the start of a line; <c>null</c> when the line does not start with one.</summary>
    public static Match? ReadLeading(string text)
    {
        var m = Leading().Match(text);
        if (!m.Success || m.Length == 0) return null;
        var result = FromGroups(m);
        if (result is null) return null;
        // "2 servers failed" is not a time: a bare number needs am/pm or minutes.
        if (result.Date is null && result.MonthDay is null && !m.Groups["mi"].Success && !m.Groups["ampm"].Success) return null;
        return result with { Length = m.Index + m.Length };
    }

    /// <summary>
    /// The zone a bracket names: "Timeline (IST, UTC+05:30)", "(all times US Eastern, UTC-05:00)", "(BST)". An explicit
    /// offset wins over an abbreviation, which is only a fixed-offset guess.
    /// </summary>
    public static TimeSpan? ZoneInParentheses(string text)
    {
        foreach (System.Text.RegularExpressions.Match group in Bracketed().Matches(text))
        {
            var inside = group.Groups[1].Value;
            if (ExplicitOffset().Match(inside) is { Success: true } offset && ParseZone(offset.Value) is { } z) return z;
            foreach (var word in inside.Split([' ', ',', ';', '/'], StringSplitOptions.RemoveEmptyEntries))
                if (word.Length >= 2 && word.All(char.IsUpper) && Zones.TryGetValue(word, out var known)) return known;
        }
        return null;
    }

    [GeneratedRegex(@"\(([^()]{1,80})\)")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();

    /// <summary>A line that is a date and nothing else ("Tuesday 2 September 2025", "2025-09-03:"): a date heading of a timeline, never a section.</summary>
    public static bool IsDateLine(string text)
    {
        var trimmed = text.Trim().TrimEnd(':', '.', ' ').Trim('*', '_');
        return trimmed.Length > 0 && ReadLeading(trimmed) is { Date: not null } m && m.Length >= trimmed.Length;
    }

    /// <summary>The first date/time found anywhere in the text.</summary>
    public static Match? FindFirst(string text)
    {
        var m = Anywhere().Match(text);
        return m.Success ? FromGroups(m) : ReadLeading(text);
    }

    public static TimeSpan? ZoneOf(string text) => ParseZone(text.Trim());

    /// <summary>The zone a document states for all its times ("All times in UTC").</summary>
    /// <summary>A zone in brackets right after a time or date: " (UTC+01:00)", " (CEST)"; null otherwise.</summary>
    public static TimeSpan? BracketedZone(string text)
    {
        var m = LeadingBracketZone().Match(text);
        return m.Success ? ParseZone(m.Groups["zone"].Value) : null;
    }

    [GeneratedRegex(@"^\s*\((?<zone>(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|(?:" + ZoneNames + @"|MEZ|MESZ)\b)\)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingBracketZone();

    public static TimeSpan? StatedZone(string text)
    {
        var m = AllTimesIn().Match(text);
        return m.Success ? ParseZone(m.Groups["zone"].Value) : null;
    }

    /// <summary>A whole value as a timestamp ("2025-03-04 14:02 UTC"), with a date to assume for time-only values.</summary>
    public static bool TryParseTimestamp(string text, DateOnly? contextDate, TimeSpan? defaultZone, out Timestamp value)
    {
        value = default;
        if (Timestamp.TryParse(text, out var iso) && IsoLike().IsMatch(text.Trim()))
        {
            if (!iso.HasZone && defaultZone is { } dz && !Representable(iso.Local, dz)) return false;
            value = iso.HasZone || defaultZone is null ? iso : new Timestamp(iso.Local, defaultZone);
            return true;
        }
        var m = FindFirst(text);
        if (m is null) return false;
        return ToTimestamp(m, contextDate, defaultZone, out value);
    }

    public static bool ToTimestamp(Match m, DateOnly? contextDate, TimeSpan? defaultZone, out Timestamp value)
    {
        value = default;
        var date = m.DateIn(contextDate) ?? contextDate;
        if (date is null) return false;
        var local = date.Value.ToDateTime(m.Time ?? TimeOnly.MinValue, DateTimeKind.Unspecified);
        var zone = m.Zone ?? defaultZone;
        if (zone is { } offset && !Representable(local, offset)) return false;
        value = zone is { } z ? new Timestamp(local, z) : Timestamp.Unzoned(local);
        return true;
    }

    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = FindFirst(text);
        if (m?.Date is not { } d) return false;
        date = d;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoLike();

    private static Match? FromGroups(System.Text.RegularExpressions.Match m)
    {
        DateOnly? date = null;
        (int, int)? monthDay = null;
        var ambiguous = false;
        if (m.Groups["y"].Success)
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            // "03/04/25": two digits are this century; "0001" written with four is the year 1, kept as written.
            if (m.Groups["y"].Value.Length <= 2) year += 2000;
            int month, day;
            if (m.Groups["a"].Success)
            {
                var a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
                var b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
                var dayFirst = a > 12 || (b <= 12 && t_dayFirst);
                ambiguous = a <= 12 && b <= 12 && a != b;
                (month, day) = dayFirst ? (b, a) : (a, b);
            }
            else
            {
                month = m.Groups["mon"].Success ? MonthOf(m.Groups["mon"].Value) : int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
                day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            }
            // Any four-digit year is kept as written ("0205", "1628"): the extractor flags years before 1970 or after the import.
            if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            date = new DateOnly(year, month, day);
        }
        else if (m.Groups["pd"].Success)
        {
            var day = int.Parse(m.Groups["pd"].Value, CultureInfo.InvariantCulture);
            if (day is < 1 or > 31) return null;
            monthDay = (MonthOf(m.Groups["mon"].Value), day);
        }
        TimeOnly? time = null;
        if (m.Groups["h"].Success)
        {
            var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = m.Groups["mi"].Success ? int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
            var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (m.Groups["ampm"].Success)
            {
                var pm = char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p';
                if (hour is < 1 or > 12) return null;
                hour = hour % 12 + (pm ? 12 : 0);
            }
            if (hour > 23 || minute > 59 || second > 59) return null;
            time = new TimeOnly(hour, minute, second);
        }
        if (date is null && time is null) return null;
        var zone = m.Groups["zone"].Success ? ParseZone(m.Groups["zone"].Value) : null;
        return new Match(date, time, zone, m.Length) { Ambiguous = ambiguous, MonthDay = monthDay };
    }

    private static int MonthOf(string name)
    {
        var n = name.TrimEnd('.').ToLowerInvariant();
        return OtherMonthNames.TryGetValue(n, out var month) ? month : Array.IndexOf(MonthNames, n[..3]) + 1;
    }

    /// <summary>Names whose first three letters are not the English abbreviation (or are another month's).</summary>
    private static readonly Dictionary<string, int> OtherMonthNames = new(StringComparer.Ordinal)
    {
        ["janvier"] = 1, ["février"] = 2, ["fevrier"] = 2, ["avril"] = 4, ["mai"] = 5, ["juin"] = 6, ["juillet"] = 7, ["août"] = 8, ["aout"] = 8,
        ["décembre"] = 12, ["enero"] = 1, ["abril"] = 4, ["agosto"] = 8, ["setiembre"] = 9, ["diciembre"] = 12,
        ["märz"] = 3, ["juni"] = 6, ["juli"] = 7, ["oktober"] = 10, ["dezember"] = 12,
    };

    /// <summary>
    /// "… to 11:37 Eastern on September 21": a US zone written by its region name, whose offset depends on the date
    /// (daylight time from the second Sunday of March to the first Sunday of November).
    /// </summary>
    public static TimeSpan? UsZoneName(string textAfterTime, DateOnly date)
    {
        var m = UsRegion().Match(textAfterTime);
        if (!m.Success) return null;
        var standard = m.Groups[1].Value.ToLowerInvariant() switch { "eastern" => -5, "central" => -6, "mountain" => -7, _ => -8 };
        var marchSecondSunday = new DateOnly(date.Year, 3, 1).AddDays((7 - (int)new DateOnly(date.Year, 3, 1).DayOfWeek) % 7 + 7);
        var novemberFirstSunday = new DateOnly(date.Year, 11, 1).AddDays((7 - (int)new DateOnly(date.Year, 11, 1).DayOfWeek) % 7);
        var daylight = date >= marchSecondSunday && date < novemberFirstSunday;
        return TimeSpan.FromHours(standard + (daylight ? 1 : 0));
    }

    [GeneratedRegex(@"^\s*(?:US\s+)?(Eastern|Central|Mountain|Pacific)\b(?!\s+(?:Standard|Daylight))", RegexOptions.IgnoreCase)]
    private static partial Regex UsRegion();

    /// <summary>A value that names a date, time and offset that together are no instant ("0001-01-01T00:00:00+14:00").</summary>
    public static bool Unrepresentable(string text) =>
        FindFirst(text) is { Date: { } d, Zone: { } z } m && !Representable(d.ToDateTime(m.Time ?? TimeOnly.MinValue), z);

    /// <summary>
    /// Whether a local time can be an instant with its offset: "0001-01-01T00:00:00+14:00" is before the first instant a
    /// date-time can hold. Such a time is rejected, never kept with its zone dropped.
    /// </summary>
    public static bool Representable(DateTime local, TimeSpan offset)
    {
        var ticks = local.Ticks - offset.Ticks;
        return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks;
    }

    private static TimeSpan? ParseZone(string zone)
    {
        var z = zone.Trim().Trim('(', ')').Replace(" ", "", StringComparison.Ordinal).Replace('−', '-');
        if (Zones.TryGetValue(z, out var known)) return known;
        var m = OffsetZone().Match(z);
        if (!m.Success) return null;
        var sign = m.Groups["sign"].Value == "-" ? -1 : 1;
        var hours = int.Parse(m.Groups["hh"].Value, CultureInfo.InvariantCulture);
        var minutes = m.Groups["mm"].Success ? int.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59) return null;
        return sign * new TimeSpan(hours, minutes, 0);
    }

    [GeneratedRegex(@"^(?:UTC|GMT)?(?<sign>[+-])(?<hh>\d{1,2}):?(?<mm>\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetZone();

    /// <summary>"2h 15m", "135 minutes", "1:30", "2 hours 5 minutes", "1.5 hours", "PT2H15M".</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.StartsWith("pt", StringComparison.Ordinal) || t.StartsWith('p'))
        {
            try { return System.Xml.XmlConvert.ToTimeSpan(text.Trim().ToUpperInvariant()); }
            catch (FormatException) { }
        }
        var hm = ClockDuration().Match(t);
        if (hm.Success)
            return new TimeSpan(int.Parse(hm.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(hm.Groups[2].Value, CultureInfo.InvariantCulture), 0);
        double total = 0;
        var any = false;
        foreach (System.Text.RegularExpressions.Match part in DurationPart().Matches(t))
        {
            var n = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = part.Groups["u"].Value;
            total += unit[0] switch
            {
                'd' => n * 1440,
                'h' => n * 60,
                's' => n / 60,
                _ => n,
            };
            any = true;
        }
        return any ? TimeSpan.FromMinutes(Math.Round(total, 2)) : null;
    }

    [GeneratedRegex(@"^(\d{1,3}):(\d{2})$")]
    private static partial Regex ClockDuration();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?<u>days?|d\b|hours?|hrs?|h\b|minutes?|mins?|m\b|seconds?|secs?|s\b)")]
    private static partial Regex DurationPart();
}
