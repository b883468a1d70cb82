using System.Globalization;

namespace PostmortemSearch.Core.Schema;

/// <summary>
/// A period written as the search language writes dates: yyyy-mm-dd, yyyy-mm, yyyy or yyyyQ1..Q4. The dashboards'
/// from/to take any of them: from is the period's first day, to its last (so <c>--from 2025Q1 --to 2025Q2</c> is the half-year).
/// </summary>
public static class PeriodText
{
    public const string Forms = "a date like 2025-03-31, a month like 2025-03, a year like 2025 or a quarter like 2025Q1";

    /// <summary>The first and last day of <paramref name="text"/>; false when it is none of the forms.</summary>
    public static bool TryParse(string text, out DateOnly first, out DateOnly last)
    {
        ArgumentNullException.ThrowIfNull(text);
        var v = text.Trim();
        first = last = default;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            first = last = day;
            return true;
        }
        if (DateOnly.TryParseExact(v, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            return Span(month, 1, out first, out last);
        if (v.Length == 4 && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1 and <= 9999)
            return Span(new DateOnly(year, 1, 1), 12, out first, out last);
        if (v.Length == 6 && v[4] is 'Q' or 'q' && v[5] is >= '1' and <= '4'
            && int.TryParse(v.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var qy) && qy is >= 1 and <= 9999)
            return Span(new DateOnly(qy, (v[5] - '1') * 3 + 1, 1), 3, out first, out last);
        return false;
    }

    /// <summary>The day a from (<paramref name="end"/> false) or to (true) bound names, or null when <paramref name="text"/> is no period.</summary>
    public static DateOnly? Bound(string text, bool end) =>
        TryParse(text, out var first, out var last) ? end ? last : first : null;

    /// <summary>From the first day of <paramref name="start"/>'s month to the last day of the month <paramref name="months"/> − 1 later (9999-12 included: no day after it is computed).</summary>
    private static bool Span(DateOnly start, int months, out DateOnly first, out DateOnly last)
    {
        first = start;
        var endMonth = start.Month + months - 1;
        last = new DateOnly(start.Year, endMonth, DateTime.DaysInMonth(start.Year, endMonth));
        return true;
    }
}
