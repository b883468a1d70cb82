using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Server;

/// <summary>
/// Collects what is wrong with a request's parameters (query values are bound as strings and parsed here, so a bad
/// value is a 400 problem naming the parameter, never a binding exception).
/// </summary>
internal sealed partial class RequestErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string parameter, string message) =>
        _errors[parameter] = _errors.TryGetValue(parameter, out var existing) ? [.. existing, message] : [message];

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors, detail: string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), title: "Invalid request");

    public int Int(string? text, string parameter, int min, int max, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Add(parameter, $"must be a whole number from {min} to {max}");
        return fallback;
    }

    /// <summary>A from (<paramref name="end"/> false) or to bound: a date, month, year or quarter (<see cref="PeriodText"/>).</summary>
    public DateOnly? Bound(string? text, string parameter, bool end)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (PeriodText.Bound(text, end) is { } day) return day;
        Add(parameter, "must be " + PeriodText.Forms);
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or null when absent.</summary>
    public string? OneOf(string? text, string parameter, params string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var match = allowed.FirstOrDefault(a => a.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null) Add(parameter, $"must be one of {string.Join(", ", allowed)}");
        return match;
    }

    /// <summary>A free-text parameter, bounded in length.</summary>
    public string? Text(string? text, string parameter, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length <= maxLength) return text.Trim();
        Add(parameter, $"must be at most {maxLength} characters");
        return null;
    }

    /// <summary>Ids are what importers produce (<c>pm-</c> + hex) or what a JSON-lines export carried: short, no spaces or markup.</summary>
    public static bool IsPlausibleId(string id) => Core.Schema.PostmortemIds.IsValid(id);

    /// <summary>A quarter like <c>2025Q3</c> (also <c>2025-Q3</c>, lower case q); null when malformed.</summary>
    public static (int Year, int Quarter)? ParseQuarter(string? text)
    {
        if (text is null) return null;
        var m = QuarterPattern().Match(text.Trim());
        if (!m.Success) return null;
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return year is >= 1970 and <= 2200 ? (year, m.Groups[2].Value[0] - '0') : null;
    }

    [GeneratedRegex(@"^(\d{4})-?[Qq]([1-4])$")]
    private static partial Regex QuarterPattern();
}
